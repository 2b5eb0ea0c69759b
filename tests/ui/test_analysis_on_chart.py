"""The analysis as the analyst meets it on the chart: running it recolours and resizes the
actors, a hub picked in its table is highlighted on the chart, a time window filters the chart."""

from __future__ import annotations

import numpy as np
import pytest

from app.graph.networks import GraphFilter


@pytest.fixture
def window(demo_window):
    return demo_window


def shown(window) -> tuple[list[int], np.ndarray, np.ndarray]:
    view = window.chart.view
    return list(view.nodes), view.geometry.colour.copy(), view.geometry.size.copy()


def test_running_the_analysis_colours_actors_by_community_and_sizes_them_by_hub_score(window):
    window.chart.redraw()
    _, colours_before, _ = shown(window)
    assert len(set(colours_before.tolist())) == 1, "before any analysis there are no communities"
    window.analysis._on_run_clicked()
    assert window.failures == []
    nodes, colours, sizes = shown(window)
    assert len(set(colours.tolist())) >= 4, "the organisations get their own colours"
    top = int(window.session.analysis.ranked_hubs()[0]["id"])
    assert top in nodes and sizes[nodes.index(top)] == sizes.max(), "the top hub is drawn largest"


def test_a_hub_picked_in_its_table_is_highlighted_on_the_chart(window, qtbot):
    window.analysis._on_run_clicked()
    hubs = window.analysis.tables["hubs"]
    second = int(window.session.analysis.ranked_hubs()[1]["id"])
    with qtbot.waitSignal(window.session.selection_changed):
        hubs.view.selectRow(1)
    view = window.chart.view
    assert view.geometry.highlighted.sum() == 1
    assert view.geometry.highlighted[view.nodes.index(second)]


def test_a_time_window_filters_the_chart(window):
    window.analysis._on_run_clicked()
    everything = len(window.chart.view.nodes)
    links = len(window.chart.view.geometry.src)
    window.session.set_filter(GraphFilter(start="2026-01-01", end="2026-01-02"))
    assert window.failures == []
    assert len(window.chart.view.geometry.src) < links, "a two-day window leaves fewer links"
    assert len(window.chart.view.nodes) <= everything


def test_a_route_cluster_picked_on_the_map_marks_its_facilitators_and_its_corridor(window, qtbot):
    window.analysis._on_run_clicked()
    window.map.refresh()
    clusters = window.map.shown_clusters
    assert len(clusters) >= 4
    with qtbot.waitSignal(window.session.highlight_requested) as marked:
        window.map.clusters.view.selectRow(1)
    wanted = set(clusters[1].get("facilitator_ids") or marked.args[0])
    assert wanted and set(marked.args[0]) == wanted
    view = window.chart.view
    assert {e for e in view.nodes if view.geometry.highlighted[view.nodes.index(e)]} == wanted
    assert window.map.view.picked == ("corridor", int(clusters[1]["id"])), "the corridor stands out"
    assert window.map.view.highlighted == wanted, "and its facilitators are marked on the map"
    assert window.map.clusters.view.currentIndex().row() == 1, "the picked row stays picked"


def test_every_actor_on_the_chart_gets_the_colour_of_its_community(window):
    """Colours come from every community's full membership, not from a listing of its members."""
    window.chart.size.setValue(2000)
    window.analysis._on_run_clicked()
    assert window.failures == []
    membership = window.session.analysis.membership
    nodes, colours, _ = shown(window)
    uncoloured = [n for n, c in zip(nodes, colours.tolist(), strict=True) if n in membership and c < 0]
    assert len(nodes) > 1000 and uncoloured == []
    by_community = {}
    for n, c in zip(nodes, colours.tolist(), strict=True):
        by_community.setdefault(membership[n], set()).add(c)
    assert all(len(seen) == 1 for seen in by_community.values()), "one colour per community"
