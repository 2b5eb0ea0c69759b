"""Links labelled on demand and actors removed from the link chart (issue 18), in the real
window on the demonstration case: a link's label says its type, count and first and last
dates; labels never cover one another; "Remove from chart" takes the selection off without
moving anyone, and Ctrl+Z puts it back where it was."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from app.labels import overlaps
from app.ui.chart_view import link_text
from tests.ui.windows import drawn_chart, open_module_window, render

DATES = re.compile(r"· \d{4}-\d{2}-\d{2}( – \d{4}-\d{2}-\d{2})?$")


@pytest.fixture(scope="module")
def window(qapp, demo_case, tmp_path_factory):
    w = open_module_window(demo_case, tmp_path_factory.mktemp("links"), (1366, 768))
    yield w
    w.close()


@pytest.fixture
def chart(window, qtbot):
    drawn = drawn_chart(window, qtbot)
    drawn.link_labels_action.setChecked(False)
    return drawn


def busiest(chart) -> int:
    view = chart.view
    degree = np.bincount(np.r_[view.geometry.src, view.geometry.dst], minlength=len(view.nodes))
    return list(view.nodes)[int(np.argmax(degree))]


def test_a_links_label_gives_its_type_count_and_dates():
    assert link_text(
        {"types": "called,paid", "count": 12, "first": "2026-03-20T10:00", "last": "2026-08-18"}
    ) == ("called, paid ×12 · 2026-03-20 – 2026-08-18")
    assert link_text({"types": "knows", "count": 1, "first": "", "last": ""}) == "knows ×1"


def test_the_chart_links_carry_their_first_and_last_dates(chart):
    dated = [d for d in chart.view._link_data if d.get("first")]
    assert len(dated) >= len(chart.view._link_data) // 2
    assert all(d["first"] <= d["last"] for d in dated)


def test_labels_on_name_the_selected_actors_links_without_overlap(chart, qtbot):
    view = chart.view
    actor = busiest(chart)
    view._select([view.nodes.index(actor)])
    render(view)
    assert view.layer.last_frame.get("link_labels", 0) == 0  # off: none
    chart.link_labels_action.trigger()  # the L key's action
    assert chart.link_labels_action.isChecked()
    render(view)
    links = view.geometry.links_of(np.array([view.nodes.index(actor)]))
    placed = view.layer.last_frame["link_label_rects"]
    assert 0 < len(placed) <= len(links) and overlaps(placed) == 0
    texts = [view.layer.link_text(int(i)) for i in links]
    assert sum(bool(DATES.search(t)) for t in texts) >= len(texts) // 2


def test_the_link_under_the_pointer_is_labelled_and_told_in_the_tooltip(chart):
    view = chart.view
    g = view.geometry
    mid = QPointF(*((g.xy[g.src[0]] + g.xy[g.dst[0]]) / 2))
    if g.node_at(mid.x(), mid.y(), slack=3 / view.zoom()) >= 0:
        pytest.skip("the strongest link's middle is under an actor")
    view._hover(mid)
    assert view.layer.hover_link >= 0
    render(view)
    assert view.layer.last_frame["link_labels"] == 1
    assert view.tooltip_at(mid) == link_text(view._link_data[view.layer.hover_link])


def test_remove_from_chart_moves_nobody_and_is_undone(chart):
    view = chart.view
    actor = busiest(chart)
    before = view.positions()
    view._select([view.nodes.index(actor)])
    assert chart.remove_selected() == [actor]
    assert actor not in view.nodes
    after = view.positions()
    assert all(after[e] == before[e] for e in after) and len(after) == len(before) - 1
    chart.undo()
    assert view.positions() == before
    chart.redo()
    assert actor not in view.nodes
