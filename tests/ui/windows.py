"""A main window on the demonstration case for test modules that share one window."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QImage, QPainter

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


def render(view) -> QImage:
    """What ``view`` shows, painted into an image (as a screen would paint it)."""
    image = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    view.render(painter, source=view.viewport().rect())
    painter.end()
    return image


def drawn_chart(window: MainWindow, qtbot):
    """The window's link chart, drawn again and waited for."""
    window.chart.redraw()
    qtbot.waitUntil(lambda: len(window.chart.view.nodes) > 0)
    return window.chart
