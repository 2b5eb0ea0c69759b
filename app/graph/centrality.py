"""Hubs: who is central.  Degree and weighted degree (how many contacts, how much evidence),
PageRank and eigenvector centrality (contacts with central people count more), combined
into one hub score that can be explained term by term."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from app.graph.engine import ActorNet

#: The hub score is the mean of these measures, each divided by its maximum.
HUB_TERMS = ("degree", "strength", "pagerank", "eigenvector")


def _scaled(values: np.ndarray) -> np.ndarray:
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def hub_scores(net: ActorNet, *, weight: str | None = "weight", progress=None, cancel=None) -> pd.DataFrame:
    """One row per actor: degree, strength, pagerank, eigenvector and the combined ``score``
    in [0, 1], best first.

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
    frame["degree"] = np.asarray(g.degree(), dtype=float)
    frame["strength"] = np.asarray(g.strength(weights=w), dtype=float)
    frame["pagerank"] = np.asarray(g.pagerank(weights=w), dtype=float) if g.vcount() else []
    if g.ecount():
        with warnings.catch_warnings():  # a case is rarely one connected piece; that is expected
            warnings.simplefilter("ignore", RuntimeWarning)
            frame["eigenvector"] = np.asarray(g.eigenvector_centrality(weights=w, scale=True), dtype=float)
    else:
        frame["eigenvector"] = 0.0
    frame["score"] = np.mean([_scaled(frame[t].to_numpy()) for t in HUB_TERMS], axis=0) if len(frame) else []
    return frame.sort_values(["score", "degree"], ascending=False, kind="stable")


def explain_hub(row: pd.Series) -> str:
    """The hub score in words, for the details panel and the briefing."""
    return (
        f"{int(row['degree'])} direct contacts, evidence weight {row['strength']:.1f}, "
        f"PageRank {row['pagerank']:.4f}, eigenvector {row['eigenvector']:.2f} → hub score {row['score']:.2f}"
    )
