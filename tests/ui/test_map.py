"""The map and the per-actor timeline in the real window, on a tiny hand-built case: picking
on the map marks the chart and back, the wheel zooms, the shared time slider filters the map,
and the timeline gives each selected actor a row with its events."""

from __future__ import annotations

import pytest
from mapcase import build_map_case
from PySide6.QtCore import QPoint, QPointF, Qt

from app.analysis import analyze_case
from app.graph.store import CaseStore
from app.ui.event_chart import AXIS


@pytest.fixture(scope="module")
def map_case(tmp_path_factory):
    path = tmp_path_factory.mktemp("map") / "map.ariadne"
    ids = build_map_case(path)
    with CaseStore.open(path) as store:
        analysis = analyze_case(store, top=25, seed=7)
    return path, ids, analysis


@pytest.fixture
def window(make_window, map_case, tmp_path, qtbot):
    import shutil

    path, ids, analysis = map_case
    case = tmp_path / "case.ariadne"
    shutil.copy(path, case)
    w = make_window()
    w.resize(1300, 850)
    w.show()
    w.open_case(str(case))
    w.session.set_analysis(analysis)
    w.ids = ids
    w.tabs.setCurrentWidget(w.map)
    qtbot.waitExposed(w)
    w.map.view.fit_to_journeys()
    w.map.view.viewport().repaint()
    yield w
    w.close()


def click(qtbot, view, point: QPointF) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point.toPoint())


def test_picking_an_actor_on_the_map_marks_it_on_the_chart(window, qtbot):
    omar = window.ids["omar"]
    click(qtbot, window.map.view, window.map.view.actor_point(omar))
    assert window.session.selected == omar
    view = window.chart.view
    assert omar in view.nodes
    assert view.geometry.highlighted[view.nodes.index(omar)]
    assert window.map.view.picked == ("actor", omar)


def test_picking_a_corridor_marks_its_facilitators_on_the_chart(window, qtbot):
    ids = window.ids
    click(qtbot, window.map.view, window.map.view.corridor_point(0))
    assert window.map.view.picked == ("corridor", 0)
    view = window.chart.view
    marked = {e for e in view.nodes if view.geometry.highlighted[view.nodes.index(e)]}
    assert marked == {ids["omar"], ids["ali"]}
    assert window.map.clusters.current_row() == 0  # the table follows the map


def test_clicking_the_corridor_again_goes_through_its_journeys(window, qtbot):
    point = window.map.view.corridor_point(0)
    click(qtbot, window.map.view, point)
    click(qtbot, window.map.view, point)
    kind, first = window.map.view.picked
    assert kind == "journey"
    click(qtbot, window.map.view, point)
    assert window.map.view.picked[0] == "journey" and window.map.view.picked[1] != first


def test_selecting_on_the_chart_marks_the_actors_on_the_map(window):
    ids = window.ids
    chart = window.chart.view
    chart._select([chart.nodes.index(ids["omar"]), chart.nodes.index(ids["ali"])])
    assert window.session.selected_actors == [ids["omar"], ids["ali"]] or set(
        window.session.selected_actors
    ) == {ids["omar"], ids["ali"]}
    assert window.map.view.highlighted == {ids["omar"], ids["ali"]}
    chart._select([chart.nodes.index(ids["salem"])])
    assert window.map.view.highlighted == {ids["salem"]}


def test_the_wheel_zooms_and_dragging_pans(window, qtbot):
    view = window.map.view
    before = view.transform().m11()
    centre = view.viewport().rect().center()
    qtbot.wait(1)
    view.zoom_by(1.25**2)  # what two wheel steps do
    assert view.transform().m11() == pytest.approx(before * 1.5625)
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(
        QPointF(centre),
        QPointF(view.viewport().mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    view.wheelEvent(event)
    assert view.transform().m11() == pytest.approx(before * 1.25)
    assert view.zooming  # the quieter legs wait until the zoom rests
    qtbot.waitUntil(lambda: not view.zooming, timeout=2000)
    seen = view.mapToScene(centre)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view.viewport(), centre + QPoint(60, 0))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(60, 0))
    assert view.mapToScene(centre).x() < seen.x()  # the map moved right under a fixed point


def test_the_time_slider_filters_the_map_and_moves_the_timeline(window, qtbot):
    view, bar = window.map.view, window.map.time
    assert view.shown.journeys == {"J1", "J2"}
    first = bar.first
    # the slider's days run from the case's first date (the transfer, 2 March) to its last
    bar.slider.set_range(0, (bar.first.replace(month=3, day=31) - first).days)
    assert window.session.window == ("2026-03-02", "2026-03-31T23:59:59")
    assert view.shown.journeys == {"J1"}
    assert set(view.shown.actors["id"]) == {window.ids["omar"], window.ids["ali"]}
    assert window.timeline.time.slider.high == bar.slider.high  # the other bar follows
    assert window.timeline.use_window.isChecked()
    assert window.timeline.end.date().toString("yyyy-MM-dd") == "2026-03-31"
    qtbot.waitUntil(lambda: window.timeline._span is not None)  # shaded on the weekly overview
    bar.all.click()
    assert view.shown.journeys == {"J1", "J2"} and window.session.window == (None, None)


def test_the_timeline_shows_a_row_per_selected_actor(window):
    ids = window.ids
    window.tabs.setCurrentWidget(window.timeline)
    window.session.select_actors([ids["salem"], ids["omar"]])
    events = window.timeline.events
    assert [r for r, _label in events.rows] == [ids["salem"], ids["omar"]]
    assert events.marks_per_row() == {ids["salem"]: 5, ids["omar"]: 6}
    window.timeline.between.setChecked(True)  # the pair: the call to Ali and the legs go
    assert window.timeline.events.marks_per_row() == {ids["salem"]: 4, ids["omar"]: 4}
    window.timeline.between.setChecked(False)
    window.timeline.rows_by.setCurrentIndex(1)  # a row per phone
    assert [r for r, _label in events.rows] == [ids["salem"], ids["P1"], ids["P2"], ids["omar"], ids["P3"]]


def test_the_timeline_zooms_and_pans_in_time(window):
    window.tabs.setCurrentWidget(window.timeline)
    window.session.select_actors([window.ids["omar"]])
    events = window.timeline.events
    t0, t1 = events.t0, events.t1
    events.zoom_by(0.5)
    assert events.t1 - events.t0 == pytest.approx((t1 - t0) / 2)
    start = events.t0
    events.pan_by(100)
    assert events.t0 < start
    k = events.event_at(QPointF(float(events._x(events._t[0])), float(events.height())))
    assert k is None  # below the rows: nothing


def test_rows_selected_in_the_entities_table_feed_the_timeline_and_the_map(window):
    ids = window.ids
    table = window.entities.widget().table
    view, proxy, model = table.view, table.proxy, table.model
    wanted = {ids["salem"], ids["ali"]}
    rows = [r for r in range(model.rowCount()) if model.entity_at(r) in wanted]
    assert len(rows) == 2
    selection = view.selectionModel()
    for r in rows:
        index = proxy.mapFromSource(model.index(r, 0))
        selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert set(window.session.selected_actors) == wanted
    assert {r for r, _label in window.timeline.events.rows} == wanted
    assert window.map.view.highlighted == wanted


def test_closing_the_case_empties_the_map_and_the_timeline(window):
    window.session.select_actors([window.ids["omar"]])
    assert window.timeline.events.rows
    window.session.close()
    assert window.map.view.data is None and not window.map.shown_clusters
    assert window.timeline.events.rows == []


def test_migrants_are_on_the_map_only_when_asked_for(window):
    amina = window.ids["amina"]
    assert amina not in set(window.map.view.shown.actors["id"])
    window.map.migrants.setChecked(True)
    assert amina in set(window.map.view.shown.actors["id"])


def test_a_large_selection_gives_rows_to_the_first_actors_only(window, monkeypatch):
    import app.ui.panels.timeline as timeline

    monkeypatch.setattr(timeline, "MAX_ROWS", 2)
    ids = window.ids
    window.session.select_actors([ids["salem"], ids["omar"], ids["ali"]])
    assert [r for r, _label in window.timeline.events.rows] == [ids["salem"], ids["omar"]]
    assert "(1 more" in window.timeline.rows_info.text()


def test_place_and_marked_actor_names_are_not_overprinted(window):
    from app.labels import overlaps

    view = window.map.view
    window.session.select_actors([window.ids["omar"], window.ids["ali"]])
    view.viewport().repaint()
    assert {"Agadez", "Sebha", "Tripoli", "Omar Driver", "Ali Tripoli"} <= set(view.labelled)
    assert len(view.label_rects) == len(view.labelled) and overlaps(view.label_rects) == 0


def test_clicking_a_mark_on_the_timeline_marks_both_ends_on_the_chart(window, qtbot):
    ids = window.ids
    window.tabs.setCurrentWidget(window.timeline)
    window.session.select_actors([ids["salem"]])
    events = window.timeline.events
    events.resize(900, 300)
    transfer = int(events.events.index[events.events["kind"] == "transfer"][0])
    h = events._row_height()
    lane = events._lane(events.events["kind"].to_numpy(), h)[transfer]
    point = QPointF(float(events._x(events._t[transfer])), AXIS + lane * h)  # row 0, the transfer's lane
    assert events.event_at(point) == transfer
    with qtbot.waitSignal(window.session.highlight_requested) as marked:
        qtbot.mouseClick(events, Qt.MouseButton.LeftButton, pos=point.toPoint())
    assert marked.args[0] == [ids["salem"], ids["omar"]]  # Omar paid Salem
    view = window.chart.view
    assert {e for e in view.nodes if view.geometry.highlighted[view.nodes.index(e)]} == {
        ids["salem"],
        ids["omar"],
    }
