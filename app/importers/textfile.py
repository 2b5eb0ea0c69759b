"""Delimited text files read in chunks, the way real exports are written.

A carrier's call-detail records can run to millions of rows, so a text file is read as a
stream of :class:`~app.importers.tabular.Table` chunks with bounded memory.  Two readers give
the same answer:

- files without a quote character (most CDR and ledger exports) are split into lines and
  counted in bulk, and the good lines are parsed by pandas' C parser: several times faster;
- anything else (quoted fields, embedded line breaks, old Mac line ends) goes through
  Python's ``csv`` module row by row, which knows RFC 4180 quoting.

Either way every row keeps the file line it came from, blank rows are skipped, and a row
whose field count differs from the header's is reported (never shifted into other columns).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from pathlib import Path

import numpy as np
import pandas as pd

from app.importers.base import ImportFailed

#: Longest cell kept as it is; longer text is cut so one field cannot eat memory.
MAX_CELL = 20_000
#: About how many characters one chunk holds (a CDR row is ~55 characters).
CHUNK_CHARS = 32 * 1024 * 1024
#: Rows per chunk on the row-by-row reader.
CHUNK_ROWS = 500_000
_BLOCK = 16 * 1024 * 1024


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
    row_numbers: list[int] | np.ndarray | None = None

    def row_number(self, index: int) -> int:
        if self.row_numbers is not None and len(self.row_numbers):
            return int(self.row_numbers[index])
        return self.first_row + index

    def row_numbers_or_default(self) -> np.ndarray:
        """The file row of every frame row, as an array."""
        if self.row_numbers is not None and len(self.row_numbers):
            return np.asarray(self.row_numbers, dtype=np.int64)
        return np.arange(self.first_row, self.first_row + len(self.frame), dtype=np.int64)


class TextSource:
    """An encoding and delimiter decided once for the whole file, and its text as a stream.

    ``raw`` (bytes) reads a sample instead of the file, for sniffing and previews.
    """

    def __init__(self, path: Path, raw: bytes | None = None) -> None:
        self.path, self.raw = path, raw
        head = raw[:4096] if raw is not None else _read_head(path)
        if not head.strip() and (raw is not None or path.stat().st_size <= len(head)):
            raise ImportFailed(f"{path.name}: the file is empty")
        self.encoding = self._encoding(head)
        self.quoted, self.lone_cr = self._scan()
        with self.open() as f:
            self.delimiter = _delimiter(f.read(65536))

    def open(self) -> io.TextIOWrapper:
        binary = io.BytesIO(self.raw) if self.raw is not None else self.path.open("rb")
        errors = "strict" if self.encoding == "utf-8" else "replace"
        return io.TextIOWrapper(binary, encoding=self.encoding, errors=errors, newline="")

    def _encoding(self, head: bytes) -> str:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head and head.count(b"\x00") > len(head) // 4:  # UTF-16 without a BOM
            return "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        if b"\x00" in head:
            raise ImportFailed(f"{self.path.name}: binary data, not a text table")
        return "utf-8"

    def _scan(self) -> tuple[bool, bool]:
        """(has a quote character, has a carriage return that does not end a line), and
        UTF-8 checked over the whole file: one failure anywhere makes it cp1252."""
        quoted = lone_cr = False
        try:
            with self.open() as f:
                while block := f.read(_BLOCK):
                    quoted = quoted or '"' in block
                    lone_cr = lone_cr or block.count("\r") != block.count("\r\n")
        except UnicodeDecodeError:
            self.encoding = "cp1252"
            return self._scan()
        return quoted, lone_cr


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(4096)
    except OSError as exc:
        raise ImportFailed(f"{path.name}: cannot be read ({exc.strerror})") from None


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


def unique_names(names: list[str]) -> list[str]:
    """Header names made unique (``x``, ``x_1``…), an empty one called ``column``."""
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


def _check_header(header: list[str], name: str) -> list[str]:
    header = [h.strip() for h in header]
    if not any(header):
        raise ImportFailed(f"{name}: the first row is empty; a header row is expected")
    return unique_names(header)


def _table(name: str, columns: list[str], frame: pd.DataFrame, bad: list, numbers) -> Table:
    return Table(name, columns, frame, 2, bad, numbers)


def iter_text_chunks(
    path: Path,
    *,
    raw: bytes | None = None,
    max_rows: int | None = None,
    chunk_rows: int = CHUNK_ROWS,
    chunk_chars: int | None = None,
    by_rows: bool = False,
) -> Iterator[Table]:
    """The file's rows as :class:`~app.importers.tabular.Table` chunks (the header's
    columns on each; at least one chunk, possibly empty).  ``by_rows`` forces the
    row-by-row reader (the reference the fast one is tested against)."""
    source = TextSource(path, raw)
    if by_rows or source.quoted or source.lone_cr or max_rows:
        yield from _csv_chunks(source, max_rows=max_rows, chunk_rows=chunk_rows)
    else:
        yield from _line_chunks(source, chunk_chars or CHUNK_CHARS)


def _line_chunks(source: TextSource, chunk_chars: int) -> Iterator[Table]:
    """Files without quotes: a line is a row and a delimiter a field boundary, exactly."""
    name, delim = source.path.name, source.delimiter
    with source.open() as f:
        columns = _check_header(f.readline().rstrip("\r\n").split(delim), name)
        width, line_no, emitted = len(columns), 1, False
        while block := f.read(chunk_chars):
            if not block.endswith("\n"):
                block += f.readline()
            lines = block.split("\n")
            if lines[-1] == "":
                lines.pop()
            numbers = np.arange(line_no + 1, line_no + 1 + len(lines))
            line_no += len(lines)
            yield _parse_lines(name, columns, lines, numbers, delim, width)
            emitted = True
        if not emitted:
            yield _table(name, columns, pd.DataFrame(columns=columns, dtype=object), [], np.arange(0))


def _parse_lines(
    name: str, columns: list[str], lines: list[str], numbers: np.ndarray, delim: str, width: int
) -> Table:
    n = len(lines)
    fields = np.fromiter((line.count(delim) for line in lines), dtype=np.int64, count=n) + 1
    blank_chars = delim + " \t\r\x0b\x0c"
    blank = np.fromiter((not line.strip(blank_chars) for line in lines), dtype=bool, count=n)
    good = (fields == width) & ~blank
    bad = [
        (int(numbers[i]), f"{fields[i]} fields where the header has {width}", lines[i].rstrip("\r"))
        for i in np.flatnonzero(~good & ~blank)
    ]
    kept = list(compress(lines, good))
    if not kept:
        return _table(name, columns, pd.DataFrame(columns=columns, dtype=object), bad, numbers[good])
    frame = pd.read_csv(
        io.StringIO("\n".join(kept)),
        header=None,
        names=columns,
        sep=delim,
        dtype=object,
        na_filter=False,
        quoting=csv.QUOTE_NONE,
        skip_blank_lines=False,
        engine="c",
    )
    if len(frame) != len(kept):  # cannot happen without quotes; never guess if it does
        raise ImportFailed(f"{name}: rows could not be counted reliably near line {numbers[0]}")
    if max(map(len, kept)) > MAX_CELL:
        frame = _cut_long_cells(frame, (line.split(delim) for line in kept if len(line) > MAX_CELL))
    if lines[0].endswith("\r"):  # the C parser leaves a CR on the last field of CRLF lines
        last = columns[-1]
        frame[last] = frame[last].str.rstrip("\r")
    return _table(name, columns, frame, bad, numbers[good])


def _cut_long_cells(frame: pd.DataFrame, rows: Iterable[Sequence[str]]) -> pd.DataFrame:
    """Cells cut to ``MAX_CELL`` characters, looking only at the cells of rows longer than
    that in all (a file of 20,000 columns is not gone through column by column)."""
    long_columns = {
        j
        for row in rows
        if sum(map(len, row)) > MAX_CELL
        for j, cell in enumerate(row)
        if len(cell) > MAX_CELL
    }
    for j in sorted(long_columns):
        column = frame.columns[j]
        frame[column] = frame[column].str[:MAX_CELL]
    return frame


class _LineTap:
    """The file's lines to :mod:`csv`, each remembered with its line number, so a row can be
    traced to the lines it was read from and lines can be read again after a bad row."""

    def __init__(self, lines: Iterator[str], first_line: int) -> None:
        self.lines, self.next_line = lines, first_line
        self.pending: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []
        self.eof = False

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        if self.pending:
            item = self.pending.popleft()
        else:
            try:
                item = (self.next_line, next(self.lines))
            except StopIteration:
                self.eof = True
                raise
            self.next_line += 1
        self.taken.append(item)
        return item[1]

    def replay(self, items: list[tuple[int, str]]) -> None:
        """Read ``items`` again before the rest of the file."""
        self.pending.extendleft(reversed(items))
        self.eof = False


def csv_rows(
    lines: Iterator[str], delim: str, width: int, first_line: int = 2
) -> Iterator[tuple[int, list[str] | None, tuple[str, str] | None]]:
    r"""``(line, row, None)`` for each row read, ``(line, None, (reason, raw))`` for each row
    that cannot be, so that no row is ever lost without a trace.

    A quoted field that never closes would swallow the rest of the file into one cell: when
    a row spanning several lines reaches the end of the file, or has the wrong number of
    fields, its first line is quarantined and the lines after it are read again as rows.

    >>> rows = list(csv_rows(iter(['a,b\n', 'x,"y\n', '1,2\n', '3,4\n']), ",", 2, 1))
    >>> [(n, r) for n, r, _ in rows]
    [(1, ['a', 'b']), (2, None), (3, ['1', '2']), (4, ['3', '4'])]
    >>> rows[1][2][1], rows[1][2][0][:51]
    ('x,"y', 'a quoted field opened on this line never closes (un')
    """
    tap = _LineTap(lines, first_line)
    reader = csv.reader(tap, delimiter=delim)
    while True:
        tap.taken = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            taken = tap.taken
            yield (
                taken[0][0] if taken else tap.next_line,
                None,
                (f"unreadable: {exc}", "".join(t for _, t in taken).rstrip("\r\n")),
            )
            reader = csv.reader(tap, delimiter=delim)
            continue
        taken = tap.taken
        if len(taken) > 1 and (tap.eof or len(row) != width):
            yield (
                taken[0][0],
                None,
                (
                    "a quoted field opened on this line never closes (unterminated quote); the "
                    "lines after it were read again as rows",
                    taken[0][1].rstrip("\r\n"),
                ),
            )
            tap.replay(taken[1:])
            reader = csv.reader(tap, delimiter=delim)
            continue
        if not any(cell.strip() for cell in row):
            continue
        line = taken[-1][0] if taken else tap.next_line
        if len(row) != width:
            yield (
                line,
                None,
                (
                    f"{len(row)} fields where the header has {width}",
                    "".join(t for _, t in taken).rstrip("\r\n") or delim.join(row),
                ),
            )
            continue
        yield line, row, None


def _csv_chunks(source: TextSource, *, max_rows: int | None, chunk_rows: int) -> Iterator[Table]:
    """Quoted files: Python's csv module, row by row, with the line each row ends on."""
    name, delim = source.path.name, source.delimiter
    with source.open() as f:
        try:
            header = next(csv.reader([f.readline()], delimiter=delim))
        except (StopIteration, csv.Error) as exc:
            raise ImportFailed(f"{name}: no header row ({exc})") from None
        columns = _check_header(header, name)
        width, total, emitted = len(columns), 0, False
        rows: list[list[str]] = []
        numbers: list[int] = []
        bad: list[tuple[int, str, str]] = []
        for line, row, problem in csv_rows(iter(f), delim, width, 2):
            if max_rows and total >= max_rows:
                break
            if row is None:
                assert problem is not None  # csv_rows gives a reason with every unreadable row
                bad.append((line, *problem))
                continue
            rows.append(row)
            numbers.append(line)
            total += 1
            if len(rows) >= chunk_rows:
                yield _rows_table(name, columns, rows, bad, numbers)
                rows, numbers, bad, emitted = [], [], [], True
        if rows or bad or not emitted:
            yield _rows_table(name, columns, rows, bad, numbers)


def _rows_table(name: str, columns: list[str], rows: list[list[str]], bad: list, numbers: list[int]) -> Table:
    if not rows:
        return _table(name, columns, pd.DataFrame(columns=columns, dtype=object), bad, np.arange(0))
    frame = _cut_long_cells(pd.DataFrame(rows, columns=columns, dtype=object), rows)
    return _table(name, columns, frame, bad, np.asarray(numbers, dtype=np.int64))


def count_lines(path: Path) -> int:
    """Line breaks in the file (for honest progress over a streamed import)."""
    total = 0
    with path.open("rb") as f:
        while block := f.read(_BLOCK):
            total += block.count(b"\n")
    return total
