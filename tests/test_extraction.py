"""A whole phone extraction (a folder, a zip, an iTunes backup) imported as one exhibit: every
database recognised by its schema, the owner read from the material, a report of what was
imported and what was skipped and why; encrypted backups refused; the evidence unchanged."""

from __future__ import annotations

import hashlib
import json
import plistlib
import random
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.pipeline import import_path
from app.scenario.phonedbs import jid_of, write_sms_db, write_whatsapp

OWNER = "+218912345678"
A, B = "+218913000001", "+218913000002"


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "ext.ariadne", region="LY", title="extraction")
    yield store
    store.close()


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def android_tree(root: Path, *, prefs: bool = True) -> Path:
    data = root / "data" / "data"
    write_whatsapp(
        data / "com.whatsapp" / "databases",
        {jid_of(A): "Abu Salem"},
        [
            (jid_of(A), False, None, 1_772_000_000_000, "bring the money", 0),
            (jid_of(A), True, None, 1_772_000_060_000, "ok", 0),
        ],
    )
    if prefs:
        p = data / "com.whatsapp" / "shared_prefs" / "com.whatsapp_preferences_light.xml"
        p.parent.mkdir(parents=True)
        p.write_text(
            "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n"
            f'    <string name="registration_jid">{jid_of(OWNER)}</string>\n</map>\n'
        )
    calllog = data / "com.android.providers.contacts" / "databases" / "calllog.db"
    calllog.parent.mkdir(parents=True)
    conn = sqlite3.connect(calllog)
    conn.execute(
        "CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER, "
        "type INTEGER, name TEXT)"
    )
    conn.execute("INSERT INTO calls VALUES (1, ?, 1772000000000, 33, 2, 'Moussa')", (B,))
    conn.commit()
    conn.close()
    unknown = data / "com.example.notes" / "databases" / "notes.db"
    unknown.parent.mkdir(parents=True)
    conn = sqlite3.connect(unknown)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()
    media = root / "media" / "0" / "WhatsApp" / "Media" / "WhatsApp Images"
    media.mkdir(parents=True)
    (media / "IMG-20260301-WA0001.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 5000)
    (media / "PTT-20260301-WA0002.opus").write_bytes(b"OggS" + b"\x01" * 3000)
    crypt = data / "com.whatsapp" / "databases" / "msgstore-2026-03-01.1.db.crypt14"
    crypt.write_bytes(random.Random(7).randbytes(20_000))  # high entropy, like an encrypted file
    return root


def test_android_folder_imported_as_one_exhibit_with_the_owner_from_whatsapp_prefs(case, tmp_path):
    root = android_tree(tmp_path / "EXH-7")
    before = tree_digest(root)
    result = import_path(case, root, ImportOptions())
    assert tree_digest(root) == before
    assert result.owner == OWNER and "registration_jid" in result.owner_from
    imported = {inner for inner, _r in result.imported}
    assert imported == {
        "data/data/com.whatsapp/databases/msgstore.db",
        "data/data/com.whatsapp/databases/wa.db",
        "data/data/com.android.providers.contacts/databases/calllog.db",
    }
    skipped = {inner: reason for inner, _what, reason in result.skipped}
    assert "data/data/com.example.notes/databases/notes.db" in skipped
    crypt = next(k for k in skipped if k.endswith(".crypt14"))
    assert "decrypted copy" in skipped[crypt]
    assert result.media == 2
    sources = case._query("SELECT exhibit, attrs FROM sources ORDER BY id")
    assert {s[0] for s in sources} == {"EXH-7"}
    paths = {json.loads(s[1])["path_in_extraction"] for s in sources}
    assert paths == imported
    assert all(json.loads(s[1])["device_owner"] == OWNER for s in sources)
    text = result.summary()
    assert "skipped data/data/com.example.notes/databases/notes.db" in text and "2 media files" in text


def test_owner_not_in_the_material_is_asked_for(case, tmp_path):
    root = android_tree(tmp_path / "EXH-8", prefs=False)
    result = import_path(case, root, ImportOptions())
    assert result.owner == "" and result.needs_owner
    assert {i for i, _r in result.imported} == {"data/data/com.whatsapp/databases/wa.db"}
    assert "--owner" in result.summary()
    again = import_path(case, root, ImportOptions(owner=OWNER))
    assert {i for i, _r in again.imported} >= {"data/data/com.whatsapp/databases/msgstore.db"}


def test_zip_extraction_and_the_command_line(tmp_path):
    root = android_tree(tmp_path / "tree")
    archive = tmp_path / "EXH-9.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(root.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(root).as_posix())
    before = hashlib.sha256(archive.read_bytes()).hexdigest()
    case_path = tmp_path / "zip.ariadne"
    assert main(["import", str(case_path), str(archive)]) == 0
    assert hashlib.sha256(archive.read_bytes()).hexdigest() == before
    with CaseStore.open(case_path) as case:
        sources = case._query("SELECT file_name, exhibit FROM sources ORDER BY file_name")
    assert sources == [("calllog.db", "EXH-9"), ("msgstore.db", "EXH-9"), ("wa.db", "EXH-9")]


def itunes_backup(root: Path, *, encrypted: bool = False) -> Path:
    """A Finder backup: files named by the SHA-1 of domain-path, mapped in Manifest.db."""
    root.mkdir(parents=True)
    staging = root.parent / "staging"
    sms = write_sms_db(
        staging / "sms.db", OWNER, [(A, False, 1_772_000_000.0, "salam"), (A, True, 1_772_000_060.0, "ok")]
    )
    files = [
        ("HomeDomain", "Library/SMS/sms.db", sms),
        ("CameraRollDomain", "Media/DCIM/100APPLE/IMG_0001.HEIC", None),
    ]
    conn = sqlite3.connect(root / "Manifest.db")
    conn.execute(
        "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, "
        "file BLOB)"
    )
    for domain, rel, src in files:
        file_id = hashlib.sha1(f"{domain}-{rel}".encode()).hexdigest()
        target = root / file_id[:2] / file_id
        target.parent.mkdir(exist_ok=True)
        if src:
            shutil.copyfile(src, target)
        else:
            target.write_bytes(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100)
        conn.execute("INSERT INTO Files VALUES (?,?,?,1,NULL)", (file_id, domain, rel))
    conn.commit()
    conn.close()
    (root / "Manifest.plist").write_bytes(plistlib.dumps({"IsEncrypted": encrypted, "Version": "10.0"}))
    return root


def test_itunes_backup_through_its_manifest(case, tmp_path):
    root = itunes_backup(tmp_path / "00008030-001A")
    before = tree_digest(root)
    result = import_path(case, root, ImportOptions(exhibit="EXH-IOS"))
    assert tree_digest(root) == before
    assert result.layout == "iTunes/Finder backup"
    assert [i for i, _r in result.imported] == ["HomeDomain/Library/SMS/sms.db"]
    assert result.owner == OWNER, "read from the numbers messages were addressed to"
    assert result.imported[0][1].events == 2
    assert result.media == 1


def test_encrypted_itunes_backup_is_refused_and_nothing_changes(case, tmp_path):
    root = itunes_backup(tmp_path / "enc", encrypted=True)
    with pytest.raises(ImportFailed, match="encrypted iTunes/Finder backup.*decrypt"):
        import_path(case, root, ImportOptions())
    assert case.counts()["sources"] == 0


def test_a_damaged_database_in_an_extraction_fails_alone(case, tmp_path):
    root = android_tree(tmp_path / "EXH-10")
    bad = root / "data" / "data" / "com.android.providers.telephony" / "databases" / "mmssms.db"
    bad.parent.mkdir(parents=True)
    good = root / "data" / "data" / "com.android.providers.contacts" / "databases" / "calllog.db"
    bad.write_bytes(good.read_bytes()[:100] + b"\xff" * 3000)
    result = import_path(case, root, ImportOptions())
    assert len(result.imported) == 3
    listed = [i for i, *_ in result.skipped] + [i for i, _ in result.failed]
    assert any(i.endswith("mmssms.db") for i in listed)


def test_ios_tree_owner_from_the_preferences_and_whatsapp_names_from_contacts(case, tmp_path):
    root = tmp_path / "private" / "var"
    group = root / "mobile" / "Containers" / "Shared" / "AppGroup" / "5A1B"
    group.mkdir(parents=True)
    conn = sqlite3.connect(group / "ChatStorage.sqlite")
    conn.executescript(
        "CREATE TABLE ZWACHATSESSION (Z_PK INTEGER PRIMARY KEY, ZCONTACTJID TEXT, ZPARTNERNAME TEXT);"
        "CREATE TABLE ZWAMESSAGE (Z_PK INTEGER PRIMARY KEY, ZCHATSESSION INTEGER, ZISFROMME INTEGER,"
        " ZMESSAGEDATE REAL, ZMESSAGETYPE INTEGER, ZTEXT TEXT, ZFROMJID TEXT, ZTOJID TEXT);"
    )
    conn.execute("INSERT INTO ZWACHATSESSION VALUES (1, ?, NULL)", (jid_of(A),))
    conn.execute("INSERT INTO ZWAMESSAGE VALUES (1, 1, 0, 790000000.0, 0, 'the boat', ?, NULL)", (jid_of(A),))
    conn.commit()
    conn.close()
    conn = sqlite3.connect(group / "ContactsV2.sqlite")
    conn.execute(
        "CREATE TABLE ZWAADDRESSBOOKCONTACT (Z_PK INTEGER PRIMARY KEY, ZWHATSAPPID TEXT, ZFULLNAME TEXT)"
    )
    conn.execute("INSERT INTO ZWAADDRESSBOOKCONTACT VALUES (1, ?, 'Abu Salem')", (jid_of(A),))
    conn.commit()
    conn.close()
    prefs = root / "wireless" / "Library" / "Preferences" / "com.apple.commcenter.plist"
    prefs.parent.mkdir(parents=True)
    prefs.write_bytes(plistlib.dumps({"ReportedPhoneNumber": OWNER}))
    result = import_path(case, tmp_path / "private", ImportOptions())
    assert result.owner == OWNER and "ReportedPhoneNumber" in result.owner_from
    assert sorted(i.rsplit("/", 1)[1] for i, _r in result.imported) == [
        "ChatStorage.sqlite",
        "ContactsV2.sqlite",
    ]
    senders = case._query(
        "SELECT s.label FROM events e JOIN links l ON l.id = e.link_id JOIN entities s ON s.id = l.src"
    )
    assert senders == [("Abu Salem",)]
