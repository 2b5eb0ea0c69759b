"""The chart as a case is built on it, without a display: expanding and adding never move an
actor already placed, undo and redo walk the history, names are placed without overlaps and
actors who share a name are told apart."""

from __future__ import annotations

import time

import networkx as nx
import numpy as np

from app import chartstate
from app.chartstate import ChartHistory, ChartState
from app.labels import overlaps, place_labels
from app.names import distinct_labels


def grid_state(n: int) -> ChartState:
    side = int(np.ceil(np.sqrt(n)))
    return ChartState({i: (float(i % side), float(i // side)) for i in range(n)})


def test_expanding_places_the_neighbours_around_the_actor_and_moves_nobody():
    g = nx.Graph()
    g.add_edges_from((0, 100 + k) for k in range(12))
    g.add_edges_from((5, 200 + k) for k in range(3))
    before = grid_state(9)
    after, added = chartstate.expand(before, g, [0])
    assert sorted(added) == [100 + k for k in range(12)]
    assert all(after.positions[e] == p for e, p in before.positions.items())
    xy = np.array(list(after.positions.values()))
    d = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    assert d[np.triu_indices(len(xy), 1)].min() >= 0.79 * chartstate.spacing(before)  # nobody on anybody
    new = np.array([after.positions[e] for e in added])
    assert np.hypot(*(new - before.positions[0]).T).max() < 4  # around the actor expanded


def test_expanding_takes_the_strongest_ties_first_and_shows_hidden_neighbours_again():
    g = nx.Graph()
    g.add_edge(0, 1, weight=1)
    g.add_edge(0, 2, weight=9)
    g.add_edge(0, 3, weight=5)
    state = chartstate.hide(ChartState({0: (0.0, 0.0), 3: (1.0, 1.0)}), [3])
    after, added = chartstate.expand(state, g, [0], limit=1)
    assert added == [2, 3] and after.hidden == frozenset()


def test_adding_a_path_puts_each_actor_beside_its_neighbour_on_the_chart():
    g = nx.path_graph([1, 2, 3, 4])
    state = ChartState({1: (0.0, 0.0), 9: (10.0, 10.0)})
    after, added = chartstate.add(state, g, [1, 2, 3, 4])
    assert added == [2, 3, 4] and after.positions[1] == (0.0, 0.0)
    step = chartstate.spacing(state)
    for a, b in ((1, 2), (2, 3), (3, 4)):
        assert np.hypot(*np.subtract(after.positions[a], after.positions[b])) <= 1.01 * step


def test_undo_and_redo_walk_every_change_and_a_new_change_forgets_redo():
    h = ChartHistory()
    h.reset(ChartState({1: (0.0, 0.0), 2: (1.0, 0.0)}))
    first = h.current
    h.record("move", chartstate.moved(h.current, {1: (5.0, 5.0)}))
    h.record("hide", chartstate.hide(h.current, [2]))
    h.record("pin", chartstate.pin(h.current, [1]))
    assert h.undo_label == "pin"
    assert h.undo().pinned == frozenset()
    assert h.undo().hidden == frozenset()
    assert h.undo() == first and h.undo() is None
    assert h.redo().positions[1] == (5.0, 5.0)
    h.record("remove", chartstate.remove(h.current, [2]))
    assert h.redo() is None and h.redo_label == ""


def test_a_layout_leaves_pinned_actors_where_they_are():
    state = chartstate.pin(ChartState({1: (0.0, 0.0), 2: (1.0, 0.0)}), [1])
    after = chartstate.laid_out(state, {1: (9.0, 9.0), 2: (3.0, 3.0)})
    assert after.positions == {1: (0.0, 0.0), 2: (3.0, 3.0)}


def test_expanding_one_actor_on_a_chart_of_2000_is_fast_and_moves_nobody():
    rng = np.random.default_rng(3)
    g = nx.gnm_random_graph(6000, 20000, seed=3)
    state = ChartState({i: tuple(rng.uniform(-1, 1, 2)) for i in range(2000)})
    hub = max(range(2000), key=g.degree)
    after, added = chartstate.expand(state, g, [hub])
    assert added and all(after.positions[e] == p for e, p in state.positions.items())


def test_names_are_placed_without_overlap_in_priority_order():
    rng = np.random.default_rng(1)
    centres = rng.uniform(0, 900, (500, 2))
    radii = np.full(500, 8.0)
    sizes = np.column_stack([rng.uniform(40, 140, 500), np.full(500, 14.0)])
    order = np.argsort(-rng.uniform(size=500))
    rects = place_labels(centres, radii, sizes, order)
    placed = ~np.isnan(rects[:, 0])
    assert overlaps(rects) == 0
    assert placed[order[0]]  # the most important finds room first
    assert placed[order[:100]].sum() > placed[order[-100:]].sum() + 20
    assert placed.sum() > 150
    # a name never covers another actor's disc
    for i in np.flatnonzero(placed)[:100]:
        left, top, right, bottom = rects[i]
        nx_ = np.clip(centres[:, 0], left, right)
        ny_ = np.clip(centres[:, 1], top, bottom)
        inside = np.hypot(nx_ - centres[:, 0], ny_ - centres[:, 1]) < radii
        inside[i] = False
        assert not inside.any()


def test_a_crowd_of_names_keeps_the_first_in_priority():
    centres = np.zeros((30, 2)) + np.arange(30)[:, None] * 0.5
    rects = place_labels(centres, np.full(30, 2.0), np.full((30, 2), [80.0, 12.0]), np.arange(30)[::-1])
    assert not np.isnan(rects[29, 0]) and overlaps(rects) == 0
    assert np.isnan(rects[:, 0]).sum() > 20


def test_label_placement_of_500_names_is_quick_enough_to_run_per_frame():
    rng = np.random.default_rng(2)
    centres = rng.uniform(0, 1920, (500, 2))
    sizes = np.column_stack([rng.uniform(40, 140, 500), np.full(500, 14.0)])
    start = time.perf_counter()
    place_labels(centres, np.full(500, 9.0), sizes, np.arange(500))
    assert time.perf_counter() - start < 1.0  # the bench measures it; this only catches a blow-up


def test_actors_sharing_a_name_are_told_apart_by_phone_place_or_community():
    labels = distinct_labels(
        [
            {"id": 1, "label": "Modou Nouadhibou", "phones": ["+222 22 11 4521"], "community": 1},
            {"id": 2, "label": "Modou Nouadhibou", "phones": [], "place": "Nouakchott", "community": 1},
            {"id": 3, "label": "modou  nouadhibou", "phones": [], "community": 4},
            {"id": 4, "label": "Salem", "phones": ["+218911111111"]},
        ]
    )
    assert labels[1].endswith("(…4521)")
    assert labels[2].endswith("(Nouakchott)")
    assert labels[3].endswith("(community 4)")
    assert labels[4] == "Salem"
    assert len({labels[1], labels[2], labels[3]}) == 3


def test_same_phone_endings_take_more_digits():
    labels = distinct_labels(
        [
            {"id": 1, "label": "A", "phones": ["+21891004521"]},
            {"id": 2, "label": "A", "phones": ["+21892004521"]},
        ]
    )
    assert (labels[1], labels[2]) == ("A (…1004521)", "A (…2004521)")


def test_the_hierarchical_layout_is_not_flattened_into_a_band():
    from app.graph.layout import layout

    tree = nx.balanced_tree(3, 3)  # 40 actors on 4 levels, 27 of them on the last
    xy = np.array(list(layout(tree, "hierarchical").values()))
    width, height = np.ptp(xy, axis=0)
    assert height >= 0.4 * width
    assert len(np.unique(xy[:, 1].round(6))) >= 4  # layers, not one band


def test_names_stay_inside_the_rectangle_they_are_given():
    centres = np.array([[95.0, 50.0], [50.0, 50.0]])
    sizes = np.full((2, 2), [30.0, 10.0])
    free = place_labels(centres, np.full(2, 2.0), sizes, np.arange(2))
    assert free[0, 2] > 100  # right of its actor, past the edge
    kept = place_labels(centres, np.full(2, 2.0), sizes, np.arange(2), within=(0.0, 0.0, 100.0, 100.0))
    assert kept[0, 2] <= 100 and kept[0, 0] >= 0 and not np.isnan(kept).any()
