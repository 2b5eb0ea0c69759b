"""Handsets from call records, SIM changes proposed as one user, tower dumps counted only
where they meet the case."""

from __future__ import annotations

import json
import re

import pytest

from app.cli import main
from app.graph.networks import actor_edges, actor_graph, actor_outline
from app.graph.resolution import DEFAULT_THRESHOLD, apply_above, merge_candidates
from app.graph.simchanges import sim_changes
from app.graph.store import CaseStore
from app.graph.towerdump import dump_intersection
from app.handsets import parse_imei
from app.importers.base import ImportOptions
from app.importers.pipeline import detect_kind, import_file
from app.model import Grading

IMEI = "352099001761481"  # Luhn-valid
OTHER = "490154203237518"


@pytest.mark.parametrize(
    "written", [IMEI, "35-209900-176148-1", "3520990017614823", "35209900176148", "35 209900 176148 1"]
)
def test_imei_and_imeisv_in_any_writing_are_one_handset(written):
    assert parse_imei(written).key == "35209900176148"
    assert parse_imei(written).display == "35-209900-176148-1"


@pytest.mark.parametrize(
    "written,problem", [("352099001761482", "Luhn"), ("3520990", "digits"), ("35209900176148x", "not digits")]
)
def test_malformed_imeis_are_flagged(written, problem):
    imei = parse_imei(written)
    assert imei.key == "" and problem in imei.problem and imei.raw == written


def _cdr(path, rows, header="caller,callee,start,duration,imei"):
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def rotation(tmp_path):
    """Abu Omar changes SIM on 31 March and keeps his handset; a driver borrows a colleague's
    handset for one day; one record's IMEI is mistyped."""
    old, new, driver, lender = "+218911111111", "+218922222222", "+218933333333", "+218944444444"
    staff = [f"+21895555555{k}" for k in range(8)]
    rows = []
    for day in range(1, 31):
        rows.append(f"{old},{staff[day % 8]},2026-03-{day:02d} 10:00:00,60,{IMEI}")
    for day in range(1, 31):
        rows.append(f"{new},{staff[day % 8]},2026-04-{day:02d} 10:00:00,60,35-209900-176148-1")
    for day in range(1, 29):
        rows.append(f"{lender},{staff[day % 8]},2026-05-{day:02d} 09:00:00,60,{OTHER}")
        rows.append(f"{driver},{staff[(day + 1) % 8]},2026-05-{day:02d} 11:00:00,60,356938035643809")
    rows.append(f"{driver},{staff[0]},2026-05-14 15:00:00,30,{OTHER}")  # the borrowed day
    rows.append(f"{staff[1]},{staff[2]},2026-05-14 16:00:00,30,352099001761482")  # mistyped IMEI
    path = _cdr(tmp_path / "cdr.csv", rows)
    store = CaseStore.create(tmp_path / "case.ariadne", region="LY")
    result = import_file(store, path, ImportOptions(kind="calls", grading=Grading("B", 2)))
    store.numbers = {"old": old, "new": new, "driver": driver, "lender": lender}
    store.result = result
    yield store
    store.close()


def _phone(case, number):
    return case.canonical(case.entity_by_identifier("phone", number))


def test_handsets_carry_each_sim_with_its_period(rotation):
    handset = rotation.entity_by_identifier("imei", "35209900176148")
    assert rotation.entity(handset)["type"] == "handset"
    assert rotation.entity(handset)["label"] == "IMEI 35-209900-176148-1"
    carried = rotation._query(
        "SELECT l.dst, MIN(l.first_seen), MAX(l.last_seen) FROM links l "
        "WHERE l.type = 'carried' AND l.src = ? GROUP BY l.dst",
        [handset],
    )
    periods = {d: (f[:10], t[:10]) for d, f, t in carried}
    assert periods[_phone(rotation, rotation.numbers["old"])] == ("2026-03-01", "2026-03-30")
    assert periods[_phone(rotation, rotation.numbers["new"])] == ("2026-04-01", "2026-04-30")


def test_a_malformed_imei_is_kept_as_written_and_joins_nothing(rotation):
    rows = rotation._query(
        "SELECT id, label, attrs FROM entities WHERE type = 'handset' AND label LIKE '%malformed%'"
    )
    assert len(rows) == 1
    attrs = json.loads(rows[0][2])
    assert attrs["imei_written"] == "352099001761482" and "Luhn" in attrs["imei_problem"]
    assert not rotation._query(
        "SELECT 1 FROM identifiers WHERE entity_id = ? AND kind = 'imei'", [rows[0][0]]
    )
    assert any("352099001761482" in n for n in rotation.result.notes)


def test_successive_sims_in_one_handset_are_proposed_with_the_periods_in_words(rotation):
    changes, notes = sim_changes(rotation)
    old, new = _phone(rotation, rotation.numbers["old"]), _phone(rotation, rotation.numbers["new"])
    change = next(c for c in changes if {c.a, c.b} == {old, new})
    assert change.reason == (
        "same handset 35-209900-176148-1: +218911111111 until 30 Mar 2026, then +218922222222 from 1 Apr 2026"
    )
    assert change.score >= DEFAULT_THRESHOLD
    assert _french(change.reason) == (
        "même téléphone 35-209900-176148-1 : +218911111111 jusqu'au 30 mars 2026, "
        "puis +218922222222 à partir du 1 avril 2026"
    )


_ENGLISH = re.compile(
    r"\b(handset|until|then|from|seen|while|borrowed|replacement|started|silent|side by side|together"
    r"|never|common|after|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)


def _french(reason: str) -> str:
    """The reason as the French window shows it, checked for English left in it."""
    from app.language import Language

    text = Language("fr").reason(reason)
    assert not _ENGLISH.search(text), text
    return text


def test_a_handset_borrowed_for_a_day_never_merges_two_people(rotation):
    driver = _phone(rotation, rotation.numbers["driver"])
    lender = _phone(rotation, rotation.numbers["lender"])
    changes, notes = sim_changes(rotation)
    assert not any({c.a, c.b} == {driver, lender} for c in changes)
    assert any("+218933333333 seen in it only on 14 May 2026" in n and "borrowed" in n for n in notes)
    assert all("prêté" in _french(n) for n in notes if "borrowed" in n)
    apply_above(rotation, 0.5)
    assert rotation.canonical(driver) != rotation.canonical(lender)
    old, new = _phone(rotation, rotation.numbers["old"]), _phone(rotation, rotation.numbers["new"])
    assert rotation.canonical(old) == rotation.canonical(new)


def test_merged_sims_fold_into_one_actor_in_the_network(rotation):
    apply_above(rotation, DEFAULT_THRESHOLD)
    edges = actor_edges(rotation)
    old = rotation.canonical(_phone(rotation, rotation.numbers["old"]))
    staff = {rotation.canonical(_phone(rotation, f"+21895555555{k}")) for k in range(8)}
    ends = set(edges.loc[edges["src"] == old, "dst"]) | set(edges.loc[edges["dst"] == old, "src"])
    assert staff <= ends  # March and April contacts on one actor


def test_replacement_sim_with_the_same_contacts_is_proposed_lower(tmp_path):
    staff = [f"+21895555555{k}" for k in range(8)]
    rows = [f"+218911111111,{staff[d % 8]},2026-03-{d:02d} 10:00:00,60," for d in range(1, 29)]
    rows += [f"+218922222222,{staff[d % 8]},2026-04-{d:02d} 10:00:00,60," for d in range(3, 29)]
    rows += [f"{staff[0]},+218977777777,2026-{m:02d}-05 10:00:00,60," for m in (3, 6)]
    with CaseStore.create(tmp_path / "c.ariadne", region="LY") as case:
        import_file(case, _cdr(tmp_path / "cdr.csv", rows), ImportOptions(kind="calls"))
        cands = merge_candidates(case)
        best = next(c for c in cands if any("replacement SIM" in r for r in c.reasons))
        assert set(best.labels) == {"+218911111111", "+218922222222"}
        assert 0.5 <= best.score < DEFAULT_THRESHOLD
        assert "went silent (28 Mar 2026), 8 of its contacts the same" in best.reasons[0]
        assert "SIM de remplacement" in _french(best.reasons[0])


# ------------------------------------------------------------------ two handsets side by side


def _handset(serial: int) -> str:
    from app.handsets import check_digit

    body = f"35{serial:012d}"
    return body + check_digit(body)


H1, H2, H3 = _handset(111), _handset(222), _handset(333)
STAFF = [f"+2189555556{k:02d}" for k in range(12)]


def _rotating(number_of, handset, shift, start=1, months=(3, 4, 5, 6)):
    """A number a month in one handset, calling the twelve colleagues in turn every day."""
    return [
        f"{number_of(m)},{STAFF[(d + shift) % 12]},2026-{m:02d}-{d:02d} {9 + shift % 8}:00:00,60,{handset}"
        for m in months
        for d in range(start, 29)
    ]


def _case(tmp_path, rows, header="caller,callee,start,duration,imei"):
    case = CaseStore.create(tmp_path / "case.ariadne", region="LY")
    import_file(case, _cdr(tmp_path / "cdr.csv", rows, header), ImportOptions(kind="calls"))
    return case


def _broker(m):
    return f"+2189111111{m:02d}"


def _other_side(m):
    return f"+2189222222{m:02d}"


def test_two_handsets_changing_sims_side_by_side_are_one_user(tmp_path):
    """A broker with a phone for each side, each changing SIM every month, calling the same
    colleagues and never each other: one user, his eight numbers one actor."""
    rows = _rotating(_broker, H1, 0) + _rotating(_other_side, H2, 5)
    with _case(tmp_path, rows) as case:
        changes, _ = sim_changes(case)
        tandem = [c for c in changes if c.kind == "tandem"]
        assert len(tandem) == 1 and tandem[0].score >= DEFAULT_THRESHOLD
        assert tandem[0].reason.startswith("two handsets side by side: 35-000000-000111-")
        assert "35-000000-000222-" in tandem[0].reason
        assert (
            "12 contacts in common (100%" in tandem[0].reason
            and "never calling each other" in tandem[0].reason
        )
        assert _french(tandem[0].reason).startswith("deux téléphones côte à côte")
        apply_above(case, DEFAULT_THRESHOLD)
        actors = case.actor_frame().set_index("entity")["actor"]
        numbers = [_broker(m) for m in (3, 4, 5, 6)] + [_other_side(m) for m in (3, 4, 5, 6)]
        assert len({actors[_phone(case, n)] for n in numbers}) == 1
        assert len({actors[_phone(case, n)] for n in STAFF}) == 12


def test_two_colleagues_who_call_each_other_are_not_one_user(tmp_path):
    """The same two handsets, but one called the other once: two people, not proposed."""
    rows = _rotating(_broker, H1, 0) + _rotating(_other_side, H2, 5)
    rows.append(f"{_broker(4)},{_other_side(4)},2026-04-15 20:00:00,30,{H1}")
    with _case(tmp_path, rows) as case:
        assert not [c for c in sim_changes(case)[0] if c.kind == "tandem"]
        apply_above(case, 0.5)
        assert case.canonical(_phone(case, _broker(3))) != case.canonical(_phone(case, _other_side(3)))


def test_a_handset_lent_for_a_day_ties_no_two_people_side_by_side(tmp_path):
    """Two people each changing SIMs, with twelve colleagues each; one day the second puts his
    SIM into the first one's handset.  His contacts must not count for that handset (they
    would make it look like his own): the two are never proposed as one, at any score."""
    theirs = [f"+2189666666{k:02d}" for k in range(12)]
    first = [
        f"{_broker(m)},{STAFF[d % 12]},2026-{m:02d}-{d:02d} 09:00:00,60,{H1}"
        for m in (3, 4, 5, 6)
        for d in range(1, 29)
    ]
    second = [
        f"{_other_side(m)},{theirs[d % 12]},2026-{m:02d}-{d:02d} 11:00:00,60,{H2}"
        for m in (3, 4, 5, 6)
        for d in range(1, 29)
    ]
    lent = [f"{_other_side(4)},{theirs[k]},2026-04-15 {8 + k}:30:00,60,{H1}" for k in range(12)]
    with _case(tmp_path, first + second + lent) as case:
        changes, notes = sim_changes(case)
        assert any("seen in it only on 15 Apr 2026" in n and "borrowed" in n for n in notes)
        people = [_phone(case, n) for n in (_broker(3), _other_side(3), _broker(5), _other_side(5))]
        apply_above(case, 0.5)
        assert case.canonical(people[0]) == case.canonical(people[2])  # each one's own SIMs
        assert case.canonical(people[1]) == case.canonical(people[3])
        assert case.canonical(people[0]) != case.canonical(people[1])
        assert not [c for c in changes if c.kind == "tandem"]


def test_the_called_partys_imei_is_read_where_the_carrier_gives_it(tmp_path):
    """A SIM seen only in incoming calls, in its last days, is still tied to its handset."""
    rows = [f"{_broker(3)},{STAFF[d % 12]},2026-03-{d:02d} 10:00:00,60,{H1}," for d in range(1, 29)]
    rows.append(f"{STAFF[0]},{_broker(4)},2026-03-30 10:00:00,60,,{H1}")
    rows.append(f"{STAFF[1]},{_broker(4)},2026-03-31 10:00:00,60,,352099001761482")  # mistyped
    with _case(tmp_path, rows, "caller,callee,start,duration,imei,imei_b") as case:
        changes, _ = sim_changes(case)
        old, new = _phone(case, _broker(3)), _phone(case, _broker(4))
        change = next(c for c in changes if {c.a, c.b} == {old, new})
        assert change.kind == "handset" and f"then {_broker(4)} from 30 Mar 2026" in change.reason
        flagged = case._query(
            "SELECT attrs FROM entities WHERE type = 'handset' AND label LIKE '%malformed%'"
        )
        assert len(flagged) == 1 and "Luhn" in json.loads(flagged[0][0])["imei_problem"]


# ------------------------------------------------------------------ tower dumps


def _dump(path, cell, day, strangers, known=()):
    rows = [f"{a},{b},2026-05-{day:02d} {h:02d}:00:00,30,{cell}" for h, (a, b) in enumerate(strangers)]
    rows += [f"{a},{b},2026-05-{day:02d} 23:30:00,30,{cell}" for a, b in known]
    return _cdr(path, rows, "calling_number,called_number,timestamp,seconds,cell_id")


@pytest.fixture
def dumps(tmp_path):
    boss, staff, beach = "+218911111111", "+218955555550", "+218966666666"
    strangers = [
        (f"+2189{2 + k // 10}000{k % 10:04d}", f"+2189{2 + k // 10}000{(k + 1) % 10:04d}") for k in range(20)
    ]  # ten in each dump, calling each other
    store = CaseStore.create(tmp_path / "case.ariadne", region="LY")
    import_file(
        store,
        _cdr(tmp_path / "cdr.csv", [f"{boss},{staff},2026-05-0{d} 10:00:00,60," for d in range(1, 9)]),
        ImportOptions(kind="calls"),
    )
    one = _dump(
        tmp_path / "dump1.csv", "LY-ZUW-1", 10, strangers[:10] + [(beach, strangers[0][0])], [(boss, beach)]
    )
    two = _dump(tmp_path / "dump2.csv", "LY-ZUW-2", 20, strangers[10:] + [(beach, strangers[12][0])])
    store.kinds = [detect_kind(one)[0]]
    for f in (one, two):
        import_file(store, f, ImportOptions(kind="towerdump", grading=Grading("C", 3)))
    store.numbers = {"boss": boss, "beach": beach, "stranger": strangers[3][0]}
    yield store
    store.close()


def test_a_single_cell_file_is_recognised_as_a_tower_dump(dumps):
    assert dumps.kinds == ["towerdump"]


def test_dump_calls_count_only_where_they_meet_the_case(dumps):
    edges = actor_edges(dumps)
    ends = set(edges["src"]) | set(edges["dst"])
    assert _phone(dumps, dumps.numbers["boss"]) in ends
    assert _phone(dumps, dumps.numbers["beach"]) in ends  # in two dumps
    assert _phone(dumps, dumps.numbers["stranger"]) not in ends  # stays in the case, not counted
    assert dumps.entity_by_identifier("phone", dumps.numbers["stranger"]) is not None


def test_the_briefings_outline_counts_dump_calls_as_the_actor_graph_does(dumps):
    nodes, edges = actor_outline(dumps)
    whole = actor_graph(dumps)
    assert nodes.tolist() == list(whole.nodes)
    assert {frozenset(e) for e in zip(edges["u"], edges["v"], strict=True)} == {
        frozenset(e) for e in whole.edges
    }
    assert _phone(dumps, dumps.numbers["stranger"]) not in set(edges["u"]) | set(edges["v"])


def test_intersection_lists_numbers_in_several_dumps_and_known_to_the_case(dumps, capsys):
    result = dump_intersection(dumps)
    numbers = {n["phones"][0]: n for n in result["numbers"]}
    assert numbers[dumps.numbers["beach"]]["dumps"] == ["dump1.csv", "dump2.csv"]
    assert numbers[dumps.numbers["boss"]]["known"] is True
    assert dumps.numbers["stranger"] not in numbers
    assert main(["towerdump", str(dumps.path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in printed["dumps"]] == ["dump1.csv", "dump2.csv"]


# ------------------------------------------------------------------ resolution that finishes


@pytest.fixture
def variants(tmp_path):
    """MANSUR GHARIANI and MANSUR GHARYANI, each on his own phone, calling the same 20 people;
    two 'Abu Omar' with nothing else in common."""
    rows = []
    for k in range(20):
        rows.append(f"+218911111111,+2189500000{k:02d},2026-03-{k + 1:02d} 10:00:00,60,")
        rows.append(f"+218922222222,+2189500000{k:02d},2026-04-{k + 1:02d} 10:00:00,60,")
    rows += [f"+218955555555,+2189500000{k:02d},2026-05-{k + 1:02d} 10:00:00,60," for k in range(10)]
    rows += [f"+218966666666,+2189500000{k:02d},2026-06-{k + 1:02d} 10:00:00,60," for k in range(10)]
    rows.append("+218933333333,+218977777777,2026-04-01 10:00:00,60,")
    rows.append("+218944444444,+218988888888,2026-04-01 10:00:00,60,")
    case = CaseStore.create(tmp_path / "v.ariadne", region="LY")
    import_file(case, _cdr(tmp_path / "cdr.csv", rows), ImportOptions(kind="calls"))
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "name,phone\nMANSUR GHARIANI,+218911111111\nMANSUR GHARYANI,+218922222222\n"
        "Abu Omar,+218933333333\nAbu Omar,+218944444444\n"
        "Mansur Zlitni,+218955555555\nMANSOUR ZLITENI,+218966666666\n",
        encoding="utf-8",
    )
    import_file(case, contacts, ImportOptions(kind="contacts", owner="+218999999999"))
    yield case
    case.close()


def _pair(cands, a, b):
    return next(c for c in cands if set(c.labels) == {a, b})


def test_transliteration_variants_with_many_contacts_in_common_score_high(variants):
    cands = merge_candidates(variants)
    assert _pair(cands, "MANSUR GHARIANI", "MANSUR GHARYANI").score >= DEFAULT_THRESHOLD
    pair = _pair(cands, "Mansur Zlitni", "MANSOUR ZLITENI")  # a spelling no table lists
    assert pair.score >= DEFAULT_THRESHOLD
    assert any("transliteration variants" in r and "contact(s) in common" in r for r in pair.reasons)


def test_an_epithet_alone_is_never_a_merge(variants):
    cands = [c for c in merge_candidates(variants) if set(c.labels) == {"Abu Omar"}]
    assert all(c.score < DEFAULT_THRESHOLD for c in cands)
    assert all("epithet" in " ".join(c.reasons) for c in cands)


def test_resolve_lists_the_best_first_and_merges_until_none_is_left(variants, capsys):
    variants.close()
    path = str(variants.path)
    assert main(["resolve", path, "--list", "--top", "1", "--min-score", "0.5"]) == 0
    out = capsys.readouterr().out.splitlines()
    listed = [line for line in out if line.startswith("  0.") or line.startswith("  1.")]
    assert len(listed) == 1 and "the best 1 shown" in out[0]
    assert main(["resolve", path, "--apply-above", "0.9"]) == 0
    capsys.readouterr()
    with CaseStore.open(path) as case:
        assert not merge_candidates(case, threshold=0.9)
