"""A tiny case for the map and timeline tests: three places, two journeys, four people.

Salem (organiser) uses phones P1 and P2, Omar (driver) P3, Ali (driver) P4.  Calls
P3→P1 (2 March), P3→P2 (5 March), P1→P4 (6 March); a message P1→P3 (7 March); Omar pays
Salem 500 (10 March).  Journey J1: Agadez→Sebha (3–5 March, Omar), Sebha→Tripoli (8–9
March, Ali), travelled by Amina (a migrant); journey J2: Agadez→Sebha (1–3 June, Omar).
Ali is also "located at" Tripoli (undated)."""

from __future__ import annotations

from app.graph.store import CaseStore
from app.model import Grading, SourceInfo


def build_map_case(path) -> dict[str, int]:
    store = CaseStore.create(path, region="LY", title="Map test")
    with store.transaction():
        src = store.add_source(SourceInfo("cdr.csv", "a" * 64, 10, "calls", Grading("B", 2)))
        ids = {
            "salem": store.add_entity("person", "Salem Haddad", {"role": "organiser"}, source_id=src, row=1),
            "omar": store.add_entity("person", "Omar Driver", {"role": "driver"}, source_id=src, row=2),
            "ali": store.add_entity("person", "Ali Tripoli", {"role": "driver"}, source_id=src, row=3),
            "amina": store.add_entity("person", "Amina", {"role": "migrant"}, source_id=src, row=4),
        }
        phones = {}
        for key, who, number in (
            ("P1", "salem", "+218910000001"),
            ("P2", "salem", "+218910000002"),
            ("P3", "omar", "+218910000003"),
            ("P4", "ali", "+218910000004"),
        ):
            phones[key] = store.ensure_entity("phone", "phone", number)[0]
            store.upsert_link("uses", ids[who], phones[key])
        ids.update(phones)
        for kind, a, b, ts in (
            ("called", "P3", "P1", "2026-03-02T10:00:00"),
            ("called", "P3", "P2", "2026-03-05T10:00:00"),
            ("called", "P1", "P4", "2026-03-06T10:00:00"),
            ("messaged", "P1", "P3", "2026-03-07T10:00:00"),
        ):
            link = store.upsert_link(kind, phones[a], phones[b], ts=ts, duration=60)
            store.add_event(link, src, 5, ts=ts, duration=60)
        link = store.upsert_link(
            "transferred", ids["omar"], ids["salem"], ts="2026-03-10T09:00:00", amount=500.0
        )
        store.add_event(
            link, src, 6, ts="2026-03-10T09:00:00", amount=500.0, currency="EUR", amount_case=500.0
        )
        places = {
            name: store.add_entity("location", name, {"lat": lat, "lon": lon})
            for name, lat, lon in (
                ("Agadez", 16.97, 7.99),
                ("Sebha", 27.04, 14.43),
                ("Tripoli", 32.89, 13.19),
            )
        }
        ids.update(places)
        for journey, seq, a, b, start, end, who, traveller in (
            ("J1", 1, "Agadez", "Sebha", "2026-03-03", "2026-03-05", "omar", "amina"),
            ("J1", 2, "Sebha", "Tripoli", "2026-03-08", "2026-03-09", "ali", "amina"),
            ("J2", 1, "Agadez", "Sebha", "2026-06-01", "2026-06-03", "omar", None),
        ):
            store.add_leg(
                src,
                seq,
                journey,
                seq,
                traveller_id=ids[traveller] if traveller else None,
                from_id=places[a],
                to_id=places[b],
                start=start,
                end=end,
                facilitator_id=ids[who],
            )
        store.upsert_link("located_at", ids["ali"], places["Tripoli"])
    store.close()
    return ids
