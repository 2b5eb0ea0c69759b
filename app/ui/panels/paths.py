"""Paths between two actors: the analyst names both ends (a name, a number or an entity id,
with completion, or the actor selected on the chart), bounds the length and the kinds of link,
and reads the shortest paths; picking one marks its actors on the chart.

The search is :func:`app.graph.paths.actor_paths` (what ``ariadne path`` prints, with each step
named by its actor), within the analysis filter, run on the task runner.
"""

from __future__ import annotations

import re

import pandas as pd
from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.model import LAYERS
from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable

_ID_SUFFIX = re.compile(r"\(#(\d+)\)\s*$")


def entity_reference(text: str) -> str:
    """What the analyst typed, or the id of a completion such as ``Jamal (#1848)``."""
    found = _ID_SUFFIX.search(text)
    return found.group(1) if found else text.strip()


def complete_entities(session: Session, text: str):
    """Up to 15 actors whose name, number or identifier contains ``text``, as ``label (#id)``."""

    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            found = store.search_entities(text, limit=15)
            names = session.actor_names(store)  # two of the same name told apart
        return text, [
            f"{names.get(e['canonical'], e['label'] or e['type'])} (#{e['canonical']})" for e in found
        ]

    return work


def find_paths(
    session: Session,
    source: str,
    target: str,
    max_length: int,
    layers: tuple[str, ...],
    through: tuple[str, ...] = (),
):
    """The distinct routes between two people within the analysis filter, each hop with the
    links behind it (:func:`app.graph.paths.actor_paths`)."""
    flt = session.filter

    def work(progress=None, cancel=None):
        from app.graph.paths import actor_paths, find_entity

        with session.worker_store() as store:
            try:
                src = find_entity(store, entity_reference(source))
                dst = find_entity(store, entity_reference(target))
            except LookupError as exc:
                return {"error": str(exc)}
            report = actor_paths(
                store,
                src,
                dst,
                max_length=max_length,
                link_types=layers,
                flt=flt,
                through=through,
                progress=progress,
                cancel=cancel,
            )
            return named_paths(report, session.actor_names(store))

    return work


def named_paths(report: dict, names: dict[int, str]) -> dict:
    """``report`` of :func:`app.graph.paths.actor_paths` with every actor named as the window
    names it (two of the same name told apart)."""

    def name(entity, default: str) -> str:
        return names.get(int(entity), default) if str(entity).isdigit() else default

    for end in ("from", "to"):
        report[end]["name"] = name(report[end]["id"], report[end]["name"])
    for path in report["paths"]:
        for node in path["nodes"]:
            node["name"] = name(node["id"], node.get("name") or node["label"])
        for hop in path["hops"]:
            hop["from"] = name(hop.get("from_id", ""), hop["from"])
            hop["to"] = name(hop.get("to_id", ""), hop["to"])
    return report


def path_frame(paths: list[dict]) -> pd.DataFrame:
    """One row per route; no ``id`` column: a route is not one entity."""
    return pd.DataFrame(
        [
            {
                "path": i,
                "links": p["length"],
                "actors": len(p.get("actors", [])),
                "through": " → ".join(n.get("name") or n["label"] or f"#{n['id']}" for n in p["nodes"]),
            }
            for i, p in enumerate(paths, 1)
        ],
        columns=["path", "links", "actors", "through"],
    )


def hop_frame(path: dict) -> pd.DataFrame:
    """One row per hop of a route: who to whom, the kind and number of links, their dates and
    the best grading of the sources behind them."""
    columns = ["from", "to", "link", "count", "first", "last", "grading"]
    return pd.DataFrame(
        [
            {
                "from": h["from"],
                "to": h["to"],
                "link": ", ".join(
                    f"{i18n.word(t)} ×{n}" for t, n in h.get("types", {h["type"]: h["count"]}).items()
                ),
                "count": h["count"],
                "first": (h.get("first") or "")[:10],
                "last": (h.get("last") or "")[:10],
                "grading": h.get("grading") or "",
            }
            for h in path.get("hops", [])
        ],
        columns=columns,
    )


class PathsView(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.paths: list[dict] = []
        self.completions = QStringListModel(self)
        self.ends: dict[str, QLineEdit] = {}
        grid = QGridLayout()
        for row, (key, text) in enumerate((("from", self.tr("From")), ("to", self.tr("To")))):
            edit = QLineEdit(self)
            edit.setPlaceholderText(self.tr("Name, phone number or entity id"))
            completer = QCompleter(self.completions, edit)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            edit.setCompleter(completer)
            edit.textEdited.connect(self._on_end_text_edited)
            pick = QPushButton(self.tr("Selected actor"), self)
            pick.setToolTip(self.tr("Use the actor selected on the chart or in a table"))
            pick.clicked.connect(lambda _=False, e=edit: self._use_selection(e))
            grid.addWidget(QLabel(text), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(pick, row, 2)
            self.ends[key] = edit
        self.max_length = QSpinBox(self)
        self.max_length.setRange(1, 12)
        self.max_length.setValue(6)
        self.layers: dict[str, QCheckBox] = {}
        kinds = QHBoxLayout()
        kinds.addWidget(QLabel(self.tr("Through")))
        names = {
            "phone": self.tr("calls and contacts"),
            "money": self.tr("money"),
            "travel": self.tr("journeys"),
            "interview": self.tr("interviews"),
            "association": self.tr("phones, accounts and places used"),
        }
        for layer in LAYERS:
            box = QCheckBox(names.get(layer, layer), self)
            box.setChecked(True)
            box.setToolTip(", ".join(i18n.word(t) for t in LAYERS[layer]))
            kinds.addWidget(box)
            self.layers[layer] = box
        kinds.addStretch(1)
        self.through: dict[str, QCheckBox] = {}
        for key, text in (("places", self.tr("places")), ("migrants", self.tr("migrants"))):
            box = QCheckBox(self.tr("via {what}").format(what=text), self)
            tip = self.tr("Let paths pass through {what} (off: they are not stepping stones)")
            box.setToolTip(tip.format(what=text))
            self.through[key] = box
        self.search = QPushButton(self.tr("Find paths"), self)
        run = QHBoxLayout()  # the stepping stones beside the length: the page stays laptop-wide
        for box in self.through.values():
            run.addWidget(box)
        run.addWidget(QLabel(self.tr("at most")))
        run.addWidget(self.max_length)
        run.addWidget(QLabel(self.tr("links")))
        run.addWidget(self.search)
        run.addStretch(1)
        self.status = QLabel(
            self.tr("The shortest chains of contact between two actors; pick one to mark it on the chart."),
            self,
        )
        self.status.setWordWrap(True)
        self.table = FrameTable(search=False)
        self.hops = FrameTable(search=False)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addLayout(kinds)
        layout.addLayout(run)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel(self.tr("Hops of the chosen route")))
        layout.addWidget(self.hops, 1)
        self.search.clicked.connect(self._on_search_clicked)
        self.table.row_selected.connect(self._on_table_row_selected)
        runner.finished.connect(self._on_runner_finished)

    def chosen_layers(self) -> tuple[str, ...]:
        """Every kind of link when all are ticked (the core's default), else the ticked ones."""
        ticked = tuple(k for k, box in self.layers.items() if box.isChecked())
        return () if len(ticked) == len(self.layers) else ticked

    def _use_selection(self, edit: QLineEdit) -> None:
        store, entity = self.session.store, self.session.selected
        if store is not None and entity is not None:
            e = store.entity(entity)
            edit.setText(f"{self.session.shown_name(entity, e['label'] or e['type'])} (#{entity})")

    def _on_end_text_edited(self, text: str) -> None:
        if self.session.store is not None and len(text.strip()) >= 2 and not _ID_SUFFIX.search(text):
            self.runner.start("path completion", complete_entities(self.session, text.strip()))

    def _on_search_clicked(self) -> None:
        source, target = self.ends["from"].text().strip(), self.ends["to"].text().strip()
        if self.session.store is None or not source or not target:
            self.status.setText(self.tr("Name both ends of the path."))
            return
        if not any(box.isChecked() for box in self.layers.values()):
            self.status.setText(self.tr("Tick at least one kind of link."))
            return
        self.status.setText(self.tr("Searching…"))
        self.runner.start(
            "paths",
            find_paths(
                self.session,
                source,
                target,
                self.max_length.value(),
                self.chosen_layers(),
                tuple(k for k, box in self.through.items() if box.isChecked()),
            ),
        )

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "path completion":
            _typed, found = result
            self.completions.setStringList(found)
        elif kind == "paths":
            self.show_paths(result)

    def show_paths(self, report: dict) -> None:
        self.paths = report.get("paths", [])
        self.table.set_frame(path_frame(self.paths))
        self.hops.set_frame(hop_frame(self.paths[0]) if self.paths else hop_frame({}))
        if "error" in report:
            self.status.setText(report["error"])
        elif not self.paths:
            self.status.setText(
                self.tr("No path between {a} and {b} within {n} links.").format(
                    a=report["from"]["name"], b=report["to"]["name"], n=report["max_length"]
                )
            )
        else:
            self.status.setText(
                self.tr(
                    "{count} distinct route(s) of {n} links between {a} and {b}; pick one to see its hops "
                    "and mark it."
                ).format(
                    count=len(self.paths),
                    n=self.paths[0]["length"],
                    a=report["from"]["name"],
                    b=report["to"]["name"],
                )
            )

    def _on_table_row_selected(self, row: int) -> None:
        if 0 <= row < len(self.paths):
            self.hops.set_frame(hop_frame(self.paths[row]))
            self.session.show_path(self.paths[row]["actors"])
