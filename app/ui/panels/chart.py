"""The link chart panel: the core of the actor network laid out in the background, with
layouts, find, expand, hide, pin and export, and charts saved in the case and reopened (the
one named "main" is shown when the case is opened)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.analysis import AnalysisResult
from app.ui.chart import LinkChartView
from app.ui.chart_geometry import chart_content
from app.ui.chart_saved import DEFAULT_NAME, SavedChart, chart_state, resolve_actors, saved_charts
from app.ui.session import Session
from app.ui.tasks import TaskRunner


def build_chart(session: Session, size: int, kind: str, focus: list[int], *, overview: bool = False):
    """The chart's content, computed in the background: the ``size`` most central actors (and
    the neighbours of ``focus``), or with ``overview`` one node per community.  A negative
    id in ``focus`` is a community of the overview: its members are drawn."""
    flt, analysis = session.filter, session.analysis

    def work(progress=None, cancel=None):
        from app.graph.communities import backbone, community_graph, louvain
        from app.graph.engine import from_networkx
        from app.graph.layout import layout
        from app.graph.networks import actor_graph

        with session.worker_store() as store:
            graph = actor_graph(store, flt)
        scores, listed = _scores_and_communities(analysis)
        communities = listed
        if overview or any(f < 0 for f in focus):
            communities, _ = louvain(from_networkx(graph), previous=listed or None)
        if overview:
            sub = backbone(community_graph(graph, communities))  # the strongest ties between them
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


def _scores_and_communities(analysis: AnalysisResult | None) -> tuple[dict, dict]:
    """Hub scores of the ranked actors (disc sizes) and every actor's community (colours) of
    the latest analysis."""
    if analysis is None:
        return {}, {}
    return {int(h["id"]): h["score"] for h in analysis.ranked_hubs()}, analysis.membership


def build_saved_chart(session: Session, state: dict, *, name: str, saved_at: str):
    """A saved chart's content, computed in the background like :func:`build_chart`: the graph
    of the saved actors from the current case and filter, at their saved places instead of a
    new layout (merged actors shown as the one they became, vanished ones left out)."""
    flt, analysis = session.filter, session.analysis

    def work(progress=None, cancel=None):
        from app.graph.networks import actor_graph

        with session.worker_store() as store:
            graph = actor_graph(store, flt)
            actors = resolve_actors(state.get("actors", []), store.canonical, graph)
        sub = graph.subgraph([a["id"] for a in actors]).copy()
        positions = {a["id"]: (float(a["x"]), float(a["y"])) for a in actors}
        scores, communities = _scores_and_communities(analysis)
        sizes = {n: scores.get(n, sub.degree(n) / max(1, len(sub))) for n in sub}
        saved = SavedChart(
            name,
            saved_at,
            pinned=[a["id"] for a in actors if a.get("pinned")],
            hidden=[a["id"] for a in actors if a.get("hidden")],
        )
        return sub, chart_content(sub, positions, communities=communities, sizes=sizes), saved

    return work


def _shown_date(saved_at: str) -> str:
    """A case file's UTC time as the analyst's local date and time."""
    when = QDateTime.fromString(saved_at, Qt.DateFormat.ISODate)
    return when.toLocalTime().toString("yyyy-MM-dd HH:mm") if when.isValid() else saved_at


class ChartPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self._relayout = False
        self._highlighted: list[int] = []  # marked again on the next chart, until another selection
        self._overview_shown = False  # one node per community: not a chart of actors to save
        self._shown_saved: SavedChart | None = None  # the saved chart shown, until a new layout
        self._case_fresh = True  # the first draw of a case shows its saved "main" chart
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
        self.save = QPushButton(self.tr("Save chart…"), self)
        self.save.setToolTip(
            self.tr("Keep the actors shown, their places, pins and hidden actors in the case")
        )
        self.open = QPushButton(self.tr("Open chart…"), self)
        self.open.setToolTip(self.tr("Show a chart saved in the case"))
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
        for w in (self.save, self.open, self.export):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.draw.clicked.connect(self.redraw)
        self.overview.clicked.connect(self.show_overview)
        self.layout_kind.currentIndexChanged.connect(self._on_layout_kind_current_index_changed)
        self.find.returnPressed.connect(self._on_find_return_pressed)
        self.export.clicked.connect(self._on_export_clicked)
        self.save.clicked.connect(self._on_save_clicked)
        self.open.clicked.connect(self._on_open_clicked)
        self.view.entity_selected.connect(self._on_view_entity_selected)
        self.view.expand_requested.connect(self._on_view_expand_requested)
        runner.finished.connect(self._on_runner_finished)
        session.analysis_ready.connect(self._on_session_analysis_ready)
        session.case_closed.connect(self._on_session_case_closed)
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
        first, self._case_fresh = self._case_fresh, False
        if first and not (focus or overview or relayout) and self.saved_chart_dates().get(DEFAULT_NAME):
            self.show_saved(DEFAULT_NAME)
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
        if kind == "save chart":
            self._on_chart_saved(result)
        if kind != "chart":
            return
        graph, content, *saved = result
        if self._relayout and set(content.entities) == set(self.view.nodes):
            self.view.move_to(dict(zip(content.entities, content.positions, strict=True)))
        else:
            self.view.show_content(content)
        self._shown_saved = saved[0] if saved else None
        self._overview_shown = any(e < 0 for e in content.entities)
        if self._shown_saved is not None:
            self.view.mark(pinned=self._shown_saved.pinned, hidden=self._shown_saved.hidden)
        if self._highlighted:
            self.view.highlight(self._highlighted)
        counts = self.tr("{n} actors, {m} links. Wheel: zoom · Space+drag: pan · E: expand · H: hide").format(
            n=graph.number_of_nodes(), m=graph.number_of_edges()
        )
        if self._shown_saved is not None:
            counts = self._saved_line(self._shown_saved) + " " + counts
        self.info.setText(counts)

    # ------------------------------------------------------------------ saved charts
    def chart_state(self) -> dict:
        """What the case keeps of the chart shown: its actors, their places and marks."""
        return chart_state(
            self.view.actor_states(), layout=self.layout_kind.currentData(), actor_count=self.size.value()
        )

    def saved_chart_dates(self) -> dict[str, str]:
        """When each chart saved in the open case was saved, by name (a short read)."""
        store = self.session.store
        return dict(saved_charts(store)) if store is not None else {}

    def save_chart(self, name: str) -> None:
        """Save the chart shown under ``name`` in the background, on a connection of its own."""
        if self.session.store is None or not len(self.view.nodes):
            return
        if self._overview_shown:
            self.info.setText(self.tr("The overview by community is not saved; draw the actors first."))
            return
        session, state = self.session, self.chart_state()

        def work(progress=None, cancel=None):
            with session.worker_store() as store:
                store.save_chart(name, state)
            return name

        self.runner.start("save chart", work)

    def show_saved(self, name: str) -> None:
        """Show the chart saved as ``name``: its actors at their saved places, pinned and hidden
        as they were, built in the background from the case as it is now."""
        store = self.session.store
        state = store.chart(name) if store is not None else None
        if state is None:
            return
        self._set_quietly(state.get("layout"), state.get("actor_count"))
        self._relayout = False
        self.info.setText(self.tr("Opening the saved chart “{name}”…").format(name=name))
        saved_at = self.saved_chart_dates().get(name, "")
        self.runner.start("chart", build_saved_chart(self.session, state, name=name, saved_at=saved_at))

    def _set_quietly(self, kind: str | None, count: int | None) -> None:
        """Show the layout and actor count a saved chart was drawn with, without a new layout."""
        index = self.layout_kind.findData(kind)
        if index >= 0:
            self.layout_kind.blockSignals(True)
            self.layout_kind.setCurrentIndex(index)
            self.layout_kind.blockSignals(False)
        if count:
            self.size.setValue(int(count))

    def _saved_line(self, saved: SavedChart) -> str:
        return self.tr("Saved chart “{name}” ({date}).").format(
            name=saved.name, date=_shown_date(saved.saved_at)
        )

    def _on_chart_saved(self, name: object) -> None:
        saved_at = self.saved_chart_dates().get(str(name), "")
        if self._shown_saved is None or self._shown_saved.name != name:
            self._shown_saved = SavedChart(str(name), saved_at)
        self._shown_saved.saved_at = saved_at
        self.info.setText(
            self.tr("Chart saved in the case as “{name}” ({date}).").format(
                name=name, date=_shown_date(saved_at)
            )
        )

    def _on_save_clicked(self) -> None:
        if self.session.store is None or not len(self.view.nodes):
            return
        name, ok = QInputDialog.getText(
            self,
            self.tr("Save chart"),
            self.tr("Name of the chart (the one named “main” opens with the case):"),
            text=self._shown_saved.name if self._shown_saved is not None else DEFAULT_NAME,
        )
        if ok and name.strip():
            self.save_chart(name.strip())

    def _on_open_clicked(self) -> None:
        if self.session.store is None:
            return
        charts = sorted(self.saved_chart_dates().items())
        if not charts:
            self.info.setText(self.tr("No chart is saved in this case yet."))
            return
        items = [self.tr("{name} — saved {date}").format(name=n, date=_shown_date(at)) for n, at in charts]
        item, ok = QInputDialog.getItem(
            self, self.tr("Open chart"), self.tr("Saved charts:"), items, 0, False
        )
        if ok and item in items:
            self.show_saved(charts[items.index(item)][0])

    def _on_session_analysis_ready(self, _result: AnalysisResult) -> None:
        """New colours and sizes; a saved chart keeps its actors and places."""
        if self._shown_saved is not None and len(self.view.nodes):
            state, saved = self.chart_state(), self._shown_saved
            self.runner.start(
                "chart", build_saved_chart(self.session, state, name=saved.name, saved_at=saved.saved_at)
            )
        else:
            self.redraw()

    def _on_session_case_closed(self) -> None:
        self._case_fresh = True
        self._shown_saved = None

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
