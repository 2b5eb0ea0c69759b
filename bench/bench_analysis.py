"""Analysis speed on a heavy-tailed graph the size of a medium case (50,000 actors, about
300,000 relationships), and how well sampled betweenness agrees with exact.

Run: ``.venv/bin/python bench/bench_analysis.py``
"""

from __future__ import annotations

import time

import igraph as ig
import numpy as np
import pandas as pd

from app.graph import brokerage, centrality, communities
from app.graph.engine import build


def heavy_tailed(n: int, m: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    g = ig.Graph.Barabasi(n, m // n, power=1.0, zero_appeal=2, directed=False)
    rng = np.random.default_rng(seed)
    edges = np.array(g.get_edgelist())
    frame = pd.DataFrame(
        {
            "src": edges[:, 0],
            "dst": edges[:, 1],
            "weight": rng.gamma(2.0, 1.0, len(edges)),
            "count": 1,
            "amount": 0.0,
            "types": "called",
        }
    )
    nodes = pd.DataFrame(
        {"label": [str(i) for i in range(n)], "type": "person", "phones": [[]] * n, "attrs": "{}"},
        index=range(n),
    )
    return nodes, frame


def timed(label: str, fn):
    start = time.perf_counter()
    out = fn()
    print(f"  {label:<34} {time.perf_counter() - start:6.2f} s")
    return out


def main() -> None:
    nodes, edges = heavy_tailed(50_000, 300_000)
    print(f"heavy-tailed graph: {len(nodes):,} actors, {len(edges):,} relationships")
    net = timed("build engine graph", lambda: build(nodes, edges))
    timed("hub scores (4 measures)", lambda: centrality.hub_scores(net))
    membership, q = timed("Louvain (igraph multilevel)", lambda: communities.louvain(net))
    print(f"  modularity {q:.3f}, {len(set(membership.values()))} communities")
    timed("brokers (sampled betweenness, roles)", lambda: brokerage.broker_scores(net, membership))
    small_nodes, small_edges = heavy_tailed(2_500, 15_000, seed=2)
    small = build(small_nodes, small_edges)
    exact, _ = brokerage.betweenness(small)
    sampled, how = brokerage.betweenness(small, exact_limit=0)
    top_exact = set(np.argsort(-exact)[:20])
    top_sampled = set(np.argsort(-sampled)[:20])
    print(
        f"sampled vs exact betweenness on 2,500 actors ({how}): top-20 overlap "
        f"{len(top_exact & top_sampled)}/20"
    )


if __name__ == "__main__":
    main()
