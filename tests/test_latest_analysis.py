"""The case keeps its latest analysis: exports and briefings of an unchanged case reuse it, and
any change to the case (an import, a merge, a grading, a row written outside a transaction)
makes the next one compute afresh."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pandas as pd
import pytest

import app.analysis as analysis
from app.analysis import AnalysisResult, analyze_case, latest_analysis, result_from_text, result_text
from app.cli import main
from app.extraction import Fact
from app.graph.networks import GraphFilter
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo


def _call(case: CaseStore, source: int, a: int, b: int, ts: str) -> None:
    link = case.upsert_link("called", a, b, ts=ts)
    case.add_event(link, source, None, ts=ts)


@pytest.fixture
def case(tmp_path):
    """Two rings of five people joined by one broker, each person with a phone."""
    store = CaseStore.create(tmp_path / "case.ariadne")
    with store.transaction():
        src = store.add_source(SourceInfo("calls.csv", "a" * 64, 40, "calls", Grading("B", 2)))
        phones, persons = [], []
        for i in range(11):
            number = f"+21891100{i:04d}"
            phone = store.add_entity("phone", number)
            store.add_identifier(phone, "phone", number)
            person = store.add_entity("person", f"Person {i}")
            store.upsert_link("uses", person, phone)
            phones.append(phone)
            persons.append(person)
        for ring in (phones[:5], phones[5:10]):
            for k, a in enumerate(ring):
                for b in ring[k + 1 :]:
                    _call(store, src, a, b, "2026-03-01T10:00:00")
        _call(store, src, phones[10], phones[0], "2026-03-02T10:00:00")
        _call(store, src, phones[10], phones[5], "2026-03-02T11:00:00")
    store.calls_source, store.phones, store.persons = src, phones, persons
    yield store
    store.close()


def _forbid_computing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the analysis was computed again")

    monkeypatch.setattr(analysis, "analyze_case", refuse)


def test_the_kept_text_gives_back_an_equal_result(case):
    result = analyze_case(case, top=5, flt=GraphFilter(min_grading=Grading("C", 3), layers=("phone",)))
    assert result.names, "the case has namesakes' names to keep"
    again = result_from_text(result_text(result))
    for f in dataclasses.fields(AnalysisResult):  # every field, those added later too
        kept, computed = getattr(again, f.name), getattr(result, f.name)
        if isinstance(computed, pd.DataFrame):
            assert kept.equals(computed), f.name
        else:
            assert kept == computed, f.name
    assert json.dumps(again.to_json(), default=str) == json.dumps(result.to_json(), default=str)


def test_an_unchanged_case_gives_back_its_latest_analysis(case, monkeypatch):
    first = latest_analysis(case, fresh=True, top=5)
    _forbid_computing(monkeypatch)
    kept = latest_analysis(case, top=5)
    assert kept.ranked_hubs() == first.ranked_hubs() and kept.membership == first.membership
    assert latest_analysis(case, top=50).top == 50  # the cut asked for, not the kept one's


def test_another_filter_is_not_answered_with_the_kept_analysis(case, monkeypatch):
    latest_analysis(case, fresh=True)
    _forbid_computing(monkeypatch)
    with pytest.raises(AssertionError, match="computed again"):
        latest_analysis(case, flt=GraphFilter(end="2026-03-01"))


@pytest.mark.parametrize(
    "change",
    ["a call", "a merge", "a grading", "a row outside a transaction", "an extracted fact decided"],
)
def test_any_change_to_the_case_makes_the_next_analysis_new(case, monkeypatch, change):
    latest_analysis(case, fresh=True)
    if change == "a call":
        with case.transaction():
            _call(case, case.calls_source, case.phones[1], case.phones[7], "2026-03-03T10:00:00")
    elif change == "a merge":
        case.merge(case.persons[0], case.persons[1])
    elif change == "a grading":
        case.set_grading(case.calls_source, Grading("F", 6))
    elif change == "a row outside a transaction":
        case.add_entity("person", "Someone new")
    else:
        with case.transaction():
            fact = Fact("phone", "+218911009999", "+218911009999", "call +218911009999", row=1)
            case.add_extracted(case.calls_source, [(fact, case.persons[2])])
        latest_analysis(case, fresh=True)  # a pending fact changes the content too: start after it
        case.decide_extracted(list(case.extracted_frame()["id"]), True)
    _forbid_computing(monkeypatch)
    with pytest.raises(AssertionError, match="computed again"):
        latest_analysis(case)


def test_keeping_an_analysis_is_not_itself_a_change(case):
    mark = case.content_mark()
    latest_analysis(case, fresh=True)
    assert case.content_mark() == mark
    case.save_chart("working chart", {"actors": [], "layout": "force"})  # what was done, not what is held
    with case.transaction():
        case.log("export", {"format": "graphml"})
    assert case.content_mark() == mark
    assert case.saved_analysis(analysis._analysis_key(GraphFilter(), 1.0, 7)) is not None


def test_a_read_only_case_is_analysed_without_keeping_anything(case, tmp_path, monkeypatch):
    copy = tmp_path / "ro.ariadne"
    case.close()
    shutil.copy(case.path, copy)
    with CaseStore.open(copy, readonly=True) as ro:
        assert ro.readonly
        assert latest_analysis(ro).network["actors"] > 0
        assert ro.saved_analysis(analysis._analysis_key(GraphFilter(), 1.0, 7)) is None


def test_analyze_then_export_from_the_command_line_analyses_once(case, tmp_path, monkeypatch, capsys):
    path = str(case.path)
    case.close()
    assert main(["analyze", path, "--json", "--quiet"]) == 0
    printed = json.loads(capsys.readouterr().out)
    _forbid_computing(monkeypatch)
    for fmt in ("graphml", "briefing-html"):
        assert main(["export", path, "--format", fmt, "--out", str(tmp_path / f"out.{fmt}"), "--quiet"]) == 0
    graphml = (tmp_path / "out.graphml").read_text(encoding="utf-8")
    assert printed["hubs"][0]["label"] in graphml


def test_a_damaged_kept_analysis_is_computed_again_and_replaced(case):
    first = latest_analysis(case, fresh=True)
    key = analysis._analysis_key(GraphFilter(), 1.0, 7)
    with case.transaction():
        case.conn.execute("UPDATE analyses SET result = ? WHERE key = ?", ('{"hubs": [', key))
        case._bookkeeping += 1  # as if only the kept row had changed
    assert case.saved_analysis(key) == '{"hubs": ['
    again = latest_analysis(case)
    assert again.ranked_hubs() == first.ranked_hubs()
    assert result_from_text(case.saved_analysis(key)).ranked_hubs() == first.ranked_hubs()


def test_the_same_case_ranks_the_same_every_time(case):
    """Equal scores (the two rings are alike) are ranked by id, not by the last bits the
    eigenvector solver's random start leaves in them."""
    runs = [analyze_case(case) for _ in range(5)]
    for key in ("ranked_hubs", "ranked_brokers"):
        orders = {tuple(h["id"] for h in getattr(r, key)()) for r in runs}
        assert len(orders) == 1, key
