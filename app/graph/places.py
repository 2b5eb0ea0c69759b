"""Places: the analyst's corrections to where a place is (the gazetteer's answer is a guess
from a name; a place the analyst knows better is corrected once and the maps follow), and
what the map draws: places, journeys and the people the evidence puts at places, cut to a
time window."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
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
    _index: WindowIndex | None = field(default=None, init=False, repr=False, compare=False)

    def window_index(self) -> WindowIndex:
        """The arrays :func:`map_in_window` cuts, built on the first call (in the background
        task that read the data, so that moving the window only selects rows)."""
        if self._index is None:
            self._index = WindowIndex.build(self)
        return self._index


@dataclass
class MapWindow:
    """The map for one time window: the journeys, places, actors and corridors in it.  The
    arrays say where the rows come from: positions in the :class:`MapData`'s legs and places."""

    journeys: set[str]
    places: pd.DataFrame  # id, label, lat, lon, legs (legs through the place in the window)
    actors: pd.DataFrame  # id, label, role, place, lat, lon, weight
    clusters: set[int]
    leg_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # the window's legs
    place_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # of ``places``
    actor_place_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # each actor's place
    actor_places: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # see places_of
    actor_bounds: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))

    def places_of(self, row: int) -> list[int]:
        """Every place the window's evidence puts the actor of ``row`` (of ``actors``) at,
        busiest first (ties: the smaller id), the place it stands at first."""
        return self.actor_places[self.actor_bounds[row] : self.actor_bounds[row + 1]].tolist()


@dataclass
class WindowIndex:
    """A :class:`MapData` as arrays, once: the dated legs sorted by start (a window is one
    slice of them, found by binary search), and every (person, place) pair the evidence makes,
    so that a window's weights are two ``bincount`` calls instead of a loop over its legs."""

    dated: np.ndarray  # positions of the legs with a start, by start
    starts: np.ndarray  # their starts, sorted (text)
    leg_from: np.ndarray  # place row of each leg's ends (-1: not a known place)
    leg_to: np.ndarray
    leg_cluster: np.ndarray
    leg_journey: np.ndarray  # position in ``journeys``
    journeys: np.ndarray  # their ids (text)
    leg_pairs: np.ndarray  # (legs, 4): the pairs each leg adds one to (-1: none)
    link_pair: np.ndarray  # the pair of each link to a place (-1: not a known place)
    link_weight: np.ndarray
    link_dated: np.ndarray  # has a first seen date
    link_first: np.ndarray  # first seen, as its rank in ``seen``
    link_last: np.ndarray  # last seen, else first seen, as its rank in ``seen``
    seen: np.ndarray  # every first and last seen text, sorted
    pair_actor: np.ndarray  # position in ``actor_ids``
    pair_place: np.ndarray  # place row
    actor_ids: np.ndarray  # sorted
    actor_label: np.ndarray  # "" when the person is not known
    actor_role: np.ndarray
    place_ids: np.ndarray
    place_lat: np.ndarray
    place_lon: np.ndarray

    @classmethod
    def build(cls, data: MapData) -> WindowIndex:
        legs, links = data.legs, data.place_links
        place_ids = data.places["id"].to_numpy(np.int64)
        row_of = {int(p): i for i, p in enumerate(place_ids.tolist())}
        leg_from = _rows(legs["from_id"], row_of)
        leg_to = _rows(legs["to_id"], row_of)
        starts = np.array([str(s) for s in legs["start"].fillna("").tolist()], dtype=object)
        dated = np.flatnonzero(starts != "")
        dated = dated[np.argsort(starts[dated], kind="stable")]
        journeys, leg_journey = np.unique(legs["journey"].astype(str).to_numpy(object), return_inverse=True)
        # the (person, place) pairs: facilitator and traveller at both ends of each leg, then
        # each link to a place
        who = [_people(legs[column]) for column in ("facilitator_id", "traveller_id")]
        ends = [leg_from, leg_to]
        leg_actor = np.column_stack([who[0], who[0], who[1], who[1]]).reshape(-1, 4)
        leg_place = np.column_stack([ends[0], ends[1], ends[0], ends[1]]).reshape(-1, 4)
        link_actor = links["actor"].to_numpy(np.int64) if len(links) else np.zeros(0, np.int64)
        link_place = _rows(links["place"], row_of) if len(links) else np.zeros(0, np.int64)
        leg_ok = (leg_actor >= 0) & (leg_place >= 0)
        link_ok = link_place >= 0
        actor_ids = np.unique(np.concatenate([leg_actor[leg_ok], link_actor[link_ok]]))
        n_places = max(1, len(place_ids))
        keys = np.full(leg_actor.shape, -1, np.int64)
        keys[leg_ok] = np.searchsorted(actor_ids, leg_actor[leg_ok]) * n_places + leg_place[leg_ok]
        link_keys = np.full(len(link_actor), -1, np.int64)
        link_keys[link_ok] = np.searchsorted(actor_ids, link_actor[link_ok]) * n_places + link_place[link_ok]
        pairs, inverse = np.unique(np.concatenate([keys[leg_ok], link_keys[link_ok]]), return_inverse=True)
        leg_pairs = np.full(leg_actor.shape, -1, np.int64)
        leg_pairs[leg_ok] = inverse[: int(leg_ok.sum())]
        link_pair = np.full(len(link_actor), -1, np.int64)
        link_pair[link_ok] = inverse[int(leg_ok.sum()) :]
        first = (
            links["first_seen"].fillna("").astype(str).to_numpy(object) if len(links) else np.zeros(0, object)
        )
        last = (
            links["last_seen"].fillna("").astype(str).to_numpy(object) if len(links) else np.zeros(0, object)
        )
        last = np.where(last != "", last, first)
        seen, ranks = np.unique(np.concatenate([first, last]).astype(str), return_inverse=True)
        people = [data.people.get(int(a), ("", "")) for a in actor_ids.tolist()]
        return cls(
            dated=dated,
            starts=starts[dated].astype(str),
            leg_from=leg_from,
            leg_to=leg_to,
            leg_cluster=legs["cluster"].to_numpy(np.int64),
            leg_journey=leg_journey.astype(np.int64),
            journeys=np.array([str(j) for j in journeys], dtype=object),
            leg_pairs=leg_pairs,
            link_pair=link_pair,
            link_weight=np.array([float(c or 1) for c in links["count"].tolist()], float)
            if len(links)
            else np.zeros(0),
            link_dated=first != "",
            link_first=ranks[: len(first)].astype(np.int64),
            link_last=ranks[len(first) :].astype(np.int64),
            seen=seen,
            pair_actor=pairs // n_places,
            pair_place=pairs % n_places,
            actor_ids=actor_ids,
            actor_label=np.array([label or "" for label, _ in people], dtype=object),
            actor_role=np.array([role for _, role in people], dtype=object),
            place_ids=place_ids,
            place_lat=data.places["lat"].to_numpy(float),
            place_lon=data.places["lon"].to_numpy(float),
        )

    def legs_in(self, start: str | None, end: str | None) -> np.ndarray:
        """Positions of the legs that start in ``[start, end]`` (all of them with no window)."""
        if not (start or end):
            return np.arange(len(self.leg_from))
        lo = int(np.searchsorted(self.starts, start, "left")) if start else 0
        hi = int(np.searchsorted(self.starts, end, "right")) if end else len(self.starts)
        return np.sort(self.dated[lo : max(lo, hi)])

    def links_in(self, start: str | None, end: str | None) -> np.ndarray:
        """Which links to places count in ``[start, end]``: dated ones seen in it (all with no window)."""
        keep = self.link_pair >= 0
        if start or end:  # compared as text, through their ranks among the dates seen
            keep &= self.link_dated
            if start:
                keep &= self.link_last >= np.searchsorted(self.seen, start, "left")
            if end:
                keep &= self.link_first < np.searchsorted(self.seen, end, "right")
        return keep


def _rows(ids: pd.Series, row_of: dict[int, int]) -> np.ndarray:
    """Row of each place id (-1 when it is not one of the map's places)."""
    return np.array([row_of.get(int(i), -1) if pd.notna(i) else -1 for i in ids.tolist()], np.int64)


def _people(ids: pd.Series) -> np.ndarray:
    """Person ids as integers, -1 where there is none."""
    values = pd.to_numeric(ids, errors="coerce").to_numpy(float)
    return np.where(np.isnan(values), -1, np.nan_to_num(values)).astype(np.int64)


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
    data = MapData(places.reset_index(drop=True), legs.reset_index(drop=True), links, clusters, people)
    data.window_index()  # here, in the background, rather than on the first move of the window
    return data


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
    index = data.window_index()
    rows = index.legs_in(start, end)
    ends = np.concatenate([index.leg_from[rows], index.leg_to[rows]])
    through = np.bincount(ends[ends >= 0], minlength=len(index.place_ids))
    place_rows = np.flatnonzero(through)
    places = data.places.iloc[place_rows].reset_index(drop=True)
    places = places.assign(legs=through[place_rows].astype("int64"))
    n_pairs = len(index.pair_actor)
    from_legs = index.leg_pairs[rows].ravel()
    from_legs = from_legs[from_legs >= 0]
    links = index.links_in(start, end)
    weight = np.bincount(from_legs, minlength=n_pairs).astype(float)
    weight += np.bincount(index.link_pair[links], index.link_weight[links], minlength=n_pairs)
    seen = np.bincount(from_legs, minlength=n_pairs) + np.bincount(index.link_pair[links], minlength=n_pairs)
    actors, best, ranked, bounds = _actors_at(
        index, np.flatnonzero(seen), weight, include_migrants=include_migrants
    )
    clusters = {c for c in np.unique(index.leg_cluster[rows]).tolist() if c >= 0}
    journeys = set(
        index.journeys[np.bincount(index.leg_journey[rows], minlength=len(index.journeys)) > 0].tolist()
    )
    return MapWindow(journeys, places, actors, clusters, rows, place_rows, best, ranked, bounds)


def _actors_at(
    index: WindowIndex, pairs: np.ndarray, weight: np.ndarray, *, include_migrants: bool
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    """Each person with evidence in the window at the place with the most of it (ties: the
    place with the smaller id), with the row of that place, and every place of each person
    busiest first (ids, and where each person's start)."""
    columns = ["id", "label", "role", "place", "lat", "lon", "weight"]
    actor = index.pair_actor[pairs]
    label, role = index.actor_label[actor], index.actor_role[actor]
    keep = label != ""
    if not include_migrants:
        keep &= role != "migrant"
    pairs, actor = pairs[keep], actor[keep]
    if not len(pairs):
        none = np.zeros(0, np.int64)
        return pd.DataFrame([], columns=columns), none, none, np.zeros(1, np.int64)
    place = index.pair_place[pairs]
    order = np.lexsort((index.place_ids[place], -weight[pairs], actor))
    pairs, actor, place = pairs[order], actor[order], place[order]
    firsts = np.flatnonzero(np.r_[True, actor[1:] != actor[:-1]])
    best, who = place[firsts], actor[firsts]
    frame = pd.DataFrame(
        {
            "id": index.actor_ids[who],
            "label": index.actor_label[who],
            "role": index.actor_role[who],
            "place": index.place_ids[best],
            "lat": index.place_lat[best],
            "lon": index.place_lon[best],
            "weight": weight[pairs[firsts]],
        },
        columns=columns,
    )
    return frame, best, index.place_ids[place], np.r_[firsts, len(pairs)].astype(np.int64)
