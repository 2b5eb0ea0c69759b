"""The typed analysis result keeps everything; its JSON is the documented, cut-down view.

The JSON was compared with what ``ariadne analyze --json`` printed before the result became
typed (same keys in the same order, same values, on the small scenario, seed 1); these tests
keep the two views consistent with each other from now on."""

from __future__ import annotations

import json

import pytest

from app.analysis import AnalysisResult, analyze_case
from app.cli import main
from app.graph.store import CaseStore

pytestmark = pytest.mark.slow

KEYS = [
    "case",
    "hubs",
    "brokers",
    "communities",
    "route_clusters",
    "protection",
    "modularity",
    "betweenness_method",
    "roles",
    "money",
    "disruption",
    "network",
    "filter",
    "explanations",
    "timings",
]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, demo_copy):
    path = demo_copy(1, tmp_path_factory.mktemp("result") / "demo.ariadne")
    with CaseStore.open(path) as case:
        return path, analyze_case(case, top=5)


def test_every_actor_belongs_to_exactly_one_listed_community(analysed):
    _, result = analysed
    assert isinstance(result, AnalysisResult)
    members = [e for c in result.communities for e in c.members]
    assert len(members) == len(set(members)) == result.network["actors"] == len(result.hubs)
    assert set(result.membership) == set(result.hubs.index)
    assert max(c.size for c in result.communities) > 50, "the scenario has communities larger than a listing"


def test_the_json_is_the_documented_cut_of_the_full_result(analysed, capsys):
    path, result = analysed
    out = result.to_json()
    assert list(out) == KEYS
    assert len(out["hubs"]) == len(out["brokers"]) == 5
    scores = [h["score"] for h in out["hubs"]]
    assert scores == sorted(scores, reverse=True)
    assert all(h["score"] == round(result.hubs.at[int(h["id"]), "score"], 6) for h in out["hubs"])
    for listed, full in zip(out["communities"], result.communities, strict=True):
        assert listed["size"] == full.size
        assert [int(m["id"]) for m in listed["members"]] == full.members[:50]
    assert len(result.to_json(top=30)["hubs"]) == 30

    assert main(["analyze", str(path), "--json", "--top", "5"]) == 0
    printed = json.loads(capsys.readouterr().out)
    printed.pop("timings")
    expected = json.loads(json.dumps(out, default=str))
    expected.pop("timings")
    assert printed == expected
