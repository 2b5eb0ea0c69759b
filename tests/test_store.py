"""The case store: entities, links, evidence, merges, quarantine, audit, migrations."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from app.graph import schema
from app.graph.store import CaseBusy, CaseError, CaseStore
from app.model import Grading, SourceInfo


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "op.ariadne", title="Op Test", region="LY")
    yield store
    store.close()


def _source(case: CaseStore, name: str = "cdr.csv", grading: Grading | None = None) -> int:
    info = SourceInfo(name, sha256=name * 2, size=10, kind="calls", grading=grading or Grading())
    with case.transaction():
        return case.add_source(info)


def test_new_case_records_metadata_and_wal(case):
    assert case.title == "Op Test"
    assert case.region == "LY"
    assert case.currency == "EUR"
    assert case.schema_version == schema.SCHEMA_VERSION
    assert case.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert case.rates()["EUR"] == 1.0
    assert case.rates()["LYD"] < 1.0


def test_create_refuses_to_overwrite(tmp_path, case):
    with pytest.raises(CaseError, match="already exists"):
        CaseStore.create(case.path)


def test_open_rejects_missing_and_foreign_files(tmp_path):
    with pytest.raises(CaseError, match="no such case file"):
        CaseStore.open(tmp_path / "missing.ariadne")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(CaseError, match="not an SQLite database"):
        CaseStore.open(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    with pytest.raises(CaseError, match="not an Ariadne case"):
        CaseStore.open(other)


def test_open_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "future.ariadne"
    CaseStore.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(CaseError, match="newer Ariadne"):
        CaseStore.open(path)


def test_case_written_by_first_version_opens_and_migrates(tmp_path):
    path = tmp_path / "v1.ariadne"
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=1)
    conn.execute("INSERT INTO meta VALUES ('title', 'Old case')")
    conn.execute("INSERT INTO entities(id, type, label, canonical) VALUES (1, 'person', 'Salem', 1)")
    conn.close()

    with CaseStore.open(path) as case:
        assert case.schema_version == schema.SCHEMA_VERSION
        assert case.title == "Old case"
        assert case.entity(1)["label"] == "Salem"
        case.save_chart("main", {"zoom": 2})  # a version-2 table
        assert case.chart("main") == {"zoom": 2}
    backup = tmp_path / "v1.ariadne.v1.bak"
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()


def test_entities_identifiers_and_deterministic_joins(case):
    src = _source(case)
    with case.transaction():
        phone, created = case.ensure_entity(
            "phone", "phone", "+218912345678", raw="0912 345 678", source_id=src, row=3
        )
        again, created_again = case.ensure_entity(
            "phone", "phone", "+218912345678", raw="00218912345678", source_id=src, row=9
        )
    assert created and not created_again
    assert phone == again
    assert case.entity_by_identifier("phone", "+218912345678") == phone
    assert [e["row"] for e in case.evidence_for("entity", phone)] == [3]
    assert case.evidence_for("entity", phone)[0]["grading"] == "F6"


def test_bulk_ensure_entities_reuses_known_numbers(case):
    src = _source(case)
    with case.transaction():
        known, _ = case.ensure_entity("phone", "phone", "+218911111111")
        ids, created = case.bulk_ensure_entities(
            "phone", "phone", {"+218911111111": "0911111111", "+218922222222": "0922222222"}, source_id=src
        )
    assert created == {"+218922222222"}
    assert ids["+218911111111"] == known
    assert case.entity(ids["+218922222222"])["type"] == "phone"


def test_links_aggregate_per_ordered_pair_and_keep_events(case):
    src = _source(case)
    with case.transaction():
        a = case.add_entity("phone", "+218911111111")
        b = case.add_entity("phone", "+218922222222")
        for row, (ts, dur) in enumerate([("2024-03-02T10:00:00", 60), ("2024-03-01T09:00:00", 30)]):
            link = case.upsert_link("called", a, b, ts=ts, duration=dur)
            case.add_event(link, src, row, ts=ts, duration=dur)
        reverse = case.upsert_link("called", b, a, ts="2024-03-05T00:00:00")
    got = case.link(link)
    assert (got["count"], got["duration"]) == (2, 90)
    assert (got["first_seen"], got["last_seen"]) == ("2024-03-01T09:00:00", "2024-03-02T10:00:00")
    assert reverse != link
    assert len(case.evidence_for("link", link)) == 2
    assert len(case.events_frame(link_types=["called"])) == 2


def test_unknown_link_type_is_refused(case):
    with case.transaction():
        a, b = case.add_entity("person"), case.add_entity("person")
    with pytest.raises(ValueError, match="unknown link type"):
        case.upsert_link("befriended", a, b)


def test_failed_transaction_leaves_case_unchanged(case):
    before = case.counts()
    with pytest.raises(RuntimeError), case.transaction():
        case.add_entity("person", "Ghost")
        raise RuntimeError("boom")
    assert case.counts() == before


def test_merge_and_unmerge_restore_exact_state(case):
    with case.transaction():
        a = case.add_entity("person", "Salem Haddad")
        b = case.add_entity("person", "SALIM HADDAD")
        c = case.add_entity("person", "Abu Salem")
    snapshot = case.conn.execute("SELECT id, canonical FROM entities ORDER BY id").fetchall()
    m1 = case.merge(a, b, score=0.93, evidence="names 92% similar")
    m2 = case.merge(c, a, score=0.9, evidence="same number")
    assert case.canonical(b) == c and case.canonical(a) == c
    assert case.members(a) == [a, b, c]
    with pytest.raises(ValueError, match=f"undo merge {m2} first"):
        case.unmerge(m1)
    case.unmerge(m2)
    case.unmerge(m1)
    assert case.conn.execute("SELECT id, canonical FROM entities ORDER BY id").fetchall() == snapshot
    with pytest.raises(ValueError, match="already undone"):
        case.unmerge(m1)
    actions = [r["action"] for r in case.audit()]
    assert actions.count("merge") == 2 and actions.count("unmerge") == 2


def test_merge_refuses_different_types_and_same_entity(case):
    with case.transaction():
        p = case.add_entity("person", "A")
        ph = case.add_entity("phone", "+1")
    with pytest.raises(ValueError, match="cannot merge a person with a phone"):
        case.merge(p, ph)
    with pytest.raises(ValueError, match="already one entity"):
        case.merge(p, p)


def test_quarantine_keeps_row_reason_and_raw_text(case):
    src = _source(case)
    with case.transaction():
        case.quarantine(src, 17, "unreadable date '31/02/2024'", "0911,0922,31/02/2024,60")
    rows = case.quarantined(src)
    assert rows[0]["row"] == 17
    assert rows[0]["file_name"] == "cdr.csv"
    assert "31/02/2024" in rows[0]["raw"]
    assert case.counts()["quarantined"] == 1


def test_audit_chain_detects_tampering(case):
    case.add_watch("phone", "+218911111111", "known organiser")
    assert case.verify_audit() == []
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        case.conn.execute("UPDATE audit SET action='nothing' WHERE id=1")
    # Someone who drops the triggers to edit history is still caught by the chain.
    case.conn.execute("DROP TRIGGER audit_no_update")
    case.conn.execute("UPDATE audit SET details='{}' WHERE id=2")
    problems = case.verify_audit()
    assert any("contents changed" in p for p in problems)


def test_grading_change_is_audited(case):
    src = _source(case)
    case.set_grading(src, Grading("B", 2))
    assert case.source(src)["reliability"] == "B"
    assert case.audit()[-1]["details"]["to"] == "B2"


def test_watch_hits_report_numbers_seen_in_a_source(case):
    case.add_watch("phone", "+218911111111", "organiser")
    src = _source(case)
    with case.transaction():
        case.ensure_entity("phone", "phone", "+218911111111", source_id=src)
        case.ensure_entity("phone", "phone", "+218933333333", source_id=src)
    hits = case.watch_hits(src)
    assert [(h["value"], h["label"]) for h in hits] == [("+218911111111", "organiser")]


def test_annotations_requirements_and_search(case):
    with case.transaction():
        p = case.add_entity("person", "Salem Haddad")
        case.add_identifier(p, "name", "Salem Haddad")
    case.annotate("entity", p, "Seen in Zuwara in May")
    req = case.add_requirement("Who collects the money in Sebha?", entity_ids=[p])
    case.update_requirement(req, status="answered")
    assert case.annotations("entity", p)[0]["text"] == "Seen in Zuwara in May"
    assert case.requirements()[0]["status"] == "answered"
    assert case.requirements()[0]["entity_ids"] == [p]
    assert [e["id"] for e in case.search_entities("haddad")] == [p]


def test_second_writer_gets_a_clear_busy_message(case):
    other = CaseStore.open(case.path)
    other.conn.execute("PRAGMA busy_timeout=50")
    try:
        with case.transaction():
            case.add_entity("person", "holding the lock")
            with pytest.raises(CaseBusy, match="busy"), other.transaction():
                pass
    finally:
        other.close()


def test_backup_is_a_consistent_copy(case, tmp_path):
    with case.transaction():
        case.add_entity("person", "Kept")
    target = case.backup(tmp_path / "copy.ariadne")
    with CaseStore.open(target) as copy:
        assert copy.counts()["entities"] == 1


def test_query_is_read_only(case):
    with pytest.raises(ValueError, match="read-only"):
        case._query("DELETE FROM entities")
    assert case._query("SELECT COUNT(*) FROM entities") == [(0,)]


def test_unfiltered_links_read_the_stored_totals_which_match_the_events(case, tmp_path):
    from app.importers.base import ImportOptions
    from app.importers.pipeline import import_file

    cdr = tmp_path / "cdr.csv"
    cdr.write_text(
        "caller,callee,start,duration\n0911111111,0922222222,2026-03-01 10:00,60\n"
        "0911111111,0922222222,2026-03-05 10:00,30\n0922222222,0933333333,2026-03-02 09:00,5\n",
        encoding="utf-8",
    )
    book = tmp_path / "book.csv"
    book.write_text("name,phone\nSalem,0922222222\n", encoding="utf-8")
    import_file(case, cdr, ImportOptions())
    import_file(case, book, ImportOptions(owner="0911111111"))
    stored = case.link_frame().set_index("link_id").sort_index()
    summed = case.link_frame(start="1900-01-01", end="2100-01-01").set_index("link_id").sort_index()
    assert len(stored) == 4 and set(stored["type"]) == {"called", "in_contacts", "uses"}
    pd.testing.assert_frame_equal(stored, summed, check_dtype=False)
    called = stored[stored["type"] == "called"].sort_values("count")
    assert called["count"].tolist() == [1, 2] and called["duration"].tolist() == [5.0, 90.0]


def test_saved_charts_are_listed_latest_first_and_saving_is_audited(case):
    case.save_chart("border crossing", {"actors": [{"id": 1}]})
    case.save_chart("main", {"actors": [{"id": 1}, {"id": 2}]})
    assert {name for name, _at in case.charts()} == {"main", "border crossing"}
    saved = [a["details"] for a in case.audit() if a["action"] == "chart saved"]
    assert saved == [{"name": "border crossing", "actors": 1}, {"name": "main", "actors": 2}]
    assert case.verify_audit() == []


def test_a_links_grading_is_the_best_of_its_events_and_evidence(case):
    """Reliability and credibility are each the best among the link's sources, whether the
    source gave an event or an evidence row; a link no graded source speaks for has none."""
    weak = _source(case, "weak.csv", Grading("C", 1))
    sure = _source(case, "sure.csv", Grading("A", 3))
    worst = _source(case, "worst.csv", Grading("F", 6))
    with case.transaction():
        a, b, c = (case.add_entity("person", name) for name in ("A", "B", "C"))
        both = case.upsert_link("called", a, b)
        case.add_event(both, weak, 1, ts="2024-01-01")
        case.add_event(both, sure, 2, ts="2024-01-02")
        case.add_event(both, sure, 3, ts="2024-01-03")
        saved = case.upsert_link("in_contacts", a, c)
        case.add_evidence("link", saved, worst, 4)
        case.add_evidence("link", saved, weak, 5)
        bare = case.upsert_link("in_contacts", b, c)
    grades = case.link_gradings()
    assert grades.to_dict() == {both: "A1", saved: "C1"} and bare not in grades.index
    assert case.best_gradings()[1] == {both: "A1", saved: "C1"}


def test_named_reads_for_the_window_and_the_exports(case):
    """The Entities panel, the map, the merges table and the pseudonymiser read through named
    store methods: merged entities appear once, under the entity that kept them."""
    source = _source(case, grading=Grading("B", 2))
    with case.transaction():
        salem = case.add_entity("person", "Salem", source_id=source, row=1)
        alias = case.add_entity("person", "Abu Salem", source_id=source, row=2)
        phone = case.add_entity("phone", "+218910000001", source_id=source, row=3)
        tripoli = case.add_entity("location", "Tripoli", {"lat": 32.9, "lon": 13.2})
        case.add_identifier(salem, "name", "Salem")
        case.add_identifier(alias, "alias", "Abu Salem")
        case.add_identifier(phone, "phone", "+218910000001")
        case.upsert_link("uses", alias, phone)
    case.merge(salem, alias)
    people = case.entity_table("person")
    assert people["id"].tolist() == [salem]
    assert set(people.at[0, "identifiers"].split(", ")) == {"Salem", "Abu Salem"}
    assert people.at[0, "evidence"] == 1
    assert len(case.entity_table()) == 3
    places = case.places_frame()
    assert places.to_dict("records") == [{"id": tripoli, "label": "Tripoli", "lat": 32.9, "lon": 13.2}]
    assert case.entity_labels()[alias] == "Abu Salem"
    assert case.used_by([salem]) == [(phone, "phone")] and case.used_by([]) == []
    entities = case.entity_gradings()
    assert entities[salem] == "B2" and tripoli not in entities
    assert case.names_by_entity() == [(salem, "Salem"), (salem, "Abu Salem")]
