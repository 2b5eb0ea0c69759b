"""The link chart: actors as icons, relationships as lines, in the tradition of i2 Analyst's
Notebook, drawn so that tens of thousands of items stay responsive.

- The scene keeps no spatial index (``NoIndex``): with many long lines the default BSP tree
  makes rendering far slower (MEASUREMENTS.md).
- Level of detail: labels, arrow-free thin links and icons appear as the analyst zooms in;
  zoomed out, nodes are plain dots and links faint hairlines.
- Layouts are computed in the background (``app.graph.layout``) and animated into place.
"""

from __future__ import annotations

from importlib import resources

import networkx as nx
from PySide6.QtCore import QByteArray, QPointF, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QStyleOptionGraphicsItem,
)

from app.exports.figures import colour

SCALE = 900.0  # layout units ([-1, 1]) to scene pixels
LABEL_ZOOM = 0.55  # labels appear above this zoom
ICON_ZOOM = 0.35  # icons instead of dots above this zoom
EDGE_ZOOM = 0.3  # below this zoom only the strongest links are drawn
STRONG_EDGES = 3000  # how many links count as strongest


class IconCache:
    """Entity-type icons rendered once per type and size from the shipped SVGs."""

    def __init__(self) -> None:
        self._renderers: dict[str, QSvgRenderer] = {}
        self._pixmaps: dict[tuple[str, int], QPixmap] = {}

    def renderer(self, kind: str) -> QSvgRenderer:
        if kind not in self._renderers:
            name = (
                kind
                if kind in ("person", "phone", "account", "location", "organisation", "vehicle", "document")
                else "person"
            )
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


class NodeItem(QGraphicsItem):
    """One actor: a coloured disc (its community) with the type's icon and its label."""

    def __init__(self, entity: int, label: str, kind: str, size: float, color: str, icons: IconCache) -> None:
        super().__init__()
        self.entity, self.label, self.kind, self.size = entity, label, kind, size
        self.color, self.icons = QColor(color), icons
        self.edges: list[EdgeItem] = []
        self.pinned = False
        self.highlighted = False
        self.always_label = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setZValue(2)
        self.setToolTip(f"{label} ({kind})")

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt API)
        # Tight bounds (the disc and a label of this length) keep culling effective when zoomed in.
        r = self.size / 2 + 3
        return QRectF(-r, -r - 30, 2 * r + 12 * min(len(self.label), 40) + 20, 2 * r + 60)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        zoom = option.levelOfDetailFromTransform(painter.worldTransform())
        r = self.size / 2
        if zoom < ICON_ZOOM and not (self.isSelected() or self.highlighted or self.always_label):
            # Far out, a node is a plain dot: no outline, no smoothing, no icon, no label.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.fillRect(QRectF(-r, -r, 2 * r, 2 * r), self.color)
            return
        pen = QPen(QColor("#D00000") if self.isSelected() or self.highlighted else QColor("#333333"))
        pen.setWidthF(3.0 if self.isSelected() or self.highlighted else 0.8)
        painter.setPen(pen)
        painter.setBrush(QBrush(self.color))
        painter.drawEllipse(QPointF(0, 0), r, r)
        if zoom >= ICON_ZOOM:
            side = int(max(8, self.size * 0.62))
            painter.drawPixmap(QPointF(-side / 2, -side / 2), self.icons.pixmap(self.kind, side))
        if zoom >= LABEL_ZOOM or self.isSelected() or self.highlighted or self.always_label:
            font = painter.font()
            font.setPointSizeF(max(7.0, min(9.0 / max(zoom, 0.05), 40.0)))  # readable at any zoom
            painter.setFont(font)
            painter.setPen(QColor("#111111"))
            painter.drawText(QPointF(r + 3, 4), self.label[:40])

    def itemChange(self, change, value):  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for edge in self.edges:
                edge.adjust()
        return super().itemChange(change, value)


class EdgeItem(QGraphicsLineItem):
    """A relationship; width by evidence weight, tooltip with its types and counts."""

    def __init__(self, a: NodeItem, b: NodeItem, weight: float, text: str) -> None:
        super().__init__()
        self.a, self.b = a, b
        pen = QPen(QColor(90, 90, 90, 150))
        pen.setWidthF(0.5 + min(4.0, weight / 3))
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(1)
        self.setToolTip(text)
        a.edges.append(self)
        b.edges.append(self)
        self.adjust()

    strong = True

    def adjust(self) -> None:
        self.setLine(self.a.pos().x(), self.a.pos().y(), self.b.pos().x(), self.b.pos().y())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        zoom = option.levelOfDetailFromTransform(painter.worldTransform())
        if zoom < EDGE_ZOOM:
            if not self.strong:  # zoomed out, the weak links would only be grey fog
                return
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(self.pen())
        painter.drawLine(self.line())


class LinkChartView(QGraphicsView):
    """Pan (drag with the middle button or Space), zoom (wheel), rubber-band select, find."""

    entity_selected = Signal(int)
    expand_requested = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.icons = IconCache()
        self.setScene(QGraphicsScene(self))
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#FBFAF7"))
        self.nodes: dict[int, NodeItem] = {}
        self._animation: QVariantAnimation | None = None
        self.scene().selectionChanged.connect(self._on_scene_selection_changed)

    # ------------------------------------------------------------------ content
    def show_graph(
        self, graph: nx.Graph, positions: dict, *, communities: dict | None = None, sizes: dict | None = None
    ) -> None:
        """Replace the chart with ``graph`` at ``positions`` (layout units)."""
        self.scene().clear()
        self.nodes = {}
        communities = communities or {}
        sizes = sizes or {}
        top = max(sizes.values(), default=0) or 1.0
        for n, d in graph.nodes(data=True):
            size = 18 + 30 * (sizes.get(n, 0.0) / top)
            item = NodeItem(
                int(n),
                str(d.get("label", n)),
                str(d.get("type", "person")),
                size,
                colour(communities.get(n, -1)),
                self.icons,
            )
            x, y = positions.get(n, (0.0, 0.0))
            item.setPos(x * SCALE, y * SCALE)
            self.scene().addItem(item)
            self.nodes[int(n)] = item
        for item in sorted(self.nodes.values(), key=lambda i: -i.size)[:15]:
            item.always_label = True  # the most central keep their names at any zoom
        links = [
            (float(d.get("weight", 1)), int(u), int(v), d)
            for u, v, d in graph.edges(data=True)
            if int(u) in self.nodes and int(v) in self.nodes and u != v
        ]
        links.sort(key=lambda t: -t[0])
        for weight, u, v, d in links[:STRONG_EDGES]:
            text = f"{d.get('types', '')} ×{d.get('count', 1)}"
            if d.get("amount"):
                text += f", {d['amount']:,.0f}"
            self.scene().addItem(EdgeItem(self.nodes[u], self.nodes[v], weight, text))
        # The many weaker links are one path item: one stroke instead of a hundred thousand
        # items to visit and paint (they follow the nodes when a layout is applied).
        self._bundled = [(self.nodes[u], self.nodes[v]) for _, u, v, _ in links[STRONG_EDGES:]]
        self._bundle = None
        self._rebuild_bundle()
        self.fit()

    def _rebuild_bundle(self) -> None:
        if self._bundle is not None:
            self.scene().removeItem(self._bundle)
            self._bundle = None
        if not self._bundled:
            return
        path = QPainterPath()
        for a, b in self._bundled:
            path.moveTo(a.pos())
            path.lineTo(b.pos())
        pen = QPen(QColor(120, 120, 120, 60))
        pen.setCosmetic(True)
        pen.setWidthF(0.5)
        self._bundle = QGraphicsPathItem(path)
        self._bundle.setPen(pen)
        self._bundle.setZValue(0)
        self.scene().addItem(self._bundle)

    def move_to(self, positions: dict, *, animate: bool = True) -> None:
        """Animate nodes to a new layout (pinned nodes stay)."""
        start = {n: item.pos() for n, item in self.nodes.items()}
        end = {
            n: QPointF(positions[n][0] * SCALE, positions[n][1] * SCALE)
            for n in self.nodes
            if n in positions and not self.nodes[n].pinned
        }
        if not animate:
            for n, p in end.items():
                self.nodes[n].setPos(p)
            self._rebuild_bundle()
            return
        self._animation = QVariantAnimation(self, startValue=0.0, endValue=1.0, duration=600)

        def step(t: float) -> None:
            for n, p in end.items():
                s = start[n]
                self.nodes[n].setPos(s + (p - s) * t)

        self._animation.valueChanged.connect(step)
        self._animation.finished.connect(self._rebuild_bundle)
        self._animation.start()

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-40, -40, 40, 40)
        if rect.isValid():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    # ------------------------------------------------------------------ actions
    def find(self, text: str) -> int:
        """Select and centre the actors whose label contains ``text``; return how many."""
        text = text.casefold().strip()
        found = [item for item in self.nodes.values() if text and text in item.label.casefold()]
        self.scene().clearSelection()
        for item in found:
            item.setSelected(True)
        if found:
            self.centerOn(found[0])
        return len(found)

    def highlight(self, entities: list[int]) -> None:
        wanted = {int(e) for e in entities}
        for n, item in self.nodes.items():
            item.highlighted = n in wanted
            item.update()
        hits = [self.nodes[e] for e in wanted if e in self.nodes]
        if hits:
            self.centerOn(hits[0])

    def hide_selected(self) -> None:
        for item in self.scene().selectedItems():
            if isinstance(item, NodeItem):
                item.setVisible(False)
                for edge in item.edges:
                    edge.setVisible(False)

    def pin_selected(self, pinned: bool = True) -> None:
        for item in self.scene().selectedItems():
            if isinstance(item, NodeItem):
                item.pinned = pinned

    def selected_entities(self) -> list[int]:
        return [i.entity for i in self.scene().selectedItems() if isinstance(i, NodeItem)]

    def positions(self) -> dict[int, tuple[float, float]]:
        return {n: (item.pos().x() / SCALE, item.pos().y() / SCALE) for n, item in self.nodes.items()}

    def render_image(self, width: int = 1920, height: int = 1080) -> QImage:
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.scene().render(painter, QRectF(0, 0, width, height), self.scene().itemsBoundingRect())
        painter.end()
        return image

    def export_svg(self, path: str) -> None:
        from PySide6.QtSvg import QSvgGenerator

        rect = self.scene().itemsBoundingRect()
        generator = QSvgGenerator()
        generator.setFileName(path)
        generator.setSize(rect.size().toSize())
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle("Ariadne link chart")
        painter = QPainter(generator)
        self.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()

    # ------------------------------------------------------------------ events
    def wheelEvent(self, event) -> None:  # noqa: N802
        factor = 1.2 if event.angleDelta().y() > 0 else 1 / 1.2
        self.scale(factor, factor)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space:
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        elif event.key() == Qt.Key.Key_H:
            self.hide_selected()
        elif event.key() == Qt.Key.Key_E:
            self.expand_requested.emit(self.selected_entities())
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space:
            QTimer.singleShot(0, lambda: self.setDragMode(QGraphicsView.DragMode.RubberBandDrag))
        super().keyReleaseEvent(event)

    def _on_scene_selection_changed(self) -> None:
        chosen = self.selected_entities()
        if len(chosen) == 1:
            self.entity_selected.emit(chosen[0])
