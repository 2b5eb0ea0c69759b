"""The review of extracted facts in the window: opened from the Analysis menu, it lists the
pending facts of an imported chat, and accepting one turns it into a mention on the chart."""

from __future__ import annotations

from pathlib import Path

from app.importers.pipeline import import_file

DATA = Path(__file__).resolve().parents[1] / "data"


def _window_with_chat(make_window, tmp_path):
    from app.graph.store import CaseStore

    case = tmp_path / "case.ariadne"
    with CaseStore.create(case, region="LY") as store:
        import_file(store, DATA / "wa_android_en_12h.txt")
    w = make_window()
    w.open_case(str(case))
    return w


def _action(window, text):
    return next(
        a
        for a in window.findChildren(type(window.menuBar().actions()[0]))
        if a.text().replace("&", "") == text
    )


def test_menu_opens_the_review_with_pending_facts(make_window, tmp_path, qtbot):
    w = _window_with_chat(make_window, tmp_path)
    _action(w, "Review extracted facts…").trigger()
    dialog = w.extracted
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    values = set(dialog.model.frame["value"])
    assert {"2,000 euros", "Zuwara", "0912345678", "Karim"} <= values
    assert dialog.summary.text() == f"{len(values)} facts"
    dialog.close()


def test_accepting_a_fact_creates_the_mention_and_leaves_the_pending_list(make_window, tmp_path, qtbot):
    w = _window_with_chat(make_window, tmp_path)
    _action(w, "Review extracted facts…").trigger()
    dialog = w.extracted
    frame = dialog.model.frame
    row = int(frame.index[frame["value"] == "0912345678"][0])
    dialog.table.selectRow(row)
    changed = []
    dialog.decided.connect(changed.append)
    dialog.accept_button.click()
    assert changed == [1] and w.failures == []
    assert "0912345678" not in set(dialog.model.frame["value"])
    mentions = w.session.store.conn.execute("SELECT COUNT(*) FROM links WHERE type='mentioned'").fetchone()[0]
    assert mentions == 1
    dialog.table.selectRow(0)
    rejected = dialog.model.frame["value"].iloc[0]
    dialog.reject_button.click()
    assert rejected not in set(dialog.model.frame["value"])
    assert w.session.store.extracted_counts()["rejected"] == 1
    dialog.close()


def test_pending_facts_counted_in_analyses_only_when_asked(make_window, tmp_path):
    w = _window_with_chat(make_window, tmp_path)
    _action(w, "Review extracted facts…").trigger()
    assert w.session.filter.include_extracted is False
    w.extracted.include.setChecked(True)
    assert w.session.filter.include_extracted is True
    w.extracted.close()
