"""The link chart as the analyst uses it: click and rubber-band selection, dragging an actor,
hiding (H) and expanding (E), pinning, tooltips, links that follow their actors, and the
level of detail that switches between dots and named icons and between live links and the
links raster."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.ui.chart_geometry import ChartGeometry
from app.ui.chart_view import BACKGROUND, LinkChartView


@pytest.fixture
def chart(qtbot):
    """Four actors: Ali–Bashir and Ali–Chadi linked, Dawit alone; a 600×400 view."""
    view = LinkChartView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    g = nx.Graph()
    for n, (label, kind) in enumerate(
        [("Ali", "person"), ("Bashir", "phone"), ("Chadi", "person"), ("Dawit", "account")], start=1
    ):
        g.add_node(n, label=label, type=kind)
    g.add_edge(1, 2, weight=4, types="call", count=7)
    g.add_edge(1, 3, weight=1, types="transfer", count=1, amount=2500.0)
    positions = {1: (-0.5, 0.0), 2: (0.5, 0.0), 3: (-0.5, 0.6), 4: (0.5, -0.6)}
    view.show_graph(g, positions, communities={1: 0, 2: 0, 3: 1, 4: 2}, sizes={1: 1.0, 2: 0.5})
    return view


def snapshot(view: LinkChartView) -> QImage:
    image = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    view.render(painter, source=view.viewport().rect())
    painter.end()
    return image


def inked(view: LinkChartView, image: QImage, scene_point: QPointF) -> bool:
    """Is anything drawn at ``scene_point`` (within a pixel), or only the background?"""
    centre = view.mapFromScene(scene_point)
    background = QColor(BACKGROUND).rgb()
    return any(
        image.pixel(centre.x() + dx, centre.y() + dy) != background for dx in (-1, 0, 1) for dy in (-1, 0, 1)
    )


def midpoint(view: LinkChartView, a: int, b: int) -> QPointF:
    return (view.scene_position(a) + view.scene_position(b)) / 2


def on_screen(view: LinkChartView, entity: int) -> QPoint:
    return view.mapFromScene(view.scene_position(entity))


def test_a_click_selects_an_actor_and_ctrl_click_adds_another(chart, qtbot):
    with qtbot.waitSignal(chart.entity_selected) as blocker:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(chart, 2))
    assert blocker.args == [2] and chart.selected_entities() == [2]
    qtbot.mouseClick(
        chart.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, on_screen(chart, 4)
    )
    assert chart.selected_entities() == [2, 4]
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert chart.selected_entities() == []


def test_a_rubber_band_selects_the_actors_inside_it(chart, qtbot):
    ali, chadi = on_screen(chart, 1), on_screen(chart, 3)
    start = QPoint(ali.x() - 40, ali.y() - 30)
    end = QPoint(chadi.x() + 40, chadi.y() + 30)
    qtbot.mousePress(chart.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(chart.viewport(), start + (end - start) * step / 5)
    qtbot.mouseRelease(chart.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert sorted(chart.selected_entities()) == [1, 3]


def test_links_follow_an_actor_moved_by_a_layout(chart):
    before = midpoint(chart, 1, 2)
    assert inked(chart, snapshot(chart), before)
    chart.move_to({2: (0.5, 0.5)}, animate=False)
    image = snapshot(chart)
    assert chart.positions()[2] == pytest.approx((0.5, 0.5))
    assert inked(chart, image, midpoint(chart, 1, 2)), "the link is drawn to the new place"
    assert not inked(chart, image, before), "and no longer to the old one"


def test_dragging_an_actor_moves_it_and_its_links(chart, qtbot):
    start = on_screen(chart, 2)
    old_link = midpoint(chart, 1, 2)
    qtbot.mousePress(chart.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(chart.viewport(), start + QPoint(0, 40))
    qtbot.mouseMove(chart.viewport(), start + QPoint(0, 80))
    qtbot.mouseRelease(chart.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(0, 80))
    assert on_screen(chart, 2) == start + QPoint(0, 80)
    image = snapshot(chart)
    assert inked(chart, image, midpoint(chart, 1, 2)) and not inked(chart, image, old_link)


def test_hiding_an_actor_hides_its_links(chart, qtbot):
    link = midpoint(chart, 1, 3)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(chart, 3))
    qtbot.keyClick(chart, Qt.Key.Key_H)
    image = snapshot(chart)
    assert chart.is_hidden(3) and chart.selected_entities() == []
    assert not inked(chart, image, chart.scene_position(3)) and not inked(chart, image, link)
    assert inked(chart, image, midpoint(chart, 1, 2)), "the other link stays"
    assert chart.find("Chadi") == 0, "a hidden actor is not found"


def test_e_asks_to_expand_the_selection_and_pinned_actors_keep_their_place(chart, qtbot):
    chart.find("Bashir")
    with qtbot.waitSignal(chart.expand_requested) as blocker:
        qtbot.keyClick(chart, Qt.Key.Key_E)
    assert blocker.args == [[2]]
    chart.pin_selected()
    chart.move_to({1: (0.0, 0.0), 2: (0.9, 0.9)}, animate=False)
    assert chart.is_pinned(2) and chart.positions()[2] == pytest.approx((0.5, 0.0))
    assert chart.positions()[1] == pytest.approx((0.0, 0.0))


def test_tooltips_name_the_actor_or_the_link_under_the_pointer(chart):
    assert chart.tooltip_at(chart.scene_position(2)) == "Bashir (phone)"
    assert chart.tooltip_at(midpoint(chart, 1, 3)) == "transfer ×1, 2,500"
    assert chart.tooltip_at(QPointF(-5000, -5000)) == ""


def test_the_animated_layout_moves_the_links_too(chart, qtbot):
    chart.move_to({2: (0.5, 0.5)})
    qtbot.waitUntil(lambda: chart.positions()[2] == pytest.approx((0.5, 0.5)), timeout=3000)
    assert inked(chart, snapshot(chart), midpoint(chart, 1, 2))


def big_random_chart(qtbot, nodes=3000, links=12000) -> LinkChartView:
    rng = np.random.default_rng(3)
    g = nx.gnm_random_graph(nodes, links, seed=3)
    nx.set_node_attributes(g, {n: f"actor {n}" for n in g}, "label")
    view = LinkChartView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    qtbot.waitExposed(view)
    view.show_graph(g, {n: tuple(rng.uniform(-1, 1, 2)) for n in g}, communities={n: n % 5 for n in g})
    return view


def test_the_level_of_detail_switches_with_the_zoom(qtbot):
    view = big_random_chart(qtbot)
    snapshot(view)
    assert view.layer.last_frame["nodes"] == "dots", "thousands of actors in view: plain dots"
    assert view.layer.last_frame["links"] == "strongest only", "until the links raster arrives"
    with qtbot.waitSignal(view.links_rendered, timeout=20_000):
        pass
    snapshot(view)
    assert view.layer.last_frame["links"] == "raster"
    view.scale(1.2, 1.2)
    snapshot(view)
    assert view.layer.last_frame["links"] == "stand-in raster", "the old raster, scaled, while waiting"
    view.scale(2.5, 2.5)
    snapshot(view)
    assert view.layer.last_frame["links"] == "strongest only", "too coarse once scaled 3x: not shown"
    view.scale(8, 8)
    view.centerOn(view.scene_position(0))
    image = snapshot(view)
    frame = view.layer.last_frame
    assert frame["nodes"] == "detailed" and frame["nodes_in_view"] < 100
    assert frame["links"] == "live"
    assert inked(view, image, view.scene_position(0))
    view.runner.shutdown()


def test_the_links_raster_is_dropped_when_actors_move(qtbot):
    view = big_random_chart(qtbot)
    view.viewport().repaint()
    with qtbot.waitSignal(view.links_rendered, timeout=20_000):
        pass
    view.move_to({0: (0.0, 0.0)}, animate=False)
    snapshot(view)
    assert view.layer.last_frame["links"] == "strongest only", "a raster of the old positions is not shown"
    view.runner.shutdown()


def test_geometry_culls_and_hits_without_a_display():
    g = ChartGeometry(
        np.array([[0.0, 0.0], [100.0, 0.0], [1000.0, 1000.0]]),
        np.array([20.0, 20.0, 20.0]),
        np.zeros(3, np.int64),
        np.array([0, 1]),
        np.array([1, 2]),
        np.array([5.0, 1.0]),
    )
    assert list(g.nodes_in((-50, -50, 150, 50))) == [0, 1]
    assert list(g.links_in((40, -5, 60, 5))) == [0]
    assert g.node_at(105, 3) == 1 and g.node_at(50, 50) == -1
    assert g.link_at(50, 1, tolerance=2) == 0
    g.hidden[1] = True
    g.changed()
    assert list(g.links_in((-2000, -2000, 2000, 2000))) == [] and g.node_at(100, 0) == -1


def test_the_links_in_view_follow_actors_moved_after_the_boxes_were_kept():
    """links_in keeps each link's bounding box per version of the geometry: moving actors (and
    saying so, as every move on the chart does) is seen at once, and the answer is always the
    plain test's (links_meeting) on the current positions."""
    from app.ui.chart_geometry import links_meeting

    rng = np.random.default_rng(3)
    xy = rng.uniform(-100, 100, (60, 2))
    src, dst = rng.integers(0, 60, 200), rng.integers(0, 60, 200)
    g = ChartGeometry(xy, np.full(60, 4.0), np.zeros(60, np.int64), src, dst, np.ones(200))
    rect = (-10.0, -10.0, 10.0, 10.0)
    for _ in range(4):
        assert list(g.links_in(rect)) == list(links_meeting(g.xy, src, dst, rect))
        g.xy[rng.integers(0, 60, 10)] += rng.uniform(-50, 50, (10, 2))
        g.changed()
    g.xy[:] = 500.0  # every actor far away
    g.changed()
    assert list(g.links_in(rect)) == []


def test_the_legend_lists_the_types_shown_after_actors_are_hidden(chart):
    before = {value for what, value, _ in chart.legend_rows() if what == "icon"}
    kinds = chart.layer.kinds
    phones = [i for i, k in enumerate(kinds) if k == "phone"]
    assert "phone" in before and phones
    chart.geometry.hidden[phones] = True
    chart.geometry.changed()
    after = {value for what, value, _ in chart.legend_rows() if what == "icon"}
    assert after == before - {"phone"}


def test_p_pins_and_unpins_the_selection(chart, qtbot):
    chart.find("Ali")
    qtbot.keyClick(chart, Qt.Key.Key_P)
    assert chart.is_pinned(1)
    qtbot.keyClick(chart, Qt.Key.Key_P)
    assert not chart.is_pinned(1)


def test_a_new_layout_moves_the_shown_actors_and_leaves_pinned_ones(qtbot, tmp_path):
    from app.importers.base import ImportOptions
    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.tasks import TaskRunner

    window = MainWindow(Session(), TaskRunner(synchronous=True))
    qtbot.addWidget(window)
    window.session.create(tmp_path / "chart.ariadne", region="LY", title="chart")
    calls = tmp_path / "calls.csv"
    rows = [
        f"09100000{a},09100000{b},2026-03-0{1 + a % 5} 10:00:00,30" for a in range(10, 16) for b in range(a)
    ]
    calls.write_text("caller,callee,start,duration\n" + "\n".join(rows[:25]) + "\n", encoding="utf-8")
    window.start_import([str(calls)], ImportOptions())
    panel = window.chart
    panel.redraw()
    view = panel.view
    geometry, before = view.geometry, view.positions()
    pinned = next(iter(view.nodes))
    view.find(view.nodes[pinned].label)
    view.pin_selected()
    panel.layout_kind.setCurrentIndex(panel.layout_kind.findData("circular"))
    assert view.animating()
    qtbot.waitUntil(lambda: not view.animating(), timeout=5000)
    after = view.positions()
    assert view.geometry is geometry, "the same chart, its actors moved rather than redrawn"
    assert after[pinned] == pytest.approx(before[pinned])
    assert any(after[n] != pytest.approx(before[n]) for n in before if n != pinned)
    window.close()


def test_a_new_chart_replaces_the_old_one_scroll_area_and_all(qtbot, chart):
    far = nx.Graph()
    far.add_edge(10, 11)
    chart.show_graph(far, {10: (-40.0, 0.0), 11: (40.0, 0.0)})
    chart.show_graph(nx.path_graph([20, 21]), {20: (0.0, 0.0), 21: (0.1, 0.0)})
    assert chart.sceneRect().width() < 500, "the scroll area does not remember the earlier, wider chart"
    assert sorted(chart.nodes) == [20, 21] and chart.nodes[20].label == "20"


def test_a_new_chart_during_a_layout_animation_stops_it(chart, qtbot):
    chart.move_to({2: (0.9, 0.9)})
    assert chart.animating()
    chart.show_graph(nx.path_graph([7, 8, 9]), {7: (0, 0), 8: (0.5, 0), 9: (1, 0)})
    qtbot.wait(100)
    assert not chart.animating() and chart.positions()[8] == pytest.approx((0.5, 0.0))


def test_a_chart_built_in_a_small_view_is_fitted_again_when_it_grows_until_the_analyst_zooms(chart, qtbot):
    def spread() -> float:
        xs = [on_screen(chart, e).x() for e in (1, 2, 3, 4)]
        return max(xs) - min(xs)

    chart.resize(150, 100)  # as in a tab that was hidden while the chart was built
    chart.show_graph(nx.path_graph([1, 2, 3, 4]), {1: (-1, 0), 2: (0, 0), 3: (0.5, 0), 4: (1, 0)})
    small = spread()
    chart.resize(900, 600)
    qtbot.waitUntil(lambda: spread() > 4 * small)
    assert all(chart.viewport().rect().contains(on_screen(chart, e)) for e in (1, 2, 3, 4))
    chart.wheelEvent(_wheel(chart, up=True))
    zoomed = chart.zoom()
    chart.resize(700, 500)
    qtbot.wait(10)
    assert chart.zoom() == zoomed, "once the analyst has zoomed, a resize leaves the view alone"


def _wheel(view: LinkChartView, *, up: bool):
    from PySide6.QtGui import QWheelEvent

    centre = QPointF(view.viewport().rect().center())
    delta = QPoint(0, 120 if up else -120)
    return QWheelEvent(
        centre,
        QPointF(view.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        delta,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
