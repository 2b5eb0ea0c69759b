"""Fixtures the UI tests share: the demonstration case, built once for the run, and the real
main window opened on a fresh copy of it with a synchronous task runner."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.ui.dialogs.import_dialog import ImportDialog
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner


@pytest.fixture(scope="session")
def demo_case(tmp_path_factory, demo_copy):
    return demo_copy(7, tmp_path_factory.mktemp("demo") / "demo.ariadne")


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
def window(make_window, tmp_path):
    """The main window with no case open, its settings kept under ``tmp_path`` (the user's
    own are neither read nor written).  Files that need another window define their own."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    w = make_window()
    yield w
    w.close()


@pytest.fixture
def import_dialog(window, tmp_path, qtbot):
    """Opens File ▸ Import's dialog of ``window`` on some files or folders, as dropping them
    does, with a new empty case (region LY) open if none is: ``import_dialog(paths)``."""

    def open_dialog(paths) -> ImportDialog:
        if window.session.store is None:
            window.session.create(tmp_path / "ui.ariadne", region="LY", title="UI test")
        dialog = ImportDialog(window, files=[str(p) for p in paths])
        qtbot.addWidget(dialog)
        return dialog

    return open_dialog


@pytest.fixture(scope="session")
def demo_analysis(demo_case, tmp_path_factory):
    """The demonstration case analysed once for the run, as Run analysis does with the panel's
    defaults; tests that only need an analysed window start from it instead of running again."""
    from app.analysis import analyze_case
    from app.graph.store import CaseStore

    path = tmp_path_factory.mktemp("analysed") / "case.ariadne"
    shutil.copy(demo_case, path)
    with CaseStore.open(path) as case:
        return analyze_case(case, top=25, resolution=1.0, seed=7)


@pytest.fixture
def demo_window(make_window, tmp_path, demo_case, request):
    """The main window on a copy of the demonstration case; ``demo_analysis()`` gives a copy
    of the run's analysis of it (the same ids: the case is a copy)."""
    w = make_window()
    case = tmp_path / "case.ariadne"
    shutil.copy(demo_case, case)
    w.open_case(str(case))
    w.demo_analysis = lambda: copy.copy(request.getfixturevalue("demo_analysis"))
    yield w
    w.close()


def pytest_collection_modifyitems(config, items):
    """Every test under tests/ui needs Qt: ``-m "not gui"`` leaves them out."""
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.gui)
