"""Map speed: frames per second while panning and zooming with every corridor drawn, on a
synthetic case the size of the medium scenario's routes (2,000 journeys, about 6,000 legs,
150 places, 40 route clusters, 1,500 placed actors), in a 1920×1080 view.

Each frame is a real repaint of the view's viewport (the basemap from Qt's background cache
when only panning, redrawn at the new level of detail when zooming; the case painted over
it; while the zoom changes, legs travelled by fewer than four journeys wait until it rests,
and the frame drawn then is timed on its own).  Pans move the view by 12 pixels per frame; zooms by 5 % per frame, in then out.  The
time window is moved once per frame in a third run (journeys and actors filtered again).
Wall and CPU time are both reported, with the load average: the machine is shared.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_map.py [CASE]``; with a case file
(for instance the medium demonstration case) its own places, journeys and route clusters are
drawn instead of the synthetic ones.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.basemap import load_levels  # noqa: E402
from app.graph.places import MapData  # noqa: E402
from app.ui.map_view import MapView, polygons  # noqa: E402

FRAMES = 90


def synthetic(seed: int = 1, journeys: int = 2000, places: int = 150, clusters: int = 40) -> MapData:
    """Places between the Sahel and Europe, corridors of 5–8 of them, journeys along a part
    of their corridor with an occasional detour, each leg driven by one of 1,500 actors."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(-18, 45, places), rng.uniform(8, 46, places)
    frame = pd.DataFrame({"id": np.arange(1, places + 1), "label": [f"Place {i}" for i in range(places)]})
    frame = frame.assign(lat=lat, lon=lon)
    paths = [list(rng.choice(frame["id"], rng.integers(5, 9), replace=False)) for _ in range(clusters)]
    rows, members = [], {c: [] for c in range(clusters)}
    days = pd.date_range("2026-02-01", "2026-09-30", freq="D").strftime("%Y-%m-%d").tolist()
    for j in range(journeys):
        c = int(rng.integers(clusters))
        path = list(paths[c])
        a = int(rng.integers(0, len(path) - 2))
        stops = path[a : a + int(rng.integers(3, len(path) - a + 1))]
        if rng.random() < 0.2:
            stops.insert(1, int(rng.integers(1, places + 1)))
        day = int(rng.integers(0, len(days) - 20))
        for seq, (x, y) in enumerate(zip(stops[:-1], stops[1:], strict=True), start=1):
            who = 10_000 + int(rng.integers(1500))
            rows.append((f"J{j}", seq, int(x), int(y), days[day + 2 * seq], None, None, who, c))
        members[c].append(f"J{j}")
    legs = pd.DataFrame(
        rows,
        columns=[
            "journey",
            "seq",
            "from_id",
            "to_id",
            "start",
            "end",
            "traveller_id",
            "facilitator_id",
            "cluster",
        ],
    )
    cluster_list = [
        {
            "id": c,
            "journeys": len(members[c]),
            "journey_ids": members[c],
            "path_ids": [int(p) for p in paths[c]],
        }
        for c in range(clusters)
    ]
    people = {10_000 + i: (f"Actor {i}", "driver") for i in range(1500)}
    links = pd.DataFrame(
        columns=["actor", "label", "role", "place", "type", "count", "first_seen", "last_seen"]
    )
    return MapData(frame, legs, links, cluster_list, people)


def from_case(path: str) -> MapData:
    """A case's map data, with route clusters computed from its legs as the analysis does."""
    from app.graph.places import load_map_data
    from app.graph.routes import route_clusters
    from app.graph.store import CaseStore

    with CaseStore.open(path) as case:
        places = case.places_frame()
        labels = {int(i): str(label) for i, label in zip(places["id"], places["label"], strict=True)}
        clusters = route_clusters(case.legs_frame(), labels)
        return load_map_data(case, clusters)


def run(app: QApplication, view: MapView, step) -> tuple[float, float]:
    """Frames per second over FRAMES repaints, each after ``step(i)``; wall and CPU."""
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(FRAMES):
        step(i)
        view.viewport().repaint()
    app.processEvents()
    return FRAMES / (time.perf_counter() - wall), FRAMES / max(1e-9, time.process_time() - cpu)


def main() -> None:
    app = QApplication.instance() or QApplication([])
    view = MapView()
    view.resize(1920, 1080)
    view.show()
    app.processEvents()
    view.add_basemap(polygons(load_levels()))
    data = from_case(sys.argv[1]) if len(sys.argv) > 1 else synthetic()
    start = time.perf_counter()
    view.show_data(data)
    print(f"map built in {time.perf_counter() - start:.3f} s")
    view.fit_to_journeys()
    view.viewport().repaint()
    s = view.scene_data
    print(
        f"{len(s.journeys):,} journeys, {len(s.seg_a):,} legs, {len(s.place_ids)} places, "
        f"{len(s.corridors)} corridors, {len(view.shown.actors):,} actors; view "
        f"{view.viewport().width()}×{view.viewport().height()}, zoom {view.zoom():.2f} px/unit"
    )
    bar = view.horizontalScrollBar()

    def pan(i: int) -> None:
        bar.setValue(bar.value() + (12 if (i // 30) % 2 == 0 else -12))

    def zoom(i: int) -> None:
        view.zoom_by(1.05 if i < FRAMES // 2 else 1 / 1.05)

    days = pd.date_range("2026-02-01", "2026-09-30", freq="D").strftime("%Y-%m-%d").tolist()

    starts = data.legs["start"].dropna().str[:10]
    if len(starts):
        days = pd.date_range(starts.min(), starts.max(), freq="D").strftime("%Y-%m-%d").tolist()

    def window(i: int) -> None:
        view.set_window(
            days[i % max(1, len(days) - 60)], days[min(len(days) - 1, i % max(1, len(days) - 60) + 60)]
        )

    for name, step in (("pan", pan), ("zoom", zoom), ("time window", window)):
        fps, cpu_fps = run(app, view, step)
        print(f"{name:12s} {fps:6.1f} frames/s wall, {cpu_fps:6.1f} frames/s of CPU")
        if name == "zoom":  # the frame once the zoom rests: every leg again
            view._on_settle_timeout()
            wall, cpu = time.perf_counter(), time.process_time()
            view.viewport().repaint()
            print(
                f"{'zoom at rest':12s} {1000 * (time.perf_counter() - wall):6.1f} ms wall, "
                f"{1000 * (time.process_time() - cpu):6.1f} ms of CPU for the full frame"
            )
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
