"""The link chart's one graphics item: every link and every actor painted in batches from the
numpy arrays of :class:`~app.ui.chart_geometry.ChartGeometry`, with level of detail.

Why one item: a QGraphicsScene visits each item per frame through Python (``boundingRect``,
``paint``); 20,000 actor items cost ~40 ms before anything is drawn, and 100,000 link items
far more.  Here a frame costs a vectorised cull, a few ``drawLines``/``drawPoints`` calls and
at most a few hundred detailed actors.

- Links: when few are in view they are drawn live (antialiased when very few).  When many
  are, the view shows a raster of all of them, rendered off the GUI thread by
  :func:`render_links_raster` for the current zoom, with the strongest drawn live on top; until
  that raster arrives the previous one (scaled) or only the strongest stand in.  The worker
  draws it in batches of a couple of milliseconds and waits at a :class:`PaintGate` while the
  GUI thread paints, so frames keep their speed while it renders.
- Actors: plain coloured dots when many are in view or zoomed far out; discs with the type's
  icon and the name when few are; the selected, highlighted and most central always in full.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from app.labels import place_labels
from app.progress import check
from app.ui.chart_geometry import ChartGeometry, Rect, links_meeting

ICON_ZOOM = 0.3  # icons instead of dots above this zoom
LABEL_ZOOM = 0.55  # names above this zoom
DETAIL_NODES = 600  # more actors in view than this: dots
LABEL_NODES = 300  # more actors in view than this: only the chosen ones are named
LIVE_LINKS = 2500  # more links in view than this: the raster plus the strongest live
LIVE_STRONG = 800  # how many of the strongest are drawn live over the raster
SMOOTH_LINKS = 600  # antialias the links when no more than this many are drawn
STAND_IN = 1.5  # a raster drawn for a zoom within this factor stands in, scaled, while waiting
LINE_CHUNK = 250  # lines per drawLines call: PySide6 keeps the GIL during one, the GUI thread waits
# On the worker, a drawLines call also stops at about this many pixels of line (~2 ms of
# drawing) so that the GUI thread never waits long for the GIL; a line costs as much as
# LINE_SETUP pixels besides its own.
BATCH_PIXELS = 100_000
LINE_SETUP = 60
LABEL_ROOM = 320  # device pixels a name may reach right of its actor
LINK_LABELS = 40  # link labels on with nothing selected: the strongest links in view
OBSTACLE_ACTORS = 2000  # link labels keep off the actors in view when no more than this many
# Opaque greys: alpha-blended lines cost the raster engine about ten times more per pixel.
TIER_PENS = ((QColor("#DADADA"), 0.0), (QColor("#A3A3A3"), 1.0), (QColor("#8F8F8F"), 1.6),
             (QColor("#7A7A7A"), 2.6), (QColor("#616161"), 3.8))  # fmt: skip
# Crowded (more links in view than LIVE_LINKS): hairlines, weight shown by darkness only, or
# thousands of thick strokes would paint the chart solid grey.
CROWDED_PENS = ((QColor("#E2E2E2"), 0.0), (QColor("#C4C4C4"), 0.0), (QColor("#B0B0B0"), 0.0),
                (QColor("#989898"), 0.0), (QColor("#7E7E7E"), 0.0))  # fmt: skip
EMPHASIS = QColor("#D00000")
PIN = QColor("#202020")
PATH = QColor("#E07000")  # a picked path, hop by hop
BACKGROUND_HALO = "#FFF6C8"  # behind the name of the actor under the pointer
KINDS = ("person", "phone", "account", "location", "organisation", "vehicle", "document", "handset")


class IconCache:
    """Entity-type icons rendered once per type and pixel size from the shipped SVGs."""

    def __init__(self) -> None:
        self._renderers: dict[str, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[str, int], QPixmap] = {}

    def renderer(self, kind: str) -> QSvgRenderer:
        if kind not in self._renderers:
            name = kind if kind in KINDS else "person"
            data = resources.files("ariadne_resources").joinpath("icons", f"{name}.svg").read_bytes()
            self._renderers[kind] = QSvgRenderer(QByteArray(data))
        return self._renderers[kind]

    def pixmap(self, kind: str, size: int) -> QPixmap:
        key = (kind, size)
        if key not in self._pixmaps:
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            self.renderer(kind).render(painter, QRectF(0, 0, size, size))
            painter.end()
            self._pixmaps[key] = QPixmap.fromImage(image)
        return self._pixmaps[key]


@dataclass
class LinksRaster:
    """Every shown link drawn at ``zoom`` over the chart's background; pixel (0, 0) is the
    scene point ``origin``.  Valid while the geometry's ``version`` is unchanged."""

    image: QImage
    origin: tuple[float, float]
    zoom: float
    version: int

    def covers(self, rect: Rect) -> bool:
        x, y = self.origin
        w, h = self.image.width() / self.zoom, self.image.height() / self.zoom
        return x <= rect[0] and y <= rect[1] and x + w >= rect[2] and y + h >= rect[3]


def polygon(points: np.ndarray) -> QPolygonF:
    """A QPolygonF from an (n, 2) float array in one copy (QDataStream's format: a count,
    then the coordinates as doubles), instead of n Python calls."""
    head = np.array([len(points)], dtype="<u4").tobytes()
    data = QByteArray(head + np.ascontiguousarray(points, dtype="<f8").tobytes())
    stream = QDataStream(data)
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    result = QPolygonF()
    stream >> result
    return result


class PaintGate:
    """Lets a worker drawing a links raster step aside while the GUI thread paints (or
    answers the pointer).

    PySide6 keeps the GIL during each QPainter call, and numpy lets go of it during its
    loops over big arrays: while the worker drew, each of the many numpy calls of a frame on
    the GUI thread gave the GIL away and waited for a whole batch of the worker's lines to
    get it back, and frames took two to four times as long.  The GUI thread holds the gate
    shut while it paints; the worker waits at it, without the GIL, between two batches.
    """

    def __init__(self) -> None:
        self._open = threading.Event()
        self._open.set()
        self._depth = 0  # paints under way (only the GUI thread paints: no lock needed)
        self._painter = -1  # the thread painting

    @contextmanager
    def painting(self) -> Iterator[None]:
        self._depth += 1
        self._painter = threading.get_ident()
        self._open.clear()
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._open.set()

    def shut(self) -> bool:
        """Is the GUI thread painting?"""
        return not self._open.is_set()

    def wait(self) -> None:
        """On the worker: return once the GUI thread is not painting (at once on the thread
        that paints, as with a synchronous task runner)."""
        if threading.get_ident() != self._painter:
            self._open.wait()


def line_batches(points: np.ndarray, span: float, budget: float = BATCH_PIXELS) -> list[slice]:
    """Slices of the lines (``points`` in pairs, device pixels) for one drawLines call each:
    at most LINE_CHUNK lines and about ``budget`` pixels of line, a line seen through a
    window ``span`` pixels wide costing no more than that plus LINE_SETUP."""
    n = len(points) // 2
    step = np.abs(points[1::2] - points[0::2]).max(axis=1) if n else np.zeros(0)
    cost = np.cumsum(np.minimum(step, span) + LINE_SETUP)
    cuts, start = [], 0
    while start < n:
        spent = cost[start - 1] if start else 0.0
        end = int(np.searchsorted(cost, spent + budget, side="right"))
        end = min(max(end, start + 1), start + LINE_CHUNK, n)
        cuts.append(slice(start, end))
        start = end
    return cuts


def draw_links(
    painter: QPainter,
    device: np.ndarray,
    src,
    dst,
    tier,
    links,
    *,
    crowded=False,
    cancel=None,
    pause: Callable[[], None] | None = None,
    span: float = 0.0,
) -> None:
    """Draw ``links`` (indices) between ``device`` points, one batched call per tier and chunk.

    On a worker (``pause`` given) the batches are small (see :func:`line_batches`, ``span``
    the width of the picture) and ``pause`` is called before each, so that the GUI thread
    may paint first; the same lines are drawn in the same order, so the same pixels."""
    pens = CROWDED_PENS if crowded else TIER_PENS
    for level in range(len(pens)):
        chosen = links[tier[links] == level]
        if not len(chosen):
            continue
        colour, width = pens[level]
        pen = QPen(colour, width)
        pen.setCosmetic(True)
        painter.setPen(pen)
        points = np.empty((2 * len(chosen), 2))
        points[0::2], points[1::2] = device[src[chosen]], device[dst[chosen]]
        if pause is None:
            batches = [slice(k, k + LINE_CHUNK) for k in range(0, len(chosen), LINE_CHUNK)]
        else:
            batches = line_batches(points, span)
        for batch in batches:
            check(cancel)
            if pause is not None:
                pause()
            painter.drawLines(polygon(points[2 * batch.start : 2 * batch.stop]))
            if pause is not None:
                time.sleep(0)  # hand the GIL to a GUI thread handling events


def render_links_raster(
    xy: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    tier: np.ndarray,
    *,
    origin: tuple[float, float],
    zoom: float,
    size: tuple[int, int],
    background: str,
    progress=None,
    cancel=None,
    gate: PaintGate | None = None,
) -> QImage:
    """Every link in the scene rectangle at ``origin`` of ``size`` pixels at ``zoom``, over the
    background.  Only QImage and QPainter: safe on a worker thread, drawn in small batches
    that wait at ``gate`` while the GUI thread paints."""
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(background))
    rect = (origin[0], origin[1], origin[0] + size[0] / zoom, origin[1] + size[1] / zoom)
    links = links_meeting(xy, src, dst, rect)
    device = (xy - np.asarray(origin)) * zoom
    painter = QPainter(image)
    try:
        draw_links(
            painter,
            device,
            src,
            dst,
            tier,
            links,
            crowded=True,
            cancel=cancel,
            pause=(gate or PaintGate()).wait,
            span=float(max(size)),
        )
    finally:
        painter.end()
    return image


class ChartLayer(QGraphicsItem):
    """Paints the whole chart from ``geometry``; ``request_raster`` is called when the links
    raster does not match what is shown.  ``last_frame`` records the level of detail chosen."""

    def __init__(self, geometry: ChartGeometry, labels, kinds, palette, icons, request_raster) -> None:
        super().__init__()
        self.geometry, self.labels, self.kinds = geometry, labels, kinds
        self.palette, self.icons, self.request_raster = palette, icons, request_raster
        self.raster: LinksRaster | None = None
        self.export_mode = False  # draw everything live, at full detail (PNG and SVG export)
        self.hover = -1  # the actor under the pointer: always named
        self.hover_link = -1  # the link under the pointer: always labelled
        self.link_labels = False  # label links: those of the selection, else the strongest
        self.link_text = lambda i: ""  # a link's label (type, count, dates), from the view
        self.last_frame: dict[str, object] = {}
        self.gate = PaintGate()  # the view shares its own with the links raster's worker
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.refresh_bounds()

    def refresh_bounds(self) -> None:
        left, top, right, bottom = self.geometry.bounds()
        self.prepareGeometryChange()
        self._bounds = QRectF(left, top, right - left, bottom - top).adjusted(-60, -60, 60, 60)

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        with self.gate.painting():  # the raster's worker waits meanwhile: see PaintGate
            self._paint(painter, option)

    def _paint(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        transform = painter.worldTransform()
        zoom = option.levelOfDetailFromTransform(transform)
        e = option.exposedRect.intersected(self._visible(painter, transform))
        rect = (e.left(), e.top(), e.right(), e.bottom())
        room = LABEL_ROOM / max(zoom, 1e-6)
        device = self.geometry.xy * [transform.m11(), transform.m22()] + [transform.dx(), transform.dy()]
        painter.save()
        painter.setTransform(QTransform())  # from here on, device pixels
        self._paint_links(painter, transform, rect, zoom, device)
        self._paint_nodes(painter, (rect[0] - room, rect[1], rect[2], rect[3]), zoom, device)
        if self.link_labels or self.hover_link >= 0:
            self._paint_link_labels(painter, rect, zoom, device)
        painter.restore()

    @staticmethod
    def _visible(painter: QPainter, transform: QTransform) -> QRectF:
        """The scene area the painter can reach: QGraphicsView.render() exposes the whole
        item, so cull to the device (or clip) rectangle instead."""
        if painter.hasClipping():
            return painter.clipBoundingRect()
        device = painter.device()
        inverse, _ = transform.inverted()
        return inverse.mapRect(QRectF(0, 0, device.width(), device.height()))

    # ------------------------------------------------------------------ links
    def _paint_links(self, painter: QPainter, transform: QTransform, rect: Rect, zoom: float, device) -> None:
        g = self.geometry
        links = g.links_in(rect)
        mode = "live"
        if len(links) > LIVE_LINKS and not self.export_mode:
            mode = self._paint_raster(painter, transform, rect, zoom)
            links = links[: 0 if mode == "raster" else LIVE_STRONG]  # an exact raster has them all
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(links) <= SMOOTH_LINKS)
        draw_links(painter, device, g.src, g.dst, g.tier, links, crowded=mode != "live")
        chosen = np.flatnonzero(g.selected | g.highlighted)
        if len(chosen):
            touching = g.links_of(chosen)[:LIVE_STRONG]
            self._paint_emphasis(painter, device, touching)
        self.last_frame.update(links=mode, links_drawn=len(links))

    def labelled_links(self, rect: Rect) -> np.ndarray:
        """The links to label: the one under the pointer, then (labels on) the links of the
        selected actors, else a drawn path's hops, else the links of the highlighted actors,
        else the strongest in view."""
        g = self.geometry
        links = np.zeros(0, np.int64)
        if not self.link_labels:
            pass
        elif g.selected.any():
            links = g.links_of(np.flatnonzero(g.selected))
        elif len(g.path) > 1:
            hops = zip(g.path[:-1], g.path[1:], strict=True)
            links = np.array([k for a, b in hops for k in self._hop(a, b)], np.int64)
        elif g.highlighted.any():
            links = g.links_of(np.flatnonzero(g.highlighted))
        else:
            links = g.links_in(rect)[:LINK_LABELS]
        if 0 <= self.hover_link < len(g.src):
            links = np.r_[self.hover_link, links[links != self.hover_link]]
        return links.astype(np.int64)

    def _hop(self, a: int, b: int) -> list[int]:
        """The link between actors ``a`` and ``b`` (indices), if the chart shows one."""
        g = self.geometry
        found = np.flatnonzero(((g.src == a) & (g.dst == b)) | ((g.src == b) & (g.dst == a)))
        return found[:1].tolist()

    def _paint_link_labels(self, painter: QPainter, rect: Rect, zoom: float, device: np.ndarray) -> None:
        """Each labelled link's type, count and dates at its middle, on a light box, placed
        without covering one another (:func:`app.labels.place_labels`)."""
        g = self.geometry
        links = self.labelled_links(rect)
        if not len(links):
            return
        font = QFont(painter.font())
        font.setPointSizeF(8.5)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        texts = [self.link_text(int(i)) for i in links]
        middles = (device[g.src[links]] + device[g.dst[links]]) / 2
        sizes = np.array([(metrics.horizontalAdvance(t) + 6, metrics.height() + 2) for t in texts], float)
        # The actors in view are obstacles (discs with no label of their own), so that a
        # link's label does not cover one; in a crowd where that leaves most labels out
        # (or far out, thousands in view) the labels only keep off one another.
        actors = g.nodes_in(rect)
        actors = actors[:0] if len(actors) > OBSTACLE_ACTORS else actors
        view = painter.viewport()  # labels stay whole inside the view
        within = (float(view.left()), float(view.top()), float(view.right()), float(view.bottom()))
        rects = place_labels(
            np.vstack([middles, device[actors]]),
            np.r_[np.full(len(links), 2.0), g.size[actors] * zoom / 2],
            np.vstack([sizes, np.zeros((len(actors), 2))]),
            np.arange(len(links)),
            within=within,
        )[: len(links)]
        if np.isnan(rects[:, 0]).sum() > len(links) / 2:
            rects = place_labels(
                middles, np.full(len(links), 2.0), sizes, np.arange(len(links)), within=within
            )
        painter.setPen(QPen(QColor("#9A9A9A"), 0.8))
        for k, text in enumerate(texts):
            left, top, right, bottom = rects[k]
            if np.isnan(left) or not text:
                continue
            box = QRectF(left, top, right - left, bottom - top)
            painter.setBrush(QColor(255, 255, 240, 235))
            painter.setPen(QPen(QColor("#9A9A9A"), 0.8))
            painter.drawRect(box)
            painter.setPen(QPen(QColor("#202020")))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        placed = rects[~np.isnan(rects[:, 0])]
        self.last_frame.update(link_labels=len(placed), link_label_rects=placed)

    def _paint_raster(self, painter: QPainter, transform: QTransform, rect: Rect, zoom: float) -> str:
        """Show the links raster; say whether it was exact, a stand-in, or missing."""
        raster = self.raster
        scale = zoom / raster.zoom if raster is not None else 0.0
        if raster is None or raster.version != self.geometry.version or not 1 / STAND_IN <= scale <= STAND_IN:
            self.request_raster()
            return "strongest only"
        top_left = transform.map(QPointF(*raster.origin))
        same = abs(scale - 1) < 1e-6
        exact = same and raster.covers(rect)
        if same:
            painter.drawImage(QPointF(round(top_left.x()), round(top_left.y())), raster.image)
        else:
            w, h = raster.image.width() * scale, raster.image.height() * scale
            painter.drawImage(QRectF(top_left.x(), top_left.y(), w, h), raster.image)
        if not exact:
            self.request_raster()
        return "raster" if exact else "stand-in raster"

    def _paint_emphasis(self, painter: QPainter, device: np.ndarray, links: np.ndarray) -> None:
        pen = QPen(EMPHASIS, 1.6)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        points = np.empty((2 * len(links), 2))
        points[0::2], points[1::2] = device[self.geometry.src[links]], device[self.geometry.dst[links]]
        painter.drawLines(polygon(points))

    # ------------------------------------------------------------------ actors
    def _paint_nodes(self, painter: QPainter, rect: Rect, zoom: float, device: np.ndarray) -> None:
        g = self.geometry
        shown = g.nodes_in(rect)
        chosen = g.selected[shown] | g.highlighted[shown] | g.labelled[shown] | g.pinned[shown]
        detailed = zoom >= ICON_ZOOM and (self.export_mode or len(shown) <= DETAIL_NODES)
        named = zoom >= LABEL_ZOOM and (self.export_mode or len(shown) <= LABEL_NODES)
        if detailed:
            self._paint_actors(painter, shown, zoom, device)
            self._paint_names(painter, shown, shown if named else shown[chosen], zoom, device)
        else:
            self._paint_dots(painter, shown[~chosen], zoom, device)
            self._paint_actors(painter, shown[chosen], zoom, device)
            self._paint_names(painter, shown[chosen], shown[chosen], zoom, device)
        if len(g.path):
            self._paint_path(painter, rect, zoom, device)
        self.last_frame.update(nodes="detailed" if detailed else "dots", nodes_in_view=len(shown))

    def _paint_dots(self, painter: QPainter, nodes: np.ndarray, zoom: float, device: np.ndarray) -> None:
        """Far out: one drawPoints call per community colour and dot size."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, len(nodes) <= DETAIL_NODES)
        diameter = np.clip(np.rint(self.geometry.size[nodes] * zoom), 2, 64).astype(np.int64)
        key = self.geometry.colour[nodes].astype(np.int64) * 100 + diameter
        order = np.argsort(key, kind="stable")
        nodes, key = nodes[order], key[order]
        cuts = np.flatnonzero(np.diff(key)) + 1
        for group in np.split(np.arange(len(nodes)), cuts):
            if not len(group):
                continue
            first = nodes[group[0]]
            pen = QPen(self.palette[int(self.geometry.colour[first])], float(key[group[0]] % 100))
            # Round dots cost ten times square ones; below 6 px the eye cannot tell them apart.
            pen.setCapStyle(Qt.PenCapStyle.RoundCap if key[group[0]] % 100 >= 6 else Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            painter.drawPoints(polygon(device[nodes[group]]))

    def _paint_actors(self, painter, nodes: np.ndarray, zoom: float, device: np.ndarray) -> None:
        """Near: a disc in the community colour, the type's icon, a pin head if pinned."""
        g = self.geometry
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        plain, bold = QPen(QColor("#333333"), 0.8), QPen(EMPHASIS, 3.0)
        for i in nodes[np.argsort(g.size[nodes], kind="stable")]:
            x, y = device[i]
            r = g.size[i] * zoom / 2
            painter.setPen(bold if g.selected[i] or g.highlighted[i] else plain)
            painter.setBrush(self.palette[int(g.colour[i])])
            painter.drawEllipse(QPointF(x, y), r, r)
            side = max(6, int(2 * r * 0.62))
            if r >= 4:
                painter.drawPixmap(
                    QPointF(x - side / 2, y - side / 2), self.icons.pixmap(self.kinds[i], side)
                )
            if g.pinned[i]:  # a pin head on the rim: this actor keeps its place in layouts
                painter.setBrush(PIN)
                painter.setPen(plain)
                painter.drawEllipse(QPointF(x + 0.7 * r, y - 0.7 * r), max(2.5, r / 4), max(2.5, r / 4))

    def _font(self, painter: QPainter, zoom: float) -> QFont:
        font = QFont(painter.font())
        font.setPointSizeF(max(9.0, min(16.0, 7.0 * zoom)))
        return font

    def _paint_names(self, painter, shown: np.ndarray, wanted: np.ndarray, zoom: float, device) -> None:
        """Names placed without collisions (:func:`app.labels.place_labels`): the selected
        first, then the path, the pinned and the highlighted, then by score; a name with no
        room is left out and shown when the pointer is on its actor."""
        g = self.geometry
        font = self._font(painter, zoom)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        hover = [self.hover] if 0 <= self.hover < len(g.xy) and not g.hidden[self.hover] else []
        wanted = np.union1d(wanted, hover).astype(np.int64)
        if not len(wanted):
            return
        on_path = np.zeros(len(g.xy), bool)
        on_path[g.path] = True
        rank = (
            -4.0 * (np.arange(len(g.xy))[wanted] == self.hover)
            - 3.0 * g.selected[wanted]
            - 2.0 * (on_path[wanted] | g.pinned[wanted] | g.highlighted[wanted])
            - g.size[wanted] / max(float(g.size.max()), 1e-9)
        )
        order = wanted[np.argsort(rank, kind="stable")]
        local = np.full(len(g.xy), -1)
        local[shown] = np.arange(len(shown))
        everyone = np.union1d(shown, wanted).astype(np.int64)
        local[everyone] = np.arange(len(everyone))
        texts = {int(i): self.labels[i][:40] for i in order}
        sizes = np.zeros((len(everyone), 2))
        height = metrics.height()
        for i, text in texts.items():
            sizes[local[i]] = (metrics.horizontalAdvance(text) + 2, height)
        rects = place_labels(device[everyone], g.size[everyone] * zoom / 2, sizes, local[order])
        painter.setPen(QPen(QColor("#111111")))
        halo = QColor(BACKGROUND_HALO)
        for i in order:
            left, top, right, bottom = rects[local[i]]
            if np.isnan(left):
                continue
            if i == self.hover:
                painter.fillRect(QRectF(left - 1, top, right - left + 2, bottom - top), halo)
            box = QRectF(left, top, right - left, bottom - top)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, texts[int(i)])
        self.last_frame["names"] = int((~np.isnan(rects[local[order], 0])).sum())
        self.last_frame["name_rects"] = rects[local[order]][~np.isnan(rects[local[order], 0])]

    def _paint_path(self, painter, rect: Rect, zoom: float, device: np.ndarray) -> None:
        """A picked path: the chart dimmed, then each hop drawn in order and numbered."""
        g = self.geometry
        device_rect = painter.viewport()
        painter.fillRect(device_rect, QColor(255, 255, 255, 175))
        order = g.path
        pen = QPen(PATH, 5.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        for a, b in zip(order[:-1], order[1:], strict=True):
            painter.drawLine(QPointF(*device[a]), QPointF(*device[b]))
        self._paint_actors(painter, order, zoom, device)
        font = self._font(painter, zoom)
        font.setBold(True)
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        for step, i in enumerate(order, start=1):
            x, y = device[i]
            r = max(8.0, metrics.height() / 2 + 1)
            painter.setPen(QPen(QColor("#FFFFFF"), 1.5))
            painter.setBrush(PATH)
            centre = QPointF(x - g.size[i] * zoom / 2, y - g.size[i] * zoom / 2)
            painter.drawEllipse(centre, r, r)
            painter.setPen(QPen(QColor("#FFFFFF")))
            box = QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(step))
        self._paint_names(painter, order, order, zoom, device)
