"""Facilitators and brokers: who connects parts of the network that would otherwise be
apart.  Betweenness (exact where affordable, sampled from a stated number of sources where
not), Burt's constraint and effective size (structural holes), Gould–Fernandez brokerage
roles relative to communities or any attribute, and a combined broker score."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

import numpy as np
import pandas as pd

from app.graph.centrality import ranked
from app.graph.engine import ActorNet
from app.progress import CancelToken, ProgressFn, check, report

#: Up to this many actors betweenness is exact; above, it is estimated from this many sources.
EXACT_LIMIT = 3000
SAMPLE_SOURCES = 128
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def betweenness(
    net: ActorNet,
    *,
    weight: str | None = "weight",
    sources: int = SAMPLE_SOURCES,
    seed: int = 7,
    exact_limit: int = EXACT_LIMIT,
) -> tuple[np.ndarray, str]:
    """Normalised betweenness per vertex and a sentence saying how it was computed.

    Weights are strengths of relationship, so path lengths use ``1 / weight``: a path
    through strong ties is short (Newman 2001; Opsahl, Agneessens & Skvoretz 2010).  That
    matters in call records: two organisations are nearly always a few hops apart through
    strangers' phones (a tower dump, relatives, shops), but the broker they both call every
    week is the short way between them.  Above ``exact_limit`` actors the sum runs over
    ``sources`` randomly chosen sources and is scaled by n / sources (Brandes & Pich 2007);
    ``bench/bench_analysis.py`` measures how well its top 20 agrees with exact.
    """
    g = net.graph
    n = g.vcount()
    if n < 3:
        return np.zeros(n), "exact"
    dist = [1.0 / w if w > 0 else 1e9 for w in g.es[weight]] if weight and g.ecount() else None
    if n <= exact_limit:
        values, how = np.asarray(g.betweenness(weights=dist, directed=False), dtype=float), "exact"
    else:
        rng = random.Random(seed)
        chosen = rng.sample(range(n), min(sources, n))
        values = np.asarray(g.betweenness(directed=False, sources=chosen, weights=dist), dtype=float)
        values *= n / len(chosen)
        how = f"estimated from {len(chosen)} sampled sources of {n:,}"
    return values / ((n - 1) * (n - 2) / 2), how


def structural_holes(net: ActorNet, vertices: list[int], *, weight: str | None = "weight") -> pd.DataFrame:
    """Burt's constraint (low: contacts are not connected to each other) and effective size
    (non-redundant contacts) for the given vertices."""
    g = net.graph
    w = g.es[weight] if weight and g.ecount() else None
    constraint = g.constraint(vertices, weights=w) if vertices else []
    eff = []
    for v in vertices:
        nbrs = set(g.neighbors(v))
        k = len(nbrs)
        if k == 0:
            eff.append(0.0)
            continue
        ties = sum(len(nbrs.intersection(g.neighbors(u))) for u in nbrs)  # each tie among them twice
        eff.append(k - ties / k)
    return pd.DataFrame(
        {"constraint": constraint, "effective_size": eff},
        index=pd.Index([net.ids[v] for v in vertices], name="id"),
    )


def brokerage_roles(
    edges: pd.DataFrame,
    groups: Mapping[int, object],
    brokers: list[int],
    *,
    among: Collection[int] | None = None,
) -> pd.DataFrame:
    """Gould–Fernandez roles of each broker v over directed two-paths u → v → w with no
    direct tie u → w, relative to ``groups`` (communities, organisation, nationality…);
    with ``among``, only two-paths whose ends u and w are both in it count:

    coordinator (u, v, w in one group), itinerant (u and w in one group, v outside),
    representative (v in u's group, w elsewhere), gatekeeper (v in w's group, u elsewhere),
    liaison (all three in different groups).

    >>> e = pd.DataFrame({"src": [1, 2], "dst": [2, 3]})
    >>> int(brokerage_roles(e, {1: "a", 2: "b", 3: "a"}, [2]).loc[2, "itinerant"])
    1
    >>> int(brokerage_roles(e, {1: "a", 2: "b", 3: "a"}, [2], among=[1, 2]).loc[2, "itinerant"])
    0
    """
    if among is not None:
        keep = set(among) | set(brokers)
        edges = edges[edges["src"].isin(keep) & edges["dst"].isin(keep)]
        among = set(among)
    out_n, in_n = defaultdict(set), defaultdict(set)
    for s, d in zip(edges["src"].tolist(), edges["dst"].tolist(), strict=True):
        if s != d:
            out_n[s].add(d)
            in_n[d].add(s)
    rows = {}
    for v in brokers:
        counts: Counter[str] = Counter()
        gv = groups.get(v)
        for u in in_n[v]:
            if among is not None and u not in among:
                continue
            gu = groups.get(u)
            for w in out_n[v]:
                if w == u or w in out_n[u] or (among is not None and w not in among):
                    continue
                gw = groups.get(w)
                if gu == gv == gw:
                    counts["coordinator"] += 1
                elif gu == gw:
                    counts["itinerant"] += 1
                elif gv == gu:
                    counts["representative"] += 1
                elif gv == gw:
                    counts["gatekeeper"] += 1
                else:
                    counts["liaison"] += 1
        rows[v] = [counts[r] for r in ROLES]
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(ROLES)).rename_axis("id")


def broker_scores(
    net: ActorNet,
    groups: Mapping[int, object],
    *,
    candidates: int = 300,
    seed: int = 7,
    exact_limit: int = EXACT_LIMIT,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> tuple[pd.DataFrame, str]:
    """Betweenness, constraint, effective size, roles and the combined broker ``score``,
    best first: betweenness (scaled to its maximum) times 0.4 + 0.6 × the share of the actor's
    brokered two-paths that cross between groups.

    Only the ``candidates`` actors with the highest betweenness are scored, and their
    Gould–Fernandez roles count the two-paths between two of them (Gould & Fernandez 1989 on
    the undirected ties), so that a recruiter whose migrants fall in other communities
    does not pass for a broker between organisations."""
    check(cancel)
    report(progress, 0.0, "betweenness")
    values, how = betweenness(net, seed=seed, exact_limit=exact_limit)
    check(cancel)
    report(progress, 0.6, "structural holes")
    frame = pd.DataFrame({"betweenness": values}, index=pd.Index(net.ids, name="id"))
    top = np.argsort(-values, kind="stable")[:candidates].tolist()
    frame = frame.iloc[top] if len(top) else frame
    holes = structural_holes(net, top)
    ids = [net.ids[v] for v in top]
    # Who called whom says little about which way money or migrants pass, so two-paths are
    # read both ways; and they are counted between the central go-betweens only, so an actor
    # is judged by whom it connects among them, not by a crowd of migrants or strangers.
    both = pd.concat([net.edges[["src", "dst"]], net.edges[["dst", "src"]].set_axis(["src", "dst"], axis=1)])
    check(cancel)
    report(progress, 0.8, "brokerage roles")
    roles = brokerage_roles(both, groups, ids, among=ids)
    check(cancel)
    frame = frame.join(holes).join(roles).fillna(0)
    across = (
        frame[["itinerant", "representative", "gatekeeper", "liaison"]].sum(axis=1)
        if len(frame)
        else pd.Series(dtype=float)
    )
    frame["cross_group"] = across

    def scaled(s):
        return s / s.max() if len(s) and s.max() > 0 else s * 0

    paths = frame[list(ROLES)].sum(axis=1).astype(float)
    share = (across / paths.where(paths > 0)).fillna(0.0)
    # Betweenness says how much passes through an actor; the share of it that crosses
    # between groups says whether the actor is a broker rather than a leader of one group.
    frame["cross_share"] = share
    frame["score"] = scaled(frame["betweenness"]) * (0.4 + 0.6 * share)
    frame["main_role"] = [
        max(ROLES, key=lambda r: row[r]) if row[list(ROLES)].sum() else "" for _, row in frame.iterrows()
    ]
    report(progress, 1.0, "brokers scored")
    return ranked(frame, "score"), how
