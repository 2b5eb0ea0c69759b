"""iOS's own databases: messages (``sms.db``: ``message``, ``handle``, ``chat``,
``chat_message_join``, ``chat_handle_join``), the call history (``CallHistory.storedata``:
``ZCALLRECORD``; before iOS 8 ``call_history.db``: ``call``) and the address book
(``AddressBook.sqlitedb``: ``ABPerson`` with ``ABMultiValue``).

Dates are Apple's: seconds since 2001-01-01, or nanoseconds since then in ``sms.db`` from
iOS 11 on (told apart per value); the legacy ``call_history.db`` counts Unix seconds.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

from app.importers.base import EntityRecord
from app.importers.common import saved_contact
from app.importers.phonedb_common import Messaging, iso_from_apple, iso_from_unix, text
from app.importers.sqlite_evidence import Schema

#: ABMultiValue.property for phone numbers and e-mail addresses
AB_PHONE, AB_EMAIL = 3, 4
#: chat.style of a group conversation (45 is one-to-one)
CHAT_GROUP = 43


def is_sms_db(schema: Schema) -> bool:
    return schema.has("message", "handle_id", "is_from_me", "date") and schema.has("handle", "id")


def is_call_record(schema: Schema) -> bool:
    return schema.has("zcallrecord", "zaddress", "zdate", "zduration")


def is_legacy_calls(schema: Schema) -> bool:
    return schema.has("call", "address", "date", "duration", "flags")


def is_address_book(schema: Schema) -> bool:
    return schema.has("abperson", "rowid", "first", "last") and schema.has(
        "abmultivalue", "record_id", "value"
    )


# ---------------------------------------------------------------------- parties
def _party(m: Messaging, ident: str, service: str, row: int | None) -> str | None:
    """A handle as a phone key when it is a number, else as an account of the service
    (an Apple ID e-mail for iMessage, an alphanumeric SMS sender such as a bank's)."""
    ident = text(ident)
    if not ident:
        return None
    if "@" not in ident and sum(c.isdigit() for c in ident) >= 5:
        key = m.book.key(ident, row)
        if key:
            return key
    app = "imessage" if service.lower() == "imessage" else "sms"
    key = f"account:{app}:{ident.lower()}"
    if key not in m.declared:
        m.declared.add(key)
        m.records.entities.append(
            EntityRecord(
                key, "account", ident, {"app": app}, [("account", f"{app}:{ident.lower()}", ident)], row
            )
        )
    return key


def sms_owner(conn: sqlite3.Connection, schema: Schema) -> str:
    """The phone's own number as ``sms.db`` records it: the number messages were addressed to
    (``destination_caller_id``), the chat's ``last_addressed_handle``, or the ``p:`` account."""
    found: Counter[str] = Counter()
    for col in ("destination_caller_id", "account"):
        if schema.has("message", col):
            for (value,) in conn.execute(f"SELECT {col} FROM message WHERE {col} IS NOT NULL LIMIT 5000"):
                v = text(value)
                v = v[2:] if v.lower().startswith("p:") else v
                if v.startswith("+") or (v and v.replace(" ", "").isdigit()):
                    found[v] += 1
    if not found and schema.has("chat", "last_addressed_handle"):
        for (value,) in conn.execute(
            "SELECT last_addressed_handle FROM chat WHERE last_addressed_handle LIKE '+%'"
        ):
            found[text(value)] += 1
    return found.most_common(1)[0][0] if found else ""


# ------------------------------------------------------------------- sms.db
def read_sms_db(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    owner = m.require_owner(sms_owner(conn, schema))
    if not m.ctx.options.owner:
        m.records.provenance["device_owner"] = owner[6:]
    handles = {
        int(r): (text(i), text(s)) for r, i, s in conn.execute("SELECT ROWID, id, service FROM handle")
    }
    chats: dict[int, str | None] = {}
    chat_of: dict[int, int] = {}
    if schema.has("chat", "chat_identifier") and schema.has("chat_message_join", "chat_id", "message_id"):
        style = "style" if schema.has("chat", "style") else "0"
        title = "display_name" if schema.has("chat", "display_name") else "NULL"
        for cid, ident, st, name in conn.execute(
            f"SELECT ROWID, chat_identifier, {style}, {title} FROM chat"
        ):
            if int(st or 0) == CHAT_GROUP:
                key = f"group:imessage:{text(ident)}"
                if key not in m.declared:
                    m.declared.add(key)
                    m.records.entities.append(
                        EntityRecord(key, "group", text(name) or text(ident), {"app": "imessage"}, [], None)
                    )
                chats[int(cid)] = key
        chat_of = {
            int(mid): int(cid)
            for cid, mid in conn.execute("SELECT chat_id, message_id FROM chat_message_join")
        }
        if schema.has("chat_handle_join", "chat_id", "handle_id"):
            for cid, hid in conn.execute("SELECT chat_id, handle_id FROM chat_handle_join"):
                if chats.get(int(cid)) and int(hid) in handles:
                    ident, service = handles[int(hid)]
                    m.member(_party(m, ident, service, None), chats[int(cid)])
    cols = schema.columns("message")
    service = "service" if "service" in cols else "NULL"
    rows = conn.execute(
        f"SELECT ROWID, handle_id, is_from_me, date, text, {service} FROM message ORDER BY ROWID"
    )
    while batch := rows.fetchmany(50_000):
        m.records.rows_read += len(batch)
        stamps = iso_from_apple([r[3] for r in batch])
        for (row, hid, from_me, _d, body, svc), ts in zip(batch, stamps, strict=True):
            ident, hservice = handles.get(int(hid or 0), ("", ""))
            app = text(svc) or hservice or "SMS"
            other = _party(m, ident, app, int(row))
            group = chats.get(chat_of.get(int(row), -1))
            extra = {"app": "imessage" if app.lower() == "imessage" else "sms"}
            src: str | None
            dst: str | None
            if group:
                src, dst = (owner, group) if from_me else (other, group)
            else:
                src, dst = (owner, other) if from_me else (other, owner)
            m.event(
                "messaged",
                src,
                dst,
                int(row),
                ts,
                direction="out" if from_me else "in",
                body=text(body),
                extra=extra,
            )


# --------------------------------------------------------------- call history
def read_call_record(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    owner = m.require_owner()
    cols = schema.columns("zcallrecord")
    pick = {
        c: (c if c.lower() in cols else "NULL")
        for c in ("ZORIGINATED", "ZANSWERED", "ZSERVICE_PROVIDER", "ZNAME", "ZCALLTYPE")
    }
    rows = conn.execute(
        f"SELECT Z_PK, ZADDRESS, ZDATE, ZDURATION, {pick['ZORIGINATED']}, {pick['ZANSWERED']}, "
        f"{pick['ZSERVICE_PROVIDER']}, {pick['ZNAME']} FROM ZCALLRECORD ORDER BY Z_PK"
    ).fetchall()
    m.records.rows_read += len(rows)
    stamps = iso_from_apple([r[2] for r in rows])
    for (row, address, _d, duration, originated, answered, provider, name), ts in zip(
        rows, stamps, strict=True
    ):
        prov = text(provider)
        app = {"com.apple.Telephony": "phone", "com.apple.FaceTime": "facetime"}.get(prov, prov or "phone")
        other = _party(m, text(address), "iMessage" if app == "facetime" else "SMS", int(row))
        direction = "out" if originated else ("in" if answered else "missed")
        src, dst = (owner, other) if direction == "out" else (other, owner)
        m.event(
            "called",
            src,
            dst,
            int(row),
            ts,
            direction=direction,
            duration=float(duration or 0),
            extra={"app": app},
        )
        if text(name) and other and other.startswith("phone:"):
            saved_contact(
                m.records, None, [other], text(name), int(row), person_key=f"person:ios-call:{other}"
            )


def read_legacy_calls(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    owner = m.require_owner()
    rows = conn.execute("SELECT ROWID, address, date, duration, flags FROM call ORDER BY ROWID").fetchall()
    m.records.rows_read += len(rows)
    stamps = iso_from_unix([r[2] for r in rows])
    for (row, address, _d, duration, flags), ts in zip(rows, stamps, strict=True):
        other = m.book.key(address, int(row))
        outgoing = bool(int(flags or 0) & 1)  # bit 0 of flags: an outgoing call
        direction = "out" if outgoing else ("in" if (duration or 0) > 0 else "missed")
        src, dst = (owner, other) if outgoing else (other, owner)
        m.event(
            "called",
            src,
            dst,
            int(row),
            ts,
            direction=direction,
            duration=float(duration or 0),
            extra={"app": "phone"},
        )


# ---------------------------------------------------------------- address book
def read_address_book(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    owner = m.owner_phone()
    cols = schema.columns("abperson")
    extra = ", ".join(c if c.lower() in cols else "NULL" for c in ("Organization", "Nickname"))
    people = {
        int(r): (text(f), text(la), text(o), text(n))
        for r, f, la, o, n in conn.execute(f"SELECT ROWID, First, Last, {extra} FROM ABPerson")
    }
    numbers: dict[int, list[str]] = {}
    for rid, value in conn.execute(
        "SELECT record_id, value FROM ABMultiValue WHERE property = ?", (AB_PHONE,)
    ):
        numbers.setdefault(int(rid), []).append(text(value))
    m.records.rows_read += len(people)
    for rid, (first, last, org, nick) in sorted(people.items()):
        name = " ".join(x for x in (first, last) if x) or org
        keys = [k for k in (m.book.key(n, rid) for n in numbers.get(rid, [])) if k]
        if not keys:
            m.records.bad_row(rid, f"address-book card {rid} ({name}) has no readable number")
            continue
        saved_contact(
            m.records,
            owner,
            keys,
            name,
            rid,
            person_key=f"person:ios-ab:{rid}",
            extra={"nickname": nick} if nick else None,
        )
        if nick:
            m.records.entities.append(
                EntityRecord(f"person:ios-ab:{rid}", "person", name, {}, [("alias", nick, nick)], rid)
            )
