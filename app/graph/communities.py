"""Communities: groups that call, pay and mention one another more than they do others,
found by the Louvain method (igraph's multilevel; python-louvain is the reference it is
tested against), with modularity and ids kept stable between runs."""

from __future__ import annotations

from collections import Counter

from app.graph.engine import ActorNet, seeded


def louvain(
    net: ActorNet,
    *,
    resolution: float = 1.0,
    seed: int | None = 7,
    weight: str | None = "weight",
    previous: dict[int, int] | None = None,
) -> tuple[dict[int, int], float]:
    """(entity id -> community id, modularity).

    Community ids are ordered by size (0 is the largest) or, given ``previous`` (an earlier
    run's membership), matched to the earlier community they share most members with, so
    that a community keeps its number when its membership barely changes.

    Examples
    --------
    >>> import networkx as nx
    >>> from app.graph.engine import from_networkx
    >>> g = nx.barbell_graph(5, 0)
    >>> membership, q = louvain(from_networkx(g))
    >>> sorted(Counter(membership.values()).values()), round(q, 2)
    ([5, 5], 0.45)
    """
    g = net.graph
    if g.vcount() == 0:
        return {}, 0.0
    w = g.es[weight] if weight and g.ecount() else None
    with seeded(seed):
        parts = g.community_multilevel(weights=w, resolution=resolution)
    raw = {net.ids[i]: c for i, c in enumerate(parts.membership)}
    modularity = g.modularity(parts.membership, weights=w, resolution=resolution) if g.ecount() else 0.0
    return stable_ids(raw, previous), float(modularity)


def stable_ids(raw: dict[int, int], previous: dict[int, int] | None = None) -> dict[int, int]:
    """Renumber communities: by size, or matched to ``previous`` by largest overlap.

    >>> stable_ids({1: 5, 2: 5, 3: 9}, previous={1: 0, 2: 0, 3: 4})
    {1: 0, 2: 0, 3: 4}
    """
    members: dict[int, list[int]] = {}
    for node, c in raw.items():
        members.setdefault(c, []).append(node)
    order = sorted(members, key=lambda c: (-len(members[c]), min(members[c])))
    mapping: dict[int, int] = {}
    taken: set[int] = set()
    if previous:
        for c in order:
            votes = Counter(previous[n] for n in members[c] if n in previous)
            for old, _ in votes.most_common():
                if old not in taken:
                    mapping[c] = old
                    taken.add(old)
                    break
    next_id = max(taken, default=-1) + 1
    for c in order:
        if c not in mapping:
            mapping[c] = next_id
            next_id += 1
    return {node: mapping[c] for node, c in raw.items()}


def community_graph(graph, membership: dict[int, int]):
    """The network seen from above: one node per community (``size`` members, named after
    its best-connected member), links weighted by everything between two communities.

    Community ``c`` is node ``-(c + 1)``, so it can never be mistaken for an entity id.

    >>> import networkx as nx
    >>> g = nx.barbell_graph(3, 0)
    >>> overview = community_graph(g, {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1})
    >>> sorted(overview.nodes(data="size")), overview[-1][-2]["weight"]
    ([(-2, 3), (-1, 3)], 1.0)
    """
    import networkx as nx

    overview = nx.Graph()
    best: dict[int, tuple[float, int]] = {}
    for n in graph.nodes:
        c = membership.get(n)
        if c is None:
            continue
        strength = graph.degree(n, weight="weight")
        if c not in best or strength > best[c][0]:
            best[c] = (strength, n)
    sizes = Counter(c for n, c in membership.items() if n in graph)
    for c, count in sizes.items():
        leader = best[c][1]
        label = graph.nodes[leader].get("label", str(leader))
        overview.add_node(
            -(c + 1), label=f"{label} +{count - 1}", type="organisation", size=count, members=count
        )
    for u, v, d in graph.edges(data=True):
        cu, cv = membership.get(u), membership.get(v)
        if cu is None or cv is None or cu == cv:
            continue
        a, b = -(cu + 1), -(cv + 1)
        w = float(d.get("weight", 1.0))
        if overview.has_edge(a, b):
            overview[a][b]["weight"] += w
            overview[a][b]["count"] += 1
        else:
            overview.add_edge(a, b, weight=w, count=1, types="between communities")
    return overview


def backbone(graph, *, per_node: int = 3):
    """The strongest links only: each node keeps its ``per_node`` heaviest links (a link stays
    if either end keeps it).  An overview where every community touches every other through
    a few weak calls is a hairball; its backbone shows which communities really work together.

    >>> import networkx as nx
    >>> g = nx.complete_graph(5)
    >>> nx.set_edge_attributes(g, 1.0, "weight")
    >>> g[0][1]["weight"] = g[2][3]["weight"] = 9.0
    >>> sorted(backbone(g, per_node=1).edges())
    [(0, 1), (0, 4), (2, 3)]
    """
    kept: set[tuple] = set()
    for n in graph.nodes:
        strongest = sorted(graph[n].items(), key=lambda item: (-item[1].get("weight", 1.0), str(item[0])))
        kept.update(tuple(sorted((n, m), key=str)) for m, _ in strongest[:per_node])
    out = graph.__class__()
    out.add_nodes_from(graph.nodes(data=True))
    out.add_edges_from((u, v, graph[u][v]) for u, v in kept)
    return out
