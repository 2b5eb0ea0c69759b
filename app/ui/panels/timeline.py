"""Timeline: one row per selected actor (or per phone or account) with their calls,
messages, transfers and journey legs on a time axis, the weekly overview of the whole case
below it, and the time window the map shares and that can filter the chart and the analyses."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.graph.networks import GraphFilter
from app.model import Grading
from app.ui import i18n
from app.ui.event_chart import EventChartView
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.time_window import TimeWindowBar
from app.ui.widgets import FigureCanvas


def load_events(session: Session):
    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            return store.events_frame(), store.legs_frame()

    return work


MAX_ROWS = 30  # actors given a row at most: more would not fit the panel


def load_actor_events(session: Session, actors: list[int], *, by: str, between_only: bool):
    """The selected actors' events, read in the background (see
    :func:`app.graph.timelines.actor_events`)."""

    def work(progress=None, cancel=None):
        from app.graph.timelines import actor_events

        with session.worker_store() as store:
            return actor_events(store, actors, by=by, between_only=between_only)

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
        self.show_days()
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
        self.time = TimeWindowBar(session, self)
        self.events = EventChartView(self)
        self.rows_by = QComboBox(self)
        self.rows_by.addItem(self.tr("A row per actor"), "actor")
        self.rows_by.addItem(self.tr("A row per phone or account"), "identifier")
        self.rows_by.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.between = QCheckBox(self.tr("Only between the selected actors"), self)
        self.between.setToolTip(self.tr("Select two actors to see the timeline of the pair"))
        self.fit = QPushButton(self.tr("Fit"), self)
        self.rows_info = QLabel(self)
        rows_bar = QHBoxLayout()
        for w in (self.rows_by, self.between, self.fit):
            rows_bar.addWidget(w)
        rows_bar.addWidget(self.rows_info, 1)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(rows_bar)
        upper_layout.addWidget(self.events, 1)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(upper)
        self.split.addWidget(self.canvas)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([600, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(second)
        layout.addWidget(self.time)
        layout.addWidget(self.split, 1)
        self._span = None
        self._left_out = 0
        self._shade_timer = QTimer(self, singleShot=True, interval=250)
        self._shade_timer.timeout.connect(self._shade_overview)
        self.apply.clicked.connect(self._on_apply_clicked)
        self.use_window.toggled.connect(self._on_window_edited)
        self.start.dateChanged.connect(self._on_window_edited)
        self.end.dateChanged.connect(self._on_window_edited)
        self.rows_by.currentIndexChanged.connect(self.load_rows)
        self.between.toggled.connect(self.load_rows)
        self.fit.clicked.connect(self.events.fit)
        self.events.event_picked.connect(self._on_events_event_picked)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)
        session.actors_selected.connect(self.load_rows)
        session.case_closed.connect(lambda: self.events.set_events(self.events.events.iloc[0:0], []))
        session.window_changed.connect(self._on_session_window_changed)

    def show_days(self) -> None:
        """The date fields write days as the window's language does (again after a switch)."""
        for edit in (self.start, self.end):
            edit.setDisplayFormat(i18n.day_format())

    def refresh(self, *_args) -> None:
        if self.session.store is not None:
            self.runner.start("timeline", load_events(self.session))
            self.load_rows()

    def load_rows(self, *_args) -> None:
        """The per-actor rows of the actors selected last (on the chart, the map, a table)."""
        actors = self.session.selected_actors
        if self.session.store is None or not actors:
            self.events.set_events(self.events.events.iloc[0:0], [])
            self.rows_info.setText("")
            return
        self._left_out = max(0, len(actors) - MAX_ROWS)  # rows stay readable in the panel
        self.runner.start(
            "actor timeline",
            load_actor_events(
                self.session,
                list(actors)[:MAX_ROWS],
                by=self.rows_by.currentData(),
                between_only=self.between.isChecked(),
            ),
        )

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "actor timeline":
            self._show_rows(result)
        if kind != "timeline":
            return
        from app.exports.figures import timeline_figure

        events, legs = result
        self.canvas.show_figure(timeline_figure(events, legs, tr=i18n.core_language().t))
        self._span = None
        self._shade_overview()
        if len(events):
            first, last = str(events["ts"].min())[:10], str(events["ts"].max())[:10]
            self.info.setText(
                self.tr("{n} events from {a} to {b}").format(
                    n=i18n.number(len(events)), a=i18n.day(first), b=i18n.day(last)
                )
            )
            if not self.use_window.isChecked():
                self._set_dates_quietly(first, last)

    def _show_rows(self, frame) -> None:
        self.events.set_events(frame)
        self.events.set_window(*self.session.window)
        text = self.tr("{n} events of {a} rows. Wheel: zoom in time · drag: pan · double-click: all").format(
            n=f"{len(frame):,}", a=len(self.events.rows)
        )
        if self._left_out:
            text += " " + self.tr("({n} more selected actors left out.)").format(n=self._left_out)
        self.rows_info.setText(text)

    def _on_events_event_picked(self, actors: list) -> None:
        """A call, message, transfer or leg clicked: both its ends marked on the chart."""
        if self.session.store is not None:
            self.session.highlight([int(a) for a in actors])

    def _set_dates_quietly(self, first: str, last: str) -> None:
        for edit, day in ((self.start, first), (self.end, last)):
            edit.blockSignals(True)
            edit.setDate(QDate.fromString(day[:10], "yyyy-MM-dd"))
            edit.blockSignals(False)

    def _on_window_edited(self, *_args) -> None:
        """The dates typed here are the window the map and the slider show too."""
        if not self.use_window.isChecked():
            self.session.set_window(None, None)
            return
        start = self.start.date().toString("yyyy-MM-dd")
        self.session.set_window(start, self.end.date().toString("yyyy-MM-dd") + "T23:59:59")

    def _shade_overview(self) -> None:
        """The shared time window shaded on the weekly overview (redrawn once the slider rests)."""
        axes = self.canvas.figure.axes
        if self._span is not None:
            self._span.remove()
            self._span = None
        start, end = self.session.window
        if axes and (start or end):
            lo, hi = axes[0].get_xlim()
            left = mdates.date2num(pd.Timestamp(start[:10])) if start else lo
            right = mdates.date2num(pd.Timestamp(end[:10])) + 1 if end else hi
            self._span = axes[0].axvspan(left, right, color="#FFD54F", alpha=0.25, zorder=0, lw=0)
            axes[0].set_xlim(lo, hi)
        self.canvas.draw_idle()

    def _on_session_window_changed(self, start, end) -> None:
        self._shade_timer.start()
        self.events.set_window(start, end)
        self.use_window.blockSignals(True)
        self.use_window.setChecked(bool(start or end))
        self.use_window.blockSignals(False)
        first, last = self.session.span
        if start or end:
            self._set_dates_quietly(start or first or "", end or last or "")

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
