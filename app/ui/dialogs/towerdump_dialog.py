"""Tower dumps: the dumps in the case, and the numbers common to several dumps or known to
the case from other material (the intersection analysis, as ``ariadne towerdump`` prints
it).  Computed in the background; double-click a number to select it."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable


def _intersection(session: Session):
    def work(progress=None, cancel=None):
        from app.graph.towerdump import dump_intersection

        with session.worker_store() as store:
            return dump_intersection(store)

    return work


class TowerDumpDialog(QDialog):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Tower dumps"))
        self.resize(760, 520)
        self.summary = QLabel(self.tr("Comparing the dumps with the case…"), self)
        self.summary.setWordWrap(True)
        self.dumps = FrameTable(
            {
                "name": self.tr("dump"),
                "calls": self.tr("calls"),
                "numbers": self.tr("numbers"),
                "from": self.tr("from"),
                "to": self.tr("to"),
            },
            search=False,
            parent=self,
        )
        self.numbers = FrameTable(
            {
                "phones": self.tr("number"),
                "dumps": self.tr("dumps"),
                "known": self.tr("known to the case"),
                "user": self.tr("used by"),
            },
            parent=self,
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.dumps, 1)
        layout.addWidget(self.numbers, 3)
        layout.addWidget(buttons)
        self.numbers.entity_activated.connect(session.select)
        runner.finished.connect(self._on_runner_finished)
        if session.store is not None:
            runner.start("towerdump", _intersection(session))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind != "towerdump":
            return
        dumps = pd.DataFrame(result["dumps"])
        if not dumps.empty:
            dumps = dumps[["name", "calls", "numbers", "from", "to"]]
        numbers = pd.DataFrame(result["numbers"])
        if not numbers.empty:
            numbers["phones"] = numbers["phones"].map(", ".join)
            numbers["dumps"] = numbers["dumps"].map(len)
            numbers["known"] = numbers["known"].map({True: self.tr("yes"), False: self.tr("no")})
            numbers["user"] = numbers["user"].map(lambda u: u["label"] if u else "")
            numbers = numbers[["id", "phones", "dumps", "known", "user"]]
        self.dumps.set_frame(dumps)
        self.numbers.set_frame(numbers)
        self.summary.setText(
            self.tr(
                "{d} tower dump(s); {n} number(s) in several dumps or known to the case count towards "
                "the network; {s} stranger(s) seen only in dumps stay in the case but are not counted."
            ).format(d=len(result["dumps"]), n=len(result["numbers"]), s=result.get("strangers", 0))
        )
