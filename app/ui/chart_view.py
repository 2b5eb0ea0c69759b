"""The link chart: actors as icons, relationships as lines, in the tradition of i2 Analyst's
Notebook, drawn so that 20,000 actors and 100,000 links stay responsive.

- The chart is one graphics item (:class:`~app.ui.chart_layer.ChartLayer`) painting from numpy
  arrays (:class:`~app.ui.chart_geometry.ChartGeometry`) with level of detail; this view owns
  the interaction an item per actor would have given: click and rubber-band selection,
  dragging actors, tooltips, find, highlight, hide, pin, expand.
- When many links are in view they are shown from a raster rendered for the current zoom on a
  worker thread (QPainter on a QImage), so zooming and panning never wait for them.
- Layouts are computed in the background (``app.graph.layout``) and animated into place.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from PySide6.QtCore import QAbstractAnimation, QEvent, QPointF, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QToolTip

from app.chartstate import ChartState
from app.exports.figures import PALETTE, colour
from app.ui import i18n
from app.ui.chart_geometry import ChartContent, ChartGeometry, ChartNodes, chart_content
from app.ui.chart_layer import PATH as PATH_COLOUR
from app.ui.chart_layer import ChartLayer, IconCache, LinksRaster, PaintGate, render_links_raster
from app.ui.models import count_text
from app.ui.tasks import TaskRunner

SCALE = 900.0  # layout units ([-1, 1]) to scene pixels, for up to SPREAD_FROM actors
SPREAD_FROM = 400  # bigger charts spread out with the square root of their size
BACKGROUND = "#FBFAF7"
RASTER_DELAY_MS = 60  # the links raster waits for zooming and panning to pause
RASTER_MARGIN = 0.25  # the raster covers this fraction of the view more on each side
ALWAYS_NAMED = 15  # the most central keep their names at any zoom


def link_text(data: dict) -> str:
    """A link's label: its types, how many links, the amount if money moved, and the first
    and last dates ("called, paid ×12 · 2026-03-20 – 2026-08-18")."""
    types = ", ".join(i18n.word(t.strip()) for t in str(data.get("types", "")).split(",") if t.strip())
    text = f"{types} ×{count_text(data.get('count', 1))}"
    if data.get("amount"):
        text += f", {count_text(data['amount'])}"
    first, last = str(data.get("first") or "")[:10], str(data.get("last") or "")[:10]
    first, last = (i18n.day(first) if first else ""), (i18n.day(last) if last else "")
    if first and last and first != last:
        text += f" · {first} – {last}"
    elif first or last:
        text += f" · {first or last}"
    return text


class LinkChartView(QGraphicsView):
    """Pan (drag with the middle button or Space), zoom (wheel), click or rubber-band select,
    drag actors, find; keys: H hides, E expands, P pins the selection."""

    entity_selected = Signal(int)
    entities_selected = Signal(list)  # every selected actor, after each change of the selection
    expand_requested = Signal(list)
    edited = Signal(str)  # the analyst moved, hid or pinned actors: "move", "hide", "pin"
    path_cleared = Signal()  # Esc took the drawn path away
    undo_requested = Signal()  # Ctrl+Z with the chart focused
    redo_requested = Signal()  # Ctrl+Shift+Z or Ctrl+Y
    links_rendered = Signal()  # a links raster for the current zoom arrived

    def __init__(self, parent=None, *, runner: TaskRunner | None = None) -> None:
        # The links raster's worker steps aside while we paint (set first: Qt sends the
        # viewport events while the view is being built).
        self.paint_gate = PaintGate()
        super().__init__(parent)
        self._keep_fitted = False  # see show_content
        self.icons = IconCache()
        self.setScene(QGraphicsScene(self))
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor(BACKGROUND))
        self.runner = runner or TaskRunner(self)
        self.runner.finished.connect(self._on_runner_finished)
        self._raster_timer = QTimer(self, singleShot=True, interval=RASTER_DELAY_MS)
        self._raster_timer.timeout.connect(self._start_links_raster)
        self._raster_wanted: tuple | None = None
        self.nodes = ChartNodes()
        self.unit = SCALE
        self.geometry = ChartGeometry.empty()
        self._link_data: list[dict] = []
        self._animation: QVariantAnimation | None = None
        self._drag: tuple[QPointF, np.ndarray] | None = None
        self._drag_start: QPointF | None = None
        self.show_legend = True
        self._legend_types: tuple | None = None  # see legend_rows
        self.link_labels = False  # see set_link_labels
        self.layer = self._new_layer([], [])

    # ------------------------------------------------------------------ content
    def show_graph(
        self, graph: nx.Graph, positions: dict, *, communities: dict | None = None, sizes: dict | None = None
    ) -> None:
        """Replace the chart with ``graph`` at ``positions`` (layout units)."""
        self.show_content(chart_content(graph, positions, communities=communities, sizes=sizes))

    def show_content(self, content: ChartContent, *, keep_view: bool = False) -> None:
        """Replace the chart with ``content`` (see :func:`chart_content`, which a worker may run).

        With ``keep_view`` the chart is the same one grown or shrunk (actors added, removed, a
        step undone): its scale, zoom and scroll stay, so nobody moves on the screen."""
        self._stop_moving()
        centre = self.mapToScene(self.viewport().rect().center())
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        old_rect = self.scene().sceneRect()
        if not keep_view or not len(self.nodes):
            self.unit = SCALE * math.sqrt(max(1.0, len(content.entities) / SPREAD_FROM))
            keep_view = False
        self.nodes = ChartNodes(content)
        self._link_data = content.link_data
        palette = np.where(content.community < 0, 0, 1 + content.community % len(PALETTE))
        self.geometry = ChartGeometry(
            content.positions * self.unit, content.size, palette, content.src, content.dst, content.weight
        )
        self.geometry.labelled[np.argsort(-self.geometry.size, kind="stable")[:ALWAYS_NAMED]] = True
        self.layer = self._new_layer(content.labels, content.kinds)
        if keep_view:
            # The scene keeps covering what was in view, or Qt would centre a scene smaller
            # than the view and every actor would shift on the screen.
            self.scene().setSceneRect(old_rect.united(self.layer.boundingRect()).united(visible))
            self.centerOn(centre)
            return
        self.fit()
        self._keep_fitted = True  # until the analyst zooms or pans: a new chart built while
        # its tab was hidden is fitted again once the view has its real size

    def _new_layer(self, labels: list[str], kinds: list[str]) -> ChartLayer:
        self.scene().clear()
        palette = [QColor(colour(-1))] + [QColor(c) for c in PALETTE]  # 0: no community
        layer = ChartLayer(self.geometry, labels, kinds, palette, self.icons, self._raster_timer.start)
        layer.gate = self.paint_gate
        layer.link_labels = getattr(self, "link_labels", False)
        layer.link_text = lambda i: link_text(self._link_data[i]) if 0 <= i < len(self._link_data) else ""
        self.scene().addItem(layer)
        self.scene().setSceneRect(layer.boundingRect())  # scroll over this chart, not earlier ones
        return layer

    def move_to(self, positions: dict, *, animate: bool = True) -> None:
        """Animate actors to a new layout (pinned actors stay); their links follow."""
        g = self.geometry
        start, end = g.xy.copy(), g.xy.copy()
        for n, p in positions.items():
            i = self.nodes.index(n) if n in self.nodes else -1
            if i >= 0 and not g.pinned[i]:
                end[i] = np.asarray(p, float) * self.unit
        self._stop_moving()
        if not animate:
            self._place(end)
            return
        self._animation = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=600)
        self._animation.valueChanged.connect(lambda t: self._place(start + (end - start) * float(t)))
        self._animation.start()

    def _stop_moving(self) -> None:
        """End a layout animation or a drag that would move actors of a replaced chart."""
        if self._animation is not None:
            self._animation.stop()
        self._drag = None

    def animating(self) -> bool:
        """Are actors still gliding to a new layout?"""
        return self._animation is not None and self._animation.state() == QAbstractAnimation.State.Running

    def _place(self, xy: np.ndarray) -> None:
        self.geometry.xy[:] = xy
        self._geometry_changed()

    def _geometry_changed(self) -> None:
        self.geometry.changed()
        self.layer.refresh_bounds()
        self.scene().setSceneRect(self.scene().sceneRect().united(self.layer.boundingRect()))
        self.layer.update()

    def fit(self) -> None:
        rect = self.layer.boundingRect()
        if rect.isValid():
            # Room for the names written beside the actors at the chart's edge.
            pad = 0.03 * max(rect.width(), rect.height())
            self.fitInView(rect.adjusted(-2 * pad, -pad, 2 * pad, pad), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self) -> float:
        return self.transform().m11()

    # ------------------------------------------------------------------ links raster
    def _raster_request(self) -> tuple[tuple[float, float], float, tuple[int, int]]:
        """The scene origin, zoom and pixel size of the raster the current view wants."""
        zoom = self.zoom()
        view = self.mapToScene(self.viewport().rect()).boundingRect()
        grown = view.adjusted(
            -RASTER_MARGIN * view.width(), -RASTER_MARGIN * view.height(),
            RASTER_MARGIN * view.width(), RASTER_MARGIN * view.height(),
        )  # fmt: skip
        area = grown.intersected(self.layer.boundingRect())
        size = (max(1, math.ceil(area.width() * zoom)), max(1, math.ceil(area.height() * zoom)))
        return (area.left(), area.top()), zoom, size

    def _start_links_raster(self) -> None:
        origin, zoom, size = self._raster_request()
        g = self.geometry
        wanted = (origin, zoom, size, g.version, id(g))
        if wanted == self._raster_wanted:
            return
        self._raster_wanted = wanted
        shown = np.flatnonzero(g.shown_links())
        xy, src, dst, tier = g.xy.copy(), g.src[shown], g.dst[shown], g.tier[shown]
        gate = self.paint_gate

        def work(progress=None, cancel=None):
            image = render_links_raster(
                xy, src, dst, tier, origin=origin, zoom=zoom, size=size, background=BACKGROUND,
                cancel=cancel, gate=gate,
            )  # fmt: skip
            return wanted, LinksRaster(image, origin, zoom, wanted[3])

        self.runner.start("links", work)

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind != "links":
            return
        wanted, raster = result
        if wanted[4] != id(self.geometry) or raster.version != self.geometry.version:
            return  # a raster for a chart or positions no longer shown
        self.layer.raster = raster  # _raster_wanted stays: the same view is not rendered twice
        self.layer.update()
        self.links_rendered.emit()

    # ------------------------------------------------------------------ actions
    def find(self, text: str) -> int:
        """Select and centre the actors whose label contains ``text``; return how many."""
        text = text.casefold().strip()
        hidden = self.geometry.hidden
        labels = self.layer.labels
        found = [i for i in range(len(labels)) if text and text in labels[i].casefold() and not hidden[i]]
        self._select(found)
        if found:
            self.centerOn(*self.geometry.xy[found[0]])
        return len(found)

    def highlight(self, entities: list[int]) -> None:
        hits = [self.nodes.index(int(e)) for e in entities if int(e) in self.nodes]
        self.geometry.highlighted[:] = False
        self.geometry.highlighted[hits] = True
        if hits:
            self.centerOn(*self.geometry.xy[hits[0]])
        self.layer.update()

    def hide_selected(self) -> None:
        """Hide the selected actors and, with them, their links."""
        g = self.geometry
        if not g.selected.any():
            return
        g.hidden |= g.selected
        g.selected[:] = False
        self._geometry_changed()
        self.edited.emit("hide")

    def pin_selected(self, pinned: bool = True) -> None:
        """Pinned actors keep their place when a new layout is applied (P toggles)."""
        if not self.geometry.selected.any():
            return
        self.geometry.pinned[self.geometry.selected] = pinned
        self.layer.update()
        self.edited.emit("pin" if pinned else "unpin")

    def state(self) -> ChartState:
        """The chart as the core keeps it: actors, places (layout units), pins, hidden ones."""
        g, entities = self.geometry, list(self.nodes)
        return ChartState(
            self.positions(),
            frozenset(entities[i] for i in np.flatnonzero(g.pinned)),
            frozenset(entities[i] for i in np.flatnonzero(g.hidden)),
        )

    def set_state(self, state: ChartState) -> None:
        """Put the actors shown where ``state`` has them, pinned and hidden as it says (the
        same actors: a chart with others is shown again with :meth:`show_content`)."""
        self._stop_moving()
        g = self.geometry
        for e, (x, y) in state.positions.items():
            if e in self.nodes:
                g.xy[self.nodes.index(e)] = (x * self.unit, y * self.unit)
        entities = list(self.nodes)
        g.pinned[:] = [e in state.pinned for e in entities]
        g.hidden[:] = [e in state.hidden for e in entities]
        g.selected &= ~g.hidden
        self._geometry_changed()

    def show_path(self, entities: list[int]) -> None:
        """Draw the path through ``entities`` (in order) hop by hop over the dimmed chart;
        an empty list takes it away."""
        order = [self.nodes.index(int(e)) for e in entities if int(e) in self.nodes]
        self.geometry.path = np.asarray(order, np.int64)
        if order:
            self.centerOn(*self.geometry.xy[order].mean(axis=0))
        self.layer.update()

    def path(self) -> list[int]:
        entities = list(self.nodes)
        return [entities[i] for i in self.geometry.path]

    def is_pinned(self, entity: int) -> bool:
        return bool(self.geometry.pinned[self.nodes.index(entity)])

    def is_hidden(self, entity: int) -> bool:
        return bool(self.geometry.hidden[self.nodes.index(entity)])

    def selected_entities(self) -> list[int]:
        entities = self.nodes.content.entities if self.nodes.content else []
        return [entities[i] for i in np.flatnonzero(self.geometry.selected)]

    def positions(self) -> dict[int, tuple[float, float]]:
        xy = (self.geometry.xy / self.unit).tolist()
        return dict(zip(self.nodes, map(tuple, xy), strict=True))

    def actor_states(self) -> list[dict]:
        """Each actor shown, where it stands (layout units), pinned or hidden, as plain data a
        case can keep (see :mod:`app.ui.chart_saved`)."""
        g = self.geometry
        return [
            {"id": int(e), "x": x, "y": y, "pinned": bool(g.pinned[i]), "hidden": bool(g.hidden[i])}
            for i, (e, (x, y)) in enumerate(self.positions().items())
        ]

    def mark(self, *, pinned: list[int] = (), hidden: list[int] = ()) -> None:
        """Pin and hide these actors, as a restored chart had them."""
        g = self.geometry
        g.pinned[[self.nodes.index(e) for e in pinned if e in self.nodes]] = True
        g.hidden[[self.nodes.index(e) for e in hidden if e in self.nodes]] = True
        self._geometry_changed()

    def scene_position(self, entity: int) -> QPointF:
        return QPointF(*self.geometry.xy[self.nodes.index(entity)])

    def tooltip_at(self, point: QPointF) -> str:
        """What the pointer is over: an actor's name and type, or a link's evidence."""
        slack = 3 / max(self.zoom(), 1e-6)
        i = self.geometry.node_at(point.x(), point.y(), slack=slack)
        if i >= 0:
            return f"{self.layer.labels[i]} ({i18n.word(self.layer.kinds[i])})"
        link = self.geometry.link_at(point.x(), point.y(), tolerance=slack)
        if link < 0:
            return ""
        return link_text(self._link_data[link])

    def set_link_labels(self, on: bool) -> None:
        """Label links with their type, count and dates: those of the selected actors (or
        the path's), else the strongest in view; off, only the link under the pointer."""
        self.link_labels = bool(on)
        self.layer.link_labels = self.link_labels
        self.layer.update()

    def render_image(self, width: int = 1920, height: int = 1080) -> QImage:
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._render_all(painter, QRectF(0, 0, width, height))
        painter.end()
        return image

    def export_svg(self, path: str) -> None:
        from PySide6.QtSvg import QSvgGenerator

        rect = self.layer.boundingRect()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(rect.size().toSize())
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(self.tr("Ariadne link chart"))
        painter = QPainter(generator)
        self._render_all(painter, QRectF(0, 0, rect.width(), rect.height()))
        painter.end()

    def _render_all(self, painter: QPainter, target: QRectF) -> None:
        """The whole chart, every link drawn (no raster), for export."""
        self.layer.export_mode = True
        try:
            self.scene().render(painter, target, self.layer.boundingRect())
        finally:
            self.layer.export_mode = False

    # ------------------------------------------------------------------ selection
    def _select(self, indices, *, add: bool = False) -> None:
        if not add:
            self.geometry.selected[:] = False
        self.geometry.selected[indices] = True
        self.layer.update()
        chosen = self.selected_entities()
        if len(chosen) == 1:
            self.entity_selected.emit(chosen[0])
        self.entities_selected.emit(chosen)

    def _scene_rect(self, rect) -> tuple[float, float, float, float]:
        r = self.mapToScene(rect).boundingRect()
        return (r.left(), r.top(), r.right(), r.bottom())

    # ------------------------------------------------------------------ events
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if (
            event.button() != Qt.MouseButton.LeftButton
            or self.dragMode() != QGraphicsView.DragMode.RubberBandDrag
        ):
            super().mousePressEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        i = self.geometry.node_at(point.x(), point.y(), slack=3 / max(self.zoom(), 1e-6))
        toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if i < 0:
            if not toggle:
                self._select([])
            super().mousePressEvent(event)  # the rubber band
            return
        if toggle:
            self.geometry.selected[i] = not self.geometry.selected[i]
            self._select([], add=True)
        elif not self.geometry.selected[i]:
            self._select([i])
        self._drag = (point, np.flatnonzero(self.geometry.selected))
        self._drag_start = point
        event.accept()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag is None:
            self._hover(self.mapToScene(event.position().toPoint()))
            super().mouseMoveEvent(event)
            return
        point = self.mapToScene(event.position().toPoint())
        last, moving = self._drag
        self.geometry.xy[moving] += (point.x() - last.x(), point.y() - last.y())
        self._drag = (point, moving)
        self._geometry_changed()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._drag is not None:
            start = self._drag_start
            self._drag = None
            if start is not None and self.mapToScene(event.position().toPoint()) != start:
                self.edited.emit("move")
            return
        band = self.rubberBandRect()
        if not band.isNull():
            toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self._select(self.geometry.nodes_within(self._scene_rect(band)), add=toggle)
        super().mouseReleaseEvent(event)

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        """The legend, in the view's bottom-left corner: the entity types on the chart with
        their icons, what a link's width says, the community colours and the path's."""
        if not self.show_legend or not len(self.nodes):
            return
        with self.paint_gate.painting():  # as the chart itself: see PaintGate
            self._paint_legend(painter)

    def _paint_legend(self, painter: QPainter) -> None:
        rows = self.legend_rows()
        painter.save()
        painter.resetTransform()
        metrics = painter.fontMetrics()
        line = metrics.height() + 2
        width = 26 + max(metrics.horizontalAdvance(str(r[2])) for r in rows) + 8
        box = QRectF(8, self.viewport().height() - 8 - line * len(rows) - 8, width, line * len(rows) + 8)
        painter.setPen(QColor("#C8C8C8"))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRect(box)
        for k, (what, value, text) in enumerate(rows):
            y = box.top() + 4 + k * line
            mid = y + line / 2
            if what == "icon":
                icon = self.icons.pixmap(value, line - 2)
                painter.drawPixmap(QPointF(box.left() + 6, y + 1), icon)
            elif what in ("line", "path"):
                path = what == "path"
                painter.setPen(QPen(QColor(PATH_COLOUR if path else "#7A7A7A"), 4.0 if path else value))
                painter.drawLine(QPointF(box.left() + 5, mid), QPointF(box.left() + 21, mid))
            else:
                painter.setPen(QColor("#333333"))
                painter.setBrush(self.layer.palette[value])
                painter.drawEllipse(QPointF(box.left() + 13, mid), line / 2 - 3, line / 2 - 3)
            painter.setPen(QColor("#222222"))
            painter.drawText(QPointF(box.left() + 26, mid + metrics.ascent() / 2 - 1), str(text))
        painter.restore()

    def legend_rows(self) -> list[tuple[str, object, str]]:
        """What the legend shows, in the window's language: ``(what, value, text)`` rows."""
        g, kinds = self.geometry, self.layer.kinds
        kept = self._legend_types  # the actor types shown: 20,000 actors read once per change
        if kept is None or kept[0] is not g or kept[1] != g.version or kept[2] is not kinds:
            kept = self._legend_types = (
                g,
                g.version,
                kinds,
                sorted({kinds[i] for i in np.flatnonzero(~g.hidden)}),
            )
        types = kept[3]
        colours = np.bincount(g.colour[~g.hidden], minlength=1)
        communities = [int(c) for c in np.argsort(-colours) if c > 0 and colours[c]][:6]
        rows: list[tuple[str, object, str]] = [("icon", k, i18n.word(k)) for k in types]
        rows += [("line", 1, self.tr("weak link")), ("line", 4, self.tr("strong evidence"))]
        members = self.nodes.content.community
        for c in communities:
            first = int(np.flatnonzero(g.colour == c)[0])
            community = int(members[first])
            name = self.tr("community {n}").format(n=community if community >= 0 else -community - 1)
            rows.append(("disc", c, name))
        if len(g.path):
            rows.append(("path", 0, self.tr("picked path")))
        return rows

    def _hover(self, point: QPointF) -> None:
        """Name the actor under the pointer, even where its name had no room; label the link
        under it."""
        slack = 3 / max(self.zoom(), 1e-6)
        i = self.geometry.node_at(point.x(), point.y(), slack=slack)
        link = self.geometry.link_at(point.x(), point.y(), tolerance=slack) if i < 0 else -1
        if i != self.layer.hover or link != self.layer.hover_link:
            self.layer.hover, self.layer.hover_link = i, link
            self.layer.update()

    def viewportEvent(self, event) -> bool:  # noqa: N802
        with self.paint_gate.painting():  # paints, pointer, wheel: the raster's worker waits
            return self._on_viewport_event(event)

    def _on_viewport_event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(self.mapToScene(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self._keep_fitted = False
        self.scale(factor, factor)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._keep_fitted:
            self.fit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        if self.isVisible() and self.underMouse():  # the analyst pans: leave the view alone
            self._keep_fitted = False
        super().scrollContentsBy(dx, dy)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space:
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        elif event.key() == Qt.Key.Key_H:
            self.hide_selected()
        elif event.key() == Qt.Key.Key_E:
            self.expand_requested.emit(self.selected_entities())
        elif event.key() == Qt.Key.Key_Z and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            (self.redo_requested if shift else self.undo_requested).emit()
            return
        elif event.key() == Qt.Key.Key_Y and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.redo_requested.emit()
            return
        elif event.key() == Qt.Key.Key_Escape and len(self.geometry.path):
            self.show_path([])
            self.path_cleared.emit()
        elif event.key() == Qt.Key.Key_P:
            g = self.geometry
            self.pin_selected(not g.pinned[g.selected].all())
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space:
            QTimer.singleShot(0, lambda: self.setDragMode(QGraphicsView.DragMode.RubberBandDrag))
        super().keyReleaseEvent(event)
