"""Column mappings: how an unknown layout's columns map to a kind's fields.

A mapping is JSON, written by hand, by the import dialog, or by :func:`save_mapping`::

    {"kind": "calls", "columns": {"caller": "Numéro A", "callee": "Numéro B",
                                  "start": "Horodatage", "duration": "Secondes"}}

and reused with ``ariadne import … --mapping FILE.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from app.importers.base import ImportFailed, ImportOptions
from app.importers.tabular import (
    Table,
    check_size,
    column_list,
    first_table,
    is_workbook,
    normalise_header,
    read_tables,
)
from app.importers.textfile import iter_text_chunks


def load_mapping(path: str | Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ImportFailed(f"{path.name}: not a readable column mapping ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict) or not data.get("kind"):
        raise ImportFailed(f'{path.name}: a mapping needs "kind" and "columns" {{field: column}}')
    return data


def save_mapping(mapping: dict, path: str | Path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(mapping, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def apply_mapping(table: Table, mapping: dict) -> Table:
    """The table with mapped columns renamed to their fields (other columns kept).

    >>> import pandas as pd
    >>> t = Table("x", ["Numéro A", "Quand"], pd.DataFrame({"Numéro A": ["1"], "Quand": ["2"]}))
    >>> apply_mapping(t, {"kind": "calls", "columns": {"caller": "numero a", "start": "Quand"}}).columns
    ['caller', 'start']
    """
    by_norm = {normalise_header(c): c for c in table.columns}
    renames = {}
    for field, column in mapping.get("columns", {}).items():
        actual = by_norm.get(normalise_header(column))
        if actual is None:
            raise ImportFailed(
                f"{table.name}: the mapping names column {column!r}, which the file does not have "
                f"(columns: {column_list(table.columns)})"
            )
        renames[actual] = field
    frame = table.frame.rename(columns=renames)
    return Table(table.name, list(frame.columns), frame, table.first_row, table.bad_rows, table.row_numbers)


def iter_mapped_chunks(path: str | Path, options: ImportOptions) -> Iterator[Table]:
    """The file's first table (or sheets of one layout) as chunks, the mapping applied: a
    delimited file is streamed, a workbook comes whole."""
    path = Path(path)
    if is_workbook(path):
        chunks: Iterator[Table] = iter([first_table(read_tables(path), path.name)])
    else:
        check_size(path)
        chunks = iter_text_chunks(path)
    for chunk in chunks:
        yield apply_mapping(chunk, options.mapping) if options.mapping else chunk


def read_mapped_tables(path: str | Path, options: ImportOptions) -> list[Table]:
    """The file's tables, with the analyst's column mapping applied when there is one."""
    tables = read_tables(path)
    if options.mapping:
        tables = [apply_mapping(t, options.mapping) for t in tables]
    return tables
