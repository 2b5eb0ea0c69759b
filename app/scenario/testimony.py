"""The scenario's debriefing interviews (JSON, JSON Lines and a French XLSX workbook) and its
route files (legs in CSV, GeoJSON, KML and GPX tracks), written from the planted journeys."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import numpy as np

from app.scenario.files import (
    write_csv,
    write_geojson,
    write_gpx,
    write_kml,
    write_xlsx,
)
from app.scenario.people import PLACES
from app.scenario.world import Migrant, World
from app.scenario.writing import NumberStyle, entry, sim_in_use

# ---------------------------------------------------------------- interviews and routes


def _place_variant(rng: random.Random, name: str) -> str:
    variants = PLACES[name].variants
    return rng.choice(variants) if variants and rng.random() < 0.3 else name


def interview(w: World, m: Migrant, number: int, rng: random.Random) -> dict:
    """One debriefing as an interviewer records it."""
    reached = m.legs[-1].dest if m.legs else PLACES[w.orgs[0]["waypoints"][0]].name
    date = (m.legs[-1].end if m.legs else m.departure) + timedelta(days=rng.randint(2, 20))
    met: dict[str, dict] = {}
    style = NumberStyle(f"int{m.ref}", (0, 1, 3, 4, 5), (0, 1, 2))

    def mention(ref: str, role: str) -> str:
        if ref not in met:
            a = w.actors[ref]
            name, aliases = a.name.spoken_form(rng)
            if w.tactics and ref in w.tactics.nicknames and w.tactics.rng.random() < 0.8:
                name, aliases = w.tactics.nicknames[ref], []
            phones = [style(sim_in_use(w, a.phones[0], m.departure))] if rng.random() < 0.6 else []
            met[ref] = {
                "ref": f"P{len(met) + 1}",
                "name": name,
                "aliases": aliases,
                "phones": phones,
                "role": role,
                "nationality": a.nationality if rng.random() < 0.5 else "",
                "notes": "",
            }
        return met[ref]["ref"]

    mention(m.recruiter, "recruiter")
    legs = [
        {
            "from": _place_variant(rng, leg.origin),
            "to": _place_variant(rng, leg.dest),
            "start": leg.start.date().isoformat(),
            "end": leg.end.date().isoformat(),
            "mode": leg.mode,
            "price": leg.price,
            "currency": leg.currency,
            "smuggler_ref": mention(leg.facilitator, "captain" if leg.mode == "boat" else "driver"),
        }
        for leg in m.legs
    ]
    payments = []
    if not m.relative or rng.random() < 0.3:
        c = w.actors[m.collector]
        total = sum(leg.price for leg in m.legs)
        payments.append(
            {
                "amount": total,
                "currency": m.legs[0].currency if m.legs else "USD",
                "method": rng.choice(["cash", "hawala"]),
                "to_ref": mention(c.ref, "collector"),
                "to_name": met[c.ref]["name"],
                "to_phone": style(sim_in_use(w, c.phones[0], m.departure)),
                "place": _place_variant(rng, c.place),
                "date": "",
            }
        )
    rec = met[m.recruiter]
    narrative = (
        f"I left {m.legs[0].origin if m.legs else 'home'} with a group. {rec['name']} organised "
        f"the trip; I called him on {style(w.actors[m.recruiter].phones[0])}. "
    )
    if m.legs:
        narrative += (
            f"We waited in {_place_variant(rng, m.legs[-1].origin)} for days. The journey cost "
            f"{sum(leg.price for leg in m.legs):,} {m.legs[0].currency}. "
        )
    if "detention" in m.flags:
        narrative += "We were locked in a warehouse and beaten until our families paid. "
    return {
        "interview_id": f"INT-{w.seed % 100:02d}-{number:05d}",
        "date": date.date().isoformat(),
        "place": _place_variant(rng, reached),
        "interviewer": rng.choice(["OFF-12", "OFF-07", "NGO-3"]),
        "interviewee": {"ref": m.ref, "sex": m.sex, "age": m.age, "nationality": m.nationality},
        "vulnerabilities": list(m.flags),
        "legs": legs,
        "mentions": list(met.values()),
        "payments": payments,
        "narrative": narrative,
    }


def write_interviews(w: World, out: Path) -> tuple[list[dict], dict[str, str]]:
    rng = random.Random(w.seed * 13 + 5)
    by_file: dict[str, list[dict]] = {"lampedusa": [], "lesbos": [], "canarias": []}
    ids: dict[str, str] = {}
    for i, m in enumerate(x for x in w.migrants if x.interviewed):
        doc = interview(w, m, i + 1, rng)
        ids[m.ref] = doc["interview_id"]
        key = {"ORG-3": "lesbos", "ORG-4": "canarias"}.get(m.org, "lampedusa")
        by_file[key].append(doc)
    entries = []
    path = "interviews/debriefs_lampedusa_2026.jsonl"
    lines = [json.dumps(d, ensure_ascii=False) for d in by_file["lampedusa"]]
    lines.insert(len(lines) // 2, '{"interview_id": "INT-BROKEN", "date": "2026-05-0')  # cut record
    (out / path).parent.mkdir(parents=True, exist_ok=True)
    (out / path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    entries.append(entry(path, "interviews", "B2"))
    path = "interviews/debriefs_lesbos_2026.json"
    (out / path).write_text(json.dumps(by_file["lesbos"], ensure_ascii=False, indent=1), encoding="utf-8")
    entries.append(entry(path, "interviews", "B2"))
    path = "interviews/entretiens_canaries_2026.xlsx"
    write_xlsx(out / path, _interview_sheets(by_file["canarias"]))
    entries.append(entry(path, "interviews", "B3"))
    return entries, ids


def _interview_sheets(docs: list[dict]) -> dict:
    iv, legs, mentions, payments = [], [], [], []
    for d in docs:
        e = d["interviewee"]
        iv.append(
            [
                d["interview_id"],
                d["date"],
                d["place"],
                d["interviewer"],
                e["ref"],
                e["sex"],
                e["age"],
                e["nationality"],
                ", ".join(d["vulnerabilities"]),
                d["narrative"],
            ]
        )
        legs += [
            [
                d["interview_id"],
                x["from"],
                x["to"],
                x["start"],
                x["end"],
                x["mode"],
                x["price"],
                x["currency"],
                x["smuggler_ref"],
            ]
            for x in d["legs"]
        ]
        mentions += [
            [
                d["interview_id"],
                x["ref"],
                x["name"],
                "; ".join(x["aliases"]),
                "; ".join(x["phones"]),
                x["role"],
                x["nationality"],
            ]
            for x in d["mentions"]
        ]
        payments += [
            [
                d["interview_id"],
                x["amount"],
                x["currency"],
                x["method"],
                x["to_ref"],
                x["to_name"],
                x["to_phone"],
                x["place"],
                x["date"],
            ]
            for x in d["payments"]
        ]
    return {
        "interviews": (
            [
                "interview_id",
                "date",
                "place",
                "interviewer",
                "ref",
                "sex",
                "age",
                "nationality",
                "vulnerabilities",
                "narrative",
            ],
            iv,
        ),
        "legs": (
            ["interview_id", "from", "to", "start", "end", "mode", "price", "currency", "smuggler_ref"],
            legs,
        ),
        "mentions": (["interview_id", "ref", "name", "aliases", "phones", "role", "nationality"], mentions),
        "payments": (
            [
                "interview_id",
                "amount",
                "currency",
                "method",
                "to_ref",
                "to_name",
                "to_phone",
                "place",
                "date",
            ],
            payments,
        ),
    }


def _track(m: Migrant) -> list[tuple[float, float]]:
    """(lon, lat) of every place a journey passed through."""
    return [(PLACES[p].lon, PLACES[p].lat) for p in [m.legs[0].origin] + [x.dest for x in m.legs]]


def write_routes(w: World, out: Path, share: float) -> tuple[list[dict], list[str]]:
    """NGO monitoring legs (CSV), tracks (GeoJSON), safe houses and a route (KML), a boat's GPS
    track (GPX).  Returns the manifest entries and the migrants whose journeys appear."""
    rng = random.Random(w.seed * 17 + 11)
    chosen = [m for m in w.migrants if not m.interviewed and m.legs and rng.random() < share]
    rows = []
    for m in chosen:
        for leg in m.legs:
            a, b = PLACES[leg.origin], PLACES[leg.dest]
            coords = [a.lat, a.lon, b.lat, b.lon] if rng.random() < 0.4 else ["", "", "", ""]
            rows.append(
                [
                    f"J-{m.ref}",
                    leg.seq,
                    _place_variant(rng, leg.origin),
                    _place_variant(rng, leg.dest),
                    *coords,
                    leg.start.strftime("%d/%m/%Y"),
                    leg.end.strftime("%d/%m/%Y"),
                    leg.mode,
                    leg.price,
                    leg.currency,
                ]
            )
    entries = []
    path = "routes/ngo_monitoring_legs_2026.csv"
    write_csv(
        out / path,
        [
            "journey_id",
            "seq",
            "from",
            "to",
            "from_lat",
            "from_lon",
            "to_lat",
            "to_lon",
            "start",
            "end",
            "mode",
            "cost",
            "currency",
        ],
        rows,
    )
    entries.append(entry(path, "routes", "C3"))
    tracks = [m for m in w.migrants if m.org == "ORG-3" and m.legs and not m.interviewed and m not in chosen][
        :12
    ]
    features = [
        {
            "type": "Feature",
            "properties": {
                "journey_id": f"J-{m.ref}",
                "start": m.legs[0].start.isoformat(),
                "end": m.legs[-1].end.isoformat(),
            },
            "geometry": {"type": "LineString", "coordinates": [list(xy) for xy in _track(m)]},
        }
        for m in tracks
    ]
    features += [
        {
            "type": "Feature",
            "properties": {"name": f"Safe house {p}"},
            "geometry": {"type": "Point", "coordinates": [PLACES[p].lon, PLACES[p].lat]},
        }
        for p in ("Istanbul", "Izmir")
    ]
    path = "routes/tracks_aegean.geojson"
    write_geojson(out / path, features)
    entries.append(entry(path, "routes", "B2"))
    marks = [
        {
            "name": f"Safe house {p}",
            "description": "reported by two interviewees",
            "points": [(PLACES[p].lon, PLACES[p].lat)],
        }
        for p in ("Nouadhibou", "Saint-Louis")
    ]
    atl = [m for m in w.migrants if m.org == "ORG-4" and m.legs and not m.interviewed and m not in chosen][:8]
    marks += [
        {
            "name": f"J-{m.ref}",
            "description": "journey",
            "when": m.legs[0].start.date().isoformat(),
            "points": _track(m),
        }
        for m in atl
    ]
    path = "routes/atlantic_routes.kml"
    write_kml(out / path, "Atlantic route", marks)
    entries.append(entry(path, "routes", "B2"))
    departure = w.departures["ORG-1"][len(w.departures["ORG-1"]) // 2]
    z, lamp = PLACES["Zuwara"], PLACES["Lampedusa"]
    pts = [
        (
            z.lat + (lamp.lat - z.lat) * k / 24,
            z.lon + (lamp.lon - z.lon) * k / 24 + 0.05 * np.sin(k / 4),
            (departure + timedelta(minutes=40 * k)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        for k in range(25)
    ]
    path = "routes/boat_track_zuwara.gpx"
    write_gpx(out / path, "Thuraya track EXH-002", pts)
    entries.append(entry(path, "routes", "B3"))
    return entries, [m.ref for m in chosen + tracks + atl]
