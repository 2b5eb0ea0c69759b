"""Route clusters: journeys grouped by the corridors they share.

Each journey is the set of legs (place → place) it travelled.  Journeys are linked by the
Jaccard similarity of their leg sets (computed sparsely, only for journeys that share a leg)
and grouped with Louvain; each cluster gets its main path, number of journeys, price range,
time span and the facilitators who operated its legs.
"""

from __future__ import annotations

from collections import Counter

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse

from app.graph.engine import seeded

MIN_SIMILARITY = 0.2


def journey_legs(legs: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    legs = legs.dropna(subset=["from_id", "to_id"])
    out: dict[str, list[tuple[int, int]]] = {}
    for j, a, b in zip(legs["journey"], legs["from_id"].astype(int), legs["to_id"].astype(int), strict=True):
        if a != b:
            out.setdefault(str(j), []).append((a, b))
    return out


def cluster_journeys(journeys: dict[str, list[tuple[int, int]]], *, seed: int = 7) -> dict[str, int]:
    """journey -> cluster id (0 = most journeys)."""
    names = sorted(journeys)
    if not names:
        return {}
    leg_ids: dict[tuple[int, int], int] = {}
    rows, cols = [], []
    for i, name in enumerate(names):
        for leg in set(journeys[name]):
            rows.append(i)
            cols.append(leg_ids.setdefault(leg, len(leg_ids)))
    inc = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(names), len(leg_ids)))
    shared = (inc @ inc.T).tocoo()
    sizes = np.asarray(inc.sum(axis=1)).ravel()
    keep = shared.row < shared.col
    a, b, s = shared.row[keep], shared.col[keep], shared.data[keep]
    jac = s / (sizes[a] + sizes[b] - s)
    strong = jac >= MIN_SIMILARITY
    g = ig.Graph(n=len(names), edges=list(zip(a[strong].tolist(), b[strong].tolist(), strict=True)))
    g.es["weight"] = jac[strong].tolist()
    with seeded(seed):
        membership = g.community_multilevel(weights="weight" if g.ecount() else None).membership
    order = [c for c, _ in Counter(membership).most_common()]
    rank = {c: i for i, c in enumerate(order)}
    return {name: rank[membership[i]] for i, name in enumerate(names)}


def main_path(legs: list[tuple[int, int]]) -> list[int]:
    """The corridor's backbone: start where most journeys start, follow the busiest leg on."""
    counts = Counter(legs)
    starts = Counter(a for a, _ in legs) - Counter(b for _, b in legs)
    current = (starts.most_common(1) or Counter(a for a, _ in legs).most_common(1))[0][0]
    path, seen = [current], {current}
    while True:
        nxt = [(n, (a, b)) for (a, b), n in counts.items() if a == current and b not in seen]
        if not nxt:
            return path
        current = max(nxt)[1][1]
        path.append(current)
        seen.add(current)


def route_clusters(legs: pd.DataFrame, labels: dict[int, str], *, seed: int = 7) -> list[dict]:
    """Clusters with ``id, journeys, waypoints, path_ids, facilitators, price_range, span,
    journey_ids``, biggest first."""
    journeys = journey_legs(legs)
    assignment = cluster_journeys(journeys, seed=seed)
    out = []
    for cid in sorted(set(assignment.values())):
        members = [j for j, c in assignment.items() if c == cid]
        sub = legs[legs["journey"].astype(str).isin(members)]
        path = main_path([leg for j in members for leg in journeys[j]])
        costs = sub.groupby("journey")["cost_case"].sum(min_count=1).dropna()
        facilitators = Counter(int(f) for f in sub["facilitator_id"].dropna())
        starts = pd.to_datetime(sub["start"], errors="coerce").dropna()
        out.append(
            {
                "id": cid,
                "journeys": len(members),
                "waypoints": [labels.get(p, str(p)) for p in path],
                "path_ids": path,
                "facilitators": [str(f) for f, _ in facilitators.most_common(10)],
                "price_range": f"{costs.min():,.0f}–{costs.max():,.0f}" if len(costs) else "",
                "span": f"{starts.min():%Y-%m-%d} – {starts.max():%Y-%m-%d}" if len(starts) else "",
                "journey_ids": members,
            }
        )
    return out
