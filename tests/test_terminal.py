"""Progress on the terminal (issue 19): a line on stderr updated in place when stderr is a
terminal, nothing with --quiet or when stderr is a pipe or a file."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from app.terminal import TerminalProgress, terminal_progress

ROOT = Path(__file__).resolve().parents[1]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_one_line_rewritten_in_place_and_cleared_at_the_end():
    stream = _Tty()
    show = TerminalProgress(stream)
    show(0.1, "building the actor network")
    show(0.5, "communities")
    show(1.0, "analysis done")
    text = stream.getvalue()
    assert text.count("\r") >= 3 and "\n" not in text
    assert " 50% communities" in text
    assert text.endswith("\r")  # cleared: the command's own output starts on a clean line


def test_silent_when_quiet_or_not_a_terminal():
    assert terminal_progress(quiet=True, stream=_Tty()) is None
    assert terminal_progress(stream=io.StringIO()) is None
    assert terminal_progress(stream=_Tty()) is not None


def _run_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``ariadne ARGS`` with stderr on a pseudo-terminal; what it wrote there."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("quiet", [False, True])
def test_scenario_shows_progress_on_a_terminal_unless_quiet(tmp_path, quiet):
    args = ["scenario", str(tmp_path / "s"), "--size", "small", "--seed", "3"] + (
        ["--quiet"] if quiet else []
    )
    status, err = _run_on_a_terminal(args, tmp_path)
    assert status == 0
    assert ("%" in err and "\r" in err) != quiet


def test_progress_is_silent_when_stderr_is_a_pipe(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "scenario", str(tmp_path / "s"), "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and done.stderr == ""
