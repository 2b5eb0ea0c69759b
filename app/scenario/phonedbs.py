"""Seized phones as their own databases: a WhatsApp ``msgstore.db`` with its ``wa.db``
(Android, the 2022 layout) and an iOS ``sms.db``, written from the documented schemas (only
the tables and columns the readers and forensic tools rely on), consistent with the scenario's
calls: each chat is with someone the owner really calls, so the ground truth holds.

The writers are also used by the tests and benchmarks to build databases of any size.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from app.scenario.writing import entry

APPLE_EPOCH = 978_307_200
MSGSTORE_DDL = """
CREATE TABLE jid (_id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, server TEXT NOT NULL,
                  agent INTEGER, device INTEGER, type INTEGER, raw_string TEXT);
CREATE TABLE chat (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER UNIQUE, hidden INTEGER,
                   subject TEXT, created_timestamp INTEGER, display_message_row_id INTEGER,
                   last_message_row_id INTEGER, sort_timestamp INTEGER);
CREATE TABLE message (_id INTEGER PRIMARY KEY AUTOINCREMENT, chat_row_id INTEGER NOT NULL,
                      from_me INTEGER NOT NULL, key_id TEXT NOT NULL, sender_jid_row_id INTEGER,
                      status INTEGER, broadcast INTEGER, recipient_count INTEGER, participant_hash TEXT,
                      origination_flags INTEGER, origin INTEGER, timestamp INTEGER,
                      received_timestamp INTEGER, receipt_server_timestamp INTEGER,
                      message_type INTEGER, text_data TEXT, starred INTEGER, lookup_tables INTEGER,
                      sort_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE call_log (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid_row_id INTEGER, from_me INTEGER,
                       call_id TEXT, transaction_id INTEGER, timestamp INTEGER, video_call INTEGER,
                       duration INTEGER, call_result INTEGER, bytes_transferred INTEGER,
                       group_jid_row_id INTEGER NOT NULL DEFAULT 0);
CREATE TABLE group_participant_user (_id INTEGER PRIMARY KEY AUTOINCREMENT,
                                     group_jid_row_id INTEGER NOT NULL, user_jid_row_id INTEGER NOT NULL,
                                     rank INTEGER, pending INTEGER);
CREATE TABLE props (_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT UNIQUE, value TEXT);
"""
WA_DDL = """
CREATE TABLE wa_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, jid TEXT NOT NULL,
                          is_whatsapp_user BOOLEAN NOT NULL, status TEXT, number TEXT,
                          raw_contact_id INTEGER, display_name TEXT, given_name TEXT,
                          family_name TEXT, wa_name TEXT, sort_name TEXT);
"""
SMS_DDL = """
CREATE TABLE handle (ROWID INTEGER PRIMARY KEY AUTOINCREMENT UNIQUE, id TEXT NOT NULL, country TEXT,
                     service TEXT NOT NULL, uncanonicalized_id TEXT, person_centric_id TEXT,
                     UNIQUE (id, service));
CREATE TABLE message (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, text TEXT,
                      handle_id INTEGER DEFAULT 0, service TEXT, account TEXT, date INTEGER,
                      date_read INTEGER, date_delivered INTEGER, is_from_me INTEGER DEFAULT 0,
                      is_read INTEGER DEFAULT 0, cache_roomnames TEXT, destination_caller_id TEXT);
CREATE TABLE chat (ROWID INTEGER PRIMARY KEY AUTOINCREMENT, guid TEXT UNIQUE NOT NULL, style INTEGER,
                   state INTEGER, account_id TEXT, chat_identifier TEXT, service_name TEXT,
                   display_name TEXT, last_addressed_handle TEXT);
CREATE TABLE chat_handle_join (chat_id INTEGER, handle_id INTEGER, UNIQUE(chat_id, handle_id));
CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER, message_date INTEGER DEFAULT 0,
                                PRIMARY KEY (chat_id, message_id));
"""


def jid_of(e164: str) -> str:
    return e164.lstrip("+") + "@s.whatsapp.net"


def _inserted(cur: sqlite3.Cursor) -> int:
    """The row id an ``INSERT`` just gave (sqlite3 types it optional: it is set by every insert)."""
    assert cur.lastrowid is not None
    return cur.lastrowid


def write_whatsapp(
    folder: Path,
    names: dict[str, str],
    messages: Iterable[tuple[str, bool, str | None, int, str, int]],
    *,
    groups: dict[str, tuple[str, list[str]]] | None = None,
    calls: Iterable[tuple[str, bool, int, int]] = (),
) -> tuple[Path, Path]:
    """``msgstore.db`` and ``wa.db`` in ``folder``.

    ``messages``: (chat JID, from me, sender JID in a group or None, time in ms, text, type);
    ``groups``: group JID -> (subject, member JIDs); ``calls``: (JID, from me, time in ms, seconds).
    """
    folder.mkdir(parents=True, exist_ok=True)
    store, wa = folder / "msgstore.db", folder / "wa.db"
    for p in (store, wa):
        p.unlink(missing_ok=True)
    conn = sqlite3.connect(store)
    conn.executescript(MSGSTORE_DDL)
    jids: dict[str, int] = {}

    def jid_row(jid: str) -> int:
        if jid not in jids:
            user, _, server = jid.partition("@")
            jids[jid] = _inserted(
                conn.execute(
                    "INSERT INTO jid(user, server, raw_string, type) VALUES (?,?,?,0)", (user, server, jid)
                )
            )
        return jids[jid]

    chats: dict[str, int] = {}

    def chat_row(jid: str) -> int:
        if jid not in chats:
            subject = (groups or {}).get(jid, ("", []))[0] or None
            chats[jid] = _inserted(
                conn.execute(
                    "INSERT INTO chat(jid_row_id, subject, hidden) VALUES (?,?,0)", (jid_row(jid), subject)
                )
            )
        return chats[jid]

    for gjid, (_subject, members) in (groups or {}).items():
        chat_row(gjid)
        conn.executemany(
            "INSERT INTO group_participant_user(group_jid_row_id, user_jid_row_id, rank, pending) "
            "VALUES (?,?,0,0)",
            [(jid_row(gjid), jid_row(m)) for m in members],
        )

    def rows():
        for n, (chat, from_me, sender, ts, body, mtype) in enumerate(messages, start=1):
            yield (
                chat_row(chat),
                int(from_me),
                f"K{n:012d}",
                jid_row(sender) if sender else 0,
                13 if from_me else 0,
                ts,
                ts + 900,
                mtype,
                body or None,
                n,
            )

    conn.executemany(
        "INSERT INTO message(chat_row_id, from_me, key_id, sender_jid_row_id, status, timestamp, "
        "received_timestamp, message_type, text_data, sort_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows(),
    )
    conn.executemany(
        "INSERT INTO call_log(jid_row_id, from_me, call_id, timestamp, video_call, duration, "
        "call_result) VALUES (?,?,?,?,0,?,?)",
        [(jid_row(j), int(f), f"C{k}", ts, d, 5 if d else 2) for k, (j, f, ts, d) in enumerate(calls)],
    )
    conn.commit()
    conn.close()
    conn = sqlite3.connect(wa)
    conn.executescript(WA_DDL)
    conn.executemany(
        "INSERT INTO wa_contacts(jid, is_whatsapp_user, number, display_name, wa_name) VALUES (?,1,?,?,?)",
        [(j, "+" + j.split("@")[0], n, n) for j, n in names.items()],
    )
    conn.commit()
    conn.close()
    return store, wa


def write_sms_db(
    path: Path,
    owner: str,
    messages: Iterable[tuple[str, bool, float, str]],
    *,
    groups: dict[str, tuple[str, list[str]]] | None = None,
    group_messages: Iterable[tuple[str, str | None, float, str]] = (),
) -> Path:
    """An iOS ``sms.db``: ``messages`` are (other number, from me, Unix seconds, text), written
    with nanosecond dates since 2001 as iOS 11 and later do; ``groups`` are iMessage group chats
    (identifier -> (name, member numbers)) and ``group_messages`` (identifier, sender or None
    for the owner, Unix seconds, text)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(SMS_DDL)
    handles: dict[str, int] = {}
    chats: dict[str, int] = {}

    def handle(number: str) -> int:
        if number not in handles:
            handles[number] = _inserted(
                conn.execute("INSERT INTO handle(id, country, service) VALUES (?, 'ly', 'SMS')", (number,))
            )
        return handles[number]

    def chat(ident: str, style: int, name: str | None, members: list[str]) -> int:
        if ident not in chats:
            chats[ident] = _inserted(
                conn.execute(
                    "INSERT INTO chat(guid, style, chat_identifier, service_name, display_name, "
                    "last_addressed_handle) VALUES (?,?,?,?,?,?)",
                    (f"SMS;-;{ident}", style, ident, "SMS", name, owner),
                )
            )
            conn.executemany(
                "INSERT INTO chat_handle_join VALUES (?,?)", [(chats[ident], handle(m)) for m in members]
            )
        return chats[ident]

    def add(n: int, hid: int, from_me: bool, when: float, body: str, chat_id: int, service: str) -> None:
        ns = int((when - APPLE_EPOCH) * 1e9)
        mid = conn.execute(
            "INSERT INTO message(guid, text, handle_id, service, account, date, is_from_me, "
            "destination_caller_id) VALUES (?,?,?,?,?,?,?,?)",
            (f"G-{n:08d}", body, hid, service, f"p:{owner}", ns, int(from_me), owner),
        ).lastrowid
        conn.execute("INSERT INTO chat_message_join VALUES (?,?,?)", (chat_id, mid, ns))

    n = 0
    for n, (other, from_me, when, body) in enumerate(messages, start=1):
        add(n, handle(other), from_me, when, body, chat(other, 45, None, [other]), "SMS")
    for ident, (name, members) in (groups or {}).items():
        chat(ident, 43, name, members)
    for k, (ident, sender, when, body) in enumerate(group_messages, start=n + 1):
        add(k, handle(sender) if sender else 0, sender is None, when, body, chats[ident], "iMessage")
    conn.commit()
    conn.close()
    return path


# ------------------------------------------------------------------ scenario
TEXTS_FR = [
    "demain 6h à la gare routière, amène l'argent",
    "envoie 1500 euros sur le compte habituel",
    "le bateau part vendredi",
    "t'es où ? rappelle-moi",
    "ok",
    "la police est passée, change de puce",
]
TEXTS_EN = [
    "tomorrow 6 at the bus station, bring the money",
    "send 1,200 EUR to the usual account",
    "the boat leaves friday, tell nobody",
    "where are you? call me",
    "ok",
    "passengers ready: 14",
]


def write_phone_databases(
    w, out: Path, phones: list[str], calls: dict[str, np.ndarray], seized
) -> list[dict]:
    """For the seized phones ``seized`` [(exhibit, actor, format)]: WhatsApp databases on the
    Android one (EXH-002) and an iOS ``sms.db`` on the iPhone one (EXH-003), built from the
    calls each owner really made, so every chat is with a real contact of the ground truth."""
    index = {p: i for i, p in enumerate(phones)}
    out_entries = []
    for exhibit, actor, _fmt in seized:
        if exhibit not in ("EXH-002", "EXH-003"):
            continue
        rng = random.Random(f"{w.seed}-{exhibit}-db")
        own = {index[p] for p in actor.phones if p in index}
        mine = np.isin(calls["caller"], list(own)) | np.isin(calls["callee"], list(own))
        log = list(
            zip(
                calls["caller"][mine].tolist(),
                calls["callee"][mine].tolist(),
                calls["ts"][mine].tolist(),
                strict=True,
            )
        )
        owner = actor.phones[0]
        start = 0  # the scenario's times are already Unix seconds (activity.EPOCH is 1970)
        texts = TEXTS_FR if exhibit == "EXH-002" else TEXTS_EN
        if exhibit == "EXH-002":
            names: dict[str, str]
            names, msgs = {}, []
            for a, b, t in log[::2]:
                other = phones[b if a in own else a]
                names.setdefault(jid_of(other), f"Contact {other[-4:]}")
                msgs.append((jid_of(other), a in own, None, (start + t + 60) * 1000, rng.choice(texts), 0))
            folder = out / "phones" / exhibit / "com.whatsapp" / "databases"
            write_whatsapp(folder, names, sorted(msgs, key=lambda r: r[3]))
            path = (folder / "msgstore.db").relative_to(out).as_posix()
            out_entries.append(
                entry((folder / "wa.db").relative_to(out).as_posix(), "contacts", "A2", owner, exhibit)
            )
        else:
            sms = [
                (phones[b if a in own else a], a in own, float(start + t + 30), rng.choice(texts))
                for a, b, t in log[::3]
            ]
            path = f"phones/{exhibit}/HomeDomain/Library/SMS/sms.db"
            write_sms_db(out / path, owner, sms)
        out_entries.append(entry(path, "messages", "A2", owner, exhibit))
    return out_entries
