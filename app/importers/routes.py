"""Journeys as legs or tracks (``routes``): CSV/XLSX legs, GeoJSON LineString and Point
features, KML placemarks and GPX tracks.

Every XML input goes through defusedxml, which refuses entity expansion ("billion laughs")
and external entities.  Places are resolved offline: names by the gazetteer, bare
coordinates by the nearest known place.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from app.amounts import parse_amount
from app.currency import convert, normalise_currency
from app.gazetteer import Gazetteer, unresolved_note
from app.importers.base import EntityRecord, ImportFailed, LegRecord, ParseContext, Records
from app.importers.dates import DateOptions, parse_date, parse_dates
from app.importers.mapping import read_mapped_tables
from app.importers.tabular import first_table, match_columns, normalise_header
from app.progress import check

MAX_GEO_BYTES = 200 * 1024**2
SPEC = {
    "journey_id": ("journey", "trip", "trajet", "voyage", "id_trajet"),
    "seq": ("sequence", "order", "etape"),
    "from": ("origin", "depart", "from_place", "de"),
    "to": ("destination", "arrivee", "to_place", "vers"),
    "from_lat": ("lat_from", "origin_lat"),
    "from_lon": ("lon_from", "origin_lon"),
    "to_lat": ("lat_to", "dest_lat"),
    "to_lon": ("lon_to", "dest_lon"),
    "start": ("date_depart", "departure", "start_date"),
    "end": ("date_arrivee", "arrival", "end_date"),
    "mode": ("transport", "moyen"),
    "cost": ("price", "prix", "cout", "montant"),
    "currency": ("devise",),
}


def _float(value) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def not_a_place(points: Sequence[tuple[float | None, float | None]]) -> str | None:
    """Why these (lat, lon) pairs are refused, or None: NaN and infinities are no place
    on Earth and would be stored as such (an empty coordinate, None, is allowed).

    >>> not_a_place([(36.8, 10.2), (float("nan"), 3.0)])
    'coordinates nan, 3.0 are not a number (NaN or infinite)'
    """
    for lat, lon in points:
        if any(v is not None and not math.isfinite(v) for v in (lat, lon)):
            return f"coordinates {lat}, {lon} are not a number (NaN or infinite)"
    return None


def _raw_float(value) -> float | None:
    """A coordinate cell as written, NaN and infinities kept (so they can be refused)."""
    text = str(value).strip().lower() if value is not None else ""
    if text in ("nan", "+nan", "-nan") or "inf" in text:
        return float(text.replace(",", "."))
    return _float(value)


class RoutesImporter:
    kind = "routes"
    extensions = (".csv", ".xlsx", ".geojson", ".json", ".kml", ".gpx")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        suffix = Path(path).suffix.lower()
        if suffix in (".geojson", ".kml", ".gpx"):
            return 0.95
        if suffix == ".json":
            with open(path, "rb") as f:
                return 0.8 if b"FeatureCollection" in f.read(4096) else 0.0
        if columns:
            found = match_columns(columns, SPEC)
            return 0.95 if {"journey_id", "from", "to"} <= found.keys() else 0.0
        return 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        if p.stat().st_size > MAX_GEO_BYTES:
            raise ImportFailed(f"{ctx.file_name}: larger than {MAX_GEO_BYTES:,} bytes")
        check(cancel)  # a route file is read in one go (at most MAX_GEO_BYTES)
        reader = _RouteReader(ctx, Records(self.kind))
        suffix = p.suffix.lower()
        if suffix in (".geojson", ".json"):
            reader.geojson(p)
        elif suffix in (".kml", ".gpx"):
            reader.xml(p, suffix)
        else:
            reader.legs_table(path)
        check(cancel)
        reader.records.notes += unresolved_note(reader.unresolved)
        return reader.records


class _RouteReader:
    def __init__(self, ctx: ParseContext, records: Records) -> None:
        self.ctx, self.records = ctx, records
        self.gazetteer = Gazetteer()
        #: place names the gazetteer did not know: listed at the end of the import
        self.unresolved: set[str] = set()

    def place(self, name: object, lat: float | None, lon: float | None, row: int) -> str | None:
        text = str(name or "").strip()
        found = self.gazetteer.lookup(text) if text else None
        if found is None and lat is not None and lon is not None:
            found = self.gazetteer.nearest(lat, lon)
            if found is None:
                text = text or f"{lat:.3f}, {lon:.3f}"
        if found is None and not text:
            return None
        label = found.name if found else text
        if found is None and lat is None:
            self.unresolved.add(text)
        attrs = (
            {"lat": found.lat, "lon": found.lon, "country": found.country}
            if found
            else ({"lat": lat, "lon": lon} if lat is not None and lon is not None else {"unresolved": True})
        )
        key = f"location:{normalise_header(label)}"
        self.records.entities.append(
            EntityRecord(
                key,
                "location",
                label,
                attrs,
                [("place", normalise_header(text or label), text or label)],
                row,
            )
        )
        return key

    def journey(
        self,
        jid: str,
        stops: list[tuple[str | None, str | None]],
        row: int,
        *,
        start: str | None = None,
        end: str | None = None,
        mode: str | None = None,
    ) -> None:
        """Consecutive places of one journey as legs (each stop: place key, time)."""
        stops = [s for s in stops if s[0]]
        for seq, ((a, ta), (b, tb)) in enumerate(zip(stops, stops[1:], strict=False), start=1):
            if a == b:
                continue
            self.records.legs.append(LegRecord(jid, seq, row, None, a, b, ta or start, tb or end, mode))
        self.records.rows_read += 1

    def legs_table(self, path: str) -> None:
        table = first_table(read_mapped_tables(path, self.ctx.options), self.ctx.file_name)
        cols = match_columns(
            table.columns, SPEC, required=("journey_id", "from", "to"), file_name=self.ctx.file_name
        )
        frame = table.frame
        when = DateOptions(date_format=self.ctx.options.date_format, timezone=self.ctx.options.timezone)
        starts = parse_dates(frame[cols["start"]], **when) if "start" in cols else None
        ends = parse_dates(frame[cols["end"]], **when) if "end" in cols else None
        self.records.rows_read = len(frame)
        for i, rec in enumerate(frame.to_dict("records")):
            row = table.row_number(i)

            def get(field, rec=rec):
                return rec.get(cols[field]) if field in cols else None

            coords = [(_raw_float(get(f"{e}_lat")), _raw_float(get(f"{e}_lon"))) for e in ("from", "to")]
            refused = not_a_place(coords)
            if refused:
                self.records.bad_row(row, refused, " | ".join(map(str, rec.values())))
                continue
            src = self.place(get("from"), _float(get("from_lat")), _float(get("from_lon")), row)
            dst = self.place(get("to"), _float(get("to_lat")), _float(get("to_lon")), row)
            if src is None or dst is None:
                self.records.bad_row(row, "a leg without its places", " | ".join(map(str, rec.values())))
                continue
            cost, written = parse_amount(get("cost"))
            currency = normalise_currency(get("currency")) or written
            seq = int(_float(get("seq")) or i + 1)
            self.records.legs.append(
                LegRecord(
                    str(get("journey_id")),
                    seq,
                    row,
                    None,
                    src,
                    dst,
                    starts.iloc[i] if starts is not None else None,
                    ends.iloc[i] if ends is not None else None,
                    str(get("mode") or "") or None,
                    cost,
                    currency,
                    convert(cost, currency, self.ctx.rates, self.ctx.case_currency),
                )
            )

    def geojson(self, path: Path) -> None:
        try:
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ImportFailed(f"{self.ctx.file_name}: not GeoJSON ({exc})") from None
        features = data.get("features") if isinstance(data, dict) else None
        if not isinstance(features, list):
            raise ImportFailed(f"{self.ctx.file_name}: no FeatureCollection with features")
        for row, feat in enumerate(features, start=1):
            try:
                self._feature(feat, row)
            except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
                self.records.bad_row(row, f"feature {row} unreadable: {exc}"[:300], json.dumps(feat)[:2000])

    def _feature(self, feat: dict, row: int) -> None:
        props, geom = feat.get("properties") or {}, feat["geometry"]
        if geom["type"] == "Point":
            lon, lat = map(float, geom["coordinates"][:2])
            if not_a_place([(lat, lon)]):
                raise ValueError(not_a_place([(lat, lon)]))
            self.place(props.get("name"), lat, lon, row)
            self.records.rows_read += 1
        elif geom["type"] in ("LineString", "MultiLineString"):
            lines = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
            points = [pt for line in lines for pt in line]
            if not_a_place([(float(pt[1]), float(pt[0])) for pt in points]):
                raise ValueError(not_a_place([(float(pt[1]), float(pt[0])) for pt in points]))
            stops: list[tuple[str | None, str | None]] = [
                (self.place(None, float(pt[1]), float(pt[0]), row), None) for pt in points
            ]
            jid = str(props.get("journey_id") or props.get("name") or f"{self.ctx.file_name}#{row}")
            self.journey(
                jid,
                stops,
                row,
                start=_iso(props.get("start")),
                end=_iso(props.get("end")),
                mode=props.get("mode"),
            )
        else:
            raise ValueError(f"geometry {geom['type']} is not a point or a line")

    def xml(self, path: Path, suffix: str) -> None:
        try:
            root = SafeET.parse(path, forbid_dtd=True).getroot()
        except DefusedXmlException as exc:
            raise ImportFailed(
                f"{self.ctx.file_name}: refused: the XML declares entities or a DTD "
                f"({type(exc).__name__}), as XML bombs do"
            ) from None
        except SafeET.ParseError as exc:
            raise ImportFailed(f"{self.ctx.file_name}: not well-formed XML ({exc})") from None
        (self._kml if suffix == ".kml" else self._gpx)(root)
        if not self.records.legs and not self.records.entities:
            raise ImportFailed(f"{self.ctx.file_name}: no placemarks, tracks or points in the file")

    def _kml(self, root) -> None:
        for row, pm in enumerate(_all(root, "Placemark"), start=1):
            name = _text(pm, "name")
            coords = _text(pm, "coordinates").split()
            points = [(float(c.split(",")[1]), float(c.split(",")[0])) for c in coords if c.count(",") >= 1]
            if not_a_place(points):
                self.records.bad_row(row, f"placemark {name or row}: {not_a_place(points)}", " ".join(coords))
                continue
            if len(points) == 1:
                self.place(name, *points[0], row)
                self.records.rows_read += 1
            elif points:
                when = _iso(_text(pm, "when"))
                stops: list[tuple[str | None, str | None]] = [
                    (self.place(None, lat, lon, row), None) for lat, lon in points
                ]
                self.journey(name or f"{self.ctx.file_name}#{row}", stops, row, start=when)
            else:
                self.records.bad_row(row, f"placemark {name or row} has no coordinates")

    def _gpx(self, root) -> None:
        for row, trk in enumerate([*_all(root, "trk"), *_all(root, "rte")], start=1):
            pts = [*_all(trk, "trkpt"), *_all(trk, "rtept")]
            name = _text(trk, "name") or f"{self.ctx.file_name}#{row}"
            if len(pts) < 2:
                self.records.bad_row(row, f"track {name} has fewer than two points")
                continue
            ends = [(float(p.get("lat")), float(p.get("lon"))) for p in (pts[0], pts[-1])]
            if not_a_place(ends):
                self.records.bad_row(row, f"track {name}: {not_a_place(ends)}", str(ends))
                continue
            stops = [
                (self.place(None, float(p.get("lat")), float(p.get("lon")), row), _iso(_text(p, "time")))
                for p in (pts[0], pts[-1])
            ]
            self.journey(name, stops, row, mode="tracked")
        for row, wpt in enumerate(_all(root, "wpt"), start=1):
            point = [(float(wpt.get("lat")), float(wpt.get("lon")))]
            if not_a_place(point):
                self.records.bad_row(row, f"waypoint {_text(wpt, 'name') or row}: {not_a_place(point)}")
                continue
            self.place(_text(wpt, "name"), float(wpt.get("lat")), float(wpt.get("lon")), row)
            self.records.rows_read += 1


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all(node, name: str) -> list:
    return [n for n in node.iter() if _local(n.tag) == name]


def _text(node, name: str) -> str:
    found = _all(node, name)
    return (found[0].text or "").strip() if found else ""


def _iso(value) -> str | None:
    return parse_date(value) if value else None
