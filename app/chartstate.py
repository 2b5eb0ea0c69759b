"""The link chart as a case is built on it: which actors are on it, where each one stands,
which are pinned or hidden, and the history of changes that undo and redo walk through.

No Qt here.  Every change to the chart is a function from one :class:`ChartState` to the
next; the view shows a state and forwards the analyst's gestures, :class:`ChartHistory`
keeps the states so that Ctrl+Z and Ctrl+Shift+Z step back and forth.

Expanding or adding never moves an actor already on the chart: the newcomers are placed on
rings around the actor they are linked to, in spots no other actor takes (a short local
layout), so the arrangement the analyst made stays as it is.  Positions are layout units
(the chart's coordinates divided by the view's scale).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

Point = tuple[float, float]
HISTORY_LIMIT = 200  # states kept for undo; a state of 2,000 actors is about 200 kB


@dataclass(frozen=True)
class ChartState:
    """The actors on a chart and their marks.

    >>> s = ChartState({1: (0.0, 0.0), 2: (1.0, 0.0)})
    >>> hide(s, [2]).hidden, sorted(remove(s, [1]).positions)
    (frozenset({2}), [2])
    """

    positions: Mapping[int, Point] = field(default_factory=dict)
    pinned: frozenset[int] = frozenset()
    hidden: frozenset[int] = frozenset()

    @property
    def actors(self) -> list[int]:
        return list(self.positions)

    def __contains__(self, entity: object) -> bool:
        return entity in self.positions

    def __len__(self) -> int:
        return len(self.positions)


# ---------------------------------------------------------------------- changes
def moved(state: ChartState, positions: Mapping[int, Point]) -> ChartState:
    """Actors dragged to ``positions`` (others stay)."""
    new = dict(state.positions)
    new.update({int(e): _point(p) for e, p in positions.items() if e in state.positions})
    return replace(state, positions=new)


def laid_out(state: ChartState, positions: Mapping[int, Point]) -> ChartState:
    """A new layout applied: every actor goes to its new place except the pinned ones."""
    free = {e: p for e, p in positions.items() if e not in state.pinned}
    return moved(state, free)


def hide(state: ChartState, entities: Iterable[int], *, hidden: bool = True) -> ChartState:
    chosen = {int(e) for e in entities} & set(state.positions)
    return replace(state, hidden=state.hidden | chosen if hidden else state.hidden - chosen)


def pin(state: ChartState, entities: Iterable[int], *, pinned: bool = True) -> ChartState:
    chosen = {int(e) for e in entities} & set(state.positions)
    return replace(state, pinned=state.pinned | chosen if pinned else state.pinned - chosen)


def remove(state: ChartState, entities: Iterable[int]) -> ChartState:
    """Actors taken off the chart (hidden is kept for those the analyst may show again)."""
    gone = {int(e) for e in entities}
    return ChartState(
        {e: p for e, p in state.positions.items() if e not in gone},
        state.pinned - gone,
        state.hidden - gone,
    )


def expand(
    state: ChartState, graph, anchors: Iterable[int], *, limit: int = 40
) -> tuple[ChartState, list[int]]:
    """The neighbours of ``anchors`` in ``graph`` (networkx) added to the chart, the
    strongest ties first, at most ``limit`` per anchor, placed around their anchor.  Hidden
    neighbours already on the chart are shown again.  Returns the new state and the actors
    added or shown.

    >>> import networkx as nx
    >>> g = nx.star_graph(3)
    >>> s, added = expand(ChartState({0: (0.0, 0.0), 1: (5.0, 5.0)}), g, [0])
    >>> sorted(added), s.positions[1]
    ([2, 3], (5.0, 5.0))
    """
    new: dict[int, list[int]] = {}
    shown_again: set[int] = set()
    taken: set[int] = set()
    for anchor in anchors:
        if anchor not in state.positions or anchor not in graph:
            continue
        ranked = sorted(graph[anchor].items(), key=lambda kv: (-float(kv[1].get("weight", 1.0)), str(kv[0])))
        fresh: list[int] = []
        for other, _data in ranked:
            if other in state.positions:
                if other in state.hidden:
                    shown_again.add(other)
                continue
            if other in taken or len(fresh) >= limit:
                continue
            fresh.append(other)
            taken.add(other)
        new[anchor] = fresh
    positions = dict(state.positions)
    for anchor, fresh in new.items():
        spots = free_spots(positions, positions[anchor], len(fresh), spacing=spacing(state))
        positions.update({int(e): _point(p) for e, p in zip(fresh, spots, strict=True)})
    added = [e for fresh in new.values() for e in fresh] + sorted(shown_again)
    return ChartState(positions, state.pinned, state.hidden - shown_again), added


def add(state: ChartState, graph, entities: Iterable[int]) -> tuple[ChartState, list[int]]:
    """Actors put on the chart, each beside the chart actors it is linked to (an actor with
    no link to the chart goes to a free spot right of it).  Hidden ones are shown again.

    >>> import networkx as nx
    >>> s, added = add(ChartState({1: (0.0, 0.0)}), nx.path_graph([1, 2, 3]), [3, 2])
    >>> added, s.positions[1]
    ([3, 2], (0.0, 0.0))
    """
    positions = dict(state.positions)
    added, shown_again = [], set()
    step = spacing(state)
    for e in entities:
        e = int(e)
        if e in positions:
            if e in state.hidden:
                shown_again.add(e)
            continue
        near = [positions[n] for n in graph.adj.get(e, {}) if n in positions]
        if near:
            centre = tuple(np.mean(np.asarray(near, float), axis=0))
        elif positions:
            xy = np.asarray(list(positions.values()), float)
            centre = (float(xy[:, 0].max()) + 2 * step, float(np.median(xy[:, 1])))
        else:
            centre = (0.0, 0.0)
        positions[e] = _point(free_spots(positions, centre, 1, spacing=step, include_centre=True)[0])
        added.append(e)
    return ChartState(positions, state.pinned, state.hidden - shown_again), added + sorted(shown_again)


# ---------------------------------------------------------------------- placement
def spacing(state: ChartState, *, sample: int = 256) -> float:
    """The usual distance between neighbouring actors: the median distance from an actor to
    its nearest neighbour (over a sample of ``sample`` actors, so that a chart of 2,000 costs
    a few milliseconds); a tenth of a unit for a lone actor."""
    if len(state) < 2:
        return 0.1
    xy = np.asarray(list(state.positions.values()), float)
    picked = xy[:: max(1, len(xy) // sample)]
    nearest = np.full(len(picked), np.inf)
    for start in range(0, len(xy), 1024):
        block = xy[start : start + 1024]
        d = np.hypot(picked[:, None, 0] - block[None, :, 0], picked[:, None, 1] - block[None, :, 1])
        d[d == 0] = np.inf  # itself (and anybody on the very same spot)
        nearest = np.minimum(nearest, d.min(axis=1))
    finite = nearest[np.isfinite(nearest)]
    return float(np.median(finite)) if len(finite) else 0.1


def free_spots(
    positions: Mapping[int, Point],
    centre: Point,
    count: int,
    *,
    spacing: float,
    include_centre: bool = False,
) -> np.ndarray:
    """``count`` places around ``centre``, on rings ``spacing`` apart, each at least 0.8
    ``spacing`` from every actor in ``positions`` and from one another.

    >>> spots = free_spots({1: (0.0, 0.0)}, (0.0, 0.0), 7, spacing=1.0)
    >>> spots.shape, bool((np.hypot(*spots.T) >= 0.8).all())
    ((7, 2), True)
    """
    if count <= 0:
        return np.zeros((0, 2))
    cx, cy = centre
    xy = np.asarray(list(positions.values()), float).reshape(-1, 2)
    # Only actors near enough to take a spot matter: a ring of count spots needs about
    # sqrt(count) rings.
    reach = spacing * (4 + 2 * math.sqrt(count))
    near = xy[(np.abs(xy[:, 0] - cx) <= reach) & (np.abs(xy[:, 1] - cy) <= reach)]
    # Spots on one ring are a spacing apart along it, and rings a spacing apart: spots never
    # crowd one another, only actors already there can take them.
    chosen: list[np.ndarray] = []
    found = 0
    clear = 0.8 * spacing
    ring = 0 if include_centre else 1
    while found < count and ring < 10_000:
        if ring == 0:
            candidates = np.array([[cx, cy]])
        else:
            slots = max(6, int(2 * math.pi * ring))
            turn = np.arange(slots) * 2 * math.pi / slots + 0.5 * ring  # rings offset, no spokes
            radius = ring * spacing
            candidates = np.column_stack([cx + radius * np.cos(turn), cy + radius * np.sin(turn)])
        if len(near):
            d = np.hypot(candidates[:, None, 0] - near[None, :, 0], candidates[:, None, 1] - near[None, :, 1])
            candidates = candidates[(d >= clear).all(axis=1)]
        chosen.append(candidates[: count - found])
        found += len(chosen[-1])
        ring += 1
    return np.concatenate(chosen).reshape(-1, 2) if chosen else np.zeros((0, 2))


def _point(p) -> Point:
    return (float(p[0]), float(p[1]))


# ---------------------------------------------------------------------- history
@dataclass
class ChartHistory:
    """Undo and redo over chart states: ``record`` after every change, with a label saying
    what the change was ("expand", "hide", "layout"…).

    >>> h = ChartHistory()
    >>> h.reset(ChartState({1: (0.0, 0.0)}))
    >>> h.record("hide", hide(h.current, [1]))
    >>> h.undo().hidden, h.redo_label, h.redo().hidden
    (frozenset(), 'hide', frozenset({1}))
    """

    limit: int = HISTORY_LIMIT
    current: ChartState = field(default_factory=ChartState)
    _done: list[tuple[str, ChartState]] = field(default_factory=list)
    _undone: list[tuple[str, ChartState]] = field(default_factory=list)

    def reset(self, state: ChartState) -> None:
        """A chart shown afresh (a case opened): nothing to undo."""
        self.current = state
        self._done.clear()
        self._undone.clear()

    def record(self, label: str, state: ChartState) -> None:
        """``state`` follows the current one by the change ``label``; redo is forgotten."""
        if state == self.current:
            return
        self._done.append((label, self.current))
        del self._done[: -self.limit]
        self._undone.clear()
        self.current = state

    def undo(self) -> ChartState | None:
        if not self._done:
            return None
        label, previous = self._done.pop()
        self._undone.append((label, self.current))
        self.current = previous
        return previous

    def redo(self) -> ChartState | None:
        if not self._undone:
            return None
        label, following = self._undone.pop()
        self._done.append((label, self.current))
        self.current = following
        return following

    @property
    def undo_label(self) -> str:
        return self._done[-1][0] if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1][0] if self._undone else ""

    @property
    def worked_on(self) -> bool:
        """Has the analyst changed the chart by hand (more than drawing it afresh)?"""
        return any(label != "draw" for label, _state in self._done)


def chart_graph(graph, actors: Iterable[int]):
    """The part of ``graph`` (networkx) between ``actors``, as a graph of its own: built
    from the actors' adjacency, many times faster than a subgraph view of a large network,
    whose every ``len`` visits all its nodes.

    >>> import networkx as nx
    >>> sorted(chart_graph(nx.path_graph(5), [1, 2, 4]).edges())
    [(1, 2)]
    """
    keep = [a for a in actors if a in graph]
    chosen = set(keep)
    sub = graph.__class__()
    sub.add_nodes_from((a, graph.nodes[a]) for a in keep)
    sub.add_edges_from((a, b, d) for a in keep for b, d in graph.adj[a].items() if b in chosen)
    return sub
