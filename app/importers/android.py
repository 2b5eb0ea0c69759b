"""Android's own databases: the address book (``contacts2.db``, new and old layouts), the call
log (``calls`` in ``calllog.db``, or in ``contacts2.db`` before Android 7) and SMS/MMS
(``mmssms.db``: ``sms``, and ``pdu`` with ``addr``, ``part`` and ``canonical_addresses``).

Each reader takes an open connection (see :mod:`app.importers.sqlite_evidence`, which never
changes the exhibit) and the database's schema, and fills a :class:`Records` batch.
"""

from __future__ import annotations

import sqlite3

import pandas as pd

from app.importers.common import saved_contact
from app.importers.phonedb_common import Messaging, iso_from_unix, text
from app.importers.sqlite_evidence import Schema

PHONE_MIME = "vnd.android.cursor.item/phone_v2"
#: Android CallLog.Calls.TYPE: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected,
#: 6 blocked, 7 answered on another device.
CALL_DIRECTION = {1: "in", 2: "out", 3: "missed", 4: "in", 5: "missed", 6: "missed", 7: "in"}
#: Telephony.Sms.TYPE: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
SMS_OUT = {2, 4, 5, 6}
#: PduHeaders address types: FROM 137, TO 151, CC 130, BCC 129.
PDU_FROM, PDU_TO = 137, (151, 130, 129)
_ME_TOKEN = "insert-address-token"


def _text(value: object) -> str:
    """A database text column as text: NULL (None, or NaN once pandas has read it) is empty.

    >>> _text(None), _text(float("nan")), _text(" Moussa ")
    ('', '', 'Moussa')
    """
    return text(value)


# ------------------------------------------------------------------ detection
def is_contacts(schema: Schema) -> bool:
    return (
        schema.has("raw_contacts", "_id")
        and schema.has("data", "raw_contact_id", "data1")
        or (schema.has("people", "_id", "name") and schema.has("phones", "person", "number"))
    )


def is_call_log(schema: Schema) -> bool:
    return schema.has("calls", "number", "date", "duration", "type")


def is_sms(schema: Schema) -> bool:
    return schema.has("sms", "address", "date", "type", "body") or schema.has("pdu", "msg_box")


# ------------------------------------------------------------------ contacts
def read_contacts(conn: sqlite3.Connection, schema: Schema, m: Messaging) -> None:
    """Saved contacts: a person per raw contact with the numbers saved for it (deleted raw
    contacts, which are sync tombstones, are left out)."""
    if schema.has("raw_contacts", "_id") and schema.has("mimetypes", "mimetype"):
        deleted = "AND r.deleted = 0" if schema.has("raw_contacts", "deleted") else ""
        name = "r.display_name" if schema.has("raw_contacts", "display_name") else "NULL"
        frame = pd.read_sql_query(
            f"""SELECT r._id AS contact, {name} AS name, d.data1 AS number
                FROM raw_contacts r JOIN data d ON d.raw_contact_id = r._id
                JOIN mimetypes m ON m._id = d.mimetype_id
                WHERE m.mimetype = ? {deleted} ORDER BY r._id, d._id""",
            conn,
            params=[PHONE_MIME],
        )
    elif schema.has("people", "_id", "name"):  # Android 1.x contacts.db
        frame = pd.read_sql_query(
            "SELECT p._id AS contact, p.name AS name, ph.number AS number FROM people p "
            "JOIN phones ph ON ph.person = p._id ORDER BY p._id, ph._id",
            conn,
        )
    else:
        return
    records, book = m.records, m.book
    owner = m.owner_phone()
    records.rows_read += frame["contact"].nunique()
    for contact, group in frame.groupby("contact", sort=True):
        keys = [k for k in (book.key(n, int(contact)) for n in group["number"]) if k]
        label = _text(group["name"].iloc[0])
        if not keys:
            records.bad_row(int(contact), f"raw contact {contact} ({label}) has no readable number")
            continue
        saved_contact(records, owner, keys, label, int(contact), person_key=f"person:android:{contact}")


# ----------------------------------------------------------------- call log
def read_calls(conn: sqlite3.Connection, schema: Schema, m: Messaging) -> None:
    cols = schema.columns("calls")
    name = "name" if "name" in cols else "NULL"
    sql = f"SELECT _id, number, date, duration, type, {name} FROM calls ORDER BY _id"
    rows = conn.execute(sql).fetchall()
    if not rows:
        return
    owner = m.require_owner()
    records = m.records
    records.rows_read += len(rows)
    stamps = iso_from_unix([r[2] for r in rows], scale=1000)
    named: set[tuple[str, str]] = set()
    for (row, number, _date, duration, kind, saved), ts in zip(rows, stamps, strict=True):
        other = m.book.key(number, row)
        if other is None or other == owner:
            records.bad_row(
                row,
                "call without the other party's number (private or withheld)",
                f"{number!r} {_date} {duration}",
            )
            continue
        direction = CALL_DIRECTION.get(int(kind or 0), "in")
        src, dst = (owner, other) if direction == "out" else (other, owner)
        m.event("called", src, dst, row, ts, direction=direction, duration=float(duration or 0))
        label = _text(saved)
        if label and (other, label) not in named:
            named.add((other, label))
            saved_contact(records, None, [other], label, row, person_key=f"person:android-call:{other}")


# ---------------------------------------------------------------------- SMS
def read_sms(conn: sqlite3.Connection, schema: Schema, m: Messaging) -> None:
    owner = m.require_owner()
    records = m.records
    if schema.has("sms", "address", "date", "type", "body"):
        rows = conn.execute("SELECT _id, address, date, type, body FROM sms ORDER BY _id").fetchall()
        records.rows_read += len(rows)
        stamps = iso_from_unix([r[2] for r in rows], scale=1000)
        for (row, address, _date, kind, body), ts in zip(rows, stamps, strict=True):
            if int(kind or 0) == 3:
                records.bad_row(row, "draft SMS, never sent", text(body)[:500])
                continue
            other = m.book.key(address, row)
            out = int(kind or 0) in SMS_OUT
            src, dst = (owner, other) if out else (other, owner)
            m.event("messaged", src, dst, row, ts, direction="out" if out else "in", body=text(body))
    if schema.has("pdu", "msg_box"):
        _read_mms(conn, schema, m, owner)


def _read_mms(conn: sqlite3.Connection, schema: Schema, m: Messaging, owner: str) -> None:
    pdus = conn.execute("SELECT _id, thread_id, date, msg_box FROM pdu ORDER BY _id").fetchall()
    if not pdus:
        return
    addrs: dict[int, list[tuple[str, int]]] = {}
    if schema.has("addr", "msg_id", "address", "type"):
        for msg, address, kind in conn.execute("SELECT msg_id, address, type FROM addr"):
            addrs.setdefault(int(msg), []).append((text(address), int(kind or 0)))
    bodies: dict[int, str] = {}
    if schema.has("part", "mid", "ct", "text"):
        for mid, body in conn.execute("SELECT mid, text FROM part WHERE ct = 'text/plain' ORDER BY _id"):
            bodies[int(mid)] = (bodies.get(int(mid), "") + "\n" + text(body)).strip()
    thread_numbers = _thread_numbers(conn, schema)
    stamps = iso_from_unix([p[2] for p in pdus])  # MMS dates are in seconds
    m.records.rows_read += len(pdus)
    for (pid, thread, _date, box), ts in zip(pdus, stamps, strict=True):
        row = 1_000_000 + pid  # MMS rows are told apart from SMS rows of the same _id
        parties = [(a, k) for a, k in addrs.get(pid, []) if a and a != _ME_TOKEN]
        out = int(box or 0) == 2
        if out:
            numbers = [a for a, k in parties if k in PDU_TO] or thread_numbers.get(thread, [])
        else:
            numbers = [a for a, k in parties if k == PDU_FROM] or thread_numbers.get(thread, [])[:1]
        if not numbers:
            m.records.bad_row(row, "MMS without the other party's number", f"pdu {pid}")
            continue
        for number in numbers:
            other = m.book.key(number, row)
            if other == owner:
                continue
            src, dst = (owner, other) if out else (other, owner)
            m.event(
                "messaged",
                src,
                dst,
                row,
                ts,
                direction="out" if out else "in",
                body=bodies.get(pid, ""),
                extra={"mms": True},
            )


def _thread_numbers(conn: sqlite3.Connection, schema: Schema) -> dict[int, list[str]]:
    """Thread id -> the numbers of its recipients, through ``canonical_addresses``."""
    if not (schema.has("threads", "recipient_ids") and schema.has("canonical_addresses", "address")):
        return {}
    canon = {int(i): text(a) for i, a in conn.execute("SELECT _id, address FROM canonical_addresses")}
    out = {}
    for tid, ids in conn.execute("SELECT _id, recipient_ids FROM threads"):
        out[int(tid)] = [canon[int(x)] for x in text(ids).split() if x.isdigit() and int(x) in canon]
    return out
