"""Writers for the shapes real exports come in, each byte-for-byte reproducible.

CSV in several encodings and delimiters, XLSX (with fixed timestamps inside the zip, so the
same seed gives the same bytes), vCard 2.1/3.0/4.0, an Android contacts database, GeoJSON,
KML and GPX.
"""

from __future__ import annotations

import csv
import io
import json
import quopri
import re
import sqlite3
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\r\n",
) -> None:
    """A delimited text file the way spreadsheet programs and carrier portals write them.

    ``encoding`` ``"utf-8-sig"`` gives the BOM Excel writes; ``"utf-16"`` gives Excel's
    "Unicode text" (with BOM).
    """
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode(encoding))


def append_raw_lines(
    path: Path, lines: Sequence[str], *, encoding: str = "utf-8", newline: str = "\r\n"
) -> None:
    """Broken rows exactly as they appear in damaged exports (not CSV-quoted)."""
    codec = "utf-16-le" if encoding == "utf-16" else encoding.replace("-sig", "")
    with path.open("ab") as f:
        for line in lines:
            f.write((line + newline).encode(codec))


def write_xlsx(path: Path, sheets: dict[str, tuple[Sequence[str], Iterable[Sequence[object]]]]) -> None:
    """A workbook with one sheet per entry, normalised so that equal input gives equal bytes."""
    wb = openpyxl.Workbook(write_only=True)
    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(title=name)
        ws.append(list(header))
        for row in rows:
            ws.append(list(row))
    fixed = datetime(2026, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "Ariadne scenario"
    raw = io.BytesIO()
    wb.save(raw)
    _normalise_zip(raw.getvalue(), path)


_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*)>[^<]*<")


def _normalise_zip(data: bytes, path: Path) -> None:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = _STAMP.sub(rb"\1>2026-01-01T00:00:00Z<", data)
            dst.writestr(fixed, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


def _qp(text: str) -> str:
    return quopri.encodestring(text.encode("utf-8")).decode("ascii").replace("=\n", "")


def _vescape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")


def vcard(
    version: str,
    name: str,
    phones: Sequence[tuple[str, str]],
    *,
    note: str = "",
    email: str = "",
    uid: str = "",
) -> str:
    """One vCard.  ``phones`` are (type, number) pairs; 2.1 uses quoted-printable for any
    non-ASCII name, as old Android and Nokia exports do."""
    given, _, family = name.partition(" ")
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if version == "2.1":
        if name.isascii():
            lines += [f"N:{family};{given};;;", f"FN:{name}"]
        else:
            enc = ";CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE"
            lines += [f"N{enc}:{_qp(family)};{_qp(given)};;;", f"FN{enc}:{_qp(name)}"]
        lines += [f"TEL;{kind.upper()}:{num}" for kind, num in phones]
    else:
        lines += [f"N:{_vescape(family)};{_vescape(given)};;;", f"FN:{_vescape(name)}"]
        if version == "3.0":
            lines += [f"TEL;TYPE={kind.upper()}:{num}" for kind, num in phones]
        else:
            lines += [
                f'TEL;TYPE="{kind},voice";VALUE=uri:tel:{num.replace(" ", "-")}' for kind, num in phones
            ]
    if email:
        lines.append(f"EMAIL:{email}")
    if note:
        lines.append(f"NOTE:{_vescape(note)}")
    if uid and version != "2.1":
        lines.append(f"UID:{uid}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


_ANDROID_DDL = """
CREATE TABLE mimetypes (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype TEXT NOT NULL);
CREATE TABLE raw_contacts (_id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER,
  contact_id INTEGER, deleted INTEGER NOT NULL DEFAULT 0, times_contacted INTEGER NOT NULL DEFAULT 0,
  last_time_contacted INTEGER, starred INTEGER NOT NULL DEFAULT 0, display_name TEXT,
  display_name_alt TEXT, display_name_source INTEGER NOT NULL DEFAULT 0, sort_key TEXT);
CREATE TABLE data (_id INTEGER PRIMARY KEY AUTOINCREMENT, mimetype_id INTEGER NOT NULL,
  raw_contact_id INTEGER NOT NULL, is_primary INTEGER NOT NULL DEFAULT 0, data1 TEXT, data2 TEXT,
  data3 TEXT, data4 TEXT, data5 TEXT, data6 TEXT, data7 TEXT, data8 TEXT, data9 TEXT, data10 TEXT,
  data11 TEXT, data12 TEXT, data13 TEXT, data14 TEXT, data15 TEXT);
CREATE TABLE calls (_id INTEGER PRIMARY KEY AUTOINCREMENT, number TEXT, presentation INTEGER NOT NULL
  DEFAULT 1, date INTEGER, duration INTEGER, type INTEGER, new INTEGER, name TEXT, numbertype INTEGER,
  numberlabel TEXT, countryiso TEXT, geocoded_location TEXT, normalized_number TEXT,
  formatted_number TEXT, deleted INTEGER NOT NULL DEFAULT 0);
"""
_MIME_NAME = "vnd.android.cursor.item/name"
_MIME_PHONE = "vnd.android.cursor.item/phone_v2"


def write_android_contacts(
    path: Path,
    contacts: Sequence[tuple[str, Sequence[str]]],
    calls: Sequence[tuple[str, int, int, int, str]],
    country_iso: str,
) -> None:
    """A ``contacts2.db`` shaped like Android's: contacts as raw_contacts + data rows, and the
    call log in ``calls`` (number, date in ms, duration s, type 1 in / 2 out / 3 missed, name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        conn.executescript(_ANDROID_DDL)
        conn.executemany(
            "INSERT INTO mimetypes (mimetype) VALUES (?)",
            [(_MIME_NAME,), ("vnd.android.cursor.item/email_v2",), (_MIME_PHONE,)],
        )
        for i, (name, numbers) in enumerate(contacts, start=1):
            given, _, family = name.partition(" ")
            conn.execute(
                "INSERT INTO raw_contacts (_id, account_id, contact_id, display_name, "
                "display_name_alt, sort_key) VALUES (?, 1, ?, ?, ?, ?)",
                (i, i, name, f"{family}, {given}" if family else name, name),
            )
            conn.execute(
                "INSERT INTO data (mimetype_id, raw_contact_id, data1, data2, data3) VALUES (1, ?, ?, ?, ?)",
                (i, name, given, family),
            )
            for k, number in enumerate(numbers):
                conn.execute(
                    "INSERT INTO data (mimetype_id, raw_contact_id, is_primary, data1, data2) "
                    "VALUES (3, ?, ?, ?, ?)",
                    (i, int(k == 0), number, "2" if k == 0 else "1"),
                )
        conn.executemany(
            "INSERT INTO calls (number, date, duration, type, new, name, countryiso) "
            "VALUES (?, ?, ?, ?, 0, ?, ?)",
            [(num, ms, dur, typ, name or None, country_iso) for num, ms, dur, typ, name in calls],
        )
        conn.commit()
    finally:
        conn.close()


def write_geojson(path: Path, features: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )


def write_kml(path: Path, name: str, placemarks: Sequence[dict]) -> None:
    """Placemarks: {"name", "description", "points": [(lon, lat), ...], "when"}; one point is
    a Point, more a LineString."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        "<Document>",
        f"<name>{escape(name)}</name>",
    ]
    for pm in placemarks:
        coords = " ".join(f"{lon:.5f},{lat:.5f},0" for lon, lat in pm["points"])
        geom = (
            f"<Point><coordinates>{coords}</coordinates></Point>"
            if len(pm["points"]) == 1
            else f"<LineString><tessellate>1</tessellate><coordinates>{coords}</coordinates></LineString>"
        )
        when = f"<TimeStamp><when>{pm['when']}</when></TimeStamp>" if pm.get("when") else ""
        parts.append(
            f"<Placemark><name>{escape(pm['name'])}</name>"
            f"<description>{escape(pm.get('description', ''))}</description>{when}{geom}"
            "</Placemark>"
        )
    parts += ["</Document>", "</kml>"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def write_gpx(path: Path, name: str, points: Sequence[tuple[float, float, str]]) -> None:
    """A GPX 1.1 track: (lat, lon, ISO time) points, as a seized satellite phone or GPS logs."""
    pts = "\n".join(
        f'      <trkpt lat="{lat:.5f}" lon="{lon:.5f}"><time>{t}</time></trkpt>' for lat, lon, t in points
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="Garmin eTrex 10" xmlns="http://www.topografix.com/GPX/1/1">\n'
        f"  <trk>\n    <name>{escape(name)}</name>\n    <trkseg>\n{pts}\n    </trkseg>\n"
        "  </trk>\n</gpx>\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
