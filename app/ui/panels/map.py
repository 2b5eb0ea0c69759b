"""Map: places, legs and route clusters on the offline basemap; picking a cluster brings its
corridor forward on the map and marks the facilitators who operated it on the chart."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from app.ui import i18n
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FigureCanvas, FrameTable


def load_routes(session: Session, emphasis: int | None = None):
    """The map figure, built in the background (the basemap takes seconds to draw); with
    ``emphasis`` one route cluster stands out."""
    clusters = session.analysis.route_clusters if session.analysis else []
    lang = i18n.core_language()

    def work(progress=None, cancel=None):
        from app.exports.figures import route_map_figure

        with session.worker_store() as store:
            places = store.places_frame()
            legs = store.legs_frame()
        return route_map_figure(legs, places, clusters=clusters, emphasis=emphasis, tr=lang.t), clusters

    return work


class MapPanel(QWidget):
    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.canvas = FigureCanvas(self)
        self.clusters = FrameTable(search=False)
        split = QSplitter(self)
        split.addWidget(self.canvas)
        split.addWidget(self.clusters)
        split.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.shown_clusters: list[dict] = []
        self.clusters.row_selected.connect(self._on_clusters_row_selected)
        runner.finished.connect(self._on_runner_finished)
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)
        session.analysis_ready.connect(self.refresh)

    def refresh(self, *_args) -> None:
        if self.session.store is not None:
            self.runner.start("map", load_routes(self.session))

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "map":
            figure, clusters = result
            self.canvas.show_figure(figure)
            if clusters is not self.shown_clusters:  # a cluster brought forward keeps its row
                self.show_clusters(clusters)

    def show_clusters(self, clusters: list[dict]) -> None:
        self.shown_clusters = clusters
        self.clusters.set_frame(
            pd.DataFrame(
                [
                    {
                        "cluster": c["id"],
                        "journeys": c["journeys"],
                        "path": " → ".join(c["waypoints"]),
                        "price": i18n.core_language().numbers_in(str(c.get("price_range", ""))),
                    }
                    for c in clusters
                ]
            )
        )

    def _on_clusters_row_selected(self, row: int) -> None:
        clusters = self.shown_clusters
        if row >= len(clusters) or self.session.store is None:
            return
        cluster = clusters[row]
        self.runner.start("map", load_routes(self.session, emphasis=int(cluster["id"])))
        ids = cluster.get("facilitator_ids")
        if ids is None:  # an analysis saved before clusters carried ids: find them by name
            names = cluster.get("facilitators", [])
            ids = [e["id"] for name in names for e in self.session.store.search_entities(str(name), limit=1)]
        if ids:
            self.session.highlight([int(i) for i in ids])
