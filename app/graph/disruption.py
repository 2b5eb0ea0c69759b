"""Disruption: what happens to the network when its top actors are removed, compared with
removing actors at random.

Measured on the network's 2-core (actors with at least two relationships), so the thousands
of one-off contacts of a carrier record do not hide the structure.  Fragmentation is the
largest component's share of actors, the number of components and global efficiency (the
mean of 1/distance over pairs; estimated from sampled sources on large networks).
"""

from __future__ import annotations

import random

import igraph as ig
import numpy as np

from app.graph.engine import ActorNet

EFFICIENCY_SOURCES = 64


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
    sources = (
        list(range(n))
        if n <= EFFICIENCY_SOURCES
        else random.Random(seed).sample(range(n), EFFICIENCY_SOURCES)
    )
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

    def largest(removed: list[int]) -> float:
        if n0 == 0:
            return 0.0
        sizes = core.induced_subgraph(sorted(everyone - set(removed))).connected_components().sizes()
        return round(max(sizes, default=0) / n0, 4)

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
