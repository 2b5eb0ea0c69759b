"""Entities and links as tables: every canonical entity, searchable by name, number or account."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.model import ENTITY_TYPES
from app.ui.session import Session
from app.ui.widgets import FrameTable


class EntitiesPanel(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("All types"), "")
        for t in ENTITY_TYPES:
            self.kind.addItem(t, t)
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
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)

    def refresh(self, *_args) -> None:
        store = self.session.store
        if store is None:
            self.table.set_frame(pd.DataFrame())
            return
        frame = store.query_frame(
            "SELECT e.id, e.type, e.label, "
            "(SELECT group_concat(value, ', ') FROM (SELECT DISTINCT i.value FROM identifiers i "
            " JOIN entities m ON m.id = i.entity_id "
            " WHERE m.canonical = e.id AND i.kind IN ('phone', 'account', 'alias', 'name'))) AS identifiers, "
            "(SELECT COUNT(*) FROM evidence v WHERE v.item = 'entity' AND v.item_id = e.id) AS evidence "
            "FROM entities e WHERE e.id = e.canonical"
            + (" AND e.type = ?" if self.kind.currentData() else "")
            + " ORDER BY e.id",
            [self.kind.currentData()] if self.kind.currentData() else [],
        )
        self.table.set_frame(frame)
        self.count.setText(self.tr("{n} entities").format(n=f"{len(frame):,}"))
