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
