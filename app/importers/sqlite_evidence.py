"""Opening a seized phone's SQLite database without changing it, and saying why one cannot be read.

The evidence is never written to.  SQLite writes to a database it opens (a ``-wal`` is
checkpointed into the main file, a ``-shm`` is created) unless told not to, and the newest rows
of a phone's database often live only in its ``-wal``.  So:

- without a ``-wal`` beside it, the file is opened ``mode=ro&immutable=1`` in place;
- with one, the database, its ``-wal`` and ``-shm`` are copied into a temporary folder and the
  copy is opened, so SQLite can replay the WAL into the copy; the originals stay byte-identical.

A file that is not SQLite is named for what it most likely is: a WhatsApp ``.cryptNN`` backup,
Signal's SQLCipher database, or another encrypted database, with the message that a decrypted
copy is needed.
"""

from __future__ import annotations

import math
import re
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.importers.base import ImportFailed

SQLITE_MAGIC = b"SQLite format 3\x00"
#: first bytes of compressed files that are not databases (photos, audio, archives, PDF)
_KNOWN_MAGIC = (
    b"\xff\xd8\xff",
    b"\x89PNG",
    b"GIF8",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\x1aE\xdf\xa3",
    b"#!AMR",
    b"caff",
    b"bplist",
)
_CRYPT = re.compile(r"\.crypt(\d+)$", re.IGNORECASE)


@dataclass
class Schema:
    """Table name -> its column names, all lower case (SQLite names are case-insensitive)."""

    tables: dict[str, set[str]] = field(default_factory=dict)

    def has(self, table: str, *columns: str) -> bool:
        cols = self.tables.get(table.lower())
        return cols is not None and all(c.lower() in cols for c in columns)

    def columns(self, table: str) -> set[str]:
        return self.tables.get(table.lower(), set())


def is_sqlite(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _entropy(data: bytes) -> float:
    """Bits per byte: near 8 for encrypted or compressed data, far lower for anything else."""
    if not data:
        return 0.0
    counts = Counter(data)
    n = len(data)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def encrypted_kind(path: str | Path) -> str | None:
    """What an encrypted phone database is, or None when the file does not look encrypted.

    The content decides (a SQLite database is never called encrypted); the name only helps to
    say *which* encrypted database it is.

    >>> encrypted_kind(__file__) is None
    True
    """
    p = Path(path)
    if is_sqlite(p):
        return None
    try:
        with p.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    if len(head) < 512 or head.startswith(_KNOWN_MAGIC) or head[4:8] == b"ftyp" or _entropy(head[64:]) < 7.2:
        return None  # too small to tell, a photo, video or archive, or not random enough
    name = p.name.lower()
    crypt = _CRYPT.search(name)
    if crypt:
        return (
            f"a WhatsApp encrypted backup (crypt{crypt.group(1)}): decrypt it with the key from "
            "/data/data/com.whatsapp/files/key (or the 64-digit end-to-end backup key) and import "
            "the decrypted msgstore.db"
        )
    if "securesms" in str(p).lower() or name.startswith("signal"):
        return (
            "Signal's database, encrypted with SQLCipher: decrypt it with the key kept in the "
            "phone's keystore (a forensic tool does this) and import the decrypted copy"
        )
    if p.suffix.lower() in (".db", ".sqlite", ".sqlite3", ".sqlitedb", ".storedata", "") or "crypt" in name:
        return (
            "an encrypted database (SQLCipher or the app's own encryption), not plain SQLite: "
            "a decrypted copy is needed"
        )
    return None


def _wal(path: Path) -> Path | None:
    wal = path.with_name(path.name + "-wal")
    return wal if wal.is_file() and wal.stat().st_size > 0 else None


def _refuse(path: Path, exc: Exception | None = None) -> ImportFailed:
    kind = encrypted_kind(path)
    if kind:
        return ImportFailed(f"{path.name}: {kind}")
    detail = f" ({exc})" if exc else ""
    return ImportFailed(f"{path.name}: not a readable SQLite database, damaged or truncated{detail}")


@contextmanager
def open_evidence(path: str | Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection on ``path`` that never changes it (see the module docstring).

    Raises :class:`ImportFailed` naming the file when it is not a readable SQLite database.
    """
    p = Path(path)
    if not is_sqlite(p):
        raise _refuse(p)
    tmp = None
    try:
        if _wal(p) is not None:
            tmp = tempfile.mkdtemp(prefix="ariadne-db-")
            copy = Path(tmp) / p.name
            for suffix in ("", "-wal", "-shm"):
                part = p.with_name(p.name + suffix)
                if part.is_file():
                    shutil.copyfile(part, copy.with_name(copy.name + suffix))
            conn = sqlite3.connect(copy)  # the copy: SQLite may replay the WAL into it
        else:
            conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _refuse(p, exc) from None
        try:
            yield conn
        except sqlite3.DatabaseError as exc:
            raise ImportFailed(f"{p.name}: damaged database, reading stopped ({exc})") from None
        finally:
            conn.close()
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def read_schema(conn: sqlite3.Connection) -> Schema:
    schema = Schema()
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")]
    for name in names:
        try:
            cols = {r[1].lower() for r in conn.execute(f'PRAGMA table_info("{name}")')}
        except sqlite3.DatabaseError:
            cols = set()
        schema.tables[name.lower()] = cols
    return schema


def schema_of(path: str | Path) -> Schema | None:
    """The tables and columns of a SQLite file, or None when it is not one (cheap: the
    schema lives in the first pages, so the file is opened in place, immutable)."""
    p = Path(path)
    if not is_sqlite(p):
        return None
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            schema = read_schema(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    if not schema.tables and _wal(p) is not None:  # created and never checkpointed
        try:
            with open_evidence(p) as conn:
                schema = read_schema(conn)
        except ImportFailed:
            return None
    return schema


def database_overview(path: str | Path):
    """A database's tables, their row counts and columns: what the import dialog previews."""
    import pandas as pd

    with open_evidence(path) as conn:
        schema = read_schema(conn)
        rows = []
        for table, cols in sorted(schema.tables.items()):
            try:
                count = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            except sqlite3.DatabaseError:
                count = None
            rows.append((table, count, ", ".join(sorted(cols))[:200]))
    return pd.DataFrame(rows, columns=["table", "rows", "columns"]).sort_values("rows", ascending=False)
