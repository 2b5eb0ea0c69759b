"""Large call files: streamed in chunks inside one transaction, the same result as one
chunk, indexes rebuilt after a bulk write, and nothing left behind by a cancel."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.graph.store import CaseStore
from app.importers import textfile
from app.importers.base import ImportOptions
from app.importers.pipeline import import_file
from app.progress import Cancelled, CancelToken


def cdr(path: Path, rows: int, *, seed: int = 3, broken_every: int = 0) -> Path:
    rng = random.Random(seed)
    numbers = [f"+21891{rng.randrange(10**7):07d}" for _ in range(300)]
    lines = ["caller,callee,start,duration"]
    for i in range(rows):
        a, b = rng.sample(numbers, 2)
        line = f"{a},{b},2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 10:{rng.randint(10, 59)}:00,{i % 300}"
        if broken_every and i % broken_every == 7:
            line += ",surplus"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(case: CaseStore) -> tuple:
    links = case._query(
        "SELECT ps.value, pd.value, l.count, l.duration, l.first_seen, l.last_seen FROM links l "
        "JOIN identifiers ps ON ps.entity_id = l.src AND ps.kind = 'phone' "
        "JOIN identifiers pd ON pd.entity_id = l.dst AND pd.kind = 'phone' ORDER BY 1, 2"
    )
    events = case._query("SELECT row, ts, duration FROM events ORDER BY row")
    quarantine = case._query("SELECT row, reason FROM quarantine ORDER BY row")
    return links, events, quarantine


@pytest.mark.slow
def test_a_file_read_in_many_chunks_gives_what_one_chunk_gives(tmp_path, monkeypatch):
    path = cdr(tmp_path / "cdr.csv", 3000, broken_every=500)
    with CaseStore.create(tmp_path / "one.ariadne", region="LY") as one:
        whole = import_file(one, path, ImportOptions(kind="calls"))
        expected = snapshot(one)
    monkeypatch.setattr(textfile, "CHUNK_CHARS", 4096)  # about 90 rows a chunk
    seen = []
    with CaseStore.create(tmp_path / "many.ariadne", region="LY") as many:
        parts = import_file(many, path, ImportOptions(kind="calls"), progress=lambda f, m: seen.append(f))
        assert snapshot(many) == expected
        assert many.sources()[0]["rows_read"] == whole.rows_read == 2994
    assert (parts.events, parts.links_created, len(parts.quarantined)) == (
        whole.events,
        whole.links_created,
        6,
    )
    assert [q.row for q in parts.quarantined] == [9, 509, 1009, 1509, 2009, 2509]
    assert len([f for f in seen if 0.5 < f < 0.97]) > 20, "progress moves chunk by chunk"
    assert seen == sorted(seen), "progress never goes back"


def indexes(case: CaseStore) -> list[tuple]:
    return case._query("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")


@pytest.mark.slow
def test_a_bulk_import_rebuilds_the_indexes_it_deferred(tmp_path):
    path = cdr(tmp_path / "big.csv", 120_000)
    with CaseStore.create(tmp_path / "c.ariadne", region="LY") as case:
        before = indexes(case)
        result = import_file(case, path, ImportOptions(kind="calls"))
        assert result.events == 120_000
        assert indexes(case) == before
        sql = "EXPLAIN QUERY PLAN SELECT * FROM events WHERE ts >= '2026-05-01'"
        plan = case.conn.execute(sql).fetchall()
        assert any("events_ts" in str(step) for step in plan)


@pytest.mark.slow
def test_cancelling_a_streamed_import_leaves_the_case_and_its_indexes_as_they_were(tmp_path, monkeypatch):
    path = cdr(tmp_path / "big.csv", 120_000)
    monkeypatch.setattr(textfile, "CHUNK_CHARS", 1_000_000)
    token = CancelToken()

    def progress(fraction: float, message: str) -> None:
        if "of the file" in message:
            token.cancel()

    with CaseStore.create(tmp_path / "c.ariadne", region="LY") as case:
        before, counts = indexes(case), case.counts()
        with pytest.raises(Cancelled):
            import_file(case, path, ImportOptions(kind="calls"), progress=progress, cancel=token)
        assert indexes(case) == before and case.counts() == counts
        again = import_file(case, path, ImportOptions(kind="calls"))
        assert again.events == 120_000
