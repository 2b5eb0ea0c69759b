"""Hubs: who is central.  Degree and weighted degree (how many contacts, how much evidence),
the h-index of contacts (how many contacts are themselves well connected), PageRank and
eigenvector centrality (contacts with central people count more), combined into one hub
score that can be explained term by term.

Why the h-index rather than degree in the combined score: in a smuggling network the
people with the most contacts are often recruiters, drivers and collectors, each in touch
with a hundred migrants or their relatives who know nobody else in the network; an organiser
coordinates those facilitators.  Degree counts a migrant seen once as much as a facilitator;
the h-index (Hirsch's index applied to a node, the "lobby index" of Korn, Schubert & Telcs
2009; Lü et al. 2016) counts only contacts who have many contacts of their own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from app.graph.engine import ActorNet
from app.progress import CancelToken, ProgressFn, check, report

#: The hub score is the mean of these measures, each divided by its maximum.
HUB_TERMS = ("h_index", "strength", "pagerank", "eigenvector")


def _scaled(values: np.ndarray) -> np.ndarray:
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def h_index(graph) -> np.ndarray:
    """Per vertex, the largest h such that it has h neighbours of degree at least h.

    A star's centre has h = 1 (its leaves have one contact each); in a clique of five every
    member has h = 4.

    >>> import igraph as ig
    >>> h_index(ig.Graph.Star(6)).tolist(), h_index(ig.Graph.Full(5)).tolist()
    ([1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [4.0, 4.0, 4.0, 4.0, 4.0])
    """
    n = graph.vcount()
    if graph.ecount() == 0:
        return np.zeros(n)
    degree = np.asarray(graph.degree(), dtype=np.int64)
    ends = np.asarray(graph.get_edgelist(), dtype=np.int64)
    node = np.concatenate([ends[:, 0], ends[:, 1]])
    other = np.concatenate([degree[ends[:, 1]], degree[ends[:, 0]]])
    order = np.lexsort((-other, node))  # by node, then neighbours' degree descending
    node, other = node[order], other[order]
    first = np.searchsorted(node, node)  # where each node's run starts
    position = np.arange(len(node)) - first + 1
    # Sorted descending, "neighbour degree >= position" holds on a prefix: its length is h.
    return np.bincount(node, weights=(other >= position).astype(float), minlength=n)


def eigenvector_by_largest_part(g, weight: str | None = None) -> np.ndarray:
    """Eigenvector centrality of the largest connected part, zero elsewhere.

    A case is rarely one connected piece, and on a disconnected graph the leading eigenvector
    lives on one part anyway (igraph warns about it); computing it there says so plainly.

    >>> import igraph as ig
    >>> g = ig.Graph(n=5, edges=[(0, 1), (1, 2), (3, 4)])
    >>> eigenvector_by_largest_part(g).round(3).tolist()
    [0.707, 1.0, 0.707, 0.0, 0.0]
    """
    out = np.zeros(g.vcount())
    if not g.ecount():
        return out
    part = max(g.connected_components(), key=len)
    sub = g.induced_subgraph(part)
    if sub.ecount():
        out[part] = sub.eigenvector_centrality(weights=sub.es[weight] if weight else None, scale=True)
    return out


def hub_scores(
    net: ActorNet,
    *,
    weight: str | None = "weight",
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> pd.DataFrame:
    """One row per actor: degree, strength, h-index, pagerank, eigenvector and the combined
    ``score`` in [0, 1] (the mean of :data:`HUB_TERMS`, each scaled to its maximum), best first.

    Examples
    --------
    >>> import networkx as nx
    >>> from app.graph.engine import from_networkx
    >>> star = nx.star_graph(5)
    >>> int(hub_scores(from_networkx(star)).index[0])
    0
    """
    g = net.graph
    w = g.es[weight] if weight and g.ecount() else None
    frame = pd.DataFrame(index=pd.Index(net.ids, name="id"))
    steps: tuple[tuple[str, Callable[[], object]], ...] = (
        ("degree", lambda: np.asarray(g.degree(), dtype=float)),
        ("strength", lambda: np.asarray(g.strength(weights=w), dtype=float)),
        ("h_index", lambda: h_index(g)),
        ("pagerank", lambda: np.asarray(g.pagerank(weights=w), dtype=float) if g.vcount() else []),
        ("eigenvector", lambda: eigenvector_by_largest_part(g, weight if w is not None else None)),
    )
    for i, (name, compute) in enumerate(steps):
        check(cancel)
        report(progress, i / len(steps), name)
        frame[name] = compute()
    check(cancel)
    frame["score"] = np.mean([_scaled(frame[t].to_numpy()) for t in HUB_TERMS], axis=0) if len(frame) else []
    return ranked(frame, "score", "degree")


def ranked(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """``frame`` best first by ``columns``, each compared to nine decimals, ties by id: the
    eigenvector solver starts from a random vector, so equal scores differ in their last
    bits from one run to the next, and the same case must give the same ranking.

    >>> f = pd.DataFrame({"score": [0.5, 0.5 + 1e-15, 0.9]}, index=[7, 3, 5])
    >>> ranked(f, "score").index.tolist()
    [5, 3, 7]
    """
    keys = {f"_{c}": frame[c].round(9) for c in columns}
    order = frame.assign(**keys, _id=frame.index).sort_values(
        [*keys, "_id"], ascending=[False] * len(keys) + [True], kind="stable"
    )
    return frame.loc[order.index]
