"""Entities and links as tables: every canonical entity, searchable by name, number or account."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.model import ENTITY_TYPES
from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable


def load_entities(session: Session, kind: str):
    """Every canonical entity of ``kind`` (all when empty) with its identifiers and evidence
    count, read in the background: a national case holds tens of thousands."""

    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            frame = store.entity_table(kind)
            names = session.actor_names(store)  # two of the same name told apart
        if len(frame):
            frame["label"] = [names.get(int(i), n) for i, n in zip(frame["id"], frame["label"], strict=True)]
        return frame

    return work


class EntitiesPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("All types"), "")
        for t in ENTITY_TYPES:
            self.kind.addItem(i18n.word(t), t)
        self.count = QLabel(self)
        self.table = FrameTable({"id": "#", "label": self.tr("name or number")})
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.table.entity_activated.connect(session.select)
        self.table.view.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)
        session.case_closed.connect(self.refresh)

    def _on_table_selection_changed(self, *_args) -> None:
        """Several rows selected (Ctrl or Shift+click): the map marks them, the timeline
        gives each a row (one row goes through ``entity_activated``)."""
        rows = self.table.view.selectionModel().selectedRows()
        entities = [self.table.model.entity_at(self.table.proxy.mapToSource(i).row()) for i in rows]
        chosen = [int(e) for e in entities if e is not None]
        if len(chosen) > 1:
            self.session.select_actors(chosen)

    def refresh(self, *_args) -> None:
        if self.session.store is None:
            self.table.set_frame(pd.DataFrame())
            return
        self.runner.start("entities", load_entities(self.session, self.kind.currentData() or ""))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "entities" and self.session.store is not None:
            self.table.set_frame(result)
