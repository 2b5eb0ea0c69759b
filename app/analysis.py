"""The analyst's questions answered in one pass: hubs, brokers, communities, route
clusters, money, disruption, protection and the network's evolution, as the JSON that
``ariadne analyze --json`` prints (CONTRACTS.md) with further keys the views and briefing use.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pandas as pd

from app.graph import brokerage, centrality, communities, disruption, engine, money, routes
from app.graph.networks import GraphFilter, actor_edges, actor_nodes
from app.graph.store import CaseStore
from app.progress import CancelToken, ProgressFn, check, report

#: One sentence per metric, shown beside every ranked table and in the briefing.
METRIC_EXPLANATIONS = {
    "degree": "How many different people, phones or accounts an actor is in touch with.",
    "strength": "Degree weighted by evidence: a saved contact, a payment or an interview naming someone "
    "counts more than one more call.",
    "pagerank": "Central if in touch with other central actors (the measure behind Google's ranking).",
    "eigenvector": "Like PageRank: high when one's contacts are themselves well connected.",
    "h_index": "The largest h such that an actor has h contacts with at least h contacts each: a crowd of "
    "migrants who each know only their recruiter does not raise it, the facilitators an organiser "
    "coordinates do.",
    "hub_score": "The mean of h-index, weighted degree, PageRank and eigenvector centrality, each scaled to "
    "its maximum: the likeliest organisers score highest.",
    "betweenness": "How often an actor lies on the shortest path between two others, a strong tie being a "
    "short step: the go-between.",
    "constraint": "Burt's constraint: low when an actor's contacts are not in touch with each other, "
    "so the actor controls what passes between them.",
    "effective_size": "Burt's effective size: the number of an actor's contacts who are not redundant.",
    "brokerage": "Gould–Fernandez roles: how often an actor passes something between two of the network's "
    "most central go-betweens in different communities (liaison, gatekeeper, representative, itinerant) "
    "or in one (coordinator).",
    "broker_score": "Betweenness, weighted up by the share of what an actor passes on between central "
    "go-betweens that crosses between communities: the likeliest cross-network brokers.",
    "communities": "Groups found by the Louvain method: people who call, pay and mention one another more "
    "than they do others. Modularity above 0.3 means the groups are clear.",
    "route_clusters": "Journeys grouped by the legs they share: one cluster per corridor, with the people "
    "who operated its legs.",
    "disruption": "How far the smuggling operation (identified people other than migrants, relatives and "
    "protected persons, joined by strong ties) falls apart when its top actors are removed, against "
    "removing its members at random.",
    "money": "Money that entered the network (what each actor paid out beyond what they received, so "
    "that money passed on is counted once), and its flows between actors, communities and countries, in "
    "the case currency.",
    "protection": "Interviewed migrants who reported a vulnerability, for referral to protection services.",
}

_PERSONISH = ("person", "phone", "account", "organisation", "unknown")


def _phones(nodes: pd.DataFrame, entity: int) -> list[str]:
    return list(nodes.at[entity, "phones"]) if entity in nodes.index else []


def _label(nodes: pd.DataFrame, entity: int) -> str:
    """The best-known name, or the entity number when the sources gave none."""
    value = nodes.at[entity, "label"] if entity in nodes.index else None
    return str(value) if isinstance(value, str) and value.strip() else f"#{entity}"


def _item(nodes: pd.DataFrame, entity: int, score: float) -> dict:
    label = _label(nodes, entity)
    kind = str(nodes.at[entity, "type"]) if entity in nodes.index else "unknown"
    return {
        "id": str(entity),
        "label": label,
        "type": kind,
        "score": round(float(score), 6),
        "phones": _phones(nodes, entity),
    }


#: The measures behind each hub and broker score, given with every ranked actor so that the
#: ranking can be explained (and checked) term by term.
HUB_COLUMNS = ("degree", "h_index", "strength", "pagerank", "eigenvector")
BROKER_COLUMNS = ("betweenness", "constraint", "effective_size", "cross_share")


def _terms(frame: pd.DataFrame, entity: int, columns: tuple[str, ...]) -> dict:
    counts = ("degree", "h_index")
    return {
        c: int(frame.at[entity, c]) if c in counts else round(float(frame.at[entity, c]), 6)
        for c in columns
        if c in frame.columns
    }


def _protection(case: CaseStore) -> list[dict]:
    out = []
    for r in case.node_frame().itertuples(index=False):
        if r.type != "person" or not r.attrs:
            continue
        attrs = json.loads(r.attrs)
        if attrs.get("role") == "migrant" and attrs.get("vulnerabilities"):
            out.append(
                {
                    "ref": str(attrs.get("ref", r.id)),
                    "flags": list(attrs["vulnerabilities"]),
                    "interview_id": str(attrs.get("interview_id", "")),
                    "id": str(r.id),
                }
            )
    return sorted(out, key=lambda p: (-("minor" in p["flags"]), -len(p["flags"]), p["ref"]))


def _actors_of(case: CaseStore, entities: set[int], nodes: pd.DataFrame) -> dict[int, int]:
    """entity -> the actor it stands for on the charts and in the tables (a phone's user)."""
    if entities <= set(nodes.index):
        return {e: e for e in entities}
    actor = case.actor_frame().set_index("entity")["actor"]
    return {e: int(actor.get(e, e)) for e in entities}


def analyze_case(
    case: CaseStore,
    *,
    top: int = 20,
    flt: GraphFilter | None = None,
    resolution: float = 1.0,
    seed: int = 7,
    previous_communities: dict[int, int] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> dict[str, Any]:
    """Every analysis on the actor network of ``case`` (within ``flt``'s time window, layers
    and grading), as one JSON-ready dict; ``timings`` says how long each step took."""
    flt = flt or GraphFilter()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str, fraction: float) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now
        check(cancel)
        report(progress, fraction, name)

    report(progress, 0.0, "building the actor network")
    nodes = actor_nodes(case)
    edges = actor_edges(case, flt)
    net = engine.build(nodes, edges)
    step("network", 0.15)
    hubs = centrality.hub_scores(net)
    step("hubs", 0.3)
    membership, modularity = communities.louvain(
        net, resolution=resolution, seed=seed, previous=previous_communities
    )
    step("communities", 0.45)
    brokers, how = brokerage.broker_scores(net, membership, seed=seed)
    step("brokers", 0.65)
    people = [e for e in hubs.index if e in nodes.index and nodes.at[e, "type"] in _PERSONISH]
    hub_list = [_item(nodes, e, hubs.at[e, "score"]) | _terms(hubs, e, HUB_COLUMNS) for e in people[:top]]
    broker_people = [e for e in brokers.index if e in nodes.index and nodes.at[e, "type"] in _PERSONISH]
    broker_list = [
        _item(nodes, e, brokers.at[e, "score"])
        | {
            "role": str(brokers.at[e, "main_role"]),
        }
        | _terms(brokers, e, BROKER_COLUMNS)
        for e in broker_people[:top]
    ]
    labels = {int(i): _label(nodes, int(i)) for i in nodes.index}
    com_list = _communities(nodes, membership, hubs, top)
    legs = case.legs_frame()
    place_labels = {
        int(r.id): str(r.label) for r in case.node_frame().itertuples(index=False) if r.type == "location"
    }
    clusters = routes.route_clusters(legs, place_labels, seed=seed)
    actor_of = _actors_of(case, {int(f) for c in clusters for f in c["facilitators"]}, nodes)
    for c in clusters:
        c["facilitator_ids"] = list(dict.fromkeys(actor_of[int(f)] for f in c["facilitators"]))
        c["facilitators"] = [labels.get(i, str(i)) for i in c["facilitator_ids"]]
    step("route clusters", 0.75)
    organisers = [int(h["id"]) for h in hub_list[:10]]
    money_result = money.money_summary(case, membership, labels, organisers, flt)
    step("money", 0.82)
    # whole rankings: the simulation takes the first ten who belong to the operational network
    rankings = {
        "hub score": hubs.index.astype(int).tolist(),
        "broker score": brokers.index.astype(int).tolist(),
        "key players": disruption.key_players(net, 10),
    }
    disruption_result = disruption.disruption(net, rankings, steps=10, seed=seed)
    step("disruption", 0.95)
    counts = case.counts()
    result = {
        "case": {
            "title": case.title,
            "entities": counts["entities"],
            "links": counts["links"],
            "sources": counts["sources"],
        },
        "hubs": hub_list,
        "brokers": broker_list,
        "communities": com_list,
        "route_clusters": [{k: v for k, v in c.items() if k != "path_ids"} for c in clusters],
        "protection": _protection(case),
        "modularity": round(modularity, 4),
        "betweenness_method": how,
        "roles": {
            str(e): str(brokers.at[e, "main_role"])
            for e in brokers.index[: top * 3]
            if brokers.at[e, "main_role"]
        },
        "money": money_result,
        "disruption": disruption_result,
        "network": {"actors": net.graph.vcount(), "relationships": net.graph.ecount()},
        "filter": {"from": flt.start, "to": flt.end, "layers": list(flt.layers)},
        "explanations": METRIC_EXPLANATIONS,
    }
    timings["total"] = round(sum(timings.values()), 3)
    result["timings"] = timings
    report(progress, 1.0, "analysis done")
    return result


def _communities(nodes: pd.DataFrame, membership: dict[int, int], hubs: pd.DataFrame, top: int) -> list[dict]:
    by_com: dict[int, list[int]] = {}
    for e, c in membership.items():
        by_com.setdefault(c, []).append(e)
    rank = {e: i for i, e in enumerate(hubs.index)}
    out = []
    for cid in sorted(by_com, key=lambda c: (-len(by_com[c]), c)):
        members = sorted(by_com[cid], key=lambda e: rank.get(e, 10**9))
        named = [e for e in members if e in nodes.index and nodes.at[e, "type"] == "person"]
        leader = named[0] if named else members[0]
        out.append(
            {
                "id": cid,
                "size": len(members),
                "label": _label(nodes, leader),
                "members": [
                    {
                        "id": str(e),
                        "label": _label(nodes, e),
                        "type": str(nodes.at[e, "type"]) if e in nodes.index else "unknown",
                        "phones": _phones(nodes, e),
                    }
                    for e in members[: max(top, 50)]
                ],
            }
        )
    return out


def format_report(result: dict) -> str:
    """The analysis as a readable text report."""
    lines = [
        f"Case: {result['case']['title']} — {result['case']['entities']:,} entities, "
        f"{result['case']['links']:,} links, {result['case']['sources']} sources",
        f"Actor network: {result['network']['actors']:,} actors, {result['network']['relationships']:,} "
        f"relationships; modularity {result['modularity']:.2f}",
        "",
        "HUBS (likeliest organisers) — " + METRIC_EXPLANATIONS["hub_score"],
    ]
    lines += [
        f"  {i:>2}. {h['label']:<32} {h['type']:<8} {h['score']:.3f}  {', '.join(h['phones'][:2])}"
        for i, h in enumerate(result["hubs"], 1)
    ]
    lines += [
        "",
        "BROKERS — " + METRIC_EXPLANATIONS["broker_score"] + f" (betweenness {result['betweenness_method']})",
    ]
    lines += [
        f"  {i:>2}. {b['label']:<32} {b['type']:<8} {b['score']:.3f}  {b.get('role', '')}"
        for i, b in enumerate(result["brokers"], 1)
    ]
    lines += ["", f"COMMUNITIES ({len(result['communities'])})"]
    lines += [
        f"  #{c['id']:<3} {c['size']:>5} actors, around {c['label']}" for c in result["communities"][:15]
    ]
    lines += ["", f"ROUTE CLUSTERS ({len(result['route_clusters'])})"]
    lines += [
        f"  #{c['id']:<3} {c['journeys']:>4} journeys  {' → '.join(c['waypoints'])}  {c['price_range']}"
        for c in result["route_clusters"]
    ]
    m = result["money"]
    lines += ["", f"MONEY: {m['total']:,.0f} {m['currency']} entered the network"]
    lines += [
        f"  {f['from']} → {f['to']}: {f['amount']:,.0f} ({f['count']} transfers)" for f in m["flows"][:8]
    ]
    lines += ["", f"PROTECTION: {len(result['protection'])} migrants with vulnerabilities"]
    lines += [
        f"  {p['ref']}: {', '.join(p['flags'])} ({p['interview_id']})" for p in result["protection"][:20]
    ]
    return "\n".join(lines)
