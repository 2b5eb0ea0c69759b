"""The analysis charts: the degree distribution of the actor network, money flows between
communities or countries, and the disruption curves (targeted against random removal).

The figures come from :mod:`app.exports.figures` (the briefing draws the same ones) and are
built on the task runner: the degree distribution needs the actor network read from the case.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.analysis import AnalysisResult
from app.language import Language
from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FigureCanvas

#: Money flows can be drawn between these groupings of the analysis result.
MONEY_GROUPS = ("by_country", "by_community", "flows")


def money_chart(result: AnalysisResult, group: str, lang: Language = Language("en")):
    """The largest money flows of one grouping, titled with it, in ``lang`` (the window's
    language, :func:`app.ui.i18n.core_language`, read on the UI thread)."""
    from app.exports.figures import money_figure

    money = result.money
    flows = money.get(group, [])
    if group == "by_country":  # country codes, and "unknown" where the records gave none
        flows = [{**f, "from": lang.word(f["from"]), "to": lang.word(f["to"])} for f in flows]
    fig = money_figure(flows, currency=money.get("currency", "") or "EUR", top=10, tr=lang.t)
    titles = {
        "by_community": "Money between communities",
        "by_country": "Money between countries",
        "flows": "Largest money flows between actors",
    }
    if fig.axes and money.get(group):
        fig.axes[0].set_title(lang.t(titles[group]) if group in titles else "", fontsize=9)
    return fig


def disruption_chart(outcome: dict, lang: Language = Language("en")):
    """The curves of a disruption simulation (:func:`app.graph.disruption.disruption`)."""
    from app.exports.figures import disruption_figure

    curves = (outcome or {}).get("curves", {})
    fig = disruption_figure(curves, tr=lambda text, **fields: lang.word(text))
    core = (outcome or {}).get("actors_in_core", 0)
    ax = fig.axes[0]
    ax.set_title(lang.t("Arrests vs random ({n} in the operation)", n=lang.number(core)), fontsize=9)
    if curves:  # a share: from nothing to the whole core, so a small dent looks small
        ax.set_ylim(0, 1.05)
    return fig


def build_figures(session: Session, result: AnalysisResult, money_group: str):
    """Every chart of the panel, in the background: the actor network for the degrees is read
    with the filter the analysis ran with."""
    flt = session.filter
    lang = i18n.core_language()

    def work(progress=None, cancel=None):
        from app.exports.figures import degree_distribution_figure
        from app.graph import engine
        from app.graph.networks import actor_edges, actor_nodes

        with session.worker_store() as store:
            net = engine.build(actor_nodes(store), actor_edges(store, flt))
        if progress:
            progress(0.6, "degree distribution")
        return {
            "degree": degree_distribution_figure(net.graph.degree(), tr=lang.t, number=lang.number),
            "money": money_chart(result, money_group, lang),
            "disruption": disruption_chart(result.disruption, lang),
        }

    return work


class AnalysisCharts(QWidget):
    """Three figures in one page: degrees and disruption side by side, money below at full
    width (its bars carry long "from → to" names)."""

    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.canvases = {name: FigureCanvas(self) for name in ("degree", "disruption", "money")}
        self.money_group = QComboBox(self)
        for key, text in zip(
            MONEY_GROUPS,
            (self.tr("between countries"), self.tr("between communities"), self.tr("between actors")),
            strict=True,
        ):
            self.money_group.addItem(text, key)
        self.status = QLabel(self.tr("Run the analysis to draw the charts."), self)
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.status, 1)
        bar.addWidget(QLabel(self.tr("Money flows")))
        bar.addWidget(self.money_group)
        grid = QGridLayout()
        grid.addWidget(self.canvases["degree"], 0, 0)
        grid.addWidget(self.canvases["disruption"], 0, 1)
        grid.addWidget(self.canvases["money"], 1, 0, 1, 2)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(grid, 1)
        self.money_group.currentIndexChanged.connect(self._on_money_group_current_index_changed)
        runner.finished.connect(self._on_runner_finished)
        session.analysis_ready.connect(self.refresh)

    def refresh(self, *_args) -> None:
        result = self.session.analysis
        if result is None or self.session.store is None:
            return
        self.status.setText(self.tr("Drawing the charts…"))
        self.runner.start(
            "analysis charts", build_figures(self.session, result, self.money_group.currentData())
        )

    def _on_money_group_current_index_changed(self, _index: int) -> None:
        result = self.session.analysis
        if result is not None:
            group, lang = self.money_group.currentData(), i18n.core_language()
            self.runner.start(
                "money chart", lambda progress=None, cancel=None: money_chart(result, group, lang)
            )

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "analysis charts":
            for name, fig in result.items():
                self.canvases[name].show_figure(fig)
            self.status.setText(
                self.tr("Degrees of the actor network, money flows and disruption from the latest analysis.")
            )
        elif kind == "money chart":
            self.canvases["money"].show_figure(result)
