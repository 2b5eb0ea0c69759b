"""What the briefing draws without building the whole actor graph or reading every event: the
graph's shape (:func:`actor_outline`), the community figure drawn from it, and the events
counted per day; each checked against the slow way it replaces."""

from __future__ import annotations

import random

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from app.exports.figures import (
    ACTORS_DRAWN,
    community_network_figure,
    network_figure,
    timeline_figure,
    to_svg,
)
from app.graph.networks import (
    ACTOR_LINK_TYPES,
    _merged_edges,
    _pair_spans,
    _paired_edges,
    _undirected,
    actor_edges,
    actor_graph,
    actor_outline,
)
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo


@pytest.fixture
def case(tmp_path):
    """Salem (two phones) and Omar call each other both ways; an unknown phone calls Salem; Omar
    pays Salem and names a place (an end that is no actor); three phones write to a group chat
    (weak ties between them); a second Omar is merged into the first."""
    store = CaseStore.create(tmp_path / "shape.ariadne", region="LY")
    with store.transaction():
        src = store.add_source(SourceInfo("calls.csv", "a" * 64, 1, "calls", Grading("B", 2)))
        salem = store.add_entity("person", "Salem Haddad")
        omar = store.add_entity("person", "Omar")
        again = store.add_entity("person", "Omar K.")
        phones = [store.ensure_entity("phone", "phone", f"+21891000000{i}")[0] for i in range(1, 7)]
        p1, p2, p3, p4, p5, p6 = phones
        for person, phone in ((salem, p1), (salem, p2), (omar, p3), (again, p5)):
            store.upsert_link("uses", person, phone)
        calls = [
            (p1, p3, "2024-03-01T10:00:00"),
            (p1, p3, "2024-03-09T23:59:59"),
            (p3, p2, "2024-03-10T00:00:01"),
            (p4, p2, "2024-06-01T10:00:00"),
            (p5, p1, "2024-06-02T08:00:00"),
            (p5, p1, "2024-06-03 08:00"),  # not the store's own form: counted on its own
        ]
        for a, b, ts in calls:
            link = store.upsert_link("called", a, b, ts=ts, duration=60)
            store.add_event(link, src, 1, ts=ts, duration=60)
        link = store.upsert_link("paid", omar, salem, ts="2024-04-01T00:00:00", amount=500)
        store.add_event(link, src, 2, ts="2024-04-01T00:00:00", amount=500, amount_case=500)
        link = store.upsert_link("messaged", p6, p4)
        store.add_event(link, src, 3, ts=None)  # an undated message
        place = store.add_entity("location", "Zuwara")
        store.upsert_link("mentioned", omar, place)
        group = store.add_entity("group", "Beach crew")
        for member in (p4, p5, p6):
            store.upsert_link("messaged", member, group)
    store.merge(omar, again, evidence="test")
    store.place = place
    yield store
    store.close()


def _graph_of(nodes: np.ndarray, edges: pd.DataFrame) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(nodes.tolist())
    g.add_edges_from(
        (u, v, {"weight": w})
        for u, v, w in zip(edges["u"].tolist(), edges["v"].tolist(), edges["weight"].tolist(), strict=True)
    )
    return g


def test_the_outline_is_the_actor_graph_in_its_own_order(case):
    whole = actor_graph(case)
    nodes, edges = actor_outline(case)
    shape = _graph_of(nodes, edges)
    assert list(shape.nodes) == list(whole.nodes)
    assert whole.nodes[case.place]["type"] == "unknown"  # a place at one end, after the actors
    # the same edges, added in the same order, with the same weights to the last bit
    assert [(u, list(nbrs)) for u, nbrs in shape.adj.items()] == [
        (u, list(nbrs)) for u, nbrs in whole.adj.items()
    ]
    assert [(u, v, d["weight"]) for u, v, d in shape.edges(data=True)] == [
        (u, v, d["weight"]) for u, v, d in whole.edges(data=True)
    ]
    assert len(edges) == whole.number_of_edges() > 4


def test_link_ends_are_link_frames_rows_in_its_order(case):
    ends = case.link_ends(ACTOR_LINK_TYPES)
    frame = case.link_frame(link_types=ACTOR_LINK_TYPES)[["link_id", "type", "src", "dst", "count"]]
    assert ends.equals(frame.astype({"count": "int64"}))


@pytest.mark.parametrize("offset", [0, 2**40])  # ids that pair as one number, and larger ones
def test_two_directions_make_one_edge_as_the_graph_makes_them(offset):
    rng = random.Random(3)
    pairs = sorted({(rng.randrange(30), rng.randrange(30)) for _ in range(200)} - {(i, i) for i in range(30)})
    src = np.array([s + offset for s, _ in pairs], dtype="int64")
    dst = np.array([d + offset for _, d in pairs], dtype="int64")
    weight = np.array([rng.random() * 3 for _ in pairs])
    kept: dict[frozenset, list] = {}
    for s, d, w in zip(src.tolist(), dst.tolist(), weight.tolist(), strict=True):
        if frozenset((s, d)) in kept:
            kept[frozenset((s, d))][2] += w
        else:
            kept[frozenset((s, d))] = [s, d, w]
    u, v, w = _undirected(src, dst, weight)
    assert list(zip(u.tolist(), v.tolist(), w.tolist(), strict=True)) == [tuple(x) for x in kept.values()]


def test_the_community_figure_from_the_outline_is_the_graphs(monkeypatch):
    rng = random.Random(5)
    nodes = np.array(rng.sample(range(10_000), ACTORS_DRAWN + 200), dtype="int64")  # not sorted
    seen, rows = set(), []
    while len(rows) < 1500:
        a, b = rng.sample(nodes.tolist(), 2)
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            rows.append((a, b, rng.random() * 4))
    edges = pd.DataFrame(rows, columns=["u", "v", "weight"])
    communities = {int(n): k % 15 for k, n in enumerate(nodes[:-20])}  # a few without one
    names = {c: f"leader {c}" for c in range(15)}
    monkeypatch.setitem(matplotlib.rcParams, "svg.hashsalt", "test")
    drawn = to_svg(community_network_figure(nodes, edges, communities=communities, names=names))
    graph = _graph_of(nodes, edges)
    assert drawn == to_svg(network_figure(graph, communities=communities, scores={}, labels={}, names=names))


def test_events_per_day_count_what_every_event_would(case):
    days = case.events_per_day()
    events = case.events_frame()
    stamp = events["ts"].fillna("")
    own_form = (stamp.str.len() == 19) & (stamp.str[10] == "T")
    one_by_one = (
        events.assign(day=stamp.str[:10].where(own_form, stamp).where(stamp != "", None))
        .groupby(["day", "type"], dropna=False)
        .size()
        .to_dict()
    )
    counted = zip(days["day"], days["type"], days["n"], strict=True)
    assert {(None if pd.isna(d) else d, t): n for d, t, n in counted} == {
        (None if pd.isna(d) else d, t): n for (d, t), n in one_by_one.items()
    }
    assert case.events_span() == (events["ts"].min(), events["ts"].max())
    per_week = timeline_figure(days.rename(columns={"day": "ts"}))
    each = timeline_figure(events)
    assert [[p.get_height() for p in c] for c in per_week.axes[0].containers] == [
        [p.get_height() for p in c] for c in each.axes[0].containers
    ]
    drawn = [c.get_label() for c in per_week.axes[0].containers]
    assert drawn == ["called", "paid"]  # the undated message is not drawn


@pytest.mark.parametrize("directed", [False, True])
def test_graph_edges_found_by_search_are_those_merged_pair_by_pair(case, directed):
    edges = actor_edges(case, dates=True)
    columns = (
        edges["src"].to_numpy("int64"),
        edges["dst"].to_numpy("int64"),
        edges["weight"].to_numpy(float),
        edges["count"].to_numpy(float),
        edges["amount"].fillna(0.0).to_numpy(float),
        edges["types"].tolist(),
        edges["first"].fillna("").tolist(),
        edges["last"].fillna("").tolist(),
    )
    paired = _paired_edges(*columns, directed=directed)
    assert paired == _merged_edges(*columns, directed=directed)
    assert len(paired) == (len(edges) if directed else actor_graph(case).number_of_edges())


def test_pair_spans_are_each_pairs_earliest_and_latest_date():
    links = pd.DataFrame(
        {
            "src": [1, 1, 2, 1, 3, 3],
            "dst": [2, 2, 1, 2, 4, 4],
            "first_seen": ["2024-05-01T00:00:00", None, "2024-01-01", "2024-03-01T10:00:00", None, ""],
            "last_seen": ["2024-05-02T00:00:00", "", "2024-01-02", "2024-03-01T11:00:00", None, None],
        }
    )
    first, last = _pair_spans(links)
    assert list(first) == ["2024-03-01T10:00:00", "2024-01-01", ""]  # (1, 2), (2, 1), (3, 4)
    assert list(last) == ["2024-05-02T00:00:00", "2024-01-02", ""]
