"""The review workbench: one merge candidate at a time, the two entities side by side (names,
aliases, identifiers, links, sources) with the evidence, decided from the keyboard:
A accept, R reject, S skip, G merge the whole group the pair belongs to."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner


def _profiles(session: Session, a: int, b: int):
    def work(progress=None, cancel=None):
        from app.graph.resolution import entity_profile

        with session.worker_store() as store:
            pa, pb = entity_profile(store, a), entity_profile(store, b)
            names = session.actor_names(store)  # the two sides often share a name
        for p in (pa, pb):
            p["label"] = names.get(int(p["id"]), p["label"])
        return a, b, pa, pb

    return work


def profile_html(p: dict, tr=lambda s: s) -> str:
    """One side of the workbench as rich text."""

    def items(values) -> str:
        return "<br>".join(escape(str(v)) for v in values) or "—"

    links = (
        "<br>".join(
            f"{escape(i18n.word(t))}: {v['links']} ({v['occurrences']})" for t, v in p["links"].items()
        )
        or "—"
    )
    return (
        f"<h3>{escape(p['label'])}</h3><p>{escape(i18n.word(p['type']))} #{p['id']}, "
        f"{p['members']} {tr('record(s)')}</p>"
        f"<p><b>{tr('Names')}</b><br>{items(p['names'])}</p>"
        f"<p><b>{tr('Aliases and epithets')}</b><br>{items(p['aliases'])}</p>"
        f"<p><b>{tr('Identifiers')}</b><br>{items(p['identifiers'])}</p>"
        f"<p><b>{tr('Links')}</b><br>{links}</p>"
        f"<p><b>{tr('Sources')}</b><br>{items(p['sources'])}</p>"
    )


class ReviewWorkbench(QWidget):
    """Shows ``candidates`` (dicts with a, b, score, reasons, labels) one by one."""

    accepted = Signal(dict)
    rejected = Signal(dict)
    group_accepted = Signal(dict)

    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.candidates: list[dict] = []
        self.position = 0
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.left, self.right = QTextBrowser(self), QTextBrowser(self)
        for side in (self.left, self.right):  # the letters are decisions, not text navigation
            side.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            side.setMinimumWidth(60)  # the dock stays narrow beside the chart
            side.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.accept = QPushButton(self.tr("Accept (A)"), self)
        self.reject = QPushButton(self.tr("Reject (R)"), self)
        self.skip = QPushButton(self.tr("Skip (S)"), self)
        self.group = QPushButton(self.tr("Merge group (G)"), self)
        sides = QHBoxLayout()
        sides.addWidget(self.left)
        sides.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(sides, 1)
        for pair in ((self.accept, self.reject), (self.skip, self.group)):
            buttons = QHBoxLayout()
            for w in pair:
                buttons.addWidget(w)
            layout.addLayout(buttons)
        for key, slot in (
            ("A", self._on_accept_clicked),
            ("R", self._on_reject_clicked),
            ("S", self._on_skip_clicked),
            ("G", self._on_group_clicked),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.accept.clicked.connect(self._on_accept_clicked)
        self.reject.clicked.connect(self._on_reject_clicked)
        self.skip.clicked.connect(self._on_skip_clicked)
        self.group.clicked.connect(self._on_group_clicked)
        runner.finished.connect(self._on_runner_finished)
        self._show()

    def set_candidates(self, candidates: list[dict]) -> None:
        self.candidates, self.position = list(candidates), 0
        self._show()

    def current(self) -> dict | None:
        return self.candidates[self.position] if self.position < len(self.candidates) else None

    def _show(self) -> None:
        c = self.current()
        for w in (self.accept, self.reject, self.skip, self.group):
            w.setEnabled(c is not None)
        if c is None:
            self.heading.setText(self.tr("No candidate to review."))
            self.left.clear()
            self.right.clear()
            return
        self.heading.setText(
            self.tr("{i} of {n}: score {score} — {reasons}").format(
                i=i18n.number(self.position + 1),
                n=i18n.number(len(self.candidates)),
                score=i18n.number(float(c["score"]), 2),
                reasons=i18n.core_language().reason(
                    "; ".join(c["reasons"]) if isinstance(c["reasons"], list) else c["reasons"]
                ),
            )
        )
        if self.session.store is not None:
            self.runner.start("review-profiles", _profiles(self.session, int(c["a"]), int(c["b"])))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        c = self.current()
        if kind != "review-profiles" or c is None:
            return
        a, b, pa, pb = result
        if (a, b) == (int(c["a"]), int(c["b"])):
            self.left.setHtml(profile_html(pa, self.tr))
            self.right.setHtml(profile_html(pb, self.tr))

    def _advance(self, drop: bool) -> None:
        if drop and self.current() is not None:
            del self.candidates[self.position]
        elif self.current() is not None:
            self.position += 1
        self._show()

    def _on_accept_clicked(self) -> None:
        if (c := self.current()) is not None:
            self.accepted.emit(c)
            self._advance(drop=True)

    def _on_reject_clicked(self) -> None:
        if (c := self.current()) is not None:
            self.rejected.emit(c)
            self._advance(drop=True)

    def _on_skip_clicked(self) -> None:
        self._advance(drop=False)

    def _on_group_clicked(self) -> None:
        c = self.current()
        if c is None:
            return
        from app.graph.resolution import candidate_group

        pairs = set(candidate_group(self.candidates, int(c["a"]), int(c["b"])))
        self.group_accepted.emit(
            {
                "pairs": sorted(pairs),
                "candidates": [x for x in self.candidates if (int(x["a"]), int(x["b"])) in pairs],
            }
        )
        self.candidates = [x for x in self.candidates if (int(x["a"]), int(x["b"])) not in pairs]
        self.position = min(self.position, len(self.candidates))
        self._show()
