"""Map: the case on the offline basemap (places, corridors, journeys and the actors where the
evidence puts them), zoomed with the wheel and panned by dragging, cut to the time window the
timeline shares; the route clusters' table beside it.  Picking an actor, a journey or a
corridor selects its people on the chart; actors selected elsewhere are marked here."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from app.ui import i18n
from app.ui.map_view import MapView
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.time_window import TimeWindowBar
from app.ui.widgets import FrameTable


def load_map(session: Session, *, basemap: bool):
    """The map's data read in the background (and, the first time, the coarse outlines)."""
    clusters = session.analysis.route_clusters if session.analysis else []

    def work(progress=None, cancel=None):
        from app.basemap import load_levels
        from app.graph.places import load_map_data
        from app.ui.map_view import polygons

        with session.worker_store() as store:
            data = load_map_data(store, clusters)
        return data, polygons(load_levels([0])) if basemap else None

    return work


def load_basemap(level: int):
    """A finer level of the outlines, once the zoom asks for it."""

    def work(progress=None, cancel=None):
        from app.basemap import load_levels
        from app.ui.map_view import polygons

        return polygons(load_levels([level]))

    return work


class MapPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.view = MapView(self)
        self.fit = QPushButton(self.tr("Fit to journeys"), self)
        self.fit.setToolTip(self.tr("Zoom the map to every journey shown (F)"))
        self.journeys = QCheckBox(self.tr("Journeys"), self)
        self.journeys.setChecked(True)
        self.journeys.setToolTip(self.tr("Each journey's legs, over the corridors of the route clusters"))
        self.migrants = QCheckBox(self.tr("Migrants"), self)
        self.migrants.setToolTip(self.tr("Show the migrants where their journeys put them"))
        self.time = TimeWindowBar(session, self)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.clusters = FrameTable(
            {
                "cluster": self.tr("Cluster"),
                "journeys": self.tr("Journeys"),
                "path": self.tr("Path"),
                "price": self.tr("Price"),
                "span": self.tr("Dates"),
            },
            search=False,
        )
        self.split = QSplitter(self)
        self.split.addWidget(self.view)
        self.split.addWidget(self.clusters)
        self.split.setStretchFactor(0, 1)
        self.split.setSizes([900, 380])
        bar = QHBoxLayout()
        bar.addWidget(self.fit)
        bar.addWidget(self.journeys)
        bar.addWidget(self.migrants)
        bar.addWidget(self.time, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.info)
        self.shown_clusters: list[dict] = []
        self._basemap_loaded = False
        self._table_fitted = False
        self.fit.clicked.connect(self.view.fit_to_journeys)
        self.journeys.toggled.connect(self._on_journeys_toggled)
        self.migrants.toggled.connect(self._on_migrants_toggled)
        self.clusters.row_selected.connect(self._on_clusters_row_selected)
        self.view.actor_picked.connect(self._on_view_actor_picked)
        self.view.journey_picked.connect(self._on_view_journey_picked)
        self.view.corridor_picked.connect(self._on_view_corridor_picked)
        self.view.basemap_wanted.connect(self._on_view_basemap_wanted)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)
        session.analysis_ready.connect(self.refresh)
        session.case_closed.connect(self._on_session_case_closed)
        session.actors_selected.connect(self._on_session_actors_selected)
        session.window_changed.connect(self._on_session_window_changed)

    def refresh(self, *_args) -> None:
        if self.session.store is not None:
            self.runner.start("map", load_map(self.session, basemap=not self._basemap_loaded))

    def _on_session_case_closed(self) -> None:
        self.view.clear()
        self.show_clusters([])
        self.info.setText("")

    def _on_view_basemap_wanted(self, level: int) -> None:
        # asked while painting: start the read once the paint is over
        QTimer.singleShot(0, lambda: self.runner.start(f"basemap {level}", load_basemap(level)))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind.startswith("basemap"):
            self.view.add_basemap(result)
        if kind != "map":
            return
        data, basemap = result
        if basemap is not None:
            self._basemap_loaded = True
            self.view.add_basemap(basemap)
        self.view.window_range = self.session.window
        self.view.highlight(self.session.selected_actors)
        self.view.show_data(data, keep_view=True)
        self.show_clusters(data.clusters)
        self._show_counts()

    def _show_counts(self) -> None:
        shown = self.view.shown
        text = self.tr("{j} journeys, {p} places, {a} actors placed by the evidence.").format(
            j=len(shown.journeys), p=len(shown.places), a=len(shown.actors)
        )
        if not self.shown_clusters:
            text += " " + self.tr("Run the analysis to see the route clusters.")
        self.info.setText(
            text
            + " "
            + self.tr("Wheel: zoom · drag: pan · click an actor or a corridor, click again for its journeys.")
        )

    def show_clusters(self, clusters: list[dict]) -> None:
        self.shown_clusters = clusters
        self.clusters.setVisible(bool(clusters))  # before the analysis: the map alone
        self.clusters.set_frame(
            pd.DataFrame(
                [
                    {
                        "cluster": c["id"],
                        "journeys": c["journeys"],
                        "path": " → ".join(c["waypoints"]),
                        "price": i18n.core_language().numbers_in(str(c.get("price_range", ""))),
                        "span": c.get("span", ""),
                    }
                    for c in clusters
                ],
                columns=["cluster", "journeys", "path", "price", "span"],
            )
        )
        self._table_fitted = False
        if self.isVisible():
            self._fit_table()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._table_fitted:
            self._fit_table()
        if self.view.data is not None and not self.view.fitted_shown:
            self.view.fit_to_journeys()

    def _fit_table(self) -> None:
        """The clusters' table beside the map when the panel is wide enough for every column
        (the path wrapping), else below it with the path on one line: readable either way."""
        view = self.clusters.view
        view.resizeColumnsToContents()
        widths = [view.columnWidth(c) for c in range(self.clusters.model.columnCount())]
        room = view.verticalScrollBar().sizeHint().width() + 6
        path = widths[2] if len(widths) == 5 else 0
        beside = sum(widths) - path + min(path, 260) + room  # the path wraps to 260 pixels
        width = self.width()
        if beside <= width * 0.42:
            self.split.setOrientation(Qt.Orientation.Horizontal)
            if path:
                view.setColumnWidth(2, min(path, 260))
            view.setWordWrap(True)
            view.resizeRowsToContents()
            self.split.setSizes([width - beside, beside])
        else:
            self.split.setOrientation(Qt.Orientation.Vertical)
            if path:  # every column in sight: the path gives up what the others need
                view.setColumnWidth(2, max(200, min(path, width - (sum(widths) - path) - room - 20)))
            view.setWordWrap(False)
            view.resizeRowsToContents()
            rows = sum(view.rowHeight(r) for r in range(min(8, self.clusters.model.rowCount())))
            table = min(rows + view.horizontalHeader().height() + 8, self.split.height() // 3)
            self.split.setSizes([self.split.height() - table, table])
        self._table_fitted = True

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.shown_clusters and self.isVisible():
            self._fit_table()

    def _on_journeys_toggled(self, on: bool) -> None:
        self.view.show_journeys = on
        self.view.refresh()

    def _on_migrants_toggled(self, on: bool) -> None:
        self.view.show_migrants = on
        self.view.set_window(*self.view.window_range)
        if self.view.data is not None:
            self._show_counts()

    def _on_session_window_changed(self, start, end) -> None:
        self.view.set_window(start, end)
        if self.view.data is not None:
            self._show_counts()

    def _on_session_actors_selected(self, actors: list) -> None:
        self.view.highlight(actors)

    # ------------------------------------------------------------------ picks → the chart
    def _select(self, actors: list[int]) -> None:
        if not actors or self.session.store is None:
            return
        if len(actors) == 1:
            self.session.select(actors[0])
        else:
            self.session.select_actors(actors)
        self.session.highlight(actors)

    def _on_view_actor_picked(self, actor: int) -> None:
        self._select([actor])

    def _on_view_journey_picked(self, _journey: str, people: list) -> None:
        self._select([int(p) for p in people])

    def _on_view_corridor_picked(self, cluster: int) -> None:
        rows = [i for i, c in enumerate(self.shown_clusters) if int(c["id"]) == cluster]
        if rows:  # the table follows, quietly
            index = self.clusters.proxy.mapFromSource(self.clusters.model.index(rows[0], 0))
            selection = self.clusters.view.selectionModel()
            selection.blockSignals(True)
            self.clusters.view.selectRow(index.row())
            selection.blockSignals(False)
        self._select(self._facilitators(cluster))

    def _facilitators(self, cluster: int) -> list[int]:
        for c in self.shown_clusters:
            if int(c["id"]) != cluster:
                continue
            ids = c.get("facilitator_ids")
            if ids is None and self.session.store is not None:  # an analysis saved before ids
                names = c.get("facilitators", [])
                ids = [e["id"] for n in names for e in self.session.store.search_entities(str(n), limit=1)]
            return [int(i) for i in ids or []]
        return []

    def _on_clusters_row_selected(self, row: int) -> None:
        if row >= len(self.shown_clusters):
            return
        cluster = int(self.shown_clusters[row]["id"])
        self.view.select_corridor(cluster)
        self._select(self._facilitators(cluster))
