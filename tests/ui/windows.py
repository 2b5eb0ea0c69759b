"""A main window on the demonstration case for test modules that share one window."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner


def open_module_window(
    demo_case: Path, folder: Path, size: tuple[int, int], *, docks: bool = False
) -> MainWindow:
    """A real main window (synchronous tasks) shown at ``size`` on a copy of the demonstration
    case in ``folder``, for a module whose tests share one window (opening the case and drawing
    the chart is the slow part); ``docks`` lays the docks out first as at start-up."""
    case = folder / "case.ariadne"
    shutil.copy(demo_case, case)
    w = MainWindow(Session(), TaskRunner(synchronous=True))
    w.resize(*size)
    w.show()
    if docks:
        w._arrange_docks()
    w.open_case(str(case))
    return w
