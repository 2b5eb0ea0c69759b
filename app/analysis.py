"""The analyst's questions answered in one pass: hubs, brokers, communities, route
clusters, money, disruption and protection, as an :class:`AnalysisResult` that the window,
the briefing and the exports read, and that turns into the JSON ``ariadne analyze --json``
prints (docs/interfaces.md).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import pandas as pd

from app.graph import brokerage, centrality, communities, disruption, engine, money, routes
from app.graph.networks import GraphFilter, actor_edges, actor_nodes, names_of
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


def _dump_strangers(case: CaseStore) -> set[int]:
    from app.graph.towerdump import dump_view

    view = dump_view(case)
    return view.strangers if view else set()


@dataclass
class Community:
    """One community of the actor network with its FULL membership, most central first."""

    id: int
    label: str
    members: list[int]
    #: the member it is named after (its most central person with a name)
    leader: int = -1
    #: how many members it has, where ``members`` lists only the first of them (a result
    #: rebuilt from JSON, whose member lists are cut); -1: all are listed
    listed_of: int = -1

    @property
    def size(self) -> int:
        return self.listed_of if self.listed_of >= 0 else len(self.members)


@dataclass
class AnalysisResult:
    """Everything one analysis found, as data: every actor's scores, every community's full
    membership, the brokers, route clusters, money, disruption and protection lists.

    The window, the briefing and the exports read this; :meth:`to_json` turns it into the
    object ``ariadne analyze --json`` prints (docs/interfaces.md), where rankings are cut to
    ``top`` and community members to ``max(top, 50)``.
    """

    case: dict[str, Any]
    #: One row per actor of the network (index: entity id): ``label``, ``type``, ``phones``.
    actors: pd.DataFrame
    #: Every actor's hub terms and ``score``, best first (:func:`app.graph.centrality.hub_scores`).
    hubs: pd.DataFrame
    #: The broker candidates' terms, ``main_role`` and ``score``, best first.
    brokers: pd.DataFrame
    communities: list[Community]
    route_clusters: list[dict]
    money: dict[str, Any]
    disruption: dict[str, Any]
    protection: list[dict]
    modularity: float
    betweenness_method: str
    network: dict[str, int]
    filter: GraphFilter
    top: int = 20
    timings: dict[str, float] = field(default_factory=dict)
    #: Actors seen only in tower dumps: kept in the network, never ranked as hubs or brokers.
    strangers: frozenset[int] = frozenset()
    #: Each actor's name as shown to the analyst, two of the same name told apart
    #: (:func:`app.graph.networks.names_of`); the ``label`` of the JSON stays the name alone.
    names: dict[int, str] = field(default_factory=dict)

    def name(self, entity, default: str = "") -> str:
        """The name :attr:`names` gives ``entity`` (an id, as int or str), else ``default``."""
        try:
            return self.names.get(int(entity), default)
        except (TypeError, ValueError):
            return default

    @property
    def membership(self) -> dict[int, int]:
        """Every actor's community id."""
        return {e: c.id for c in self.communities for e in c.members}

    def ranked_hubs(self, top: int | None = None) -> list[dict]:
        """The likeliest organisers (people, and phones or accounts standing for unknown users),
        best first, with the terms of their score; ``top`` defaults to the analysis's own."""
        ranked = self._personish_of(self.hubs.index)
        return [
            _item(self.actors, e, self.hubs.at[e, "score"]) | _terms(self.hubs, e, HUB_COLUMNS)
            for e in ranked[: self._top(top)]
        ]

    def ranked_brokers(self, top: int | None = None) -> list[dict]:
        """The likeliest brokers between groups, best first, with their main role and terms."""
        ranked = self._personish_of(self.brokers.index)
        return [
            _item(self.actors, e, self.brokers.at[e, "score"])
            | {"role": str(self.brokers.at[e, "main_role"])}
            | _terms(self.brokers, e, BROKER_COLUMNS)
            for e in ranked[: self._top(top)]
        ]

    def roles(self, top: int | None = None) -> dict[str, str]:
        """The main brokerage role of the ``3 × top`` best brokers that have one, by id."""
        role = self.brokers["main_role"] if len(self.brokers) else pd.Series(dtype=str)
        return {str(e): str(role.at[e]) for e in role.index[: self._top(top) * 3] if role.at[e]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnalysisResult:
        """A result rebuilt from the JSON of :meth:`to_json` (or a hand-written part of it, as
        tests and saved briefings hold): ranked actors, communities as listed, the rest as is.

        >>> r = AnalysisResult.from_json({"hubs": [{"id": "7", "label": "Salem", "score": 0.9}],
        ...                                "communities": [{"id": 0, "label": "Salem",
        ...                                                 "members": [{"id": "7"}]}]})
        >>> [h["label"] for h in r.ranked_hubs()], r.membership
        (['Salem'], {7: 0})
        """
        people: dict[int, dict] = {}
        for key in ("hubs", "brokers"):
            for item in data.get(key, []):
                people.setdefault(int(item["id"]), item)
        for com in data.get("communities", []):
            for m in com.get("members", []):
                people.setdefault(int(m["id"]), m)
        actors = pd.DataFrame(
            {
                "label": [str(v.get("label", "")) for v in people.values()],
                "type": [str(v.get("type", "person")) for v in people.values()],
                "phones": [list(v.get("phones", [])) for v in people.values()],
            },
            index=pd.Index(list(people), name="id", dtype="int64"),
        )
        roles = {int(k): str(v) for k, v in (data.get("roles") or {}).items()}

        def ranked(key: str) -> pd.DataFrame:
            items = data.get(key, [])
            frame = pd.DataFrame(
                {"score": [float(i.get("score", 0.0)) for i in items]},
                index=pd.Index([int(i["id"]) for i in items], dtype="int64"),
            )
            if key == "brokers":
                frame["main_role"] = [str(i.get("role") or roles.get(int(i["id"]), "")) for i in items]
            return frame

        communities = [
            Community(
                int(c["id"]),
                str(c.get("label", "")),
                [int(m["id"]) for m in c.get("members", [])],
                int(c["members"][0]["id"]) if c.get("members") else -1,
                int(c.get("size", -1)),
            )
            for c in data.get("communities", [])
        ]
        return cls(
            case=dict(data.get("case", {})),
            actors=actors,
            hubs=ranked("hubs"),
            brokers=ranked("brokers"),
            communities=communities,
            route_clusters=list(data.get("route_clusters", [])),
            money=dict(data.get("money", {})),
            disruption=dict(data.get("disruption", {})),
            protection=list(data.get("protection", [])),
            modularity=float(data.get("modularity", 0.0)),
            betweenness_method=str(data.get("betweenness_method", "")),
            network=dict(data.get("network", {})),
            filter=GraphFilter(),
            top=int(data.get("top", 20)),
        )

    def to_json(self, top: int | None = None) -> dict[str, Any]:
        """The documented JSON of ``ariadne analyze --json``."""
        top = self._top(top)
        return {
            "case": dict(self.case),
            "hubs": self.ranked_hubs(top),
            "brokers": self.ranked_brokers(top),
            "communities": [self._community_json(c, top) for c in self.communities],
            "route_clusters": self.route_clusters,
            "protection": self.protection,
            "modularity": round(self.modularity, 4),
            "betweenness_method": self.betweenness_method,
            "roles": self.roles(top),
            "money": self.money,
            "disruption": self.disruption,
            "network": dict(self.network),
            "filter": {"from": self.filter.start, "to": self.filter.end, "layers": list(self.filter.layers)},
            "explanations": METRIC_EXPLANATIONS,
            "timings": dict(self.timings),
        }

    def _top(self, top: int | None) -> int:
        return self.top if top is None else top

    def _personish_of(self, index: pd.Index) -> list[int]:
        """The entities of ``index`` that can be ranked, in order: people, and phones, accounts
        and organisations standing for unknown users; never a stranger from a tower dump."""
        types = self.actors["type"].reindex(index)
        keep = types.isin(_PERSONISH).to_numpy(dtype=bool) & ~index.isin(list(self.strangers))
        return [int(e) for e in index[keep]]

    def _community_json(self, c: Community, top: int) -> dict:
        nodes = self.actors
        return {
            "id": c.id,
            "size": c.size,
            "label": c.label,
            "members": [
                {
                    "id": str(e),
                    "label": _label(nodes, e),
                    "type": str(nodes.at[e, "type"]) if e in nodes.index else "unknown",
                    "phones": _phones(nodes, e),
                }
                for e in c.members[: max(top, 50)]
            ],
        }


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
) -> AnalysisResult:
    """Every analysis on the actor network of ``case`` (within ``flt``'s time window, layers
    and grading); ``timings`` says how long each step took.  ``top`` is how long the rankings
    of :meth:`AnalysisResult.to_json` are; the result itself keeps every actor."""
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
    hubs = centrality.hub_scores(net, cancel=cancel)
    step("hubs", 0.3)
    membership, modularity = communities.louvain(
        net, resolution=resolution, seed=seed, previous=previous_communities
    )
    step("communities", 0.45)
    brokers, how = brokerage.broker_scores(net, membership, seed=seed, cancel=cancel)
    step("brokers", 0.65)
    strangers = _dump_strangers(case)  # seen only in tower dumps: never ranked
    labels = {int(i): _label(nodes, int(i)) for i in nodes.index}
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
    people = [
        e for e in hubs.index if e in nodes.index and nodes.at[e, "type"] in _PERSONISH and e not in strangers
    ]
    organisers = [int(e) for e in people[:10]]
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
    result = AnalysisResult(
        case={
            "title": case.title,
            "entities": counts["entities"],
            "links": counts["links"],
            "sources": counts["sources"],
        },
        actors=nodes,
        hubs=hubs,
        brokers=brokers,
        communities=_communities(nodes, membership, hubs),
        route_clusters=[{k: v for k, v in c.items() if k != "path_ids"} for c in clusters],
        money=money_result,
        disruption=disruption_result,
        protection=_protection(case),
        modularity=modularity,
        betweenness_method=how,
        network={"actors": net.graph.vcount(), "relationships": net.graph.ecount()},
        filter=flt,
        top=top,
        timings=timings,
        strangers=frozenset(strangers),
        names=names_of(nodes, membership),
    )
    timings["total"] = round(sum(timings.values()), 3)
    report(progress, 1.0, "analysis done")
    return result


# ------------------------------------------------------------ the case's latest analysis


def result_text(result: AnalysisResult) -> str:
    """The whole result as JSON text (every frame with its dtypes), for the case to keep;
    :func:`result_from_text` gives back an equal result."""

    def frame(df: pd.DataFrame) -> dict:
        return {
            "index": [int(i) for i in df.index],
            "dtypes": {c: str(df[c].dtype) for c in df.columns},
            "columns": {c: df[c].tolist() for c in df.columns},
        }

    flt = result.filter
    return json.dumps(
        {
            "case": result.case,
            "actors": frame(result.actors),
            "hubs": frame(result.hubs),
            "brokers": frame(result.brokers),
            "communities": [asdict(c) for c in result.communities],
            "route_clusters": result.route_clusters,
            "money": result.money,
            "disruption": result.disruption,
            "protection": result.protection,
            "modularity": result.modularity,
            "betweenness_method": result.betweenness_method,
            "network": result.network,
            "filter": {
                "start": flt.start,
                "end": flt.end,
                "layers": list(flt.layers),
                "min_grading": str(flt.min_grading) if flt.min_grading else None,
                "include_extracted": flt.include_extracted,
            },
            "top": result.top,
            "timings": result.timings,
            "strangers": sorted(result.strangers),
            "names": {str(k): v for k, v in result.names.items()},
        },
        ensure_ascii=False,
        default=str,
    )


def result_from_text(text: str) -> AnalysisResult:
    """The result :func:`result_text` wrote.

    >>> r = AnalysisResult.from_json({"hubs": [{"id": "7", "label": "Salem", "score": 0.5}]})
    >>> again = result_from_text(result_text(r))
    >>> again.ranked_hubs() == r.ranked_hubs(), again.hubs.equals(r.hubs)
    (True, True)
    """
    from app.model import Grading

    data = json.loads(text)

    def frame(d: dict) -> pd.DataFrame:
        df = pd.DataFrame(d["columns"], index=pd.Index(d["index"], dtype="int64"), columns=list(d["dtypes"]))
        for column, dtype in d["dtypes"].items():
            if dtype != "object":
                df[column] = df[column].astype(dtype)
        return df

    f = data["filter"]
    return AnalysisResult(
        case=data["case"],
        actors=frame(data["actors"]),
        hubs=frame(data["hubs"]),
        brokers=frame(data["brokers"]),
        communities=[Community(**c) for c in data["communities"]],
        route_clusters=data["route_clusters"],
        money=data["money"],
        disruption=data["disruption"],
        protection=data["protection"],
        modularity=float(data["modularity"]),
        betweenness_method=data["betweenness_method"],
        network=data["network"],
        filter=GraphFilter(
            start=f["start"],
            end=f["end"],
            layers=tuple(f["layers"]),
            min_grading=Grading.parse(f["min_grading"]) if f["min_grading"] else None,
            include_extracted=bool(f["include_extracted"]),
        ),
        top=int(data["top"]),
        timings=data["timings"],
        strangers=frozenset(int(e) for e in data["strangers"]),
        names={int(k): str(v) for k, v in data.get("names", {}).items()},
    )


#: The form of a kept analysis; a case keeps analyses of an older form, never given back.
_KEPT_FORM = 2


def _analysis_key(flt: GraphFilter, resolution: float, seed: int) -> str:
    return f"form={_KEPT_FORM} {flt!r} resolution={resolution!r} seed={seed}"


def latest_analysis(
    case: CaseStore,
    *,
    fresh: bool = False,
    top: int = 20,
    flt: GraphFilter | None = None,
    resolution: float = 1.0,
    seed: int = 7,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> AnalysisResult:
    """The analysis of the case as it is now: the one kept in the case if nothing has changed
    since it was computed (the same result :func:`analyze_case` would give, computed once),
    else (or when ``fresh`` is asked for, as ``ariadne analyze`` does) a new one, kept in turn
    when the case can be written. Exports and briefings of an unchanged case then cost no
    analysis (docs/performance.md)."""
    flt = flt or GraphFilter()
    key = _analysis_key(flt, resolution, seed)
    kept = None if fresh else case.saved_analysis(key)
    if kept is not None:
        try:
            result = result_from_text(kept)
        except (ValueError, KeyError, TypeError):
            pass  # a kept analysis that cannot be read (a damaged row): computed again below
        else:
            report(progress, 1.0, "the case's latest analysis (unchanged since)")
            return replace(result, top=top)
    result = analyze_case(
        case, top=top, flt=flt, resolution=resolution, seed=seed, progress=progress, cancel=cancel
    )
    case.save_analysis(key, result_text(result))
    return result


def _communities(nodes: pd.DataFrame, membership: dict[int, int], hubs: pd.DataFrame) -> list[Community]:
    """Communities largest first, each named after its most central person."""
    by_com: dict[int, list[int]] = {}
    for e, c in membership.items():
        by_com.setdefault(c, []).append(e)
    rank = {e: i for i, e in enumerate(hubs.index)}
    out = []
    for cid in sorted(by_com, key=lambda c: (-len(by_com[c]), c)):
        members = sorted(by_com[cid], key=lambda e: rank.get(e, 10**9))
        named = [e for e in members if e in nodes.index and nodes.at[e, "type"] == "person"]
        # a contact saved under digits ("1503") names nobody: prefer a name with letters
        worded = [e for e in named if any(ch.isalpha() for ch in _label(nodes, e).lstrip("#"))]
        leader = (worded or named or members)[0]
        out.append(Community(cid, _label(nodes, leader), members, leader))
    return out


def format_report(analysis: AnalysisResult) -> str:
    """The analysis as a readable text report (what ``ariadne analyze`` prints)."""
    result = analysis.to_json()
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
