"""Forensic-tool reports and backup apps (issue 15): Cellebrite UFED report.xml and UFDR,
MSAB XRY text exports, SMS / Call Logs Backup & Restore.  Each is recognised by its content,
imported with its provenance, left byte-identical, and refused with one clear line when
damaged."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from app.cli import main
from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.pipeline import detect_kind, import_file

DATA = Path(__file__).resolve().parent / "data" / "forensic"
REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "phones" / "extractions"
OWNER = "+218912345678"


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "forensic.ariadne", region="LY", title="forensic")
    yield store
    store.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def events(store: CaseStore) -> list[dict]:
    rows = store._query(
        "SELECT l.type, s.label, d.label, e.ts, e.duration, e.attrs, e.row FROM events e "
        "JOIN links l ON l.id = e.link_id JOIN entities s ON s.id = l.src JOIN entities d ON d.id = l.dst "
        "ORDER BY e.ts, e.row"
    )
    keys = ("type", "src", "dst", "ts", "duration", "attrs", "row")
    return [dict(zip(keys, (*r[:5], json.loads(r[5] or "{}"), r[6]), strict=True)) for r in rows]


def provenance(store: CaseStore, n: int = 0) -> dict:
    attrs = store.sources()[n]["attrs"]
    return json.loads(attrs) if isinstance(attrs, str) else attrs


def labels(store: CaseStore, type_: str) -> set[str]:
    return {r[0] for r in store._query("SELECT label FROM entities WHERE type = ?", (type_,))}


def linked(store: CaseStore, link_type: str) -> set[tuple[str, str]]:
    return set(
        store._query(
            "SELECT s.label, d.label FROM links l JOIN entities s ON s.id = l.src "
            "JOIN entities d ON d.id = l.dst WHERE l.type = ?",
            (link_type,),
        )
    )


# ------------------------------------------------------------------ UFED report.xml


def test_ufed_report_imports_calls_messages_chats_contacts_with_provenance(case, tmp_path):
    path = DATA / "ufed_report.xml"
    before = digest(path)
    assert detect_kind(path)[0] == "extraction"
    result = import_file(case, path)
    assert digest(path) == before, "the evidence is byte-identical after the import"
    prov = provenance(case)
    assert prov["tool"] == "Cellebrite UFED Physical Analyzer" and prov["tool_version"] == "7.60.0.85"
    assert prov["owner_phone"] == OWNER and "MSISDN" in prov["owner_from"]
    assert prov["owner_name"] == "Abu Khalil" and "Samsung" in prov["device"]
    assert prov["extraction_id"] == "5e0c6a2b-81f3-4c0e-b1d4-6b7a2f3c9d01"

    evs = events(case)
    calls = [e for e in evs if e["type"] == "called"]
    assert [(c["attrs"]["direction"], c["duration"]) for c in calls] == [
        ("out", 125.0),
        ("in", 41.0),
        ("missed", None),
    ]
    assert calls[0]["ts"] == "2026-03-13T07:15:00", "a UFED time with an offset is kept in UTC"
    assert [c["attrs"]["deleted"] for c in calls] == [False, True, False], "a deleted call is kept, marked"
    assert calls[1]["attrs"]["source_index"] == "203" and calls[1]["row"] == 203
    assert calls[2]["attrs"]["app"] == "whatsapp"

    bodies = {e["attrs"].get("body"): e for e in evs if e["type"] == "messaged"}
    sms_in = bodies["Le bateau part jeudi, 2000 euros par personne"]
    assert (sms_in["src"], sms_in["dst"], sms_in["attrs"]["direction"]) == ("+218923456789", OWNER, "in")
    sms_out = bodies["OK, Abu Omar garde l'argent"]
    assert sms_out["attrs"]["deleted"] is True and sms_out["attrs"]["direction"] == "out"
    group_msg = bodies["12 passagers confirmés pour jeudi"]
    assert group_msg["dst"] == "Sabratha départs" and group_msg["attrs"]["app"] == "whatsapp"
    assert bodies["Effacez ce groupe après le départ"]["attrs"]["deleted"] is True

    assert "Sabratha départs" in labels(case, "group")
    members = {s for s, d in linked(case, "member_of") if d == "Sabratha départs"}
    assert len(members) == 3, "the owner and both participants are members of the group"
    uses = linked(case, "uses")
    assert ("+218923456789", "Omar") in uses, "a WhatsApp JID's number uses the account"
    assert (OWNER, "Abu Khalil") in {(s, d) for s, d in uses if d == "Abu Khalil"}, (
        "the owner uses own accounts"
    )
    assert {"Omar Passeur", "Le Vieux"} <= labels(case, "person")
    contacts = linked(case, "in_contacts")
    assert (OWNER, "+218923456789") in contacts and (OWNER, "+22796123456") in contacts
    assert "Sabratha" in labels(case, "location")
    assert any("WebBookmark" in n for n in result.notes), "what was not imported is said"
    assert (
        case._query("SELECT COUNT(*) FROM identifiers WHERE kind='imei' AND value='35693803564380'")[0][0]
        == 1
    )


def test_ufed_real_chat_fragment_finds_the_owner_from_the_party_marked_as_owner(case):
    path = REAL / "ipedtest_ufed-model-chat.xml"
    if not path.exists():
        pytest.skip("shared real data not present")
    before = digest(path)
    result = import_file(case, path)
    assert digest(path) == before
    prov = provenance(case)
    assert prov["owner_phone"] == "+5511999998888"
    assert result.events >= 5
    msgs = [e for e in events(case) if e["type"] == "messaged"]
    assert {e["attrs"]["app"] for e in msgs} == {"whatsapp", "telegram"}
    assert any(e["attrs"]["direction"] == "in" for e in msgs)
    accounts = {r[0] for r in case._query("SELECT value FROM identifiers WHERE kind='account'")}
    assert "whatsapp:5511999996666@s.whatsapp.net" in accounts


def test_ufed_report_written_in_utf16_reads_the_same(case, tmp_path):
    text = (DATA / "ufed_report.xml").read_text("utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    wide = tmp_path / "report.xml"
    wide.write_bytes(text.encode("utf-16"))
    result = import_file(case, wide)
    assert (result.events, result.rows_read) == (7, 13)


def test_ufdr_package_is_read_from_inside_the_zip(case, tmp_path):
    package = tmp_path / "LY-2026-014.ufdr"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(DATA / "ufed_report.xml", "report.xml")
        z.writestr("files/Image/IMG_0412.jpg", b"\xff\xd8\xff\xe0 not really a photo")
    before = digest(package)
    assert detect_kind(package)[0] == "extraction"
    result = import_file(case, package)
    assert digest(package) == before
    assert result.events == 7
    prov = provenance(case)
    assert prov["package"] == "UFDR" and prov["owner_phone"] == OWNER
    as_zip = tmp_path / "export.zip"
    shutil.copy(package, as_zip)
    assert detect_kind(as_zip)[0] == "extraction", "detected by content, not by the .ufdr name"


def test_a_large_report_is_written_in_batches_with_the_same_result(case, tmp_path, monkeypatch):
    """Batches give the same calls and messages; an item read before the report names the
    owner's account in its app has the owner's phone at that end (the phone uses the account)."""
    from app.importers import ufed

    def seen(store):
        owner_ends = {OWNER, "Abu Khalil"}
        return [
            (e["type"], e["ts"], e["attrs"], e["src"] in owner_ends, e["dst"] in owner_ends)
            for e in events(store)
        ]

    whole = CaseStore.create(tmp_path / "whole.ariadne", region="LY")
    import_file(whole, DATA / "ufed_report.xml")
    expected = (seen(whole), whole.counts()["entities"])
    whole.close()
    monkeypatch.setattr(ufed._ReportReader, "BATCH", 2)
    monkeypatch.setattr(ufed._ReportReader, "BLOCK", 512)  # batches are handed over between blocks
    result = import_file(case, DATA / "ufed_report.xml")
    assert (seen(case), case.counts()["entities"]) == expected
    assert result.rows_read == 13 and provenance(case)["owner_phone"] == OWNER


def test_a_report_cut_off_after_its_first_batches_leaves_the_case_as_it_was(case, tmp_path, monkeypatch):
    from app.importers import ufed

    monkeypatch.setattr(ufed._ReportReader, "BATCH", 1)
    monkeypatch.setattr(ufed._ReportReader, "BLOCK", 512)
    text = (DATA / "ufed_report.xml").read_bytes()
    cut = tmp_path / "report_cut.xml"
    cut.write_bytes(text[: text.index(b'<modelType type="Location">')])
    with pytest.raises(ImportFailed, match="report_cut.xml"):
        import_file(case, cut)
    assert case.counts()["events"] == 0 and case.counts()["sources"] == 0


def test_truncated_ufed_report_fails_in_one_line_naming_the_file_and_loses_nothing(case, tmp_path):
    import_file(case, DATA / "call_backup.xml", ImportOptions(owner=OWNER))
    counts = case.counts()
    text = (DATA / "ufed_report.xml").read_bytes()
    cut = tmp_path / "report_cut.xml"
    cut.write_bytes(text[: len(text) // 2])
    with pytest.raises(ImportFailed) as exc:
        import_file(case, cut)
    message = str(exc.value)
    assert "report_cut.xml" in message and "cut off" in message and "\n" not in message
    assert case.counts() == counts


def test_corrupt_ufdr_fails_in_one_line(case, tmp_path):
    bad = tmp_path / "broken.ufdr"
    good = tmp_path / "good.ufdr"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(DATA / "ufed_report.xml", "report.xml")
    raw = good.read_bytes()
    bad.write_bytes(raw[: len(raw) // 3])
    with pytest.raises(ImportFailed) as exc:
        import_file(case, bad)
    assert "broken.ufdr" in str(exc.value) and "\n" not in str(exc.value)
    assert case.counts()["sources"] == 0


def test_xml_with_entity_expansion_is_refused(case, tmp_path):
    bomb = tmp_path / "report.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        '<project xmlns="http://pa.cellebrite.com/report/2.0" extractionType="x">'
        "<sourceExtractions/>&b;</project>"
    )
    with pytest.raises(ImportFailed) as exc:
        import_file(case, bomb)
    assert "report.xml" in str(exc.value)


# ------------------------------------------------------------------ backup apps


def test_sms_backup_needs_the_owner_and_then_imports_sms_and_mms(case):
    path = DATA / "sms_backup.xml"
    before = digest(path)
    assert detect_kind(path)[0] == "messages"
    with pytest.raises(ImportFailed, match="--owner"):
        import_file(case, path)
    result = import_file(case, path, ImportOptions(owner=OWNER))
    assert digest(path) == before
    assert (result.rows_read, result.events, len(result.quarantined)) == (5, 5, 1)
    assert result.quarantined[0].row == 4 and "soon" in result.quarantined[0].reason
    evs = events(case)
    first = evs[0]
    assert (first["src"], first["dst"], first["ts"]) == ("+218923456789", OWNER, "2026-03-13T07:20:00")
    assert first["attrs"]["body"].startswith("Le bateau") and first["attrs"]["app"] == "sms"
    mms = [e for e in evs if e["attrs"]["app"] == "mms"]
    assert {e["dst"] for e in mms} == {"+218923456789", "+22796123456"} and mms[0]["attrs"][
        "body"
    ] == "Photo du bateau"
    assert any(e["src"] == "MoneyGram" for e in evs), "an alphanumeric sender is kept as a sender id"
    assert provenance(case)["tool"].startswith("SMS Backup & Restore")
    assert "Omar Passeur" in labels(case, "person")


def test_call_log_backup_imports_calls_with_direction_and_duration(case):
    path = DATA / "call_backup.xml"
    assert detect_kind(path)[0] == "calls"
    result = import_file(case, path, ImportOptions(owner=OWNER))
    assert (result.events, len(result.quarantined)) == (3, 1)
    assert "withheld" in result.quarantined[0].reason
    evs = events(case)
    assert [(e["attrs"]["direction"], e["duration"]) for e in evs] == [
        ("out", 125.0),
        ("in", 41.0),
        ("missed", 0.0),
    ]
    assert evs[0]["dst"] == "+218923456789"


def test_truncated_backup_xml_fails_in_one_line(case, tmp_path):
    cut = tmp_path / "sms-20260314.xml"
    raw = (DATA / "sms_backup.xml").read_bytes()
    cut.write_bytes(raw[: len(raw) - 200])
    with pytest.raises(ImportFailed) as exc:
        import_file(case, cut, ImportOptions(owner=OWNER))
    assert "sms-20260314.xml" in str(exc.value) and "cut off" in str(exc.value)
    assert case.counts()["sources"] == 0


# ------------------------------------------------------------------ XRY text exports


def test_xry_calls_text_export(case):
    path = DATA / "xry_calls.txt"
    before = digest(path)
    assert detect_kind(path)[0] == "extraction"
    result = import_file(case, path, ImportOptions(owner=OWNER))
    assert digest(path) == before
    assert (result.rows_read, result.events, len(result.quarantined)) == (4, 3, 1)
    evs = events(case)
    assert [(e["attrs"]["direction"], e["ts"]) for e in evs] == [
        ("out", "2026-03-13T08:15:00"),
        ("in", "2026-03-13T21:40:10"),
        ("missed", "2026-03-14T06:02:00"),
    ]
    assert [e["attrs"]["deleted"] for e in evs] == [False, True, False]
    assert provenance(case)["tool"].startswith("MSAB XRY")


def test_xry_messages_join_segments_and_multiline_text(case):
    result = import_file(case, DATA / "xry_messages_sms.txt", ImportOptions(owner=OWNER))
    assert result.events == 2
    bodies = [e["attrs"]["body"] for e in events(case)]
    assert bodies == [
        "Le bateau part jeudi,\n2000 euros par personne",
        "OK, Abu Omar garde l'argent jusqu'à Lampedusa",
    ]


def test_xry_contacts_and_device_information(case):
    import_file(case, DATA / "xry_device.txt")
    prov = provenance(case)
    assert prov["imei"] == "356938035643809" and prov["owner_phone"] == OWNER
    import_file(case, DATA / "xry_contacts.txt", ImportOptions(owner=OWNER))
    assert {"Omar Passeur", "أبو عمر"} <= labels(case, "person")
    arabic = [s for s, d in linked(case, "uses") if s == "أبو عمر"]
    assert len(arabic) == 2, "both numbers of the contact"


# ------------------------------------------------------------------ command line


@pytest.mark.parametrize(
    "name, owner",
    [
        ("ufed_report.xml", None),
        ("sms_backup.xml", OWNER),
        ("call_backup.xml", OWNER),
        ("xry_calls.txt", OWNER),
    ],
)
def test_cli_import_then_info(tmp_path, capsys, name, owner):
    case_path = tmp_path / "cli.ariadne"
    args = ["import", str(case_path), str(DATA / name)] + (["--owner", owner] if owner else [])
    assert main(args) == 0
    assert main(["info", str(case_path)]) == 0
    out = capsys.readouterr().out
    assert name in out and "events" in out
    if name == "ufed_report.xml":
        assert "Cellebrite UFED Physical Analyzer 7.60.0.85, owner +218912345678" in out
    assert main(["info", str(case_path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["events"] >= 3


def test_cli_truncated_report_is_one_line_on_stderr(tmp_path, capsys):
    cut = tmp_path / "report.xml"
    raw = (DATA / "ufed_report.xml").read_bytes()
    cut.write_bytes(raw[:5000])
    assert main(["import", str(tmp_path / "c.ariadne"), str(cut)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "report.xml" in err


# ------------------------------------------------------------------ spreadsheet exports


def test_ufed_reader_workbook_reads_each_category_sheet(case):
    path = DATA / "ufed_reader_export.xlsx"
    before = digest(path)
    assert detect_kind(path)[0] == "extraction"
    result = import_file(case, path, ImportOptions(owner=OWNER))
    assert digest(path) == before
    assert (result.events, len(result.quarantined)) == (5, 1)
    assert "withheld" in result.quarantined[0].reason
    evs = events(case)
    calls = [e for e in evs if e["type"] == "called"]
    assert [(c["attrs"]["direction"], c["ts"], c["attrs"]["deleted"]) for c in calls] == [
        ("out", "2026-03-13T07:15:00", False),
        ("in", "2026-03-13T20:40:10", True),
        ("missed", "2026-03-14T06:02:00", False),
    ]
    assert calls[2]["attrs"]["app"] == "whatsapp" and calls[2]["src"] == "Le Vieux"
    sms = [e for e in evs if e["type"] == "messaged"]
    assert [(m["attrs"]["direction"], m["attrs"]["deleted"]) for m in sms] == [("in", False), ("out", True)]
    assert {"Omar Passeur", "Le Vieux"} <= labels(case, "person")
    assert provenance(case)["tool"].startswith("Cellebrite UFED")
    assert any("Summary" in n for n in result.notes), (
        "a sheet that is not contacts, calls or messages is named"
    )


def test_ufed_call_log_csv_with_its_title_row(case):
    result = import_file(case, DATA / "ufed_call_log.csv", ImportOptions(owner=OWNER))
    assert (result.events, len(result.quarantined)) == (2, 1)
    assert result.quarantined[0].row == 5 and "not a date" in result.quarantined[0].reason


def test_oxygen_workbook_finds_the_owner_it_marks(case):
    path = DATA / "oxygen_export.xlsx"
    assert detect_kind(path)[0] == "extraction"
    result = import_file(case, path)
    assert result.events == 4 and result.quarantined == []
    prov = provenance(case)
    assert prov["tool"].startswith("Oxygen Forensic") and prov["owner_phone"] == OWNER
    evs = events(case)
    deleted = [e for e in evs if e["attrs"]["deleted"]]
    assert [e["attrs"].get("body") for e in deleted] == ["Effacez ce groupe après le départ"]
    assert {"Omar Passeur", "أبو عمر"} <= labels(case, "person")
    assert ("+218923456789", "Omar") in linked(case, "uses")


def test_damaged_workbook_fails_in_one_line(case, tmp_path):
    bad = tmp_path / "export.xlsx"
    raw = (DATA / "ufed_reader_export.xlsx").read_bytes()
    bad.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(ImportFailed) as exc:
        import_file(case, bad, ImportOptions(kind="extraction", owner=OWNER))
    assert "export.xlsx" in str(exc.value) and "\n" not in str(exc.value)
