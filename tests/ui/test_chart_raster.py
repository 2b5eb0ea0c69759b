"""The links raster drawn on a worker without slowing the GUI thread's frames: drawn in small
batches that give the same pixels as one call per colour, and paused while the GUI thread
paints; the application keeps its long-lived objects out of the garbage collector's full
passes."""

from __future__ import annotations

import gc
import threading

import numpy as np
from PySide6.QtCore import QLineF, QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from app.ui.app import freeze_long_lived
from app.ui.chart_geometry import link_tiers, links_meeting
from app.ui.chart_layer import (
    CROWDED_PENS,
    LINE_CHUNK,
    LINE_SETUP,
    PaintGate,
    line_batches,
    render_links_raster,
)
from tests.ui.test_chart import big_random_chart, snapshot

SIZE = (320, 200)


def small_chart(seed: int = 3, actors: int = 300, links: int = 2000):
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-50, 400, (actors, 2))
    src, dst = rng.integers(0, actors, links), rng.integers(0, actors, links)
    weight = np.sort(rng.choice([1, 1, 2, 3, 5, 8, 13], links))[::-1]
    tier = link_tiers(weight)
    tier[:1500] = rng.integers(0, 5, 1500)  # every colour, interleaved
    return xy, src, dst, tier


def one_call_per_colour(xy, src, dst, tier, origin, zoom) -> QImage:
    """The same links drawn the plain way: a QLineF per link, one drawLines per colour."""
    image = QImage(*SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("#FBFAF7"))
    rect = (origin[0], origin[1], origin[0] + SIZE[0] / zoom, origin[1] + SIZE[1] / zoom)
    links = links_meeting(xy, src, dst, rect)
    device = (xy - np.asarray(origin)) * zoom
    painter = QPainter(image)
    for level, (colour, width) in enumerate(CROWDED_PENS):
        pen = QPen(colour, width)
        pen.setCosmetic(True)
        painter.setPen(pen)
        chosen = links[tier[links] == level]
        painter.drawLines([QLineF(QPointF(*device[src[i]]), QPointF(*device[dst[i]])) for i in chosen])
    painter.end()
    return image


def test_the_raster_drawn_in_small_batches_has_the_pixels_of_one_call_per_colour(qapp):
    xy, src, dst, tier = small_chart()
    for origin, zoom in (((-60.0, -60.0), 0.7), ((100.0, 50.0), 3.0)):
        batched = render_links_raster(
            xy, src, dst, tier, origin=origin, zoom=zoom, size=SIZE, background="#FBFAF7", gate=PaintGate()
        )
        plain = one_call_per_colour(xy, src, dst, tier, origin, zoom)
        assert batched == plain
        assert len(np.unique(np.frombuffer(plain.constBits(), np.uint32))) == 6  # 5 greys and the background


def test_line_batches_take_every_line_once_in_order_within_the_pixel_budget():
    rng = np.random.default_rng(0)
    points = rng.uniform(-3000, 3000, (2 * 1200, 2))
    points[:200] = rng.uniform(0, 5, (200, 2))  # a hundred tiny lines
    span, budget = 400.0, 40_000
    batches = line_batches(points, span, budget)
    assert batches[0].start == 0 and batches[-1].stop == 1200
    assert all(a.stop == b.start for a, b in zip(batches[:-1], batches[1:], strict=True))
    length = np.minimum(np.abs(points[1::2] - points[0::2]).max(axis=1), span) + LINE_SETUP
    for batch in batches:
        lines = batch.stop - batch.start
        assert 1 <= lines <= LINE_CHUNK
        assert lines == 1 or length[batch].sum() <= budget
    tiny = length[:100].sum()  # the first batch: 100 tiny lines, then long ones up to the budget
    assert batches[0].stop - batches[0].start == 100 + (budget - tiny) // (span + LINE_SETUP)
    # by default, short lines go LINE_CHUNK to a call
    assert all(b.stop - b.start == LINE_CHUNK for b in line_batches(points[200:], 1.0)[:-1])
    assert line_batches(np.zeros((0, 2)), span) == []


def test_the_worker_waits_at_the_gate_while_the_gui_thread_paints(qtbot):
    gate = PaintGate()
    passed = threading.Event()
    worker = threading.Thread(target=lambda: (gate.wait(), passed.set()))
    with gate.painting():
        gate.wait()  # the painting thread itself (a synchronous task runner) is not stopped
        worker.start()
        assert not passed.wait(0.1), "the worker drew while the GUI thread painted"
    assert passed.wait(10)
    worker.join()


def test_the_chart_holds_its_gate_shut_while_it_paints(qtbot, monkeypatch):
    view = big_random_chart(qtbot)
    seen = []
    paint_nodes = view.layer._paint_nodes
    monkeypatch.setattr(
        view.layer, "_paint_nodes", lambda *a: (seen.append(view.paint_gate.shut()), paint_nodes(*a))
    )
    snapshot(view)
    assert seen == [True] and not view.paint_gate.shut()
    with qtbot.waitSignal(view.links_rendered, timeout=30_000):
        pass  # the raster's worker waits at this gate, and still finishes
    snapshot(view)
    assert view.layer.last_frame["links"] == "raster"
    view.runner.shutdown()


def test_the_application_keeps_its_long_lived_objects_out_of_full_collections():
    frozen = gc.get_freeze_count()
    try:
        freeze_long_lived()
        assert gc.get_freeze_count() > frozen + 10_000
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10  # what a full pass still walks
    finally:
        gc.unfreeze()
