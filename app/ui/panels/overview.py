"""Case overview: counts, sources with their grading (editable), quarantined rows,
requirements and hypotheses."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.model import CREDIBILITY, RELIABILITY, Grading
from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable, whole_tabs


class SourceGradingEdit(QWidget):
    """Reliability A–F and credibility 1–6 with their meanings."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reliability, self.credibility = QComboBox(self), QComboBox(self)
        for key, meaning in RELIABILITY.items():
            self.reliability.addItem(f"{key} — {i18n.word(meaning)}", key)
        for key, meaning in CREDIBILITY.items():
            self.credibility.addItem(f"{key} — {i18n.word(meaning)}", key)
        for box in (self.reliability, self.credibility):
            # Each box as wide as its longest meaning, one above the other, so that a
            # dock beside the chart shows them whole ("F — Reliability cannot be judged").
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.setToolTip(self.tr("Admiralty grading: source reliability A–F, information credibility 1–6"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reliability)
        layout.addWidget(self.credibility)
        self.set_grading(Grading())

    def grading(self) -> Grading:
        return Grading(self.reliability.currentData(), int(self.credibility.currentData()))

    def set_grading(self, grading: Grading) -> None:
        self.reliability.setCurrentIndex(list(RELIABILITY).index(grading.reliability))
        self.credibility.setCurrentIndex(list(CREDIBILITY).index(grading.credibility))


def load_summary(session: Session):
    """The case's counts, sources, quarantined rows and requirements, read in the background
    (counting a national case's links and events takes a while)."""

    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            sources = pd.DataFrame(store.sources())
            if not sources.empty:
                sources["grading"] = sources["reliability"] + sources["credibility"].astype(str)
                sources = sources[  # what tells one file from another first, ids last
                    ["file_name", "grading", "kind", "rows_read", "exhibit", "owner", "imported_at", "id"]
                ]
                sources = sources.rename(columns={"id": "source"})
            quarantined = pd.DataFrame(store.quarantined())
            if not quarantined.empty:  # the file, row and reason in sight; ids at the end
                first = ["file_name", "row", "reason", "raw"]
                quarantined = quarantined[first + [c for c in quarantined.columns if c not in first]]
            return (
                store.counts(),
                sources,
                quarantined,
                pd.DataFrame(store.requirements()),
            )

    return work


class OverviewPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.summary = QLabel(self.tr("No case open. File ▸ New case, or File ▸ Open."), self)
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget(self)
        whole_tabs(self.tabs)
        self.sources = FrameTable(search=False)
        self.quarantine = FrameTable()
        self.requirements = FrameTable(search=False)
        grading_row = QWidget(self)
        form = QFormLayout(grading_row)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # the boxes get the dock's width
        self.grading = SourceGradingEdit(grading_row)
        self.apply_grading = QPushButton(self.tr("Change grading"), grading_row)
        self.apply_grading.setToolTip(self.tr("Change grading of the selected source"))
        form.addRow(self.tr("Grading"), self.grading)
        form.addRow(self.apply_grading)
        sources_box = QWidget(self)
        box = QVBoxLayout(sources_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.sources)
        box.addWidget(grading_row)
        req_box = QWidget(self)
        rbox = QVBoxLayout(req_box)
        rbox.setContentsMargins(0, 0, 0, 0)
        self.add_requirement = QPushButton(self.tr("Add a requirement or hypothesis…"), req_box)
        rbox.addWidget(self.requirements)
        rbox.addWidget(self.add_requirement)
        self.tabs.addTab(sources_box, self.tr("Sources"))
        self.tabs.addTab(self.quarantine, self.tr("Quarantined rows"))
        self.tabs.addTab(req_box, self.tr("Requirements"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs)
        self.apply_grading.clicked.connect(self._on_apply_grading_clicked)
        self.add_requirement.clicked.connect(self._on_add_requirement_clicked)
        self.sources.row_selected.connect(self._on_sources_row_selected)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)
        session.case_closed.connect(self.refresh)

    def refresh(self, *_args) -> None:
        if self.session.store is None:
            self.summary.setText(self.tr("No case open."))
            for table in (self.sources, self.quarantine, self.requirements):
                table.set_frame(pd.DataFrame())
            return
        self.runner.start("case summary", load_summary(self.session))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind != "case summary" or self.session.store is None:
            return
        c, sources, quarantine, requirements = result
        types = ", ".join(f"{i18n.number(n)} {i18n.word(t)}" for t, n in c["entity_types"].items())
        self.summary.setText(
            self.tr(
                "<b>{title}</b> — region {region}<br>{entities} entities ({types}); "
                "{links} links; {events} events; {sources} sources; {quarantined} quarantined "
                "rows; {merges} merges"
            ).format(
                title=c["title"] or self.session.path.name,
                region=c["region"] or "—",
                entities=i18n.number(c["entities"]),
                types=types,
                links=i18n.number(c["links"]),
                events=i18n.number(c["events"]),
                sources=i18n.number(c["sources"]),
                quarantined=i18n.number(c["quarantined"]),
                merges=i18n.number(c["merges"]),
            )
        )
        self.sources.set_frame(sources)
        self.quarantine.set_frame(quarantine)
        self.requirements.set_frame(requirements)

    def _on_sources_row_selected(self, row: int) -> None:
        frame = self.sources.model.frame
        if row < len(frame):
            self.grading.set_grading(Grading.parse(str(frame.at[row, "grading"])))

    def _on_apply_grading_clicked(self) -> None:
        row = self.sources.current_row()
        if row is None or self.session.store is None:
            return
        source = int(self.sources.model.frame.at[row, "source"])
        self.session.store.set_grading(source, self.grading.grading())
        self.session.changed()

    def _on_add_requirement_clicked(self) -> None:
        if self.session.store is None:
            return
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Requirement"), self.tr("Question or hypothesis:")
        )
        if ok and text.strip():
            # Linked to the entity selected when it was written (shown in the table).
            linked = [self.session.selected] if self.session.selected is not None else []
            self.session.store.add_requirement(text.strip(), entity_ids=linked)
            self.session.changed()
