"""Ariadne scored against a scenario's planted truth: entity-resolution precision and recall,
and whether the analysis finds the organisers, the brokers, the organisations and the
corridors.  Figures for the README.

Every measure is reported for each scenario with and without the hiding tactics (SIM
rotation, nicknames, an Arabic address book, tower dumps): with them, also whether each
rotating organiser's SIMs came out as one actor and the pairwise precision of how numbers
were grouped into actors.

Run: ``.venv/bin/python bench/bench_ground_truth.py [small medium] [--tactics|--no-tactics]``
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from math import comb
from pathlib import Path

from app.analysis import analyze_case
from app.demo import import_scenario
from app.graph.resolution import DEFAULT_THRESHOLD, apply_above, merge_candidates
from app.graph.store import CaseStore
from app.scenario import generate_scenario


def truth_of_entities(case: CaseStore, truth: dict) -> dict[int, str]:
    """Original person entity -> planted actor, through the numbers and accounts it uses."""
    owner = {p: a["ref"] for a in truth["actors"] for p in a["phones"] + a["accounts"]}
    rows = case._query(
        "SELECT l.src, i.value FROM links l JOIN identifiers i ON i.entity_id = l.dst "
        "JOIN entities s ON s.id = l.src WHERE l.type = 'uses' AND s.type = 'person' "
        "AND i.kind IN ('phone', 'account')"
    )
    out: dict[int, str] = {}
    for person, value in rows:
        if value in owner:
            out.setdefault(int(person), owner[value])
    return out


def pairwise(case: CaseStore, mapping: dict[int, str]) -> tuple[float, float, int, int]:
    canon = dict(case._query("SELECT id, canonical FROM entities WHERE type = 'person'"))
    ids = sorted(mapping)
    by_truth = Counter(mapping[i] for i in ids)
    by_pred = Counter(canon[i] for i in ids)
    by_both = Counter((mapping[i], canon[i]) for i in ids)
    tp = sum(comb(n, 2) for n in by_both.values())
    true_pairs = sum(comb(n, 2) for n in by_truth.values())
    pred_pairs = sum(comb(n, 2) for n in by_pred.values())
    precision = tp / pred_pairs if pred_pairs else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    return precision, recall, true_pairs, len(ids)


def adjusted_rand(a: list, b: list) -> float:
    n = len(a)
    both = Counter(zip(a, b, strict=True))
    sum_both = sum(comb(v, 2) for v in both.values())
    sum_a = sum(comb(v, 2) for v in Counter(a).values())
    sum_b = sum(comb(v, 2) for v in Counter(b).values())
    expected = sum_a * sum_b / comb(n, 2) if n > 1 else 0
    top = (sum_a + sum_b) / 2
    return (sum_both - expected) / (top - expected) if top != expected else 1.0


def full_membership(case: CaseStore, seed: int = 7) -> dict[int, int]:
    """Every actor's community, as :func:`app.analysis.analyze_case` finds it (same network,
    method and seed): the result lists only each community's 50 best-ranked members, which
    on a large case would score the agreement on the best-ranked actors only."""
    from app.graph import communities, engine
    from app.graph.networks import actor_edges, actor_nodes

    membership, _ = communities.louvain(engine.build(actor_nodes(case), actor_edges(case)), seed=seed)
    return membership


def score_analysis(
    case: CaseStore, truth: dict, result: dict, membership: dict[int, int] | None = None
) -> dict:
    """Planted organisers and brokers among the top 10, the organisations' agreement with the
    communities (on ``membership`` if given, else on the members the result lists) and the
    corridors with a route cluster."""
    refs = truth_of_entities(case, truth)
    canon = dict(case._query("SELECT id, canonical FROM entities WHERE type = 'person'"))
    actor_of_canonical: dict[int, str] = {}
    for entity, ref in refs.items():
        actor_of_canonical.setdefault(canon[entity], ref)
    owner = {p: a["ref"] for a in truth["actors"] for p in a["phones"]}

    def planted(item: dict) -> str | None:
        """The planted actor behind a ranked item: through its records, or (for a phone
        nobody is known to use) through the number itself."""
        found = actor_of_canonical.get(int(item["id"]))
        return found or next((owner[p] for p in item["phones"] if p in owner), None)

    hubs10 = [planted(h) for h in result["hubs"][:10]]
    staff = {a["ref"] for a in truth["actors"] if a["role"] not in ("relative", "migrant")}
    brokers10 = [planted(b) for b in result["brokers"][:10]]
    organisers, brokers = set(truth["organisers"]), set(truth["brokers"])
    actors = {a["ref"]: a for a in truth["actors"]}
    members = {int(m["id"]): c["id"] for c in result["communities"] for m in c["members"]}
    full = membership if membership is not None else members
    labels_true, labels_pred = [], []
    for cid, ref in actor_of_canonical.items():
        a = actors[ref]
        if a["org"] and a["role"] not in ("relative", "migrant", "broker") and cid in full:
            labels_true.append(a["org"])
            labels_pred.append(full[cid])
    corridors = Counter()
    for c in result["route_clusters"]:
        for org in truth["organisations"]:
            if set(c["waypoints"]) <= set(org["waypoints"]) and len(c["waypoints"]) >= 3:
                corridors[org["corridor"]] += 1
    return {
        "organisers_in_top10_hubs": f"{len(organisers & set(hubs10))}/{len(organisers)}",
        "smugglers_in_top10_hubs": f"{sum(1 for h in hubs10 if h in staff)}/{len(hubs10)}",
        "brokers_in_top10_brokers": f"{len(brokers & set(brokers10))}/{len(brokers)}",
        "community_ari_smuggling_actors": round(adjusted_rand(labels_true, labels_pred), 3),
        "actors_scored_for_ari": len(labels_true),
        "corridors_with_a_cluster": f"{len(corridors)}/{len(truth['organisations'])}",
        "route_clusters": len(result["route_clusters"]),
        "listed_members": len(members),
    }


def sim_grouping(case: CaseStore, truth: dict) -> dict:
    """Whether each rotating actor's SIMs are one actor, and the pairwise precision and
    recall of numbers grouped into actors (every planted number the case holds)."""
    owner = {p: a["ref"] for a in truth["actors"] for p in a["phones"]}
    rows = case._query(
        "SELECT e.canonical, i.value FROM identifiers i JOIN entities e ON e.id = i.entity_id "
        "WHERE i.kind = 'phone'"
    )
    actor = case.actor_frame().set_index("entity")["actor"].to_dict()
    of_number = {v: actor.get(int(c), int(c)) for c, v in rows if v in owner}
    by_truth = Counter(owner[v] for v in of_number)
    by_pred = Counter(of_number.values())
    by_both = Counter((owner[v], a) for v, a in of_number.items())
    tp = sum(comb(n, 2) for n in by_both.values())
    pred, true = sum(comb(n, 2) for n in by_pred.values()), sum(comb(n, 2) for n in by_truth.values())
    rotating = truth.get("tactics", {}).get("sims", {})

    def whole_actor(ref: str) -> bool:
        return len({of_number[s["number"]] for s in rotating[ref] if s["number"] in of_number}) == 1

    whole = sum(1 for ref in rotating if whole_actor(ref))
    organisers = [r for r in rotating if r in set(truth["organisers"])]
    whole_org = sum(1 for ref in organisers if whole_actor(ref))
    return {
        "rotating_actors_whole": f"{whole}/{len(rotating)}",
        "rotating_organisers_whole": f"{whole_org}/{len(organisers)}",
        "number_grouping_precision": round(tp / pred, 4) if pred else 1.0,
        "number_grouping_recall": round(tp / true, 4) if true else 1.0,
    }


def run(size: str, tactics: bool = False) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scenario"
        generate_scenario(folder, size, seed=1, tactics=tactics)
        truth = json.loads((folder / "ground_truth.json").read_text())
        out: dict = {"size": size, "tactics": tactics}
        with CaseStore.create(Path(tmp) / "case.ariadne", region="LY") as case:
            t = time.perf_counter()
            import_scenario(case, folder)
            out["import_s"] = round(time.perf_counter() - t, 1)
            mapping = truth_of_entities(case, truth)
            t = time.perf_counter()
            candidates = merge_candidates(case)
            out["candidates_s"] = round(time.perf_counter() - t, 1)
            out["candidates"] = len(candidates)
            out["persons"] = case._query("SELECT COUNT(*) FROM entities WHERE type = 'person'")[0][0]
            t = time.perf_counter()
            merges = apply_above(case, DEFAULT_THRESHOLD)
            out["merge_s"] = round(time.perf_counter() - t, 1)
            precision, recall, true_pairs, scored = pairwise(case, mapping)
            out |= sim_grouping(case, truth)
            out |= {
                "merges": len(merges),
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "true_pairs": true_pairs,
                "persons_scored": scored,
            }
            t = time.perf_counter()
            result = analyze_case(case, top=20).to_json()
            out["analysis_s"] = round(time.perf_counter() - t, 1)
            out["analysis_timings"] = result["timings"]
            out |= score_analysis(case, truth, result, full_membership(case))
        return out


if __name__ == "__main__":
    sizes = [a for a in sys.argv[1:] if not a.startswith("--")] or ["small", "medium"]
    modes = [True] if "--tactics" in sys.argv else [False] if "--no-tactics" in sys.argv else [False, True]
    for size in sizes:
        for tactics in modes:
            print(json.dumps(run(size, tactics), indent=1), flush=True)
