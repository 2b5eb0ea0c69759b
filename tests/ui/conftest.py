"""Fixtures the UI tests share: the demonstration case, built once for the run, and the real
main window opened on a fresh copy of it with a synchronous task runner."""

from __future__ import annotations

import shutil

import pytest

from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner


@pytest.fixture(scope="session")
def demo_case(tmp_path_factory):
    from app.demo import build_demo_case

    return build_demo_case(tmp_path_factory.mktemp("demo") / "demo.ariadne", size="small", seed=7)


@pytest.fixture
def make_window(qtbot):
    """Makes the real main window with a synchronous task runner; ``failures`` collects task
    errors."""

    def make() -> MainWindow:
        runner = TaskRunner(synchronous=True)
        failures = []
        runner.failed.connect(lambda kind, message, details: failures.append((kind, message, details)))
        w = MainWindow(Session(), runner)
        qtbot.addWidget(w)
        w.failures = failures
        return w

    return make


@pytest.fixture
def demo_window(make_window, tmp_path, demo_case):
    """The main window on a copy of the demonstration case."""
    w = make_window()
    case = tmp_path / "case.ariadne"
    shutil.copy(demo_case, case)
    w.open_case(str(case))
    yield w
    w.close()
