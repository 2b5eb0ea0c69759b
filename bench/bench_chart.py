"""Link chart speed: 20,000 actors and 100,000 links (random positions, so links are long and
cross the whole chart: the worst case), the real view rendered offscreen into a 1920×1080
image as the analyst would see it: the whole chart, zoomed 4× and 16×, and panned.

For each view two frames are timed: the first one drawn right after the zoom or pan (the
links raster of the previous view stands in, scaled or shifted, with the strongest links
drawn live on top), and the one drawn once the raster for the new view has arrived from the
worker thread ("settled"); the time that raster took is reported too.  Each frame is the
median of three renders.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_chart.py``
"""

from __future__ import annotations

import os
import random
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import networkx as nx  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ui.chart_geometry import chart_content  # noqa: E402
from app.ui.chart_view import LinkChartView  # noqa: E402


def frame(view: LinkChartView, repeat: int = 3) -> tuple[float, dict]:
    """Median time of ``repeat`` renders of the view, and the level of detail it chose."""
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(repeat):
        image.fill(QColor("white"))
        start = time.perf_counter()
        painter = QPainter(image)
        view.render(painter, source=view.viewport().rect())
        painter.end()
        times.append(time.perf_counter() - start)
    return statistics.median(times), dict(view.layer.last_frame)


def settle(app: QApplication, view: LinkChartView, timeout: float = 30.0) -> float:
    """Let the event loop run until the links raster for this view arrives; its wait in s."""
    arrived = []
    view.links_rendered.connect(lambda: arrived.append(time.perf_counter()))
    start = time.perf_counter()
    view.viewport().repaint()  # the paint that finds the raster stale and asks for a new one
    while not arrived and time.perf_counter() - start < timeout:
        app.processEvents()
        time.sleep(0.002)
    view.links_rendered.disconnect()
    return (arrived[0] if arrived else time.perf_counter()) - start


def full_hd(app: QApplication, view: LinkChartView) -> None:
    """Size the view so that its viewport (the chart without scroll bars) is 1920×1080."""
    for _ in range(3):
        vp = view.viewport().size()
        view.resize(view.width() + 1920 - vp.width(), view.height() + 1080 - vp.height())
        app.processEvents()


def busy_frame(app: QApplication, view: LinkChartView) -> float:
    """One frame drawn while the worker renders the new links raster (they share the GIL)."""
    view.viewport().repaint()
    start = time.perf_counter()
    while view.runner.busy() is False and time.perf_counter() - start < 1.0:
        app.processEvents()  # until the debounce timer has started the worker
        time.sleep(0.001)
    time.sleep(0.02)
    return frame(view, repeat=1)[0]


def measure(app, view, name: str) -> None:
    full_hd(app, view)
    assert view.viewport().width() == 1920 and view.viewport().height() == 1080
    first, lod = frame(view)
    busy = wait = 0.0
    if lod.get("links") not in ("live", "raster"):
        busy = busy_frame(app, view)
        wait = settle(app, view)
    settled, lod_settled = frame(view)
    print(
        f"  {name:<26} first frame {first * 1000:3.0f} ms ({lod.get('links')}, {lod.get('nodes')}, "
        f"{lod.get('nodes_in_view')} actors in view); during the raster {busy * 1000:3.0f} ms; "
        f"raster after {wait:4.2f} s; settled frame {settled * 1000:3.0f} ms ({lod_settled.get('links')})"
    )


def pan(view: LinkChartView, fraction: float) -> int:
    """Scroll right by ``fraction`` of the view's width, as Space+drag does; the pixels moved."""
    bar = view.horizontalScrollBar()
    before = bar.value()
    bar.setValue(before + int(fraction * view.viewport().width()))
    return bar.value() - before


def main(nodes: int = 20_000, links: int = 100_000) -> None:
    app = QApplication.instance() or QApplication([])
    rng = random.Random(1)
    g = nx.gnm_random_graph(nodes, links, seed=1)
    for n in g:
        g.nodes[n]["label"] = f"actor {n}"
        g.nodes[n]["type"] = rng.choice(["person", "phone", "account"])
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rng.choice([1, 1, 1, 2, 3, 5, 8, 13])
    positions = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in g}
    view = LinkChartView()
    view.show()
    full_hd(app, view)
    start = time.perf_counter()
    content = chart_content(
        g, positions, communities={n: n % 8 for n in g}, sizes={n: rng.random() for n in g}
    )
    prepared = time.perf_counter() - start
    start = time.perf_counter()
    view.show_content(content)
    shown = time.perf_counter() - start
    app.processEvents()
    print(
        f"{nodes:,} actors, {links:,} links: preparing the chart's arrays {prepared:.2f} s (worker thread), "
        f"showing them {shown * 1000:.0f} ms (GUI thread)"
    )
    measure(app, view, "whole chart")
    view.scale(4, 4)
    measure(app, view, "zoomed 4x")
    measure(app, view, f"4x, panned {pan(view, 0.2)} px")
    measure(app, view, f"4x, panned {pan(view, -1.0)} px")
    view.scale(1.2, 1.2)
    measure(app, view, "one wheel step in (4.8x)")
    view.scale(4 / 1.2, 4 / 1.2)
    measure(app, view, "zoomed 16x")
    measure(app, view, f"16x, panned {pan(view, 1.0)} px")
    start = time.perf_counter()
    view.render_image()
    print(
        f"  exporting the whole chart as a 1920x1080 PNG image (every link drawn): "
        f"{time.perf_counter() - start:.2f} s"
    )
    view.runner.shutdown()


if __name__ == "__main__":
    main()
