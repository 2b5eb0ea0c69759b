"""Building a case on the link chart, in the real window on the demonstration case: expanding
puts the neighbours around the actor and moves nobody, every change can be undone and redone
(Ctrl+Z, Ctrl+Shift+Z), a layout is asked for, a picked path is drawn hop by hop, and names
never overlap."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.labels import overlaps
from app.ui.chart_layer import PATH
from tests.ui.windows import drawn_chart, open_module_window, render


@pytest.fixture(scope="module")
def window(qapp, demo_case, tmp_path_factory):
    """One window for the module (opening the case and drawing the chart is the slow part)."""
    w = open_module_window(demo_case, tmp_path_factory.mktemp("casework"), (1400, 900))
    yield w
    w.close()


@pytest.fixture
def chart(window, qtbot):
    return drawn_chart(window, qtbot)


def most_to_add(chart) -> int:
    """The actor on the chart with the most neighbours not on it yet."""
    shown = set(chart.view.nodes)
    return max(shown, key=lambda e: len(set(chart.graph.adj[e]) - shown))


def test_expanding_an_actor_adds_its_neighbours_around_it_and_moves_nobody(chart):
    before = chart.view.positions()
    actor = most_to_add(chart)
    added = chart.expand([actor])
    after = chart.view.positions()
    assert added and set(added) <= set(after)
    assert {e: after[e] for e in before} == before, "no actor already on the chart moves"
    centre = np.array(after[actor])
    spread = np.ptp(np.array(list(before.values())), axis=0).max()
    assert max(np.hypot(*(np.array(after[e]) - centre)) for e in added) < 0.5 * spread


def test_the_e_key_expands_in_place_too(chart, qtbot):
    before = chart.view.positions()
    actor = most_to_add(chart)
    chart.view._select([chart.view.nodes.index(actor)])
    qtbot.keyClick(chart.view, Qt.Key.Key_E)
    after = chart.view.positions()
    assert len(after) > len(before) and {e: after[e] for e in before} == before


def test_ctrl_z_undoes_each_change_and_ctrl_shift_z_redoes_it(chart, qtbot):
    first = chart.view.positions()
    actor = most_to_add(chart)
    chart.expand([actor])
    expanded = chart.view.positions()
    chart.view._select([chart.view.nodes.index(actor)])
    qtbot.keyClick(chart.view, Qt.Key.Key_H)
    assert chart.view.is_hidden(actor)
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not chart.view.is_hidden(actor)
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert chart.view.positions() == first, "undoing the expansion takes the newcomers away"
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, ctrl_shift)
    assert chart.view.positions() == expanded
    qtbot.keyClick(chart.view, Qt.Key.Key_Z, ctrl_shift)
    assert chart.view.is_hidden(actor)


def test_dragging_and_laying_out_again_are_undone_too(chart, qtbot):
    view = chart.view
    start = view.positions()
    actor = next(iter(start))
    point = view.mapFromScene(view.scene_position(actor))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseMove(view.viewport(), point + point.__class__(40, 25))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=point + point.__class__(40, 25))
    moved = view.positions()
    assert moved[actor] != start[actor] and chart.history.undo_label == "move"
    chart.layout_kind.setCurrentIndex(chart.layout_kind.findData("circular"))  # lays out again
    qtbot.waitUntil(lambda: not view.animating())
    assert chart.history.undo_label == "layout" and view.positions() != moved
    chart.undo()
    assert _close(view.positions(), moved)
    chart.undo()
    assert _close(view.positions(), start)


def _close(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(np.allclose(a[k], b[k]) for k in a)


def test_a_picked_path_is_drawn_hop_by_hop_over_the_dimmed_chart(chart, window, qtbot):
    view = chart.view
    shown = list(view.nodes)
    graph = chart.graph
    ends = max(
        ((a, b) for a in shown[:15] for b in shown[-15:] if a != b and nx.has_path(graph, a, b)),
        key=lambda p: nx.shortest_path_length(graph, *p),
    )
    path = nx.shortest_path(graph, *ends)
    assert len(path) >= 3
    window.session.show_path(path)
    assert view.path() == path, "every actor of the path is on the chart, in order"
    assert not view.geometry.highlighted.any(), "the path is not shown by marking its actors' links"
    view.fitInView(view.layer.boundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    image = render(view)
    a, b = view.scene_position(path[0]), view.scene_position(path[1])
    hop = view.mapFromScene(a * 0.4 + b * 0.6)
    near = [(dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
    colours = {QColor(image.pixel(hop.x() + dx, hop.y() + dy)).name() for dx, dy in near}
    assert PATH.name() in colours
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.path() == []


def test_names_on_the_chart_never_overlap(chart):
    view = chart.view
    view.fit()
    render(view)
    rects = view.layer.last_frame["name_rects"]
    assert len(rects) >= 8 and overlaps(rects) == 0
    view.scale(3, 3)  # closer: more names find room, still none on another
    render(view)
    closer = view.layer.last_frame["name_rects"]
    assert overlaps(closer) == 0 and len(closer) >= len(rects) * 0.5


def test_actors_sharing_a_name_are_told_apart_on_the_chart(chart):
    labels = chart.view.layer.labels
    everyone = [d["label"] for _n, d in chart.graph.nodes(data=True)]
    assert len(set(everyone)) == len(everyone) or len(set(labels)) == len(labels)
    assert len(set(labels)) == len(labels)
