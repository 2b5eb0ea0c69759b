"""Reading tables the way real exports are: any of the usual encodings and delimiters, XLSX
sheet by sheet, headers in English or French, broken rows reported rather than shifted.

Every cell is read as text; importers decide what a value means.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from app.importers.base import ImportFailed
from app.importers.textfile import MAX_CELL, Table, iter_text_chunks, unique_names

#: A file larger than this is refused before reading (10 million CDR rows are ~600 MB).
MAX_FILE_BYTES = 4 * 1024**3
#: XLSX: refuse archives that inflate beyond this, or by more than this ratio (zip bombs).
MAX_XLSX_UNCOMPRESSED = 1024**3
MAX_XLSX_RATIO = 200
#: ... and any one part (a sheet, the shared strings) larger than this once inflated.
MAX_XLSX_PART = 512 * 1024**2
#: Cells and characters read from one workbook: a few shared strings referenced millions of
#: times inflate far beyond the file (its ratio looks innocent); the biggest real sheet
#: (1,048,576 rows of 20 columns) stays under both.
MAX_XLSX_CELLS = 25_000_000
MAX_XLSX_CHARS = 400_000_000

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")


def normalise_header(name: object) -> str:
    """Column names compared without case, accents, spaces, underscores or hyphens.

    >>> normalise_header(" Numéro_Appelé ")
    'numeroappele'
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def column_list(columns, limit: int = 12) -> str:
    """The first ``limit`` column names for a message, then how many more: a header of
    two million columns must not make a message of megabytes.

    >>> column_list([f"c{i}" for i in range(200)], limit=3)
    'c0, c1, c2 … and 197 more'
    """
    names = [str(c)[:60] for c in list(columns)[:limit]]
    more = len(columns) - len(names)
    return ", ".join(names) + (f" … and {more:,} more" if more > 0 else "")


def match_columns(
    columns: list[str],
    spec: dict[str, tuple[str, ...]],
    *,
    required: tuple[str, ...] = (),
    file_name: str = "",
) -> dict[str, str]:
    """Map canonical field names to the file's actual column names.

    ``spec`` maps each canonical name to its synonyms.  A missing required field fails the
    import with the columns that were seen, so the analyst can write a mapping.

    >>> match_columns(["Appelant", "Appelé", "Début"], {"caller": ("from", "appelant"),
    ...               "callee": ("to", "appele"), "start": ("debut",)})
    {'caller': 'Appelant', 'callee': 'Appelé', 'start': 'Début'}
    """
    by_norm = {normalise_header(c): c for c in columns}
    found: dict[str, str] = {}
    for canonical, synonyms in spec.items():
        for name in (canonical, *synonyms):
            actual = by_norm.get(normalise_header(name))
            if actual is not None and actual not in found.values():
                found[canonical] = actual
                break
    missing = [c for c in required if c not in found]
    if missing:
        raise ImportFailed(
            f"{file_name}: no column for {', '.join(missing)} (columns seen: "
            f"{column_list(columns) or 'none'}); use --kind or a column mapping"
        )
    return found


# ------------------------------------------------------------------ text files


def read_text_table(path: Path, raw: bytes | None = None, *, max_rows: int | None = None) -> Table:
    """A whole delimited file as one table (see :mod:`app.importers.textfile` for chunks)."""
    if raw is None and max_rows:
        with path.open("rb") as f:
            raw = f.read(256 * 1024)
        if b"\n" in raw:  # whole lines only when sampling
            raw = raw[: raw.rindex(b"\n") + 1]
    return concat_tables(list(iter_text_chunks(path, raw=raw, max_rows=max_rows)))


def concat_tables(chunks: list[Table]) -> Table:
    """Chunks of one file (or sheets of one layout) as one table, rows renumbered by file line."""
    first = chunks[0]
    if len(chunks) == 1:
        return first
    frame = pd.concat([c.frame for c in chunks], ignore_index=True)
    numbers = np.concatenate([np.asarray(c.row_numbers_or_default(), dtype=np.int64) for c in chunks])
    bad = [b for c in chunks for b in (c.bad_rows or [])]
    return Table(first.name, first.columns, frame, first.first_row, bad, numbers)


def first_table(tables: list[Table], name: str) -> Table:
    """The first sheet with data (several sheets of the same layout are read together)."""
    tables = [t for t in tables if len(t.frame)] or tables
    if not tables:
        raise ImportFailed(f"{name}: no rows to read")
    first = tables[0]
    return concat_tables([first, *(t for t in tables[1:] if t.columns == first.columns)])


# ------------------------------------------------------------------ workbooks


def check_zip(path: Path) -> None:
    """Refuse archives that are not zips, inflate too far, or name paths outside themselves."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed(f"{name}: not a readable XLSX workbook ({exc})") from None
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise ImportFailed(
            f"{name}: refused: the workbook would inflate to {total:,} bytes "
            f"({total / packed:.0f} times its size), like a zip bomb"
        )
    for info in infos:
        if info.file_size > MAX_XLSX_PART:
            raise ImportFailed(
                f"{name}: refused: its part {info.filename[:80]} would inflate to "
                f"{info.file_size:,} bytes (at most {MAX_XLSX_PART:,})"
            )
        parts = Path(info.filename).parts
        if info.filename.startswith(("/", "\\")) or ".." in parts:
            raise ImportFailed(f"{name}: refused: the archive names a path outside itself ({info.filename})")


def read_workbook(path: Path, *, max_rows: int | None = None) -> list[Table]:
    import openpyxl

    check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise ImportFailed(
            f"{path.name}: not a readable XLSX workbook ({type(exc).__name__}: {exc})"
        ) from None
    tables = []
    budget = _Budget(path.name)
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or not any(h is not None for h in header):
                continue
            names = unique_names([str(h).strip() if h is not None else "" for h in header])
            data: list[list[str] | None] = []
            for values in rows:
                if max_rows and len(data) >= max_rows:
                    break
                if values is None or all(v is None or str(v).strip() == "" for v in values):
                    data.append(None)
                    continue
                cells = [_cell_text(v) for v in values[: len(names)]]
                budget.spend(ws.title, 2 + len(data), cells)
                data.append(cells + [""] * (len(names) - len(cells)))
            # Keep file row numbers: blank rows are dropped after numbering.
            index = [i for i, r in enumerate(data) if r is not None]
            frame = pd.DataFrame([data[i] for i in index], columns=names, dtype=object)
            tables.append(Table(ws.title, names, frame, 2, [], [2 + i for i in index]))
    except ImportFailed:
        raise
    except Exception as exc:
        raise ImportFailed(f"{path.name}: damaged workbook ({type(exc).__name__}: {exc})") from None
    finally:
        wb.close()
    if not tables:
        raise ImportFailed(f"{path.name}: the workbook has no sheet with a header row")
    return tables


class _Budget:
    """Cells and characters read so far from one workbook, refused past the limits."""

    def __init__(self, name: str) -> None:
        self.name, self.cells, self.chars = name, 0, 0

    def spend(self, sheet: str, row: int, cells: list[str]) -> None:
        self.cells += len(cells)
        self.chars += sum(map(len, cells))
        if self.cells > MAX_XLSX_CELLS or self.chars > MAX_XLSX_CHARS:
            raise ImportFailed(
                f"{self.name}: refused at sheet {sheet[:40]!r} row {row}: the workbook holds more than "
                f"{MAX_XLSX_CELLS:,} cells or {MAX_XLSX_CHARS:,} characters (its text is repeated "
                "far beyond the file's size, like a zip bomb)"
            )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)[:MAX_CELL]


def check_size(path: Path) -> int:
    """The file's size; a file that cannot be read or is too large fails the import."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot be read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ImportFailed(f"{path.name}: {size:,} bytes is more than the {MAX_FILE_BYTES:,} an import takes")
    return size


def is_workbook(path: Path) -> bool:
    """An XLSX workbook, by its zip signature or its name."""
    with path.open("rb") as f:
        magic = f.read(4)
    return magic == b"PK\x03\x04" or path.suffix.lower() in XLSX_EXTENSIONS


def read_tables(path: str | Path, *, max_rows: int | None = None) -> list[Table]:
    """Every table in a CSV/TSV/TXT file or XLSX workbook (the first ``max_rows`` rows of
    each when previewing or sniffing)."""
    path = Path(path)
    check_size(path)
    if is_workbook(path):
        return read_workbook(path, max_rows=max_rows)
    return [read_text_table(path, max_rows=max_rows)]
