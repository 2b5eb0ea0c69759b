"""A link chart kept in the case, as the analyst uses it: arrange the actors (drag, pin, hide),
save the chart, close the case, open it again and find the same actors in the same places,
pinned and hidden as before; a chart saved before a merge shows the actor the merge kept; Open
chart lists the charts saved in the case."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QInputDialog

from app.importers.base import ImportOptions
from app.ui.chart_saved import resolve_actors


@pytest.fixture
def window(qtbot, tmp_path, make_window):
    """A case of sixteen phones calling each other, imported as an analyst would, and drawn."""
    w = make_window()
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.tabs.setCurrentWidget(w.chart)
    w.session.create(tmp_path / "saved.ariadne", region="LY", title="saved")
    calls = tmp_path / "calls.csv"
    rows = [
        f"09100000{a},09100000{b},2026-03-0{1 + a % 5} 10:00:00,30" for a in range(10, 16) for b in range(a)
    ]
    calls.write_text("caller,callee,start,duration\n" + "\n".join(rows[:40]) + "\n", encoding="utf-8")
    w.start_import([str(calls)], ImportOptions())
    w.chart.redraw()
    assert w.failures == [] and len(w.chart.view.nodes) > 6
    yield w
    w.close()


def on_screen(view, entity: int) -> QPoint:
    return view.mapFromScene(view.scene_position(entity))


def click(qtbot, view, entity: int) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(view, entity))


def save_as(window, monkeypatch, name: str) -> None:
    asked = []

    def answer(parent, title, label, *args, text="", **kwargs):
        asked.append(text)
        return name, True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    window.chart.save.click()
    assert window.failures == []
    return asked


def reopen(window) -> None:
    path = str(window.session.path)
    window.session.close()
    window.open_case(path)
    assert window.failures == []


def test_a_saved_chart_reopens_with_the_same_actors_places_pins_and_hidden(window, qtbot, monkeypatch):
    panel, view = window.chart, window.chart.view
    panel.layout_kind.setCurrentIndex(panel.layout_kind.findData("circular"))
    qtbot.waitUntil(lambda: not view.animating(), timeout=5000)
    moved, pinned, hidden = list(view.nodes)[:3]
    start, dragged_from = on_screen(view, moved), view.positions()[moved]
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(60, 40))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    click(qtbot, view, pinned)
    qtbot.keyClick(view, Qt.Key.Key_P)
    click(qtbot, view, hidden)
    qtbot.keyClick(view, Qt.Key.Key_H)
    before = view.positions()
    assert before[moved] != pytest.approx(dragged_from), "the drag moved the actor"
    assert save_as(window, monkeypatch, "main") == ["main"], "the name offered is main"

    reopen(window)

    view = window.chart.view
    assert set(view.nodes) == set(before)
    after = view.positions()
    for actor in before:
        assert after[actor] == pytest.approx(before[actor]), "every actor where it was left"
    assert view.is_pinned(pinned) and not view.is_pinned(moved)
    assert view.is_hidden(hidden) and not view.is_hidden(pinned)
    assert panel.layout_kind.currentData() == "circular"
    assert "Saved chart “main”" in panel.info.text()
    qtbot.wait(50)
    window.grab().save("/tmp/shots/chart_saved_reopened.png")


def test_without_a_saved_chart_a_reopened_case_gets_a_fresh_layout(window):
    reopen(window)
    assert len(window.chart.view.nodes) > 6
    assert "Saved chart" not in window.chart.info.text()


def test_a_chart_saved_before_a_merge_shows_the_actor_the_merge_kept(window, qtbot, monkeypatch):
    panel, view = window.chart, window.chart.view
    panel.size.setValue(10)
    panel.redraw()
    shown = list(view.nodes)
    assert len(shown) == 10
    absorbed = shown[0]
    place = view.positions()[absorbed]
    click(qtbot, view, absorbed)
    qtbot.keyClick(view, Qt.Key.Key_P)
    save_as(window, monkeypatch, "main")
    store = window.session.store
    off_chart = next(
        int(e)
        for (e,) in store._query("SELECT DISTINCT canonical FROM entities WHERE type='phone'")
        if int(e) not in shown
    )
    with window.session.worker_store() as worker:
        worker.merge(off_chart, absorbed, evidence="same handset")

    reopen(window)

    view = window.chart.view
    assert absorbed not in view.nodes and off_chart in view.nodes
    assert view.positions()[off_chart] == pytest.approx(place), "the kept actor takes the saved place"
    assert view.is_pinned(off_chart)
    assert len(view.nodes) == 10


def test_open_chart_lists_the_saved_charts_and_shows_the_one_picked(window, qtbot, monkeypatch):
    view = window.chart.view
    first = view.positions()
    save_as(window, monkeypatch, "main")
    window.chart.layout_kind.setCurrentIndex(window.chart.layout_kind.findData("circular"))
    qtbot.waitUntil(lambda: not view.animating(), timeout=5000)
    save_as(window, monkeypatch, "border crossing")
    listed = []

    def pick(parent, title, label, items, *args, **kwargs):
        listed.extend(items)
        return next(i for i in items if i.startswith("main")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    window.chart.open.click()
    assert [item.split(" — ")[0] for item in listed] == ["border crossing", "main"]
    assert all("saved 20" in item for item in listed), "each with the date it was saved"
    again = window.chart.view.positions()
    assert again.keys() == first.keys()
    assert all(again[a] == pytest.approx(first[a]) for a in first), "the layout saved as main, not the circle"
    assert "Saved chart “main”" in window.chart.info.text()


def test_saved_actors_map_onto_the_case_as_it_is_now():
    canonical = {1: 1, 2: 1, 3: 3, 5: 5}  # 2 merged into 1; 4 gone from the case
    actors = [{"id": i, "x": float(i), "y": 0.0, "pinned": i == 2} for i in (2, 1, 3, 4, 5)]
    resolved = resolve_actors(actors, canonical.__getitem__, {1, 2, 3})
    assert [(a["id"], a["x"], a["pinned"]) for a in resolved] == [(1, 1.0, False), (3, 3.0, False)]


def test_running_the_analysis_recolours_a_saved_chart_and_keeps_its_places(window, qtbot, monkeypatch):
    view = window.chart.view
    start = on_screen(view, next(iter(view.nodes)))
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(-50, 70))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(-50, 70))
    save_as(window, monkeypatch, "main")
    reopen(window)
    before, sizes = window.chart.view.positions(), window.chart.view.geometry.size.copy()
    window.analysis._on_run_clicked()
    assert window.failures == []
    after = window.chart.view.positions()
    assert after.keys() == before.keys()
    assert all(after[a] == pytest.approx(before[a]) for a in before), "the saved places, not a new layout"
    assert (window.chart.view.geometry.size != sizes).any(), "actors sized by their hub score"
    assert "Saved chart “main”" in window.chart.info.text()
