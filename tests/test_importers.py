"""Importers on material shaped like real exports, and on bad input: each gives a clear error
naming the file (and row), and loses nothing."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.mapping import save_mapping
from app.importers.pipeline import detect_kind, import_file, preview
from app.model import Grading
from app.progress import Cancelled, CancelToken

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "imp.ariadne", region="LY", title="imports")
    yield store
    store.close()


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


CDR = (
    "caller,callee,start,duration\n"
    "0912345678,+218 92 345 6789,13/03/2026 10:00:00,60\n"
    "00218912345678,0923456789,14/03/2026 11:30:00,1:05\n"
    "+218912345678,1415,15/03/2026 12:00:00,5\n"
)


def test_cdr_numbers_in_any_form_become_one_phone_and_calls_aggregate(case, tmp_path):
    result = import_file(case, write(tmp_path, "cdr.csv", CDR), ImportOptions(grading=Grading("B", 2)))
    assert (result.kind, result.rows_read, result.events, result.quarantined) == ("calls", 3, 3, [])
    links = case.link_frame(link_types=["called"])
    phones = dict(case._query("SELECT value, entity_id FROM identifiers WHERE kind='phone'"))
    assert {"+218912345678", "+218923456789", "1415"} <= set(phones)
    pair = links[(links["src"] == phones["+218912345678"]) & (links["dst"] == phones["+218923456789"])]
    assert int(pair["count"].iloc[0]) == 2 and float(pair["duration"].iloc[0]) == 125.0
    assert (pair["first_seen"].iloc[0], pair["last_seen"].iloc[0]) == (
        "2026-03-13T10:00:00",
        "2026-03-14T11:30:00",
    )
    short = case.entity(phones["1415"])
    assert short["attrs"].get("unverified_number") is True, "a short code is kept, marked, not dropped"
    assert case.sources()[0]["reliability"] == "B"


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";")])
def test_french_headers_in_every_encoding_and_delimiter(case, tmp_path, encoding, delimiter):
    text = (
        f"Appelant{delimiter}Appelé{delimiter}Début{delimiter}Durée\n"
        f"0912345678{delimiter}0923456789{delimiter}02/03/2026 09:15{delimiter}42\n"
        f"0923456789{delimiter}0912345678{delimiter}25/03/2026 09:15{delimiter}7\n"
    )
    result = import_file(case, write(tmp_path, f"fr-{encoding}.csv", text, encoding), ImportOptions())
    assert result.events == 2 and not result.quarantined
    events = case.events_frame()
    assert sorted(events["ts"]) == ["2026-03-02T09:15:00", "2026-03-25T09:15:00"]


def test_month_first_dates_are_decided_for_the_whole_file(case, tmp_path):
    text = "from,to,date\n0912345678,0923456789,03/04/2026\n0912345678,0923456789,04/25/2026\n"
    import_file(case, write(tmp_path, "us.csv", text), ImportOptions(kind="calls"))
    assert sorted(case.events_frame()["ts"]) == ["2026-03-04T00:00:00", "2026-04-25T00:00:00"]


def test_unreadable_rows_are_quarantined_with_row_and_reason(case, tmp_path):
    text = CDR + "0912345678,0923456789,not a date,5\n0912345678,,16/03/2026 10:00,5\n0912345678,0923456789\n"
    result = import_file(case, write(tmp_path, "bad_rows.csv", text), ImportOptions())
    reasons = {q.row: q.reason for q in result.quarantined}
    assert reasons[5] == "unreadable date 'not a date'"
    assert reasons[6] == "missing phone number"
    assert reasons[7] == "2 fields where the header has 4"
    assert result.events == 3
    kept = case.quarantined()
    assert {q["row"] for q in kept} == {5, 6, 7} and all(q["file_name"] == "bad_rows.csv" for q in kept)


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("empty.csv", b"", "empty"),
        ("garbage.csv", bytes(range(256)) * 40, "binary"),
        ("truncated.xlsx", b"PK\x03\x04" + b"\x00" * 300, "not a readable XLSX"),
        ("nocolumns.csv", b"alpha,beta\n1,2\n", "cannot tell what kind"),
    ],
)
def test_unreadable_files_fail_whole_and_leave_the_case_unchanged(case, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    before = case.counts()
    with pytest.raises(ImportFailed, match=message) as exc:
        import_file(case, path, ImportOptions())
    assert name in str(exc.value)
    assert case.counts() == before


def test_zip_bomb_workbook_is_refused(case, tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(ImportFailed, match="zip bomb"):
        import_file(case, path, ImportOptions(kind="calls"))


def test_same_file_twice_is_refused_unless_again(case, tmp_path):
    path = write(tmp_path, "cdr.csv", CDR)
    import_file(case, path, ImportOptions())
    with pytest.raises(ImportFailed, match="already imported as source #1"):
        import_file(case, path, ImportOptions())
    again = import_file(case, path, ImportOptions(again=True))
    assert again.source_id == 2 and case.counts()["events"] == 6


def test_cancel_rolls_the_whole_import_back(case, tmp_path):
    token = CancelToken()
    seen = []

    def progress(fraction, message):
        seen.append(fraction)
        if fraction > 0.6:
            token.cancel()

    before = case.counts()
    with pytest.raises(Cancelled):
        import_file(case, write(tmp_path, "cdr.csv", CDR), ImportOptions(), progress=progress, cancel=token)
    assert case.counts() == before and seen


def test_phone_own_log_needs_the_owner_and_uses_direction(case, tmp_path):
    text = (
        "numero\tnom\tdate\tduree\tdirection\n0923456789\tAbu Salem\t02/03/2026 10:00\t30\tentrant\n"
        "0923456789\tAbu Salem\t03/03/2026 10:00\t0\tmanqué\n0934567890\t\t04/03/2026 10:00\t12\tsortant\n"
    )
    path = write(tmp_path, "log.txt", text, "utf-16")
    with pytest.raises(ImportFailed, match="--owner"):
        import_file(case, path, ImportOptions())
    result = import_file(case, path, ImportOptions(owner="+218 91 234 5678"))
    assert result.events == 3
    owner = case.entity_by_identifier("phone", "+218912345678")
    salem = case.entity_by_identifier("phone", "+218923456789")
    incoming = case.link_frame(link_types=["called"])
    assert ((incoming["src"] == salem) & (incoming["dst"] == owner)).any()
    person = case._query("SELECT e.id FROM entities e WHERE e.type='person' AND e.label='Abu Salem'")
    assert person, "the saved name becomes a person who uses the number"
    aliases = case._query("SELECT value FROM identifiers WHERE entity_id=? AND kind='alias'", (salem,))
    assert aliases == [("Abu Salem",)]


def test_vcard_21_quoted_printable_arabic_several_numbers_and_no_tel(case, tmp_path):
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=AD=D8=AF=D8=A7=D8=AF;"
        "=D8=B3=D8=A7=D9=84=D9=85;;;\r\nTEL;CELL:+218 91 234 5678\r\nTEL;HOME:0923456789\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:No Number\r\nEMAIL:x@y.z\r\nEND:VCARD\r\n"
    )
    result = import_file(case, write(tmp_path, "phone.vcf", text), ImportOptions(owner="+218945678901"))
    assert [q.reason for q in result.quarantined] == ["card 2 (No Number) has no phone number"]
    person = case._query("SELECT id, label FROM entities WHERE type='person'")
    assert person[0][1] == "سالم حداد"
    uses = case._query("SELECT COUNT(*) FROM links WHERE type='uses' AND src=?", (person[0][0],))
    assert uses[0][0] == 2
    assert case._query("SELECT COUNT(*) FROM links WHERE type='in_contacts'")[0][0] == 2


@pytest.mark.skipif(not REAL.exists(), reason="shared/realdata not beside the checkout")
def test_real_vcard_exports_from_eight_apps_give_the_same_contact(tmp_path):
    names = []
    # (the Android export of the set stores its names as "Ñ Ñ Ñ", so it cannot be compared by name)
    for app in (
        "BLACK_BERRY",
        "EVOLUTION",
        "GMAIL",
        "IPHONE",
        "LOTUS_NOTES",
        "MAC_ADDRESS_BOOK",
        "MS_OUTLOOK",
    ):
        with CaseStore.create(tmp_path / f"{app}.ariadne", region="US") as store:
            import_file(
                store, REAL / "vcards/ez-vcard_real_app_exports" / f"John_Doe_{app}.vcf", ImportOptions()
            )
            labels = [r[0] for r in store._query("SELECT label FROM entities WHERE type='person'")]
            names.append(next((n for n in labels if "Doe" in n or "John" in n), labels))
    assert all("John" in n and "Doe" in n for n in names), names


@pytest.mark.skipif(not REAL.exists(), reason="shared/realdata not beside the checkout")
def test_real_android_contacts_database(case):
    path = REAL / "phones/nist_cftt_htc_desire_626/contacts2.db"
    result = import_file(case, path, ImportOptions(owner="8887771212", region="US"))
    labels = {r[0] for r in case._query("SELECT label FROM entities WHERE type='person'")}
    assert {"Jimi Hendrix", "Aurélien", "阿恶哈拉"} <= labels
    assert result.kind == "contacts" and result.events >= 1
    assert (case.path.parent / "imp.ariadne").exists()


def test_android_database_built_here_with_call_log(case, tmp_path):
    db = tmp_path / "contacts2.db"
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY, display_name TEXT, deleted INTEGER DEFAULT 0);
        CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY, mimetype TEXT);
        CREATE TABLE data (_id INTEGER PRIMARY KEY, raw_contact_id INTEGER, mimetype_id INTEGER, data1 TEXT);
        CREATE TABLE calls (_id INTEGER PRIMARY KEY, number TEXT, date INTEGER, duration INTEGER,
                            type INTEGER, name TEXT);
        INSERT INTO mimetypes VALUES (5, 'vnd.android.cursor.item/phone_v2');
        INSERT INTO raw_contacts VALUES (1, 'Captain Moussa', 0), (2, 'Deleted Guy', 1), (3, NULL, 0);
        INSERT INTO data VALUES (1, 1, 5, '+227 93 00 00 01'), (2, 2, 5, '+227 93 00 00 02'),
                                (3, 3, 5, '+227 93 00 00 03');
        INSERT INTO calls VALUES (1, '+22793000001', 1772000000000, 61, 2, 'Captain Moussa'),
                                 (2, '+22793000001', 1772100000000, 0, 3, NULL),
                                 (3, '', 1772200000000, 4, 1, NULL);
    """)
    conn.commit()
    conn.close()
    result = import_file(case, db, ImportOptions(owner="+218912345678"))
    assert result.events == 2 and [q.row for q in result.quarantined] == [3]
    labels = {r[0] for r in case._query("SELECT label FROM entities WHERE type='person'")}
    assert labels == {"Captain Moussa"}, "deleted contacts are not imported"
    names = {r[0] for r in case._query("SELECT value FROM identifiers WHERE kind IN ('name', 'alias')")}
    assert names == {"Captain Moussa"}, "a contact or call saved without a name gets no name"
    assert case.entity_by_identifier("phone", "+22793000003"), "the nameless contact's number is kept"


def test_transfers_amounts_as_people_write_them_and_currency_conversion(case, tmp_path):
    text = (
        "reference;date;expediteur;telephone_expediteur;beneficiaire;montant;devise\n"
        "T1;01/03/2026;Ali Omar;+44 7400 000001;Salem Haddad;1.500,00;EUR\n"
        "T2;02/03/2026;Ali Omar;+44 7400 000001;Salem Haddad;250 000;XOF\n"
        "T3;03/03/2026;Ali Omar;+44 7400 000001;Salem Haddad;N/A;EUR\n"
    )
    result = import_file(case, write(tmp_path, "hawala.csv", text, "cp1252"), ImportOptions())
    assert result.kind == "transfers"
    assert [(q.row, q.reason) for q in result.quarantined] == [(4, "unreadable amount 'N/A'")]
    events = case.events_frame(link_types=["transferred"]).sort_values("ts")
    assert events["amount"].tolist() == [1500.0, 250000.0]
    assert events["currency"].tolist() == ["EUR", "XOF"]
    assert events["amount_case"].iloc[0] == 1500.0 and 300 < events["amount_case"].iloc[1] < 450


def test_interviews_json_lines_with_a_cut_record(case, tmp_path):
    doc = {
        "interview_id": "I1",
        "date": "2026-05-02",
        "place": "Lampedusa",
        "interviewee": {"ref": "MIG-1", "age": 16, "sex": "F", "nationality": "ER"},
        "vulnerabilities": ["minor", "Unaccompanied"],
        "legs": [{"from": "Agadès", "to": "Sabha", "price": "500", "currency": "USD", "smuggler_ref": "P1"}],
        "mentions": [
            {
                "ref": "P1",
                "name": "Abu Salem",
                "aliases": ["Salem Libya"],
                "phones": ["091 234 5678"],
                "role": "driver",
            }
        ],
        "payments": [{"amount": "1,200", "currency": "USD", "to_ref": "P1", "method": "cash"}],
        "narrative": "In Sabha I paid 300 USD, call him on 0923456789.",
    }
    text = json.dumps(doc) + "\n" + '{"interview_id": "I2", "date": "2026-0' + "\n"
    result = import_file(case, write(tmp_path, "int.jsonl", text), ImportOptions())
    assert result.kind == "interviews" and [q.row for q in result.quarantined] == [2]
    migrant = case._query("SELECT id, attrs FROM entities WHERE label='Migrant MIG-1'")[0]
    attrs = json.loads(migrant[1])
    assert attrs["role"] == "migrant" and attrs["vulnerabilities"] == ["minor", "unaccompanied"]
    legs = case.legs_frame()
    assert legs[["from_place", "to_place"]].values.tolist() == [["Agadez", "Sebha"]]
    extracted = case._query("SELECT attrs FROM links WHERE type='mentioned' AND attrs LIKE '%extracted%'")
    assert len(extracted) >= 2, "the narrative's number and place are linked, marked as extracted"


def test_routes_gpx_kml_and_an_xml_bomb(case, tmp_path):
    gpx = (
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>T</name>'
        '<trkseg><trkpt lat="32.93" lon="12.08"><time>2026-06-01T01:00:00Z</time></trkpt>'
        '<trkpt lat="35.50" lon="12.60"><time>2026-06-01T15:00:00Z</time></trkpt></trkseg></trk></gpx>'
    )
    import_file(case, write(tmp_path, "t.gpx", gpx), ImportOptions())
    legs = case.legs_frame()
    assert legs[["from_place", "to_place"]].values.tolist() == [["Zuwara", "Lampedusa"]]
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        "<kml><Document><Placemark><name>&lol2;</name></Placemark></Document></kml>"
    )
    with pytest.raises(ImportFailed, match="refused"):
        import_file(case, write(tmp_path, "bomb.kml", bomb), ImportOptions())
    external = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<gpx><wpt lat="1" lon="1"><name>&e;</name></wpt></gpx>'
    )
    with pytest.raises(ImportFailed, match="refused"):
        import_file(case, write(tmp_path, "ext.gpx", external), ImportOptions())


def test_column_mapping_reads_an_unknown_layout(case, tmp_path):
    text = "Numéro A|Numéro B|Horodatage|Secondes\n0912345678|0923456789|2026-03-01 10:00:00|33\n"
    path = write(tmp_path, "odd.txt", text)
    with pytest.raises(ImportFailed, match="cannot tell"):
        detect_kind(path)
    mapping = {
        "kind": "calls",
        "columns": {
            "caller": "numero a",
            "callee": "Numéro B",
            "start": "Horodatage",
            "duration": "Secondes",
        },
    }
    saved = save_mapping(mapping, tmp_path / "m.json")
    from app.importers.mapping import load_mapping

    assert list(preview(path, mapping=load_mapping(saved)).columns) == [
        "caller",
        "callee",
        "start",
        "duration",
    ]
    result = import_file(case, path, ImportOptions(mapping=load_mapping(saved)))
    assert result.events == 1


def test_xlsx_contacts_with_french_headers(case, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nom", "Téléphone 1", "Téléphone 2"])
    ws.append(["Moussa Dirkou", "+227 93 00 00 01", "0912345678"])
    ws.append([None, None, None])
    ws.append(["Sans numéro", None, None])
    path = tmp_path / "contacts.xlsx"
    wb.save(path)
    result = import_file(case, path, ImportOptions(owner="+218923456789"))
    assert result.kind == "contacts"
    assert [(q.row, q.reason) for q in result.quarantined] == [(4, "a contact with no readable number")]
    assert case._query("SELECT COUNT(*) FROM links WHERE type='uses'")[0][0] == 2


def test_watch_list_hits_are_reported_at_the_end_of_an_import(case, tmp_path):
    case.add_watch("phone", "+218923456789", "Target A")
    result = import_file(case, write(tmp_path, "cdr.csv", CDR), ImportOptions())
    assert [(h["value"], h["label"]) for h in result.watchlist_hits] == [("+218923456789", "Target A")]
    assert "WATCH-LIST HIT" in result.summary()


def test_interview_workbook_needs_its_interviews_sheet(case, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "legs"
    wb.active.append(["interview_id", "from", "to"])
    wb.active.append(["I1", "Agadez", "Sebha"])
    path = tmp_path / "entretiens.xlsx"
    wb.save(path)
    before = case.counts()
    wanted = "entretiens.xlsx: an interview workbook needs a sheet 'interviews'"
    with pytest.raises(ImportFailed, match=wanted):
        import_file(case, path, ImportOptions(kind="interviews"))
    assert case.counts() == before


def test_the_analyst_corrects_a_place_and_the_correction_is_audited(case, tmp_path, capsys):
    from app.cli import main
    from app.graph.places import correct_place

    text = "journey_id,seq,from,to\nJ1,1,Qasr Nowhere,Sebha\n"
    import_file(case, write(tmp_path, "legs.csv", text), ImportOptions(kind="routes"))
    place = case._query("SELECT id, attrs FROM entities WHERE label='Qasr Nowhere'")[0]
    assert json.loads(place[1]).get("unresolved") is True
    corrected = correct_place(case, place[0], 26.5, 13.9, country="ly")
    assert (corrected["attrs"]["lat"], corrected["attrs"]["country"]) == (26.5, "LY")
    assert case.audit()[-1]["action"] == "place corrected"
    with case.transaction():
        person = case.add_entity("person", "Salem")
    with pytest.raises(ValueError, match="not a place"):
        correct_place(case, person, 1, 1)
    path = case.path
    case.close()
    assert main(["place", str(path), "Sebha", "--lat", "27.04", "--lon", "14.43"]) == 0
    assert "Sebha" in capsys.readouterr().out
    assert main(["place", str(path), "Sebha", "--lat", "127", "--lon", "14"]) == 1


def test_negative_amounts_are_quarantined_and_unknown_places_listed(case, tmp_path):
    text = (
        "transaction_id,timestamp,sender_name,receiver_name,amount,currency\n"
        "T1,2026-03-01,Ali Omar,Salem Haddad,-250,USD\nT2,2026-03-02,Ali Omar,Salem Haddad,250,USD\n"
    )
    result = import_file(case, write(tmp_path, "mto.csv", text), ImportOptions())
    assert [(q.row, q.reason) for q in result.quarantined] == [
        (2, "negative amount '-250' (a refund or a reversal?)")
    ]
    legs = "journey_id,seq,from,to\nJ1,1,Qasr Nowhere,Sebha\n"
    routes = import_file(case, write(tmp_path, "legs.csv", legs), ImportOptions(kind="routes"))
    assert any(n.endswith(": Qasr Nowhere") for n in routes.notes)
