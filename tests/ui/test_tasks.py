"""The task runner hears only the current job of each kind (real worker threads)."""

from __future__ import annotations

import threading

import pytest

from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner

pytestmark = pytest.mark.gui


def _stubborn(release: threading.Event, result: str):
    """A job that finishes with ``result`` once released, whether or not it was cancelled."""

    def work(progress=None, cancel=None):
        release.wait(10)
        progress(0.9, "late progress from " + result)
        return result

    return work


def _polite(started: threading.Event):
    """A job that runs until it is cancelled, checking its token as core loops do."""

    def work(progress=None, cancel=None):
        started.set()
        while True:
            cancel.check()
            progress(0.5, "second")
            threading.Event().wait(0.01)

    return work


def test_a_superseded_task_is_silent_and_cancel_stops_its_successor(qtbot):
    runner = TaskRunner()
    window = MainWindow(Session(), runner)
    qtbot.addWidget(window)
    finished, cancelled, messages = [], [], []
    runner.finished.connect(lambda kind, result: finished.append((kind, result)))
    runner.cancelled.connect(cancelled.append)
    runner.progressed.connect(lambda kind, f, m: messages.append(m))
    release, started = threading.Event(), threading.Event()

    first = runner.start("analysis", _stubborn(release, "first"))
    second = runner.start("analysis", _polite(started))
    assert first.cancelled and not second.cancelled
    assert started.wait(10)
    release.set()  # the first job now returns its stale result and reports stale progress
    qtbot.wait(300)
    assert finished == [] and "late progress from first" not in messages
    assert runner.busy() and not window.cancel.isHidden(), "the window says it is idle while work runs"

    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        window.cancel.click()
    assert second.cancelled and cancelled == ["analysis"] and finished == []
    qtbot.waitUntil(lambda: window.cancel.isHidden(), timeout=2000)
    assert not runner.busy()
    runner.shutdown()


def test_only_the_second_result_arrives(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    runner.start("layout", _stubborn(release, "first"))
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start("layout", lambda progress=None, cancel=None: "second")
    release.set()
    runner.shutdown()
    qtbot.wait(200)  # let the first job's queued signals arrive, to be dropped
    assert blocker.args == ["layout", "second"]
    assert not runner.busy()


def test_tasks_of_other_kinds_run_side_by_side(qtbot):
    runner = TaskRunner()
    done = []
    runner.finished.connect(lambda kind, result: done.append(kind))
    runner.start("map", lambda progress=None, cancel=None: 1)
    runner.start("timeline", lambda progress=None, cancel=None: 2)
    qtbot.waitUntil(lambda: sorted(done) == ["map", "timeline"], timeout=5000)
    runner.shutdown()
