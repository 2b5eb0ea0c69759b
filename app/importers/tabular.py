"""Reading tables the way real exports are: any of the usual encodings and delimiters, XLSX
sheet by sheet, headers in English or French, broken rows reported rather than shifted.

Every cell is read as text; importers decide what a value means.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from app.importers.base import ImportFailed

#: A file larger than this is refused before reading (10 million CDR rows are ~600 MB).
MAX_FILE_BYTES = 4 * 1024**3
#: XLSX: refuse archives that inflate beyond this, or by more than this ratio (zip bombs).
MAX_XLSX_UNCOMPRESSED = 1024**3
MAX_XLSX_RATIO = 200
#: Longest cell kept as it is; longer text is cut (and the row noted) so one field cannot eat memory.
MAX_CELL = 20_000

TEXT_EXTENSIONS = (".csv", ".tsv", ".txt", ".tab")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")


@dataclass
class Table:
    """One sheet or one delimited file: header names, the rows as text, and the file row
    number of the first data row (so quarantine can name the row as the analyst sees it)."""

    name: str
    columns: list[str]
    frame: pd.DataFrame
    first_row: int = 2
    bad_rows: list[tuple[int, str, str]] | None = None  # (row, reason, raw)
    #: the file row of each frame row (blank and broken rows are skipped)
    row_numbers: list[int] | None = None

    def row_number(self, index: int) -> int:
        return self.row_numbers[index] if self.row_numbers else self.first_row + index


def normalise_header(name: object) -> str:
    """Column names compared without case, accents, spaces, underscores or hyphens.

    >>> normalise_header(" Numéro_Appelé ")
    'numeroappele'
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in text.casefold() if ch.isalnum())


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
            f"{', '.join(map(str, columns)) or 'none'}); use --kind or a column mapping"
        )
    return found


# ------------------------------------------------------------------ text files


def _decode(raw: bytes, file_name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    sample = raw[:4096]
    if sample and sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without a BOM
        return raw.decode("utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be", errors="replace")
    if b"\x00" in sample:
        raise ImportFailed(f"{file_name}: binary data, not a text table")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    head = [line for line in text.splitlines()[:20] if line.strip()]
    if not head:
        return ","
    best, best_score = ",", -1.0
    for d in (",", ";", "\t", "|"):
        counts = [line.count(d) for line in head]
        if counts[0] == 0:
            continue
        steady = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = steady * 10 + min(counts[0], 50) / 50
        if score > best_score:
            best, best_score = d, score
    return best


def read_text_table(path: Path, raw: bytes | None = None, *, max_rows: int | None = None) -> Table:
    name = path.name
    if raw is None:
        with path.open("rb") as f:
            raw = f.read(256 * 1024 if max_rows else -1)
        if max_rows and b"\n" in raw:  # whole lines only when sampling
            raw = raw[: raw.rindex(b"\n") + 1]
    if not raw.strip():
        raise ImportFailed(f"{name}: the file is empty")
    text = _decode(raw, name)
    delim = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFailed(f"{name}: no header row ({exc})") from None
    header = [h.strip() for h in header]
    if not any(header):
        raise ImportFailed(f"{name}: the first row is empty; a header row is expected")
    width = len(header)
    rows, bad, numbers = [], [], []
    try:
        for row in reader:
            number = reader.line_num
            if max_rows and len(rows) >= max_rows:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                bad.append(
                    (number, f"{len(row)} fields where the header has {width}", delim.join(row)[:2000])
                )
                continue
            rows.append([cell[:MAX_CELL] for cell in row])
            numbers.append(number)
    except csv.Error as exc:
        raise ImportFailed(f"{name}: unreadable at row {reader.line_num}: {exc}") from None
    frame = (
        pd.DataFrame(rows, columns=_unique(header), dtype=object)
        if rows
        else pd.DataFrame(columns=_unique(header), dtype=object)
    )
    return Table(name, list(frame.columns), frame, 2, bad, numbers)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = n or "column"
        if n in seen:
            seen[n] += 1
            n = f"{n}_{seen[n]}"
        else:
            seen[n] = 0
        out.append(n)
    return out


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
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or not any(h is not None for h in header):
                continue
            names = _unique([str(h).strip() if h is not None else "" for h in header])
            data = []
            for values in rows:
                if max_rows and len(data) >= max_rows:
                    break
                if values is None or all(v is None or str(v).strip() == "" for v in values):
                    data.append(None)
                    continue
                cells = [_cell_text(v) for v in values[: len(names)]]
                data.append(cells + [""] * (len(names) - len(cells)))
            # Keep file row numbers: blank rows are dropped after numbering.
            index = [i for i, r in enumerate(data) if r is not None]
            frame = pd.DataFrame([data[i] for i in index], columns=names, dtype=object)
            tables.append(Table(ws.title, names, frame, 2, [], [2 + i for i in index]))
    except Exception as exc:
        raise ImportFailed(f"{path.name}: damaged workbook ({type(exc).__name__}: {exc})") from None
    finally:
        wb.close()
    if not tables:
        raise ImportFailed(f"{path.name}: the workbook has no sheet with a header row")
    return tables


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)[:MAX_CELL]


def read_tables(path: str | Path, *, max_rows: int | None = None) -> list[Table]:
    """Every table in a CSV/TSV/TXT file or XLSX workbook (the first ``max_rows`` rows of
    each when previewing or sniffing)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot be read ({exc.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise ImportFailed(f"{path.name}: {size:,} bytes is more than the {MAX_FILE_BYTES:,} an import takes")
    with path.open("rb") as f:
        magic = f.read(4)
    if magic == b"PK\x03\x04" or path.suffix.lower() in XLSX_EXTENSIONS:
        return read_workbook(path, max_rows=max_rows)
    return [read_text_table(path, max_rows=max_rows)]
