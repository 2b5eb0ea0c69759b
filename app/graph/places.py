"""The analyst's corrections to where a place is: the gazetteer's answer is a guess from a
name; a place the analyst knows better is corrected once and the maps follow."""

from __future__ import annotations

from app.graph.store import CaseStore


def correct_place(
    case: CaseStore, entity_id: int, lat: float, lon: float, *, country: str = "", actor: str = "analyst"
) -> dict:
    """Set a location's coordinates (and country), audited; returns the updated entity.

    Raises ValueError for an entity that is not a place or coordinates off the globe.
    """
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"latitude {lat} / longitude {lon} are not on the globe")
    entity = case.entity(case.canonical(entity_id))
    if entity["type"] != "location":
        raise ValueError(f"{entity['label'] or entity['id']} is a {entity['type']}, not a place")
    old = {k: entity["attrs"].get(k) for k in ("lat", "lon", "country")}
    attrs: dict[str, object] = {
        "lat": float(lat),
        "lon": float(lon),
        "corrected_by_analyst": True,
        "unresolved": False,
    }
    if country:
        attrs["country"] = country.upper()
    with case.transaction():
        case.update_entity(entity["id"], attrs=attrs)
        case.log(
            "place corrected",
            {
                "entity": entity["id"],
                "label": entity["label"],
                "from": old,
                "to": {k: attrs.get(k, old.get(k)) for k in ("lat", "lon", "country")},
            },
            actor=actor,
        )
    return case.entity(entity["id"])
