"""The synthetic scenario: reproducible, planted truth consistent with the files, messy shapes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import openpyxl
import phonenumbers
import pytest
from defusedxml import ElementTree

from app.cli import main
from app.scenario import generate_scenario

pytestmark = pytest.mark.slow  # every test writes a whole scenario


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("scenario")
    generate_scenario(out, "small", seed=5)
    return out


def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(scenario, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    assert main(["scenario", str(again), "--size", "small", "--seed", "5"]) == 0
    generate_scenario(other, "small", seed=6)
    assert _digests(again) == _digests(scenario)
    differing = {k for k, v in _digests(other).items() if _digests(scenario).get(k) != v}
    assert "ground_truth.json" in differing and "carrier/cdr_libyana_tripoli_2026.csv" in differing


def test_manifest_lists_every_file_with_a_kind_and_one_planted_duplicate(scenario):
    manifest = json.loads((scenario / "manifest.json").read_text())
    written = {str(p.relative_to(scenario)) for p in scenario.rglob("*") if p.is_file()}
    listed = {f["path"] for f in manifest["files"]}
    assert listed == written - {"manifest.json", "ground_truth.json"}
    assert {f["kind"] for f in manifest["files"]} == {
        "calls",
        "messages",
        "contacts",
        "transfers",
        "interviews",
        "routes",
        "extraction",
        "chat",
    }
    dups = [f for f in manifest["files"] if f["duplicate_of"]]
    assert len(dups) == 1
    assert (scenario / dups[0]["path"]).read_bytes() == (scenario / dups[0]["duplicate_of"]).read_bytes()
    assert all(f["owner"].startswith("+") for f in manifest["files"] if f["path"].startswith("phones/"))


def test_ground_truth_plants_four_organisations_with_cross_organisation_brokers(scenario):
    truth = json.loads((scenario / "ground_truth.json").read_text())
    actors = {a["ref"]: a for a in truth["actors"]}
    assert len(truth["organisations"]) == 4 and len(truth["route_clusters"]) == 4
    assert {actors[r]["org"] for r in truth["organisers"]} == {"ORG-1", "ORG-2", "ORG-3", "ORG-4"}
    assert truth["brokers"] and all(len(set(actors[r]["orgs"])) == 2 for r in truth["brokers"])
    phones = [p for a in truth["actors"] for p in a["phones"]]
    assert len(phones) == len(set(phones)), "a number belongs to one person"
    assert all(c["journeys"] > 0 for c in truth["route_clusters"])
    assert truth["protection"] and all(p["flags"] for p in truth["protection"])


def test_organisers_numbers_appear_in_carrier_records_written_in_several_ways(scenario):
    truth = json.loads((scenario / "ground_truth.json").read_text())
    rows = (scenario / "carrier/cdr_libyana_tripoli_2026.csv").read_text().splitlines()[1:]
    written = {cell for row in rows for cell in row.split(",")[:2] if cell}
    as_e164 = {}
    for raw in written:
        try:
            e164 = phonenumbers.format_number(
                phonenumbers.parse(raw, "LY"), phonenumbers.PhoneNumberFormat.E164
            )
            as_e164.setdefault(e164, set()).add(raw)
        except phonenumbers.NumberParseException:
            continue
    organiser = next(a for a in truth["actors"] if a["ref"] in truth["organisers"] and a["org"] == "ORG-1")
    assert organiser["phones"][0] in as_e164
    styles = {raw[:2] if raw[0] in "+0" else raw[0] for raw in written}
    assert {"+2", "00", "09"} <= styles, styles


def test_files_have_the_shapes_of_real_exports(scenario):
    niamey = (scenario / "carrier/cdr_niamey_2026.csv").read_bytes()
    assert niamey.startswith(b"\xef\xbb\xbf") and b";" in niamey.splitlines()[0]
    assert "appelé".encode() in niamey.splitlines()[0]
    izmir = (scenario / "carrier/cdr_izmir_2026.txt").read_bytes()
    assert izmir.startswith(b"\xff\xfe") and "\t" in izmir.decode("utf-16").splitlines()[0]
    nouadhibou = (scenario / "carrier/cdr_nouadhibou_2026.csv").read_bytes()
    assert "Appelé".encode("cp1252") in nouadhibou
    v21 = (scenario / "phones/EXH-003_contacts.vcf").read_text()
    assert "VERSION:2.1" in v21
    v40 = (scenario / "phones/EXH-004_contacts.vcf").read_text()
    assert "VERSION:4.0" in v40 and "VALUE=uri:tel:" in v40
    tripoli = (scenario / "carrier/cdr_libyana_tripoli_2026.csv").read_text().splitlines()
    assert tripoli[-1].count(",") == 0, "a cut last line, as in a damaged export"


def test_binary_and_xml_files_open_with_standard_readers(scenario):
    conn = sqlite3.connect(scenario / "phones/EXH-002/contacts2.db")
    try:
        contacts = conn.execute("SELECT count(*) FROM raw_contacts").fetchone()[0]
        calls = conn.execute("SELECT count(*) FROM calls WHERE type IN (1, 2, 3)").fetchone()[0]
    finally:
        conn.close()
    assert contacts > 3 and calls > 10
    wb = openpyxl.load_workbook(scenario / "interviews/entretiens_canaries_2026.xlsx", read_only=True)
    assert wb.sheetnames == ["interviews", "legs", "mentions", "payments"]
    gpx = ElementTree.parse(scenario / "routes/boat_track_zuwara.gpx").getroot()
    assert len(gpx.findall(".//{http://www.topografix.com/GPX/1/1}trkpt")) == 25
    kml = ElementTree.parse(scenario / "routes/atlantic_routes.kml").getroot()
    assert kml.findall(".//{http://www.opengis.net/kml/2.2}Placemark")


def test_interviews_follow_the_contract_and_one_line_is_cut(scenario):
    lines = (scenario / "interviews/debriefs_lampedusa_2026.jsonl").read_text().splitlines()
    good, bad = [], []
    for line in lines:
        try:
            good.append(json.loads(line))
        except json.JSONDecodeError:
            bad.append(line)
    assert len(bad) == 1 and len(good) > 10
    doc = good[0]
    assert set(doc) >= {
        "interview_id",
        "date",
        "place",
        "interviewee",
        "vulnerabilities",
        "legs",
        "mentions",
        "payments",
        "narrative",
    }
    refs = {m["ref"] for m in doc["mentions"]}
    assert all(leg["smuggler_ref"] in refs for leg in doc["legs"])


def test_unknown_size_is_refused(tmp_path):
    with pytest.raises(ValueError, match="size must be one of"):
        generate_scenario(tmp_path, "huge")


def test_address_books_parse_with_an_independent_vcard_reader(scenario):
    vobject = pytest.importorskip("vobject")
    for path in sorted((scenario / "phones").glob("*.vcf")):
        cards = list(vobject.readComponents(path.read_text(encoding="utf-8")))
        named = [c for c in cards if hasattr(c, "fn")]
        assert len(named) == len(cards) > 3, path.name
        assert sum(len(c.contents.get("tel", [])) for c in cards) >= len(cards) - 1, path.name


def test_ufed_report_of_a_seized_phone_holds_the_planted_calls(scenario, tmp_path):
    """The UFED report's calls are the carrier's records of the same calls (same numbers, same
    minute), and its owner is the number the manifest names."""
    from app.graph.store import CaseStore
    from app.importers.pipeline import ImportOptions, import_file

    manifest = json.loads((scenario / "manifest.json").read_text())
    ufed = next(f for f in manifest["files"] if f["kind"] == "extraction")
    with CaseStore.create(tmp_path / "u.ariadne", region="LY") as case:
        result = import_file(case, scenario / ufed["path"])
        assert result.quarantined == [] and result.events > 20
        assert json.loads(case.sources()[0]["attrs"])["owner_phone"] == ufed["owner"]
        for f in manifest["files"]:
            if f["path"].startswith("carrier/cdr_"):
                import_file(case, scenario / f["path"], ImportOptions(kind="calls"))
        rows = case._query(
            "SELECT e.source_id, l.src, l.dst, substr(e.ts, 1, 16) FROM events e "
            "JOIN links l ON l.id = e.link_id WHERE l.type = 'called'"
        )
    ufed_calls = {r[1:] for r in rows if r[0] == 1}
    carrier = {r[1:] for r in rows if r[0] != 1}
    assert len(ufed_calls & carrier) >= 0.9 * len(ufed_calls)


def test_seized_phones_whatsapp_chat_exports_import_linked_to_the_planted_people(scenario, tmp_path):
    """The chat exports (French and English, Android and iOS) import as the demonstration
    imports them: the owner's messages come from the owner's planted number, the other side is
    the planted person (by number, or by a name the ground truth lists for him), and every
    payment the truth lists is an extracted amount on its line."""
    from app.demo import import_scenario
    from app.graph.store import CaseStore

    manifest = json.loads((scenario / "manifest.json").read_text())
    actors = {a["ref"]: a for a in json.loads((scenario / "ground_truth.json").read_text())["actors"]}
    chats = [f for f in manifest["files"] if f["kind"] == "chat"]
    assert {(c["truth"]["language"], c["truth"]["layout"]) for c in chats} == {
        ("fr", "android"),
        ("en", "android"),
        ("fr", "ios"),
        ("en", "ios"),
    }
    french = next(c for c in chats if c["truth"]["language"] == "fr" and c["truth"]["layout"] == "android")
    assert "chiffrés de bout en bout" in (scenario / french["path"]).read_text(encoding="utf-8")
    with CaseStore.create(tmp_path / "chats.ariadne", region="LY") as case:
        results = import_scenario(case, scenario, kinds={"chat"})
        assert len(results) == len(chats) and not any(r.quarantined for r in results)
        facts = case.extracted_frame(kinds=["amount"])
        for source_id, chat in enumerate(chats, start=1):
            truth = chat["truth"]
            assert chat["owner"] in actors[truth["owner_ref"]]["phones"]
            pairs = case._query(
                "SELECT DISTINCT s.label, d.label FROM events e JOIN links l ON l.id = e.link_id "
                "JOIN entities s ON s.id = l.src JOIN entities d ON d.id = l.dst WHERE e.source_id = ?",
                (source_id,),
            )
            ends = {end for pair in pairs for end in pair}
            assert chat["owner"] in ends and truth["owner_name"] not in ends, chat["path"]
            other = truth.get("counterpart_phone") or truth["counterpart_name"]
            assert ends == {chat["owner"], other}, chat["path"]
            if "counterpart_phone" in truth:
                assert other in actors[truth["counterpart_ref"]]["phones"]
            else:
                assert other in actors[truth["counterpart_ref"]]["variants"]
            mine = facts[facts["source_id"] == source_id]
            assert truth["payments"]
            for pay in truth["payments"]:
                assert pay["written"] in set(mine[mine["row"] == pay["row"]]["value"]), (chat["path"], pay)
