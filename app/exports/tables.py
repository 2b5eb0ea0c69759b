"""CSV and XLSX tables of the case, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula
by Excel and LibreOffice (CSV/formula injection); such text is prefixed with an apostrophe.
Numbers and phone numbers like ``+218 91 234 5678`` are left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from app.exports.dataset import ExportData
from app.exports.xmltext import xml_text
from app.outputs import atomic_output, check_output

_NUMBERISH = re.compile(r"^[+-]?[\d\s().,/-]+$")


def safe_cell(value: object) -> object:
    """Neutralise spreadsheet formulas in text.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> safe_cell("+218 91 234 5678"), safe_cell(-3), safe_cell("@SUM(A1)")
    ('+218 91 234 5678', -3, "'@SUM(A1)")
    """
    if not isinstance(value, str) or not value:
        return value
    value = str(xml_text(value))  # XLSX is XML: control characters would make it unreadable
    if value[0] in "=@\t\r" or (value[0] in "+-" and not _NUMBERISH.match(value)):
        return "'" + value
    return value


def frames(data: ExportData) -> dict[str, pd.DataFrame]:
    """The tables every tabular export holds."""
    nodes = data.nodes.copy()
    nodes["phones"] = nodes["phones"].map("; ".join)
    nodes["attrs"] = nodes["attrs"].map(lambda a: "; ".join(f"{k}={v}" for k, v in sorted(a.items())))
    labels = dict(zip(data.nodes["id"], data.nodes["label"], strict=True))
    links = data.links.copy()
    links.insert(3, "src_label", links["src"].map(labels))
    links.insert(5, "dst_label", links["dst"].map(labels))
    sources = (
        data.sources[
            [
                c
                for c in (
                    "id",
                    "file_name",
                    "sha256",
                    "kind",
                    "imported_at",
                    "reliability",
                    "credibility",
                    "handling",
                    "owner",
                    "exhibit",
                    "rows_read",
                )
                if c in data.sources.columns
            ]
        ]
        if not data.sources.empty
        else data.sources
    )
    return {"entities": nodes, "links": links, "sources": sources}


#: text :func:`safe_cell` changes: a formula's first character, or a character XML forbids
_UNSAFE = re.compile("^[=@\t\r+-]|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: the same, searched in a column's cells joined a line each (a line break inside a cell can
#: only make it look again, never hide a cell)
_UNSAFE_LINE = re.compile(_UNSAFE.pattern.replace("^", "(?m)^", 1))


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`safe_cell` applied to every cell.  A national case's link table
    has millions of cells: a column is first searched as one text (its cells a line each), and
    only a column where that finds something has its distinct values looked at one by one."""
    if frame.empty:
        return frame
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue  # numbers and booleans are never formulas
        cells = values.to_numpy(dtype=object)
        if not _UNSAFE_LINE.search("\n".join([v for v in cells if isinstance(v, str)])):
            continue
        try:
            codes, distinct = pd.factorize(cells)
        except TypeError:  # unhashable cells (lists): looked at one by one
            codes, distinct = np.arange(len(cells)), cells
        distinct = np.asarray(distinct, dtype=object)
        cleaned = np.array(
            [safe_cell(v) if isinstance(v, str) and _UNSAFE.search(v) else v for v in distinct.tolist()],
            dtype=object,
        )
        changed = np.flatnonzero(cleaned != distinct)
        if len(changed):
            rows = np.isin(codes, changed)
            out.loc[rows, column] = cleaned[codes[rows]]
    return out


def write_csv(data: ExportData, out: Path, *, protected=()) -> Path:
    """A folder with ``entities.csv``, ``links.csv``, ``sources.csv`` and ``README.txt``, each
    file checked against ``protected`` (the case, the inputs) and written whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    targets = {out / f"{name}.csv": frame for name, frame in frames(data).items()}
    for target in [*targets, out / "README.txt"]:
        check_output(target, protected)
    for target, frame in targets.items():
        with atomic_output(target) as part, open(part, "w", encoding="utf-8", newline="") as f:
            # the byte-order mark that tells Excel the file is UTF-8, written once: pandas
            # writing through Python's "utf-8-sig" codec encoded every row in Python
            f.write("\ufeff")
            _clean(frame).to_csv(f, index=False)
    with atomic_output(out / "README.txt") as part:
        part.write_text(f"{data.title}\nExported {data.generated_at}\n{data.notice}\n", encoding="utf-8")
    return out


def write_xlsx(data: ExportData, out: Path) -> Path:
    """One workbook, a sheet per table, the notice on the first sheet."""
    wb = openpyxl.Workbook()
    first = wb.active
    first.title = "About"
    for row in ([data.title], [f"Exported {data.generated_at}"], [data.notice]):
        first.append([safe_cell(v) for v in row])
    for name, frame in frames(data).items():
        ws = wb.create_sheet(name)
        frame = _clean(frame)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else v for v in row])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
