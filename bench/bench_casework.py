"""Working on a chart: expanding one actor on a chart of 2,000 (the chart panel's own path:
the neighbours placed around it, the chart's arrays grown, the view updated; nobody else may
move), undoing it, and placing the names of 500 actors without collisions.  Each figure is
given as wall time and as CPU time (``time.process_time``), with the load average: on a shared
machine the CPU time is the closer estimate of what an idle machine would take.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_casework.py``
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.labels import overlaps, place_labels  # noqa: E402
from app.ui.chart_geometry import chart_content  # noqa: E402
from app.ui.panels.chart import ChartPanel  # noqa: E402
from app.ui.session import Session  # noqa: E402
from app.ui.tasks import TaskRunner  # noqa: E402


def network(n: int = 12_000, m: int = 60_000, seed: int = 5) -> nx.Graph:
    g = nx.gnm_random_graph(n, m, seed=seed)
    for u, v in g.edges:
        g.edges[u, v].update(weight=1.0 + (u * v) % 7, types="call", count=1 + (u + v) % 30)
    for n_ in g:
        g.nodes[n_].update(label=f"Actor {n_}", type="person")
    return g


def chart_panel(graph: nx.Graph, actors: int = 2000) -> ChartPanel:
    panel = ChartPanel(Session(), TaskRunner(synchronous=True))
    panel.resize(1600, 900)
    panel.show()
    rng = np.random.default_rng(1)
    chosen = list(range(actors))
    positions = {a: tuple(rng.uniform(-1, 1, 2)) for a in chosen}
    panel.graph = graph
    panel.view.show_content(chart_content(graph.subgraph(chosen), positions))
    panel.history.reset(panel.view.state())
    return panel


def bench_expand(repeat: int = 7) -> None:
    graph = network()
    panel = chart_panel(graph)
    times, cpu, undo_times, undo_cpu = [], [], [], []
    for k in range(repeat):
        hub = sorted(panel.view.nodes, key=graph.degree, reverse=True)[k]
        before = panel.view.positions()
        start, start_cpu = time.perf_counter(), time.process_time()
        added = panel.expand([hub])
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        after = panel.view.positions()
        moved = sum(after[e] != p for e, p in before.items())
        start, start_cpu = time.perf_counter(), time.process_time()
        panel.undo()
        undo_times.append(time.perf_counter() - start)
        undo_cpu.append(time.process_time() - start_cpu)
        print(f"  expand actor {hub} (degree {graph.degree(hub)}): {len(added)} added, {moved} others moved")
    print(
        f"expand one actor on a chart of 2,000 (network of {graph.number_of_nodes():,} actors, "
        f"{graph.number_of_edges():,} links): median {ms(times)} wall ({ms(cpu)} CPU), "
        f"max {1000 * max(times):.0f} ms wall ({1000 * max(cpu):.0f} ms CPU); "
        f"undo median {ms(undo_times)} wall ({ms(undo_cpu)} CPU)"
    )


def ms(values: list[float]) -> str:
    return f"{1000 * statistics.median(values):.0f} ms"


def bench_labels(n: int = 500, repeat: int = 7) -> None:
    rng = np.random.default_rng(2)
    centres = rng.uniform(0, [1920, 1080], (n, 2))
    sizes = np.column_stack([rng.uniform(40, 160, n), np.full(n, 15.0)])
    radii = rng.uniform(6, 20, n)
    order = np.argsort(-radii)
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        rects = place_labels(centres, radii, sizes, order)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    placed = int((~np.isnan(rects[:, 0])).sum())
    print(
        f"names of {n} actors in a 1920×1080 view: median {1000 * statistics.median(times):.1f} ms wall "
        f"({1000 * statistics.median(cpu):.1f} ms CPU), max {1000 * max(times):.1f} ms wall; "
        f"{placed} placed, {overlaps(rects)} overlapping"
    )


def machine_load() -> None:
    """A yardstick for the figures: a plain Python loop of a million additions (about 0.04 s
    on an idle core; on a machine shared with other work, everything above is slower alike)."""
    start = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i
    print(f"yardstick: a million Python additions took {time.perf_counter() - start:.2f} s")
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    QApplication([])
    machine_load()
    bench_expand()
    bench_labels()
    print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
