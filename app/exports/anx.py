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

from app.exports.dataset import ExportData
from app.exports.xmltext import xml_text
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


def _attribute_collection(parent: ET.Element, values: dict) -> None:
    coll = ET.SubElement(parent, "AttributeCollection")
    for name, value in values.items():
        if value in (None, "") or (isinstance(value, float) and math.isnan(value)):
            continue
        ET.SubElement(coll, "Attribute", AttributeClass=name, Value=str(value))


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
    for kind in sorted(set(data.links["type"])) if not data.links.empty else []:
        ET.SubElement(link_types, "LinkType", Name=kind)
    _grades(head)
    return list(head)


def _entity_items(data: ExportData):
    """Each entity's chart item as its own small element, one at a time."""
    n = max(len(data.nodes), 1)
    side = max(1, int(math.sqrt(n)))
    for k, r in enumerate(data.nodes.itertuples(index=False)):
        x, y = data.positions.get(int(r.id), (100 + (k % side) * 120, 100 + (k // side) * 120))
        item = ET.Element(
            "ChartItem",
            Label=r.label or f"#{r.id}",
            DateSet="false",
            XPosition=str(int(round(x))),
            Description=r.type,
            **_grade_attrs(r.grading),
        )
        end = ET.SubElement(item, "End", Y=str(int(round(y))))
        entity = ET.SubElement(end, "Entity", EntityId=f"E{r.id}", Identity=r.label or f"#{r.id}")
        ET.SubElement(ET.SubElement(entity, "Icon"), "IconStyle", Type=ICONS.get(r.type, "Person"))
        _attribute_collection(
            item,
            {
                "Phones": "; ".join(r.phones),
                "Role": r.role,
                "Community": r.community if r.community >= 0 else None,
                "Hub score": round(r.hub_score, 4) or None,
                "Broker score": round(r.broker_score, 4) or None,
                "Grading": r.grading,
            },
        )
        yield item


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
        for item in _entity_items(data):
            _write_element(f, item, 2)
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
    national case has millions of links: no element is made for them)."""

    def attr(value) -> str:
        return xml_text(str(value)).translate(_ATTRIB)

    style = '<LinkStyle Type="Link" ArrowStyle="ArrowOnHead" LineWidth="1" MlStyle="MultiplicitySingle" />'
    for r in links.itertuples(index=False):
        count = int(r.count or 0)
        grades = "".join(f' {k}="{v}"' for k, v in _grade_attrs(r.grading).items())
        values = {
            "Count": count,
            "Amount": r.amount,
            "First seen": r.first_seen,
            "Last seen": r.last_seen,
            "Grading": r.grading,
        }
        cells = "".join(
            f'        <Attribute AttributeClass="{name}" Value="{attr(value)}" />\n'
            for name, value in values.items()
            if value not in (None, "") and not (isinstance(value, float) and math.isnan(value))
        )
        f.write(
            f'    <ChartItem Label="{attr(f"{r.type} ×{count}")}" DateSet="false"{grades}>\n'
            f'      <Link End1Id="E{r.src}" End2Id="E{r.dst}">\n'
            f"        {style}\n"
            "      </Link>\n"
            + (
                f"      <AttributeCollection>\n{cells}      </AttributeCollection>\n"
                if cells
                else "      <AttributeCollection />\n"
            )
            + "    </ChartItem>\n"
        )
