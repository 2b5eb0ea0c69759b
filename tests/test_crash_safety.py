"""A process killed while writing leaves the case exactly as it was before.

Each test starts a real Python subprocess that writes to the case inside one transaction,
kills it with SIGKILL at a chosen point, then reopens the case and compares.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.graph.store import CaseStore

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL"), pytest.mark.slow]

WRITER = textwrap.dedent(
    """
    import sys
    from app.graph.store import CaseStore
    case = CaseStore.open(sys.argv[1])
    ids = [r[0] for r in case._query("SELECT id FROM entities WHERE type='person' ORDER BY id")]
    with case.transaction():
        print("started", flush=True)
        if sys.argv[2] == "merge":
            for a, b in zip(ids[::2], ids[1::2]):
                case.merge(a, b, evidence="crash test")
        i = 0
        while True:  # runs until killed
            case.add_entity("person", f"row {i}")
            i += 1
    """
)


def _snapshot(path: Path) -> tuple:
    with CaseStore.open(path) as case:
        rows = case._query("SELECT id, type, label, canonical FROM entities ORDER BY id")
        audit = case._query("SELECT COUNT(*) FROM audit")
        ok = case.conn.execute("PRAGMA integrity_check").fetchone()[0]
        return rows, audit, ok, case.verify_audit()


def _kill_writer(path: Path, mode: str, delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "started", proc.stderr.read() if proc.stderr else ""
        time.sleep(delay)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def seeded(tmp_path):
    path = tmp_path / "crash.ariadne"
    with CaseStore.create(path, title="Crash") as case, case.transaction():
        for i in range(40):
            case.add_entity("person", f"seed {i}")
    return path


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3, 1.0])
def test_killed_mid_write_leaves_case_as_before(seeded, delay):
    before = _snapshot(seeded)
    _kill_writer(seeded, "insert", delay)
    after = _snapshot(seeded)
    assert after == before
    assert after[2] == "ok"


@pytest.mark.parametrize("delay", [0.0, 0.2])
def test_killed_mid_merge_leaves_case_as_before(seeded, delay):
    before = _snapshot(seeded)
    _kill_writer(seeded, "merge", delay)
    assert _snapshot(seeded) == before


def test_committed_work_survives_a_kill_after_commit(seeded):
    script = textwrap.dedent(
        """
        import sys, time
        from app.graph.store import CaseStore
        case = CaseStore.open(sys.argv[1])
        with case.transaction():
            case.add_entity("person", "committed")
        print("started", flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(seeded)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with CaseStore.open(seeded) as case:
        assert case.search_entities("committed")[0]["label"] == "committed"


IMPORTER = textwrap.dedent(
    """
    import sys
    from app.graph.store import CaseStore
    from app.importers.pipeline import ImportOptions, import_file

    def progress(fraction, message):
        if fraction >= float(sys.argv[3]):
            print("at", fraction, flush=True)

    with CaseStore.open(sys.argv[1]) as case:
        import_file(case, sys.argv[2], ImportOptions(kind="calls"), progress=progress)
    print("finished", flush=True)
    """
)


@pytest.mark.parametrize("point", [0.3, 0.6, 0.9])
def test_killed_mid_import_leaves_case_as_before(seeded, tmp_path, point):
    """A real import of 40,000 call records, killed as its progress passes 0.3, 0.6 and 0.9
    (inside the write transaction): the case reopens with no trace of it, and the same file
    imports afterwards (it was not recorded as imported)."""
    cdr = tmp_path / "big.csv"
    rows = [
        f"+21891{i % 5000:07d},+21892{(i * 7) % 5000:07d},2026-03-{1 + i % 28:02d} 10:00:00,{i % 600}"
        for i in range(40_000)
    ]
    cdr.write_text("caller,callee,start,duration\n" + "\n".join(rows) + "\n")
    before = _snapshot(seeded)
    proc = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(seeded), str(cdr), str(point)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("at"), proc.stderr.read()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert _snapshot(seeded) == before
    with CaseStore.open(seeded) as case:
        assert case.counts()["sources"] == 0
        from app.importers.pipeline import ImportOptions, import_file

        assert import_file(case, cdr, ImportOptions(kind="calls")).events == 40_000
