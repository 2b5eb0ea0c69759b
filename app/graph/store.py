"""The case store: the only code in Ariadne that talks to SQLite.

One SQLite file per case, in WAL mode.  Ordinary writes go through sqlite-utils; the bulk
paths of imports (millions of call events) use ``executemany`` inside one transaction,
because row dictionaries cost several times the floor (docs/performance.md).  Callers never
hold a cursor: they get ids, dicts and DataFrames.

Merges never destroy records: every entity keeps its own row and points at the entity it
was merged into through ``canonical``; analyses read the canonical ids.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import sqlite_utils

from app.graph import schema
from app.graph.sqlbits import json_text as _json
from app.graph.sqlbits import now
from app.graph.store_casework import Casework
from app.graph.store_extracted import ExtractedFacts
from app.graph.store_frames import FrameQueries
from app.graph.store_records import RecordWrites
from app.model import Grading, SourceInfo

SQLITE_MAGIC = b"SQLite format 3\x00"


class CaseError(Exception):
    """A case file cannot be opened or used; the message names the file and the problem."""


class CaseBusy(CaseError):
    """Another window or process holds the case's write lock."""


class CaseReadOnly(CaseError):
    """A write asked of a case opened for reading only."""


#: Tables every Ariadne case has, whatever its version: how a case is told from another database.
_CASE_TABLES = {"meta", "entities", "audit"}

#: ``meta`` keys that record what was done with the case rather than what it holds: writing
#: them leaves the case's content mark (and so its kept analyses) as it was.
_BOOKKEEPING_META = {"audit_head", "pseudonym_salt", "revision"}


def _writable(path: Path) -> bool:
    """Whether the case and its folder (where SQLite keeps -wal and -shm) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent if str(path.parent) else ".", os.W_OK)


def _tables_read_only(path: Path) -> set[str] | None:
    """The tables of an SQLite file, read without changing a byte of it.

    The file is opened immutable (SQLite neither locks nor writes it); its -wal, if any, is
    ignored.  When that shows no tables and a -wal lies beside it (a case never
    checkpointed, or another program's database), the file and its -wal are copied to a
    temporary folder and the copy is read.  None when it is not a readable database.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        tables = None
    wal = path.with_name(path.name + "-wal")
    if tables or not wal.exists():
        return tables
    with tempfile.TemporaryDirectory(prefix="ariadne-probe-") as tmp:
        copy = Path(tmp) / "probe.db"
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, Path(tmp) / "probe.db-wal")
        try:
            conn = sqlite3.connect(copy)
            try:
                return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            finally:
                conn.close()
        except sqlite3.DatabaseError:
            return None


def _write_failure(path: Path, exc: BaseException) -> CaseError | None:
    """A clear CaseError for a write SQLite could not make (full disk, read-only file)."""
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return CaseReadOnly(
            f"{path}: the case cannot be written (read-only file or folder); "
            "it was opened for reading only and is unchanged"
        )
    if "disk is full" in text or "disk i/o error" in text or "file too large" in text:
        return CaseError(
            f"{path}: the disk is full (or the file reached the size the system "
            "allows); nothing was written and the case is as it was"
        )
    return None


def _cipher_module():
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise CaseError(
            "encrypted cases need the sqlcipher3 package (pip install 'ariadne[encryption]')"
        ) from exc
    return sqlcipher3


def _db_errors() -> tuple[type[BaseException], ...]:
    """SQLite errors from the standard module and, when installed, from SQLCipher."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def _cipher_connect(path: Path, passphrase: str | None):
    """A SQLCipher connection; with a passphrase, keyed and checked (clear error if wrong).

    Temporary tables and indexes stay in memory so nothing is written in clear to
    temporary files.
    """
    cipher = _cipher_module()
    conn = cipher.connect(str(path), isolation_level=None, timeout=5.0)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if passphrase is not None:
        conn.execute(f"PRAGMA key = '{_quote(passphrase)}'")  # PRAGMA takes no parameters
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except cipher.DatabaseError as exc:
            conn.close()
            raise CaseError(f"{path}: wrong passphrase (or not an Ariadne case)") from exc
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _quote(text: str) -> str:
    return text.replace("'", "''")


class CaseStore(Casework, FrameQueries, ExtractedFacts, RecordWrites):
    """An open case file.

    Examples
    --------
    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "op.ariadne")
    >>> with CaseStore.create(path, title="Op Test", region="LY") as case:
    ...     person = case.add_entity("person", "Salem Haddad")
    ...     case.counts()["entities"]
    1
    """

    def __init__(self, path: str | Path, conn: sqlite3.Connection) -> None:
        self.path = Path(path)
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._depth = 0
        #: changes the latest top-level transaction made to saved analyses, which do not
        #: change the case's content (see :meth:`transaction`)
        self._bookkeeping = 0
        self.encrypted = False
        self.readonly = False

    # ------------------------------------------------------------------ opening
    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        title: str = "",
        region: str = "",
        currency: str = "EUR",
        passphrase: str | None = None,
    ) -> CaseStore:
        """Create a new, empty case; refuse to overwrite an existing file.

        With a ``passphrase`` the whole file (and its WAL) is encrypted with SQLCipher.
        """
        path = Path(path)
        if path.exists():
            raise CaseError(f"{path}: a file already exists there")
        if not path.parent.exists():
            raise CaseError(f"{path}: folder {path.parent} does not exist")
        store = cls._connect(path, passphrase)
        schema.migrate(store.conn)
        with store.transaction():
            store.set_meta("title", title or path.stem)
            store.set_meta("region", (region or "").upper())
            store.set_meta("currency", currency.upper())
            store.set_meta("created_at", now())
            store._seed_rates()
            store.log("case created", {"title": title, "region": region, "encrypted": passphrase is not None})
        return store

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = False,
        region: str = "",
        passphrase: str | None = None,
        readonly: bool | None = None,
    ) -> CaseStore:
        """Open an existing case, migrating it (after a backup copy) if it is older.

        A file that is not an Ariadne case is refused without a byte of it changing.  A case
        that cannot be written (``readonly``, by default when the file or its folder is not
        writable) opens for reading: analyses and exports work, writes are refused.
        """
        path = Path(path)
        if not path.exists():
            if create:
                return cls.create(path, region=region, passphrase=passphrase)
            raise CaseError(f"{path}: no such case file")
        if path.is_dir():
            raise CaseError(f"{path}: is a folder, not a case file")
        with open(path, "rb") as fh:
            head = fh.read(16)
        if not head:
            raise CaseError(f"{path}: an empty file, not an Ariadne case")
        if head != SQLITE_MAGIC and passphrase is None:
            raise CaseError(
                f"{path}: not an Ariadne case (not an SQLite database), or an "
                "encrypted case: give its passphrase"
            )
        if head == SQLITE_MAGIC and passphrase is not None:
            raise CaseError(f"{path}: this case is not encrypted; open it without a passphrase")
        if passphrase is None:
            tables = _tables_read_only(path)
            if tables is None:
                raise CaseError(f"{path}: a damaged SQLite database, not a readable Ariadne case")
            if tables and not tables >= _CASE_TABLES:
                raise CaseError(
                    f"{path}: an SQLite database, but not an Ariadne case "
                    f"(tables: {', '.join(sorted(tables)[:8])}); it was not changed"
                )
            if not tables and not create:
                raise CaseError(f"{path}: an empty SQLite database, not an Ariadne case; it was not changed")
        if readonly is None:
            readonly = not _writable(path)
        store = cls._connect(path, passphrase, readonly=readonly)
        try:
            found = schema.version_of(store.conn)
            if found == 0 and store._table_names():
                raise CaseError(f"{path}: an SQLite database, but not an Ariadne case")
            if readonly:
                if found < schema.SCHEMA_VERSION:
                    raise CaseError(
                        f"{path}: the case is read-only and was written by an older "
                        "version; copy it to a writable folder to open it"
                    )
                schema.migrate(store.conn)  # only checks that the version is not newer
            else:
                if 0 < found < schema.SCHEMA_VERSION:
                    store._backup_before_migration(found)
                schema.migrate(store.conn)
        except _db_errors() + (ValueError,) as exc:
            store.close()
            raise (_write_failure(path, exc) or CaseError(f"{path}: {exc}")) from exc
        except CaseError:
            store.close()
            raise
        return store

    @classmethod
    def _connect(cls, path: Path, passphrase: str | None = None, *, readonly: bool = False) -> CaseStore:
        conn = None
        try:
            if readonly and passphrase is None:
                conn = cls._connect_read_only(path)
            elif passphrase is None:
                conn = sqlite3.connect(path, isolation_level=None, timeout=5.0, check_same_thread=True)
            else:
                conn = _cipher_connect(path, passphrase)
                if readonly:
                    conn.execute("PRAGMA query_only = ON")
            if not readonly:
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # A large page cache keeps the indexes of a million-row import in memory, and
            # temporary tables stay in memory too: nothing of the case reaches a temp file.
            conn.execute("PRAGMA cache_size=-262144")
            conn.execute("PRAGMA temp_store=MEMORY")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=5000")
        except _db_errors() as exc:
            if conn is not None:
                with suppress(*_db_errors()):
                    conn.close()
            raise (_write_failure(path, exc) or CaseError(f"{path}: {exc}")) from exc
        store = cls(path, conn)
        store.encrypted = passphrase is not None
        store.readonly = readonly
        return store

    @staticmethod
    def _connect_read_only(path: Path) -> sqlite3.Connection:
        """A connection that cannot write: SQLite's read-only mode, or immutable when the
        folder does not even allow SQLite its shared-memory file (no -wal to read then)."""
        uri = path.resolve().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None, timeout=5.0)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            conn.close()
            if path.with_name(path.name + "-wal").exists():
                raise
            conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
        conn.execute("PRAGMA query_only = ON")
        return conn

    def encrypted_copy(self, target: str | Path, passphrase: str) -> Path:
        """Write an encrypted copy of this (clear) case to ``target`` with SQLCipher's
        ``sqlcipher_export``; the clear original is left for the analyst to delete."""
        target = Path(target)
        if target.exists():
            raise CaseError(f"{target}: a file already exists there")
        if not passphrase:
            raise CaseError("an empty passphrase protects nothing")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn = _cipher_connect(self.path, None)
        try:
            conn.execute("ATTACH DATABASE ? AS enc KEY ?", (str(target), passphrase))
            conn.execute("SELECT sqlcipher_export('enc')")
            conn.execute(f"PRAGMA enc.user_version = {self.schema_version}")
            conn.execute("DETACH DATABASE enc")
        finally:
            conn.close()
        with CaseStore.open(target, passphrase=passphrase) as enc, enc.transaction():
            enc.log("case encrypted", {"from": self.path.name})
        return target

    def _table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]

    def _backup_before_migration(self, version: int) -> Path:
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        self.backup(target)
        return target

    def backup(self, target: str | Path) -> Path:
        """Write a consistent copy of the case (SQLite's online backup) to ``target``."""
        target = Path(target)
        tmp = target.with_name(target.name + ".part")
        if self.encrypted:
            # The encrypted pages are copied as they are: the copy needs the same passphrase.
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(self.path, tmp)
        else:
            dest = sqlite3.connect(tmp)
            try:
                self.conn.backup(dest)
            finally:
                dest.close()
        shutil.move(tmp, target)
        return target

    def close(self) -> None:
        if not self.readonly:
            with suppress(*_db_errors()):
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: commit on success, roll back on any exception (cancel included).

        Nested calls join the outer transaction through a savepoint.
        """
        self.require_writable()
        if self._depth == 0:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except _db_errors() as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise CaseBusy(
                        f"{self.path}: the case is busy (another window or process is writing); "
                        "try again when it has finished"
                    ) from exc
                raise (_write_failure(self.path, exc) or exc) from exc
            statement_ok, statement_fail = "COMMIT", "ROLLBACK"
            changes_before, self._bookkeeping = self.conn.total_changes, 0
        else:
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            statement_ok, statement_fail = f"RELEASE {name}", f"ROLLBACK TO {name}; RELEASE {name}"
        self._depth += 1
        try:
            yield
        except BaseException as exc:
            self._depth -= 1
            self._undo(statement_fail)
            clear = _write_failure(self.path, exc) if isinstance(exc, _db_errors()) else None
            if clear is not None:
                raise clear from exc
            raise
        self._depth -= 1
        if self._depth == 0 and self.conn.total_changes - changes_before > self._bookkeeping:
            # the content changed: analyses saved before no longer describe it
            self.conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
        try:
            self.conn.execute(statement_ok)
        except _db_errors() as exc:  # a COMMIT that cannot be written (full disk)
            self._undo(statement_fail)
            raise (_write_failure(self.path, exc) or exc) from exc

    def _undo(self, statements: str) -> None:
        for statement in statements.split("; "):
            with suppress(*_db_errors()):  # SQLite may have rolled back already (full disk)
                self.conn.execute(statement)

    def refresh_statistics(self) -> None:
        """Let SQLite's planner know the tables' shapes again after a large write (an import):
        without them it can pick a scan of every event per identifier where an index lookup
        takes milliseconds (docs/performance.md). Sampled, so it stays quick on large cases."""
        if self.readonly:
            return
        with suppress(*_db_errors()):  # statistics are an optimisation; never fail an import on them
            self.conn.execute("PRAGMA analysis_limit = 1000")
            self.conn.execute("ANALYZE")

    def require_writable(self) -> None:
        """Refuse, before any work, what would write into a case opened for reading only."""
        if self.readonly:
            raise CaseReadOnly(
                f"{self.path}: the case is read-only (the file or its folder cannot "
                "be written), so it was opened for reading; nothing was changed"
            )

    @contextmanager
    def deferred_indexes(self, rows: int) -> Iterator[None]:
        """Inside a transaction: for a bulk write of ``rows`` events larger than the case
        already holds, drop the indexes random-order inserts are slow to maintain, and
        build them again at the end (a rollback restores them with everything else)."""
        held = int(self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])
        if rows < max(100_000, held):
            yield
            return
        for name in schema.BULK_INDEXES:
            self.conn.execute(f"DROP INDEX IF EXISTS {name}")
        yield
        for statement in schema.BULK_INDEXES.values():
            self.conn.execute(statement)

    # ---------------------------------------------------------------- metadata
    def get_meta(self, key: str, default: str = "") -> str:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row and row[0] is not None else default

    def set_meta(self, key: str, value: str) -> None:
        before = self.conn.total_changes
        self.db["meta"].upsert({"key": key, "value": value}, pk="key")
        if key in _BOOKKEEPING_META:
            self._bookkeeping += self.conn.total_changes - before

    @property
    def title(self) -> str:
        return self.get_meta("title")

    @property
    def region(self) -> str:
        return self.get_meta("region")

    @property
    def currency(self) -> str:
        return self.get_meta("currency", "EUR")

    @property
    def schema_version(self) -> int:
        return schema.version_of(self.conn)

    # ------------------------------------------------------------------- rates
    def _seed_rates(self) -> None:
        from app.currency import default_rates

        as_of, rates = default_rates()
        self.db["rates"].insert_all(
            [{"currency": c, "per_unit": r, "as_of": as_of} for c, r in rates.items()],
            pk="currency",
            replace=True,
        )

    def rates(self) -> dict[str, float]:
        """Value of one unit of each currency in EUR (the rates table the analyst edits)."""
        return {r[0]: r[1] for r in self.conn.execute("SELECT currency, per_unit FROM rates")}

    def set_rate(self, currency: str, per_unit_eur: float, as_of: str = "") -> None:
        if per_unit_eur <= 0:
            raise ValueError(f"a rate must be positive, not {per_unit_eur}")
        with self.transaction():
            self.db["rates"].upsert(
                {"currency": currency.upper(), "per_unit": per_unit_eur, "as_of": as_of or now()},
                pk="currency",
            )
            self.log("rate changed", {"currency": currency.upper(), "per_unit_eur": per_unit_eur})

    # ----------------------------------------------------------------- sources
    def add_source(self, info: SourceInfo, *, rows_read: int = 0, attrs: dict | None = None) -> int:
        return (
            self.db["sources"]
            .insert(
                {
                    "file_name": info.file_name,
                    "path": info.path,
                    "sha256": info.sha256,
                    "size": info.size,
                    "kind": info.kind,
                    "imported_at": now(),
                    "reliability": info.grading.reliability,
                    "credibility": info.grading.credibility,
                    "handling": info.handling,
                    "owner": info.owner,
                    "exhibit": info.exhibit,
                    "rows_read": rows_read,
                    "attrs": json.dumps(attrs or {}, ensure_ascii=False, sort_keys=True),
                }
            )
            .last_pk
        )

    def set_source_rows(self, source_id: int, rows_read: int) -> None:
        self.conn.execute("UPDATE sources SET rows_read=? WHERE id=?", (rows_read, source_id))

    def source_by_sha(self, sha256: str) -> dict | None:
        rows = list(self.db["sources"].rows_where("sha256 = ?", [sha256], limit=1))
        return rows[0] if rows else None

    def sources(self) -> list[dict]:
        return list(self.db["sources"].rows_where(order_by="id"))

    def source(self, source_id: int) -> dict:
        return self.db["sources"].get(source_id)

    def set_grading(self, source_id: int, grading: Grading) -> None:
        with self.transaction():
            old = self.source(source_id)
            self.db["sources"].update(
                source_id, {"reliability": grading.reliability, "credibility": grading.credibility}
            )
            self.log(
                "grading changed",
                {
                    "source": source_id,
                    "file": old["file_name"],
                    "from": f"{old['reliability']}{old['credibility']}",
                    "to": str(grading),
                },
            )

    # ---------------------------------------------------------------- entities
    def add_entity(
        self,
        type: str,
        label: str = "",
        attrs: dict | None = None,
        *,
        source_id: int | None = None,
        row: int | None = None,
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO entities(type, label, attrs, canonical, created_at) VALUES (?,?,?,0,?)",
            (type, label, _json(attrs or {}), now()),
        )
        entity_id = int(cur.lastrowid or 0)
        self.conn.execute("UPDATE entities SET canonical=id WHERE id=?", (entity_id,))
        if source_id is not None:
            self.add_evidence("entity", entity_id, source_id, row)
        return entity_id

    def entity(self, entity_id: int) -> dict:
        row = self.conn.execute(
            "SELECT id, type, label, attrs, canonical FROM entities WHERE id=?", (entity_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no entity {entity_id}")
        return {
            "id": row[0],
            "type": row[1],
            "label": row[2],
            "attrs": json.loads(row[3]),
            "canonical": row[4],
        }

    def canonical(self, entity_id: int) -> int:
        row = self.conn.execute("SELECT canonical FROM entities WHERE id=?", (entity_id,)).fetchone()
        if row is None:
            raise KeyError(f"no entity {entity_id}")
        return int(row[0])

    def members(self, entity_id: int) -> list[int]:
        """Every original entity that is now part of ``entity_id``'s canonical entity."""
        root = self.canonical(entity_id)
        return [
            r[0] for r in self.conn.execute("SELECT id FROM entities WHERE canonical=? ORDER BY id", (root,))
        ]

    def update_entity(self, entity_id: int, *, label: str | None = None, attrs: dict | None = None) -> None:
        """Set the label and/or merge ``attrs`` into the entity's attributes."""
        if attrs:
            current = self.entity(entity_id)["attrs"]
            current.update(attrs)
            self.conn.execute("UPDATE entities SET attrs=? WHERE id=?", (_json(current), entity_id))
        if label is not None:
            self.conn.execute("UPDATE entities SET label=? WHERE id=?", (label, entity_id))

    def search_entities(self, text: str, *, limit: int = 200) -> list[dict]:
        """Canonical entities whose label, name or identifier contains ``text`` (taken
        literally: ``%`` and ``_`` in a name are characters, not wildcards)."""
        escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        rows = self.conn.execute(
            r"""SELECT DISTINCT e.canonical FROM entities e
               LEFT JOIN identifiers i ON i.entity_id = e.id
               WHERE e.label LIKE ? ESCAPE '\' OR i.value LIKE ? ESCAPE '\' OR i.raw LIKE ? ESCAPE '\'
               LIMIT ?""",
            (like, like, like, limit),
        ).fetchall()
        return [self.entity(r[0]) for r in rows]

    # ------------------------------------------------------------- identifiers
    def add_identifier(
        self, entity_id: int, kind: str, value: str, raw: str = "", source_id: int | None = None
    ) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO identifiers(entity_id, kind, value, raw, source_id) VALUES (?,?,?,?,?)",
            (entity_id, kind, value, raw or value, source_id),
        )

    def entity_by_identifier(self, kind: str, value: str) -> int | None:
        row = self.conn.execute(
            "SELECT e.canonical FROM identifiers i JOIN entities e ON e.id = i.entity_id "
            "WHERE i.kind=? AND i.value=? LIMIT 1",
            (kind, value),
        ).fetchone()
        return int(row[0]) if row else None

    def identifiers(self, entity_id: int) -> list[dict]:
        """Identifiers of every member of the entity's canonical group."""
        root = self.canonical(entity_id)
        rows = self.conn.execute(
            """SELECT i.entity_id, i.kind, i.value, i.raw, i.source_id FROM identifiers i
               JOIN entities e ON e.id = i.entity_id WHERE e.canonical=? ORDER BY i.id""",
            (root,),
        )
        keys = ("entity_id", "kind", "value", "raw", "source_id")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def ensure_entity(
        self,
        type: str,
        kind: str,
        value: str,
        *,
        label: str = "",
        raw: str = "",
        source_id: int | None = None,
        row: int | None = None,
    ) -> tuple[int, bool]:
        """Get or create the entity that a unique identifier names; return (id, created)."""
        found = self.entity_by_identifier(kind, value)
        if found is not None:
            return found, False
        entity_id = self.add_entity(type, label or value, source_id=source_id, row=row)
        self.add_identifier(entity_id, kind, value, raw, source_id)
        return entity_id, True

    def identifier_map(self, kind: str) -> dict[str, int]:
        """value -> canonical entity id, for every identifier of ``kind`` (bulk lookups)."""
        return dict(
            self.conn.execute(
                "SELECT i.value, e.canonical FROM identifiers i JOIN entities e ON e.id=i.entity_id "
                "WHERE i.kind=?",
                (kind,),
            )
        )

    def bulk_ensure_entities(
        self, type: str, kind: str, values: dict[str, str], *, source_id: int | None = None
    ) -> tuple[dict[str, int], set[str]]:
        """Get or create one entity per identifier value in one pass.

        ``values`` maps normalised value -> raw form.  Returns (value -> canonical id, the
        values created).  Used by bulk imports (a CDR names tens of thousands of phones).
        """
        known = self._identifiers_among(kind, list(values))
        missing = [v for v in values if v not in known]
        if missing:
            stamp = now()
            start = self.next_id("entities")
            ids = range(start, start + len(missing))
            self.conn.executemany(
                "INSERT INTO entities(id, type, label, attrs, canonical, created_at) VALUES (?,?,?,'{}',?,?)",
                ((i, type, v, i, stamp) for i, v in zip(ids, missing, strict=True)),
            )
            self.conn.executemany(
                "INSERT INTO identifiers(entity_id, kind, value, raw, source_id) VALUES (?,?,?,?,?)",
                ((i, kind, v, values[v], source_id) for i, v in zip(ids, missing, strict=True)),
            )
            if source_id is not None:
                self.conn.executemany(
                    "INSERT INTO evidence(item, item_id, source_id, row, note) VALUES ('entity',?,?,NULL,'')",
                    ((i, source_id) for i in ids),
                )
            known.update(zip(missing, ids, strict=True))
        return {v: known[v] for v in values}, set(missing)

    def _identifiers_among(self, kind: str, values: list[str]) -> dict[str, int]:
        """value -> canonical entity for those of ``values`` the case has (few: by index)."""
        if len(values) > 20_000:
            everything = self.identifier_map(kind)
            return {v: everything[v] for v in values if v in everything}
        found: dict[str, int] = {}
        for start in range(0, len(values), 500):
            part = values[start : start + 500]
            found.update(
                self.conn.execute(
                    "SELECT i.value, e.canonical FROM identifiers i JOIN entities e ON e.id=i.entity_id "
                    f"WHERE i.kind=? AND i.value IN ({','.join('?' * len(part))})",
                    [kind, *part],
                )
            )
        return found
