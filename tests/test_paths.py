"""Paths between two actors on a hand-built case: a name finds the person rather than the phone
saved under that name, the analysis filter (time window, grading) bounds the paths, and each
step of a path is named by the person who uses it."""

from __future__ import annotations

import json

import pytest

from app.graph.networks import GraphFilter
from app.graph.paths import actor_paths, find_entity
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo


def _call(case: CaseStore, source: int, a: int, b: int, ts: str) -> None:
    link = case.upsert_link("called", a, b, ts=ts)
    case.add_event(link, source, None, ts=ts)


@pytest.fixture
def case(tmp_path):
    """Jamal uses phone P1; Omar uses P2; Karim uses P3.  P1 called P2 in May (a seized
    phone, graded A2) and P2 called P3 in July (a tower dump, graded C3); P1 called P3
    directly once in September, on the tower dump.  Omar's phone saves Jamal's number under
    "Jamal"."""
    store = CaseStore.create(tmp_path / "case.ariadne")
    with store.transaction():
        seized = store.add_source(SourceInfo("seized.csv", "a" * 64, 1, "calls", Grading("A", 2)))
        dump = store.add_source(SourceInfo("dump.csv", "b" * 64, 1, "calls", Grading("C", 3)))
        ids = {}
        for name, number in (
            ("Jamal", "+218911000001"),
            ("Omar", "+218911000002"),
            ("Karim", "+218911000003"),
        ):
            phone = store.add_entity("phone", number)  # call logs come first, as on import
            store.add_identifier(phone, "phone", number)
            person = store.add_entity("person", name)
            store.add_identifier(person, "name", name)
            store.upsert_link("uses", person, phone)
            ids[name], ids[name + "'s phone"] = person, phone
        store.add_identifier(ids["Jamal's phone"], "alias", "Jamal")
        _call(store, seized, ids["Jamal's phone"], ids["Omar's phone"], "2026-05-10T10:00:00")
        _call(store, dump, ids["Omar's phone"], ids["Karim's phone"], "2026-07-10T10:00:00")
        _call(store, dump, ids["Jamal's phone"], ids["Karim's phone"], "2026-09-10T10:00:00")
    store.ids = ids
    yield store
    store.close()


def test_a_name_finds_the_person_not_the_phone_saved_under_it(case):
    assert find_entity(case, "Jamal") == case.ids["Jamal"]
    assert find_entity(case, "jamal") == case.ids["Jamal"]
    assert find_entity(case, "+218 91 100 0001") == case.ids["Jamal's phone"]


def test_paths_stay_inside_the_analysis_time_window_and_grading(case):
    a, b = case.ids["Jamal's phone"], case.ids["Karim's phone"]
    unfiltered = actor_paths(case, a, b)
    assert [p["length"] for p in unfiltered["paths"]] == [1]  # the September call
    before_september = actor_paths(case, a, b, flt=GraphFilter(end="2026-08-31"))
    assert [p["actors"] for p in before_september["paths"]] == [
        [case.ids["Jamal"], case.ids["Omar"], case.ids["Karim"]]
    ]
    graded = actor_paths(case, a, b, flt=GraphFilter(end="2026-08-31", min_grading=Grading("B", 2)))
    assert graded["paths"] == []


def test_each_step_is_the_person_who_uses_the_phone(case):
    a, b = case.ids["Jamal's phone"], case.ids["Karim's phone"]
    report = actor_paths(case, a, b, flt=GraphFilter(end="2026-08-31"))
    steps = report["paths"][0]["nodes"]
    assert [s["name"] for s in steps] == ["Jamal", "Omar", "Karim"]
    assert report["paths"][0]["actors"] == [case.ids["Jamal"], case.ids["Omar"], case.ids["Karim"]]
    assert report["from"]["name"] == "Jamal"


def test_the_path_command_takes_the_same_filter(case, capsys):
    from app.cli import main

    args = ["path", str(case.path), "+218911000001", "+218911000003", "--json"]
    assert main(args) == 0
    assert [p["length"] for p in json.loads(capsys.readouterr().out)["paths"]] == [1]
    assert main([*args, "--to", "2026-08-31"]) == 0
    assert [p["length"] for p in json.loads(capsys.readouterr().out)["paths"]] == [2]
    assert main([*args, "--to", "2026-08-31", "--min-grading", "B2"]) == 0
    assert json.loads(capsys.readouterr().out)["paths"] == []
