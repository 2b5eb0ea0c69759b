"""Money: the case's total, flows aggregated between actors, communities and countries, and the
chains that carry migrants' and relatives' money on to the organisers.

One definition of the total, used by ``analyze``, the Money panel and the briefing alike
(:func:`money_summary`): the money that *entered* the network, in the case currency after
conversion.  Each actor's payments minus what they received, summed over those who paid out
more than they received: a collector who passes 800 of 1,000 on to an organiser adds nothing
to it, so forwarded amounts are not counted twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from app.graph.networks import GraphFilter
from app.graph.store import CaseStore

MONEY_TYPES = ("transferred", "paid")

_EDGE_COLUMNS = ["src", "dst", "amount", "count", "first", "last"]


def money_edges(case: CaseStore, flt: GraphFilter | None = None) -> pd.DataFrame:
    """Directed actor → actor money: src, dst, amount (case currency), count, first, last."""
    flt = flt or GraphFilter()
    links = case.link_frame(
        link_types=list(MONEY_TYPES), start=flt.start, end=flt.end, min_grading=flt.min_grading
    )
    if links.empty:
        return pd.DataFrame(columns=_EDGE_COLUMNS)
    actor = case.actor_frame().set_index("entity")["actor"]
    links["src"] = links["src"].map(actor).fillna(links["src"]).astype("int64")
    links["dst"] = links["dst"].map(actor).fillna(links["dst"]).astype("int64")
    links = links[links["src"] != links["dst"]]
    return (
        links.groupby(["src", "dst"], sort=True)
        .agg(
            amount=("amount", "sum"),
            count=("count", "sum"),
            first=("first_seen", "min"),
            last=("last_seen", "max"),
        )
        .reset_index()[_EDGE_COLUMNS]
    )


def money_total(edges: pd.DataFrame) -> float:
    """The money that entered the network (see the module's docstring).

    >>> edges = pd.DataFrame({"src": [1, 2, 3], "dst": [2, 3, 9], "amount": [1000.0, 800.0, 50.0]})
    >>> money_total(edges)  # 1 paid 1,000; 2 passed 800 of it on, 3 passed 50 on
    1000.0
    """
    if edges.empty:
        return 0.0
    amounts = edges["amount"].fillna(0).astype(float)
    paid = amounts.groupby(edges["src"]).sum()
    received = amounts.groupby(edges["dst"]).sum()
    net = paid.sub(received, fill_value=0.0)
    return round(float(net[net > 0].sum()), 2)


def flows(
    edges: pd.DataFrame, groups: Mapping[int, object] | None, labels: dict[int, str], *, top: int | None = 30
) -> list[dict]:
    """Flows between actors (the ``top`` largest), or every flow between and within groups when
    ``groups`` is given (an actor outside every group is in "unknown"), so that the groups'
    flows add up to all the money recorded; largest first."""
    if edges.empty:
        return []
    frame = edges.copy()
    if groups is not None:
        frame["src"] = frame["src"].map(lambda x: groups.get(int(x), "unknown"))
        frame["dst"] = frame["dst"].map(lambda x: groups.get(int(x), "unknown"))

    def name(x: object) -> str:
        return str(x) if groups is not None else labels.get(int(x), str(x))  # type: ignore[call-overload]

    agg = (
        frame.groupby(["src", "dst"])
        .agg(amount=("amount", "sum"), count=("count", "sum"), first=("first", "min"), last=("last", "max"))
        .reset_index()
    )
    agg = agg.sort_values(["amount", "src", "dst"], ascending=[False, True, True])
    if top is not None:
        agg = agg.head(top)
    return [
        {
            "from": name(r.src),
            "to": name(r.dst),
            "from_id": str(r.src),
            "to_id": str(r.dst),
            "amount": round(float(r.amount or 0), 2),
            "count": int(r.count),
            "first": None if pd.isna(r.first) else str(r.first),
            "last": None if pd.isna(r.last) else str(r.last),
        }
        for r in agg.itertuples(index=False)
    ]


def chains(
    edges: pd.DataFrame,
    organisers: list[int],
    labels: dict[int, str],
    *,
    max_hops: int = 4,
    top: int = 15,
) -> list[dict]:
    """Money chains payer → collector → … → receiver, traced back from where money stops.

    Chains end at the ``organisers`` first (the likeliest ones, from the hub ranking) and then
    at the actors who received most and passed nothing on, so that a case whose organisers
    are paid through collectors and one where they are paid directly both show where money
    went.  Each chain has ``amount`` (the smallest step: what can have passed all the way),
    ``steps`` (``from``, ``from_id``, ``to``, ``to_id``, ``amount``, ``count``, ``first``,
    ``last``), ``path`` and ``ids`` (its actors in order) and ``organiser`` (whether it ends at
    one of ``organisers``).
    """
    if edges.empty:
        return []
    incoming: dict[int, list[Any]] = {}  # rows of itertuples, named by column
    for r in edges.itertuples(index=False):
        incoming.setdefault(int(r.dst), []).append(r)
    sent = set(edges["src"].astype(int))
    received = edges.groupby("dst")["amount"].sum().sort_values(ascending=False)
    sinks = [int(d) for d in received.index if int(d) not in sent]
    targets = list(dict.fromkeys([o for o in organisers if o in incoming] + sinks))
    found: list[tuple[float, list]] = []

    def walk(steps: list, amount: float, seen: set[int]) -> None:
        head = int(steps[0].src)
        sources = [r for r in incoming.get(head, []) if int(r.src) not in seen]
        if not sources or len(steps) >= max_hops:
            found.append((amount, steps))
            return
        for r in sorted(sources, key=lambda r: -float(r.amount or 0))[:4]:
            walk([r, *steps], min(amount, float(r.amount or 0)), seen | {int(r.src)})

    for t in targets:
        for r in sorted(incoming[t], key=lambda r: -float(r.amount or 0))[:4]:
            walk([r], float(r.amount or 0), {t, int(r.src)})
        if len(found) >= top * 4:
            break
    chosen = set(organisers)
    found.sort(key=lambda t: (-(int(t[1][-1].dst) in chosen), -len(t[1]), -t[0]))
    return [_chain(a, steps, labels, chosen) for a, steps in found[:top]]


def _chain(amount: float, steps: list, labels: dict[int, str], organisers: set[int]) -> dict:
    ids = [int(steps[0].src), *(int(s.dst) for s in steps)]
    return {
        "amount": round(amount, 2),
        "organiser": ids[-1] in organisers,
        "path": [labels.get(n, str(n)) for n in ids],
        "ids": [str(n) for n in ids],
        "steps": [
            {
                "from": labels.get(int(s.src), str(s.src)),
                "from_id": str(s.src),
                "to": labels.get(int(s.dst), str(s.dst)),
                "to_id": str(s.dst),
                "amount": round(float(s.amount or 0), 2),
                "count": int(s.count),
                "first": None if pd.isna(s.first) else str(s.first),
                "last": None if pd.isna(s.last) else str(s.last),
            }
            for s in steps
        ],
    }


def countries(case: CaseStore) -> dict[int, str]:
    """Each actor's country where the case knows it (transfer logs, interviews): the actor's
    own, else that of a phone or account it uses."""
    own: dict[int, str] = {}
    for r in case.node_frame().itertuples(index=False):
        attrs = json.loads(r.attrs) if r.attrs else {}
        country = attrs.get("country") or attrs.get("nationality")
        if country:
            own[int(r.id)] = str(country)
    out = dict(own)
    for r in case.actor_frame().itertuples(index=False):
        entity, actor = int(r.entity), int(r.actor)
        if actor not in out and entity in own:
            out[actor] = own[entity]
    return out


def money_summary(
    case: CaseStore,
    membership: dict[int, int],
    labels: dict[int, str],
    organisers: list[int],
    flt: GraphFilter | None = None,
) -> dict:
    """The ``money`` of ``analyze --json``: ``total`` (see :func:`money_total`), ``currency``,
    ``flows`` between actors, ``by_community`` and ``by_country`` (every flow between groups),
    and ``chains``; what the Money panel and the briefing show."""
    edges = money_edges(case, flt)
    return {
        "total": money_total(edges),
        "currency": case.currency,
        "recorded": round(float(edges["amount"].fillna(0).sum()), 2) if len(edges) else 0.0,
        "transfers": int(edges["count"].sum()) if len(edges) else 0,
        "flows": flows(edges, None, labels),
        "by_community": flows(edges, {k: f"community {v}" for k, v in membership.items()}, labels, top=None),
        "by_country": flows(edges, countries(case), labels, top=None),
        "chains": chains(edges, organisers, labels),
    }
