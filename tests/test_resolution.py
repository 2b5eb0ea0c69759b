"""Entity resolution: variants, shared numbers, the common-first-name trap, undo."""

from __future__ import annotations

import pytest

from app.graph.resolution import DEFAULT_THRESHOLD, apply_above, merge_candidates
from app.graph.store import CaseStore
from app.model import SourceInfo
from app.names import name_key, name_similarity, name_tokens


@pytest.mark.parametrize(
    "a,b",
    [
        ("Mohammed Ali", "MUHAMMAD ALI"),
        ("Youssef Haddad", "Yusuf Hadad"),
        ("Salem al-Zawi", "ZAWI SALIM"),
        ("Abou Salem", "Abu Salem"),
        ("Abdelrahman Obeidi", "Abdul Rahman Al-Obeidi"),
        ("Ousmane Diallo", "Usman Jallow"),
    ],
)
def test_name_variants_get_the_same_key(a, b):
    assert name_key(a) == name_key(b)
    assert name_similarity(a, b) == pytest.approx(1.0)


def test_transliteration_from_arabic_script_gives_latin_tokens():
    assert all(t.isascii() for t in name_tokens("سالم حداد"))


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "res.ariadne", region="LY")
    with store.transaction():
        src = store.add_source(SourceInfo("a.csv", "a" * 64, 1, "contacts"))
        people = {}
        for key, name in (
            ("salem_contact", "Abu Salem"),
            ("salem_transfer", "SALIM HADDAD"),
            ("salem_interview", "Salem Haddad"),
            ("omar1", "Omar Zawi"),
            ("omar2", "Omar Fezzani"),
            ("ali1", "Ali"),
            ("ali2", "Ali"),
        ):
            people[key] = store.add_entity("person", name, source_id=src, row=1)
            store.add_identifier(people[key], "name", name, name, src)
        phone = store.ensure_entity("phone", "phone", "+218912345678")[0]
        for who in ("salem_contact", "salem_transfer"):
            store.upsert_link("uses", people[who], phone)
    store.people = people
    yield store
    store.close()


def test_shared_number_is_a_strong_candidate_with_its_reason(case):
    p = case.people
    cands = {(c.a, c.b): c for c in merge_candidates(case)}
    pair = cands[tuple(sorted((p["salem_contact"], p["salem_transfer"])))]
    assert pair.score >= DEFAULT_THRESHOLD
    assert any("same number +218912345678" in r for r in pair.reasons)
    names = cands[tuple(sorted((p["salem_transfer"], p["salem_interview"])))]
    assert any("100% similar" in r for r in names.reasons)


def test_a_shared_common_first_name_never_merges(case):
    p = case.people
    apply_above(case, DEFAULT_THRESHOLD)
    assert case.canonical(p["omar1"]) != case.canonical(p["omar2"])
    assert case.canonical(p["ali1"]) != case.canonical(p["ali2"])
    assert case.canonical(p["salem_contact"]) == case.canonical(p["salem_transfer"])


def test_rejected_pairs_are_not_proposed_again(case):
    p = case.people
    case.reject_pair(p["salem_contact"], p["salem_transfer"])
    pairs = {(c.a, c.b) for c in merge_candidates(case)}
    assert tuple(sorted((p["salem_contact"], p["salem_transfer"]))) not in pairs


def test_unmerge_restores_the_exact_previous_state(case):
    before = case._query("SELECT id, canonical, label, attrs FROM entities ORDER BY id")
    merges = apply_above(case, DEFAULT_THRESHOLD)
    assert merges
    for m in reversed(merges):
        case.unmerge(m["merge_id"])
    assert case._query("SELECT id, canonical, label, attrs FROM entities ORDER BY id") == before
    actions = [a["action"] for a in case.audit()]
    assert actions.count("merge") == len(merges) and actions.count("unmerge") == len(merges)
    assert case.verify_audit() == []


def test_resolve_cli_lists_and_applies(case, capsys):
    from app.cli import main

    path = case.path
    case.close()
    assert main(["resolve", str(path), "--list"]) == 0
    out = capsys.readouterr().out
    assert "same number +218912345678" in out
    assert main(["resolve", str(path), "--apply-above", "0.9"]) == 0
    assert "merged 1 pairs" in capsys.readouterr().out
