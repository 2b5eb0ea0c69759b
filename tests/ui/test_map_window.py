"""Moving the time window on the map (issue 18), on the analysed demonstration case: what the
map draws for a window is what a fresh read of that window from the case gives, and the
picture kept from one frame to the next (the basemap and corridors) is the one drawn anew."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QToolTip


@pytest.fixture
def window(demo_window, qtbot):
    w = demo_window
    w.session.set_analysis(w.demo_analysis())
    w.resize(1300, 850)
    w.show()
    w.tabs.setCurrentWidget(w.map)
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: w.map.view.data is not None and bool(w.map.view.shown.clusters))
    return w


def fresh_read(window, start: str | None, end: str | None) -> dict:
    """The window read straight from the case: the legs that start in it (between places with
    coordinates), their journeys, and every leg of those journeys as the map's lines (place
    pair and route cluster, with how many legs take each)."""
    store = window.session.store
    placed = set(store.places_frame().dropna(subset=["lat", "lon"])["id"].astype(int))
    sql = """SELECT g.id, g.journey, fr.canonical, tt.canonical, g.start FROM legs g
             JOIN entities fr ON fr.id = g.from_id JOIN entities tt ON tt.id = g.to_id"""
    legs = [r for r in store._query(sql) if r[2] in placed and r[3] in placed]
    if start or end:
        where = " WHERE g.start IS NOT NULL AND g.start != '' AND g.start >= ? AND g.start <= ?"
        ids = {r[0] for r in store._query(sql + where, (start or "", end or "\uffff"))}
        inside = [r for r in legs if r[0] in ids]
    else:
        inside = legs
    journeys = {str(r[1]) for r in inside}
    cluster = {str(j): c["id"] for c in window.session.analysis.route_clusters for j in c["journey_ids"]}
    lines = Counter(
        (frozenset((a, b)), cluster.get(str(j), -1)) for _id, j, a, b, _start in legs if str(j) in journeys
    )
    ends = Counter(p for r in inside for p in (r[2], r[3]))
    return {"legs": {r[0] for r in inside}, "journeys": journeys, "lines": lines, "places": ends}


def drawn(view) -> dict:
    """What the map shows for its window, in the same terms."""
    ids = view.scene_data.place_ids
    a, b, cluster, n = view._segments
    lines = Counter(
        {
            (frozenset((int(ids[i]), int(ids[k]))), int(c)): int(m)
            for i, k, c, m in zip(a.tolist(), b.tolist(), cluster.tolist(), n.tolist(), strict=True)
        }
    )
    places = view.shown.places
    return {
        "legs": set(view.data.legs["id"].iloc[view.shown.leg_rows].astype(int)),
        "journeys": set(view.shown.journeys),
        "lines": lines,
        "places": Counter(dict(zip(places["id"].astype(int), places["legs"].astype(int), strict=True))),
    }


def test_moving_the_window_shows_what_a_fresh_read_of_it_gives(window):
    view, bar = window.map.view, window.map.time
    top = bar.slider.maximum
    assert top > 60, "the demonstration case spans months"
    seen = []
    for low in range(0, top - 30, max(1, (top - 30) // 6)):  # dragging the window, a step at a time
        bar.slider.set_range(low, low + 30)
        start, end = window.session.window
        assert (start, end) == (bar.day(low).isoformat(), bar.day(low + 30).isoformat() + "T23:59:59")
        expected, shown = fresh_read(window, start, end), drawn(view)
        assert shown == expected, (start, end)
        assert window.map.info.text().startswith(f"{len(expected['journeys'])} ")
        seen.append(len(expected["legs"]))
    bar.all.click()
    assert drawn(view) == fresh_read(window, None, None)
    assert len(set(seen)) > 2 and min(seen) < max(seen), seen  # windows that differ, so it can fail
    # the actor under the pointer is named with the places of the window's evidence
    view.viewport().repaint()
    k = int(view._drawn_actors().nonzero()[0][-1])  # one of those drawn at the current zoom
    point = view.actor_point(int(view.shown.actors["id"].iat[k]))
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        point,
        view.viewport().mapToGlobal(point),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view._show_tip(move)
    names = dict(zip(view.scene_data.place_ids.tolist(), view.scene_data.place_labels, strict=True))
    where = [names[p] for p in view.shown.places_of(k)[:5]]
    label, role = view.shown.actors["label"].iat[k], view.shown.actors["role"].iat[k]
    assert QToolTip.text().splitlines() == [f"{label} ({role})" if role else label, " · ".join(where)]


def drawn_anew(view):
    """The view drawn as a pan or a zoom draws it (the case in Qt's background cache), then
    put back as the moving window left it (the cache holding the basemap and corridors)."""
    on_top = view.case_on_top
    view.case_on_top = False
    view.refresh()
    image = view.grab().toImage()
    view.case_on_top = on_top
    view.refresh()
    view.viewport().repaint()
    return image


def test_the_map_drawn_while_the_window_moves_is_the_one_drawn_anew(window):
    view, bar = window.map.view, window.map.time
    top = bar.slider.maximum
    under = []
    paint_under = view._paint_under
    view._paint_under = lambda painter, rect: (under.append(rect), paint_under(painter, rect))
    corridors, drawn_under = [], 0
    for low in range(0, top - 20, max(1, (top - 20) // 8)):  # dragging the window
        before = len(under)
        bar.slider.set_range(low, low + 20)
        assert view.case_on_top
        moving = view.grab().toImage()
        drawn_under += len(under) - before
        corridors.append(frozenset(view.shown.clusters))
        assert moving == drawn_anew(view), window.session.window
    changes = sum(a != b for a, b in zip(corridors, corridors[1:], strict=False))
    assert changes > 0, "windows with different corridors, so a stale cache would show"
    assert drawn_under <= 1 + changes < len(corridors), "the basemap and corridors stayed in the cache"
    cluster = sorted(view.shown.clusters)[0]
    assert view.pick_at(view.corridor_point(cluster)) == ("corridor", cluster)  # drawn wider
    assert view.grab().toImage() == drawn_anew(view)
    view.highlight([int(view.shown.actors["id"].iat[0])])
    bar.slider.set_range(0, top // 2)
    assert view.grab().toImage() == drawn_anew(view)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 40)  # a pan
    assert not view.case_on_top
    panned = view.grab().toImage()
    assert panned == drawn_anew(view)
    bar.slider.set_range(5, top // 2)
    view.zoom_by(1.25)
    assert not view.case_on_top
