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
        attrs = {
            "label": r.label,
            "type": r.type,
            "role": r.role,
            "community": int(r.community),
            "hub_score": float(r.hub_score),
            "broker_score": float(r.broker_score),
            "protected": bool(r.protected),
            "phones": "; ".join(r.phones),
        }
        for k, v in r.attrs.items():
            key = f"attr_{k}"
            if (value := _plain(v)) is not None:
                attrs[key] = value
        g.add_node(str(r.id), **attrs)
    for r in data.links.itertuples(index=False):
        attrs = {
            "link_type": r.type,
            "count": int(r.count or 0),
            "duration": float(r.duration or 0),
            "amount": _plain(r.amount),
            "first_seen": _plain(r.first_seen),
            "last_seen": _plain(r.last_seen),
            "link_id": int(r.link_id),
        }
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
    """GraphML of the export, streamed (:func:`stream_graphml`)."""
    return stream_graphml(data, out)


def write_gexf(data: ExportData, out: Path) -> Path:
    """GEXF of the export, streamed (:func:`stream_gexf`)."""
    return stream_gexf(data, out)


# ------------------------------------------------------------------ streaming writers
#
# A medium case has hundreds of thousands of links: building a networkx graph of them first
# took 40 s and 2.5 GB.  These write the same documents row by row, with constant memory beyond
# the export's own frames.

_NODE_KEYS = (
    ("label", "string"),
    ("type", "string"),
    ("role", "string"),
    ("community", "int"),
    ("hub_score", "double"),
    ("broker_score", "double"),
    ("protected", "boolean"),
    ("phones", "string"),
)
_EDGE_KEYS = (
    ("link_type", "string"),
    ("count", "int"),
    ("duration", "double"),
    ("amount", "double"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("link_id", "int"),
)


def _node_values(r) -> dict:
    values = {
        "label": r.label,
        "type": r.type,
        "role": r.role,
        "community": int(r.community),
        "hub_score": float(r.hub_score),
        "broker_score": float(r.broker_score),
        "protected": bool(r.protected),
        "phones": "; ".join(r.phones),
    }
    for k, v in r.attrs.items():
        if (value := _plain(v)) is not None:
            values[f"attr_{k}"] = value if isinstance(value, str) else str(value)
    return values


def _edge_texts(links: pd.DataFrame) -> list[list[str | None]]:
    """Each edge key's values (:data:`_EDGE_KEYS`, in order) as XML text, None where the link
    has none, column by column: a national case has millions of links, no dictionary each.
    Numbers are written as Python writes them; text is escaped only where it needs it."""

    def numbers(column: str, kind: str) -> list[str | None]:
        values = pd.to_numeric(links[column], errors="coerce").fillna(0).astype(kind)
        return [str(v) for v in values.tolist()]

    def texts(column: str) -> list[str | None]:
        values = links[column].astype(object).where(links[column].notna(), None).tolist()
        return [None if (p := _plain(v)) is None else _text(p) for v in values]

    def plain_texts(column: str) -> list[str | None]:
        """Texts that are escaped only if they hold a character XML treats specially."""
        column_values = links[column]
        special = column_values.astype("string").str.contains(_SPECIAL, regex=True, na=False)
        if special.any():
            return texts(column)
        return [
            None if v is None else str(v)
            for v in column_values.astype(object).where(column_values.notna(), None)
        ]

    return [
        plain_texts("type"),
        numbers("count", "int64"),
        numbers("duration", "float64"),
        texts("amount"),
        plain_texts("first_seen"),
        plain_texts("last_seen"),
        numbers("link_id", "int64"),
    ]


#: what makes a text need :func:`_text` (escaping, or a character XML forbids)
_SPECIAL = r'[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]'


_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _text(value) -> str:
    """``value`` as XML text: booleans as XML's, numbers as they are, text escaped and rid of
    the characters XML forbids (one pass each, for the millions of values of a large case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return xml_text(str(value)).translate(_ESCAPE)


def _attr_keys(data: ExportData) -> list[str]:
    return sorted({f"attr_{k}" for attrs in data.nodes["attrs"] for k in attrs})


def stream_graphml(data: ExportData, out: Path) -> Path:
    """GraphML written row by row (what :func:`write_graphml` writes, without networkx)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    attr_keys = _attr_keys(data)
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
        )
        for name, kind in (*_NODE_KEYS, *((k, "string") for k in attr_keys)):
            f.write(f'<key id="{_text(name)}" for="node" attr.name="{_text(name)}" attr.type="{kind}"/>\n')
        for name, kind in _EDGE_KEYS:
            f.write(f'<key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
        f.write('<graph edgedefault="directed">\n')
        for r in data.nodes.itertuples(index=False):
            cells = "".join(f'<data key="{_text(k)}">{_text(v)}</data>' for k, v in _node_values(r).items())
            f.write(f'<node id="{int(r.id)}">{cells}</node>\n')
        keys = [k for k, _ in _EDGE_KEYS]
        columns = _edge_texts(data.links)
        ends = zip(data.links["src"].tolist(), data.links["dst"].tolist(), strict=True)
        for (src, dst), values in zip(ends, zip(*columns, strict=True), strict=True):
            cells = "".join(
                f'<data key="{k}">{v}</data>' for k, v in zip(keys, values, strict=True) if v is not None
            )
            f.write(f'<edge source="{int(src)}" target="{int(dst)}">{cells}</edge>\n')
        f.write("</graph>\n</graphml>\n")
    return out


def stream_gexf(data: ExportData, out: Path) -> Path:
    """GEXF 1.2 written row by row (what :func:`write_gexf` writes, without networkx)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    attr_keys = _attr_keys(data)
    node_keys = [k for k, _ in _NODE_KEYS if k != "label"] + attr_keys
    kinds = dict(_NODE_KEYS)
    gexf_type = {"string": "string", "int": "long", "double": "double", "boolean": "boolean"}
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" '
            'xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">\n'
            '<graph defaultedgetype="directed" mode="static">\n'
            '<attributes class="node" mode="static">\n'
        )
        for i, k in enumerate(node_keys):
            f.write(f'<attribute id="{i}" title="{_text(k)}" type="{gexf_type[kinds.get(k, "string")]}"/>\n')
        f.write('</attributes>\n<attributes class="edge" mode="static">\n')
        for i, (k, kind) in enumerate(_EDGE_KEYS):
            f.write(f'<attribute id="{i}" title="{k}" type="{gexf_type[kind]}"/>\n')
        f.write("</attributes>\n<nodes>\n")
        node_index = {k: i for i, k in enumerate(node_keys)}
        for r in data.nodes.itertuples(index=False):
            values = _node_values(r)
            cells = "".join(
                f'<attvalue for="{node_index[k]}" value="{_text(v)}"/>'
                for k, v in values.items()
                if k in node_index
            )
            label = _text(values["label"])
            at = data.positions.get(int(r.id))
            where = f'<viz:position x="{at[0]:.1f}" y="{-at[1]:.1f}" z="0.0"/>' if at else ""
            f.write(f'<node id="{int(r.id)}" label="{label}"><attvalues>{cells}</attvalues>{where}</node>\n')
        f.write("</nodes>\n<edges>\n")
        columns = _edge_texts(data.links)
        ends = zip(data.links["src"].tolist(), data.links["dst"].tolist(), strict=True)
        for n, ((src, dst), texts) in enumerate(zip(ends, zip(*columns, strict=True), strict=True)):
            cells = "".join(
                f'<attvalue for="{i}" value="{v}"/>' for i, v in enumerate(texts) if v is not None
            )
            f.write(
                f'<edge id="{n}" source="{int(src)}" target="{int(dst)}"><attvalues>{cells}</attvalues></edge>\n'
            )
        f.write("</edges>\n</graph>\n</gexf>\n")
    return out
