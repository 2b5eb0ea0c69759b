"""GraphML and GEXF for Gephi, yEd and networkx: entities with their type, label, community
and scores, links with their type (``link_type``: GEXF reserves ``type`` on edges), count,
amount and time span."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from app.exports.dataset import ExportData
from app.exports.rowtext import numbers_text, write_rows
from app.exports.xmltext import holds_any, xml_text


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
# took 40 s and 2.5 GB.  These write the same documents without networkx, column by column:
# each key's values become XML text in one pass over the column (no dictionary, no f-string
# per row), and the rows are put together by interleaving the columns and joining them in C.

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

#: rows made text, put together and written at a time (bounds the memory of their texts)
_CHUNK = 32_768


def _node_values(nodes: pd.DataFrame) -> dict[str, list[str]]:
    """Each of :data:`_NODE_KEYS`'s values as XML text, column by column: what :func:`_text`
    gives for the entity's label, type, role, community, scores, protection and phones."""
    return {
        "label": _texts(nodes["label"].tolist()),
        "type": _texts(nodes["type"].tolist()),
        "role": _texts(nodes["role"].tolist()),
        "community": numbers_text(nodes["community"].astype("int64").to_numpy()),
        "hub_score": numbers_text(nodes["hub_score"].to_numpy().astype("float64")),
        "broker_score": numbers_text(nodes["broker_score"].to_numpy().astype("float64")),
        "protected": ["true" if v else "false" for v in nodes["protected"].tolist()],
        "phones": _texts(list(map("; ".join, nodes["phones"].tolist()))),
    }


def _attr_cells(nodes: pd.DataFrame, cell) -> list[str]:
    """Each entity's own attributes (``attr_<name>``, in the entity's order, missing ones left
    out) as the XML ``cell(key, text)`` makes of each; empty text for an entity without any."""
    out = [""] * len(nodes)
    for i, attrs in enumerate(nodes["attrs"].tolist()):
        if attrs:
            out[i] = "".join(
                cell(f"attr_{k}", _text(str(value)))
                for k, v in attrs.items()
                if (value := _plain(v)) is not None
            )
    return out


def _texts(values: list) -> list[str]:
    """:func:`_text` of each value; the values themselves when all are text that needs nothing
    (checked at once on the column joined, in C: a large case's labels rarely need escaping)."""
    try:
        joined = "".join(values)
    except TypeError:  # not all text
        return [_text(v) for v in values]
    if _special(joined):
        return [_text(v) for v in values]
    return values


def _text_kinds(links: pd.DataFrame) -> dict[str, str]:
    """How each text column of the links is written, decided once on the whole column (a
    chunk's texts are written alike): ``"escape"`` if a value holds a character XML treats
    specially, else ``"as is"`` if every value is text, else ``"str"`` (as pandas writes it)."""
    kinds = {}
    for column in ("type", "first_seen", "last_seen"):
        values = links[column]
        try:
            special = _special("".join(values.dropna().tolist()))
            kinds[column] = "escape" if special else "as is"
        except TypeError:  # not all text: decided on each value's text, as pandas writes it
            special = bool(values.astype("string").str.contains(_SPECIAL, regex=True, na=False).any())
            kinds[column] = "escape" if special else "str"
    return kinds


def _edge_texts(links: pd.DataFrame, kinds: dict[str, str]) -> list[list[str | None]]:
    """Each edge key's values (:data:`_EDGE_KEYS`, in order) as XML text, None where the link
    has none, column by column: a national case has millions of links, no dictionary each.
    Numbers are written as Python writes them; text is escaped only where the column needs it
    (``kinds``: :func:`_text_kinds` of all the links, of which ``links`` may be a chunk)."""

    def numbers(column: str, kind: str, repeated: bool = False) -> list[str | None]:
        values = pd.to_numeric(links[column], errors="coerce").fillna(0).astype(kind).to_numpy()
        return numbers_text(values, repeated=repeated)  # type: ignore[return-value]

    def present(column: str) -> list:
        values = links[column]
        return values.astype(object).where(values.notna(), None).tolist()

    def texts(column: str) -> list[str | None]:
        values = links[column]
        if values.dtype == "float64":  # amounts: a number where there is one
            numbers = values.to_numpy()
            out: list[str | None] = [None] * len(numbers)
            where = np.flatnonzero(~np.isnan(numbers))
            for i, text in zip(where.tolist(), map(str, numbers[where].tolist()), strict=True):
                out[i] = text
            return out
        return [None if (p := _plain(v)) is None else _text(p) for v in present(column)]

    def plain_texts(column: str) -> list[str | None]:
        """Texts that are escaped only if the column holds a character XML treats specially."""
        if kinds[column] == "escape":
            return texts(column)
        values = present(column)
        return values if kinds[column] == "as is" else [None if v is None else str(v) for v in values]

    return [
        plain_texts("type"),
        numbers("count", "int64", repeated=True),
        numbers("duration", "float64"),
        texts("amount"),
        plain_texts("first_seen"),
        plain_texts("last_seen"),
        numbers("link_id", "int64"),
    ]


#: what makes a text need :func:`_text` (escaping, or a character XML forbids)
_SPECIAL = r'[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]'


def _special(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`_SPECIAL` (:func:`holds_any`)."""
    return holds_any(text, '&<>"')


_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _text(value) -> str:
    """``value`` as XML text: booleans as XML's, numbers as they are, text escaped and rid of
    the characters XML forbids (one pass each, for the millions of values of a large case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return xml_text(str(value)).translate(_ESCAPE)


def _cells(values: list[str | None], before: str, after: str) -> list[str | list[str | None]]:
    """Parts of a row (:func:`write_rows`) for one key: ``before``, the value, ``after``,
    or, where some rows have no value, the whole element on the rows that have one."""
    if None not in values:
        return [before, values, after]
    return [[f"{before}{v}{after}" if v is not None else "" for v in values]]


def _chunks(frame: pd.DataFrame) -> Iterator[tuple[int, pd.DataFrame]]:
    """``frame`` :data:`_CHUNK` rows at a time, with the position of each chunk's first row:
    only one chunk's texts are in memory at once."""
    for start in range(0, len(frame), _CHUNK):
        yield start, frame.iloc[start : start + _CHUNK]


def _attr_keys(data: ExportData) -> list[str]:
    return sorted({f"attr_{k}" for attrs in data.nodes["attrs"] for k in attrs})


def _ends(links: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Each link's source and target entity (ids that repeat: an entity has many links)."""
    src, dst = (links[end].to_numpy().astype("int64") for end in ("src", "dst"))
    return numbers_text(src, repeated=True), numbers_text(dst, repeated=True)


def stream_graphml(data: ExportData, out: Path) -> Path:
    """GraphML written column by column (what :func:`write_graphml` writes, without networkx)."""
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
        for _, nodes in _chunks(data.nodes):
            parts: list = ['<node id="', numbers_text(nodes["id"].to_numpy().astype("int64")), '">']
            for k, column in _node_values(nodes).items():
                parts += [f'<data key="{_text(k)}">', column, "</data>"]
            parts += [_attr_cells(nodes, lambda k, v: f'<data key="{_text(k)}">{v}</data>'), "</node>\n"]
            write_rows(f, parts, len(nodes))
        text_kinds = _text_kinds(data.links)
        for _, links in _chunks(data.links):
            src, dst = _ends(links)
            parts = ['<edge source="', src, '" target="', dst, '">']
            for (k, _), texts in zip(_EDGE_KEYS, _edge_texts(links, text_kinds), strict=True):
                parts += _cells(texts, f'<data key="{k}">', "</data>")
            parts.append("</edge>\n")
            write_rows(f, parts, len(links))
        f.write("</graph>\n</graphml>\n")
    return out


def stream_gexf(data: ExportData, out: Path) -> Path:
    """GEXF 1.2 written column by column (what :func:`write_gexf` writes, without networkx)."""
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
        for _, nodes in _chunks(data.nodes):
            ids = nodes["id"].to_numpy().astype("int64").tolist()
            values = _node_values(nodes)
            parts: list = [
                '<node id="',
                list(map(str, ids)),
                '" label="',
                values.pop("label"),
                '"><attvalues>',
            ]
            for k, column in values.items():
                parts += [f'<attvalue for="{node_index[k]}" value="', column, '"/>']
            parts += [
                _attr_cells(nodes, lambda k, v: f'<attvalue for="{node_index[k]}" value="{v}"/>'),
                "</attvalues>",
            ]
            if data.positions:
                where = [""] * len(ids)
                for i, id_ in enumerate(ids):
                    if at := data.positions.get(id_):
                        where[i] = f'<viz:position x="{at[0]:.1f}" y="{-at[1]:.1f}" z="0.0"/>'
                parts.append(where)
            parts.append("</node>\n")
            write_rows(f, parts, len(nodes))
        f.write("</nodes>\n<edges>\n")
        text_kinds = _text_kinds(data.links)
        for start, links in _chunks(data.links):
            src, dst = _ends(links)
            numbers = list(map(str, range(start, start + len(links))))
            parts = ['<edge id="', numbers, '" source="', src, '" target="', dst, '"><attvalues>']
            for i, texts in enumerate(_edge_texts(links, text_kinds)):
                parts += _cells(texts, f'<attvalue for="{i}" value="', '"/>')
            parts.append("</attvalues></edge>\n")
            write_rows(f, parts, len(links))
        f.write("</edges>\n</graph>\n</gexf>\n")
    return out
