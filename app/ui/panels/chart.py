"""The link chart panel: the core of the actor network laid out in the background, with
layouts, find, expand, hide, pin and export, and charts saved in the case and reopened (the
one named "main" is shown when the case is opened)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import chartstate
from app.analysis import AnalysisResult
from app.chartstate import ChartHistory, ChartState
from app.ui import i18n
from app.ui.chart_geometry import chart_content, content_with, content_without
from app.ui.chart_saved import DEFAULT_NAME, SavedChart, chart_state, resolve_actors, saved_charts
from app.ui.chart_view import LinkChartView
from app.ui.models import count_text
from app.ui.session import Session
from app.ui.tasks import TaskRunner


def build_chart(session: Session, size: int, kind: str, focus: list[int], *, overview: bool = False):
    """The chart's content, computed in the background: the ``size`` most central actors (and
    the neighbours of ``focus``), or with ``overview`` one node per community.  A negative
    id in ``focus`` is a community of the overview: its members are drawn."""
    flt, analysis = session.filter, session.analysis
    names = i18n.core_language().names  # read on the UI thread, used on the worker

    def work(progress=None, cancel=None):
        from app.graph.communities import backbone, community_graph, louvain
        from app.graph.engine import from_networkx
        from app.graph.layout import layout

        with session.worker_store() as store:
            graph = session.actor_network(store, flt)
        scores, listed = _scores_and_communities(analysis)
        communities = listed
        if overview or any(f < 0 for f in focus):
            communities, _ = louvain(from_networkx(graph), previous=listed or None)
        _tell_apart(graph, communities, shown=names)
        if overview:
            sub = backbone(community_graph(graph, communities))  # the strongest ties between them
            positions = layout(sub, "force", progress=progress, cancel=cancel)
            sizes = {n: float(d) for n, d in sub.nodes(data="size")}
            content = chart_content(sub, positions, communities={n: -n - 1 for n in sub}, sizes=sizes)
            return sub, content, None, None
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
        return sub, chart_content(sub, positions, communities=communities, sizes=sizes), None, graph

    return work


def _tell_apart(graph, communities: dict, *, within=None, shown=str) -> None:
    """Actors sharing a name get what tells them apart in their label (see
    :func:`app.names.distinct_labels`), judged against the whole network ``within``; ``shown``
    writes it in the window's language (a community's word)."""
    from app.names import distinct_labels

    if within is not None:
        for n in graph:
            graph.nodes[n]["label"] = within.nodes[n]["label"]
        return
    labels = distinct_labels(
        {
            "id": n,
            "label": d.get("label", n),
            "phones": d.get("phones"),
            "place": d.get("city") or d.get("place") or "",
            "community": communities.get(n),
        }
        for n, d in graph.nodes(data=True)
    )
    for n, label in labels.items():
        graph.nodes[n]["label"] = shown(label)


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
    names = i18n.core_language().names  # read on the UI thread, used on the worker

    def work(progress=None, cancel=None):
        with session.worker_store() as store:
            graph = session.actor_network(store, flt)
            actors = resolve_actors(state.get("actors", []), store.canonical, graph)
        sub = graph.subgraph([a["id"] for a in actors]).copy()
        positions = {a["id"]: (float(a["x"]), float(a["y"])) for a in actors}
        scores, communities = _scores_and_communities(analysis)
        _tell_apart(graph, communities, shown=names)
        _tell_apart(sub, communities, within=graph)
        sizes = {n: scores.get(n, sub.degree(n) / max(1, len(sub))) for n in sub}
        saved = SavedChart(
            name,
            saved_at,
            pinned=[a["id"] for a in actors if a.get("pinned")],
            hidden=[a["id"] for a in actors if a.get("hidden")],
        )
        return sub, chart_content(sub, positions, communities=communities, sizes=sizes), saved, graph

    return work


def layout_actors(session: Session, graph, actors: list[int], kind: str):
    """A new layout of the actors on the chart (and only them), computed in the background."""
    analysis = session.analysis

    def work(progress=None, cancel=None):
        from app.graph.layout import layout

        _scores, communities = _scores_and_communities(analysis)
        chart = chartstate.chart_graph(graph, actors)
        return layout(chart, kind, communities=communities, progress=progress, cancel=cancel)

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
        self.graph = None  # the whole actor network the chart is drawn from (expand, add, undo)
        self.history = ChartHistory()
        self._path: list[int] = []  # a picked path drawn hop by hop, until Esc or a new chart
        self._pending_path: list[int] = []  # drawn once the chart arrives
        self.view = LinkChartView(self)
        self.layout_kind = QComboBox(self)
        for key, text in (
            ("force", self.tr("Force-directed")),
            ("communities", self.tr("Grouped by community")),
            ("circular", self.tr("Circular")),
            ("hierarchical", self.tr("Hierarchical")),
        ):
            self.layout_kind.addItem(text, key)
        self.layout_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
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
        self.undo_action = QAction(self.tr("Undo"), self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = QAction(self.tr("Redo"), self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.relayout_action = QAction(self.tr("Lay out again"), self)
        self.relayout_action.setToolTip(
            self.tr("A new layout of the actors on the chart; pinned actors stay (Ctrl+Z undoes it)")
        )
        self.remove_action = QAction(self.tr("Remove from chart"), self)
        self.remove_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Backspace")]
        )
        self.remove_action.setToolTip(
            self.tr("Take the selected actors and their links off the chart (Ctrl+Z undoes it)")
        )
        self.link_labels_action = QAction(self.tr("Link labels"), self)
        self.link_labels_action.setCheckable(True)
        self.link_labels_action.setShortcut(QKeySequence("L"))
        self.link_labels_action.setToolTip(
            self.tr(
                "Label links with their type, count and dates: the selected actors' links, else the strongest (L)"
            )
        )
        self.chart_buttons = []
        for action in (
            self.undo_action,
            self.redo_action,
            self.relayout_action,
            self.remove_action,
            self.link_labels_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            button = QToolButton(self)
            button.setDefaultAction(action)
            self.chart_buttons.append(button)
        # Undo and redo as arrows (their tooltips say what they undo): the row under the
        # chart then fits a 1366-pixel laptop screen beside both docks.
        for action, arrow in (
            (self.undo_action, QStyle.StandardPixmap.SP_ArrowBack),
            (self.redo_action, QStyle.StandardPixmap.SP_ArrowForward),
        ):
            action.setIcon(self.style().standardIcon(arrow))
        for button in self.chart_buttons[:2]:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
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
        bottom = QHBoxLayout()  # undo, redo and layout below the chart: the bar stays laptop-wide
        for button in self.chart_buttons:
            bottom.addWidget(button)
        bottom.addStretch(1)
        for w in (self.save, self.open, self.export):
            bottom.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.info)  # a line of its own: the counts and key hints read whole
        layout.addLayout(bottom)
        self.draw.clicked.connect(self.redraw)
        self.overview.clicked.connect(self.show_overview)
        self.layout_kind.currentIndexChanged.connect(self._on_layout_kind_current_index_changed)
        self.find.returnPressed.connect(self._on_find_return_pressed)
        self.export.clicked.connect(self._on_export_clicked)
        self.save.clicked.connect(self._on_save_clicked)
        self.open.clicked.connect(self._on_open_clicked)
        self.view.entity_selected.connect(self._on_view_entity_selected)
        self.view.entities_selected.connect(self._on_view_entities_selected)
        self.view.expand_requested.connect(self._on_view_expand_requested)
        self.view.edited.connect(self._on_view_edited)
        self.view.path_cleared.connect(self._on_view_path_cleared)
        self.view.undo_requested.connect(self.undo)
        self.view.redo_requested.connect(self.redo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.connect(self.redo)
        self.relayout_action.triggered.connect(self.relayout)
        self.remove_action.triggered.connect(self.remove_selected)
        self.link_labels_action.toggled.connect(self.view.set_link_labels)
        runner.finished.connect(self._on_runner_finished)
        session.analysis_ready.connect(self._on_session_analysis_ready)
        session.case_closed.connect(self._on_session_case_closed)
        session.selection_changed.connect(self._on_session_selection_changed)
        session.highlight_requested.connect(self._on_session_highlight_requested)
        session.path_requested.connect(self._on_session_path_requested)
        session.filter_changed.connect(lambda _f: self.redraw())
        self._update_actions()

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
        self.relayout()

    # ------------------------------------------------------------------ working on the chart
    def in_place(self) -> bool:
        """Can the chart be changed where it stands (a chart of actors with its network)?"""
        return self.graph is not None and not self._overview_shown and len(self.view.nodes) > 0

    def relayout(self) -> None:
        """Lay the actors on the chart out again (pinned ones stay), in the background."""
        if not self.in_place():
            self.redraw(relayout=True)
            return
        self.info.setText(self.tr("Laying out…"))
        actors = [e for e in self.view.nodes]
        kind = self.layout_kind.currentData()
        self.runner.start("chart layout", layout_actors(self.session, self.graph, actors, kind))

    def expand(self, entities: list[int]) -> list[int]:
        """Put the neighbours of ``entities`` on the chart around them; nobody else moves."""
        state, added = chartstate.expand(self.view.state(), self.graph, [int(e) for e in entities])
        self.apply(state, "expand")
        self.info.setText(self.tr("{n} actors added. Ctrl+Z undoes it.").format(n=i18n.number(len(added))))
        return added

    def remove_selected(self) -> list[int]:
        """Take the selected actors (and their links) off the chart; Ctrl+Z puts them back
        where they were.  Nobody else moves."""
        chosen = [e for e in self.view.selected_entities() if e >= 0]
        if not chosen or not self.in_place():
            return []
        self.apply(chartstate.remove(self.view.state(), chosen), "remove")
        self.info.setText(self.tr("{n} actors removed. Ctrl+Z undoes it.").format(n=len(chosen)))
        return chosen

    def apply(self, state: ChartState, label: str) -> None:
        """Show ``state`` and remember it as the change ``label`` (undo goes back from it)."""
        self._show_state(state)
        self.history.record(label, self.view.state())
        self._update_actions()

    def _show_state(self, state: ChartState, *, rebuild: bool = False) -> None:
        shown = set(self.view.nodes)
        if rebuild or set(state.positions) != shown:
            scores, communities = _scores_and_communities(self.session.analysis)
            content = self.view.nodes.content
            if rebuild or content is None:
                sub = chartstate.chart_graph(self.graph, state.positions)
                sizes = {n: scores.get(n, sub.degree(n) / max(1, len(sub))) for n in sub}
                content = chart_content(sub, state.positions, communities=communities, sizes=sizes)
            else:  # only the actors that come or go: a chart of thousands changes at once
                content = content_without(content, shown - set(state.positions))
                new = [e for e in state.positions if e not in shown]
                sizes = {n: scores.get(n, self.graph.degree(n) / max(1, len(state))) for n in new}
                content = content_with(
                    content, self.graph, new, state.positions, communities=communities, sizes=sizes
                )
            self.view.show_content(content, keep_view=True)
            if self._path:
                self.view.show_path(self._path)
        self.view.set_state(state)

    def undo(self) -> None:
        if not self.in_place():
            return
        state = self.history.undo()
        if state is not None:
            self._show_state(state)
        self._update_actions()

    def redo(self) -> None:
        if not self.in_place():
            return
        state = self.history.redo()
        if state is not None:
            self._show_state(state)
        self._update_actions()

    def _update_actions(self) -> None:
        self.undo_action.setEnabled(bool(self.history.undo_label))
        self.redo_action.setEnabled(bool(self.history.redo_label))
        self.undo_action.setToolTip(
            self.tr("Undo {what} (Ctrl+Z)").format(what=self.change_name(self.history.undo_label))
        )
        self.redo_action.setToolTip(
            self.tr("Redo {what} (Ctrl+Shift+Z)").format(what=self.change_name(self.history.redo_label))
        )

    def change_name(self, label: str | None) -> str:
        """A change of the chart (as the history keeps it) as the analyst reads it."""
        names = {
            "draw": self.tr("the drawing"),
            "layout": self.tr("the layout"),
            "expand": self.tr("the expansion"),
            "add": self.tr("the added actors"),
            "path": self.tr("the path"),
            "hide": self.tr("hiding"),
            "pin": self.tr("pinning"),
            "unpin": self.tr("unpinning"),
            "move": self.tr("the move"),
        }
        return names.get(label or "", label or "")

    def _on_view_edited(self, label: str) -> None:
        self.history.record(label, self.view.state())
        self._update_actions()

    def _on_view_path_cleared(self) -> None:
        self._path = []

    def show_overview(self) -> None:
        self.redraw(overview=True)

    def _on_view_entity_selected(self, entity: int) -> None:
        if entity >= 0:  # communities of the overview have negative ids
            self.session.select(entity)

    def _on_view_entities_selected(self, entities: list) -> None:
        """Several actors selected at once: the map marks them, the timeline shows their rows
        (one actor goes through :meth:`_on_view_entity_selected`)."""
        actors = [int(e) for e in entities if int(e) >= 0]
        if len(actors) > 1:
            self.session.select_actors(actors)

    def _on_session_selection_changed(self, entity: int) -> None:
        self._highlighted = []
        self.view.highlight([entity])

    def _on_session_highlight_requested(self, entities: list) -> None:
        self._highlighted = list(entities)
        missing = [e for e in entities if e not in self.view.nodes]
        if missing and self.in_place():
            self.apply(chartstate.add(self.view.state(), self.graph, missing)[0], "add")
        elif missing and self.session.store is not None:
            self.redraw(focus=missing)  # the marks follow once the chart shows them
            return
        self.view.highlight(entities)

    def _on_session_path_requested(self, entities: list) -> None:
        """A picked path: its actors put on the chart (beside their neighbours on it), then
        drawn hop by hop over the dimmed chart."""
        entities = [int(e) for e in entities]
        missing = [e for e in entities if e not in self.view.nodes]
        if missing and not self.in_place():
            self._pending_path = entities
            if self.session.store is not None:
                self.redraw(focus=missing)
            return
        if missing:
            self.apply(chartstate.add(self.view.state(), self.graph, entities)[0], "path")
        self._path = entities
        self.view.show_path(entities)

    def _on_view_expand_requested(self, entities: list) -> None:
        if self.in_place() and all(int(e) >= 0 for e in entities):
            self.expand(entities)
        else:
            self.redraw(focus=[int(e) for e in entities])

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "save chart":
            self._on_chart_saved(result)
        if kind == "chart layout":
            self._on_layout_ready(result)
        if kind != "chart":
            return
        graph, content, saved, self.graph = result
        fresh = not len(self.history.current)
        if self._relayout and set(content.entities) == set(self.view.nodes):
            self.view.move_to(dict(zip(content.entities, content.positions, strict=True)))
        else:
            self.view.show_content(content)
            self._path = []
        self._shown_saved = saved
        self._overview_shown = any(e < 0 for e in content.entities)
        if self._shown_saved is not None:
            self.view.mark(pinned=self._shown_saved.pinned, hidden=self._shown_saved.hidden)
        if self._highlighted:
            self.view.highlight(self._highlighted)
        if not self._overview_shown:
            state = self.view.state()
            if fresh:
                self.history.reset(state)
            else:
                self.history.record("draw", state)
        self._update_actions()
        if self._pending_path:
            path, self._pending_path = self._pending_path, []
            self._on_session_path_requested(path)
        counts = self.tr(
            "{n} actors, {m} links. Wheel: zoom · Space+drag: pan · E: expand · H: hide · P: pin · "
            "Ctrl+Z: undo"
        ).format(n=count_text(graph.number_of_nodes()), m=count_text(graph.number_of_edges()))
        if self._shown_saved is not None:
            counts = self._saved_line(self._shown_saved) + " " + counts
        self.info.setText(counts)

    # ------------------------------------------------------------------ saved charts
    def chart_state(self) -> dict:
        """What the case keeps of the chart shown: its actors, their places and marks."""
        return chart_state(
            self.view.actor_states(), layout=self.layout_kind.currentData(), actor_count=self.size.value()
        )

    def shown_actors(self) -> list[dict] | None:
        """The actors on the chart with their places (for File ▸ Export), or None when it shows
        no actors (nothing drawn, or the overview by community)."""
        if self._overview_shown or not len(self.view.nodes):
            return None
        return self.view.actor_states()

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
        elif self.in_place() and self.history.worked_on:
            self._show_state(self.view.state(), rebuild=True)  # the analyst's chart stays as it is
        else:
            self.redraw()

    def _on_session_case_closed(self) -> None:
        self._case_fresh = True
        self._shown_saved = None
        self.graph, self._path = None, []
        self.history.reset(ChartState())
        self._update_actions()

    def _on_layout_ready(self, positions: dict) -> None:
        """A new layout of the actors shown: they glide there, and Ctrl+Z brings them back."""
        if not self.in_place():
            return
        state = chartstate.laid_out(self.view.state(), positions)
        self.history.record("layout", state)
        self.view.move_to(positions)
        self._update_actions()
        self.info.setText(self.tr("Laid out again. Ctrl+Z undoes it."))

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
