"""Viber on Android: ``viber_messages`` (``messages``, ``participants``, ``participants_info``,
``conversations``) and ``viber_data`` (``calls``, ``phonebookcontact``/``phonebookdata``).

Viber accounts are phone numbers, so each participant is an account ``viber:+…`` used by its
phone.  A conversation with more than one other participant, or marked as a group, is a group.
"""

from __future__ import annotations

import sqlite3

from app.importers.common import saved_contact
from app.importers.phonedb_common import Messaging, iso_from_unix, text
from app.importers.sqlite_evidence import Schema

#: messages.send_type: 1 sent by the owner
VIBER_SENT = 1


def is_viber_messages(schema: Schema) -> bool:
    return schema.has(
        "messages", "conversation_id", "participant_id", "msg_date", "send_type"
    ) and schema.has("participants_info", "number")


def is_viber_data(schema: Schema) -> bool:
    return schema.has("phonebookcontact", "display_name") and schema.has("phonebookdata", "contact_id")


def is_telegram_cache(schema: Schema) -> bool:
    return (
        schema.has("users", "uid", "data")
        and schema.has("dialogs", "did")
        and (schema.has("messages_v2", "mid", "data") or schema.has("messages", "mid", "data"))
    )


TELEGRAM_REFUSAL = (
    "Telegram's cache4.db: its messages and users are serialised Telegram (TL) objects whose "
    "layout changes with almost every app version, so they cannot be read reliably; export the "
    "chats with Telegram Desktop (JSON) or take them from a forensic tool's report"
)


def _account(m: Messaging, number: str, name: str = "") -> str | None:
    number = text(number)
    if not number:
        return None
    key = m.book.key(number)
    ident = key[6:] if key else number
    return m.account(ident, phone=number if key else None, name=text(name))


def read_viber_messages(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    owner_phone = m.require_owner()
    me = m.account(owner_phone[6:], phone=owner_phone[6:])
    cols = schema.columns("participants_info")
    name = next((c for c in ("display_name", "contact_name", "viber_name") if c in cols), None)
    mine = "participant_type" if "participant_type" in cols else None
    info = {}
    for pid, number, label, ptype in conn.execute(
        f"SELECT _id, number, {name or 'NULL'}, {mine or 'NULL'} FROM participants_info"
    ):
        info[int(pid)] = me if (ptype is not None and int(ptype) == 0) else _account(m, number, label)
    who = {
        int(p): info.get(int(i or 0))
        for p, i in conn.execute("SELECT _id, participant_info_id FROM participants")
    }
    members: dict[int, set[str]] = {}
    for p, conv in conn.execute("SELECT _id, conversation_id FROM participants"):
        if who.get(int(p)) and who[int(p)] != me:
            members.setdefault(int(conv or 0), set()).add(who[int(p)])  # type: ignore[arg-type]
    groups: dict[int, str] = {}
    conv_cols = schema.columns("conversations")
    flag = "group_id" if "group_id" in conv_cols else None
    title = "name" if "name" in conv_cols else None
    if conv_cols:
        for cid, gid, label in conn.execute(
            f"SELECT _id, {flag or 'NULL'}, {title or 'NULL'} FROM conversations"
        ):
            if (gid and int(gid) != 0) or len(members.get(int(cid), ())) > 1:
                groups[int(cid)] = m.group(str(gid or f"conversation-{cid}"), text(label))
                for member in members.get(int(cid), ()):
                    m.member(member, groups[int(cid)])
    rows = conn.execute(
        "SELECT _id, conversation_id, participant_id, msg_date, send_type, body FROM messages ORDER BY _id"
    )
    while batch := rows.fetchmany(50_000):
        m.records.rows_read += len(batch)
        stamps = iso_from_unix([r[3] for r in batch], scale=1000)
        for (row, conv, part, _d, send, body), ts in zip(batch, stamps, strict=True):
            conv = int(conv or 0)
            peers = sorted(members.get(conv, ()))
            target = groups.get(conv) or (peers[0] if peers else None)
            if int(send or 0) == VIBER_SENT:
                m.event("messaged", me, target, int(row), ts, direction="out", body=text(body))
            else:
                sender = who.get(int(part or 0)) or (peers[0] if peers else None)
                m.event(
                    "messaged", sender, groups.get(conv, me), int(row), ts, direction="in", body=text(body)
                )


def read_viber_data(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    owner = m.owner_phone()
    phone_col = next((c for c in ("data2", "data1", "data3") if schema.has("phonebookdata", c)), None)
    if phone_col:
        rows = conn.execute(
            f"SELECT c._id, c.display_name, d.{phone_col} FROM phonebookcontact c "
            "JOIN phonebookdata d ON d.contact_id = c._id ORDER BY c._id"
        ).fetchall()
        ids = {r[0] for r in rows}
        m.records.rows_read += len(ids)
        for cid, name, number in rows:
            key = m.book.key(number, int(cid))
            if key:
                saved_contact(m.records, owner, [key], text(name), int(cid), person_key=f"person:viber:{cid}")
    if schema.has("calls", "date", "duration", "type") and (
        schema.has("calls", "canonized_number") or schema.has("calls", "number")
    ):
        me_phone = m.require_owner()
        me = m.account(me_phone[6:], phone=me_phone[6:])
        number = "canonized_number" if schema.has("calls", "canonized_number") else "number"
        calls = conn.execute(f"SELECT _id, {number}, date, duration, type FROM calls ORDER BY _id").fetchall()
        m.records.rows_read += len(calls)
        stamps = iso_from_unix([c[2] for c in calls], scale=1000)
        for (row, num, _d, duration, kind), ts in zip(calls, stamps, strict=True):
            other = _account(m, num)
            out = int(kind or 0) == 2
            direction = "out" if out else ("in" if (duration or 0) > 0 else "missed")
            src, dst = (me, other) if out else (other, me)
            m.event(
                "called",
                src,
                dst,
                2_000_000 + int(row),
                ts,
                direction=direction,
                duration=float(duration or 0),
            )
