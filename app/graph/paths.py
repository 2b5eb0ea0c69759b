"""Paths between two entities: the shortest ones, and every path up to a length, through
chosen link types."""

from __future__ import annotations

import itertools

import networkx as nx

from app.graph.networks import GraphFilter, entity_graph
from app.graph.store import CaseStore
from app.importers.phones import PhoneNormaliser


def find_entity(case: CaseStore, text: str) -> int:
    """An entity by id, phone number (any written form) or name; raises LookupError."""
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
    exact = case.query(
        "SELECT DISTINCT e.canonical FROM entities e LEFT JOIN identifiers i ON i.entity_id = e.id "
        "WHERE lower(e.label) = lower(?) OR (i.kind IN ('name', 'alias') AND lower(i.value) = lower(?)) "
        "LIMIT 2",
        (text, text),
    )
    if len(exact) == 1:
        return int(exact[0][0])
    matches = case.search_entities(text, limit=5)
    if len(matches) == 1 or (matches and exact):
        return int(matches[0]["canonical"])
    if not matches:
        raise LookupError(f"no entity matches {text!r}")
    names = ", ".join(f"{m['label']} (#{m['canonical']})" for m in matches[:5])
    raise LookupError(f"{text!r} matches several entities: {names}; give the id")


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
    case: CaseStore, src: int, dst: int, *, max_length: int = 4, link_types: tuple[str, ...] = ()
) -> dict:
    """The ``ariadne path`` JSON: both ends and the shortest paths with their nodes."""
    g = nx.Graph(entity_graph(case, GraphFilter(layers=link_types)))

    def node(n: int) -> dict:
        d = g.nodes[n] if n in g else case.entity(n)
        return {"id": str(n), "label": d.get("label", str(n)), "type": d.get("type", "")}

    paths = shortest_paths(g, src, dst, max_length=max_length)
    return {
        "from": node(src),
        "to": node(dst),
        "paths": [{"nodes": [node(n) for n in p], "length": len(p) - 1} for p in paths],
    }
