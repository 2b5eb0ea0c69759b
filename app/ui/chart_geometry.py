"""What the link chart shows, as numpy arrays: where each actor is, how big, in which
community, which are hidden, selected or highlighted, and the links between them strongest
first.

No Qt here: the chart's culling, hit tests and level-of-detail counts are plain vectorised
arithmetic over these arrays, so 20,000 actors and 100,000 links cost a few milliseconds per
frame instead of one Python call per item.  Rectangles are ``(left, top, right, bottom)`` in
scene units.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

Rect = tuple[float, float, float, float]

STRONG_LINKS = 3000  # the strongest links keep their weight-scaled width at every zoom


def link_tiers(weight: np.ndarray) -> np.ndarray:
    """Drawing tier of each link, ``weight`` sorted descending: 0 for the faint mass of weak
    links, 1-4 for the strongest by growing evidence weight."""
    tier = np.clip(1 + np.floor(np.asarray(weight, float) / 3.0), 1, 4).astype(np.int8)
    tier[STRONG_LINKS:] = 0
    return tier


def links_meeting(xy: np.ndarray, src: np.ndarray, dst: np.ndarray, rect: Rect) -> np.ndarray:
    """Indices of the links (``src[i]``-``dst[i]``) whose bounding box meets ``rect``."""
    left, top, right, bottom = rect
    a, b = xy[src], xy[dst]
    return np.flatnonzero(
        (np.minimum(a[:, 0], b[:, 0]) <= right)
        & (np.maximum(a[:, 0], b[:, 0]) >= left)
        & (np.minimum(a[:, 1], b[:, 1]) <= bottom)
        & (np.maximum(a[:, 1], b[:, 1]) >= top)
    )


@dataclass
class ChartGeometry:
    xy: np.ndarray  # (n, 2) scene positions
    size: np.ndarray  # (n,) disc diameters in scene units
    colour: np.ndarray  # (n,) index into the view's palette
    src: np.ndarray  # (m,) node index of each link's first end, strongest link first
    dst: np.ndarray  # (m,) node index of each link's other end
    weight: np.ndarray  # (m,) evidence weight, descending
    tier: np.ndarray = field(init=False)  # (m,) see link_tiers
    labelled: np.ndarray = field(init=False)  # (n,) named at every zoom (the most central)
    hidden: np.ndarray = field(init=False)
    selected: np.ndarray = field(init=False)
    highlighted: np.ndarray = field(init=False)
    pinned: np.ndarray = field(init=False)
    path: np.ndarray = field(init=False)  # actor indices of a picked path, in order
    version: int = 0  # bumped whenever positions or hidden actors change

    def __post_init__(self) -> None:
        n = len(self.xy)
        self.tier = link_tiers(self.weight)
        self.labelled = np.zeros(n, bool)
        self.hidden = np.zeros(n, bool)
        self.selected = np.zeros(n, bool)
        self.highlighted = np.zeros(n, bool)
        self.pinned = np.zeros(n, bool)
        self.path = np.zeros(0, np.int64)
        self._shown_links: tuple[int, np.ndarray] | None = None
        self._link_boxes: tuple[int, np.ndarray] | None = None

    @classmethod
    def empty(cls) -> ChartGeometry:
        none = np.zeros(0, np.int64)
        return cls(np.zeros((0, 2)), np.zeros(0), none, none, none, np.zeros(0))

    def changed(self) -> None:
        """Positions or hidden actors changed: cached rasters and link masks are stale."""
        self.version += 1

    # ------------------------------------------------------------------ queries
    def shown_links(self) -> np.ndarray:
        """Mask of the links whose two ends are both shown (cached per version)."""
        if self._shown_links is None or self._shown_links[0] != self.version:
            mask = ~(self.hidden[self.src] | self.hidden[self.dst])
            self._shown_links = (self.version, mask)
        return self._shown_links[1]

    def nodes_in(self, rect: Rect, *, pad: float = 0.0) -> np.ndarray:
        """Indices of the shown actors whose disc meets ``rect`` grown by ``pad``."""
        left, top, right, bottom = rect
        r = self.size / 2 + pad
        x, y = self.xy[:, 0], self.xy[:, 1]
        inside = (x + r >= left) & (x - r <= right) & (y + r >= top) & (y - r <= bottom)
        return np.flatnonzero(inside & ~self.hidden)

    def nodes_within(self, rect: Rect) -> np.ndarray:
        """Indices of the shown actors whose centre lies inside ``rect`` (rubber band)."""
        left, top, right, bottom = rect
        x, y = self.xy[:, 0], self.xy[:, 1]
        return np.flatnonzero((x >= left) & (x <= right) & (y >= top) & (y <= bottom) & ~self.hidden)

    def links_in(self, rect: Rect) -> np.ndarray:
        """Indices of the shown links whose bounding box meets ``rect``, strongest first (the
        boxes kept per version: a frame then makes four comparisons per link, not twelve
        operations, a sixth of a frame at 16× on a chart of 100,000 links)."""
        if self._link_boxes is None or self._link_boxes[0] != self.version:
            a, b = self.xy[self.src], self.xy[self.dst]
            boxes = np.stack(
                [
                    np.minimum(a[:, 0], b[:, 0]),
                    np.maximum(a[:, 0], b[:, 0]),
                    np.minimum(a[:, 1], b[:, 1]),
                    np.maximum(a[:, 1], b[:, 1]),
                ]
            )
            self._link_boxes = (self.version, boxes)
        left, top, right, bottom = rect
        x0, x1, y0, y1 = self._link_boxes[1]
        meets = np.flatnonzero((x0 <= right) & (x1 >= left) & (y0 <= bottom) & (y1 >= top))
        return meets[self.shown_links()[meets]]

    def links_of(self, nodes: np.ndarray) -> np.ndarray:
        """Indices of the shown links touching any of the actor indices ``nodes``."""
        touched = np.zeros(len(self.xy), bool)
        touched[nodes] = True
        return np.flatnonzero((touched[self.src] | touched[self.dst]) & self.shown_links())

    def node_at(self, x: float, y: float, *, slack: float = 0.0) -> int:
        """The shown actor under ``(x, y)`` (the nearest if discs overlap), or -1."""
        if not len(self.xy):
            return -1
        d = np.hypot(self.xy[:, 0] - x, self.xy[:, 1] - y) - self.size / 2
        d[self.hidden] = np.inf
        best = int(np.argmin(d))
        return best if d[best] <= slack else -1

    def link_at(self, x: float, y: float, *, tolerance: float) -> int:
        """The shown link passing within ``tolerance`` of ``(x, y)``, the strongest first, or -1."""
        candidates = self.links_in((x - tolerance, y - tolerance, x + tolerance, y + tolerance))
        if not len(candidates):
            return -1
        a, b = self.xy[self.src[candidates]], self.xy[self.dst[candidates]]
        ab = b - a
        t = np.clip(
            ((x - a[:, 0]) * ab[:, 0] + (y - a[:, 1]) * ab[:, 1]) / np.maximum((ab**2).sum(1), 1e-9), 0, 1
        )
        near = np.hypot(a[:, 0] + t * ab[:, 0] - x, a[:, 1] + t * ab[:, 1] - y) <= tolerance
        hits = candidates[near]
        return int(hits[0]) if len(hits) else -1

    def bounds(self) -> Rect:
        """The box around every actor's disc (hidden ones included, so the chart does not jump)."""
        if not len(self.xy):
            return (0.0, 0.0, 0.0, 0.0)
        r = self.size / 2
        return (
            float((self.xy[:, 0] - r).min()),
            float((self.xy[:, 1] - r).min()),
            float((self.xy[:, 0] + r).max()),
            float((self.xy[:, 1] + r).max()),
        )


@dataclass
class ChartContent:
    """Everything a chart shows, prepared from a graph off the GUI thread.  Actors in graph
    order; links strongest first, ``link_data`` holding each one's attributes (for tooltips)."""

    entities: list[int]
    labels: list[str]
    kinds: list[str]
    positions: np.ndarray  # (n, 2) layout units
    size: np.ndarray  # (n,) disc diameter in scene units
    community: np.ndarray  # (n,) community id, -1 for none
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    link_data: list[dict]


def chart_content(graph, positions: dict, *, communities=None, sizes=None) -> ChartContent:
    """Arrays for ``graph`` (networkx) at ``positions``; disc size grows with ``sizes``
    (e.g. hub scores), colour follows ``communities``."""
    communities, sizes = communities or {}, sizes or {}
    top = max(sizes.values(), default=0) or 1.0
    order = list(graph.nodes)
    index = {n: i for i, n in enumerate(order)}
    data = [graph.nodes[n] for n in order]
    links = sorted(
        ((float(d.get("weight", 1)), index[u], index[v], d) for u, v, d in graph.edges(data=True) if u != v),
        key=lambda t: -t[0],
    )
    return ChartContent(
        [int(n) for n in order],
        [str(d.get("label", n)) for n, d in zip(order, data, strict=True)],
        [str(d.get("type", "person")) for d in data],
        np.array([positions.get(n, (0.0, 0.0)) for n in order], float).reshape(-1, 2),
        18 + 30 * np.array([sizes.get(n, 0.0) for n in order], float) / top,
        np.array([-1 if communities.get(n) is None else communities[n] for n in order], np.int64),
        np.array([t[1] for t in links], np.int64),
        np.array([t[2] for t in links], np.int64),
        np.array([t[0] for t in links], float),
        [t[3] for t in links],
    )


@dataclass
class ChartNode:
    """One actor on the chart, as the panels see it."""

    entity: int
    label: str
    kind: str
    size: float
    index: int


class ChartNodes(Mapping):
    """The actors on the chart by entity id, built on demand from the content's lists (a
    Python object per actor for 20,000 actors would cost a tenth of a second on each draw)."""

    def __init__(self, content: ChartContent | None = None) -> None:
        self.content = content
        self._index = {e: i for i, e in enumerate(content.entities)} if content else {}

    def index(self, entity: int) -> int:
        return self._index[entity]

    def __getitem__(self, entity: int) -> ChartNode:
        i, c = self._index[entity], self.content
        return ChartNode(entity, c.labels[i], c.kinds[i], float(c.size[i]), i)

    def __iter__(self) -> Iterator[int]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def content_without(content: ChartContent, entities) -> ChartContent:
    """``content`` with ``entities`` and their links taken off, every other actor as it was."""
    gone = set(entities)
    keep = np.array([e not in gone for e in content.entities], bool)
    if keep.all():
        return content
    new_index = np.cumsum(keep) - 1
    links = np.flatnonzero(keep[content.src] & keep[content.dst])
    return ChartContent(
        [e for e, k in zip(content.entities, keep, strict=True) if k],
        [x for x, k in zip(content.labels, keep, strict=True) if k],
        [x for x, k in zip(content.kinds, keep, strict=True) if k],
        content.positions[keep],
        content.size[keep],
        content.community[keep],
        new_index[content.src[links]],
        new_index[content.dst[links]],
        content.weight[links],
        [content.link_data[i] for i in links.tolist()],
    )


def content_with(
    content: ChartContent, graph, entities, positions: Mapping, *, communities=None, sizes=None
) -> ChartContent:
    """``content`` with ``entities`` of ``graph`` (networkx) added at ``positions`` and their
    links to the actors shown, without going over the actors already there (expanding a
    chart of 2,000 costs what the newcomers' links cost).  Disc sizes of newcomers follow
    ``sizes`` on the scale the chart already has."""
    communities, sizes = communities or {}, sizes or {}
    index = {e: i for i, e in enumerate(content.entities)}
    new = [e for e in entities if e in graph and e not in index]
    if not new:
        return content
    for e in new:
        index[e] = len(index)
    first_new = len(content.entities)
    links = []
    for e in new:
        i = index[e]
        for other, d in graph.adj[e].items():
            j = index.get(other)
            if j is None or j == i or (j >= first_new and j < i):
                continue  # not on the chart, a loop, or a newcomer pair counted once
            links.append((float(d.get("weight", 1)), j, i, d))
    top = max(sizes.values(), default=0) or 1.0
    data = [graph.nodes[e] for e in new]
    weight = np.concatenate([content.weight, [t[0] for t in links]])
    order = np.argsort(-weight, kind="stable")
    src = np.concatenate([content.src, np.array([t[1] for t in links], np.int64)])[order]
    dst = np.concatenate([content.dst, np.array([t[2] for t in links], np.int64)])[order]
    link_data = content.link_data + [t[3] for t in links]
    return ChartContent(
        content.entities + [int(e) for e in new],
        content.labels + [str(d.get("label", e)) for e, d in zip(new, data, strict=True)],
        content.kinds + [str(d.get("type", "person")) for d in data],
        np.vstack([content.positions, np.array([positions.get(e, (0.0, 0.0)) for e in new], float)]),
        np.concatenate([content.size, _disc_sizes([sizes.get(e, 0.0) for e in new], top)]),
        np.concatenate(
            [content.community, np.array([-1 if communities.get(e) is None else communities[e] for e in new])]
        ).astype(np.int64),
        src,
        dst,
        weight[order],
        [link_data[i] for i in order.tolist()],
    )


def _disc_sizes(scores, top: float) -> np.ndarray:
    """Disc diameters on the scale of :func:`chart_content` (18 to 48 scene units)."""
    return np.minimum(48.0, 18 + 30 * np.asarray(scores, float) / top)
