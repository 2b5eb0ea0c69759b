"""Resolution review: merge candidates with their evidence (accept, reject), the review
workbench (the two sides of one candidate, keyboard decisions, whole groups), merges made
(undo), merging two selected entities by hand, and the watch-list."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.panels.review import ReviewWorkbench
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable, whole_tabs


def _find_candidates(session: Session):
    def work(progress=None, cancel=None):
        from app.graph.resolution import merge_candidates

        with session.worker_store() as store:
            found = [
                c.as_dict() for c in merge_candidates(store, threshold=0.5, progress=progress, cancel=cancel)
            ]
            names = session.actor_names(store)
        for c in found:  # the two sides often share a name: show what tells them apart
            c["labels"] = [
                names.get(int(e), label) for e, label in zip((c["a"], c["b"]), c["labels"], strict=True)
            ]
        return found

    return work


MERGE_COLUMNS = ["kept_label", "absorbed_label", "score", "by", "evidence", "at", "kept", "absorbed", "id"]


def _load_merges(session: Session):
    """The merges in force with both sides named, and the watch-list (thousands of merges on a
    national case: read in the background)."""

    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            merges = pd.DataFrame(store.merges())
            if not merges.empty:
                labels = store.entity_labels() | session.actor_names(store)
                merges["kept_label"] = merges["kept"].map(labels)
                merges["absorbed_label"] = merges["absorbed"].map(labels)
                merges = merges[MERGE_COLUMNS]
            return merges, pd.DataFrame(store.watchlist())

    return work


def _apply(session: Session, threshold: float):
    def work(progress=None, cancel=None):
        from app.graph.resolution import apply_above

        with session.worker_store() as store:
            return apply_above(store, threshold, progress=progress, cancel=cancel)

    return work


class ResolutionPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.tabs = QTabWidget(self)
        whole_tabs(self.tabs)
        self.candidates = FrameTable({"a": "# A", "b": "# B", "label_a": "A", "label_b": "B"})
        self.merges = FrameTable({"id": "merge"})
        self.watch = FrameTable(search=False)
        self.find = QPushButton(self.tr("Find candidates"), self)
        self.accept = QPushButton(self.tr("Merge (accept)"), self)
        self.reject = QPushButton(self.tr("Not the same (reject)"), self)
        self.threshold = QDoubleSpinBox(self)
        self.threshold.setRange(0.5, 1.0)
        self.threshold.setSingleStep(0.01)
        self.threshold.setValue(0.9)
        self.apply = QPushButton(self.tr("Merge all above"), self)
        self.undo = QPushButton(self.tr("Undo selected merge"), self)
        self.add_watch = QPushButton(self.tr("Add to watch-list…"), self)
        self.status = QLabel(self)
        self.review = ReviewWorkbench(session, runner, self)
        self.review.accepted.connect(self._on_review_accepted)
        self.review.rejected.connect(self._on_review_rejected)
        self.review.group_accepted.connect(self._on_review_group_accepted)
        cand_box = QWidget(self)
        cl = QVBoxLayout(cand_box)
        # Short rows, so that the dock stays narrow enough to sit beside the chart.
        for row in (
            (self.find,),
            (self.accept, self.reject),
            (QLabel(self.tr("threshold")), self.threshold, self.apply),
        ):
            line = QHBoxLayout()
            for w in row:
                line.addWidget(w)
            line.addStretch(1)
            cl.addLayout(line)
        cl.addWidget(self.candidates)
        merge_box = QWidget(self)
        ml = QVBoxLayout(merge_box)
        ml.addWidget(self.merges)
        ml.addWidget(self.undo)
        watch_box = QWidget(self)
        wl = QVBoxLayout(watch_box)
        wl.addWidget(self.watch)
        wl.addWidget(self.add_watch)
        self.tabs.addTab(cand_box, self.tr("Candidates"))
        self.tabs.addTab(self.review, self.tr("Review"))
        self.tabs.addTab(merge_box, self.tr("Merges"))
        self.tabs.addTab(watch_box, self.tr("Watch-list"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.status)
        self.find.clicked.connect(self._on_find_clicked)
        self.accept.clicked.connect(self._on_accept_clicked)
        self.reject.clicked.connect(self._on_reject_clicked)
        self.apply.clicked.connect(self._on_apply_clicked)
        self.undo.clicked.connect(self._on_undo_clicked)
        self.add_watch.clicked.connect(self._on_add_watch_clicked)
        self.candidates.row_selected.connect(self._on_candidates_row_selected)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)

    def refresh(self, *_args) -> None:
        if self.session.store is not None:
            self.runner.start("merges", _load_merges(self.session))

    def _on_find_clicked(self) -> None:
        if self.session.store is not None:
            self.status.setText(self.tr("Looking for candidates…"))
            self.runner.start("resolution", _find_candidates(self.session))

    def _on_apply_clicked(self) -> None:
        if self.session.store is not None:
            self.runner.start("merge-all", _apply(self.session, self.threshold.value()))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "merges" and self.session.store is not None:
            merges, watch = result
            self.merges.set_frame(merges)
            self.watch.set_frame(watch)
        if kind == "resolution":
            frame = pd.DataFrame(result)
            if not frame.empty:
                frame["label_a"] = [lab[0] for lab in frame["labels"]]
                frame["label_b"] = [lab[1] for lab in frame["labels"]]
                frame["reasons"] = frame["reasons"].map("; ".join)
                # both names in sight beside the score; the ids (to pick a row) last
                frame = frame[["score", "label_a", "label_b", "reasons", "a", "b"]]
            self.candidates.set_frame(frame)
            self.review.set_candidates(list(result))
            self.status.setText(self.tr("{n} candidates").format(n=len(frame)))
        elif kind == "merge-all":
            self.status.setText(self.tr("{n} merges made").format(n=len(result)))
            self.session.changed()

    def _candidate(self) -> dict | None:
        row = self.candidates.current_row()
        if row is None:
            return None
        return self.candidates.model.frame.iloc[row].to_dict()

    def _on_candidates_row_selected(self, row: int) -> None:
        self.session.select(int(self.candidates.model.frame.iloc[row]["a"]))

    def _on_accept_clicked(self) -> None:
        c, store = self._candidate(), self.session.store
        if c is None or store is None:
            return
        try:
            store.merge(
                int(c["a"]), int(c["b"]), score=float(c["score"]), evidence=str(c["reasons"]), by="analyst"
            )
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Merge"), str(exc))
            return
        self._drop_current()
        self.session.changed()

    def _merge(self, c: dict) -> bool:
        store = self.session.store
        if store is None:
            return False
        a, b = store.canonical(int(c["a"])), store.canonical(int(c["b"]))
        if a == b:
            return False
        reasons = c["reasons"] if isinstance(c["reasons"], str) else "; ".join(c["reasons"])
        try:
            store.merge(a, b, score=float(c["score"]), evidence=reasons, by="analyst")
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Merge"), str(exc))
            return False
        return True

    def _on_review_accepted(self, c: dict) -> None:
        if self._merge(c):
            self.session.changed()

    def _on_review_rejected(self, c: dict) -> None:
        if self.session.store is not None:
            self.session.store.reject_pair(int(c["a"]), int(c["b"]))

    def _on_review_group_accepted(self, group: dict) -> None:
        merged = sum(self._merge(c) for c in group["candidates"])
        self.status.setText(self.tr("{n} merges made").format(n=merged))
        if merged:
            self.session.changed()

    def _on_reject_clicked(self) -> None:
        c, store = self._candidate(), self.session.store
        if c is None or store is None:
            return
        store.reject_pair(int(c["a"]), int(c["b"]))
        self._drop_current()

    def _drop_current(self) -> None:
        row = self.candidates.current_row()
        if row is not None:
            frame = self.candidates.model.frame.drop(index=row).reset_index(drop=True)
            self.candidates.set_frame(frame)

    def _on_undo_clicked(self) -> None:
        row, store = self.merges.current_row(), self.session.store
        if row is None or store is None:
            return
        try:
            store.unmerge(int(self.merges.model.frame.iloc[row]["id"]))
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Undo merge"), str(exc))
            return
        self.session.changed()

    def _on_add_watch_clicked(self) -> None:
        if self.session.store is None:
            return
        value, ok = QInputDialog.getText(self, self.tr("Watch-list"), self.tr("Number, account or name:"))
        if ok and value.strip():
            value = value.strip()
            from app.phones import PhoneNormaliser

            number = PhoneNormaliser(self.session.store.region).normalise(value)
            kind, normalised = ("phone", number[0]) if number and number[1] else ("name", value)
            self.session.store.add_watch(kind, normalised, value)
            self.refresh()
