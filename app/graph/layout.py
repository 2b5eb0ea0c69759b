"""Chart layouts, computed off the UI thread: force-directed, grouped by community,
circular, and hierarchical (for money flows).  Positions are ``{id: (x, y)}`` scaled to
about [-1, 1]; every layout is seeded so a chart looks the same each time."""

from __future__ import annotations

import math

import igraph as ig
import networkx as nx
import numpy as np

from app.graph.engine import seeded
from app.progress import CancelToken, ProgressFn, check, report

LAYOUTS = ("force", "communities", "circular", "hierarchical")


def _scale(coords: np.ndarray) -> np.ndarray:
    if len(coords) == 0:
        return coords
    coords = coords - coords.mean(axis=0)
    span = np.abs(coords).max() or 1.0
    return coords / span


def _scale_axes(coords: np.ndarray, *, aspect: float = 0.75) -> np.ndarray:
    """Each axis scaled on its own, x to [-1, 1] and y to [-aspect, aspect]: a layered layout
    is many times wider than its few layers are tall, and one span for both axes flattens it
    into a band."""
    if len(coords) == 0:
        return coords
    coords = coords - (coords.max(axis=0) + coords.min(axis=0)) / 2
    span = np.abs(coords).max(axis=0)
    span[span == 0] = 1.0
    return coords / span * [1.0, aspect]


def layout(
    graph: nx.Graph,
    kind: str = "force",
    *,
    communities: dict | None = None,
    seed: int = 7,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> dict:
    """Positions for every node of ``graph``.

    >>> pos = layout(nx.path_graph(3), "circular")
    >>> sorted(pos) == [0, 1, 2] and all(abs(x) <= 1 and abs(y) <= 1 for x, y in pos.values())
    True
    """
    if kind not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(
        n=len(nodes),
        edges=[(index[u], index[v]) for u, v in graph.edges() if u != v],
        directed=graph.is_directed(),
    )
    weights = [float(d.get("weight", 1.0)) for u, v, d in graph.edges(data=True) if u != v]
    check(cancel)
    report(progress, 0.0, "laying out the chart")
    with seeded(seed):
        if kind == "circular":
            coords = np.array(g.layout_circle().coords)
        elif kind == "hierarchical":
            coords = np.array(g.layout_sugiyama().coords)[: len(nodes)]
            coords[:, 1] = -coords[:, 1]
            layers = len(np.unique(coords[:, 1]))
            coords = _scale_axes(coords, aspect=min(1.0, 0.15 * layers))
            return {n: (float(coords[i, 0]), float(coords[i, 1])) for i, n in enumerate(nodes)}
        elif kind == "communities" and communities:
            coords = _grouped(g, nodes, communities, weights, cancel=cancel)
        else:
            coords = packed_force(g, weights, cancel=cancel)
    check(cancel)
    report(progress, 1.0, "chart laid out")
    coords = _scale(np.asarray(coords, dtype=float))
    return {n: (float(coords[i, 0]), float(coords[i, 1])) for i, n in enumerate(nodes)}


def _grouped(
    g: ig.Graph, nodes: list, communities: dict, weights: list[float], *, cancel: CancelToken | None = None
) -> np.ndarray:
    """Each community laid out on its own, the communities placed on a circle by size."""
    groups: dict[object, list[int]] = {}
    for i, n in enumerate(nodes):
        groups.setdefault(communities.get(n, -1), []).append(i)
    order = sorted(groups, key=lambda c: -len(groups[c]))
    coords = np.zeros((len(nodes), 2))
    for k, c in enumerate(order):
        check(cancel)
        members = groups[c]
        sub = g.induced_subgraph(members)
        local = (
            np.array(sub.layout_fruchterman_reingold(niter=300).coords)
            if len(members) > 1
            else np.zeros((1, 2))
        )
        local = _scale(local) * (0.15 + 0.5 * math.sqrt(len(members) / len(nodes)))
        angle = 2 * math.pi * k / max(1, len(order))
        radius = 0 if k == 0 else 1.2 + 0.1 * k
        coords[members] = local + [radius * math.cos(angle), radius * math.sin(angle)]
    return coords


def packed_force(g: ig.Graph, weights: list[float], *, cancel: CancelToken | None = None) -> np.ndarray:
    """Force-directed within each connected part, the parts then packed on shelves, largest
    first, each given about one unit of area per actor.

    A force layout of a whole chart pushes unconnected actors to the edges and squeezes the
    connected ones into a knot; laid out part by part they all stay readable.  Weights are
    taken on a log scale, so a link of a thousand calls does not pull its ends into one point.

    >>> g = ig.Graph(n=5, edges=[(0, 1), (1, 2), (2, 0)])
    >>> xy = packed_force(g, [1.0, 1.0, 1.0])
    >>> xy.shape, len({tuple(p) for p in xy.round(6).tolist()})  # nobody on top of anybody
    ((5, 2), 5)
    """
    coords = np.zeros((g.vcount(), 2))
    w = np.log1p(np.asarray(weights, dtype=float)) if weights else None
    if w is not None:
        g = g.copy()
        g.es["w"] = w
    parts = sorted(g.connected_components(mode="weak"), key=len, reverse=True)
    boxes = []
    for part in parts:
        check(cancel)  # a part is laid out in one go; a case has many small ones
        boxes.append(_part_box(_part_layout(g, part, w is not None), len(part)))
    # Shelves about as wide as the whole is tall, and never narrower than the largest part.
    row_width = max(max(_size(b)[0] for b in boxes), 1.3 * math.sqrt(sum(_area(b) for b in boxes)))
    x = y = row_height = 0.0
    gap = 1.0
    for part, box in zip(parts, boxes, strict=True):
        width, height = _size(box)
        if x > 0 and x + width > row_width:  # next shelf, down the chart (screen y grows down)
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        coords[part] = box - box.min(axis=0) + [x, y]
        x += width + gap
        row_height = max(row_height, height)
    return coords


def _part_box(local: np.ndarray, n: int) -> np.ndarray:
    """A part's coordinates scaled so that its bounding box holds about one unit of area per
    actor (a singleton is a unit square)."""
    width, height = np.ptp(local, axis=0)
    if width * height > 0:
        return local * math.sqrt(n / (width * height))
    return local * math.sqrt(n)  # one actor, or a part laid out on a line


def _size(box: np.ndarray) -> tuple[float, float]:
    """Width and height of a part (at least one unit each)."""
    width, height = np.ptp(box, axis=0) if len(box) > 1 else (0.0, 0.0)
    return max(1.0, float(width)), max(1.0, float(height))


def _area(box: np.ndarray) -> float:
    width, height = _size(box)
    return width * height


def _part_layout(g: ig.Graph, part: list[int], weighted: bool) -> np.ndarray:
    """One connected part laid out within the unit disc."""
    if len(part) == 1:
        return np.zeros((1, 2))
    sub = g.induced_subgraph(part)
    local = np.array(sub.layout_fruchterman_reingold(weights="w" if weighted else None, niter=500).coords)
    return _scale(local)
