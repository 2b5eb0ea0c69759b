"""The export dialog: format, what to export (the whole case, the chart shown with its
positions, or the part of the case inside the current filter), the briefing's sections and
summary, and the explicit choice to reveal migrants' identities (pseudonymised by default; the
choice is audited).  The briefing is written in the window's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.exports import FORMATS
from app.exports.briefing import SECTIONS
from app.graph.networks import GraphFilter
from app.ui import i18n

SUFFIX = {
    "briefing-pdf": ".pdf",
    "briefing-html": ".html",
    "graphml": ".graphml",
    "gexf": ".gexf",
    "csv": "",
    "xlsx": ".xlsx",
    "anx": ".anx",
    "ftm": ".ftm.jsonl",
}

if TYPE_CHECKING:
    from app.analysis import AnalysisResult


class ExportDialog(QDialog):
    """``chart_actors`` (the actors of the chart shown, with their places) and ``flt`` (the
    window's filter, when it narrows the case) are offered beside the whole case."""

    def __init__(
        self, parent=None, *, chart_actors: list[dict] | None = None, flt: GraphFilter | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.chart_actors, self.flt = chart_actors, flt
        self.format = QComboBox(self)
        for key, text in FORMATS.items():
            self.format.addItem(i18n.word(text), key)
        self.scope = QComboBox(self)
        self.scope.addItem(self.tr("The whole case"), "case")
        if chart_actors:
            shown = sum(1 for a in chart_actors if not a.get("hidden"))
            self.scope.addItem(
                self.tr("The chart shown: {n} actors at their places").format(n=i18n.number(shown)), "chart"
            )
        if flt is not None and flt != GraphFilter():
            self.scope.addItem(
                self.tr("The current filter: {what}").format(what=self._filter_text(flt)), "filter"
            )
        self.scope.setToolTip(self.tr("The briefing always covers the whole case"))
        self.path = QLineEdit(self)
        browse = QPushButton(self.tr("Browse…"), self)
        self.reveal = QCheckBox(
            self.tr("Reveal migrants' identities (recorded in the audit log and on the document)")
        )
        self.author = QLineEdit(self)
        self.handling = QLineEdit(self)
        self.summary = QPlainTextEdit(self)
        self.summary.setPlaceholderText(self.tr("Leave empty for the generated executive summary"))
        self.sections: dict[str, QCheckBox] = {}
        box = QWidget(self)
        row = QHBoxLayout(box)
        for s in SECTIONS:
            self.sections[s] = QCheckBox(i18n.word(s), box)
            self.sections[s].setChecked(True)
            row.addWidget(self.sections[s])
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Export"), self.scope)
        form.addRow(self.tr("File"), path_row)
        form.addRow(self.tr("Sections"), box)
        form.addRow(self.tr("Author"), self.author)
        form.addRow(self.tr("Handling code"), self.handling)
        form.addRow(self.tr("Summary"), self.summary)
        form.addRow(self.reveal)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        browse.clicked.connect(self._on_browse_clicked)

    def _filter_text(self, flt: GraphFilter) -> str:
        parts = []
        if flt.start or flt.end:
            parts.append(
                self.tr("from {a} to {b}").format(
                    a=i18n.day(flt.start or "") or "…", b=i18n.day(flt.end or "") or "…"
                )
            )
        if flt.min_grading is not None:
            parts.append(self.tr("sources graded {g} or better").format(g=flt.min_grading))
        if flt.layers:
            parts.append(", ".join(i18n.word(layer) for layer in flt.layers))
        return "; ".join(parts)

    def _on_browse_clicked(self) -> None:
        suffix = SUFFIX[self.format.currentData()]
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), f"export{suffix}")
        if path:
            self.path.setText(path)

    def request(self) -> dict:
        scope = self.scope.currentData()
        return {
            "scope": scope,
            "chart_actors": self.chart_actors if scope == "chart" else None,
            "flt": self.flt if scope == "filter" else None,
            "language": i18n.current(),
            "fmt": self.format.currentData(),
            "out": self.path.text().strip(),
            "reveal_migrants": self.reveal.isChecked(),
            "author": self.author.text().strip(),
            "handling": self.handling.text().strip(),
            "summary": self.summary.toPlainText().strip() or None,
            "sections": tuple(s for s, box in self.sections.items() if box.isChecked()),
        }


def export_task(session, request: dict, analysis: AnalysisResult | None):
    def work(progress=None, cancel=None):
        from app.exports import export_case

        with session.worker_store() as store:
            return export_case(
                store,
                request["fmt"],
                request["out"],
                reveal_migrants=request["reveal_migrants"],
                analysis=analysis,
                sections=request["sections"],
                summary=request["summary"],
                author=request["author"],
                handling=request["handling"],
                language=request.get("language", "en"),
                chart_actors=request.get("chart_actors"),
                flt=request.get("flt"),
                progress=progress,
                cancel=cancel,
            )

    return work
