"""The real main window, driven offscreen: create a case, import through the dialog (with a
mapping), cancel an import, select an entity and see its evidence, accept and undo a merge,
run the analysis, draw the chart, export."""

from __future__ import annotations

from app.importers.base import ImportOptions
from app.model import Grading
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner

CDR = (
    "caller,callee,start,duration\n0912345678,0923456789,13/03/2026 10:00:00,60\n"
    "0923456789,0934567890,14/03/2026 11:30:00,30\n0934567890,0912345678,15/03/2026 12:00:00,5\n"
)


def _new_case(window, tmp_path):
    window.session.create(tmp_path / "ui.ariadne", region="LY", title="UI test")
    return window.session


def test_import_through_the_dialog_with_a_mapping(window, import_dialog, tmp_path):
    odd = tmp_path / "odd.txt"
    odd.write_text(
        "Numéro A|Numéro B|Horodatage\n0912345678|0923456789|2026-03-01 10:00:00\n", encoding="utf-8"
    )
    dialog = import_dialog([odd])
    session = window.session
    assert "cannot tell" in dialog.detected.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("calls"))
    for row in range(dialog.mapping_table.rowCount()):
        field = dialog.mapping_table.item(row, 0).text()
        wanted = {"caller": "Numéro A", "callee": "Numéro B", "start": "Horodatage"}.get(field)
        if wanted:
            dialog.mapping_table.cellWidget(row, 1).setCurrentText(wanted)
    options = dialog.options()
    assert options.mapping == {
        "kind": "calls",
        "columns": {"caller": "Numéro A", "callee": "Numéro B", "start": "Horodatage"},
    }
    window.start_import(dialog.paths(), options)
    assert window.failures == []
    assert session.store.counts()["events"] == 1
    assert "1 entities" not in window.overview.widget().summary.text()
    assert "events" in window.overview.widget().summary.text()


def test_cancelled_import_leaves_the_case_unchanged(window, tmp_path):
    session = _new_case(window, tmp_path)
    path = tmp_path / "cdr.csv"
    path.write_text(CDR, encoding="utf-8")
    before = session.store.counts()
    cancelled = []
    window.runner.cancelled.connect(cancelled.append)
    window.runner.progressed.connect(lambda kind, f, m: f > 0.55 and window.runner.cancel(kind))
    window.start_import([str(path)], ImportOptions())
    assert cancelled == ["import"]
    assert session.store.counts() == before


def test_select_an_entity_and_see_its_evidence_then_merge_and_undo(window, tmp_path):
    session = _new_case(window, tmp_path)
    store = session.store
    vcf = tmp_path / "c.vcf"
    vcf.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Abu Salem\nTEL:0912345678\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Salem Haddad\nTEL:+218912345678\nEND:VCARD\n",
        encoding="utf-8",
    )
    window.start_import([str(vcf)], ImportOptions(owner="+218923456789", exhibit="EXH-9"))
    persons = [r[0] for r in store._query("SELECT id FROM entities WHERE type='person' ORDER BY id")]
    session.select(persons[0])
    details = window.details.widget()
    assert "Abu Salem" in details.header.toHtml()
    evidence = details.evidence.model.frame
    assert list(evidence["file_name"].unique()) == ["c.vcf"] and "exhibit" in evidence.columns
    panel = window.resolution.widget()
    panel._on_find_clicked()
    frame = panel.candidates.model.frame
    assert len(frame) >= 1 and "same number +218912345678" in frame.iloc[0]["reasons"]
    panel.candidates.view.selectRow(0)
    panel._on_accept_clicked()
    assert store.canonical(persons[0]) == store.canonical(persons[1])
    assert len(panel.merges.model.frame) == 1
    panel.merges.view.selectRow(0)
    panel._on_undo_clicked()
    assert store.canonical(persons[0]) != store.canonical(persons[1])


def test_analysis_chart_timeline_map_and_export(window, tmp_path):
    session = _new_case(window, tmp_path)
    path = tmp_path / "cdr.csv"
    path.write_text(CDR, encoding="utf-8")
    window.start_import([str(path)], ImportOptions())
    window.analysis._on_run_clicked()
    assert window.failures == []
    hubs = window.analysis.tables["hubs"].model.frame
    assert len(hubs) == 3 and "PageRank" in window.analysis.explanations["hubs"].text()
    assert "degree" in window.analysis.explanations["hubs"].text()
    window.chart.redraw()
    assert len(window.chart.view.nodes) == 3
    assert window.chart.view.find("+21891") == 1
    png = tmp_path / "chart.png"
    window.chart.save_image(str(png))
    assert png.stat().st_size > 1000
    svg = tmp_path / "chart.svg"
    window.chart.save_image(str(svg))
    assert svg.read_text().lstrip().startswith("<?xml")
    window.timeline.refresh()
    assert "3 events" in window.timeline.info.text()
    request = {
        "fmt": "graphml",
        "out": str(tmp_path / "out.graphml"),
        "reveal_migrants": False,
        "author": "",
        "handling": "",
        "summary": None,
        "sections": (),
    }
    from app.ui.dialogs.export_dialog import export_task

    window.runner.start("export", export_task(session, request, session.analysis))
    assert (tmp_path / "out.graphml").exists() and window.failures == []


def test_background_runner_reports_progress_and_results(qtbot):
    runner = TaskRunner()
    seen = []
    runner.progressed.connect(lambda kind, f, m: seen.append(f))

    def work(progress=None, cancel=None):
        for i in range(5):
            progress(i / 5, "step")
        return 42

    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start("demo", work)
    assert blocker.args == ["demo", 42] and seen
    runner.shutdown()


def test_the_interface_speaks_french(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from app.ui.app import install_translator
    from app.ui.models import count_text

    app = QApplication.instance()
    translator = install_translator(app, "fr")
    try:
        assert translator is not None
        w = MainWindow(Session(), TaskRunner(synchronous=True))
        qtbot.addWidget(w)
        menus = [a.text() for a in w.menuBar().actions()]
        assert menus[:2] == ["&Fichier", "&Analyse"]
        assert w.tabs.tabText(0) == "Graphe relationnel"
        assert count_text(2374) == "2\u202f374"  # counts grouped as the French write them
    finally:
        from app.ui.i18n import set_language

        set_language("en")  # the catalogue out, English numbers back, for the tests after this one


def test_time_window_and_grading_filter_the_analyses(window, tmp_path):
    session = _new_case(window, tmp_path)
    path = tmp_path / "cdr.csv"
    path.write_text(CDR, encoding="utf-8")
    window.start_import([str(path)], ImportOptions(grading=Grading("E", 5)))
    panel = window.timeline
    panel.refresh()
    panel.grading.setCurrentIndex(panel.grading.findData("B2"))
    panel._on_apply_clicked()
    assert str(session.filter.min_grading) == "B2"
    window.analysis._on_run_clicked()
    assert session.analysis.network["relationships"] == 0, "an E5 source does not count under B2"
    panel.grading.setCurrentIndex(0)
    panel._on_apply_clicked()
    window.analysis._on_run_clicked()
    assert session.analysis.network["relationships"] == 3


def test_overview_by_community_opens_a_community_on_demand(window, tmp_path):
    _new_case(window, tmp_path)
    path = tmp_path / "two_groups.csv"
    rows = ["caller,callee,start,duration"]
    for group in ("091", "092"):
        numbers = [f"{group}{i:07d}" for i in range(1, 6)]
        rows += [f"{a},{b},2026-03-01 10:00:00,30" for a in numbers for b in numbers if a < b]
    rows.append("0910000001,0920000001,2026-03-02 10:00:00,30")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    window.start_import([str(path)], ImportOptions())
    window.chart.show_overview()
    nodes = window.chart.view.nodes
    assert len(nodes) == 2 and all(n < 0 for n in nodes)
    assert sorted(item.label.split(" +")[1] for item in nodes.values()) == ["4", "4"]
    first = min(nodes)
    window.chart.redraw(focus=[first])
    assert len(window.chart.view.nodes) == 5 and all(n > 0 for n in window.chart.view.nodes)
