"""Starting the desktop application: translations, the main window, the demonstration case."""

from __future__ import annotations

import gc
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTranslator
from PySide6.QtWidgets import QApplication, QProgressDialog

from app.ui.i18n import chosen_language, current, set_language
from app.ui.main_window import MainWindow


def install_translator(app: QApplication, language: str | None = None) -> QTranslator | None:
    """French (or English) from the preferences, defaulting to the system language: the
    catalogue of the window's words and the locale of its numbers and dates."""
    set_language(language if language in ("en", "fr") else chosen_language())
    if current() != "fr":
        return None
    return app.findChild(QTranslator, "ariadne-translator")


def demo_case_path() -> Path:
    base = (
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        or tempfile.gettempdir()
    )
    folder = Path(base) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "operation-ariadne-demo.ariadne"


def start_demo(window: MainWindow) -> None:
    """Build (once) and open the demonstration case, in the background with a progress dialog."""
    path = demo_case_path()
    if path.exists():
        window.open_case(str(path))
        window.analysis._on_run_clicked()
        return
    dialog = QProgressDialog(
        window.tr("Generating the demonstration case…"), window.tr("Cancel"), 0, 100, window
    )
    dialog.setMinimumDuration(0)

    def work(progress=None, cancel=None):
        from app.demo import build_demo_case

        return build_demo_case(path, size="small", seed=7, progress=progress, cancel=cancel)

    def done(kind: str, result: object) -> None:
        if kind == "demo":
            dialog.close()
            window.open_case(str(result))
            window.analysis._on_run_clicked()

    window.runner.progressed.connect(
        lambda kind, f, m: kind == "demo" and (dialog.setValue(int(f * 100)), dialog.setLabelText(m))
    )
    window.runner.finished.connect(done)
    dialog.canceled.connect(lambda: window.runner.cancel("demo"))
    window.runner.start("demo", work)


def freeze_long_lived() -> None:
    """Keep what lives as long as the program (modules, classes, the window: some 180,000
    objects) out of the garbage collector's full passes.  Each pass walks every object in
    ~0.1 s on the GUI thread, at a moment of its choosing (a frame of the chart, say); frozen
    objects are skipped, and anything dropped is still freed by reference counting."""
    gc.collect()
    gc.freeze()


def run_app(case_path: str | None = None, demo: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Ariadne")
    app.setOrganizationName("Ariadne")
    install_translator(app)
    window = MainWindow()
    freeze_long_lived()
    window.showMaximized()  # the analyst's whole screen, whatever its size
    if demo:
        start_demo(window)
    elif case_path:
        window.open_case(case_path)
    return app.exec()
