"""Places: the analyst's corrections to where a place is (the gazetteer's answer is a guess
from a name; a place the analyst knows better is corrected once and the maps follow), and
what the map draws: places, journeys and the people the evidence puts at places, cut to a
time window."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app.graph.routes import journey_legs, main_path
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


# ----------------------------------------------------------------------------- the map's data
@dataclass
class MapData:
    """What the map draws, read once per case and analysis: places with coordinates, the legs
    between them (with their journey's route cluster), and the links that put people at places.
    :func:`map_in_window` cuts it to a time window without reading the case again."""

    places: pd.DataFrame  # id, label, lat, lon
    legs: pd.DataFrame  # journey, seq, from_id, to_id, start, end, traveller_id, facilitator_id, cluster
    place_links: pd.DataFrame  # actor, label, role, place, type, count, first_seen, last_seen
    clusters: list[dict] = field(default_factory=list)
    people: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (label, role)


@dataclass
class MapWindow:
    """The map for one time window: the journeys, places, actors and corridors in it."""

    journeys: set[str]
    places: pd.DataFrame  # id, label, lat, lon, legs (legs through the place in the window)
    actors: pd.DataFrame  # id, label, role, place, lat, lon, weight, places (every place, busiest first)
    clusters: set[int]


def load_map_data(case: CaseStore, clusters: list[dict] | None = None) -> MapData:
    """Read what the map needs from the case (a background task: a few reads)."""
    places = case.places_frame().dropna(subset=["lat", "lon"])
    places = places.astype({"id": "int64", "lat": "float64", "lon": "float64"})
    legs = case.legs_frame()
    placed = set(places["id"].tolist())
    legs = legs[legs["from_id"].isin(placed) & legs["to_id"].isin(placed)]
    legs = legs.astype({"from_id": "int64", "to_id": "int64"})
    cluster_of = {str(j): int(c["id"]) for c in clusters or [] for j in c.get("journey_ids", [])}
    legs = legs.assign(
        journey=legs["journey"].astype(str),
        cluster=[cluster_of.get(str(j), -1) for j in legs["journey"]],
    )
    clusters = [_with_path(c, legs) for c in clusters or []]
    links = case.place_links_frame()
    links = links[links["place"].isin(placed)]
    ids = set(legs["facilitator_id"].dropna().astype(int)) | set(legs["traveller_id"].dropna().astype(int))
    people = {
        int(r.id): (str(r.label or r.id), str(r.role or ""))
        for r in case.people_frame(sorted(ids)).itertuples(index=False)
        if r.type == "person"
    }
    for r in links.drop_duplicates("actor").itertuples(index=False):
        people.setdefault(int(r.actor), (str(r.label or r.actor), str(r.role or "")))
    return MapData(places.reset_index(drop=True), legs.reset_index(drop=True), links, clusters, people)


def _with_path(cluster: dict, legs: pd.DataFrame) -> dict:
    """A route cluster with its corridor's backbone (``path_ids``, place ids in order), found
    again from its journeys' legs when the analysis did not keep it."""
    if cluster.get("path_ids"):
        return cluster
    mine = legs[legs["journey"].isin({str(j) for j in cluster.get("journey_ids", [])})]
    hops = [hop for journey in journey_legs(mine).values() for hop in journey]
    return {**cluster, "path_ids": main_path(hops) if hops else []}


def map_in_window(
    data: MapData, start: str | None = None, end: str | None = None, *, include_migrants: bool = False
) -> MapWindow:
    """The journeys whose legs start inside ``[start, end]`` (ISO text; either may be open),
    the places they pass, and each person where that evidence puts them: the places of the
    legs they travelled or operated and their dated links to places in the window (undated
    links, such as "located at", count only when there is no window).  An actor stands at
    the place with the most of that evidence.  Migrants are left out unless asked for.

    >>> places = pd.DataFrame({"id": [1, 2], "label": ["Agadez", "Sebha"], "lat": [17.0, 27.0],
    ...                        "lon": [8.0, 14.4]})
    >>> legs = pd.DataFrame({"journey": ["J1", "J2"], "seq": [1, 1], "from_id": [1, 1], "to_id": [2, 2],
    ...     "start": ["2026-03-01", "2026-05-01"], "end": [None, None], "traveller_id": [None, None],
    ...     "facilitator_id": [7, 8], "cluster": [0, 0]})
    >>> links = pd.DataFrame(columns=["actor", "label", "role", "place", "type", "count", "first_seen",
    ...                               "last_seen"])
    >>> data = MapData(places, legs, links, [], {7: ("Omar", "driver"), 8: ("Ali", "driver")})
    >>> shown = map_in_window(data, "2026-04-01", None)
    >>> sorted(shown.journeys), shown.actors["label"].tolist(), shown.places["legs"].tolist()
    (['J2'], ['Ali'], [1, 1])
    """
    legs = data.legs
    if start or end:
        when = legs["start"].fillna("")
        keep = when.ne("")
        if start:
            keep &= when >= start
        if end:
            keep &= when <= end
        legs = legs[keep]
    through = pd.concat([legs["from_id"], legs["to_id"]]).value_counts()
    places = data.places[data.places["id"].isin(through.index)]
    places = places.assign(legs=places["id"].map(through).astype("int64"))
    weights: dict[tuple[int, int], float] = {}
    for column in ("facilitator_id", "traveller_id"):
        sub = legs.dropna(subset=[column])
        for who, a, b in zip(sub[column].astype(int), sub["from_id"], sub["to_id"], strict=True):
            for place in (int(a), int(b)):
                weights[(who, place)] = weights.get((who, place), 0.0) + 1.0
    for r in _links_in_window(data.place_links, start, end).itertuples(index=False):
        key = (int(r.actor), int(r.place))
        weights[key] = weights.get(key, 0.0) + float(r.count or 1)
    actors = _actors_at(weights, data, include_migrants=include_migrants)
    clusters = {int(c) for c in legs["cluster"].unique() if int(c) >= 0}
    return MapWindow(set(legs["journey"]), places.reset_index(drop=True), actors, clusters)


def _links_in_window(links: pd.DataFrame, start: str | None, end: str | None) -> pd.DataFrame:
    if not (start or end):
        return links
    first, last = links["first_seen"].fillna(""), links["last_seen"].fillna("")
    keep = first.ne("")
    if start:
        keep &= last.where(last.ne(""), first) >= start
    if end:
        keep &= first <= end
    return links[keep]


def _actors_at(
    weights: dict[tuple[int, int], float], data: MapData, *, include_migrants: bool
) -> pd.DataFrame:
    coords = {int(r.id): (float(r.lat), float(r.lon)) for r in data.places.itertuples(index=False)}
    by_actor: dict[int, list[tuple[float, int]]] = {}
    for (who, place), w in weights.items():
        if place in coords:
            by_actor.setdefault(who, []).append((-w, place))
    rows = []
    for who, found in sorted(by_actor.items()):
        label, role = data.people.get(who, ("", ""))
        if not label or (role == "migrant" and not include_migrants):
            continue
        found.sort()
        place = found[0][1]
        lat, lon = coords[place]
        rows.append((who, label, role, place, lat, lon, -found[0][0], [p for _, p in found]))
    columns = ["id", "label", "role", "place", "lat", "lon", "weight", "places"]
    return pd.DataFrame(rows, columns=columns)
