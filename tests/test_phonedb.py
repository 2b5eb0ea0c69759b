"""Phone databases (Android, iOS, WhatsApp, Viber) recognised by their schema and imported as
accounts, groups, calls and messages; the exhibit and its -wal/-shm never change; encrypted and
damaged databases are named for what they are."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.pipeline import detect_kind, import_file, preview
from app.scenario.phonedbs import jid_of, write_sms_db, write_whatsapp

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "phones"
needs_real = pytest.mark.skipif(not REAL.exists(), reason="shared/realdata not beside the checkout")
OWNER = "+218912345678"
A, B, C = "+218913000001", "+218913000002", "+218923000003"


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "phones.ariadne", region="LY", title="phones")
    yield store
    store.close()


def digest(*paths: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths if p.exists()}


def events(case: CaseStore) -> list[dict]:
    rows = case._query(
        "SELECT s.label, d.label, e.ts, e.duration, e.attrs, l.type, e.row FROM events e "
        "JOIN links l ON l.id = e.link_id JOIN entities s ON s.id = l.src JOIN entities d ON d.id = l.dst "
        "ORDER BY e.row"
    )
    keys = ("src", "dst", "ts", "duration", "attrs", "type", "row")
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for e in out:
        e["attrs"] = json.loads(e["attrs"] or "{}")
    return out


def db(path: Path, ddl: str, rows: dict[str, list[tuple]] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(ddl)
    for table, values in (rows or {}).items():
        marks = ",".join("?" * len(values[0]))
        conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
    conn.commit()
    conn.close()
    return path


def whatsapp_android(folder: Path) -> Path:
    group = "120363000000000001@g.us"
    msgs = [
        (jid_of(A), False, None, 1_772_000_000_000, "the boat leaves friday", 0),
        (jid_of(A), True, None, 1_772_000_060_000, "ok, 14 passengers", 0),
        (jid_of(A), False, None, 1_772_000_120_000, "", 15),  # revoked by the sender
        (group, False, jid_of(B), 1_772_000_180_000, "send 1500 euros", 0),
        (group, True, None, 1_772_000_240_000, "done", 0),
        (group, False, jid_of(B), 1_772_000_300_000, "", 7),  # system line
    ]
    store, _wa = write_whatsapp(
        folder,
        {jid_of(A): "Abu Salem", jid_of(B): "Driver Moussa"},
        msgs,
        groups={group: ("Tripoli crossing", [jid_of(A), jid_of(B)])},
        calls=[(jid_of(A), False, 1_772_000_400_000, 95), (jid_of(B), True, 1_772_000_500_000, 0)],
    )
    return store


# ------------------------------------------------------------------- real files
@needs_real
def test_real_android_mmssms(case):
    path = REAL / "extractions/plaso_android_mmssms.db"
    before = digest(path)
    assert detect_kind(path)[0] == "messages"
    result = import_file(case, path, ImportOptions(owner="+1 555 521 5556", region="US"))
    assert digest(path) == before
    ev = events(case)
    assert result.events == 9 and len(ev) == 9
    assert ev[0]["attrs"] == {"app": "sms", "direction": "out", "body": "Yo Fred this is my new number."}
    assert ev[0]["ts"] == "2013-10-29T16:56:28"
    assert {e["attrs"]["direction"] for e in ev} == {"in", "out"}
    phones = case._query(
        "SELECT count(DISTINCT entity_id) FROM identifiers WHERE kind='phone' AND raw LIKE '%5554'"
    )
    assert phones == [(1,)], "'1 555-521-5554' and '15555215554' are one phone"


@needs_real
def test_real_android_calllog(case):
    path = REAL / "extractions/andriller_calllog.db"
    result = import_file(case, path, ImportOptions(owner="+44 7700 900123"))
    assert result.kind == "calls" and result.events == 1
    (call,) = events(case)
    assert call["dst"] == "+441234567890" and call["attrs"]["direction"] == "out"
    names = {r[0] for r in case._query("SELECT label FROM entities WHERE type='person'")}
    assert names == {"Samuel Vimes"}


@needs_real
def test_real_ios_sms_db_alphanumeric_sender_and_nanosecond_dates(case):
    path = REAL / "extractions/mvt_HomeDomain_Library_SMS_sms.db"
    with pytest.raises(ImportFailed, match="--owner"):
        import_file(case, path, ImportOptions())
    assert case.counts()["sources"] == 0
    import_file(case, path, ImportOptions(owner="+1 415 555 0199", region="US"))
    (msg,) = events(case)
    assert msg["src"] == "apple" and msg["ts"].startswith("2019-08-")
    assert msg["attrs"]["body"].startswith("Please click here")
    assert case.entity_by_identifier("account", "sms:apple")


@needs_real
def test_real_whatsapp_ios_chat_storage(case):
    path = REAL / "extractions/mvt_WhatsApp_iOS_ChatStorage.sqlite"
    result = import_file(case, path, ImportOptions(owner="+1 415 555 0199", region="US"))
    assert result.events == 3
    ev = events(case)
    assert [e["attrs"]["direction"] for e in ev] == ["in", "out", "in"]
    assert ev[1]["src"] == "14155550199@s.whatsapp.net" and ev[1]["dst"] == "14155550100@s.whatsapp.net"
    assert ev[2]["dst"] == "Example Group", "a message to a group goes to the group"
    assert ev[0]["ts"] == "2025-08-27T15:06:40"
    group = case._query("SELECT type FROM entities WHERE label='Example Group'")
    assert group == [("group",)]


# ------------------------------------------------------------------- WhatsApp
def test_whatsapp_android_with_wa_db_groups_deleted_and_calls(case, tmp_path):
    store = whatsapp_android(tmp_path / "com.whatsapp" / "databases")
    result = import_file(case, store, ImportOptions(owner=OWNER))
    assert result.kind == "messages"
    ev = events(case)
    messages = [e for e in ev if e["type"] == "messaged"]
    assert len(messages) == 5, "the system line is not a message"
    assert messages[0]["src"] == "Abu Salem", "names come from wa.db beside msgstore.db"
    assert messages[2]["attrs"]["deleted"] is True
    assert messages[3]["src"] == "Driver Moussa" and messages[3]["dst"] == "Tripoli crossing"
    calls = [e for e in ev if e["type"] == "called"]
    assert [(c["attrs"]["direction"], c["duration"]) for c in calls] == [("in", 95.0), ("out", 0.0)]
    uses = case._query(
        "SELECT p.label, a.label FROM links l JOIN entities p ON p.id=l.src "
        "JOIN entities a ON a.id=l.dst WHERE l.type='uses' AND a.label='Abu Salem'"
    )
    assert uses == [("+218913000001", "Abu Salem")], "the account is used by its phone number"
    members = case._query("SELECT count(*) FROM links WHERE type='member_of'")[0][0]
    assert members == 2
    assert any("system line" in n for n in result.notes)


def test_whatsapp_android_old_layout(case, tmp_path):
    path = db(
        tmp_path / "old" / "msgstore.db",
        """
        CREATE TABLE messages (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, key_from_me INTEGER,
            key_id TEXT, status INTEGER, data TEXT, timestamp INTEGER, media_wa_type TEXT,
            remote_resource TEXT);
        CREATE TABLE chat_list (_id INTEGER PRIMARY KEY, key_remote_jid TEXT, subject TEXT);
        CREATE TABLE group_participants (_id INTEGER PRIMARY KEY, gjid TEXT, jid TEXT);
    """,
        {
            "messages": [
                (1, "-1", 0, "x", 0, None, 0, "0", None),
                (2, jid_of(A), 0, "k2", 0, "salam", 1_600_000_000_000, "0", None),
                (3, "1203@g.us", 0, "k3", 0, "tomorrow", 1_600_000_100_000, "0", jid_of(B)),
                (4, "1203@g.us", 1, "k4", 0, "", 1_600_000_200_000, "15", None),
            ],
            "chat_list": [(1, "1203@g.us", "Group Zuwara")],
            "group_participants": [(1, "1203@g.us", jid_of(B)), (2, "1203@g.us", "")],
        },
    )
    result = import_file(case, path, ImportOptions(owner=OWNER))
    ev = events(case)
    assert result.events == 3
    assert [(e["src"], e["dst"]) for e in ev] == [
        (jid_of(A), jid_of(OWNER)),
        (jid_of(B), "Group Zuwara"),
        (jid_of(OWNER), "Group Zuwara"),
    ]
    assert ev[2]["attrs"].get("deleted") is True


def test_whatsapp_ios_calls_and_contacts(case, tmp_path):
    folder = tmp_path / "AppGroup"
    db(
        folder / "ContactsV2.sqlite",
        """CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY,
        ZWHATSAPPID TEXT, ZFULLNAME TEXT, ZPHONENUMBER TEXT);""",
        {"ZWAADDRESSBOOKCONTACT": [(1, jid_of(A), "Abu Salem", A)]},
    )
    calls = db(
        folder / "CallHistory.sqlite",
        """
        CREATE TABLE ZWAAGGREGATECALLEVENT (Z_PK INTEGER PRIMARY KEY, ZINCOMING INTEGER, ZVIDEO INTEGER,
            ZMISSED INTEGER);
        CREATE TABLE ZWACDCALLEVENT (Z_PK INTEGER PRIMARY KEY, Z1CALLEVENTS INTEGER, ZDATE REAL,
            ZDURATION REAL, ZOUTCOME INTEGER);
        CREATE TABLE ZWACDCALLEVENTPARTICIPANT (Z_PK INTEGER PRIMARY KEY, Z1PARTICIPANTS INTEGER,
            ZJIDSTRING TEXT);""",
        {
            "ZWAAGGREGATECALLEVENT": [(1, 1, 0, 0), (2, 0, 0, 0)],
            "ZWACDCALLEVENT": [(1, 1, 700000000.0, 42.0, 0), (2, 2, 700000500.0, 0.0, 1)],
            "ZWACDCALLEVENTPARTICIPANT": [(1, 1, jid_of(A)), (2, 2, jid_of(B))],
        },
    )
    result = import_file(case, calls, ImportOptions(owner=OWNER))
    assert result.kind == "calls"
    ev = events(case)
    assert [(e["src"], e["attrs"]["direction"], e["duration"]) for e in ev] == [
        ("Abu Salem", "in", 42.0),
        (jid_of(OWNER), "out", 0.0),
    ]
    assert ev[0]["ts"] == "2023-03-08T20:26:40"


# ------------------------------------------------------------------------- iOS
def test_ios_sms_db_groups_and_owner_from_the_database(case, tmp_path):
    path = write_sms_db(
        tmp_path / "sms.db",
        OWNER,
        [(A, False, 1_772_000_000.0, "where are you"), (A, True, 1_772_000_100.0, "at the station")],
        groups={"chat123": ("Boat crew", [A, B])},
        group_messages=[("chat123", B, 1_772_000_200.0, "ready"), ("chat123", None, 1_772_000_300.0, "go")],
    )
    result = import_file(case, path, ImportOptions())  # the owner is read from the database
    ev = events(case)
    assert [(e["src"], e["dst"]) for e in ev] == [
        (A, OWNER),
        (OWNER, A),
        (B, "Boat crew"),
        (OWNER, "Boat crew"),
    ]
    assert ev[0]["ts"] == "2026-02-25T06:13:20"
    assert ev[2]["attrs"]["app"] == "imessage" and ev[0]["attrs"]["app"] == "sms"
    sources = case._query("SELECT attrs FROM sources")
    assert json.loads(sources[0][0])["device_owner"] == OWNER
    assert result.events == 4


def test_ios_call_history_legacy_calls_and_address_book(case, tmp_path):
    modern = db(
        tmp_path / "CallHistory.storedata",
        """CREATE TABLE ZCALLRECORD (Z_PK INTEGER PRIMARY KEY,
        ZADDRESS BLOB, ZDATE REAL, ZDURATION REAL, ZORIGINATED INTEGER, ZANSWERED INTEGER,
        ZSERVICE_PROVIDER TEXT, ZNAME TEXT);""",
        {
            "ZCALLRECORD": [
                (1, A.encode(), 700000000.0, 33.0, 1, 1, "com.apple.Telephony", "Abu Salem"),
                (2, B, 700000100.0, 0.0, 0, 0, "com.apple.Telephony", None),
            ]
        },
    )
    legacy = db(
        tmp_path / "call_history.db",
        """CREATE TABLE call (ROWID INTEGER PRIMARY KEY, address TEXT,
        date INTEGER, duration INTEGER, flags INTEGER, id INTEGER, name TEXT);""",
        {"call": [(1, C, 1_300_000_000, 12, 5, -1, None), (2, C, 1_300_000_100, 20, 4, -1, None)]},
    )
    book = db(
        tmp_path / "AddressBook.sqlitedb",
        """
        CREATE TABLE ABPerson (ROWID INTEGER PRIMARY KEY, First TEXT, Last TEXT, Organization TEXT,
            Nickname TEXT);
        CREATE TABLE ABMultiValue (UID INTEGER PRIMARY KEY, record_id INTEGER, property INTEGER,
            identifier INTEGER, label INTEGER, value TEXT);""",
        {
            "ABPerson": [(1, "Salem", "Haddad", None, "Abu Salem"), (2, None, None, "Garage", None)],
            "ABMultiValue": [(1, 1, 3, 0, 1, "091 300 0001"), (2, 2, 4, 0, 1, "x@y.z")],
        },
    )
    assert [detect_kind(p)[0] for p in (modern, legacy, book)] == ["calls", "calls", "contacts"]
    import_file(case, modern, ImportOptions(owner=OWNER))
    import_file(case, legacy, ImportOptions(owner=OWNER))
    result = import_file(case, book, ImportOptions(owner=OWNER))
    ev = [e for e in events(case) if e["type"] == "called"]
    assert sorted((e["src"], e["dst"], e["attrs"]["direction"]) for e in ev) == sorted(
        [(OWNER, A, "out"), (B, OWNER, "missed"), (OWNER, C, "out"), (C, OWNER, "in")]
    )
    assert [q.row for q in result.quarantined] == [2], "the card with only an e-mail has no number"
    aliases = {r[0] for r in case._query("SELECT value FROM identifiers WHERE kind='alias'")}
    assert "Abu Salem" in aliases


# ----------------------------------------------------------------------- Viber
def test_viber_messages(case, tmp_path):
    path = db(
        tmp_path / "viber_messages",
        """
        CREATE TABLE participants_info (_id INTEGER PRIMARY KEY, participant_type INTEGER, number TEXT,
            display_name TEXT);
        CREATE TABLE participants (_id INTEGER PRIMARY KEY, conversation_id INTEGER,
            participant_info_id INTEGER);
        CREATE TABLE conversations (_id INTEGER PRIMARY KEY, group_id INTEGER, name TEXT);
        CREATE TABLE messages (_id INTEGER PRIMARY KEY, conversation_id INTEGER, participant_id INTEGER,
            msg_date INTEGER, send_type INTEGER, body TEXT);""",
        {
            "participants_info": [(1, 0, OWNER, "me"), (2, 1, A, "Abu Salem"), (3, 1, B, "Moussa")],
            "participants": [(1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 2, 2), (5, 2, 3)],
            "conversations": [(1, 0, None), (2, 77, "Crew")],
            "messages": [
                (1, 1, 2, 1_700_000_000_000, 0, "hello"),
                (2, 1, 1, 1_700_000_060_000, 1, "yes"),
                (3, 2, 5, 1_700_000_120_000, 0, "boat ready"),
            ],
        },
    )
    import_file(case, path, ImportOptions(owner=OWNER))
    ev = events(case)
    assert [(e["src"], e["dst"], e["attrs"]["app"]) for e in ev] == [
        ("Abu Salem", OWNER, "viber"),
        (OWNER, "Abu Salem", "viber"),
        ("Moussa", "Crew", "viber"),
    ]


# ------------------------------------------------------------------ bad input
def test_telegram_cache_is_recognised_and_refused_with_the_reason(case, tmp_path):
    path = db(
        tmp_path / "cache4.db",
        """CREATE TABLE users (uid INTEGER PRIMARY KEY, name TEXT, status INTEGER,
        data BLOB); CREATE TABLE dialogs (did INTEGER PRIMARY KEY, date INTEGER);
        CREATE TABLE messages_v2 (mid INTEGER, uid INTEGER, data BLOB);""",
    )
    with pytest.raises(ImportFailed, match="Telegram's cache4.db.*Telegram Desktop"):
        import_file(case, path, ImportOptions(owner=OWNER))


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("msgstore.db.crypt14", "WhatsApp encrypted backup \\(crypt14\\).*decrypted msgstore.db"),
        ("msgstore.db.crypt15", "crypt15"),
        ("msgstore-2026-03-01.1.db.crypt12", "crypt12"),
        ("signal.db", "Signal's database, encrypted with SQLCipher.*decrypted copy"),
        ("contacts.sqlite", "encrypted database.*decrypted copy"),
    ],
)
def test_encrypted_databases_are_named_and_nothing_is_lost(case, tmp_path, name, said):
    import_file(case, whatsapp_android(tmp_path / "wa"), ImportOptions(owner=OWNER))
    before = case.counts()
    path = tmp_path / name
    path.write_bytes(os.urandom(64 * 1024))
    with pytest.raises(ImportFailed, match=said):
        import_file(case, path, ImportOptions(owner=OWNER))
    assert case.counts() == before


def test_damaged_database_gives_a_clear_error_naming_the_file(case, tmp_path):
    good = whatsapp_android(tmp_path / "wa")
    data = bytearray(good.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)  # the schema page wiped
    bad = tmp_path / "broken" / "msgstore.db"
    bad.parent.mkdir()
    bad.write_bytes(bytes(data[: len(data) // 2]))
    import_file(case, good, ImportOptions(owner=OWNER))
    before = case.counts()
    with pytest.raises(ImportFailed, match="msgstore.db: "):
        import_file(case, bad, ImportOptions(owner=OWNER, again=True))
    assert case.counts() == before


# ------------------------------------------------------------------------ WAL
def wal_database(folder: Path) -> tuple[Path, Path, Path]:
    """A calllog.db whose last rows live only in its -wal, as on a seized phone."""
    work = folder / "live"
    work.mkdir(parents=True)
    conn = sqlite3.connect(work / "calllog.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(
        "CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER, "
        "type INTEGER, name TEXT)"
    )
    conn.execute("INSERT INTO calls VALUES (1, ?, 1772000000000, 10, 1, NULL)", (A,))
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.executemany(
        "INSERT INTO calls VALUES (?, ?, ?, 20, 2, NULL)",
        [(k, B, 1772000000000 + k * 1000) for k in range(2, 6)],
    )
    conn.commit()
    seized = folder / "seized"
    seized.mkdir()
    for suffix in ("", "-wal", "-shm"):  # copied while open: the WAL still holds rows 2-5
        shutil.copyfile(work / f"calllog.db{suffix}", seized / f"calllog.db{suffix}")
    conn.close()
    return seized / "calllog.db", seized / "calllog.db-wal", seized / "calllog.db-shm"


def test_rows_in_the_wal_are_read_and_the_evidence_stays_byte_identical(case, tmp_path):
    from app.cli import main

    files = wal_database(tmp_path)
    before = digest(*files)
    assert len(before) == 3 and files[1].stat().st_size > 0
    kind, reason = detect_kind(files[0])
    assert kind == "calls" and "Android calllog.db" in reason
    tables = preview(files[0])  # a database previews as its tables, rows in the WAL counted
    assert tables.set_index("table").loc["calls", "rows"] == 5
    result = import_file(case, files[0], ImportOptions(owner=OWNER))
    assert result.events == 5, "the four calls only in the -wal are read too"
    assert digest(*files) == before
    case.close()
    assert main(["info", str(tmp_path / "phones.ariadne")]) == 0
    assert main(["import", str(tmp_path / "other.ariadne"), str(files[0]), "--owner", OWNER]) == 0
    assert digest(*files) == before
    assert not list(files[0].parent.glob("*-journal"))


def test_without_a_wal_the_database_is_opened_immutable(case, tmp_path):
    store = whatsapp_android(tmp_path / "wa")
    before = digest(*store.parent.iterdir())
    import_file(case, store, ImportOptions(owner=OWNER))
    assert digest(*store.parent.iterdir()) == before
    assert sorted(p.name for p in store.parent.iterdir()) == ["msgstore.db", "wa.db"], (
        "no -wal or -shm created"
    )


def test_scenario_phone_databases_agree_with_its_calls(case, tmp_path):
    from app.scenario import generate_scenario

    out = tmp_path / "scenario"
    manifest = generate_scenario(out, size="small", seed=3)
    entries = {f["path"]: f for f in manifest["files"]}
    store_path = "phones/EXH-002/com.whatsapp/databases/msgstore.db"
    sms_path = "phones/EXH-003/HomeDomain/Library/SMS/sms.db"
    owner = entries[store_path]["owner"]
    import_file(case, out / store_path, ImportOptions(owner=owner, exhibit="EXH-002"))
    result = import_file(case, out / sms_path, ImportOptions(exhibit="EXH-003"))
    assert (
        json.loads(case._query("SELECT attrs FROM sources WHERE id=?", (2,))[0][0])["device_owner"]
        == (entries[sms_path]["owner"])
    ), "the iPhone's owner is read from sms.db"
    assert result.events > 0
    whatsapp_phones = {
        r[0]
        for r in case._query(
            "SELECT p.label FROM links l JOIN entities p ON p.id = l.src JOIN entities a ON a.id = l.dst "
            "WHERE l.type='uses' AND a.type='account' AND p.type='phone'"
        )
    } - {owner}
    assert len(whatsapp_phones) > 3
    calls = [f for f in manifest["files"] if f["exhibit"] == "EXH-002" and f["path"].endswith("contacts2.db")]
    import_file(case, out / calls[0]["path"], ImportOptions(owner=owner))
    called = {
        r[0]
        for r in case._query(
            "SELECT DISTINCT p.label FROM links l JOIN entities p ON p.id IN (l.src, l.dst) "
            "WHERE l.type='called' AND p.type='phone'"
        )
    }
    assert whatsapp_phones <= called, "every WhatsApp chat is with someone the owner calls"


def test_cancel_while_reading_a_chat_database_leaves_the_case_unchanged(case, tmp_path):
    from app.progress import Cancelled, CancelToken

    token = CancelToken()
    store = whatsapp_android(tmp_path / "wa")
    token.cancel()
    with pytest.raises(Cancelled):
        import_file(case, store, ImportOptions(owner=OWNER), cancel=token)
    assert case.counts()["sources"] == 0 and case.counts()["events"] == 0
