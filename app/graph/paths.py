"""Paths between two people: the distinct chains of contact that join them, each hop with the
links behind it.

Paths run on the person-level network the analyses use (a phone or account is folded into the
person who uses it), so ``--layers phone,money,interview`` never cuts a person off from their
own phones.  Places and migrants are not stepping stones unless asked for (``through``): a
hundred migrants who passed through Dakar do not join every smuggler who met one of them.
Paths that differ only in an interchangeable intermediary (another unnamed phone, another
migrant) are one route, shown once.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import networkx as nx
import numpy as np
import pandas as pd

from app.graph.networks import ACTOR_LINK_TYPES, TYPE_WEIGHT, GraphFilter
from app.graph.store import CaseStore
from app.phones import PhoneNormaliser
from app.progress import CancelToken, ProgressFn, check, report

#: What ``through`` may add as stepping stones.
THROUGH = ("places", "migrants")

#: Link types that reach places, added when paths may pass through them.
_PLACE_LINK_TYPES = ("travelled", "located_at")

#: Entity types that stand for an actor on a path (the rest are only passed through on request).
_ACTOR_TYPES = ("person", "phone", "account", "organisation", "handset", "unknown")

#: A name's best match wins outright when it has at least this many times the evidence of the
#: next one (a resolved person against a stray record); below that the name is ambiguous.
_CLEAR_LEAD = 3


class AmbiguousName(LookupError):
    """A name that several entities answer to, none with clearly the most evidence."""

    def __init__(self, text: str, candidates: list[dict]) -> None:
        self.text, self.candidates = text, candidates
        listed = "; ".join(
            f"{c['label']} (#{c['id']}, {c['type']}, {c['evidence']} records)" for c in candidates
        )
        super().__init__(f"{text!r} is ambiguous, {len(candidates)} candidates: {listed}; give the id")


def find_entity(case: CaseStore, text: str) -> int:
    """An entity by id, phone number (any written form) or name; raises LookupError.

    A name matches an entity's label, name or alias exactly (ignoring case).  A person comes
    before a phone that merely carries the name as a contact name (a seized phone saves
    "Jamal"'s number under "Jamal", but the analyst asking for Jamal means the man).  Among
    several persons of that name, the one with the most evidence (links of the person, of
    the records merged into it and of the phones and accounts it uses) wins when it has at
    least three times the next one's; otherwise :class:`AmbiguousName` lists the candidates.
    Failing an exact match, a unique entity whose name or number contains the text.
    """
    text = str(text).strip()
    if text.isdigit() and len(text) < 9:
        try:
            return case.canonical(int(text))
        except KeyError:
            pass
    number = PhoneNormaliser(case.region).normalise(text)
    if number:
        found = case.entity_by_identifier("phone", number[0])
        if found is not None:
            return found
    named = _named(case, text)
    if named is not None:
        return named
    matches = case.search_entities(text, limit=6)
    if len(matches) == 1:
        return int(matches[0]["canonical"])
    if not matches:
        raise LookupError(f"no entity matches {text!r}")
    ids = list(dict.fromkeys(int(m["canonical"]) for m in matches))
    if len(ids) == 1:
        return ids[0]
    raise AmbiguousName(text, _candidates(case, ids))


def _named(case: CaseStore, text: str) -> int | None:
    """The entity whose label, name or alias is exactly ``text``, or None (see find_entity)."""
    rows = case._query(
        "SELECT e.canonical, c.type FROM entities e JOIN entities c ON c.id = e.canonical "
        "LEFT JOIN identifiers i ON i.entity_id = e.id "
        "WHERE lower(e.label) = lower(?1) OR (i.kind IN ('name', 'alias') AND lower(i.value) = lower(?1))",
        (text,),
    )
    kinds: dict[int, str] = {int(c): str(t) for c, t in rows}
    if not kinds:
        return None
    persons = [e for e, t in kinds.items() if t == "person"]
    pool = persons or list(kinds)
    if len(pool) == 1:
        return pool[0]
    ranked = _candidates(case, pool)
    if ranked[0]["evidence"] >= _CLEAR_LEAD * max(ranked[1]["evidence"], 1):
        return int(ranked[0]["id"])
    raise AmbiguousName(text, ranked)


def _candidates(case: CaseStore, entities: list[int]) -> list[dict]:
    """Each entity with its label, type and evidence (links of it and of what it uses), most first."""
    evidence = _evidence_counts(case, entities)
    out = []
    for e in entities:
        d = case.entity(e)
        out.append(
            {
                "id": str(e),
                "label": d.get("label") or f"#{e}",
                "type": d.get("type", ""),
                "evidence": evidence.get(e, 0),
            }
        )
    return sorted(out, key=lambda c: (-c["evidence"], int(c["id"])))


def _evidence_counts(case: CaseStore, entities: list[int]) -> dict[int, int]:
    """Calls, messages, payments and mentions of each entity, of the records merged into it
    and of the phones and accounts it uses (``uses`` links themselves not counted)."""
    actors = case.actor_frame()
    mine = actors[actors["actor"].isin(entities)]
    owner = dict(zip(mine["entity"].astype(int), mine["actor"].astype(int), strict=True))
    owner.update({e: e for e in entities})
    marks = ",".join("?" * len(owner))
    rows = case._query(
        f"SELECT e.canonical, SUM(max(l.n, 1)) FROM ("
        f" SELECT src AS member, count AS n FROM links WHERE type != 'uses'"
        f" UNION ALL SELECT dst, count FROM links WHERE type != 'uses') l "
        f"JOIN entities e ON e.id = l.member WHERE e.canonical IN ({marks}) GROUP BY e.canonical",
        tuple(owner),
    )
    out: dict[int, int] = {}
    for entity, n in rows:
        out[owner[int(entity)]] = out.get(owner[int(entity)], 0) + int(n)
    return out


# ------------------------------------------------------------------ the person network


def _hop_frame(case: CaseStore, flt: GraphFilter, through: tuple[str, ...]) -> pd.DataFrame:
    """The links paths may use, each end mapped to its actor: link_id, type, a, b (a < b),
    count, first_seen, last_seen, weight."""
    types = flt.link_types(ACTOR_LINK_TYPES)
    if "places" in through:
        types += [t for t in flt.link_types(_PLACE_LINK_TYPES) if t not in types] or list(_PLACE_LINK_TYPES)
    links = case.link_frame(link_types=types, start=flt.start, end=flt.end, min_grading=flt.min_grading)
    if links.empty or not types:  # no kind of link ticked joins two actors: nothing to follow
        return links.iloc[0:0].assign(a=[], b=[], weight=[])
    actor = case.actor_frame().set_index("entity")["actor"]
    src = links["src"].map(actor).fillna(links["src"]).astype("int64")
    dst = links["dst"].map(actor).fillna(links["dst"]).astype("int64")
    links["a"], links["b"] = np.minimum(src, dst), np.maximum(src, dst)
    links = links[links["a"] != links["b"]].copy()
    counts = links["count"].fillna(1).clip(lower=1).astype(float)
    links["weight"] = links["type"].map(TYPE_WEIGHT).fillna(1.0) * (1.0 + np.log(counts))
    return links


def _kinds(case: CaseStore) -> dict[int, tuple[str, str, bool]]:
    """entity -> (type, role, named) for every canonical entity."""
    out = {}
    for r in case.node_frame().itertuples(index=False):
        attrs = json.loads(r.attrs) if r.attrs else {}
        named = bool(isinstance(r.label, str) and r.label.strip()) and r.type == "person"
        out[int(r.id)] = (str(r.type), str(attrs.get("role", "")), named)
    return out


def _stepping_stone(kind: tuple[str, str, bool], through: tuple[str, ...]) -> bool:
    """May a path pass through an entity of this kind?"""
    etype, role, _named = kind
    if etype == "location":
        return "places" in through
    if role in ("migrant", "relative") or etype == "interview":
        return "migrants" in through
    return etype in _ACTOR_TYPES


def _interchangeable(node: int, kind: tuple[str, str, bool]) -> object:
    """What a path's intermediary is compared by: a named person or a place by itself, an
    unnamed phone or account, a migrant or an interview by its kind only."""
    etype, role, named = kind
    if etype == "location" or (named and role not in ("migrant", "relative")):
        return node
    return (etype, role)


def person_paths(
    case: CaseStore,
    src: int,
    dst: int,
    *,
    max_length: int = 6,
    flt: GraphFilter | None = None,
    link_types: tuple[str, ...] = (),
    through: tuple[str, ...] = (),
    limit: int = 10,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> dict:
    """The distinct shortest routes between the people ``src`` and ``dst`` stand for.

    Returns ``{"from", "to", "paths": [{"length", "hops", "actors", "nodes"}], "max_length",
    "through"}`` where each hop has ``from``, ``from_id``, ``to``, ``to_id``, ``type`` (the
    strongest kind of link), ``types`` (count per kind), ``count``, ``first``, ``last`` and
    ``grading`` (the best grading of the sources behind it); ``variants`` counts the shortest
    paths the route stands for (the same route through another migrant or unnamed phone).
    ``flt`` is the analysis filter; ``link_types``, when given, replaces its layers;
    ``through`` may hold ``places`` and ``migrants``.  Routes are shortest first, then by
    the strength of their weakest tie.
    """
    unknown = set(through) - set(THROUGH)
    if unknown:
        raise ValueError(f"unknown --through {', '.join(sorted(unknown))}: use {', '.join(THROUGH)}")
    flt = flt or GraphFilter()
    if link_types:
        flt = replace(flt, layers=tuple(link_types))
    report(progress, 0.0, "building the person network")
    actor = case.actor_frame().set_index("entity")["actor"]
    a, b = int(actor.get(src, src)), int(actor.get(dst, dst))
    hops = _hop_frame(case, flt, tuple(through))
    check(cancel)
    kinds = _kinds(case)
    pairs = hops.groupby(["a", "b"], sort=False)["weight"].sum() if len(hops) else pd.Series(dtype=float)
    g = nx.Graph()
    g.add_nodes_from((a, b))
    allowed = {n for n, k in kinds.items() if _stepping_stone(k, tuple(through))} | {a, b}
    for (u, v), w in pairs.items():
        if u in allowed and v in allowed:
            g.add_edge(int(u), int(v), weight=float(w), cost=1.0 / float(w))
    report(progress, 0.5, "finding routes")
    found = _distinct_routes(g, a, b, kinds, max_length=max_length, limit=limit, cancel=cancel)
    routes = [r for r, _n in found]
    names = _names(case, {n for r in routes for n in r} | {a, b})
    details = _hop_details(case, hops, routes, names)
    paths = [
        {
            "length": len(r) - 1,
            "hops": details_for,
            "actors": [str(n) for n in r],
            "variants": n_variants,
            "nodes": [
                {
                    "id": str(n),
                    "label": names[n],
                    "name": names[n],
                    "actor": n,
                    "type": kinds.get(n, ("unknown", "", False))[0],
                }
                for n in r
            ],
        }
        for (r, n_variants), details_for in zip(found, details, strict=True)
    ]
    report(progress, 1.0, f"{len(paths)} route(s)")

    def end(n: int) -> dict:
        kind = kinds.get(n, ("unknown", "", False))[0]
        return {"id": str(n), "label": names[n], "name": names[n], "type": kind, "actor": n}

    return {"from": end(a), "to": end(b), "paths": paths, "max_length": max_length, "through": list(through)}


def _distinct_routes(
    g: nx.Graph,
    a: int,
    b: int,
    kinds: dict,
    *,
    max_length: int,
    limit: int,
    cancel: CancelToken | None = None,
    scan: int = 20000,
) -> list[tuple[list[int], int]]:
    """Shortest paths, one per route, with how many variants it stands for: variants through
    interchangeable intermediaries (another migrant, another unnamed phone) are folded into
    the route, its strongest variant (the strongest weakest tie) shown."""
    if a == b or a not in g or b not in g:
        return []
    try:
        length = nx.shortest_path_length(g, a, b)
    except nx.NetworkXNoPath:
        return []
    if length > max_length:
        return []
    best: dict[tuple, tuple[float, list[int]]] = {}
    variants: dict[tuple, int] = {}
    for k, path in enumerate(itertools.islice(nx.all_shortest_paths(g, a, b), scan)):
        if k % 2000 == 0:
            check(cancel)
        key = tuple(_interchangeable(n, kinds.get(n, ("unknown", "", False))) for n in path[1:-1])
        strength = min(g[u][v]["weight"] for u, v in itertools.pairwise(path))
        variants[key] = variants.get(key, 0) + 1
        if key not in best or strength > best[key][0]:
            best[key] = (strength, path)
    ranked = sorted(best, key=lambda key: (-best[key][0], best[key][1]))[:limit]
    return [(best[key][1], variants[key]) for key in ranked]


def _names(case: CaseStore, nodes: set[int]) -> dict[int, str]:
    out = {}
    for n in nodes:
        try:
            label = case.entity(n).get("label")
        except KeyError:
            label = None
        out[n] = label if label else f"#{n}"
    return out


def _hop_details(
    case: CaseStore, hops: pd.DataFrame, routes: list[list[int]], names: dict[int, str]
) -> list[list[dict]]:
    """Each route's hops with the links behind them (kinds, count, dates, best grading)."""
    wanted = {(min(u, v), max(u, v)) for r in routes for u, v in itertools.pairwise(r)}
    if not wanted:
        return [[] for _ in routes]
    keys = pd.MultiIndex.from_frame(hops[["a", "b"]])
    chosen = hops[keys.isin(list(wanted))]
    grades = _link_gradings(case, chosen["link_id"].astype(int).tolist())
    by_pair = {pair: frame for pair, frame in chosen.groupby(["a", "b"])}
    out = []
    for r in routes:
        steps = []
        for u, v in itertools.pairwise(r):
            frame = by_pair[(min(u, v), max(u, v))]
            per_type = frame.groupby("type")["count"].sum().fillna(0).astype(int)
            strength = frame.groupby("type")["weight"].sum()
            graded = sorted(g for g in (grades.get(int(i)) for i in frame["link_id"]) if g)
            steps.append(
                {
                    "from": names[u],
                    "from_id": str(u),
                    "to": names[v],
                    "to_id": str(v),
                    "type": str(strength.idxmax()),
                    "types": {str(t): int(n) for t, n in per_type.items()},
                    "count": int(per_type.sum()),
                    "first": _date(frame["first_seen"].dropna().min()),
                    "last": _date(frame["last_seen"].dropna().max()),
                    "grading": graded[0] if graded else "",
                }
            )
        out.append(steps)
    return out


def _date(value) -> str | None:
    """A date as text, None for a link without one (a saved contact)."""
    return None if value is None or pd.isna(value) else str(value)


def _link_gradings(case: CaseStore, link_ids: list[int]) -> dict[int, str]:
    """The best grading (reliability, then credibility, of one source) behind each link."""
    if not link_ids:
        return {}
    marks = ",".join("?" * len(link_ids))
    rows = case._query(
        f"SELECT v.item_id, MIN(s.reliability || s.credibility) FROM ("
        f" SELECT item_id, source_id FROM evidence WHERE item = 'link' AND item_id IN ({marks})"
        f" UNION SELECT DISTINCT link_id, source_id FROM events WHERE link_id IN ({marks})) v "
        f"JOIN sources s ON s.id = v.source_id GROUP BY v.item_id",
        tuple(link_ids) * 2,
    )
    return {int(i): str(g) for i, g in rows}


def actor_paths(
    case: CaseStore,
    src: int,
    dst: int,
    *,
    max_length: int = 6,
    link_types: tuple[str, ...] = (),
    flt: GraphFilter | None = None,
    through: tuple[str, ...] = (),
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> dict:
    """What the Paths page shows: :func:`person_paths` (each path's ``actors`` are the ids
    the chart marks)."""
    report_ = person_paths(
        case,
        src,
        dst,
        max_length=max_length,
        flt=flt,
        link_types=link_types,
        through=through,
        progress=progress,
        cancel=cancel,
    )
    for path in report_["paths"]:
        path["actors"] = [int(n) for n in path["actors"]]
    return report_


def path_json(report_: dict) -> dict:
    """The ``ariadne path --json`` document (docs/interfaces.md): both ends and each path's hops."""
    keys = ("from", "from_id", "to", "to_id", "type", "count", "first", "last", "grading", "types")
    return {
        "from": {k: report_["from"][k] for k in ("id", "label", "type")},
        "to": {k: report_["to"][k] for k in ("id", "label", "type")},
        "through": report_["through"],
        "paths": [
            {
                "length": p["length"],
                "variants": p["variants"],
                "hops": [{k: h[k] for k in keys} for h in p["hops"]],
            }
            for p in report_["paths"]
        ],
    }


def format_path(path: dict) -> str:
    """One route as text: each hop with its kind of link, count, dates and grading."""
    lines = [f"{path['hops'][0]['from']}" if path["hops"] else ""]
    for h in path["hops"]:
        when = f"{(h['first'] or '')[:10]} – {(h['last'] or '')[:10]}" if h["first"] else "undated"
        lines.append(f"  → {h['to']}  [{h['type']} ×{h['count']}, {when}, {h['grading'] or 'ungraded'}]")
    return "\n".join(lines)
