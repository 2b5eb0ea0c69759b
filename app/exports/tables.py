"""CSV and XLSX tables of the case, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula
by Excel and LibreOffice (CSV/formula injection); such text is prefixed with an apostrophe.
Numbers and phone numbers like ``+218 91 234 5678`` are left alone.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd

from app.exports.dataset import ExportData
from app.exports.rowtext import numbers_text, write_rows
from app.exports.xmltext import holds_any, xml_text
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
    """The tables every tabular export holds, every cell made safe (:func:`safe_cell`); the
    links' end labels are the entities' labels made safe once, not again on every link."""
    nodes = data.nodes.copy()
    nodes["phones"] = nodes["phones"].map("; ".join)
    nodes["attrs"] = [
        "; ".join(f"{k}={v}" for k, v in sorted(a.items())) if a else "" for a in nodes["attrs"].tolist()
    ]
    nodes = _clean(nodes)
    labels = pd.Series(nodes["label"].to_numpy(dtype=object), index=nodes["id"].to_numpy())
    links = _clean(data.links).copy(deep=False)  # columns added below: never to the export's own
    links.insert(3, "src_label", links["src"].map(labels).astype(nodes["label"].dtype))
    links.insert(5, "dst_label", links["dst"].map(labels).astype(nodes["label"].dtype))
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
    return {"entities": nodes, "links": links, "sources": _clean(sources)}


#: text :func:`safe_cell` changes: a formula's first character, or a character XML forbids
_UNSAFE = re.compile("^[=@\t\r+-]|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _may_need_cleaning(lines: str) -> bool:
    """Whether a cell among ``lines`` (a column's cells, one a line) may need :func:`safe_cell`:
    a line starting like a formula, or a character XML forbids.  In C: a substring search per
    formula character and, for ASCII text, deleting the forbidden bytes (a regular expression
    over the eight million characters of a large case's dates took a quarter of a second)."""
    lines = "\n" + lines
    return any(f"\n{c}" in lines for c in "=@\t\r+-") or holds_any(lines)


def _lines(values: pd.Series) -> str:
    """The text cells of a column, one a line."""
    present = values.dropna().tolist()
    try:
        return "\n".join(present)
    except TypeError:  # numbers or lists among the text
        return "\n".join(v for v in present if isinstance(v, str))


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with :func:`safe_cell` applied to every cell.  A national case's link table
    has millions of cells: a column is first searched as one text (its cells a line each), and
    only a column where that finds something has its distinct values looked at one by one."""
    if frame.empty:
        return frame
    out = frame  # copied before the first change
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object and not isinstance(values.dtype, pd.StringDtype):
            continue  # numbers and booleans are never formulas
        if not _may_need_cleaning(_lines(values)):
            continue
        cells = values.to_numpy(dtype=object)
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
            out = frame.copy() if out is frame else out
            out.loc[rows, column] = cleaned[codes[rows]]
    return out


#: the line end pandas' ``to_csv`` writes
_LINE_END = os.linesep


def _quote_pattern() -> re.Pattern:
    """What makes the csv module quote a cell (QUOTE_MINIMAL): a comma, a quote, a character of
    the line end and, in some Python versions, any line break; asked of the module itself."""
    probe = io.StringIO()
    csv.writer(probe, lineterminator=_LINE_END).writerow(["a\rb", "a\nb"])
    cr, lf = probe.getvalue().split(",", 1)
    breaks = ("\r" if cr.startswith('"') else "") + ("\n" if lf.startswith('"') else "")
    return re.compile(f'[,"{re.escape(_LINE_END)}{breaks}]')


_QUOTE = _quote_pattern()
#: rows made text at a time (bounds the memory of their texts)
_CSV_CHUNK = 32_768


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if _QUOTE.search(text) else text


def _csv_cells(column: pd.Series) -> list[str]:
    """A column's cells as ``to_csv`` writes them: numbers as Python writes them, missing
    cells empty, booleans ``True``/``False``, text quoted where it holds a comma, a quote or
    a line end (decided on the whole column first: most hold none)."""
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else "O"  # nullable: as objects
    if kind == "f":
        values = column.to_numpy()
        text = np.array(numbers_text(values), dtype=object)
        text[np.isnan(values)] = ""
        return text.tolist()
    if kind in "iu":
        return numbers_text(column.to_numpy(), repeated=True)
    if kind == "b":
        return ["True" if v else "False" for v in column.tolist()]
    if isinstance(column.dtype, pd.StringDtype):
        cells = column.fillna("").tolist()
    else:
        cells = column.astype(object).where(column.notna(), "").tolist()
    try:
        joined = "".join(cells)
    except TypeError:  # numbers among the text
        cells = [v if isinstance(v, str) else str(v) for v in cells]
        joined = "".join(cells)
    return [_quoted(v) for v in cells] if _QUOTE.search(joined) else cells


def write_csv_table(frame: pd.DataFrame, f) -> None:
    """``frame`` as CSV into the text file ``f``: byte for byte what ``frame.to_csv(f,
    index=False)`` writes, in half the time, column by column (:mod:`app.exports.rowtext`).
    Frames this does not know how to write alike (no columns, dates, categories, a single
    column whose empty cells the csv module quotes) are left to pandas."""
    plain = all(
        frame[c].dtype.kind in "fiubO" or isinstance(frame[c].dtype, pd.StringDtype) for c in frame.columns
    )
    if len(frame.columns) < 2 or not plain:
        frame.to_csv(f, index=False)
        return
    f.write(",".join(_quoted(str(c)) for c in frame.columns) + _LINE_END)
    for start in range(0, len(frame), _CSV_CHUNK):
        rows = frame.iloc[start : start + _CSV_CHUNK]
        parts: list = []
        for i, column in enumerate(rows.columns):
            parts += [",", _csv_cells(rows[column])] if i else [_csv_cells(rows[column])]
        write_rows(f, [*parts, _LINE_END], len(rows))


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
            write_csv_table(frame, f)
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
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([None if (not isinstance(v, str) and pd.isna(v)) else v for v in row])
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
