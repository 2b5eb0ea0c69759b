"""Paths between two entities: the shortest ones, and every path up to a length, through
chosen link types."""

from __future__ import annotations

import itertools
from dataclasses import replace

import networkx as nx

from app.graph.networks import GraphFilter, entity_graph
from app.graph.store import CaseStore
from app.phones import PhoneNormaliser


def find_entity(case: CaseStore, text: str) -> int:
    """An entity by id, phone number (any written form) or name; raises LookupError.

    A name matches an entity's label, name or alias exactly (ignoring case), and a person
    whose own name it is comes before a phone that merely carries it as a contact name: a
    seized phone saves "Jamal"'s number under "Jamal", but the analyst asking for Jamal means
    the man.  Failing an exact match, a unique entity whose name or number contains the text.
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
    matches = case.search_entities(text, limit=5)
    if len(matches) == 1:
        return int(matches[0]["canonical"])
    if not matches:
        raise LookupError(f"no entity matches {text!r}")
    names = ", ".join(f"{m['label']} (#{m['canonical']})" for m in matches[:5])
    raise LookupError(f"{text!r} matches several entities: {names}; give the id")


def _named(case: CaseStore, text: str) -> int | None:
    """The entity whose label, name or alias is exactly ``text``, or None.

    Best first: a person before anything else; then the entity shown under that name, then one
    a record names so, then one known by it as an alias; then the one with the most links (the
    actor most of the material is about), then the lowest id.
    """
    rows = case.query(
        "SELECT e.canonical, c.type, "
        "CASE WHEN lower(c.label) = lower(?1) THEN 0 "
        "WHEN lower(e.label) = lower(?1) OR (i.kind = 'name' AND lower(i.value) = lower(?1)) THEN 1 "
        "ELSE 2 END "
        "FROM entities e JOIN entities c ON c.id = e.canonical "
        "LEFT JOIN identifiers i ON i.entity_id = e.id "
        "WHERE lower(e.label) = lower(?1) OR (i.kind IN ('name', 'alias') AND lower(i.value) = lower(?1))",
        (text,),
    )
    rank: dict[int, tuple[int, int]] = {}
    for canonical, kind, level in rows:
        score = (0 if kind == "person" else 1, int(level))
        rank[int(canonical)] = min(rank.get(int(canonical), score), score)
    if not rank:
        return None
    best = min(rank.values())
    top = [e for e, r in rank.items() if r == best]
    links = _link_counts(case, top)
    return min(top, key=lambda e: (-links.get(e, 0), e))


def _link_counts(case: CaseStore, entities: list[int]) -> dict[int, int]:
    marks = ",".join("?" * len(entities))
    rows = case.query(
        f"SELECT e.canonical, count(*) FROM links l JOIN entities e ON e.id IN (l.src, l.dst) "
        f"WHERE e.canonical IN ({marks}) GROUP BY e.canonical",
        tuple(entities),
    )
    return {int(e): int(n) for e, n in rows}


def shortest_paths(
    graph: nx.Graph, src: int, dst: int, *, max_length: int = 4, limit: int = 10
) -> list[list[int]]:
    """Every shortest path (at most ``limit``), or none if longer than ``max_length`` links.

    >>> shortest_paths(nx.path_graph(4), 0, 3)
    [[0, 1, 2, 3]]
    """
    try:
        paths = list(itertools.islice(nx.all_shortest_paths(graph, src, dst), limit))
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return []
    return [p for p in paths if len(p) - 1 <= max_length]


def paths_up_to(
    graph: nx.Graph, src: int, dst: int, *, max_length: int = 3, limit: int = 50
) -> list[list[int]]:
    """All simple paths of at most ``max_length`` links (at most ``limit``), shortest first."""
    try:
        found = list(itertools.islice(nx.all_simple_paths(graph, src, dst, cutoff=max_length), limit))
    except nx.NodeNotFound:
        return []
    return sorted(found, key=len)


def paths_report(
    case: CaseStore,
    src: int,
    dst: int,
    *,
    max_length: int = 4,
    link_types: tuple[str, ...] = (),
    flt: GraphFilter | None = None,
) -> dict:
    """The ``ariadne path`` JSON: both ends and the shortest paths with their nodes.

    ``flt`` is the analysis filter (time window, minimum grading, layers); ``link_types``,
    when given, replaces its layers.
    """
    flt = flt or GraphFilter()
    if link_types:
        flt = replace(flt, layers=tuple(link_types))
    g = nx.Graph(entity_graph(case, flt))

    def node(n: int) -> dict:
        d = g.nodes[n] if n in g else case.entity(n)
        return {"id": str(n), "label": d.get("label", str(n)), "type": d.get("type", "")}

    paths = shortest_paths(g, src, dst, max_length=max_length)
    return {
        "from": node(src),
        "to": node(dst),
        "paths": [{"nodes": [node(n) for n in p], "length": len(p) - 1} for p in paths],
    }


def actor_paths(
    case: CaseStore,
    src: int,
    dst: int,
    *,
    max_length: int = 4,
    link_types: tuple[str, ...] = (),
    flt: GraphFilter | None = None,
) -> dict:
    """:func:`paths_report` with each step named as the link chart names it (a phone by the
    person who uses it, ``Jamal (+218…)``) and with ``actor``, the actor id it stands for; each
    path lists its ``actors`` in order, once each, so that the chart can mark them."""
    report = paths_report(case, src, dst, max_length=max_length, link_types=link_types, flt=flt)
    actor = case.actor_frame().set_index("entity")["actor"].astype(int).to_dict()
    labels: dict[int, str] = {}
    for step in (report["from"], report["to"], *(n for p in report["paths"] for n in p["nodes"])):
        _name_step(case, step, actor, labels)
    for path in report["paths"]:
        path["actors"] = list(dict.fromkeys(n["actor"] for n in path["nodes"] if n["actor"] is not None))
    report["max_length"] = max_length
    return report


def _name_step(case: CaseStore, step: dict, actor: dict[int, int], labels: dict[int, str]) -> None:
    entity = int(step["id"])
    own = step["label"] or f"#{entity}"
    owner = actor.get(entity)
    step["actor"] = owner
    if owner is None or owner == entity:
        step["name"] = own
        return
    if owner not in labels:
        labels[owner] = case.entity(owner)["label"]
    step["name"] = f"{labels[owner]} ({own})" if labels[owner] and labels[owner] != own else own
