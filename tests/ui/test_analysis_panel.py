"""The analysis panel as an analyst uses it on the demonstration case: the charts (degree
distribution, money flows, disruption curves) appear after a run, and a path between two
actors fills a table whose rows mark the path's actors on the link chart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt


@pytest.fixture
def window(demo_window):
    """As after Run analysis (the result computed once for the run: see conftest)."""
    demo_window.session.set_analysis(demo_window.demo_analysis())
    assert demo_window.failures == []
    return demo_window


def _axes(window, name):
    return window.analysis.charts.canvases[name].figure.axes[0]


def test_the_charts_show_degrees_money_flows_and_disruption_after_a_run(window):
    degree = _axes(window, "degree")
    assert len(degree.lines[0].get_xdata()) > 5 and degree.get_xscale() == "log"
    money = _axes(window, "money")
    assert len(money.patches) >= 3 and "countries" in money.get_title()
    disruption = _axes(window, "disruption")
    strategies = [line.get_label() for line in disruption.lines]
    assert "random (mean)" in strategies and len(strategies) >= 2
    assert all(len(line.get_xdata()) == 11 for line in disruption.lines)  # none to ten removed


def test_money_flows_can_be_drawn_between_communities_instead(window):
    combo = window.analysis.charts.money_group
    combo.setCurrentIndex(combo.findData("by_community"))
    assert "communities" in _axes(window, "money").get_title()
    flows = window.session.analysis.money["by_community"]
    assert len(_axes(window, "money").patches) == min(10, len(flows)) > 0


def test_the_charts_fill_their_page_at_1600_by_1000(window, qtbot):
    window.resize(1600, 1000)
    window.show()
    window.tabs.setCurrentWidget(window.analysis)
    window.analysis.tabs.setCurrentWidget(window.analysis.charts)
    canvases = window.analysis.charts.canvases
    qtbot.waitUntil(lambda: canvases["money"].width() > 500)
    assert min(c.width() for c in canvases.values()) > 300
    assert min(c.height() for c in canvases.values()) > 250


def test_a_path_between_two_actors_fills_the_table_and_marks_them_on_the_chart(window, qtbot):
    hubs = window.session.analysis.ranked_hubs()
    paths = window.analysis.paths
    start, end = hubs[0], hubs[3]
    qtbot.keyClicks(paths.ends["from"], start["label"][:4])  # completion offers the hub by name
    offered = paths.completions.stringList()
    assert f"{start['label']} (#{start['id']})" in offered
    paths.ends["from"].setText(f"{start['label']} (#{start['id']})")
    window.session.select(int(end["id"]))  # picked on the chart
    to_pick = [b for b in paths.findChildren(type(paths.search)) if b.text() == "Selected actor"][1]
    qtbot.mouseClick(to_pick, Qt.MouseButton.LeftButton)
    assert paths.ends["to"].text().endswith(f"(#{end['id']})")
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert window.failures == []
    frame = paths.table.model.frame
    assert len(frame) >= 1
    assert start["label"] in frame.at[0, "through"] and end["label"] in frame.at[0, "through"]
    assert start["label"] in paths.status.text() and end["label"] in paths.status.text()
    paths.table.view.selectRow(0)
    hops = paths.hops.model.frame  # each hop with its kind of link, count, dates and grading
    assert len(hops) == paths.paths[0]["length"]
    assert hops.at[0, "from"] == start["label"] and hops.at[len(hops) - 1, "to"] == end["label"]
    assert hops["grading"].str.match(r"^[A-F][1-6]$").all() and (hops["count"] > 0).all()
    view = window.chart.view
    actors = paths.paths[0]["actors"]
    assert view.path() == [int(a) for a in actors], "the path is drawn hop by hop, in order"
    assert {int(start["id"]), int(end["id"])} <= set(actors)


def test_a_path_to_an_actor_off_the_chart_brings_it_onto_the_chart(window, qtbot):
    window.chart.size.setValue(10)
    window.chart.redraw()
    hubs = window.session.analysis.ranked_hubs()
    outside = next(h for h in hubs if int(h["id"]) not in window.chart.view.nodes)
    paths = window.analysis.paths
    paths.ends["from"].setText(window.session.analysis.ranked_hubs()[0]["id"])
    paths.ends["to"].setText(outside["id"])
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert len(paths.table.model.frame) >= 1
    paths.table.view.selectRow(0)
    assert int(outside["id"]) in window.chart.view.nodes
    assert int(outside["id"]) in window.chart.view.path()


def test_paths_say_why_when_they_cannot_search(window, qtbot):
    paths = window.analysis.paths
    paths.ends["from"].setText("nobody by this name")
    paths.ends["to"].setText(window.session.analysis.ranked_hubs()[0]["id"])
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert "no entity matches" in paths.status.text() and len(paths.table.model.frame) == 0
    for box in paths.layers.values():
        box.setChecked(False)
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert "at least one kind of link" in paths.status.text()


def test_paths_follow_the_analysis_filter_and_name_phones_by_their_users(window, qtbot):
    from app.graph.networks import GraphFilter
    from app.model import Grading

    hubs = window.session.analysis.ranked_hubs()
    paths = window.analysis.paths
    paths.ends["from"].setText(hubs[0]["id"])
    paths.ends["to"].setText(hubs[1]["id"])
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert len(paths.table.model.frame) >= 1
    assert all(step["name"] for p in paths.paths for step in p["nodes"]) and paths.paths[0]["actors"]
    window.session.set_filter(GraphFilter(min_grading=Grading("A", 1)))  # no source is graded A1
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert len(paths.table.model.frame) == 0 and "No path" in paths.status.text()


def test_only_the_ticked_kinds_of_link_are_followed(window, qtbot):
    hubs = window.session.analysis.ranked_hubs()
    paths = window.analysis.paths
    paths.ends["from"].setText(hubs[0]["id"])
    paths.ends["to"].setText(hubs[3]["id"])
    for layer, box in paths.layers.items():
        box.setChecked(layer == "travel")
    qtbot.mouseClick(paths.search, Qt.MouseButton.LeftButton)
    assert len(paths.table.model.frame) == 0 and "No path" in paths.status.text()


def test_disruption_is_simulated_again_with_the_chosen_ranking_and_number_removed(window, qtbot):
    panel = window.analysis
    panel.removals.setValue(15)
    panel.strategy.setCurrentIndex(panel.strategy.findData("hubs"))
    qtbot.mouseClick(panel.simulate, Qt.MouseButton.LeftButton)
    assert window.failures == []
    table = panel.tables["disruption"].model.frame
    assert list(table["strategy"]) == ["hub score", "random (mean)"]
    assert list(table["removed"]) == [15, 15]
    lines = _axes(window, "disruption").lines
    assert [line.get_label() for line in lines] == ["hub score", "random (mean)"]
    assert all(len(line.get_xdata()) == 16 for line in lines)
    assert window.session.analysis.disruption["curves"].keys() == {"hub score", "random (mean)"}


def test_key_players_are_chosen_on_the_operation_when_the_disruption_is_simulated(window, qtbot):
    panel = window.analysis
    panel.removals.setValue(5)
    panel.strategy.setCurrentIndex(panel.strategy.findData("all"))
    qtbot.mouseClick(panel.simulate, Qt.MouseButton.LeftButton)
    assert window.failures == []
    outcome = window.session.analysis.disruption
    assert list(panel.tables["disruption"].model.frame["strategy"]) == [
        "hub score",
        "broker score",
        "key players",
        "random (mean)",
    ]
    assert len(outcome["removed"]["key players"]) == 5
    final = {row[0]: row for row in outcome["table"]}
    share = outcome["columns"].index("largest component share")
    assert final["key players"][share] < final["random (mean)"][share], "arresting key players breaks it more"
    assert "operation" in _axes(window, "disruption").get_title()
