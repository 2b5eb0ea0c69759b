"""WhatsApp's own databases.

Android ``msgstore.db``: the layout of 2022 on (``message`` with ``chat`` and ``jid``,
``call_log``, ``group_participant_user``) and the older one (``messages`` keyed by
``key_remote_jid``, ``group_participants``); the names the phone's address book gives to
WhatsApp accounts come from ``wa.db`` (``wa_contacts``) when it sits beside it.

iOS ``ChatStorage.sqlite`` (Core Data: ``ZWAMESSAGE``, ``ZWACHATSESSION``, ``ZWAGROUPMEMBER``),
with ``ContactsV2.sqlite`` (``ZWAADDRESSBOOKCONTACT``) for names, and the call history in
``CallHistory.sqlite`` (``ZWACDCALLEVENT`` with ``ZWACDCALLEVENTPARTICIPANT``).

Accounts are keyed by their JID, groups by the group JID; a message revoked by its sender
(Android type 15, iOS type 14) is kept, marked deleted; system lines (group created, number
changed, security code…) are not messages between people and are counted, not imported.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from app.importers.phonedb_common import Messaging, iso_from_apple, iso_from_unix, jid_phone, text
from app.importers.sqlite_evidence import Schema, open_evidence, read_schema, schema_of

ANDROID_SYSTEM, ANDROID_REVOKED = {7}, {15}
IOS_SYSTEM, IOS_REVOKED = {6, 10, 12}, {14}


# ------------------------------------------------------------------ detection
def is_android_new(schema: Schema) -> bool:
    return schema.has("message", "chat_row_id", "from_me", "timestamp") and schema.has("jid", "raw_string")


def is_android_old(schema: Schema) -> bool:
    return schema.has("messages", "key_remote_jid", "key_from_me", "timestamp")


def is_wa_contacts(schema: Schema) -> bool:
    return schema.has("wa_contacts", "jid") and not is_android_new(schema) and not is_android_old(schema)


def is_ios_chats(schema: Schema) -> bool:
    return schema.has("zwamessage", "zchatsession", "zisfromme", "zmessagedate") and schema.has(
        "zwachatsession", "zcontactjid"
    )


def is_ios_contacts(schema: Schema) -> bool:
    return schema.has("zwaaddressbookcontact", "zwhatsappid")


def is_ios_calls(schema: Schema) -> bool:
    return schema.has("zwacdcallevent", "zdate", "zduration") and schema.has(
        "zwacdcalleventparticipant", "zjidstring"
    )


def _companion(path: str, test) -> Path | None:
    """A database beside ``path`` whose schema passes ``test`` (``wa.db`` beside ``msgstore.db``,
    ``ContactsV2.sqlite`` beside ``ChatStorage.sqlite``): found by content, not by name."""
    here = Path(path)
    for other in sorted(here.parent.iterdir()):
        if other == here or not other.is_file() or other.name.endswith(("-wal", "-shm", "-journal")):
            continue
        if other.stat().st_size < 512 or other.stat().st_size > 2_000_000_000:
            continue
        schema = schema_of(other)
        if schema is not None and test(schema):
            return other
    return None


def _names(path: Path | None, sql: str) -> dict[str, str]:
    if path is None:
        return {}
    with open_evidence(path) as conn:
        return {text(j): text(n) for j, n in conn.execute(sql) if text(j) and text(n)}


def wa_names(path: Path | None) -> dict[str, str]:
    """JID -> the name the phone's address book (or the account itself) gives, from ``wa.db``."""
    if path is None:
        return {}
    with open_evidence(path) as conn:
        schema = read_schema(conn)
        cols = schema.columns("wa_contacts")
        name = (
            "COALESCE(" + ", ".join(c for c in ("display_name", "wa_name") if c in cols) + ", NULL)"
            if cols & {"display_name", "wa_name"}
            else "NULL"
        )
        return {
            text(j): text(n)
            for j, n in conn.execute(f"SELECT jid, {name} FROM wa_contacts")
            if text(j) and text(n)
        }


# -------------------------------------------------------------- owner's side
def _owner_account(m: Messaging, found: str = "") -> str:
    owner = m.require_owner(found)
    digits = owner.removeprefix("phone:+")
    return m.account(f"{digits}@s.whatsapp.net", phone=owner[6:])


def _messages(m: Messaging, me: str, batch: pd.DataFrame, ts: list, *, system: set, revoked: set) -> None:
    """A batch of messages with columns ``row, from_me, kind, body, chat, sender`` (chat and
    sender as entity keys or None): mine go from my account to the chat; others' go from their
    sender to the group, or to me."""
    m.records.rows_read += len(batch)
    lines = batch["kind"].isin(system).to_numpy()
    m.system_lines += int(lines.sum())
    batch = batch[~lines]
    ts = [t for t, line in zip(ts, lines, strict=True) if not line]
    from_me = batch["from_me"].fillna(0).astype(bool)
    chat = batch["chat"].astype(object)
    group = pd.Series([isinstance(c, str) and c.startswith("group:") for c in chat], index=chat.index)
    sender = batch["sender"].astype(object)
    incoming = sender.where(group, sender.where(sender.notna(), chat))
    src = incoming.where(~from_me, me)
    dst = chat.where(from_me | group, me)
    m.add_frame(
        "messaged",
        src,
        dst,
        batch["row"],
        ts,
        direction=pd.Series(np.where(from_me, "out", "in")),
        deleted=batch["kind"].isin(revoked),
        body=batch["body"],
    )


def _system_note(m: Messaging) -> None:
    if m.system_lines:
        m.records.notes.append(
            f"{m.system_lines} system lines (group changes, security notices) not imported as messages"
        )
        m.system_lines = 0


# ------------------------------------------------------------ Android, new
def read_android(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    names = wa_names(_companion(path, is_wa_contacts))
    me = _owner_account(m)
    if is_android_new(schema):
        _android_new(conn, schema, m, names, me)
    else:
        _android_old(conn, schema, m, names, me)
    _system_note(m)


def _android_new(conn, schema: Schema, m: Messaging, names: dict[str, str], me: str) -> None:
    jids = {int(i): text(r) for i, r in conn.execute("SELECT _id, raw_string FROM jid")}
    subject = "c.subject" if schema.has("chat", "subject") else "NULL"
    chats = {
        int(c): (jids.get(int(j or 0), ""), text(s))
        for c, j, s in conn.execute(f"SELECT c._id, c.jid_row_id, {subject} FROM chat c")
    }
    chat_key = {c: m.jid(j, name=s or names.get(j, ""), row=None) for c, (j, s) in chats.items() if j}
    if schema.has("group_participant_user", "group_jid_row_id", "user_jid_row_id"):
        for g, u in conn.execute("SELECT group_jid_row_id, user_jid_row_id FROM group_participant_user"):
            gj, uj = jids.get(int(g or 0), ""), jids.get(int(u or 0), "")
            m.member(me if not uj else m.jid(uj, name=names.get(uj, "")), m.jid(gj) if gj else None)
    cols = schema.columns("message")
    kind = "message_type" if "message_type" in cols else "0"
    body = "text_data" if "text_data" in cols else "NULL"
    sender = "sender_jid_row_id" if "sender_jid_row_id" in cols else "0"
    sql = (
        f"SELECT _id AS row, chat_row_id AS chat, from_me, timestamp, {kind} AS kind, {body} AS body, "
        f"{sender} AS sender FROM message WHERE chat_row_id > 0 ORDER BY _id"
    )
    senders: dict[int, str | None] = {0: None}
    for batch in pd.read_sql_query(sql, conn, chunksize=200_000):
        for sid in pd.unique(batch["sender"].fillna(0).astype(np.int64)):
            if int(sid) not in senders:
                sj = jids.get(int(sid), "")
                senders[int(sid)] = m.jid(sj, name=names.get(sj, "")) if sj else None
        batch["chat"] = batch["chat"].map(chat_key)
        batch["sender"] = batch["sender"].fillna(0).astype(np.int64).map(senders)
        batch["kind"] = batch["kind"].fillna(0).astype(int)
        _messages(
            m,
            me,
            batch,
            iso_from_unix(batch["timestamp"], scale=1000),
            system=ANDROID_SYSTEM,
            revoked=ANDROID_REVOKED,
        )
    if schema.has("call_log", "jid_row_id", "from_me", "timestamp", "duration"):
        result = "call_result" if schema.has("call_log", "call_result") else "NULL"
        video = "video_call" if schema.has("call_log", "video_call") else "0"
        calls = conn.execute(
            f"SELECT _id, jid_row_id, from_me, timestamp, duration, {result}, {video} "
            "FROM call_log ORDER BY _id"
        ).fetchall()
        m.records.rows_read += len(calls)
        stamps = iso_from_unix([c[3] for c in calls], scale=1000)
        for (row, j, from_me, _t, duration, res, vid), ts in zip(calls, stamps, strict=True):
            other = m.jid(jids.get(int(j or 0), ""))
            # call_result 5 is a call that connected; an incoming call that did not is missed
            direction = "out" if from_me else ("in" if (duration or 0) > 0 or res == 5 else "missed")
            src, dst = (me, other) if from_me else (other, me)
            m.event(
                "called",
                src,
                dst,
                2_000_000 + int(row),
                ts,
                direction=direction,
                duration=float(duration or 0),
                extra={"video": bool(vid)} if vid else None,
            )


# ------------------------------------------------------------ Android, old
def _android_old(conn, schema: Schema, m: Messaging, names: dict[str, str], me: str) -> None:
    subjects = {}
    if schema.has("chat_list", "key_remote_jid", "subject"):
        subjects = {
            text(j): text(s) for j, s in conn.execute("SELECT key_remote_jid, subject FROM chat_list")
        }
    if schema.has("group_participants", "gjid", "jid"):
        for g, u in conn.execute("SELECT gjid, jid FROM group_participants"):
            gj, uj = text(g), text(u)
            if gj:
                m.member(
                    m.jid(uj, name=names.get(uj, "")) if uj else me, m.jid(gj, name=subjects.get(gj, ""))
                )
    cols = schema.columns("messages")
    kind = "media_wa_type" if "media_wa_type" in cols else "0"
    resource = "remote_resource" if "remote_resource" in cols else "NULL"
    rows = conn.execute(
        f"SELECT _id, key_remote_jid, key_from_me, timestamp, {kind}, data, {resource} "
        "FROM messages ORDER BY _id"
    )
    while batch := rows.fetchmany(50_000):
        out = []
        for row, chat, from_me, _t, mtype, data, res in batch:
            cj, rj = text(chat), text(res)
            if cj in ("", "-1") or cj.startswith("status@"):
                continue  # the table's placeholder rows and status updates
            chat_key = m.jid(cj, name=subjects.get(cj) or names.get(cj, ""))
            sender = m.jid(rj, name=names.get(rj, "")) if rj else None
            kind_ = int(mtype) if str(mtype or "0").isdigit() else 0
            out.append((int(row), bool(from_me), _t, kind_, text(data), chat_key, sender))
        frame = pd.DataFrame(out, columns=["row", "from_me", "timestamp", "kind", "body", "chat", "sender"])
        # old layout: media_wa_type 15 is a message revoked by its sender
        _messages(
            m, me, frame, iso_from_unix(frame["timestamp"], scale=1000), system=set(), revoked=ANDROID_REVOKED
        )


# --------------------------------------------------------------------- iOS
def read_ios(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    contacts = _companion(path, is_ios_contacts)
    names = _names(contacts, "SELECT ZWHATSAPPID, ZFULLNAME FROM ZWAADDRESSBOOKCONTACT")
    me = _owner_account(m)
    sessions = {}
    for pk, jid, partner in conn.execute("SELECT Z_PK, ZCONTACTJID, ZPARTNERNAME FROM ZWACHATSESSION"):
        j = text(jid)
        sessions[int(pk)] = m.jid(j, name=text(partner) or names.get(j, "")) if j else None
    members: dict[int, str | None] = {}
    if schema.has("zwagroupmember", "zmemberjid", "zchatsession"):
        name = "ZCONTACTNAME" if schema.has("zwagroupmember", "zcontactname") else "NULL"
        for pk, jid, session, contact in conn.execute(
            f"SELECT Z_PK, ZMEMBERJID, ZCHATSESSION, {name} FROM ZWAGROUPMEMBER"
        ):
            j = text(jid)
            members[int(pk)] = m.jid(j, name=names.get(j) or text(contact)) if j else None
            m.member(members[int(pk)], sessions.get(int(session or 0)))
    cols = schema.columns("zwamessage")
    pick = {
        c: (c if c.lower() in cols else "NULL")
        for c in ("ZGROUPMEMBER", "ZFROMJID", "ZTOJID", "ZTEXT", "ZMESSAGETYPE")
    }
    rows = conn.execute(
        f"SELECT Z_PK, ZCHATSESSION, ZISFROMME, ZMESSAGEDATE, {pick['ZMESSAGETYPE']}, {pick['ZTEXT']}, "
        f"{pick['ZGROUPMEMBER']}, {pick['ZFROMJID']}, {pick['ZTOJID']} FROM ZWAMESSAGE ORDER BY Z_PK"
    )
    while batch := rows.fetchmany(50_000):
        out = []
        for row, session, from_me, date, mtype, body, member, frm, to in batch:
            chat = sessions.get(int(session or 0))
            fj, tj = text(frm), text(to)
            if from_me and tj and jid_phone(tj) and not (chat or "").startswith("group:"):
                chat = m.jid(tj, name=names.get(tj, ""))  # the phone JID rather than a LID session
            if member:
                sender = members.get(int(member))
            elif fj and not fj.endswith("@g.us"):
                sender = m.jid(fj, name=names.get(fj, ""))
            else:
                sender = None
            out.append((int(row), bool(from_me), date, int(mtype or 0), text(body), chat, sender))
        frame = pd.DataFrame(out, columns=["row", "from_me", "date", "kind", "body", "chat", "sender"])
        _messages(m, me, frame, iso_from_apple(frame["date"]), system=IOS_SYSTEM, revoked=IOS_REVOKED)
    _system_note(m)


def read_ios_calls(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    names = _names(
        _companion(path, is_ios_contacts), "SELECT ZWHATSAPPID, ZFULLNAME FROM ZWAADDRESSBOOKCONTACT"
    )
    me = _owner_account(m)
    incoming = (
        "a.ZINCOMING"
        if schema.has("zwaaggregatecallevent", "zincoming") and schema.has("zwacdcallevent", "z1callevents")
        else "NULL"
    )
    join = "LEFT JOIN ZWAAGGREGATECALLEVENT a ON a.Z_PK = e.Z1CALLEVENTS" if incoming != "NULL" else ""
    outcome = "e.ZOUTCOME" if schema.has("zwacdcallevent", "zoutcome") else "NULL"
    link = "Z1PARTICIPANTS" if schema.has("zwacdcalleventparticipant", "z1participants") else None
    if link is None:
        m.records.notes.append("call participants cannot be joined to calls in this layout; calls skipped")
        return
    rows = conn.execute(
        f"SELECT e.Z_PK, e.ZDATE, e.ZDURATION, {outcome}, {incoming}, p.ZJIDSTRING FROM ZWACDCALLEVENT e "
        f"JOIN ZWACDCALLEVENTPARTICIPANT p ON p.{link} = e.Z_PK {join} ORDER BY e.Z_PK"
    ).fetchall()
    m.records.rows_read += len(rows)
    stamps = iso_from_apple([r[1] for r in rows])
    for (row, _d, duration, out_come, inc, jid), ts in zip(rows, stamps, strict=True):
        other = m.jid(text(jid), name=names.get(text(jid), ""))
        if inc is not None and not inc:
            direction = "out"
        else:
            direction = "missed" if out_come in (1, 4) else "in"
        src, dst = (me, other) if direction == "out" else (other, me)
        m.event("called", src, dst, int(row), ts, direction=direction, duration=float(duration or 0))


def read_ios_contacts(conn: sqlite3.Connection, schema: Schema, m: Messaging, path: str) -> None:
    """``ContactsV2.sqlite`` on its own: WhatsApp accounts with the names and numbers saved."""
    phone = "ZPHONENUMBER" if schema.has("zwaaddressbookcontact", "zphonenumber") else "NULL"
    name = "ZFULLNAME" if schema.has("zwaaddressbookcontact", "zfullname") else "NULL"
    rows = conn.execute(f"SELECT Z_PK, ZWHATSAPPID, {name}, {phone} FROM ZWAADDRESSBOOKCONTACT").fetchall()
    m.records.rows_read += len(rows)
    for row, jid, full, number in rows:
        j = text(jid)
        if not j:
            continue
        m.account(j, phone=jid_phone(j) or text(number) or None, name=text(full), row=int(row))
