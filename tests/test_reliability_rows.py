"""Rows that used to vanish, be misread or be stored as nonsense (issue 17, the smaller
items): each malformed card or row is quarantined with its own line or row number and its
raw text, and what a case stores is a real number, a real place, a real name."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.importers.base import ImportOptions, ParseContext, Records
from app.importers.contacts import ContactsImporter
from app.importers.interviews import InterviewsImporter
from app.importers.routes import RoutesImporter
from app.importers.vcard import VCardImporter


def _parse(importer, path: Path, **options) -> Records:
    return importer.parse(str(path), ParseContext(path.name, ImportOptions(**options), "LY", "EUR", {}))


def test_vcard_without_end_is_quarantined_with_its_line_and_text(tmp_path):
    path = tmp_path / "book.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Alice\nTEL:+218911111111\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bob Unfinished\nTEL:+218922222222\n"
    )
    records = _parse(VCardImporter(), path)
    names = {e.label for e in records.entities if e.type == "person"}
    assert "Alice" in names and "Bob Unfinished" not in names
    [bad] = records.quarantine
    assert bad.row == 6 and "END:VCARD" in bad.reason
    assert "Bob Unfinished" in bad.raw and "+218922222222" in bad.raw


def test_nested_vcard_does_not_lend_its_number_to_the_outer_name(tmp_path):
    path = tmp_path / "nested.vcf"
    path.write_text(
        "BEGIN:VCARD\nFN:Outer Name\nBEGIN:VCARD\nFN:Inner Name\nTEL:+218933333333\nEND:VCARD\nEND:VCARD\n"
    )
    records = _parse(VCardImporter(), path)
    people = {e.label for e in records.entities if e.type == "person"}
    assert people == {"Inner Name"}
    [bad] = records.quarantine
    assert bad.row == 1 and "Outer Name" in bad.raw and "unterminated" in bad.reason


def test_quarantined_interview_row_does_not_create_its_migrant(tmp_path):
    good = {"interview_id": "I1", "interviewee": {"ref": "MIG-1"}, "mentions": []}
    bad = {"interview_id": "I2", "interviewee": {"ref": "MIG-2"}, "mentions": "not a list of people"}
    path = tmp_path / "int.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n")
    records = _parse(InterviewsImporter(), path)
    assert [q.row for q in records.quarantine] == [2]
    labels = {e.label for e in records.entities}
    assert "Migrant MIG-1" in labels and "Migrant MIG-2" not in labels
    assert not [x for x in records.entities + records.links if x.row == 2]


def test_repeated_header_in_contacts_csv_is_not_a_phone(tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text("name,phone\nAlice,+218911111111\nname,phone\nBob,+218922222222\n")
    records = _parse(ContactsImporter(), path)
    phones = {e.label for e in records.entities if e.type == "phone"}
    assert phones == {"+218911111111", "+218922222222"}
    [bad] = records.quarantine
    assert bad.row == 3 and bad.reason == "a repeated header"


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-inf"])
def test_nan_and_infinite_coordinates_in_a_routes_table_are_quarantined(tmp_path, value):
    path = tmp_path / "legs.csv"
    path.write_text(
        "journey_id,from,to,from_lat,from_lon,to_lat,to_lon\n"
        "J1,Sabha,Tripoli,27.03,14.43,32.89,13.19\n"
        f"J2,Nowhere A,Nowhere B,{value},14.43,32.89,13.19\n"
    )
    records = _parse(RoutesImporter(), path)
    [bad] = records.quarantine
    assert bad.row == 3 and "NaN or infinite" in bad.reason and "Nowhere A" in bad.raw
    assert all(math.isfinite(v) for e in records.entities for k, v in e.attrs.items() if k in ("lat", "lon"))
    assert [leg.row for leg in records.legs] == [2]


@pytest.mark.parametrize(
    "name, text",
    [
        (
            "pts.geojson",
            '{"type": "FeatureCollection", "features": ['
            '{"type": "Feature", "properties": {"name": "X"},'
            ' "geometry": {"type": "Point", "coordinates": [NaN, 1]}},'
            '{"type": "Feature", "properties": {}, "geometry": {"type": "LineString",'
            ' "coordinates": [[13.1, 32.9], [Infinity, 1]]}}]}',
        ),
        (
            "pts.kml",
            '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            "<Placemark><name>A</name><Point><coordinates>nan,1</coordinates></Point></Placemark>"
            "<Placemark><name>B</name><LineString><coordinates>13.1,32.9 inf,1</coordinates></LineString>"
            "</Placemark><Placemark><name>C</name><Point><coordinates>13.1,32.9</coordinates></Point></Placemark>"
            "</Document></kml>",
        ),
        (
            "pts.gpx",
            '<gpx xmlns="http://www.topografix.com/GPX/1/1"><wpt lat="nan" lon="1"><name>A</name></wpt>'
            '<trk><name>T</name><trkseg><trkpt lat="32.9" lon="13.1"/>'
            '<trkpt lat="inf" lon="1"/></trkseg></trk>'
            '<wpt lat="32.9" lon="13.1"><name>C</name></wpt></gpx>',
        ),
    ],
)
def test_nan_and_infinite_coordinates_in_geo_files_are_quarantined(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    records = _parse(RoutesImporter(), path)
    assert len(records.quarantine) == 2
    assert all("NaN or infinite" in q.reason for q in records.quarantine)
    assert all(math.isfinite(v) for e in records.entities for k, v in e.attrs.items() if k in ("lat", "lon"))


def test_percent_and_underscore_are_literal_in_name_lookups(tmp_path):
    from app.cli import main
    from app.graph.paths import find_entity
    from app.graph.store import CaseStore
    from app.importers.pipeline import import_file

    store = CaseStore.create(tmp_path / "like.ariadne", region="LY", title="like")
    book = tmp_path / "contacts.csv"
    book.write_text("name,phone\nAbu Salem,+218911111111\nSalem 100%,+218922222222\nAbu_Musa,+218933333333\n")
    import_file(store, book, ImportOptions())

    def people(text):
        return [e["label"] for e in store.search_entities(text) if e["type"] == "person"]

    assert people("100%") == ["Salem 100%"] and people("u_M") == ["Abu_Musa"]
    assert store.search_entities("S%m") == [] and store.search_entities("b_") == []
    with pytest.raises(LookupError):
        find_entity(store, "S%m")
    store.close()
    code = main(["path", str(tmp_path / "like.ariadne"), "Abu_Musa", "Salem 100%"])
    assert code == 0


@pytest.mark.parametrize("kind", ["calls", "contacts", "transfers"])
def test_a_very_wide_header_gives_a_short_message(tmp_path, kind):
    from app.graph.store import CaseStore
    from app.importers.base import ImportFailed
    from app.importers.pipeline import import_file

    store = CaseStore.create(tmp_path / "wide.ariadne", region="LY", title="wide")
    wide = tmp_path / "wide.csv"
    columns = [f"column_{i}" for i in range(20_000)]
    wide.write_text(",".join(columns) + "\n" + ",".join("x" for _ in columns) + "\n")
    with pytest.raises(ImportFailed) as failed:
        import_file(store, wide, ImportOptions(kind=kind))
    message = str(failed.value)
    assert "wide.csv" in message and len(message) < 600 and "\n" not in message
    assert "column_0" in message and "19,988 more" in message
    store.close()


def test_qt_library_check_names_the_packages_ldd_cannot_find():
    from app.ui.qt_check import install_command, missing_packages, uses_xcb

    ldd = (
        "\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)\n"
        "\tlibxcb-cursor.so.0 => not found\n"
        "\tlibxcb-icccm.so.4 => not found\n"
        "\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f)\n"
        "\tlibxcb-keysyms.so.1 => not found\n"
        "\tlibxcb-icccm.so.4 => not found\n"
    )
    assert missing_packages(ldd) == ["libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert missing_packages(ldd.replace("not found", "/lib/x.so (0x1)")) == []
    assert install_command(missing_packages(ldd)) == (
        "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
    )
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"})
    assert not uses_xcb({}) and not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"})
    assert uses_xcb({"DISPLAY": ":0"}) and uses_xcb({"QT_QPA_PLATFORM": "xcb"})
