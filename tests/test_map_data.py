"""The map's and the per-actor timeline's data, read from a tiny hand-built case (no Qt)."""

from __future__ import annotations

import pytest
from mapcase import build_map_case

from app.graph.places import load_map_data, map_in_window
from app.graph.store import CaseStore
from app.graph.timelines import actor_events


@pytest.fixture
def case(tmp_path):
    ids = build_map_case(tmp_path / "map.ariadne")
    with CaseStore.open(tmp_path / "map.ariadne") as store:
        store.ids = ids
        yield store


def test_the_window_keeps_the_journeys_that_start_in_it(case):
    data = load_map_data(case, [])
    assert map_in_window(data).journeys == {"J1", "J2"}
    assert map_in_window(data, "2026-03-01", "2026-03-31T23:59:59").journeys == {"J1"}
    assert map_in_window(data, "2026-05-01", None).journeys == {"J2"}
    assert map_in_window(data, None, "2026-02-28").journeys == set()


def test_actors_stand_where_the_evidence_puts_them(case):
    ids = case.ids
    data = load_map_data(case, [])
    actors = map_in_window(data).actors.set_index("id")
    # Omar drove Agadez→Sebha twice: a tie, the first place wins; Ali: his leg and "located at"
    assert actors.at[ids["omar"], "place"] == ids["Agadez"]
    assert actors.at[ids["ali"], "place"] == ids["Tripoli"]
    assert ids["amina"] not in actors.index  # migrants only when asked for
    assert ids["salem"] not in actors.index  # no evidence of a place
    assert ids["amina"] in map_in_window(data, include_migrants=True).actors["id"].tolist()
    # June: only Omar's second journey; Ali's undated "located at" does not count in a window
    assert map_in_window(data, "2026-05-01", None).actors["id"].tolist() == [ids["omar"]]


def test_a_corridor_gets_its_path_back_from_its_journeys(case):
    ids = case.ids
    data = load_map_data(case, [{"id": 0, "journeys": 2, "journey_ids": ["J1", "J2"]}])
    assert data.clusters[0]["path_ids"] == [ids["Agadez"], ids["Sebha"], ids["Tripoli"]]
    assert set(data.legs["cluster"]) == {0}


def test_actor_events_count_calls_messages_transfers_and_legs(case):
    ids = case.ids
    frame = actor_events(case, [ids["salem"], ids["omar"]])
    assert frame.attrs["rows"] == [(ids["salem"], "Salem Haddad"), (ids["omar"], "Omar Driver")]
    salem = frame[frame["row"] == ids["salem"]]["kind"].value_counts().to_dict()
    omar = frame[frame["row"] == ids["omar"]]["kind"].value_counts().to_dict()
    assert salem == {"call": 3, "message": 1, "transfer": 1}
    assert omar == {"call": 2, "journey leg": 2, "message": 1, "transfer": 1}
    leg = frame[(frame["row"] == ids["omar"]) & (frame["kind"] == "journey leg")].iloc[0]
    assert str(leg["end"])[:10] == "2026-03-05" and leg["detail"] == "Agadez → Sebha"


def test_the_pair_keeps_only_the_events_between_them(case):
    ids = case.ids
    frame = actor_events(case, [ids["salem"], ids["omar"]], between_only=True)
    assert len(frame[frame["row"] == ids["salem"]]) == 4  # not the call to Ali
    assert set(frame["other"]) == {ids["salem"], ids["omar"]}


def test_rows_per_phone_split_an_actor_by_the_numbers_used(case):
    ids = case.ids
    frame = actor_events(case, [ids["salem"]], by="identifier")
    rows = [r for r, _label in frame.attrs["rows"]]
    assert rows == [ids["salem"], ids["P1"], ids["P2"]]  # the transfer was to Salem himself
    counts = frame["row"].value_counts().to_dict()
    assert counts == {ids["P1"]: 3, ids["P2"]: 1, ids["salem"]: 1}
    assert frame.attrs["rows"][1][1] == "Salem Haddad · +218910000001"
    with pytest.raises(ValueError, match="by must be"):
        actor_events(case, [ids["salem"]], by="community")


def test_an_actor_lists_every_place_of_the_window_busiest_first(case):
    ids = case.ids
    shown = map_in_window(load_map_data(case, []))
    row = {int(a): k for k, a in enumerate(shown.actors["id"])}
    assert shown.places_of(row[ids["omar"]]) == [ids["Agadez"], ids["Sebha"]]  # a tie: the smaller id
    assert shown.places_of(row[ids["ali"]]) == [ids["Tripoli"], ids["Sebha"]]  # his leg and "located at"


def reference_window(data, start, end, include_migrants):
    """The window read the plain way, leg by leg and link by link, as map_in_window's
    docstring says: journeys, legs through each place, and each person's places by weight."""
    legs = [
        r
        for r in data.legs.itertuples(index=False)
        if not (start or end)
        or (
            isinstance(r.start, str)
            and r.start
            and (not start or r.start >= start)
            and (not end or r.start <= end)
        )
    ]
    through: dict[int, int] = {}
    weights: dict[int, dict[int, float]] = {}
    for r in legs:
        for place in (int(r.from_id), int(r.to_id)):
            through[place] = through.get(place, 0) + 1
            for who in (r.facilitator_id, r.traveller_id):
                if who == who and who is not None:
                    weights.setdefault(int(who), {}).setdefault(place, 0.0)
                    weights[int(who)][place] += 1.0
    for r in data.place_links.itertuples(index=False):
        first = r.first_seen if isinstance(r.first_seen, str) else ""
        last = r.last_seen if isinstance(r.last_seen, str) and r.last_seen else first
        if (start or end) and not (first and (not start or last >= start) and (not end or first <= end)):
            continue
        weights.setdefault(int(r.actor), {}).setdefault(int(r.place), 0.0)
        weights[int(r.actor)][int(r.place)] += float(r.count or 1)
    actors = {}
    for who, places in weights.items():
        label, role = data.people.get(who, ("", ""))
        if label and (include_migrants or role != "migrant"):
            actors[who] = sorted(places, key=lambda p: (-places[p], p))
    return {str(r.journey) for r in legs}, through, actors


def test_the_window_gives_what_reading_every_leg_and_link_gives(tmp_path, demo_copy):
    from app.graph.routes import route_clusters

    with CaseStore.open(demo_copy(7, tmp_path / "demo.ariadne")) as store:
        places = store.places_frame()
        labels = {int(i): str(label) for i, label in zip(places["id"], places["label"], strict=True)}
        data = load_map_data(store, route_clusters(store.legs_frame(), labels))
    days = sorted(data.legs["start"].dropna().str[:10])
    windows = [(None, None), (days[0], None), (None, days[len(days) // 2])]
    windows += [
        (days[k], days[min(len(days) - 1, k + 40)] + "T23:59:59") for k in range(0, len(days), len(days) // 5)
    ]
    windows += [(days[-1] + "T00:00:01", None)]
    sizes = set()
    for start, end in windows:
        for migrants in (False, True):
            shown = map_in_window(data, start, end, include_migrants=migrants)
            journeys, through, actors = reference_window(data, start, end, migrants)
            assert shown.journeys == journeys
            assert dict(zip(shown.places["id"], shown.places["legs"], strict=True)) == through
            assert {int(a): shown.places_of(k) for k, a in enumerate(shown.actors["id"])} == actors
            assert shown.actors["place"].tolist() == [actors[a][0] for a in sorted(actors)]
            sizes.add((len(journeys), len(actors)))
    assert len(sizes) > 4  # windows that differ
