"""i2 Analyst's Notebook exchange format (ANX): entities with icon types, links, attributes
and source grading.

The structure follows the ANX schema Analyst's Notebook imports: a ``Chart`` with
``AttributeClassCollection``, ``EntityTypeCollection``, ``LinkTypeCollection`` and a
``ChartItemCollection`` whose items hold either an ``End/Entity`` (with ``Icon/IconStyle``) or a
``Link`` between two entity ids, each item with its ``AttributeCollection``.  The chart's
``GradeOne``/``GradeTwo`` collections carry the 6×6 source grading (reliability A–F,
credibility 1–6); each item carries the grade of its best source as ``GradeOneIndex`` and
``GradeTwoIndex`` into those collections, and as a ``Grading`` attribute (``B2``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd

from app.exports.dataset import ExportData
from app.exports.xmltext import holds_any, xml_text
from app.model import CREDIBILITY, RELIABILITY

#: Analyst's Notebook standard icon types for our entity types.
ICONS = {
    "person": "Person",
    "phone": "Mobile Phone",
    "account": "Account",
    "location": "Place",
    "organisation": "Organisation",
    "vehicle": "Vehicle",
    "document": "Document",
    "device": "Mobile Phone",
    "interview": "Document",
}

#: Rows of entities or links made into text and written at a time (a few MB of text: as fast
#: as larger chunks, and the export holds little beside the case it writes).
_CHUNK = 5_000

_ATTRS = (
    ("Phones", "AttText"),
    ("Role", "AttText"),
    ("Community", "AttNumber"),
    ("Hub score", "AttNumber"),
    ("Broker score", "AttNumber"),
    ("Count", "AttNumber"),
    ("Amount", "AttNumber"),
    ("First seen", "AttText"),
    ("Last seen", "AttText"),
    ("Grading", "AttText"),
)


def _grades(chart: ET.Element) -> None:
    for tag, labels in (("GradeOne", RELIABILITY), ("GradeTwo", CREDIBILITY)):
        coll = ET.SubElement(ET.SubElement(chart, tag), "StringCollection")
        for key, meaning in labels.items():
            ET.SubElement(coll, "String", Id=str(key), Text=f"{key} - {meaning}")


def _grade_attrs(grading: str) -> dict[str, Any]:
    if len(grading) != 2:
        return {}
    return {
        "GradeOneIndex": str(list(RELIABILITY).index(grading[0])),
        "GradeTwoIndex": str(list(CREDIBILITY).index(int(grading[1]))),
    }


def _head(data: ExportData) -> list[ET.Element]:
    """The chart's classes, entity and link types and grades, before its items."""
    head = ET.Element("Head")
    classes = ET.SubElement(head, "AttributeClassCollection")
    for name, kind in _ATTRS:
        ET.SubElement(classes, "AttributeClass", Name=name, Type=kind, ShowValue="true")
    types = ET.SubElement(head, "EntityTypeCollection")
    for icon in sorted(set(ICONS.values())):
        ET.SubElement(types, "EntityType", Name=icon, IconFile=icon)
    link_types = ET.SubElement(head, "LinkTypeCollection")
    for kind in sorted(set(data.links["type"].tolist())) if not data.links.empty else []:
        ET.SubElement(link_types, "LinkType", Name=kind)
    _grades(head)
    return list(head)


def _write_entities(f, data: ExportData) -> None:
    """Each entity's chart item, written as :func:`_write_element` would write its element,
    made a column at a time for :data:`_CHUNK` entities at once."""
    nodes = data.nodes
    side = max(1, int(math.sqrt(max(len(nodes), 1))))
    for start in range(0, len(nodes), _CHUNK):
        f.write("".join(_entity_texts(nodes.iloc[start : start + _CHUNK], start, side, data.positions)))


def _entity_texts(nodes, start: int, side: int, positions: dict[int, tuple[float, float]]) -> list[str]:
    ids = nodes["id"].tolist()
    labels = _attrs([str(label or f"#{i}") for label, i in zip(nodes["label"].tolist(), ids, strict=True)])
    grid = ((100 + (k % side) * 120, 100 + (k // side) * 120) for k in range(start, start + len(ids)))
    xy = [positions.get(i, at) for i, at in zip(ids, grid, strict=True)]
    types = nodes["type"].tolist()
    kinds, icons = _each(_attr, types), _each(lambda t: _attr(ICONS.get(t, "Person")), types)
    gradings = nodes["grading"].tolist()
    grades = _each(_grade_text, gradings)
    cells = [
        "".join(row)
        for row in zip(
            _cells("Phones", ["; ".join(p) for p in nodes["phones"].tolist()]),
            _cells("Role", nodes["role"]),
            _cells("Community", [c if c >= 0 else None for c in nodes["community"].tolist()]),
            _cells("Hub score", [round(h, 4) or None for h in nodes["hub_score"].tolist()]),
            _cells("Broker score", [round(b, 4) or None for b in nodes["broker_score"].tolist()]),
            _each(_grading_cell, gradings),
            strict=True,
        )
    ]
    return [
        f'    <ChartItem Label="{label}" DateSet="false" XPosition="{int(round(x))}" '
        f'Description="{kind}"{grade}>\n'
        f'      <End Y="{int(round(y))}">\n'
        f'        <Entity EntityId="E{i}" Identity="{label}">\n'
        "          <Icon>\n"
        f'            <IconStyle Type="{icon}" />\n'
        "          </Icon>\n"
        "        </Entity>\n"
        "      </End>\n"
        + (
            f"      <AttributeCollection>\n{cell}      </AttributeCollection>\n"
            if cell
            else "      <AttributeCollection />\n"
        )
        + "    </ChartItem>\n"
        for i, label, (x, y), kind, icon, grade, cell in zip(
            ids, labels, xy, kinds, icons, grades, cells, strict=True
        )
    ]


def write_anx(data: ExportData, out: Path) -> Path:
    """The chart written item by item as it is made: the file ``ElementTree`` would write,
    indented, without holding a tree of a national case's million items in memory."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='utf-8'?>\n")
        f.write('<Chart IdReferenceLinking="false" Rigorous="true">\n')
        for element in _head(data):
            _write_element(f, element, 1)
        f.write("  <ChartItemCollection>\n")
        _write_entities(f, data)
        _write_links(f, data.links)
        f.write("  </ChartItemCollection>\n")
        summary = ET.Element("Summary")
        ET.SubElement(summary, "Title").text = data.title
        ET.SubElement(summary, "Comments").text = data.notice
        _write_element(f, summary, 1, last=True)
        f.write("</Chart>")
    return out


_ATTRIB = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
)
_CDATA = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def _write_element(f, element: ET.Element, depth: int, *, last: bool = False) -> None:
    """``element`` as ``ElementTree.indent`` and ``write`` lay it out at ``depth``."""
    pad = "  " * depth
    attrs = "".join(f' {k}="{xml_text(str(v)).translate(_ATTRIB)}"' for k, v in element.attrib.items())
    text = xml_text(element.text) if element.text else ""
    children = list(element)
    if not children and not text:
        f.write(f"{pad}<{element.tag}{attrs} />\n")
    elif not children:
        f.write(f"{pad}<{element.tag}{attrs}>{text.translate(_CDATA)}</{element.tag}>\n")
    else:
        f.write(f"{pad}<{element.tag}{attrs}>\n")
        for child in children:
            _write_element(f, child, depth + 1)
        f.write(f"{pad}</{element.tag}>\n")


def _write_links(f, links) -> None:
    """Each link's chart item, written as :func:`_write_element` would write its element (a
    national case has millions of links: no element is made for them, and the text of
    :data:`_CHUNK` links is made a column at a time)."""
    for start in range(0, len(links), _CHUNK):
        f.write("".join(_link_texts(links.iloc[start : start + _CHUNK])))


_STYLE = '<LinkStyle Type="Link" ArrowStyle="ArrowOnHead" LineWidth="1" MlStyle="MultiplicitySingle" />'


def _link_texts(links) -> list[str]:
    counts = links["count"]
    counts = counts.tolist() if counts.dtype.kind in "iu" else [int(c or 0) for c in counts.tolist()]
    gradings = links["grading"].tolist()
    return [
        f'    <ChartItem Label="{kind} ×{count}" DateSet="false"{grade}>\n'
        f'      <Link End1Id="E{src}" End2Id="E{dst}">\n'
        f"        {_STYLE}\n"
        "      </Link>\n"
        "      <AttributeCollection>\n"
        f'        <Attribute AttributeClass="Count" Value="{count}" />\n'
        f"{amount}{first}{last}{grading}"
        "      </AttributeCollection>\n"
        "    </ChartItem>\n"
        for kind, count, grade, src, dst, amount, first, last, grading in zip(
            _each(_attr, links["type"].tolist()),
            counts,
            _each(_grade_text, gradings),
            links["src"].tolist(),
            links["dst"].tolist(),
            _cells("Amount", links["amount"]),
            _cells("First seen", links["first_seen"]),
            _cells("Last seen", links["last_seen"]),
            _each(_grading_cell, gradings),
            strict=True,
        )
    ]


def _attr(value) -> str:
    """``value`` as an attribute value, as :func:`_write_element` writes it."""
    return xml_text(str(value)).translate(_ATTRIB)


def _attrs(texts: list[str]) -> list[str]:
    """A column of texts as attribute values: escaped one by one only if one of them needs it
    (names rarely hold ``&`` or a control character; looking once costs far less)."""
    joined = "".join(texts)
    if not holds_any(joined, _SPECIAL):
        return texts
    return [_attr(t) for t in texts]


_SPECIAL = '&<>"\r\n\t'


def _cells(name: str, column: pd.Series | list) -> list[str]:
    """Each value's ``Attribute`` line in an item's ``AttributeCollection``, or nothing where
    the value is empty or missing (``None``, ``NaN``: what ``isna`` finds in the columns of
    numbers and texts an export holds)."""
    column = column if isinstance(column, pd.Series) else pd.Series(column, dtype=object)
    values = column.to_numpy(dtype=object)
    present = ~(column.isna().to_numpy() | (values == ""))
    lines = np.full(len(values), "", dtype=object)
    texts = _attrs([str(v) for v in values[present].tolist()])
    lines[present] = [f'        <Attribute AttributeClass="{name}" Value="{t}" />\n' for t in texts]
    return lines.tolist()


def _grading_cell(grading: str) -> str:
    return (
        "" if grading == "" else f'        <Attribute AttributeClass="Grading" Value="{_attr(grading)}" />\n'
    )


def _each(make, values: list) -> list:
    """``make`` of each value, made once per distinct value (a column of few kinds)."""
    made = {v: make(v) for v in set(values)}
    return [made[v] for v in values]


def _grade_text(grading: str) -> str:
    return "".join(f' {k}="{_attr(v)}"' for k, v in _grade_attrs(grading).items())
