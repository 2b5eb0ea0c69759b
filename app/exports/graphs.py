"""GraphML and GEXF for Gephi, yEd and networkx: entities with their type, label, community
and scores, links with their type (``link_type``: GEXF reserves ``type`` on edges), count,
amount and time span."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd

from app.exports.dataset import ExportData
from app.exports.xmltext import xml_text


def _plain(value):
    """GraphML/GEXF hold strings, numbers and booleans only; missing values are left out."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def to_networkx(data: ExportData) -> nx.MultiDiGraph:
    """The export's graph: one node per entity, one edge per aggregated link (keyed by type)."""
    g = nx.MultiDiGraph(name=data.title)
    for r in data.nodes.itertuples(index=False):
        attrs = {"label": r.label, "type": r.type, "role": r.role, "community": int(r.community),
                 "hub_score": float(r.hub_score), "broker_score": float(r.broker_score),
                 "protected": bool(r.protected), "phones": "; ".join(r.phones)}
        for k, v in r.attrs.items():
            key = f"attr_{k}"
            if (value := _plain(v)) is not None:
                attrs[key] = value
        g.add_node(str(r.id), **attrs)
    for r in data.links.itertuples(index=False):
        attrs = {"link_type": r.type, "count": int(r.count or 0), "duration": float(r.duration or 0),
                 "amount": _plain(r.amount), "first_seen": _plain(r.first_seen),
                 "last_seen": _plain(r.last_seen), "link_id": int(r.link_id)}
        g.add_edge(str(r.src), str(r.dst), key=r.type, **{k: v for k, v in attrs.items() if v is not None})
    return g


def _xml_safe(g: nx.MultiDiGraph) -> None:
    """Text XML 1.0 can hold, in every attribute (names may carry control characters)."""
    g.graph.update({k: xml_text(v) for k, v in g.graph.items()})
    for items in (g.nodes.values(), (d for *_, d in g.edges(data=True))):
        for d in items:
            for k, v in d.items():
                d[k] = xml_text(v)


def _uniform(g: nx.MultiDiGraph) -> None:
    """GraphML needs one type per attribute key: a key seen as text anywhere becomes text."""
    for items in (g.nodes.values(), (d for *_, d in g.edges(data=True))):
        items = list(items)
        kinds: dict[str, set] = {}
        for d in items:
            for k, v in d.items():
                kinds.setdefault(k, set()).add(type(v))
        mixed = {k for k, t in kinds.items() if len(t) > 1}
        for d in items:
            for k in mixed & d.keys():
                d[k] = str(d[k])


def write_graphml(data: ExportData, out: Path) -> Path:
    g = to_networkx(data)
    _xml_safe(g)
    _uniform(g)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(g, out, named_key_ids=True)
    return out


def write_gexf(data: ExportData, out: Path) -> Path:
    g = to_networkx(data)
    _xml_safe(g)
    _uniform(g)
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(g, out)
    return out
