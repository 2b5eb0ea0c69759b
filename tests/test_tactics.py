"""The small scenario with the hiding tactics, imported, resolved and analysed once for the
module: what must hold against its planted truth (issue 20)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app.analysis import analyze_case
from app.demo import import_scenario
from app.graph.resolution import DEFAULT_THRESHOLD, apply_above, merge_candidates
from app.graph.store import CaseStore
from app.scenario import generate_scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from bench_ground_truth import pairwise, score_analysis, sim_grouping, truth_of_entities  # noqa: E402

pytestmark = pytest.mark.slow  # a whole scenario with tactics, imported and analysed


@pytest.fixture(scope="module")
def resolved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tactics") / "scenario"
    manifest = generate_scenario(folder, "small", seed=1, tactics=True)
    truth = json.loads((folder / "ground_truth.json").read_text(encoding="utf-8"))
    case = CaseStore.create(folder.parent / "case.ariadne", region="LY")
    import_scenario(case, folder)
    mapping = truth_of_entities(case, truth)
    merges = apply_above(case, DEFAULT_THRESHOLD)
    result = analyze_case(case, top=20).to_json()
    yield {
        "case": case,
        "truth": truth,
        "manifest": manifest,
        "mapping": mapping,
        "merges": merges,
        "result": result,
        "folder": folder,
    }
    case.close()


def test_the_scenario_plants_every_tactic(resolved):
    truth, folder = resolved["truth"]["tactics"], resolved["folder"]
    assert len(truth["rotating"]) >= 4 and truth["borrowed_handset"]
    assert {d["path"] for d in truth["tower_dumps"]} == {
        f["path"] for f in resolved["manifest"]["files"] if f["kind"] == "towerdump"
    }
    dump_lines = sum(len((folder / d["path"]).read_text().splitlines()) - 1 for d in truth["tower_dumps"])
    assert dump_lines == 15_000
    header = (folder / "carrier/cdr_izmir_2026.txt").read_text(encoding="utf-16").splitlines()[0]
    assert header.split("\t")[-2:] == ["imei", "imei_b"]  # the caller's handset and the called one's
    assert set(truth["aliases"]) == set(resolved["truth"]["organisers"])


def test_every_rotating_organisers_sims_are_one_actor_with_precision(resolved):
    grouping = sim_grouping(resolved["case"], resolved["truth"])
    whole, total = grouping["rotating_organisers_whole"].split("/")
    assert whole == total
    whole, total = grouping["rotating_actors_whole"].split("/")  # brokers too, with two handsets each
    assert whole == total and int(total) > 4
    assert grouping["number_grouping_precision"] >= 0.99
    precision, recall, _, _ = pairwise(resolved["case"], resolved["mapping"])
    assert precision >= 0.99 and recall >= 0.9


def test_the_borrowed_handset_does_not_merge_the_two_drivers(resolved):
    case, borrowed = resolved["case"], resolved["truth"]["tactics"]["borrowed_handset"]
    actors = case.actor_frame().set_index("entity")["actor"]

    def actor(number):
        return actors[case.canonical(case.entity_by_identifier("phone", number))]

    assert actor(borrowed["sim"]) != actor(borrowed["handset_of"])


def test_organisers_brokers_and_smugglers_rank_as_without_tactics(resolved):
    scores = score_analysis(resolved["case"], resolved["truth"], resolved["result"])
    found, planted = map(int, scores["organisers_in_top10_hubs"].split("/"))
    assert found >= planted - 1
    assert int(scores["smugglers_in_top10_hubs"].split("/")[0]) >= 9
    assert scores["brokers_in_top10_brokers"] == "3/3"


def test_strangers_from_the_tower_dumps_never_rank(resolved):
    case, result = resolved["case"], resolved["result"]
    dump_numbers = {
        n
        for end in ("src", "dst")  # one join per end: an index lookup each, not a scan
        for (n,) in case._query(
            "SELECT DISTINCT i.value FROM events ev JOIN sources s ON s.id = ev.source_id "
            f"JOIN links l ON l.id = ev.link_id JOIN identifiers i ON i.entity_id = l.{end} "
            "WHERE s.kind = 'towerdump' AND i.kind = 'phone'"
        )
    }
    planted = {p for a in resolved["truth"]["actors"] for p in a["phones"]}
    strangers = dump_numbers - planted
    assert len(strangers) > 3000
    ranked = {p for item in result["hubs"] + result["brokers"] for p in item["phones"]}
    assert not ranked & strangers


def test_merging_finishes_no_candidate_left_above_the_threshold(resolved):
    assert not merge_candidates(resolved["case"], threshold=DEFAULT_THRESHOLD)
    reasons = " ".join(m["evidence"] for m in resolved["merges"])
    assert "same handset" in reasons and "until" in reasons
