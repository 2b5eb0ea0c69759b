"""Money: flows aggregated between actors, communities and countries, and the multi-hop
chains that carry migrants' relatives' money to the organisers."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from app.graph.networks import GraphFilter
from app.graph.store import CaseStore

MONEY_TYPES = ("transferred", "paid")


def money_edges(case: CaseStore, flt: GraphFilter | None = None) -> pd.DataFrame:
    """Directed actor → actor money: src, dst, amount (case currency), count."""
    flt = flt or GraphFilter()
    links = case.link_frame(
        link_types=list(MONEY_TYPES), start=flt.start, end=flt.end, min_grading=flt.min_grading
    )
    if links.empty:
        return pd.DataFrame(columns=["src", "dst", "amount", "count"])
    actor = case.actor_frame().set_index("entity")["actor"]
    links["src"] = links["src"].map(actor).fillna(links["src"]).astype("int64")
    links["dst"] = links["dst"].map(actor).fillna(links["dst"]).astype("int64")
    links = links[links["src"] != links["dst"]]
    return (
        links.groupby(["src", "dst"], sort=True)
        .agg(amount=("amount", "sum"), count=("count", "sum"))
        .reset_index()
    )


def flows(
    edges: pd.DataFrame, groups: Mapping[int, object] | None, labels: dict[int, str], *, top: int = 30
) -> list[dict]:
    """Largest flows between actors, or between groups when ``groups`` is given."""
    if edges.empty:
        return []
    frame = edges.copy()
    if groups is not None:
        frame["src"] = frame["src"].map(lambda x: groups.get(int(x), "unknown"))
        frame["dst"] = frame["dst"].map(lambda x: groups.get(int(x), "unknown"))
        frame = frame[frame["src"] != frame["dst"]]

    def name(x: object) -> str:
        return str(x) if groups is not None else labels.get(int(x), str(x))  # type: ignore[call-overload]

    agg = frame.groupby(["src", "dst"]).agg(amount=("amount", "sum"), count=("count", "sum")).reset_index()
    agg = agg.sort_values("amount", ascending=False).head(top)
    return [
        {
            "from": name(r.src),
            "to": name(r.dst),
            "from_id": str(r.src),
            "to_id": str(r.dst),
            "amount": round(float(r.amount or 0), 2),
            "count": int(r.count),
        }
        for r in agg.itertuples(index=False)
    ]


def chains(
    edges: pd.DataFrame, targets: list[int], labels: dict[int, str], *, max_hops: int = 4, top: int = 15
) -> list[dict]:
    """Money chains ending at ``targets`` (the organisers), traced back up to ``max_hops``:
    each chain's amount is the smallest flow along it (what can have passed through)."""
    incoming: dict[int, list[tuple[int, float]]] = {}
    for s, d, a in zip(edges["src"], edges["dst"], edges["amount"].fillna(0), strict=True):
        incoming.setdefault(int(d), []).append((int(s), float(a)))
    found = []

    def walk(path: list[int], amount: float) -> None:
        head = path[0]
        sources = incoming.get(head, [])
        if len(path) > 2 and (not sources or len(path) > max_hops):
            found.append((amount, list(path)))
        if len(path) > max_hops:
            return
        for src, a in sorted(sources, key=lambda t: -t[1])[:8]:
            if src not in path:
                walk([src, *path], min(amount, a))

    for t in targets:
        walk([t], float("inf"))
    found.sort(key=lambda t: -t[0])
    return [
        {"amount": round(a, 2), "path": [labels.get(n, str(n)) for n in p], "ids": [str(n) for n in p]}
        for a, p in found[:top]
    ]


def countries(case: CaseStore) -> dict[int, str]:
    """Each actor's country where the case knows it (transfer logs, interviews)."""
    out = {}
    for r in case.node_frame().itertuples(index=False):
        attrs = json.loads(r.attrs) if r.attrs else {}
        country = attrs.get("country") or attrs.get("nationality")
        if country:
            out[int(r.id)] = str(country)
    return out
