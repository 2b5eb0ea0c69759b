"""The session reads the actor network once per case content and filter."""

from __future__ import annotations

import app.graph.networks as networks
from app.graph.networks import GraphFilter
from app.graph.store import CaseStore
from app.ui.session import Session


def test_the_actor_network_is_read_again_only_when_the_case_or_the_filter_changes(
    qapp, tmp_path, monkeypatch
):
    path = tmp_path / "c.ariadne"
    with CaseStore.create(path, region="LY") as case, case.transaction():
        a, b, c = (case.add_entity("person", name) for name in ("Omar", "Salem", "Karim"))
        case.upsert_link("called", a, b, ts="2026-01-01T10:00:00")
        case.upsert_link("called", b, c, ts="2026-02-01T10:00:00")
    reads = []
    real = networks.actor_graph
    monkeypatch.setattr(networks, "actor_graph", lambda store, flt: reads.append(flt) or real(store, flt))
    session = Session()
    session.open(path)
    with session.worker_store() as store:
        first = session.actor_network(store, GraphFilter())
        first.remove_node(a)  # the caller's copy: the kept network is untouched
        again = session.actor_network(store, GraphFilter())
        assert len(reads) == 1 and a in again
        session.actor_network(store, GraphFilter(end="2026-01-15"))
        assert len(reads) == 2
    session.store.merge(b, c)
    with session.worker_store() as store:
        merged = session.actor_network(store, GraphFilter(end="2026-01-15"))
    assert len(reads) == 3 and c not in merged
    session.close()
