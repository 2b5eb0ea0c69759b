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

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses SIGKILL")

WRITER = textwrap.dedent(
    """
    import sys
    from app.graph.store import CaseStore
    case = CaseStore.open(sys.argv[1])
    ids = [r[0] for r in case.query("SELECT id FROM entities WHERE type='person' ORDER BY id")]
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
        rows = case.query("SELECT id, type, label, canonical FROM entities ORDER BY id")
        audit = case.query("SELECT COUNT(*) FROM audit")
        ok = case.conn.execute("PRAGMA integrity_check").fetchone()[0]
        return rows, audit, ok, case.verify_audit()


def _kill_writer(path: Path, mode: str, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), mode], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
    proc = subprocess.Popen([sys.executable, "-c", script, str(seeded)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    with CaseStore.open(seeded) as case:
        assert case.search_entities("committed")[0]["label"] == "committed"
