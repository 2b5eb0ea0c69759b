"""The compiled engine heavy algorithms run on: an igraph graph built straight from the
SQL-aggregated actor edges (no large networkx graph in between).

networkx stays the graph model for small graphs and interchange; PageRank, betweenness,
Louvain and constraint run here (docs/performance.md; `bench/bench_analysis.py` measures it).
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import networkx as nx
import pandas as pd


@dataclass
class ActorNet:
    """An undirected weighted igraph of actors; ``ids[i]`` is the case entity id of vertex i."""

    graph: ig.Graph
    ids: list[int]
    nodes: pd.DataFrame  # indexed by entity id: label, type, phones, attrs
    edges: pd.DataFrame  # directed aggregated edges: src, dst, weight, count, amount, types

    @property
    def index(self) -> dict[int, int]:
        return {e: i for i, e in enumerate(self.ids)}


def build(nodes: pd.DataFrame, edges: pd.DataFrame) -> ActorNet:
    """Undirected igraph from directed edges (both directions summed) and actor nodes."""
    ids = sorted(set(nodes.index.astype(int)) | set(edges["src"].astype(int)) | set(edges["dst"].astype(int)))
    pos = {e: i for i, e in enumerate(ids)}
    if len(edges):
        a = edges["src"].map(pos).to_numpy()
        b = edges["dst"].map(pos).to_numpy()
        lo, hi = a.clip(max=b), a.clip(min=b)
        und = pd.DataFrame({"a": lo, "b": hi, "w": edges["weight"].to_numpy(dtype=float)})
        und = und.groupby(["a", "b"], sort=True)["w"].sum().reset_index()
        g = ig.Graph(n=len(ids), edges=list(zip(und["a"].tolist(), und["b"].tolist(), strict=True)))
        g.es["weight"] = und["w"].tolist()
    else:
        g = ig.Graph(n=len(ids))
        g.es["weight"] = []
    return ActorNet(g, ids, nodes, edges)


def from_networkx(graph: nx.Graph, weight: str = "weight") -> ActorNet:
    """For tests and small graphs: the same engine graph from a networkx graph.  Nodes that
    are not integers are numbered in graph order and keep their name as label."""
    number = {n: (n if isinstance(n, int) else i) for i, n in enumerate(graph.nodes)}
    rows = [(number[u], number[v], float(d.get(weight, 1.0))) for u, v, d in graph.edges(data=True)]
    edges = pd.DataFrame(rows, columns=["src", "dst", "weight"])
    edges["count"], edges["amount"], edges["types"] = 1, 0.0, ""
    nodes = pd.DataFrame(
        {
            "label": [graph.nodes[n].get("label", str(n)) for n in graph.nodes],
            "type": [graph.nodes[n].get("type", "person") for n in graph.nodes],
            "phones": [graph.nodes[n].get("phones", []) for n in graph.nodes],
            "attrs": ["{}"] * graph.number_of_nodes(),
        },
        index=[number[n] for n in graph.nodes],
    )
    return build(nodes, edges)


@contextmanager
def seeded(seed: int | None):
    """igraph draws from Python's ``random``; give it its own seeded generator for one call."""
    if seed is None:
        yield
        return
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)
