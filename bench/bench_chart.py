"""Link chart speed: 20,000 actors and 100,000 links (random positions, so links are long and
cross the whole chart: the worst case), the real view rendered offscreen into a 1920×1080
image as the analyst would see it: the whole chart, zoomed 4× and 16×, and panned.

For each view two frames are timed: the first one drawn right after the zoom or pan (the
links raster of the previous view stands in, scaled or shifted, with the strongest links
drawn live on top), and the one drawn once the raster for the new view has arrived from the
worker thread ("settled"); the time that raster took is reported too.  Each frame is the
median of three renders.  Each frame gives its wall time and the GUI thread's own CPU time,
its time queued for a core (other programs; Linux's schedstat) and its time off the CPU
though it had work ("waited": mostly for the GIL while the worker thread drew).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_chart.py``
"""

from __future__ import annotations

import gc
import os
import random
import time
from dataclasses import dataclass

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import networkx as nx  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ui.app import freeze_long_lived  # noqa: E402
from app.ui.chart_geometry import chart_content  # noqa: E402
from app.ui.chart_view import LinkChartView  # noqa: E402


@dataclass
class Timing:
    """One frame on the GUI thread: wall time, the thread's CPU time, the time it was ready but
    had no core (``queued``: other programs), and the rest, off the CPU though it had work:
    ``waited``, mostly for the GIL while the worker drew (s)."""

    wall: float
    cpu: float
    queued: float

    @property
    def waited(self) -> float:
        return max(0.0, self.wall - self.cpu - self.queued)

    def __str__(self) -> str:
        return (
            f"{self.wall * 1000:3.0f} ms (CPU {self.cpu * 1000:.0f}, waited {self.waited * 1000:.0f}, "
            f"queued {self.queued * 1000:.0f})"
        )


PAUSES: list[tuple[str, float]] = []  # each full garbage collection: the step, its CPU time
STEP = ["start"]  # the step under way


def full_collections(phase: str, info: dict, started: list[float] = [0.0]) -> None:  # noqa: B006
    """gc callback: time the full (generation 2) collections, which stop every thread."""
    if info["generation"] != 2:
        return
    if phase == "start":
        started[0] = time.thread_time()
    else:
        PAUSES.append((STEP[0], time.thread_time() - started[0]))


def thread_clock() -> tuple[float, float, float]:
    """Wall time, this thread's CPU time and its time queued for a core, in s (Linux schedstat;
    elsewhere the queue is not known)."""
    wall = time.perf_counter()
    try:
        with open("/proc/thread-self/schedstat") as f:
            run, queued, _ = f.read().split()
        return wall, int(run) / 1e9, int(queued) / 1e9
    except OSError:
        return wall, time.thread_time(), 0.0


def frame(view: LinkChartView, repeat: int = 3) -> tuple[Timing, dict]:
    """Median (by wall time) of ``repeat`` renders of the view, and the level of detail it chose."""
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32_Premultiplied)
    timings = []
    for _ in range(repeat):
        image.fill(QColor("white"))
        start = thread_clock()
        painter = QPainter(image)
        view.render(painter, source=view.viewport().rect())
        painter.end()
        end = thread_clock()
        timings.append(Timing(*(b - a for a, b in zip(start, end, strict=True))))
    timings.sort(key=lambda t: t.wall)
    return timings[len(timings) // 2], dict(view.layer.last_frame)


def settle(app: QApplication, view: LinkChartView, timeout: float = 30.0) -> tuple[float, float]:
    """Let the event loop run until the links raster for this view arrives: its wait in s, and
    the CPU time the other threads (the worker drawing it) spent meanwhile."""
    arrived = []
    view.links_rendered.connect(lambda: arrived.append(time.perf_counter()))
    start, cpu, gui = time.perf_counter(), time.process_time(), time.thread_time()
    view.viewport().repaint()  # the paint that finds the raster stale and asks for a new one
    while not arrived and time.perf_counter() - start < timeout:
        app.processEvents()
        time.sleep(0.002)
    view.links_rendered.disconnect()
    others = time.process_time() - cpu - (time.thread_time() - gui)
    return (arrived[0] if arrived else time.perf_counter()) - start, others


def full_hd(app: QApplication, view: LinkChartView) -> None:
    """Size the view so that its viewport (the chart without scroll bars) is 1920×1080."""
    for _ in range(3):
        vp = view.viewport().size()
        view.resize(view.width() + 1920 - vp.width(), view.height() + 1080 - vp.height())
        app.processEvents()


def busy_frame(app: QApplication, view: LinkChartView) -> Timing:
    """One frame drawn while the worker renders the new links raster (they share the GIL)."""
    view.viewport().repaint()
    start = time.perf_counter()
    while view.runner.busy() is False and time.perf_counter() - start < 1.0:
        app.processEvents()  # until the debounce timer has started the worker
        time.sleep(0.001)
    time.sleep(0.02)
    return frame(view, repeat=1)[0]


def measure(app, view, name: str) -> None:
    STEP[0] = name
    full_hd(app, view)
    assert view.viewport().width() == 1920 and view.viewport().height() == 1080
    first, lod = frame(view)
    busy, wait, worker = None, 0.0, 0.0
    if lod.get("links") not in ("live", "raster"):
        busy = busy_frame(app, view)
        wait, worker = settle(app, view)
    settled, lod_settled = frame(view)
    print(
        f"  {name:<26} ({lod.get('links')}, {lod.get('nodes')}, {lod.get('nodes_in_view')} actors in view)\n"
        f"      first frame {first}\n      during the raster {busy or '—'}\n"
        f"      raster after {wait:4.2f} s ({worker:4.2f} s of CPU on the worker); settled frame {settled} ({lod_settled.get('links')})"
    )


def pan(view: LinkChartView, fraction: float) -> int:
    """Scroll right by ``fraction`` of the view's width, as Space+drag does; the pixels moved."""
    bar = view.horizontalScrollBar()
    before = bar.value()
    bar.setValue(before + int(fraction * view.viewport().width()))
    return bar.value() - before


def main(nodes: int = 20_000, links: int = 100_000) -> None:
    app = QApplication.instance() or QApplication([])
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    cpu_start = time.process_time()
    view = LinkChartView()
    freeze_long_lived()  # as the application does once its window is built, before any case
    gc.callbacks.append(full_collections)
    rng = random.Random(1)
    g = nx.gnm_random_graph(nodes, links, seed=1)
    for n in g:
        g.nodes[n]["label"] = f"actor {n}"
        g.nodes[n]["type"] = rng.choice(["person", "phone", "account"])
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rng.choice([1, 1, 1, 2, 3, 5, 8, 13])
    positions = {n: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for n in g}
    view.show()
    full_hd(app, view)
    STEP[0] = "preparing"
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
    STEP[0] = "export"
    start = time.perf_counter()
    view.render_image()
    print(
        f"  exporting the whole chart as a 1920x1080 PNG image (every link drawn): "
        f"{time.perf_counter() - start:.2f} s"
    )
    view.runner.shutdown()
    pauses = ", ".join(f"{p * 1000:.0f} ms ({step})" for step, p in PAUSES) or "none"
    print(f"  full garbage collections on the GUI thread (CPU time, step): {pauses}")
    print(
        f"load average {os.getloadavg()[0]:.2f} at the end; the whole run: {time.process_time() - cpu_start:.1f} s of CPU"
    )


if __name__ == "__main__":
    main()
