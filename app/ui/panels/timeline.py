"""Timeline: calls, messages, transfers and journeys over time, and the time window that
filters the chart and the analyses."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.graph.networks import GraphFilter
from app.model import Grading
from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FigureCanvas


def load_events(session: Session):
    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            return store.events_frame(), store.legs_frame()

    return work


class TimelinePanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.canvas = FigureCanvas(self)
        self.use_window = QCheckBox(self.tr("Only between"), self)
        self.start, self.end = QDateEdit(self), QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.grading = QComboBox(self)
        self.grading.addItem(self.tr("any source"), "")
        for code in ("A1", "B2", "C3", "D4"):
            self.grading.addItem(self.tr("sources graded {g} or better").format(g=code), code)
        self.grading.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.grading.setMinimumContentsLength(24)
        self.apply = QPushButton(self.tr("Apply to chart and analyses"), self)
        self.info = QLabel(self)
        bar = QHBoxLayout()
        for w in (
            self.use_window,
            self.start,
            QLabel(self.tr("and")),
            self.end,
            self.grading,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        # The button and the counts on a second line: their length must not widen the window.
        second = QHBoxLayout()
        second.addWidget(self.apply)
        second.addWidget(self.info, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(second)
        layout.addWidget(self.canvas, 1)
        self.apply.clicked.connect(self._on_apply_clicked)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)

    def refresh(self, *_args) -> None:
        if self.session.store is not None:
            self.runner.start("timeline", load_events(self.session))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind != "timeline":
            return
        from app.exports.figures import timeline_figure

        events, legs = result
        self.canvas.show_figure(timeline_figure(events, legs, tr=i18n.core_language().t))
        if len(events):
            first, last = str(events["ts"].min())[:10], str(events["ts"].max())[:10]
            self.info.setText(
                self.tr("{n} events from {a} to {b}").format(
                    n=i18n.number(len(events)), a=i18n.day(first), b=i18n.day(last)
                )
            )
            if not self.use_window.isChecked():
                self.start.setDate(QDate.fromString(first, "yyyy-MM-dd"))
                self.end.setDate(QDate.fromString(last, "yyyy-MM-dd"))

    def _on_apply_clicked(self) -> None:
        """The time window and the minimum source grading filter the chart and every analysis."""
        code = self.grading.currentData()
        grading = Grading.parse(code) if code else None
        start = end = None
        if self.use_window.isChecked():
            start = self.start.date().toString("yyyy-MM-dd")
            end = self.end.date().toString("yyyy-MM-dd") + "T23:59:59"
        self.session.set_filter(
            GraphFilter(start=start, end=end, layers=self.session.filter.layers, min_grading=grading)
        )
