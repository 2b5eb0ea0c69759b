"""The map: a zoomable, pannable view of the shipped country outlines with the case drawn
over it (corridors, journeys, places, the actors where the evidence puts them).

- The basemap is the view's background, drawn from the coarsest outline level that is exact
  to a few pixels at the current zoom (:mod:`app.basemap`; finer levels are read when first
  needed).  The case is painted with it, in device pixels from numpy arrays, so markers and
  lines keep their size at every zoom and Qt's background cache serves panning: only the strip
  that comes into view is painted.  Nothing is a scene item Qt would visit one by one.
- The foreground holds what changes without the map changing: the marked journeys and actors,
  and the names, placed without overlap by :func:`app.labels.place_labels` for every frame.
  While the time window moves, the journeys, places and actors are painted there too, over a
  cache that keeps the basemap and corridors; the next pan or zoom puts them back into it.
- A window's journeys, places and actors are selected from arrays built once per map data
  (:func:`app.graph.places.map_in_window`), never read again from the case.
- Clicks are picked by distance in pixels: an actor, else a corridor; clicking again at the
  same spot goes through the journeys that pass there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QToolTip

from app.basemap import MAX_LAT, UNIT, level_for, project, tolerances
from app.exports.figures import PALETTE
from app.graph.places import MapData, MapWindow, map_in_window
from app.labels import place_labels
from app.ui.chart_layer import polygon

SEA = QColor("#DCE6EE")
LAND = QColor("#F4F1EA")
BORDER = QColor("#B9B2A5")
PLACE = QColor("#303030")
ACTOR = QColor("#5A5A5A")
EMPHASIS = QColor("#D00000")
PICKED = QColor("#202020")
MIN_ZOOM, MAX_ZOOM = 0.05, 400.0  # device pixels per map unit
PICK_PX = 6.0
SETTLE_MS = 150  # the zoom is at rest after this long without a change
QUIET_LEGS = 500  # more lines than this: the quieter ones wait while zooming
ROLE_COLOURS = {  # an actor's dot; other roles grey
    "organiser": QColor("#B00020"),
    "driver": QColor("#0072B2"),
    "captain": QColor("#009E73"),
    "collector": QColor("#D55E00"),
    "recruiter": QColor("#CC79A7"),
    "forger": QColor("#E69F00"),
    "migrant": QColor("#999999"),
}
ROLE_ORDER = list(ROLE_COLOURS)


def polygons(levels: dict[int, list[np.ndarray]]) -> dict[int, tuple[list, np.ndarray]]:
    """Basemap levels as Qt polygons with their boxes (built in the background)."""
    out = {}
    for level, rings in levels.items():
        polys = [polygon(ring) for ring in rings]
        boxes = np.array([[r[:, 0].min(), r[:, 1].min(), r[:, 0].max(), r[:, 1].max()] for r in rings])
        out[level] = (polys, boxes.reshape(-1, 4))
    return out


def cluster_colour(cluster: int, *, light: bool = False) -> QColor:
    if cluster < 0:
        return QColor("#C8C8C8") if light else QColor("#8A8A8A")
    c = QColor(PALETTE[cluster % len(PALETTE)])
    # Opaque tints: alpha-blended wide strokes cost the raster engine far more per pixel.
    return (
        QColor.fromRgbF(0.55 + 0.45 * c.redF(), 0.55 + 0.45 * c.greenF(), 0.55 + 0.45 * c.blueF())
        if light
        else c
    )


@dataclass
class MapScene:
    """The case as the view draws it, in map units (see :func:`app.basemap.project`)."""

    place_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    place_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    place_labels: list[str] = field(default_factory=list)
    journeys: list[str] = field(default_factory=list)
    journey_cluster: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    journey_people: list[list[int]] = field(default_factory=list)  # facilitators, then travellers
    seg_a: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # place index
    seg_b: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    seg_journey: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    corridors: list[dict] = field(default_factory=list)  # id, journeys, path (place indices)
    row_journey: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # of each MapData leg
    seg_pair: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # position in ``pairs``
    pairs: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))  # a < b, cluster; sorted

    @classmethod
    def build(cls, data: MapData) -> MapScene:
        places = data.places
        ids = places["id"].to_numpy(np.int64)
        x, y = project(places["lon"].to_numpy(float), places["lat"].to_numpy(float))
        index = {int(p): i for i, p in enumerate(ids)}
        legs = data.legs.reset_index(drop=True).sort_values(["journey", "seq"], kind="stable")
        journeys = list(dict.fromkeys(legs["journey"]))
        j_index = {j: i for i, j in enumerate(journeys)}
        first = legs.drop_duplicates("journey")
        cluster = dict(zip(first["journey"], first["cluster"].astype(int), strict=True))
        people: dict[str, list[int]] = {j: [] for j in journeys}
        for column in ("facilitator_id", "traveller_id"):
            for j, who in zip(legs["journey"], legs[column], strict=True):
                if pd.notna(who) and int(who) not in people[j]:
                    people[j].append(int(who))
        corridors = []
        for c in data.clusters:
            path = [index[int(p)] for p in c.get("path_ids", []) if int(p) in index]
            if len(path) >= 2:
                corridors.append({"id": int(c["id"]), "journeys": int(c.get("journeys", 0)), "path": path})
        seg_a = legs["from_id"].map(index).to_numpy(np.int64)
        seg_b = legs["to_id"].map(index).to_numpy(np.int64)
        seg_journey = legs["journey"].map(j_index).to_numpy(np.int64)
        journey_cluster = np.array([cluster[j] for j in journeys], np.int64)
        row_journey = np.zeros(len(legs), np.int64)
        row_journey[legs.index.to_numpy()] = seg_journey
        # each leg's line: the place pair (either way) and the journey's cluster
        keys = np.column_stack(
            [np.minimum(seg_a, seg_b), np.maximum(seg_a, seg_b), journey_cluster[seg_journey]]
        ).reshape(-1, 3)
        pairs, seg_pair = np.unique(keys, axis=0, return_inverse=True)
        return cls(
            ids,
            np.column_stack([x, y]) if len(ids) else np.zeros((0, 2)),
            [str(s) for s in places["label"]],
            journeys,
            journey_cluster,
            [people[j] for j in journeys],
            seg_a,
            seg_b,
            seg_journey,
            corridors,
            row_journey,
            seg_pair.reshape(-1).astype(np.int64),
            pairs.reshape(-1, 3).astype(np.int64),
        )


class MapView(QGraphicsView):
    """Wheel: zoom under the pointer; drag: pan; click: pick an actor or a corridor, click
    again: the journeys through that spot, one after the other."""

    actor_picked = Signal(int)
    basemap_wanted = Signal(int)  # a finer level of the outlines is needed at this zoom
    journey_picked = Signal(str, list)  # journey id, its facilitators and travellers
    corridor_picked = Signal(int)  # route cluster id
    picked_nothing = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        scene = QGraphicsScene(self)
        top, bottom = project(0.0, MAX_LAT)[1], project(0.0, -MAX_LAT)[1]
        scene.setSceneRect(QRectF(-180 * UNIT, top, 360 * UNIT, bottom - top))
        self.setScene(scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.tolerances = tolerances()
        self.basemap: dict[int, tuple[list, np.ndarray]] = {}
        self._asked: set[int] = set()
        self.data: MapData | None = None
        self.scene_data = MapScene()
        self.shown = MapWindow(set(), pd.DataFrame(), pd.DataFrame(), set())
        self.window_range: tuple[str | None, str | None] = (None, None)
        self.visible_journeys = np.zeros(0, bool)
        self.highlighted: set[int] = set()
        self.picked: tuple[str, object] | None = None  # ("actor", id) / ("journey", i) / ("corridor", id)
        self.show_journeys = True
        self.show_migrants = False  # victims and witnesses: on the map only when asked for
        self._press: QPointF | None = None
        self._cycle = 0
        self._last_click: np.ndarray | None = None
        self._actor_xy_px = np.zeros((0, 2))
        self.font_ = QFont(self.font())
        self.font_.setPointSizeF(max(7.5, self.font_.pointSizeF() - 1))
        self.bold = QFont(self.font_)
        self.bold.setBold(True)
        self._segments = (np.zeros(0, np.int64),) * 4  # a, b, cluster, count of the window
        self._metrics = {False: QFontMetricsF(self.font_), True: QFontMetricsF(self.bold)}
        self._sizes: dict[tuple[str, bool], tuple[float, float]] = {}
        self.labelled: list[str] = []
        self._emphasis = np.zeros(0, np.int64)
        self._place_index = np.zeros(0, np.int64)
        self._place_radii = self._place_legs = np.zeros(0)
        self._place_texts: list[str] = []
        self._actor_ids = self._actor_colour = np.zeros(0, np.int64)
        self._actor_texts: list[str] = []
        self._actor_xy = self._actor_offset = np.zeros((0, 2))
        self._actor_rank, self._actor_place = np.zeros(0), np.zeros(0, np.int64)
        self._fitted = False
        self.fitted_shown = False  # fitted while visible: the view had its real size
        self.zooming = False  # while the zoom changes, the quieter legs wait (level of detail)
        # While the time window moves, the case is painted over Qt's background cache (which
        # then holds the basemap and corridors alone) instead of into it; a pan or a zoom
        # puts it back into the cache, where panning shifts it.
        self.case_on_top = False
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._on_settle_timeout)

    # ------------------------------------------------------------------ content
    def add_basemap(self, levels: dict[int, tuple[list, np.ndarray]]) -> None:
        """Levels of the outlines, as :func:`polygons` made them."""
        self.basemap.update(levels)
        self.resetCachedContent()
        self.viewport().update()

    def show_data(self, data: MapData, *, keep_view: bool = False) -> None:
        """Draw the case's map; the time window, highlights and the view stay."""
        self.data = data
        self.scene_data = MapScene.build(data)
        self.picked = None
        self.set_window(*self.window_range)
        self._case_into_cache()  # a new case, not a moving window
        if not keep_view or not self._fitted:
            self.fit_to_journeys()

    def clear(self) -> None:
        """Nothing of a case drawn (the case was closed); the basemap stays."""
        self.data, self.scene_data, self.picked = None, MapScene(), None
        self.shown = MapWindow(set(), pd.DataFrame(), pd.DataFrame(), set())
        self.highlighted = set()
        self._segments = (np.zeros(0, np.int64),) * 4
        self.refresh()

    def set_window(self, start: str | None, end: str | None) -> None:
        """Show only the journeys (and the actors placed by evidence) inside the window."""
        self.window_range = (start, end)
        if self.data is None:
            return
        corridors = self.shown.clusters
        self.shown = map_in_window(self.data, start, end, include_migrants=self.show_migrants)
        s = self.scene_data
        self.visible_journeys = np.zeros(len(s.journeys), bool)
        self.visible_journeys[s.row_journey[self.shown.leg_rows]] = True
        # every leg of the journeys in the window, one line per place pair and cluster, the
        # lines travelled most drawn last
        keep = self.visible_journeys[s.seg_journey] if len(s.seg_journey) else np.zeros(0, bool)
        n = np.bincount(s.seg_pair[keep], minlength=len(s.pairs))
        drawn = np.flatnonzero(n)
        drawn = drawn[np.argsort(n[drawn], kind="stable")]
        a, b, c = (s.pairs[drawn, k] for k in range(3))
        self._segments = (a, b, c, n[drawn].astype(np.int64))
        self._prepare_markers()
        self._prepare_emphasis()
        if self.case_on_top and self.shown.clusters == corridors:
            self.viewport().update()  # the basemap and corridors in the cache stay as they are
        else:
            self.case_on_top = True
            self.refresh()

    def _prepare_markers(self) -> None:
        """What each frame draws of places and actors, as arrays (a frame only maps them)."""
        s, shown, places, actors = self.scene_data, self.shown, self.shown.places, self.shown.actors
        self._place_index = np.asarray(shown.place_rows, np.int64)  # rows of MapData.places
        legs = places["legs"].to_numpy(float) if len(places) else np.zeros(0)
        self._place_legs = legs
        self._place_radii = 3.0 + 2.0 * np.sqrt(legs / max(1.0, legs.max(initial=1.0)))
        self._place_texts = [s.place_labels[i] for i in self._place_index.tolist()]
        self._actor_ids = actors["id"].to_numpy(np.int64) if len(actors) else np.zeros(0, np.int64)
        self._actor_texts = [str(t) for t in actors["label"].tolist()] if len(actors) else []
        colour = {r: k for k, r in enumerate(ROLE_ORDER)}
        roles = actors["role"].tolist() if len(actors) else []
        self._actor_colour = np.array([colour.get(str(r), -1) for r in roles], np.int64)
        if len(actors):
            x, y = project(actors["lon"].to_numpy(float), actors["lat"].to_numpy(float))
            self._actor_xy = np.column_stack([x, y])
            self._actor_place = np.asarray(shown.actor_place_rows, np.int64)
            # rank at its place: the most evidenced first, then by id
            place = self._actor_place
            order = np.lexsort((self._actor_ids, -actors["weight"].to_numpy(float), place))
            firsts = np.r_[True, place[order][1:] != place[order][:-1]]
            start = np.maximum.accumulate(np.where(firsts, np.arange(len(order)), 0))
            ranks = np.empty(len(order))
            ranks[order] = np.arange(len(order)) - start
            self._actor_rank = ranks
            rank = ranks
            radius, angle = 9.0 + 4.5 * np.sqrt(rank), rank * 2.39996  # the golden angle
            self._actor_offset = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        else:
            self._actor_xy = self._actor_offset = np.zeros((0, 2))
            self._actor_rank, self._actor_place = np.zeros(0), np.zeros(0, np.int64)

    def _prepare_emphasis(self) -> None:
        """The journeys of the highlighted actors, drawn over the others."""
        s = self.scene_data
        marked = [
            i
            for i, people in enumerate(s.journey_people)
            if self.highlighted and self.visible_journeys[i] and self.highlighted.intersection(people)
        ]
        self._emphasis = np.flatnonzero(np.isin(s.seg_journey, marked)) if marked else np.zeros(0, np.int64)

    def highlight(self, actors: list[int]) -> None:
        """Mark these actors (and the journeys they operated or travelled) on the map; when
        none of those placed is in view, bring them into view."""
        self.highlighted = {int(a) for a in actors}
        if self.data is not None:
            self._prepare_emphasis()
            marked = self._marked_actors()
            if len(marked) and self.isVisible():
                seen = self.mapToScene(self.viewport().rect()).boundingRect()
                xy = self._actor_xy[marked]
                if not any(seen.contains(QPointF(x, y)) for x, y in xy.tolist()):
                    self.centerOn(*xy.mean(axis=0).tolist())
        self.refresh()

    def fit_to_journeys(self) -> None:
        """Zoom to the journeys in the window (or every place, or North Africa and Europe)."""
        s = self.scene_data
        shown = np.unique(np.concatenate([self._segments[0], self._segments[1]]))
        xy = s.place_xy[shown] if len(shown) else s.place_xy
        if len(xy):
            x0, y0 = xy.min(axis=0)
            x1, y1 = xy.max(axis=0)
        else:
            (x0, y0), (x1, y1) = project(-20.0, 50.0), project(45.0, 0.0)
        w, h = max(x1 - x0, 8 * UNIT), max(y1 - y0, 6 * UNIT)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        self.fitInView(
            QRectF(cx - w * 0.6, cy - h * 0.6, w * 1.2, h * 1.2), Qt.AspectRatioMode.KeepAspectRatio
        )
        self._clamp_zoom()
        self._fitted = True
        self.fitted_shown = self.isVisible()

    def zoom(self) -> float:
        return float(self.transform().m11())

    def zoom_by(self, factor: float, *, under_mouse: bool = False) -> None:
        """Zoom by ``factor`` around the view's centre (the wheel: around the pointer)."""
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        if factor != 1.0:
            self._case_into_cache()
            self.zooming = True
            self._settle.start()
            if not under_mouse:
                self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
            self.scale(factor, factor)
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def _on_settle_timeout(self) -> None:
        self.zooming = False
        self.refresh()

    def _clamp_zoom(self) -> None:
        if not (MIN_ZOOM <= self.zoom() <= MAX_ZOOM):
            self.zoom_by(1.0)

    # ------------------------------------------------------------------ painting
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """The basemap and the corridors under the case, and the case unless the time window
        is moving (:attr:`case_on_top`: it is painted over the cache by :meth:`drawForeground`)."""
        if not self.basemap:
            painter.fillRect(rect, SEA)
            return
        self._paint_under(painter, rect)
        if not self.case_on_top:
            self._paint_case(painter, rect)

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        self._case_into_cache()
        super().scrollContentsBy(dx, dy)

    def _case_into_cache(self) -> None:
        """The view moves: the case goes back into the background cache, which panning shifts."""
        if self.case_on_top:
            self.case_on_top = False
            self.resetCachedContent()

    def _paint_under(self, painter: QPainter, rect: QRectF) -> None:
        """The sea, the outlines of the nearest loaded level, the corridors."""
        painter.fillRect(rect, SEA)
        wanted = level_for(self.tolerances, self.zoom())
        if wanted not in self.basemap and wanted not in self._asked:
            self._asked.add(wanted)
            self.basemap_wanted.emit(wanted)
        level = min(self.basemap, key=lambda i: (abs(i - wanted), -i))  # the nearest loaded
        polys, boxes = self.basemap[level]
        inside = np.flatnonzero(
            (boxes[:, 2] >= rect.left())
            & (boxes[:, 0] <= rect.right())
            & (boxes[:, 3] >= rect.top())
            & (boxes[:, 1] <= rect.bottom())
        )
        pen = QPen(BORDER, 0.8)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(QBrush(LAND))
        for i in inside.tolist():
            painter.drawPolygon(polys[i])
        if len(self.scene_data.place_ids):
            painter.save()
            t = painter.worldTransform()
            painter.resetTransform()
            self._paint_corridors(painter, self._to_device(self.scene_data.place_xy, t))
            painter.restore()

    def _paint_case(self, painter: QPainter, rect: QRectF) -> None:
        """Journeys, places and actors over the corridors, with the basemap in Qt's background
        cache: panning shifts the cached picture and paints only the strip that comes into view."""
        s = self.scene_data
        if not len(s.place_ids):
            return
        t = painter.worldTransform()
        area = t.mapRect(rect)
        box = (area.left() - 12, area.top() - 12, area.right() + 12, area.bottom() + 12)
        painter.save()
        painter.resetTransform()
        px = self._to_device(s.place_xy, t)
        self._paint_journeys(painter, px, box)
        self._paint_markers(painter, px, t, box)
        painter.restore()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """What changes without the map changing: the marked journeys and actors, and the
        names, placed again for every frame."""
        s = self.scene_data
        if not len(s.place_ids):
            return
        if self.case_on_top and self.basemap:
            painter.save()
            painter.setWorldTransform(self.viewportTransform())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # as in the cache
            self._paint_case(painter, self.mapToScene(self.viewport().rect()).boundingRect())
            painter.restore()
        t = self.viewportTransform()
        painter.save()
        painter.resetTransform()
        px = self._to_device(s.place_xy, t)
        self._paint_emphasis(painter, px)
        actors_px = self._actor_positions(t)
        self._actor_xy_px = actors_px
        marked = self._marked_actors()
        if len(marked):
            painter.setPen(QPen(EMPHASIS, 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for x, y in actors_px[marked].tolist():
                painter.drawEllipse(QPointF(x, y), 5.5, 5.5)
        self._paint_labels(painter, px, actors_px)
        painter.restore()

    def refresh(self) -> None:
        """Draw the case again (the background cache holds its last picture)."""
        self.resetCachedContent()
        self.viewport().update()

    @staticmethod
    def _to_device(xy: np.ndarray, t) -> np.ndarray:
        if not len(xy):
            return np.zeros((0, 2))
        return np.column_stack([xy[:, 0] * t.m11() + t.dx(), xy[:, 1] * t.m22() + t.dy()])

    @staticmethod
    def _lines(px: np.ndarray, a: np.ndarray, b: np.ndarray) -> QPolygonF:
        """The lines ``a[i]``–``b[i]`` as point pairs for ``drawLines``, in one copy."""
        points = np.empty((2 * len(a), 2))
        points[0::2], points[1::2] = px[a], px[b]
        return polygon(points)

    def _paint_corridors(self, painter: QPainter, px: np.ndarray) -> None:
        """Each corridor a wide band under the journeys.  Segments with flat ends and a round
        point at each bend: a wide antialiased polyline with round joins costs the raster
        engine thirty times more."""
        corridors = self.scene_data.corridors
        if not corridors:
            return
        top = max(c["journeys"] for c in corridors) or 1
        for c in sorted(corridors, key=lambda c: -c["journeys"]):
            if c["id"] not in self.shown.clusters:
                continue
            width = 3.0 + 9.0 * c["journeys"] / top
            picked = self.picked == ("corridor", c["id"])
            width += 3 if picked else 0
            colour = cluster_colour(c["id"], light=not picked)
            pen = QPen(colour, width)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            path = np.asarray(c["path"])
            painter.drawLines(self._lines(px, path[:-1], path[1:]))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)  # the bends: round points, one call
            painter.setPen(pen)
            painter.drawPoints(polygon(px[path]))

    def _paint_journeys(self, painter: QPainter, px: np.ndarray, box: tuple[float, ...]) -> None:
        """The legs of the journeys in the window, one line per place pair and cluster, wider
        for more journeys; only those that cross the area being painted."""
        a, b, cl, n = self._segments
        if self.show_journeys and len(a):
            pa, pb = px[a], px[b]
            meets = (np.maximum(pa[:, 0], pb[:, 0]) >= box[0]) & (np.minimum(pa[:, 0], pb[:, 0]) <= box[2])
            meets &= (np.maximum(pa[:, 1], pb[:, 1]) >= box[1]) & (np.minimum(pa[:, 1], pb[:, 1]) <= box[3])
            if self.zooming and len(a) > QUIET_LEGS:
                meets &= n >= 4  # while zooming, the legs of a single journey or three wait
            widths = np.where(n >= 4, 2.0, 1.0)  # two widths: each pen change is a batch more
            hue = np.where(cl < 0, -1, cl % len(PALETTE))  # clusters of one colour: one batch
            order = np.flatnonzero(meets)
            order = order[np.lexsort((widths[order], hue[order]))]
            keys = np.column_stack([hue[order], widths[order]])
            cuts = np.flatnonzero((np.diff(keys, axis=0) != 0).any(axis=1)) + 1
            for group in np.split(order, cuts) if len(order) else []:
                pen = QPen(cluster_colour(int(hue[group[0]])), float(widths[group[0]]))
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLines(self._lines(px, a[group], b[group]))

    def _paint_emphasis(self, painter: QPainter, px: np.ndarray) -> None:
        s = self.scene_data
        for segs, colour, width in (
            (self._emphasis, EMPHASIS, 2.2),
            (
                np.flatnonzero(s.seg_journey == int(self.picked[1]))
                if self.picked is not None and self.picked[0] == "journey"
                else np.zeros(0, np.int64),
                PICKED,
                3.5,
            ),
        ):
            if len(segs):
                pen = QPen(colour, width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLines(self._lines(px, s.seg_a[segs], s.seg_b[segs]))

    def _paint_markers(self, painter: QPainter, px: np.ndarray, t, box: tuple[float, ...]) -> None:
        """Places as rings sized by traffic; actors as dots coloured by role, a pass per
        colour (wide round points: one call draws them all)."""
        painter.setPen(QPen(PLACE, 1.2))
        painter.setBrush(QBrush(QColor("#FFFFFF")))
        places = px[self._place_index].reshape(-1, 2)
        for i in np.flatnonzero(_within(places, box)).tolist():
            r = float(self._place_radii[i])
            painter.drawEllipse(QPointF(*places[i].tolist()), r, r)
        actors_px = self._actor_positions(t)
        if not len(actors_px):
            return
        inside = _within(actors_px, box) & self._drawn_actors()
        for k in np.unique(self._actor_colour).tolist():
            sel = np.flatnonzero(inside & (self._actor_colour == k))
            pen = QPen(ROLE_COLOURS[ROLE_ORDER[k]] if k >= 0 else ACTOR, 7.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(polygon(actors_px[sel]))

    def per_place(self) -> int:
        """How many actors stand around one place at this zoom (the most evidenced first):
        a dozen when the whole region is in view, every one of them closer in."""
        return int(12 * max(1.0, self.zoom() / 2.0) ** 2)

    def _drawn_actors(self) -> np.ndarray:
        """Which actors are drawn (and can be picked): the first :meth:`per_place` at each
        place, and every marked one."""
        drawn = self._actor_rank < self.per_place()
        drawn[self._marked_actors()] = True
        return drawn

    def _marked_actors(self) -> np.ndarray:
        marked = set(self.highlighted)
        if self.picked is not None and self.picked[0] == "actor":
            marked.add(int(self.picked[1]))  # type: ignore[call-overload]
        return np.flatnonzero(np.isin(self._actor_ids, list(marked))) if marked else np.zeros(0, np.int64)

    def _actor_positions(self, t) -> np.ndarray:
        """Each actor beside its place, on a sunflower spiral of fixed pixel spacing, so that
        the people standing at one place stay apart at every zoom."""
        return (
            self._to_device(self._actor_xy, t) + self._actor_offset if len(self._actor_xy) else self._actor_xy
        )

    def _text_size(self, text: str, bold: bool) -> tuple[float, float]:
        key = (text, bold)
        if key not in self._sizes:
            metrics = self._metrics[bold]
            self._sizes[key] = (metrics.horizontalAdvance(text) + 4, metrics.height())
        return self._sizes[key]

    def _paint_labels(self, painter: QPainter, px: np.ndarray, actors_px: np.ndarray) -> None:
        """Highlighted actors' names first, then places by traffic; none overprinted."""
        on = self._marked_actors().tolist()
        hidden = np.bincount(
            self._actor_place[~self._drawn_actors()], minlength=len(self.scene_data.place_ids)
        )
        more = hidden[self._place_index] if len(self._place_index) else np.zeros(0, np.int64)
        places = [
            t if not m else f"{t} (+{m})" for t, m in zip(self._place_texts, more.tolist(), strict=True)
        ]
        texts = [self._actor_texts[k] for k in on] + places
        if not texts:
            return
        bold = [True] * len(on) + [False] * len(self._place_texts)
        centres = np.vstack([actors_px[on].reshape(-1, 2), px[self._place_index].reshape(-1, 2)])
        radii = np.concatenate([np.full(len(on), 5.5), self._place_radii])
        sizes = np.array([self._text_size(s, b) for s, b in zip(texts, bold, strict=True)])
        order = np.concatenate([np.arange(len(on)), len(on) + np.argsort(-self._place_legs, kind="stable")])
        view = self.viewport().rect()
        inside = (centres[:, 0] > -50) & (centres[:, 0] < view.width() + 50)
        inside &= (centres[:, 1] > -20) & (centres[:, 1] < view.height() + 20)
        order = order.astype(np.int64)
        rects = place_labels(centres, radii, sizes, order[inside[order]])
        halo = QColor(255, 255, 255, 210)
        placed = np.flatnonzero(~np.isnan(rects[:, 0])).tolist()
        for i in placed:
            left, top, right, bottom = rects[i].tolist()
            box = QRectF(left, top, right - left, bottom - top)
            painter.fillRect(box, halo)
            painter.setFont(self.bold if bold[i] else self.font_)
            painter.setPen(EMPHASIS if bold[i] else PLACE)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, texts[i])
        self.labelled = [texts[i] for i in placed]
        self.label_rects = rects[placed]

    # ------------------------------------------------------------------ interaction
    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25**steps, under_mouse=True)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """+ and - zoom, F fits the journeys in view."""
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key == Qt.Key.Key_F:
            self.fit_to_journeys()
        else:
            super().keyPressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        if self._press is None:
            self._show_tip(event)

    def _show_tip(self, event) -> None:
        """The actor under the pointer: name, role and the places the evidence puts them at."""
        actors = self.shown.actors
        if not len(actors) or len(self._actor_xy_px) != len(actors):
            return
        p = np.array([event.position().x(), event.position().y()])
        d = np.hypot(*(self._actor_xy_px - p).T)
        d[~self._drawn_actors()] = np.inf
        k = int(np.argmin(d))
        if d[k] > PICK_PX:
            QToolTip.hideText()
            return
        names = dict(zip(self.scene_data.place_ids.tolist(), self.scene_data.place_labels, strict=True))
        row = actors.iloc[k]
        places = " · ".join(names.get(p, "") for p in self.shown.places_of(k)[:5])
        text = f"{row['label']}" + (f" ({row['role']})" if row["role"] else "") + f"\n{places}"
        QToolTip.showText(event.globalPosition().toPoint(), text, self)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is not None and event.button() == Qt.MouseButton.LeftButton:
            moved = event.position() - press
            if abs(moved.x()) + abs(moved.y()) < 4:
                self.pick_at(event.position())

    def pick_at(self, point: QPointF) -> tuple[str, object] | None:
        """Pick what is under ``point`` (viewport pixels): an actor, else a corridor, else a
        journey; clicking again at the same spot goes through the journeys that pass there."""
        p = np.array([point.x(), point.y()])
        t = self.viewportTransform()
        actors = self.shown.actors
        self._actor_xy_px = self._actor_positions(t)
        if len(self._actor_xy_px) == len(actors) and len(actors):
            d = np.hypot(*(self._actor_xy_px - p).T)
            d[~self._drawn_actors()] = np.inf
            k = int(np.argmin(d))
            if d[k] <= PICK_PX:
                who = int(actors["id"].iat[k])
                return self._picked(("actor", who), lambda: self.actor_picked.emit(who))
        px = self._to_device(self.scene_data.place_xy, t)
        corridor = self._corridor_at(p, px)
        again = self._last_click is not None and np.hypot(*(p - self._last_click)) <= 3
        self._last_click = p
        journey = self._journey_at(p, px) if corridor is None or again else None
        if journey is not None:
            s = self.scene_data
            return self._picked(
                ("journey", journey),
                lambda: self.journey_picked.emit(s.journeys[journey], list(s.journey_people[journey])),
            )
        if corridor is not None:
            return self._picked(("corridor", corridor), lambda: self.corridor_picked.emit(corridor))
        self.picked = None
        self.refresh()
        self.picked_nothing.emit()
        return None

    def _picked(self, what: tuple[str, object], emit) -> tuple[str, object]:
        self.picked = what
        self.refresh()  # a picked corridor is drawn wider
        emit()
        return what

    def _journey_at(self, p: np.ndarray, px: np.ndarray) -> int | None:
        s = self.scene_data
        if not self.show_journeys or not len(s.seg_a):
            return None
        keep = np.flatnonzero(self.visible_journeys[s.seg_journey])
        d = _distance_to_segments(p, px[s.seg_a[keep]], px[s.seg_b[keep]])
        if not len(d) or d.min() > 4.0:
            return None
        near = np.unique(s.seg_journey[keep[d <= d.min() + 0.5]])
        self._cycle = (self._cycle + 1) % len(near) if self.picked and self.picked[0] == "journey" else 0
        return int(near[self._cycle % len(near)])

    def _corridor_at(self, p: np.ndarray, px: np.ndarray) -> int | None:
        best, best_d = None, math.inf
        top = max((c["journeys"] for c in self.scene_data.corridors), default=1) or 1
        for c in self.scene_data.corridors:
            if c["id"] not in self.shown.clusters:
                continue
            path = px[c["path"]]
            d = float(_distance_to_segments(p, path[:-1], path[1:]).min())
            if d <= 3.0 + 4.5 * c["journeys"] / top + 2 and d < best_d:
                best, best_d = c["id"], d
        return best

    def corridor_point(self, cluster: int) -> QPointF | None:
        """A point on a corridor's line in viewport pixels (for tests and the bench)."""
        for c in self.scene_data.corridors:
            if c["id"] == cluster:
                a, b = self.scene_data.place_xy[c["path"][:2]]
                return self.mapFromScene(QPointF(*((a + b) / 2).tolist())).toPointF()
        return None

    def actor_point(self, actor: int) -> QPointF | None:
        """Where an actor's marker is drawn, in viewport pixels."""
        actors = self.shown.actors
        hits = np.flatnonzero(actors["id"].to_numpy() == actor) if len(actors) else []
        if not len(hits):
            return None
        return QPointF(*self._actor_positions(self.viewportTransform())[hits[0]].tolist())

    def select_corridor(self, cluster: int) -> None:
        """Mark a corridor as picked (from the clusters' table) and bring it into view."""
        self.picked = ("corridor", int(cluster))
        for c in self.scene_data.corridors:
            if c["id"] == cluster:
                xy = self.scene_data.place_xy[c["path"]]
                self.centerOn(*xy.mean(axis=0).tolist())
        self.refresh()


def _within(points: np.ndarray, box: tuple[float, ...]) -> np.ndarray:
    """Which points lie inside ``box`` (left, top, right, bottom)."""
    return (
        (points[:, 0] >= box[0])
        & (points[:, 0] <= box[2])
        & (points[:, 1] >= box[1])
        & (points[:, 1] <= box[3])
    )


def _distance_to_segments(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from point ``p`` to each segment ``a[i]``–``b[i]`` (pixels)."""
    if not len(a):
        return np.zeros(0)
    ab = b - a
    length2 = (ab**2).sum(axis=1)
    t = np.clip(((p - a) * ab).sum(axis=1) / np.where(length2 == 0, 1, length2), 0, 1)
    nearest = a + ab * t[:, None]
    return np.hypot(*(nearest - p).T)
