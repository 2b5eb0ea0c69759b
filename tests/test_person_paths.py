"""Paths between people (issue 19): phones folded into their users whatever the layers, places
and migrants not stepping stones unless asked, one route per set of interchangeable
intermediaries, each hop with its links, dates and grading, and names that say when they are
ambiguous."""

from __future__ import annotations

import json

import pytest

from app.graph.networks import GraphFilter
from app.graph.paths import AmbiguousName, find_entity, person_paths
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo


@pytest.fixture
def case(tmp_path):
    """Jamal (phone P1) and Omar (phone P2) call each other twice (a seized phone graded B2,
    and a carrier file graded C3).  Omar pays Karim.  Smugglers Sami and Tarek never talk:
    five migrants each name both of them in interviews, and both were seen in Dakar.  Two
    unrelated people are called Ali with the same evidence; the resolved Mansur has two phones
    full of calls, a stray contact-book record "Mansur" one link of its own."""
    store = CaseStore.create(tmp_path / "case.ariadne")
    ids: dict[str, int] = {}
    with store.transaction():
        seized = store.add_source(SourceInfo("seized.csv", "a" * 64, 1, "calls", Grading("B", 2)))
        carrier = store.add_source(SourceInfo("carrier.csv", "b" * 64, 1, "calls", Grading("C", 3)))
        interviews = store.add_source(SourceInfo("debrief.json", "c" * 64, 1, "interviews", Grading("B", 3)))

        def person(name: str, **attrs) -> int:
            e = store.add_entity("person", name, attrs=attrs or None)
            store.add_identifier(e, "name", name)
            ids[name] = e
            return e

        def phone(owner: str, number: str) -> int:
            p = store.add_entity("phone", number)
            store.add_identifier(p, "phone", number)
            store.upsert_link("uses", ids[owner], p)
            ids[f"{owner}'s phone {number[-1]}"] = p
            return p

        def call(a: int, b: int, ts: str, source: int) -> None:
            link = store.upsert_link("called", a, b, ts=ts)
            store.add_event(link, source, None, ts=ts)

        for name in ("Jamal", "Omar", "Karim", "Sami", "Tarek", "Mansur", "Nadia"):
            person(name)
        p1, p2 = phone("Jamal", "+218911000001"), phone("Omar", "+218911000002")
        call(p1, p2, "2026-05-10T10:00:00", seized)
        call(p2, p1, "2026-06-02T09:00:00", carrier)
        pay = store.upsert_link("paid", ids["Omar"], ids["Karim"], ts="2026-06-20")
        store.add_evidence("link", pay, interviews, 4)
        dakar = store.add_entity("location", "Dakar")
        for k in range(5):
            m = person(f"migrant {k}", role="migrant")
            for smuggler in ("Sami", "Tarek"):
                link = store.upsert_link("mentioned", m, ids[smuggler], ts="2026-07-01")
                store.add_evidence("link", link, interviews, k)
        for smuggler in ("Sami", "Tarek"):
            store.upsert_link("located_at", ids[smuggler], dakar)
        ids["Dakar"] = dakar
        first_ali, second_ali = person("Ali"), store.add_entity("person", "Ali")
        store.add_identifier(second_ali, "name", "Ali")
        for ali in (first_ali, second_ali):
            store.upsert_link("called", ali, ids["Nadia"], ts="2026-05-01")
        ids["Ali 2"] = second_ali
        m1, m2 = phone("Mansur", "+218911000007"), phone("Mansur", "+218911000008")
        for k in range(6):
            call(m1 if k % 2 else m2, p1, f"2026-05-0{k + 1}T08:00:00", carrier)
        stray = store.add_entity("person", "Mansur")
        store.add_identifier(stray, "name", "Mansur")
        store.upsert_link("in_contacts", stray, ids["Nadia"])
        ids["stray Mansur"] = stray
    store.ids = ids
    yield store
    store.close()


def test_a_person_keeps_their_phones_whatever_the_layers(case):
    """`--layers phone,money,interview` used to drop the `uses` links, cutting Jamal from P1."""
    flt = GraphFilter(layers=("phone", "money", "interview"))
    found = person_paths(case, case.ids["Jamal"], case.ids["Karim"], flt=flt)
    assert [p["length"] for p in found["paths"]] == [2]
    assert [h["to"] for h in found["paths"][0]["hops"]] == ["Omar", "Karim"]


def test_each_hop_has_its_kind_count_dates_and_best_grading(case):
    hops = person_paths(case, case.ids["Jamal"], case.ids["Karim"])["paths"][0]["hops"]
    call, payment = hops
    assert (call["from"], call["from_id"], call["to"], call["to_id"]) == (
        "Jamal",
        str(case.ids["Jamal"]),
        "Omar",
        str(case.ids["Omar"]),
    )
    assert (call["type"], call["count"], call["grading"]) == ("called", 2, "B2")
    assert (call["first"][:10], call["last"][:10]) == ("2026-05-10", "2026-06-02")
    assert (payment["type"], payment["count"], payment["grading"]) == ("paid", 1, "B3")


def test_migrants_and_places_are_stepping_stones_only_when_asked(case):
    sami, tarek = case.ids["Sami"], case.ids["Tarek"]
    assert person_paths(case, sami, tarek)["paths"] == []
    via_migrants = person_paths(case, sami, tarek, through=("migrants",))["paths"]
    # five migrants name both men: one route, not five variants
    assert len(via_migrants) == 1 and via_migrants[0]["length"] == 2 and via_migrants[0]["variants"] == 5
    via_places = person_paths(case, sami, tarek, through=("places",))["paths"]
    assert [[h["to"] for h in p["hops"]] for p in via_places] == [["Dakar", "Tarek"]]
    both = person_paths(case, sami, tarek, through=("places", "migrants"))["paths"]
    assert len(both) == 2


def test_a_name_prefers_the_resolved_person_with_most_evidence(case):
    assert find_entity(case, "Mansur") == case.ids["Mansur"]
    assert find_entity(case, "jamal") == case.ids["Jamal"]


def test_an_ambiguous_name_lists_its_candidates(case):
    with pytest.raises(AmbiguousName) as raised:
        find_entity(case, "Ali")
    assert {c["id"] for c in raised.value.candidates} == {str(case.ids["Ali"]), str(case.ids["Ali 2"])}


def test_path_command_json_and_ambiguity(case, capsys):
    from app.cli import main

    assert main(["path", str(case.path), "+218 91 100 0001", "Karim", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["length"] for p in out["paths"]] == [2]
    hop = out["paths"][0]["hops"][0]
    assert set(hop) >= {"from", "from_id", "to", "to_id", "type", "count", "first", "last", "grading"}
    assert hop["from"] == "Jamal"  # the phone stands for the person who uses it
    assert main(["path", str(case.path), "Ali", "Karim"]) == 1
    err = capsys.readouterr().err
    assert "ambiguous" in err and f"#{case.ids['Ali 2']}" in err
    assert main(["path", str(case.path), "Sami", "Tarek", "--through", "places", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["paths"][0]["hops"][0]["to"] == "Dakar"
    assert main(["path", str(case.path), "Sami", "Tarek", "--through", "boats"]) == 2
