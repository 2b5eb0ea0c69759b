"""Disruption: whom to arrest to break the operation.  Removes the top actors of a ranking and
measures how far the operational network falls apart, compared with removing its members at
random (Borgatti 2006, key player problem / fragmentation).

The *operational network* is the people who run the operation, not the crowds around it: a
carrier's tower dump adds thousands of strangers with one call each, and migrants and their
relatives each touch one recruiter; they hold the whole actor network together, so removing
any ten organisers from it changes almost nothing.  So fragmentation is measured on

- identified people (a number nobody is known to use cannot be arrested), leaving out
  migrants, victims, witnesses, relatives and anyone marked ``protected`` (exports pseudonymise
  the same people: they are witnesses, never targets);
- joined by strong ties only: more than one call or message, i.e. repeated calls, a saved
  contact, a payment or transfer, an interview naming them (link weights of
  :data:`app.graph.networks.TYPE_WEIGHT`, :data:`STRONG_TIE`);
- and its 2-core: people with at least two strong ties inside the operation.

A case with no such people (carrier records only) falls back to every actor that is not
protected, still on strong ties.  Fragmentation is the largest component's share of the
operational core, the number of components and global efficiency (the mean of 1/distance over
pairs; estimated from sampled sources on large networks).

Components after each removal are recounted on a sparse adjacency matrix with the removed
actors' ties masked out, rather than on a new igraph subgraph: a large case's core can have
hundreds of thousands of actors and the curves need some eighty recounts.
"""

from __future__ import annotations

import json
import random

import igraph as ig
import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from app.graph.engine import ActorNet

#: Efficiency is estimated from this many sampled sources (a quarter of it above
#: :data:`LARGE` actors, where each source's distances take a second to read).
EFFICIENCY_SOURCES = 64
LARGE = 100_000

#: Above this many members, key players are chosen on paths of at most three ties.
KEY_PLAYER_EXACT = 20_000

#: The weakest tie that counts as operational: one call or message weighs 1, two calls 1.7, a
#: saved contact or an interview naming someone 1.5, a payment 2 (see ``TYPE_WEIGHT``).
STRONG_TIE = 1.5

#: Roles of people the operation moves or harms: witnesses and victims, never targets.
NOT_TARGETS = frozenset({"migrant", "victim", "witness", "relative"})

#: What the curves measure, in one sentence for the analyst.
MEASURE = (
    "Share of the smuggling operation still connected: identified people other than migrants, "
    "relatives and protected persons, joined by strong ties (repeated calls, a saved contact, a "
    "payment, an interview naming them), each with at least two such ties."
)


class _Removals:
    """The core's ties as a symmetric sparse matrix, to count components without some actors.

    >>> r = _Removals(ig.Graph.Ring(6))
    >>> r.component_sizes([]).tolist(), sorted(r.component_sizes([0, 3]).tolist())
    ([6], [2, 2])
    >>> r.component_sizes([]).tolist()
    [6]
    """

    def __init__(self, g: ig.Graph) -> None:
        n = g.vcount()
        ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        rows = np.concatenate([ends[:, 0], ends[:, 1]])
        cols = np.concatenate([ends[:, 1], ends[:, 0]])
        self.matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        self.rows = np.repeat(np.arange(n), np.diff(self.matrix.indptr))

    def component_sizes(self, removed: list[int]) -> np.ndarray:
        gone = np.zeros(self.matrix.shape[0], dtype=bool)
        gone[list(removed)] = True
        m = self.matrix
        if gone.any():
            keep = ~(gone[self.rows] | gone[m.indices])
            # copies indices and indptr: eliminate_zeros works in place
            m = sparse.csr_matrix((keep.astype(np.int8), m.indices.copy(), m.indptr.copy()), shape=m.shape)
            m.eliminate_zeros()
        _, labels = connected_components(m, directed=False)
        sizes = np.bincount(labels[~gone])
        return sizes[sizes > 0]


def _attrs(value: object) -> dict:
    if isinstance(value, dict):
        return value
    return json.loads(value) if isinstance(value, str) and value.startswith("{") else {}


def _protected(attrs: dict) -> bool:
    return attrs.get("role") in NOT_TARGETS or bool(attrs.get("protected"))


def operational_members(nodes: pd.DataFrame) -> tuple[set[int], set[int]]:
    """The actors that may be targets: identified people first, and every actor that is not
    protected (the fallback for cases without identified people).

    >>> roles = ['{"role": "recruiter"}', '{"role": "migrant"}', "{}"]
    >>> nodes = pd.DataFrame({"type": ["person", "person", "phone"], "attrs": roles}, index=[1, 2, 3])
    >>> operational_members(nodes)
    ({1}, {1, 3})
    """
    shielded = {int(e) for e, a in nodes["attrs"].items() if _protected(_attrs(a))}
    people = {int(e) for e in nodes.index[nodes["type"] == "person"]} - shielded
    return people, {int(e) for e in nodes.index} - shielded


def operational_network(net: ActorNet, *, min_weight: float = STRONG_TIE) -> tuple[ig.Graph, list[int]]:
    """The operation's 2-core: its members (see :func:`operational_members`) joined by ties of
    at least ``min_weight``, each with two such ties or more; and the entity id of each vertex.

    >>> import networkx as nx
    >>> from app.graph.engine import from_networkx
    >>> g = nx.cycle_graph(4)
    >>> nx.set_edge_attributes(g, 2.0, "weight")
    >>> g.add_edge(0, 9, weight=1.0)  # one call from a stranger
    >>> operational_network(from_networkx(g))[1]
    [0, 1, 2, 3]
    """
    g = net.graph
    strong = np.flatnonzero(np.asarray(g.es["weight"], dtype=float) >= min_weight).tolist()
    ties = g.subgraph_edges(strong, delete_vertices=False)
    for members in operational_members(net.nodes):
        keep = [v for v, e in enumerate(net.ids) if e in members]
        sub = ties.induced_subgraph(keep)
        core = [v for v, k in enumerate(sub.coreness()) if k >= 2]
        if core:
            return sub.induced_subgraph(core), [net.ids[keep[v]] for v in core]
    return ig.Graph(), []


def key_players(net: ActorNet, k: int = 10, *, min_weight: float = STRONG_TIE) -> list[int]:
    """Up to ``k`` members of the operational network (:func:`operational_network`) whose
    arrest, one after another, breaks it most: each time the member on the most shortest paths
    between the others that remain (adaptive betweenness, the most damaging of the simple
    attacks in Holme et al. 2002; a greedy answer to Borgatti's key player problem).

    >>> import networkx as nx
    >>> from app.graph.engine import from_networkx
    >>> g = nx.barbell_graph(4, 1)  # two cliques of four joined through node 4
    >>> nx.set_edge_attributes(g, 2.0, "weight")
    >>> key_players(from_networkx(g), 1)
    [4]
    """
    core, ids = operational_network(net, min_weight=min_weight)
    g, names = core.copy(), list(ids)
    chosen: list[int] = []
    cutoff = None if g.vcount() <= KEY_PLAYER_EXACT else 3
    while len(chosen) < k and g.vcount():
        between, degree = g.betweenness(directed=False, cutoff=cutoff), g.degree()
        v = max(range(g.vcount()), key=lambda i: (between[i], degree[i]))
        chosen.append(names.pop(v))
        g.delete_vertices(v)
    return chosen


def fragmentation(g: ig.Graph, n0: int, *, seed: int = 7) -> dict[str, float]:
    """Largest component share (of the original ``n0`` actors), components, efficiency.

    >>> fragmentation(ig.Graph.Ring(6), 6)["largest_share"]
    1.0
    """
    if g.vcount() == 0:
        return {"largest_share": 0.0, "components": 0, "efficiency": 0.0}
    comps = g.connected_components()
    n = g.vcount()
    wanted = EFFICIENCY_SOURCES if n <= LARGE else EFFICIENCY_SOURCES // 4
    sources = list(range(n)) if n <= wanted else random.Random(seed).sample(range(n), wanted)
    dist = np.asarray(g.distances(source=sources), dtype=float)
    with np.errstate(divide="ignore"):
        inv = np.where(np.isfinite(dist) & (dist > 0), 1.0 / dist, 0.0)
    efficiency = inv.sum() / (len(sources) * max(n0 - 1, 1))
    return {
        "largest_share": max(comps.sizes()) / n0,
        "components": len(comps),
        "efficiency": float(efficiency),
    }


def disruption(
    net: ActorNet,
    rankings: dict[str, list[int]],
    *,
    steps: int = 10,
    random_runs: int = 5,
    seed: int = 7,
    min_weight: float = STRONG_TIE,
) -> dict:
    """Fragmentation of the operational network (:func:`operational_network`) as the top
    ``steps`` of each ranking are removed, against the mean of ``random_runs`` random removals.

    ``rankings`` maps a strategy name to entity ids, best first (hub score, brokerage, a
    hand-picked list); actors outside the operational network (a migrant, a stranger) are
    passed over, the next ones in the ranking taken.  ``curves`` holds the largest component's
    share after 0, 1, … removals; ``table`` the final share, components and efficiency;
    ``removed`` whom each strategy removed, in order.

    >>> import networkx as nx
    >>> from app.graph.engine import from_networkx
    >>> g = nx.barbell_graph(4, 0)
    >>> nx.set_edge_attributes(g, 2.0, "weight")
    >>> disruption(from_networkx(g), {"bridge": [3]}, steps=1)["curves"]["bridge"]
    [1.0, 0.5]
    """
    core, ids = operational_network(net, min_weight=min_weight)
    n0 = core.vcount()
    pos = {e: i for i, e in enumerate(ids)}
    removals = _Removals(core)
    table = []
    curves: dict[str, list[float]] = {}
    removed: dict[str, list[dict]] = {}
    for name, ranked in rankings.items():
        order = [pos[e] for e in ranked if e in pos][:steps]
        removed[name] = [_actor(net, ids[v]) for v in order]
        curves[name] = [_largest(removals, order[:k], n0) for k in range(len(order) + 1)]
        keep = sorted(set(range(n0)) - set(order))
        final = fragmentation(core.induced_subgraph(keep), n0, seed=seed)
        table.append(
            [
                name,
                len(order),
                round(final["largest_share"], 3),
                final["components"],
                round(final["efficiency"], 4),
            ]
        )
    if n0:
        curves["random (mean)"], row = _random_removals(removals, n0, steps, random_runs, seed)
        table.append(row)
    base = fragmentation(core, n0, seed=seed) if n0 else {"efficiency": 0.0}
    return {
        "actors_in_core": n0,
        "baseline_efficiency": round(base["efficiency"], 4),
        "curves": curves,
        "columns": ["strategy", "removed", "largest component share", "components", "efficiency"],
        "table": table,
        "measure": MEASURE,
        "removed": removed,
    }


def _actor(net: ActorNet, entity: int) -> dict:
    label = net.nodes.at[entity, "label"] if entity in net.nodes.index else ""
    return {"id": str(entity), "label": str(label or entity)}


def _random_removals(
    removals: _Removals, n0: int, steps: int, runs: int, seed: int
) -> tuple[list[float], list]:
    """The mean curve of ``runs`` random removals and its table row (mean components)."""
    rng = random.Random(seed)
    orders = [rng.sample(range(n0), min(steps, n0)) for _ in range(runs)]
    values = np.mean([[_largest(removals, o[:k], n0) for k in range(len(o) + 1)] for o in orders], axis=0)
    parts = np.mean([len(removals.component_sizes(o)) for o in orders])
    row = ["random (mean)", len(values) - 1, round(float(values[-1]), 3), round(float(parts), 1), ""]
    return [round(float(v), 4) for v in values], row


def _largest(removals: _Removals, removed: list[int], n0: int) -> float:
    if n0 == 0:
        return 0.0
    return round(int(removals.component_sizes(removed).max(initial=0)) / n0, 4)
