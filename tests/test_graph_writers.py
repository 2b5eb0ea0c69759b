"""The GraphML and GEXF writers (column by column) on awkward values: text needing escapes,
characters XML forbids, non-ASCII, missing and NaN numbers.  They must write the bytes the
row-by-row writers wrote before, and what networkx reads back must be the case's values."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from app.exports import graphs
from app.exports.dataset import ExportData

NAN = float("nan")


def _data(nodes: list[dict], links: list[dict], positions=None, **columns) -> ExportData:
    node_frame = pd.DataFrame(
        nodes,
        columns=[
            "id", "type", "label", "phones", "attrs", "role", "community",
            "hub_score", "broker_score", "protected", "grading",
        ],
    )  # fmt: skip
    link_frame = pd.DataFrame(
        links,
        columns=[
            "link_id", "type", "src", "dst", "count", "duration", "amount", "first_seen", "last_seen", "grading",
        ],
    )  # fmt: skip
    for name, values in columns.items():  # a column of another type than the store gives
        link_frame[name] = pd.Series(values, dtype=object)
    return ExportData(
        "Op & <Test>", "2026-01-01 00:00 UTC", None, node_frame, link_frame, pd.DataFrame(), None,
        positions=positions or {},
    )  # type: ignore[arg-type]  # fmt: skip


def _node(
    i,
    label,
    *,
    kind="person",
    role="",
    phones=(),
    attrs=None,
    community=-1,
    hub=0.0,
    broker=0.0,
    protected=False,
):
    return {
        "id": i, "type": kind, "label": label, "phones": list(phones), "attrs": attrs or {}, "role": role,
        "community": community, "hub_score": hub, "broker_score": broker, "protected": protected, "grading": "",
    }  # fmt: skip


def _link(i, src, dst, kind, *, count=1, duration=0.0, amount=NAN, first=None, last=None):
    return {
        "link_id": i, "type": kind, "src": src, "dst": dst, "count": count, "duration": duration,
        "amount": amount, "first_seen": first, "last_seen": last, "grading": "",
    }  # fmt: skip


AWKWARD_NODES = [
    _node(
        1,
        'Salem & Sons <"boss">',
        role="organiser",
        phones=["+218 91", "+218&92"],
        attrs={
            "note": "a\x00b",
            "age": 34,
            "ok": True,
            "score": NAN,
            "gone": None,
            "vulnerabilities": ["minor", 'ill & "tired"'],
            "lat": 32.5,
        },
        community=0,
        hub=0.9,
        broker=-0.0,
    ),  # fmt: skip
    _node(2, "سالم\x01\x0b\x1f", role="migrant", community=-1, hub=0.1 + 0.2, broker=1e20, protected=True),
    _node(
        3,
        "Ṣalāḥ 🚤 \ufffe",
        kind="phone",
        phones=["+218910000003"],
        attrs={"z": "last", "a<b": "fïrst"},
        community=2,
    ),
    _node(4, "O'Brien\ud800", kind="account", attrs={"iban": "LY83 002"}, hub=1e-7),
]
AWKWARD_LINKS = [
    _link(
        10, 1, 2, "called", count=3, duration=60.0, first="2026-03-01T10:00:00", last="2026-03-05T10:00:00"
    ),
    _link(11, 2, 3, 'paid & "sent"', count=2, duration=NAN, amount=350.5),
    _link(12, 3, 1, "travelled", duration=-0.0, amount=0.1 + 0.2, first="2026-01-01<x", last="é\x02"),
    _link(13, 1, 4, "transferred", amount=1e16, first="2026-02-02T00:00:00"),
    _link(14, 4, 1, "transferred", amount=-0.0, last="2026-02-03T00:00:00"),
]
PLAIN_NODES = [_node(i, f"Person {i}", role="driver" if i % 2 else "", hub=i / 7) for i in range(1, 40)]
PLAIN_LINKS = [
    _link(
        i, 1 + i % 39, 1 + (i * 7) % 39, ("called", "paid")[i % 2], count=i % 5, duration=i * 1.5,
        amount=NAN if i % 3 else i * 10.0, first=None if i % 4 == 0 else f"2026-03-{1 + i % 28:02d}T10:00:00",
        last=None if i % 4 == 0 else "2026-04-01T10:00:00",
    )
    for i in range(1, 120)
]  # fmt: skip


def _cases() -> dict[str, ExportData]:
    return {
        "awkward": _data(AWKWARD_NODES, AWKWARD_LINKS, positions={1: (300.0, 40.0), 3: (-1.25, 0.0)}),
        "plain": _data(PLAIN_NODES, PLAIN_LINKS),
        "empty": _data([], []),
        # text columns holding other things than text (as a link frame from elsewhere might)
        "mixed": _data(
            PLAIN_NODES[:3],
            [_link(i, 1, 2, "x") for i in range(4)],
            type=["called", 0, False, "x"],
            first_seen=[None, 3.5, "2026-01-01", ["a", "b"]],
            last_seen=[False, 12, None, "a&b"],  # escaped in every chunk: False is written "false"
            amount=[None, 2, "1.5", NAN],
        ),
    }


@pytest.mark.parametrize("chunk", [graphs._CHUNK, 3])
@pytest.mark.parametrize("case", ["awkward", "plain", "empty", "mixed"])
def test_the_column_wise_writers_write_the_bytes_the_row_by_row_writers_wrote(
    case, chunk, tmp_path, monkeypatch
):
    monkeypatch.setattr(graphs, "_CHUNK", chunk)  # rows made text at a time: the whole case, or a few
    data = _cases()[case]
    for stream, before in ((graphs.stream_graphml, _graphml_by_row), (graphs.stream_gexf, _gexf_by_row)):
        out = stream(data, tmp_path / f"new.{stream.__name__}")
        assert out.read_bytes() == before(data).encode("utf-8"), (case, stream.__name__)


def test_networkx_reads_back_the_awkward_values_and_leaves_missing_ones_out(tmp_path):
    data = _cases()["awkward"]
    for fmt, stream, read in (
        ("graphml", graphs.stream_graphml, nx.read_graphml),
        ("gexf", graphs.stream_gexf, nx.read_gexf),
    ):
        g = read(stream(data, tmp_path / f"awkward.{fmt}"))
        assert sorted(g.nodes) == ["1", "2", "3", "4"], fmt
        salem, salim, salah, obrien = (g.nodes[k] for k in "1234")
        assert salem["label"] == 'Salem & Sons <"boss">' and salem["phones"] == "+218 91; +218&92", fmt
        assert salem["attr_note"] == "a\ufffdb" and salem["attr_age"] == "34" and salem["attr_ok"] == "True"
        assert salem["attr_vulnerabilities"] == 'minor; ill & "tired"' and salem["attr_lat"] == "32.5"
        assert "attr_score" not in salem and "attr_gone" not in salem, fmt  # NaN and None: no value
        assert salem["community"] == 0 and salem["hub_score"] == 0.9 and salem["protected"] is False, fmt
        assert salim["label"] == "سالم\ufffd\ufffd\ufffd" and salim["broker_score"] == 1e20, fmt
        assert salim["hub_score"] == 0.1 + 0.2 and salim["protected"] is True and salim["role"] == "migrant"
        assert (
            salah["label"] == "Ṣalāḥ 🚤 \ufffd" and salah["attr_a<b"] == "fïrst" and salah["type"] == "phone"
        )
        assert obrien["label"] == "O'Brien\ufffd" and obrien["hub_score"] == 1e-7, fmt
        edges = {int(d["link_id"]): d for *_, d in g.edges(data=True)}
        assert sorted(edges) == [10, 11, 12, 13, 14], fmt
        assert edges[10]["count"] == 3 and edges[10]["duration"] == 60.0 and "amount" not in edges[10], fmt
        assert edges[11]["link_type"] == 'paid & "sent"' and edges[11]["duration"] == 0.0, fmt
        assert edges[11]["amount"] == 350.5 and "first_seen" not in edges[11] and "last_seen" not in edges[11]
        assert edges[12]["first_seen"] == "2026-01-01<x" and edges[12]["last_seen"] == "é\ufffd", fmt
        assert edges[12]["amount"] == 0.1 + 0.2 and edges[13]["amount"] == 1e16, fmt
        assert math.copysign(1, edges[14]["amount"]) == -1 and "first_seen" not in edges[14], fmt
        assert ("2", "3") in g.edges and ("3", "1") in g.edges, fmt
    gexf = nx.read_gexf(tmp_path / "awkward.gexf")
    assert gexf.nodes["1"]["viz"]["position"] == {"x": 300.0, "y": -40.0, "z": 0.0}
    assert "viz" not in gexf.nodes["2"]


# ------------------------------------------------------------------ the writers before #19
# Row by row, as they were: the reference the column-wise writers must equal byte for byte.


def _old_node_values(r) -> dict:
    values = {
        "label": r.label, "type": r.type, "role": r.role, "community": int(r.community),
        "hub_score": float(r.hub_score), "broker_score": float(r.broker_score), "protected": bool(r.protected),
        "phones": "; ".join(r.phones),
    }  # fmt: skip
    for k, v in r.attrs.items():
        if (value := graphs._plain(v)) is not None:
            values[f"attr_{k}"] = value if isinstance(value, str) else str(value)
    return values


def _old_edge_texts(links: pd.DataFrame) -> list[list]:
    text = graphs._text

    def numbers(column, kind):
        return [str(v) for v in pd.to_numeric(links[column], errors="coerce").fillna(0).astype(kind).tolist()]

    def texts(column):
        values = links[column].astype(object).where(links[column].notna(), None).tolist()
        return [None if (p := graphs._plain(v)) is None else text(p) for v in values]

    def plain_texts(column):
        values = links[column]
        if values.astype("string").str.contains(graphs._SPECIAL, regex=True, na=False).any():
            return texts(column)
        return [None if v is None else str(v) for v in values.astype(object).where(values.notna(), None)]

    return [
        plain_texts("type"), numbers("count", "int64"), numbers("duration", "float64"), texts("amount"),
        plain_texts("first_seen"), plain_texts("last_seen"), numbers("link_id", "int64"),
    ]  # fmt: skip


def _graphml_by_row(data: ExportData) -> str:
    text = graphs._text
    attr_keys = graphs._attr_keys(data)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    ]
    for name, kind in (*graphs._NODE_KEYS, *((k, "string") for k in attr_keys)):
        out.append(f'<key id="{text(name)}" for="node" attr.name="{text(name)}" attr.type="{kind}"/>\n')
    for name, kind in graphs._EDGE_KEYS:
        out.append(f'<key id="{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
    out.append('<graph edgedefault="directed">\n')
    for r in data.nodes.itertuples(index=False):
        cells = "".join(f'<data key="{text(k)}">{text(v)}</data>' for k, v in _old_node_values(r).items())
        out.append(f'<node id="{int(r.id)}">{cells}</node>\n')
    keys = [k for k, _ in graphs._EDGE_KEYS]
    ends = zip(data.links["src"].tolist(), data.links["dst"].tolist(), strict=True)
    for (src, dst), values in zip(ends, zip(*_old_edge_texts(data.links), strict=True), strict=True):
        cells = "".join(
            f'<data key="{k}">{v}</data>' for k, v in zip(keys, values, strict=True) if v is not None
        )
        out.append(f'<edge source="{int(src)}" target="{int(dst)}">{cells}</edge>\n')
    out.append("</graph>\n</graphml>\n")
    return "".join(out)


def _gexf_by_row(data: ExportData) -> str:
    text = graphs._text
    node_keys = [k for k, _ in graphs._NODE_KEYS if k != "label"] + graphs._attr_keys(data)
    kinds = dict(graphs._NODE_KEYS)
    gexf_type = {"string": "string", "int": "long", "double": "double", "boolean": "boolean"}
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" '
        'xmlns:viz="http://www.gexf.net/1.2draft/viz" version="1.2">\n'
        '<graph defaultedgetype="directed" mode="static">\n<attributes class="node" mode="static">\n'
    ]
    for i, k in enumerate(node_keys):
        out.append(f'<attribute id="{i}" title="{text(k)}" type="{gexf_type[kinds.get(k, "string")]}"/>\n')
    out.append('</attributes>\n<attributes class="edge" mode="static">\n')
    for i, (k, kind) in enumerate(graphs._EDGE_KEYS):
        out.append(f'<attribute id="{i}" title="{k}" type="{gexf_type[kind]}"/>\n')
    out.append("</attributes>\n<nodes>\n")
    node_index = {k: i for i, k in enumerate(node_keys)}
    for r in data.nodes.itertuples(index=False):
        values = _old_node_values(r)
        cells = "".join(
            f'<attvalue for="{node_index[k]}" value="{text(v)}"/>'
            for k, v in values.items()
            if k in node_index
        )
        at = data.positions.get(int(r.id))
        where = f'<viz:position x="{at[0]:.1f}" y="{-at[1]:.1f}" z="0.0"/>' if at else ""
        out.append(
            f'<node id="{int(r.id)}" label="{text(values["label"])}"><attvalues>{cells}</attvalues>{where}</node>\n'
        )
    out.append("</nodes>\n<edges>\n")
    ends = zip(data.links["src"].tolist(), data.links["dst"].tolist(), strict=True)
    for n, ((src, dst), texts) in enumerate(
        zip(ends, zip(*_old_edge_texts(data.links), strict=True), strict=True)
    ):
        cells = "".join(f'<attvalue for="{i}" value="{v}"/>' for i, v in enumerate(texts) if v is not None)
        out.append(
            f'<edge id="{n}" source="{int(src)}" target="{int(dst)}"><attvalues>{cells}</attvalues></edge>\n'
        )
    out.append("</edges>\n</graph>\n</gexf>\n")
    return "".join(out)
