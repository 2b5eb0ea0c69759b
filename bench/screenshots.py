"""The README's screenshots of the window, taken offscreen on the small demonstration case.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/screenshots.py [CASE] [OUTDIR]``
(CASE defaults to a small demonstration case built with seed 1 in a temporary folder; OUTDIR
to ``docs``).  Each picture is the whole main window at a laptop's 1366×768, the first at
1920×1080, saved with a 256-colour palette so that the PNGs stay small.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp())  # no saved window layout

from PIL import Image  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.session import Session  # noqa: E402
from app.ui.tasks import TaskRunner  # noqa: E402


def window_on(case: Path, width: int, height: int) -> MainWindow:
    """The main window at ``width``×``height`` on a copy of ``case``, analysed, chart drawn."""
    copy = Path(tempfile.mkdtemp()) / "case.ariadne"
    shutil.copy(case, copy)
    w = MainWindow(Session(), TaskRunner(synchronous=True))
    w.resize(width, height)
    w.show()
    settle()
    w._arrange_docks()
    w.open_case(str(copy))
    w.analysis._on_run_clicked()
    settle()
    return w


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def save(w: MainWindow, path: Path) -> None:
    settle()
    raw = path.with_suffix(".raw.png")
    w.grab().save(str(raw))
    Image.open(raw).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    raw.unlink()
    print(f"{path}: {path.stat().st_size // 1024} KB")


def hubs(w: MainWindow, n: int) -> list[int]:
    return [int(h["id"]) for h in w.session.analysis.ranked_hubs() if h["type"] == "person"][:n]


def main_window(case: Path, out: Path) -> None:
    """1920×1080: the chart coloured by community, the first hub selected, its details."""
    w = window_on(case, 1920, 1080)
    w.overview.raise_()
    w.session.select(hubs(w, 1)[0])
    save(w, out / "main-window.png")
    w.close()


def chart_expanded(case: Path, out: Path) -> None:
    """1366×768: three hubs expanded in place, links of the last one labelled."""
    w = window_on(case, 1366, 768)
    chart = w.chart
    for hub in hubs(w, 3):
        if hub in chart.view.nodes:
            chart.expand([hub])
    xy = chart.view.geometry.xy
    middle = xy.mean(axis=0)
    # the links of the expanded hub nearest the middle labelled: their labels have room
    last = min(hubs(w, 3), key=lambda e: float(((xy[chart.view.nodes.index(e)] - middle) ** 2).sum()))
    chart.view._select([chart.view.nodes.index(last)])
    chart.link_labels_action.setChecked(True)
    chart.view.fit()  # the analyst's zoom: the whole grown chart, a little closer
    chart.view._keep_fitted = False
    chart.view.scale(1.3, 1.3)
    chart.view.centerOn(chart.view.scene_position(last))
    w.details.raise_()
    save(w, out / "chart-expanded.png")
    w.close()


def chart_path(case: Path, out: Path) -> None:
    """1366×768: the path between two organisers picked on the Paths page, drawn hop by hop."""
    w = window_on(case, 1366, 768)
    first, second = hubs(w, 2)
    paths = w.analysis.paths
    for key, entity in (("from", first), ("to", second)):
        w.session.select(entity)
        paths._use_selection(paths.ends[key])
    paths._on_search_clicked()
    if paths.paths:
        paths.table.view.selectRow(0)
    w.tabs.setCurrentIndex(0)
    w.chart.view._select([])
    w.chart.link_labels_action.setChecked(True)  # each hop's links, counts and dates
    view = w.chart.view
    view._keep_fitted = False  # the analyst zooms: the view stays where it is put
    view.scale(1.8, 1.8)  # closer, as the analyst would look at the path
    view.show_path(view.path())  # centred on it again
    save(w, out / "chart-path.png")
    w.close()


def analysis(case: Path, out: Path) -> None:
    """1366×768: the ranked hubs, same names told apart, and the merge candidates."""
    w = window_on(case, 1366, 768)
    w.tabs.setCurrentIndex(1)
    w.resolution.widget()._on_find_clicked()
    w.resolution.raise_()
    save(w, out / "analysis.png")
    w.close()


if __name__ == "__main__":
    app = QApplication([])
    if len(sys.argv) > 1:
        case = Path(sys.argv[1])
    else:
        from app.demo import build_demo_case

        case = build_demo_case(Path(tempfile.mkdtemp()) / "demo.ariadne", size="small", seed=1)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs")
    for take in (main_window, chart_expanded, chart_path, analysis):
        take(case, out)
