"""Review of the facts extracted from messages and narratives: accept or reject each.

A table (a :class:`FrameModel` over the store's query) of the pending facts, with the words
they were found in.  Reading and deciding run as background tasks on their own connection;
the dialog only shows the result and forwards the analyst's choice.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.ui.models import FrameModel
from app.ui.session import Session
from app.ui.tasks import TaskRunner

COLUMNS = ["id", "kind", "value", "normalised", "role", "source", "row", "quote"]


def load_facts(session: Session, status: str):
    """A task: the facts of ``status`` ('' for all) as the table shows them."""

    def run(*, progress=None, cancel=None) -> pd.DataFrame:
        import json

        store = session.worker_store()
        try:
            frame = store.extracted_frame(status=status or None)
        finally:
            store.close()
        frame["role"] = [json.loads(a or "{}").get("role", "") for a in frame["attrs"]]
        return frame.reindex(columns=[*COLUMNS, "status"])

    return run


def decide_facts(session: Session, ids: list[int], accept: bool):
    def run(*, progress=None, cancel=None) -> int:
        store = session.worker_store()
        try:
            return store.decide_extracted(ids, accept)
        finally:
            store.close()

    return run


class ExtractedDialog(QDialog):
    """Extracted facts awaiting review, with Accept and Reject for the selected rows."""

    decided = Signal(int)

    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.setWindowTitle(self.tr("Extracted facts"))
        self.resize(1000, 560)
        self.model = FrameModel(headers={"normalised": self.tr("normalised"), "row": self.tr("row / ¶")})
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QComboBox(self)
        for value, text in (
            ("pending", self.tr("Pending")),
            ("accepted", self.tr("Accepted")),
            ("rejected", self.tr("Rejected")),
            ("", self.tr("All")),
        ):
            self.status.addItem(text, value)
        self.status.currentIndexChanged.connect(self.reload)
        self.accept_button = QPushButton(self.tr("&Accept"), self)
        self.reject_button = QPushButton(self.tr("&Reject"), self)
        self.accept_button.clicked.connect(lambda: self._decide(True))
        self.reject_button.clicked.connect(lambda: self._decide(False))
        self.summary = QLabel(self)
        self.include = QCheckBox(self.tr("Count pending facts in analyses"), self)
        self.include.setToolTip(
            self.tr("Pending mentions of numbers and names already in the case join the actor network")
        )
        self.include.setChecked(self.session.filter.include_extracted)
        self.include.toggled.connect(self._on_include_toggled)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Show:"), self))
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.accept_button)
        top.addWidget(self.reject_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.include)
        layout.addWidget(close)
        self.runner.finished.connect(self._on_runner_finished)
        self.reload()

    def reload(self) -> None:
        self.runner.start("extracted", load_facts(self.session, self.status.currentData()))

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [int(self.model.frame.at[r, "id"]) for r in rows if r < len(self.model.frame)]

    def _decide(self, accept: bool) -> None:
        ids = self.selected_ids()
        if ids:
            self.runner.start("extracted-decide", decide_facts(self.session, ids, accept))

    def _on_include_toggled(self, checked: bool) -> None:
        self.session.set_filter(replace(self.session.filter, include_extracted=checked))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "extracted" and isinstance(result, pd.DataFrame):
            self.model.set_frame(result.drop(columns=["status"]) if self.status.currentData() else result)
            self.summary.setText(self.tr("{n} facts").format(n=len(result)))
            self.table.resizeColumnsToContents()
        elif kind == "extracted-decide":
            self.decided.emit(int(result))
            self.session.case_changed.emit()
            self.reload()
