"""Link chart speed: 20,000 actors and 100,000 links drawn offscreen into a 1920×1080 image,
whole chart and zoomed in four times.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_chart.py``
"""

from __future__ import annotations

import os
import random
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import networkx as nx  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ui.chart import LinkChartView  # noqa: E402


def render(view: LinkChartView) -> float:
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    start = time.perf_counter()
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return time.perf_counter() - start


def main(nodes: int = 20_000, links: int = 100_000) -> None:
    app = QApplication.instance() or QApplication([])
    rng = random.Random(1)
    g = nx.gnm_random_graph(nodes, links, seed=1)
    for n in g:
        g.nodes[n]["label"] = f"actor {n}"
        g.nodes[n]["type"] = rng.choice(["person", "phone", "account"])
    positions = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in g}
    view = LinkChartView()
    view.resize(1920, 1080)
    start = time.perf_counter()
    view.show_graph(g, positions, communities={n: n % 8 for n in g})
    built = time.perf_counter() - start
    view.show()
    app.processEvents()
    full = render(view)
    view.scale(4, 4)
    zoomed = render(view)
    view.scale(4, 4)
    close = render(view)
    print(f"{nodes:,} actors, {links:,} links: building the chart {built:.1f} s; frame of the whole chart "
          f"{full * 1000:.0f} ms, zoomed 4x {zoomed * 1000:.0f} ms, zoomed 16x {close * 1000:.0f} ms")


if __name__ == "__main__":
    main()
