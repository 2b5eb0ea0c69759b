"""Core functions that take ``progress`` and ``cancel`` honour them: a cancelled token stops
the work with :class:`Cancelled`, and progress moves from start to end."""

from __future__ import annotations

import hashlib

import networkx as nx
import pytest

from app.graph import brokerage, centrality, communities, layout
from app.graph.engine import from_networkx
from app.progress import Cancelled, CancelToken


def _cancelled() -> CancelToken:
    token = CancelToken()
    token.cancel()
    return token


def _cancel_after(calls: int):
    """A token that the progress callback cancels on its ``calls``-th report."""
    token, seen = CancelToken(), []

    def progress(fraction, message=""):
        seen.append(fraction)
        if len(seen) >= calls:
            token.cancel()

    return token, seen, progress


NET = from_networkx(nx.karate_club_graph())


def test_hub_scores_stop_when_cancelled_and_report_progress():
    with pytest.raises(Cancelled):
        centrality.hub_scores(NET, cancel=_cancelled())
    token, seen, progress = _cancel_after(2)
    with pytest.raises(Cancelled):
        centrality.hub_scores(NET, progress=progress, cancel=token)
    assert len(seen) == 2  # stopped at the next step, not at the end
    seen = []
    centrality.hub_scores(NET, progress=lambda f, m="": seen.append(f))
    assert seen == sorted(seen) and len(seen) >= 5


def test_broker_scores_stop_when_cancelled_between_steps():
    membership, _ = communities.louvain(NET)
    with pytest.raises(Cancelled):
        brokerage.broker_scores(NET, membership, cancel=_cancelled())
    token, seen, progress = _cancel_after(2)
    with pytest.raises(Cancelled):
        brokerage.broker_scores(NET, membership, progress=progress, cancel=token)
    assert len(seen) == 2
    seen = []
    brokerage.broker_scores(NET, membership, progress=lambda f, m="": seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0


@pytest.mark.parametrize("kind", ["force", "communities", "circular"])
def test_layouts_stop_when_cancelled(kind):
    graph = nx.disjoint_union_all([nx.path_graph(3) for _ in range(5)])
    groups = {n: n // 3 for n in graph}
    with pytest.raises(Cancelled):
        layout.layout(graph, kind, communities=groups, cancel=_cancelled())
    seen = []
    pos = layout.layout(graph, kind, communities=groups, progress=lambda f, m="": seen.append(f))
    assert len(pos) == 15 and seen[-1] == 1.0


def test_a_force_layout_stops_between_connected_parts():
    """Cancelling while parts are laid out stops before the last part."""
    import app.graph.layout as module

    token, laid = CancelToken(), []
    original = module._part_layout

    def part_layout(g, part, weighted):
        laid.append(part)
        token.cancel()
        return original(g, part, weighted)

    graph = nx.disjoint_union_all([nx.path_graph(3) for _ in range(5)])
    module._part_layout, saved = part_layout, module._part_layout
    try:
        with pytest.raises(Cancelled):
            layout.layout(graph, "force", cancel=token)
    finally:
        module._part_layout = saved
    assert len(laid) == 1


_SAMPLES = {
    "contacts.csv": "name,phone\nAbu Salem,+218911111111\nOmar,+218922222222\n",
    "transfers.csv": "date,sender_name,receiver_name,amount,currency\n2026-01-02 10:00,Omar,Salem,200,EUR\n",
    "interviews.jsonl": '{"id": "I1", "date": "2026-01-02", "interviewee": {"name": "M. A."}}\n',
    "contacts.vcf": "BEGIN:VCARD\nVERSION:3.0\nFN:Abu Salem\nTEL:+218911111111\nEND:VCARD\n",
    "route.geojson": '{"type": "FeatureCollection", "features": []}',
}


@pytest.mark.parametrize(
    "name",
    [*_SAMPLES, "forensic/xry_calls.txt", "forensic/oxygen_export.xlsx"],
)
def test_every_importer_stops_when_cancelled(tmp_path, name):
    from pathlib import Path

    from app.graph.store import CaseStore
    from app.importers.base import ImportOptions
    from app.importers.pipeline import parse_file
    from app.importers.registry import default_registry

    if name in _SAMPLES:
        path = tmp_path / name
        path.write_text(_SAMPLES[name], encoding="utf-8")
    else:
        path = Path(__file__).parent / "data" / name
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with CaseStore.create(tmp_path / "c.ariadne", region="LY") as case:
        registry = default_registry()
        options = ImportOptions(owner="+218910000001")
        parse_file(case, path, options, registry=registry)  # reads when not cancelled
        with pytest.raises(Cancelled):
            parse_file(case, path, options, registry=registry, cancel=_cancelled())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # evidence only read
