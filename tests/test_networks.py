"""Graphs built from the store: filters by time window, layer and grading; actor folding."""

from __future__ import annotations

import pytest

from app.graph.networks import GraphFilter, actor_edges, actor_graph, entity_graph
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo


@pytest.fixture
def case(tmp_path):
    """Salem uses two phones; Omar one; an unknown phone calls Salem's second phone.

    Calls: Salem(p1) -> Omar(p3) twice in March (source graded B2), unknown(p4) ->
    Salem(p2) once in June (source graded E5). Omar paid Salem once in April.
    """
    store = CaseStore.create(tmp_path / "net.ariadne", region="LY")
    with store.transaction():
        good = store.add_source(SourceInfo("good.csv", "a" * 64, 1, "calls", Grading("B", 2)))
        poor = store.add_source(SourceInfo("poor.csv", "b" * 64, 1, "calls", Grading("E", 5)))
        salem = store.add_entity("person", "Salem Haddad", {"role": "organiser"})
        omar = store.add_entity("person", "Omar")
        p1, p2, p3, p4 = (store.ensure_entity("phone", "phone", f"+21891000000{i}")[0] for i in range(1, 5))
        for person, phone in ((salem, p1), (salem, p2), (omar, p3)):
            link = store.upsert_link("uses", person, phone)
            store.add_evidence("link", link, good, 1)
        for ts in ("2024-03-01T10:00:00", "2024-03-09T10:00:00"):
            link = store.upsert_link("called", p1, p3, ts=ts, duration=60)
            store.add_event(link, good, 1, ts=ts, duration=60)
        link = store.upsert_link("called", p4, p2, ts="2024-06-01T10:00:00", duration=5)
        store.add_event(link, poor, 2, ts="2024-06-01T10:00:00", duration=5)
        link = store.upsert_link("paid", omar, salem, ts="2024-04-01T00:00:00", amount=500)
        store.add_event(link, good, 3, ts="2024-04-01T00:00:00", amount=500, amount_case=500)
    store.ids = {"salem": salem, "omar": omar, "p1": p1, "p2": p2, "p3": p3, "p4": p4}
    yield store
    store.close()


def test_entity_graph_has_every_link_as_a_typed_edge(case):
    g = entity_graph(case)
    ids = case.ids
    assert g.number_of_nodes() == 6
    assert g[ids["p1"]][ids["p3"]]["called"]["count"] == 2
    assert g[ids["omar"]][ids["salem"]]["paid"]["amount"] == 500


def test_actor_graph_folds_phones_into_their_users(case):
    g = actor_graph(case)
    ids = case.ids
    assert set(g.nodes) == {ids["salem"], ids["omar"], ids["p4"]}
    assert g.nodes[ids["salem"]]["phones"] == ["+218910000001", "+218910000002"]
    assert g.nodes[ids["p4"]]["type"] == "phone"  # unknown user: the phone stands for itself
    assert g[ids["salem"]][ids["omar"]]["types"] == "called,paid"
    assert g[ids["salem"]][ids["omar"]]["count"] == 3
    assert g.nodes[ids["salem"]]["role"] == "organiser"


def test_time_window_keeps_only_events_inside_it(case):
    march = actor_graph(case, GraphFilter(start="2024-03-01", end="2024-03-31"))
    ids = case.ids
    assert march[ids["salem"]][ids["omar"]]["types"] == "called"
    assert march[ids["salem"]][ids["omar"]]["count"] == 2
    assert not march.has_edge(ids["p4"], ids["salem"])


def test_layer_filter_limits_link_types(case):
    money = actor_edges(case, GraphFilter(layers=("money",)))
    assert list(money["types"]) == ["paid"]
    with pytest.raises(ValueError, match="unknown layer"):
        GraphFilter(layers=("gossip",)).link_types()


def test_minimum_grading_drops_poorly_graded_sources(case):
    all_edges = actor_edges(case)
    graded = actor_edges(case, GraphFilter(min_grading=Grading("C", 3)))
    assert len(all_edges) == 3  # salem->omar called, omar->salem paid, p4->salem called
    assert len(graded) == 2
    assert case.ids["p4"] not in set(graded["src"]) | set(graded["dst"])


def test_merged_persons_become_one_actor(case):
    ids = case.ids
    case.merge(ids["salem"], ids["omar"], evidence="test")
    g = actor_graph(case)
    assert ids["omar"] not in g
    assert g.nodes[ids["salem"]]["phones"] == ["+218910000001", "+218910000002", "+218910000003"]
    assert g.number_of_edges() == 1  # the calls became self-contact and were dropped
