"""Android's contacts database (``contacts2.db``, also ``calllog.db``): the address book from
``raw_contacts`` and ``data`` (phone rows), and the call log from ``calls``.

The file is opened read-only and immutable, so the exhibit is never modified.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.common import PhoneBook, saved_contact

PHONE_MIME = "vnd.android.cursor.item/phone_v2"
#: Android CallLog.Calls.TYPE: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked.
OUTGOING = 2


def _text(value: object) -> str:
    """A database text column as text: NULL (None, or NaN once pandas has read it) is empty.

    >>> _text(None), _text(float("nan")), _text(" Moussa ")
    ('', '', 'Moussa')
    """
    return "" if value is None or pd.isna(value) else str(value).strip()


def _open(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
        return conn
    except sqlite3.DatabaseError as exc:
        raise ImportFailed(f"{path.name}: not a readable SQLite database ({exc})") from None


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


class AndroidImporter:
    kind = "contacts"
    extensions = (".db", ".sqlite")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        with open(path, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                return 0.0
        conn = _open(Path(path))
        try:
            tables = _tables(conn)
        finally:
            conn.close()
        return 0.95 if "calls" in tables or {"raw_contacts", "data"} <= tables else 0.1

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        conn = _open(p)
        try:
            tables = _tables(conn)
            if not ("calls" in tables or {"raw_contacts", "data"} <= tables):
                raise ImportFailed(
                    f"{ctx.file_name}: an SQLite database, but not Android contacts or call log "
                    f"(tables: {', '.join(sorted(tables)[:10])})"
                )
            contacts = self._contacts(conn) if {"raw_contacts", "data", "mimetypes"} <= tables else None
            calls = pd.read_sql_query("SELECT * FROM calls", conn) if "calls" in tables else None
        except sqlite3.DatabaseError as exc:
            raise ImportFailed(f"{ctx.file_name}: damaged database ({exc})") from None
        finally:
            conn.close()
        records = Records(self.kind)
        book = PhoneBook(ctx, records)
        owner = book.key(ctx.options.owner) if ctx.options.owner else None
        if contacts is not None:
            self._add_contacts(records, book, owner, contacts)
        if calls is not None and len(calls):
            if owner is None:
                raise ImportFailed(
                    f"{ctx.file_name}: the database holds a call log; give the device owner's "
                    "number with --owner so the calls have both ends"
                )
            self._add_calls(records, book, owner, calls)
        return records

    @staticmethod
    def _contacts(conn: sqlite3.Connection) -> pd.DataFrame:
        deleted = (
            "AND r.deleted = 0"
            if "deleted" in {c[1] for c in conn.execute("PRAGMA table_info(raw_contacts)")}
            else ""
        )
        return pd.read_sql_query(
            f"""SELECT r._id AS contact, r.display_name AS name, d.data1 AS number
                FROM raw_contacts r JOIN data d ON d.raw_contact_id = r._id
                JOIN mimetypes m ON m._id = d.mimetype_id
                WHERE m.mimetype = ? {deleted} ORDER BY r._id, d._id""",
            conn,
            params=[PHONE_MIME],
        )

    @staticmethod
    def _add_contacts(records: Records, book: PhoneBook, owner, contacts: pd.DataFrame) -> None:
        records.rows_read += contacts["contact"].nunique()
        for contact, group in contacts.groupby("contact", sort=True):
            keys = [k for k in (book.key(n, int(contact)) for n in group["number"]) if k]
            name = _text(group["name"].iloc[0])
            if not keys:
                records.bad_row(int(contact), f"raw contact {contact} ({name}) has no readable number")
                continue
            saved_contact(records, owner, keys, name, int(contact), person_key=f"person:android:{contact}")

    @staticmethod
    def _add_calls(records: Records, book: PhoneBook, owner: str, calls: pd.DataFrame) -> None:
        records.rows_read += len(calls)
        rows, named = [], set()
        for rec in calls.to_dict("records"):
            row = int(rec.get("_id") or 0)
            other = book.key(rec.get("number"), row)
            try:
                ts = datetime.fromtimestamp(int(rec["date"]) / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S")
            except (TypeError, ValueError, OverflowError, OSError):
                records.bad_row(row, f"unreadable call date {rec.get('date')!r}", str(rec)[:500])
                continue
            if other is None or other == owner:
                records.bad_row(
                    row, "call without the other party's number (private or withheld)", str(rec)[:500]
                )
                continue
            outgoing = int(rec.get("type") or 0) == OUTGOING
            src, dst = (owner, other) if outgoing else (other, owner)
            rows.append(("called", src, dst, row, ts, float(rec.get("duration") or 0)))
            name = _text(rec.get("name"))
            if name and (other, name) not in named:
                named.add((other, name))
                saved_contact(records, None, [other], name, row, person_key=f"person:android-call:{other}")
        records.event_frame = pd.DataFrame(rows, columns=["type", "src", "dst", "row", "ts", "duration"])
