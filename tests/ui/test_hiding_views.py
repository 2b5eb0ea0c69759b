"""The review workbench (two sides, keyboard decisions, groups) and the tower-dump view, on
the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.graph.store import CaseStore
from app.importers.base import ImportOptions
from app.importers.pipeline import import_file
from app.ui.dialogs.towerdump_dialog import TowerDumpDialog

IMEI = "352099001761481"
STAFF = [f"+21895555555{k}" for k in range(8)]


def _case(tmp_path):
    rows = ["caller,callee,start,duration,imei"]
    rows += [f"+218911111111,{STAFF[d % 8]},2026-03-{d:02d} 10:00:00,60,{IMEI}" for d in range(1, 31)]
    rows += [f"+218922222222,{STAFF[d % 8]},2026-04-{d:02d} 10:00:00,60,{IMEI}" for d in range(1, 31)]
    rows += [f"+218933333333,{STAFF[d % 8]},2026-05-{d:02d} 10:00:00,60,{IMEI}" for d in range(1, 31)]
    (tmp_path / "cdr.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    dump = ["calling_number,called_number,timestamp,seconds,cell_id"]
    dump += [
        f"+2189200000{k:02d},+2189200000{k + 1:02d},2026-05-10 0{k % 10}:00:00,30,LY-ZUW-1" for k in range(12)
    ]
    dump += ["+218911111111,+218966666666,2026-05-10 23:00:00,30,LY-ZUW-1"]
    (tmp_path / "dump.csv").write_text("\n".join(dump) + "\n", encoding="utf-8")
    path = tmp_path / "case.ariadne"
    with CaseStore.create(path, region="LY") as case:
        import_file(case, tmp_path / "cdr.csv", ImportOptions(kind="calls"))
        import_file(case, tmp_path / "dump.csv", ImportOptions())
    return path


def test_review_workbench_shows_both_sides_and_merges_from_the_keyboard(make_window, qtbot, tmp_path):
    window = make_window()
    window.open_case(str(_case(tmp_path)))
    panel = window.resolution.widget()
    panel._on_find_clicked()
    review = panel.review
    assert len(review.candidates) == 2
    assert "same handset 35-209900-176148-1" in review.heading.text()
    first, second = review.candidates
    assert first["labels"][0] in review.left.toPlainText()
    assert first["labels"][1] in review.right.toPlainText()
    assert "cdr.csv" in review.left.toPlainText() and "carried" in review.left.toPlainText()
    store = window.session.store
    window.show()
    window.resolution.raise_()
    panel.tabs.setCurrentWidget(review)
    review.activateWindow()
    review.setFocus()
    qtbot.waitUntil(review.hasFocus, timeout=5000)
    qtbot.keyClick(review, Qt.Key.Key_S)  # skip: nothing merged, next candidate
    assert review.position == 1 and second["labels"][0] in review.left.toPlainText()
    qtbot.keyClick(review, Qt.Key.Key_A)
    assert len(review.candidates) == 1
    assert store.canonical(int(second["a"])) == store.canonical(int(second["b"]))
    assert store.canonical(int(first["a"])) != store.canonical(int(first["b"]))
    panel._on_find_clicked()
    review.group.click()  # the rest of the group at once
    numbers = [store.entity_by_identifier("phone", f"+2189{k}{k}{k}{k}{k}{k}{k}{k}") for k in (1, 2, 3)]
    assert len({store.canonical(n) for n in numbers}) == 1
    assert window.failures == []


def test_tower_dump_view_lists_the_numbers_the_dump_shares_with_the_case(make_window, tmp_path):
    window = make_window()
    window.open_case(str(_case(tmp_path)))
    dialog = TowerDumpDialog(window.session, window.runner, window)
    assert list(dialog.dumps.model.frame["name"]) == ["dump.csv"]
    numbers = dialog.numbers.model.frame
    assert "+218911111111" in set(numbers["phones"])
    assert "+218920000003" not in set(numbers["phones"])
    assert "12 stranger(s)" in dialog.summary.text() or "stranger" in dialog.summary.text()
    dialog.close()


def _hiding_case(tmp_path):
    """A broker changing SIMs in two handsets side by side, a driver whose new number took over
    his old one's contacts (no IMEI), and 'Abu Omar' saved in two phones for two numbers."""
    from app.handsets import check_digit

    def handset(serial):
        body = f"35{serial:012d}"
        return body + check_digit(body)

    h1, h2 = handset(111), handset(222)
    colleagues = [f"+2189555556{k:02d}" for k in range(12)]
    rows = ["caller,callee,start,duration,imei"]
    for m in (3, 4, 5, 6):
        for d in range(1, 29):
            rows.append(f"+2189111111{m:02d},{colleagues[d % 12]},2026-{m:02d}-{d:02d} 09:00:00,60,{h1}")
            rows.append(
                f"+2189222222{m:02d},{colleagues[(d + 5) % 12]},2026-{m:02d}-{d:02d} 14:00:00,60,{h2}"
            )
    drivers = [f"+2189777777{k:02d}" for k in range(8)]
    rows += [f"+218933333300,{drivers[d % 8]},2026-03-{d:02d} 10:00:00,60," for d in range(1, 29)]
    rows += [f"+218933333301,{drivers[d % 8]},2026-04-{d:02d} 10:00:00,60," for d in range(3, 29)]
    (tmp_path / "cdr.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "contacts.csv").write_text(
        "name,phone\nAbu Omar,+218911111103\nAbu Omar,+218944444444\n", encoding="utf-8"
    )
    (tmp_path / "contacts2.csv").write_text("name,phone\nAbu Omar,+218944444444\n", encoding="utf-8")
    path = tmp_path / "hiding.ariadne"
    with CaseStore.create(path, region="LY") as case:
        import_file(case, tmp_path / "cdr.csv", ImportOptions(kind="calls"))
        import_file(case, tmp_path / "contacts.csv", ImportOptions(kind="contacts", owner="+218955555600"))
        import_file(case, tmp_path / "contacts2.csv", ImportOptions(kind="contacts", owner="+218955555601"))
    return path


def test_the_resolution_panel_gives_the_reasons_for_numbers_one_person_used(make_window, tmp_path):
    window = make_window()
    window.open_case(str(_hiding_case(tmp_path)))
    panel = window.resolution.widget()
    panel._on_find_clicked()
    reasons = " | ".join(panel.candidates.model.frame["reasons"])
    assert "same handset 35-000000-000111-" in reasons
    assert "+218911111103 until 28 Mar 2026, then +218911111104 from 1 Apr 2026" in reasons
    assert "two handsets side by side: 35-000000-000111-" in reasons
    assert "never calling each other" in reasons
    assert "replacement SIM: +218933333301 started 3 Apr 2026" in reasons
    assert "'Abu Omar' is an epithet: not merged on the name alone" in reasons
    review = panel.review
    headings = []
    for _ in range(len(review.candidates)):
        headings.append(review.heading.text())
        review._on_skip_clicked()
    assert any("two handsets side by side" in h for h in headings)
    assert any("replacement SIM" in h for h in headings)
    window.resize(1366, 800)
    window.show()
    window.resolution.raise_()
    panel.grab().save(str(tmp_path / "resolution.png"))
    assert window.failures == []
