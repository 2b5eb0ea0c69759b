"""The link chart panel: the core of the actor network laid out in the background, with
layouts, find, expand, hide, pin and export."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.chart import LinkChartView
from app.ui.chart_geometry import chart_content
from app.ui.session import Session
from app.ui.tasks import TaskRunner


def build_chart(session: Session, size: int, kind: str, focus: list[int], *, overview: bool = False):
    """The chart's content, computed in the background: the ``size`` most central actors (and
    the neighbours of ``focus``), or with ``overview`` one node per community.  A negative
    id in ``focus`` is a community of the overview: its members are drawn."""
    flt, analysis = session.filter, session.analysis

    def work(progress=None, cancel=None):
        from app.graph.communities import community_graph, louvain
        from app.graph.engine import from_networkx
        from app.graph.layout import layout
        from app.graph.networks import actor_graph

        with session.worker_store() as store:
            graph = actor_graph(store, flt)
        scores = {int(h["id"]): h["score"] for h in (analysis or {}).get("hubs", [])}
        listed = {
            int(m["id"]): c["id"] for c in (analysis or {}).get("communities", []) for m in c["members"]
        }
        communities = listed
        if overview or any(f < 0 for f in focus):
            communities, _ = louvain(from_networkx(graph), previous=listed or None)
        if overview:
            sub = community_graph(graph, communities)
            positions = layout(sub, "force", progress=progress, cancel=cancel)
            sizes = {n: float(d) for n, d in sub.nodes(data="size")}
            return sub, chart_content(sub, positions, communities={n: -n - 1 for n in sub}, sizes=sizes)
        members = [n for n, c in communities.items() if -(c + 1) in focus]
        ranked = sorted(graph.nodes, key=lambda n: (-scores.get(n, 0), -graph.degree(n, weight="weight")))
        keep = set(ranked[:size]) if not members else set(sorted(members, key=ranked.index)[:size])
        keep |= {f for f in focus if f in graph}
        for f in focus:
            if f in graph:
                keep |= set(list(graph.neighbors(f))[:40])
        sub = graph.subgraph(keep).copy()
        positions = layout(sub, kind, communities=communities, progress=progress, cancel=cancel)
        sizes = {n: scores.get(n, sub.degree(n) / max(1, len(sub))) for n in sub}
        return sub, chart_content(sub, positions, communities=communities, sizes=sizes)

    return work


class ChartPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self._relayout = False
        self._highlighted: list[int] = []  # marked again on the next chart, until another selection
        self.view = LinkChartView(self)
        self.layout_kind = QComboBox(self)
        for key, text in (
            ("force", self.tr("Force-directed")),
            ("communities", self.tr("Grouped by community")),
            ("circular", self.tr("Circular")),
            ("hierarchical", self.tr("Hierarchical")),
        ):
            self.layout_kind.addItem(text, key)
        self.layout_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.layout_kind.setMinimumContentsLength(10)
        self.size = QSpinBox(self)
        self.size.setRange(10, 20000)
        self.size.setValue(120)
        self.draw = QPushButton(self.tr("Draw"), self)
        self.overview = QPushButton(self.tr("Overview by community"), self)
        self.overview.setToolTip(self.tr("One node per community; select one and press E to open it"))
        self.find = QLineEdit(self)
        self.find.setPlaceholderText(self.tr("Find on chart…"))
        self.find.setMinimumWidth(80)
        self.export = QPushButton(self.tr("Export PNG/SVG…"), self)
        self.info = QLabel(
            self.tr("Draw the chart once a case is open; run the analysis to colour communities.")
        )
        bar = QHBoxLayout()
        for w in (
            QLabel(self.tr("Actors")),
            self.size,
            self.layout_kind,
            self.draw,
            self.overview,
            self.find,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        self.info.setWordWrap(True)  # the counts and key hints must not widen the window
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.export)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.draw.clicked.connect(self.redraw)
        self.overview.clicked.connect(self.show_overview)
        self.layout_kind.currentIndexChanged.connect(self._on_layout_kind_current_index_changed)
        self.find.returnPressed.connect(self._on_find_return_pressed)
        self.export.clicked.connect(self._on_export_clicked)
        self.view.entity_selected.connect(self._on_view_entity_selected)
        self.view.expand_requested.connect(self._on_view_expand_requested)
        runner.finished.connect(self._on_runner_finished)
        session.analysis_ready.connect(lambda _r: self.redraw())
        session.selection_changed.connect(self._on_session_selection_changed)
        session.highlight_requested.connect(self._on_session_highlight_requested)
        session.filter_changed.connect(lambda _f: self.redraw())

    def redraw(
        self, *_args, focus: list[int] | None = None, overview: bool = False, relayout: bool = False
    ) -> None:
        """Compute the chart in the background; with ``relayout`` the actors already shown
        glide to the new layout (pinned ones stay) instead of the chart being replaced."""
        if self.session.store is None:
            return
        self._relayout = relayout
        self.info.setText(self.tr("Laying out…"))
        self.runner.start(
            "chart",
            build_chart(
                self.session,
                self.size.value(),
                self.layout_kind.currentData(),
                focus or [],
                overview=overview,
            ),
        )

    def _on_layout_kind_current_index_changed(self, _index: int) -> None:
        self.redraw(relayout=True)

    def show_overview(self) -> None:
        self.redraw(overview=True)

    def _on_view_entity_selected(self, entity: int) -> None:
        if entity >= 0:  # communities of the overview have negative ids
            self.session.select(entity)

    def _on_session_selection_changed(self, entity: int) -> None:
        self._highlighted = []
        self.view.highlight([entity])

    def _on_session_highlight_requested(self, entities: list) -> None:
        self._highlighted = list(entities)
        missing = [e for e in entities if e not in self.view.nodes]
        if missing and self.session.store is not None:
            self.redraw(focus=missing)  # the marks follow once the chart shows them
        else:
            self.view.highlight(entities)

    def _on_view_expand_requested(self, entities: list) -> None:
        self.redraw(focus=[int(e) for e in entities])

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind != "chart":
            return
        graph, content = result
        if self._relayout and set(content.entities) == set(self.view.nodes):
            self.view.move_to(dict(zip(content.entities, content.positions, strict=True)))
        else:
            self.view.show_content(content)
        if self._highlighted:
            self.view.highlight(self._highlighted)
        self.info.setText(
            self.tr("{n} actors, {m} links. Wheel: zoom · Space+drag: pan · E: expand · H: hide").format(
                n=graph.number_of_nodes(), m=graph.number_of_edges()
            )
        )

    def _on_find_return_pressed(self) -> None:
        n = self.view.find(self.find.text())
        self.info.setText(self.tr("{n} found").format(n=n))

    def _on_export_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export chart"), "chart.png", "PNG (*.png);;SVG (*.svg)"
        )
        if path:
            self.save_image(path)

    def save_image(self, path: str) -> None:
        if path.lower().endswith(".svg"):
            self.view.export_svg(path)
        else:
            self.view.render_image().save(path)
