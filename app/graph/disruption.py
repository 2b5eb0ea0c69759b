"""Disruption: what happens to the network when its top actors are removed, compared with
removing actors at random.

Measured on the network's 2-core (actors with at least two relationships), so the thousands
of one-off contacts of a carrier record do not hide the structure.  Fragmentation is the
largest component's share of actors, the number of components and global efficiency (the
mean of 1/distance over pairs; estimated from sampled sources on large networks).

Components after each removal are recounted on a sparse adjacency matrix with the removed
actors' ties masked out, rather than on a new igraph subgraph: a large case's core has half a
million actors and the curves need some eighty recounts.
"""

from __future__ import annotations

import random

import igraph as ig
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from app.graph.engine import ActorNet

#: Efficiency is estimated from this many sampled sources (a quarter of it above
#: :data:`LARGE` actors, where each source's distances take a second to read).
EFFICIENCY_SOURCES = 64
LARGE = 100_000


class _Removals:
    """The core's ties as a symmetric sparse matrix, to count components without some actors.

    >>> r = _Removals(ig.Graph.Ring(6))
    >>> r.component_sizes([]).tolist(), sorted(r.component_sizes([0, 3]).tolist())
    ([6], [2, 2])
    >>> r.component_sizes([]).tolist()
    [6]
    """

    def __init__(self, g: ig.Graph) -> None:
        n = g.vcount()
        ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        rows = np.concatenate([ends[:, 0], ends[:, 1]])
        cols = np.concatenate([ends[:, 1], ends[:, 0]])
        self.matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        self.rows = np.repeat(np.arange(n), np.diff(self.matrix.indptr))

    def component_sizes(self, removed: list[int]) -> np.ndarray:
        gone = np.zeros(self.matrix.shape[0], dtype=bool)
        gone[list(removed)] = True
        m = self.matrix
        if gone.any():
            keep = ~(gone[self.rows] | gone[m.indices])
            # copies indices and indptr: eliminate_zeros works in place
            m = sparse.csr_matrix((keep.astype(np.int8), m.indices.copy(), m.indptr.copy()), shape=m.shape)
            m.eliminate_zeros()
        _, labels = connected_components(m, directed=False)
        sizes = np.bincount(labels[~gone])
        return sizes[sizes > 0]


def _core(net: ActorNet) -> tuple[ig.Graph, list[int]]:
    g = net.graph
    keep = [v for v, k in enumerate(g.coreness()) if k >= 2]
    return g.induced_subgraph(keep), [net.ids[v] for v in keep]


def fragmentation(g: ig.Graph, n0: int, *, seed: int = 7) -> dict[str, float]:
    """Largest component share (of the original ``n0`` actors), components, efficiency.

    >>> fragmentation(ig.Graph.Ring(6), 6)["largest_share"]
    1.0
    """
    if g.vcount() == 0:
        return {"largest_share": 0.0, "components": 0, "efficiency": 0.0}
    comps = g.connected_components()
    n = g.vcount()
    wanted = EFFICIENCY_SOURCES if n <= LARGE else EFFICIENCY_SOURCES // 4
    sources = list(range(n)) if n <= wanted else random.Random(seed).sample(range(n), wanted)
    dist = np.asarray(g.distances(source=sources), dtype=float)
    with np.errstate(divide="ignore"):
        inv = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
    efficiency = inv.sum() / (len(sources) * max(n0 - 1, 1))
    return {
        "largest_share": max(comps.sizes()) / n0,
        "components": len(comps),
        "efficiency": float(efficiency),
    }


def disruption(
    net: ActorNet, rankings: dict[str, list[int]], *, steps: int = 10, random_runs: int = 5, seed: int = 7
) -> dict:
    """Curves of fragmentation as the top ``steps`` actors of each ranking are removed, plus
    the mean of ``random_runs`` random removals.  ``rankings`` maps a strategy name to entity
    ids, best first (hub score, betweenness, brokerage, a hand-picked list)."""
    core, ids = _core(net)
    n0 = core.vcount()
    pos = {e: i for i, e in enumerate(ids)}
    everyone = set(range(n0))
    removals = _Removals(core)

    def largest(removed: list[int]) -> float:
        if n0 == 0:
            return 0.0
        return round(int(removals.component_sizes(removed).max(initial=0)) / n0, 4)

    curves: dict[str, list[float]] = {}
    table = []
    plans = {name: [pos[e] for e in ranked if e in pos][:steps] for name, ranked in rankings.items()}
    for name, order in plans.items():
        curves[name] = [largest(order[:k]) for k in range(len(order) + 1)]
        final = fragmentation(core.induced_subgraph(sorted(everyone - set(order))), n0, seed=seed)
        table.append([name, len(order), round(final["largest_share"], 3), final["components"],
                      round(final["efficiency"], 4)])
    rng = random.Random(seed)
    runs = [rng.sample(range(n0), min(steps, n0)) for _ in range(random_runs)] if n0 else []
    if runs:
        values = np.mean([[largest(order[:k]) for k in range(len(order) + 1)] for order in runs], axis=0)
        curves["random (mean)"] = [round(float(v), 4) for v in values]
        table.append(["random (mean)", len(values) - 1, round(float(values[-1]), 3), "", ""])
    base = fragmentation(core, n0, seed=seed) if n0 else {"efficiency": 0.0}
    return {"actors_in_core": n0, "baseline_efficiency": round(base["efficiency"], 4), "curves": curves,
            "columns": ["strategy", "removed", "largest component share", "components", "efficiency"],
            "table": table}
