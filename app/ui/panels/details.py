"""The selected entity in full: attributes, names and identifiers, links, and the evidence
behind it (source file, row, grading), with the analyst's notes."""

from __future__ import annotations

import html

import pandas as pd
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.session import Session
from app.ui.widgets import FrameTable, whole_tabs


class DetailsPanel(QWidget):
    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.header = QTextBrowser(self)
        self.header.setMaximumHeight(170)
        self.tabs = QTabWidget(self)
        whole_tabs(self.tabs)
        self.identifiers = FrameTable(search=False)
        self.links = FrameTable()
        self.evidence = FrameTable()
        self.notes = QTextBrowser(self)
        self.tabs.addTab(self.identifiers, self.tr("Names and identifiers"))
        self.tabs.addTab(self.links, self.tr("Links"))
        self.tabs.addTab(self.evidence, self.tr("Evidence"))
        self.tabs.addTab(self.notes, self.tr("Notes"))
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Add a note to this entity…"))
        self.add_note = QPushButton(self.tr("Add note"), self)
        self.correct = QPushButton(self.tr("Correct coordinates…"), self)
        self.correct.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.add_note)
        row.addWidget(self.correct)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(row)
        self.empty = QLabel(self.tr("Select an entity in a table or on the chart."), self)
        self.empty.setWordWrap(True)  # a narrow dock wraps it rather than widening the window
        layout.addWidget(self.empty)
        self.links.entity_activated.connect(session.select)
        self.add_note.clicked.connect(self._on_add_note_clicked)
        self.correct.clicked.connect(self._on_correct_clicked)
        session.selection_changed.connect(self.show_entity)
        session.case_changed.connect(
            lambda: self.session.selected and self.show_entity(self.session.selected)
        )
        session.case_opened.connect(self.clear)
        session.case_closed.connect(self.clear)

    def clear(self, *_args) -> None:
        """Nothing selected: a case just opened or closed shows nothing of the one before."""
        self.header.clear()
        self.notes.clear()
        for table in (self.identifiers, self.links, self.evidence):
            table.set_frame(pd.DataFrame())
        self.correct.setVisible(False)
        self.empty.setVisible(True)

    def show_entity(self, entity_id: int) -> None:
        store = self.session.store
        if store is None:
            return
        self.empty.setVisible(False)
        e = store.entity(store.canonical(entity_id))
        self.correct.setVisible(e["type"] == "location")
        members = store.members(e["id"])
        attrs = "".join(
            f"<tr><td><i>{html.escape(str(k))}</i></td><td>{html.escape(str(v))}</td></tr>"
            for k, v in sorted(e["attrs"].items())
        )
        merged = (
            self.tr("<br>Merged from {n} records: {ids}").format(
                n=len(members), ids=", ".join(map(str, members))
            )
            if len(members) > 1
            else ""
        )
        self.header.setHtml(
            f"<h3>{html.escape(self.session.shown_name(e['id'], e['label'] or '#' + str(e['id'])))}</h3>"
            f"<p>{html.escape(e['type'])} #{e['id']}{merged}</p><table>{attrs}</table>"
        )
        self.identifiers.set_frame(pd.DataFrame(store.identifiers(e["id"])))
        self.links.set_frame(self._links(e["id"], set(members)))
        self.evidence.set_frame(self._evidence(e["id"]))
        notes = store.annotations("entity", e["id"])
        self.notes.setHtml(
            "".join(
                f"<p><b>{html.escape(str(n.get('created_at', ''))[:16])}</b> {html.escape(n['text'])}</p>"
                for n in notes
            )
            or self.tr("No notes yet.")
        )

    def _links(self, entity: int, members: set[int]) -> pd.DataFrame:
        """Each link with the entity at the other end (its ``id``, so a click follows it)."""
        store = self.session.store
        rows = []
        for link in store.links_of(entity)[:2000]:
            outgoing = link["src"] in members
            other = store.canonical(link["dst"] if outgoing else link["src"])
            rows.append(
                {
                    "id": other,
                    "direction": "→" if outgoing else "←",
                    "type": link["type"],
                    "other": self.session.shown_name(other, store.entity(other)["label"]),
                    "count": link["count"],
                    "amount": link.get("amount"),
                    "first_seen": link.get("first_seen"),
                    "last_seen": link.get("last_seen"),
                }
            )
        frame = pd.DataFrame(rows)
        if frame.empty:
            return frame
        # A merged entity has each of its records' links: one row per entity at the other end.
        return (
            frame.groupby(["id", "direction", "type", "other"], as_index=False, sort=False, dropna=False)
            .agg(
                count=("count", "sum"),
                amount=("amount", lambda a: a.sum(min_count=1)),
                first_seen=("first_seen", "min"),
                last_seen=("last_seen", "max"),
            )
            .sort_values("count", ascending=False, kind="stable")
            .reset_index(drop=True)
        )

    def _evidence(self, entity: int) -> pd.DataFrame:
        """Each record behind the entity with its source's grading written as the analyst
        reads it (B2), the same as in the Sources table."""
        frame = pd.DataFrame(self.session.store.evidence_for("entity", entity))
        if frame.empty or "grading" not in frame.columns:
            return frame
        first = ["file_name", "grading", "row", "exhibit", "kind", "note", "source_id", "item_id"]
        return frame[[c for c in first if c in frame.columns]]

    def _on_correct_clicked(self) -> None:
        store, entity = self.session.store, self.session.selected
        if store is None or entity is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("Correct coordinates"), self.tr("Latitude, longitude:"))
        if not ok:
            return
        try:
            lat, lon = (float(x) for x in text.replace(";", ",").split(","))
            from app.graph.places import correct_place

            correct_place(store, entity, lat, lon)
        except ValueError as exc:
            QMessageBox.warning(
                self, self.tr("Correct coordinates"), str(exc) or self.tr("Two numbers, please.")
            )
            return
        self.session.changed()

    def _on_add_note_clicked(self) -> None:
        store, entity = self.session.store, self.session.selected
        text = self.note.text().strip()
        if store is None or entity is None or not text:
            return
        store.annotate("entity", entity, text)
        self.note.clear()
        self.show_entity(entity)
