"""Disruption measured on the operation, not on the crowd around it: two smuggling
organisations joined by one broker, each surrounded by migrants it moves and strangers who
called one of its members once."""

from __future__ import annotations

import json

import pandas as pd

from app.graph import disruption, engine

ORG_A = [f"a{i}" for i in range(8)]  # a0 organises, a1-a7 work for a0 and with each other
ORG_B = [f"b{i}" for i in range(8)]
BROKER = "k"
STRONG, WEAK = 2.0, 1.0  # a payment or repeated calls; one call


def _organisation(staff: list[str]) -> list[tuple[str, str, float]]:
    boss, crew = staff[0], staff[1:]
    ties = [(boss, s, STRONG) for s in crew]
    return ties + [(crew[i], crew[(i + 1) % len(crew)], STRONG) for i in range(len(crew))]


def _two_organisations() -> tuple[engine.ActorNet, dict[str, int]]:
    migrants = [f"m{i}" for i in range(30)]
    strangers = [f"s{i}" for i in range(60)]
    ties = _organisation(ORG_A) + _organisation(ORG_B)
    ties += [(BROKER, x, STRONG) for x in ("a0", "a1", "b0", "b1")]
    # each migrant paid a recruiter of one organisation and was driven by the other:
    # substantive ties that hold the whole actor network together
    ties += [(m, ORG_A[1 + i % 7], STRONG) for i, m in enumerate(migrants)]
    ties += [(m, ORG_B[1 + i % 7], STRONG) for i, m in enumerate(migrants)]
    ties += [(s, (ORG_A + ORG_B)[i % 16], WEAK) for i, s in enumerate(strangers)]
    ties += [(s, (ORG_B + ORG_A)[(i * 3) % 16], WEAK) for i, s in enumerate(strangers)]
    names = ORG_A + ORG_B + [BROKER] + migrants + strangers
    ids = {n: i for i, n in enumerate(names, 1)}
    roles = {n: "migrant" for n in migrants} | {n: "recruiter" for n in ORG_A[1:] + ORG_B[1:]}
    nodes = pd.DataFrame(
        {
            "label": names,
            "type": ["phone" if n.startswith("s") else "person" for n in names],
            "phones": [[] for _ in names],
            "attrs": [json.dumps({"role": roles[n]} if n in roles else {}) for n in names],
        },
        index=[ids[n] for n in names],
    )
    edges = pd.DataFrame(
        [(ids[a], ids[b], w, 1, 0.0, "paid") for a, b, w in ties],
        columns=["src", "dst", "weight", "count", "amount", "types"],
    )
    return engine.build(nodes, edges), ids


def test_the_operational_network_leaves_out_migrants_and_one_call_strangers():
    net, ids = _two_organisations()
    _core, members = disruption.operational_network(net)
    assert sorted(members) == sorted(ids[n] for n in [*ORG_A, *ORG_B, BROKER])


def test_removing_the_broker_and_organisers_breaks_the_operation_and_random_removal_does_not():
    net, ids = _two_organisations()
    targets = [ids[n] for n in (BROKER, "a0", "b0")]
    result = disruption.disruption(net, {"key players": targets}, steps=3, random_runs=20)
    assert result["actors_in_core"] == 17
    targeted, random_mean = result["curves"]["key players"], result["curves"]["random (mean)"]
    assert targeted == [1.0, 0.4706, 0.4706, 0.4118]  # 8 of 17 on each side of the broker
    assert random_mean[-1] > 0.7  # random arrests mostly take a driver or a recruiter
    rows = {row[0]: row for row in result["table"]}
    assert rows["key players"][3] == 2 and rows["random (mean)"][3] < 2


def test_a_migrant_ranked_first_is_passed_over_for_the_next_actor():
    net, ids = _two_organisations()
    result = disruption.disruption(net, {"hubs": [ids["m0"], ids[BROKER]]}, steps=1)
    assert result["table"][0][:2] == ["hubs", 1]
    assert result["curves"]["hubs"] == [1.0, 0.4706]


def test_the_measure_falls_back_to_all_unprotected_actors_when_no_one_is_identified():
    net, _ids = _two_organisations()
    net.nodes["type"] = "phone"  # a case of bare numbers, carrier records only
    assert disruption.disruption(net, {}, steps=1)["actors_in_core"] == 17


def test_key_players_arrest_the_broker_first_and_the_result_names_them():
    net, ids = _two_organisations()
    players = disruption.key_players(net, 3)
    assert players[0] == ids[BROKER] and not {ids[f"m{i}"] for i in range(30)} & set(players)
    result = disruption.disruption(net, {"key players": players}, steps=3)
    assert [a["label"] for a in result["removed"]["key players"]][0] == BROKER
    assert result["curves"]["key players"][-1] < result["curves"]["random (mean)"][-1] - 0.3
