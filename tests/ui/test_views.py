"""What an analyst sees on the demonstration case: the window fits a laptop screen, the docks
show one tab bar each, the map fills its panel, tables say what their numbers are and lead to
the right actor."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QTabBar


@pytest.fixture
def window(demo_window):
    return demo_window


def _analysed(window):
    """The window as after Run analysis, with the result computed once for the run."""
    window.session.set_analysis(window.demo_analysis())
    assert window.failures == []
    return window.session.analysis


def test_the_main_window_fits_a_laptop_screen_with_the_demo_case_analysed(window):
    _analysed(window)
    window.timeline.refresh()
    assert window.minimumSizeHint().width() <= 1366


def test_each_group_of_docks_shows_one_tab_bar(window, qtbot):
    window.resize(1600, 1000)
    window.show()
    qtbot.waitUntil(lambda: window._docks_arranged)
    qtbot.wait(20)
    bars = [b for b in window.findChildren(QTabBar) if b.parent() is window and b.isVisible()]
    groups = sorted(tuple(b.tabText(i) for i in range(b.count())) for b in bars)
    assert groups == [("Case", "Entities"), ("Details", "Resolution")]


def test_the_map_fills_its_panel_after_the_tab_is_shown(window, qtbot):
    window.resize(1600, 1000)
    window.show()
    window.tabs.setCurrentWidget(window.map)
    view = window.map.view
    qtbot.waitUntil(lambda: view.width() > 400 and view.data is not None)
    assert view.width() * view.height() > 0.5 * window.map.width() * window.map.height()
    assert view.fitted_shown, "fitted to the journeys once the tab had its real size"
    journeys = view.scene_data.place_xy[np.unique(np.concatenate(view._segments[:2]))]
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert all(seen.contains(QPointF(*xy)) for xy in journeys.tolist()), "every journey's place in view"


def test_route_clusters_and_money_say_their_currency_and_lead_to_the_right_actor(window, qtbot):
    analysis = _analysed(window)
    routes = window.analysis.tables["route_clusters"]
    assert "price range (EUR)" in list(routes.model.frame.columns)
    with qtbot.assertNotEmitted(routes.entity_activated):
        routes.view.selectRow(1)  # cluster 1 is not entity #1
    money = window.analysis.tables["money"]
    assert "amount (EUR)" in list(money.model.frame.columns)
    with qtbot.waitSignal(window.session.selection_changed) as picked:
        money.view.selectRow(0)
    assert picked.args == [window.session.store.canonical(int(analysis.money["flows"][0]["from_id"]))]


def test_a_merged_actor_lists_each_linked_entity_once_with_its_grading(window):
    store = window.session.store
    merged = next(
        e for e in store._query("SELECT canonical FROM entities GROUP BY canonical HAVING COUNT(*) > 2")
    )
    window.session.select(int(merged[0]))
    details = window.details.widget()
    links = details.links.model.frame
    assert not links.duplicated(["id", "direction", "type"]).any()
    evidence = details.evidence.model.frame
    assert "grading" in evidence.columns and {"reliability", "credibility"}.isdisjoint(evidence.columns)


def test_a_cut_off_cell_shows_its_whole_text_on_hover(window):
    _analysed(window)
    table = window.analysis.tables["route_clusters"]
    column = list(table.model.frame.columns).index("facilitators")
    text = table.model.frame.at[0, "facilitators"]
    index = table.proxy.index(0, column)
    assert len(text) > 30 and index.data(Qt.ItemDataRole.ToolTipRole) == text


def test_opening_another_case_shows_nothing_of_the_one_before(window, tmp_path):
    hub = int(_analysed(window).ranked_hubs()[0]["id"])
    window.session.select(hub)
    details = window.details.widget()
    assert len(details.identifiers.model.frame) > 0 and details.header.toPlainText()
    window.session.create(tmp_path / "other.ariadne", region="LY", title="other")
    assert window.session.selected is None
    assert details.header.toPlainText() == "" and len(details.identifiers.model.frame) == 0
    assert details.empty.isVisibleTo(details)


def test_opening_a_case_fills_the_docks_from_the_background(qtbot, tmp_path, demo_case):
    import shutil

    from app.ui.main_window import MainWindow
    from app.ui.session import Session
    from app.ui.tasks import TaskRunner

    window = MainWindow(Session(), TaskRunner())  # real worker threads
    qtbot.addWidget(window)
    case = tmp_path / "case.ariadne"
    shutil.copy(demo_case, case)
    window.open_case(str(case))
    overview, entities = window.overview.widget(), window.entities.widget()
    qtbot.waitUntil(lambda: len(entities.table.model.frame) > 1000, timeout=20_000)
    from app.graph.store import CaseStore

    with CaseStore.open(str(case)) as store:
        count = len(store.sources())
    assert count > 20
    qtbot.waitUntil(lambda: f"{count} sources" in overview.summary.text(), timeout=20_000)
    assert len(overview.sources.model.frame) == count
    qtbot.waitUntil(lambda: len(window.resolution.widget().merges.model.frame) > 0, timeout=20_000)
    qtbot.waitUntil(lambda: not window.runner.busy(), timeout=60_000)
    window.close()
