"""The case briefing a prosecutor reads, as self-contained HTML and as PDF.

One :class:`Briefing` (sections of text, tables and figures) is assembled from the case and
its analysis, then rendered by :func:`app.exports.briefing_render.render_html` or
:func:`~app.exports.briefing_render.render_pdf`, so both documents say the same thing.  The analyst chooses the sections and may replace the generated summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from app.analysis import AnalysisResult
from app.exports import figures
from app.exports.dataset import ExportData
from app.graph.store import CaseStore
from app.language import Language

SECTIONS = (
    "summary",
    "actors",
    "network",
    "routes",
    "timeline",
    "money",
    "disruption",
    "protection",
    "sources",
)


@dataclass
class Section:
    """A part of the briefing: text, a table (its first :data:`TABLE_ROWS` rows), a figure, then
    further tables each with a sentence above it, and notes (where the rest of a table is)."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None
    figure: Figure | None = None
    colours: list[str] = field(default_factory=list)  # a swatch per row of ``table``
    more: list[tuple[str, tuple[list[str], list[list[str]]]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Briefing:
    title: str
    subtitle: str
    author: str
    handling: str
    generated: str
    notice: str
    sections: list[Section]
    language: str = "en"


# ------------------------------------------------------------------ assembling


def _label(data: ExportData, entity_id) -> str:
    """An actor's name as the briefing prints it: a protected person's pseudonym, and two
    actors of the same name told apart (:attr:`AnalysisResult.names`)."""
    try:
        i = int(entity_id)
    except (TypeError, ValueError):
        return str(entity_id)
    if not data.pseudonyms.is_protected(i) and i in data.analysis.names:
        name = data.analysis.names[i]
        ending = re.search(r"\(…(\d+)\)$", name)
        hidden = getattr(data.pseudonyms, "hidden_numbers", ())
        if not ending or not any(h.endswith(ending.group(1)) for h in hidden):
            return name  # (never the end of a number withheld for a protected person)
    match = data.nodes.loc[data.nodes["id"] == i, "label"]
    return str(match.iloc[0]) if len(match) else str(entity_id)


def _named_flows(data: ExportData, flows: list[dict]) -> list[dict]:
    """Money flows (or a chain's steps) with payer and receiver named as :func:`_label` does."""
    out = []
    for f in data.pseudonyms.flows(flows):
        f = dict(f)
        for end in ("from", "to"):
            if str(f.get(f"{end}_id", "")).isdigit():
                f[end] = _label(data, f[f"{end}_id"])
        out.append(f)
    return out


def _sources_of(case: CaseStore, actor_ids: list[int], actors: pd.DataFrame) -> dict[int, str]:
    """The source files (with grading) behind each actor, through the phones they use
    (``actors``: :meth:`CaseStore.actor_frame`)."""
    if not actor_ids:
        return {}
    wanted = actors[actors["actor"].isin(actor_ids)]
    out: dict[int, set[str]] = {}
    rows = case.entity_sources(list(wanted["entity"]))
    actor_of = dict(zip(wanted["entity"], wanted["actor"], strict=True))
    for entity, name, rel, cred in rows:
        out.setdefault(int(actor_of.get(entity, entity)), set()).add(f"{name} ({rel}{cred})")
    return {k: "; ".join(sorted(v)) for k, v in out.items()}


def _summary(case: CaseStore, data: ExportData, lang: Language) -> list[str]:
    a = data.analysis
    counts = case.counts()
    hubs, brokers = a.ranked_hubs()[:3], a.ranked_brokers()[:3]
    text = [
        lang.t(
            "This briefing covers {entities} and {links} drawn from {sources} ({events}).",
            entities=lang.plural(counts["entities"], "entity", "entities"),
            links=lang.plural(counts["links"], "link"),
            sources=lang.plural(counts["sources"], "source"),
            events=lang.plural(counts["events"], "dated event"),
        )
    ]
    if hubs:
        names = ", ".join(
            lang.t("{name} (hub score {score})", name=_label(data, h["id"]), score=lang.number(h["score"], 2))
            for h in hubs
        )
        text.append(
            lang.t(
                "The actors at the centre of the network, and the likeliest organisers, are {names}.",
                names=names,
            )
        )
    if brokers:
        names = ", ".join(
            lang.t(
                "{name} (broker score {score})", name=_label(data, b["id"]), score=lang.number(b["score"], 2)
            )
            for b in brokers
        )
        text.append(
            lang.t(
                "The actors who connect otherwise separate parts of the network, and who would be "
                "the most disruptive to remove, are {names}.",
                names=names,
            )
        )
    clusters = a.route_clusters
    if clusters:
        paths = lang.t("; ").join(
            f"{' → '.join(c.get('waypoints', []))} ({lang.plural(c.get('journeys', 0), 'journey')})"
            for c in clusters
        )
        text.append(
            lang.t("Journeys fall into one corridor: {paths}.", paths=paths)
            if len(clusters) == 1
            else lang.t("Journeys fall into {n} corridors: {paths}.", n=len(clusters), paths=paths)
        )
    money = _money(a)
    if money.get("total"):
        text.append(
            lang.t(
                "{money} entered the network in recorded transfers and payments ({n}); money "
                "passed "
                "on from one actor to another is counted once.",
                money=lang.money(money["total"], money.get("currency") or data.currency),
                n=lang.plural(money.get("transfers", 0), "transfer"),
            )
        )
    protection = a.protection
    if protection:
        minors = sum(1 for p in protection if "minor" in p.get("flags", []))
        text.append(
            lang.t(
                "{n} interviewed migrants reported vulnerabilities and are listed for protection "
                "referral ({minors} of them minors).",
                n=lang.number(len(protection)),
                minors=lang.number(minors),
            )
        )
    return text


def _community_name(data: ExportData, community) -> str:
    """The name a community goes by, as the export shows it (a migrant's pseudonym, never the name)."""
    if community.leader >= 0:
        return data.pseudonyms.label(community.leader, _label(data, community.leader))
    if community.members:
        return data.pseudonyms.label(community.members[0], _label(data, community.members[0]))
    return str(community.label)


def _money(analysis: AnalysisResult) -> dict:
    money = analysis.money or {}
    return money if isinstance(money, dict) else {"flows": list(money)}


def _flows(analysis: AnalysisResult) -> list[dict]:
    return list(_money(analysis).get("flows") or [])


def _actors_section(case: CaseStore, data: ExportData, lang: Language, actors: pd.DataFrame) -> Section:
    a = data.analysis
    rows, seen = [], set()
    ranked = [("hub", h) for h in a.ranked_hubs()[:15]] + [("broker", b) for b in a.ranked_brokers()[:15]]
    ids = [int(x["id"]) for _, x in ranked if str(x.get("id", "")).isdigit()]
    sources = _sources_of(case, ids, actors)
    roles = a.roles()
    for kind, item in ranked:
        key = str(item.get("id"))
        if key in seen:
            continue
        seen.add(key)
        entity = int(key) if key.isdigit() else -1
        role = roles.get(key) or ""
        phones = ", ".join(data.pseudonyms.phones(entity, item.get("phones", []))[:3])
        role = role if isinstance(role, str) else ", ".join(role)
        rows.append(
            [
                _label(data, key),
                lang.word(item.get("type", "")),
                lang.t(kind),
                lang.number(float(item.get("score", 0)), 3),
                lang.word(role) if role else "",
                phones,
                sources.get(entity, ""),
            ]
        )
    headers = ["Actor", "Type", "Ranked as", "Score", "Suggested role", "Numbers", "Sources"]
    return Section(
        "actors",
        lang.t("Key actors"),
        [
            lang.t(
                "Ranked by the hub score (how central an actor is: contacts, weighted by evidence, and the "
                "importance of those contacts) and the broker score (how often an actor lies on the shortest "
                "path between others). Sources are the files behind each actor, with their grading."
            )
        ],
        ([lang.t(h) for h in headers], rows),
    )


def _network_section(case: CaseStore, data: ExportData, lang: Language, actors: pd.DataFrame) -> Section:
    from app.graph.networks import actor_outline

    # The shape of the actor graph only (no labels, attributes, dates): the figure draws at
    # most ACTORS_DRAWN actors, or one disc per community, and the text counts.
    nodes, edges = actor_outline(case, actors)
    communities = dict(zip(data.nodes["id"], data.nodes["community"], strict=True))
    coms = data.analysis.communities
    names = {c.id: _community_name(data, c) for c in coms}
    if len(nodes) > figures.ACTORS_DRAWN:
        fig = figures.community_network_figure(nodes, edges, communities=communities, names=names, tr=lang.t)
    else:
        graph = nx.Graph()
        graph.add_nodes_from(nodes.tolist())
        graph.add_edges_from(
            (u, v, {"weight": w})
            for u, v, w in zip(
                edges["u"].tolist(), edges["v"].tolist(), edges["weight"].tolist(), strict=True
            )
        )
        scores = {
            int(h["id"]): float(h["score"])
            for h in data.analysis.ranked_hubs()
            if str(h.get("id", "")).isdigit()
        }
        if not scores:
            scores = {n: float(d) for n, d in graph.degree(weight="weight")}
        labels = dict(zip(data.nodes["id"], data.nodes["label"], strict=True))
        for i, name in data.analysis.names.items():  # two of the same name told apart
            if i in labels and not data.pseudonyms.is_protected(i):
                labels[i] = name
        fig = figures.network_figure(
            graph, communities=communities, scores=scores, labels=labels, names=names, tr=lang.t
        )
    rows = [
        [lang.word(figures.colour_name(c.id)), str(c.id), lang.number(c.size), _community_name(data, c)]
        for c in coms
    ]
    return Section(
        "network",
        lang.t("The network"),
        [
            lang.t(
                "{actors} and {relationships} after phones and accounts were attributed to the people who use them. "
                "Colours are communities found by the Louvain method: groups that talk and pay among themselves more "
                "than with others; the table gives each colour's community.",
                actors=lang.plural(len(nodes), "actor"),
                relationships=lang.plural(len(edges), "relationship"),
            )
        ],
        ([lang.t(h) for h in ("Colour", "Community", "Actors", "Named after")], rows),
        fig,
        colours=[figures.colour(c.id) for c in coms],
    )


def _routes_section(case: CaseStore, data: ExportData, lang: Language) -> Section:
    legs = case.legs_frame()
    places = data.nodes[data.nodes["type"] == "location"]
    places = pd.DataFrame(
        {
            "id": places["id"],
            "label": places["label"],
            "lat": [a.get("lat") for a in places["attrs"]],
            "lon": [a.get("lon") for a in places["attrs"]],
        }
    )
    clusters = data.analysis.route_clusters
    fig = figures.route_map_figure(legs, places, clusters=clusters, tr=lang.t)
    rows = [
        [
            str(c.get("id", k)),
            " → ".join(c.get("waypoints", [])),
            lang.number(c.get("journeys", 0)),
            lang.numbers_in(str(c.get("price_range", ""))),
            ", ".join(_label(data, f) for f in c.get("facilitators", [])),
        ]
        for k, c in enumerate(clusters)
    ]
    journeys = legs["journey"].nunique() if not legs.empty else 0
    headers = ("Cluster", "Main path", "Journeys", "Price range", "Facilitators")
    return Section(
        "routes",
        lang.t("Corridors"),
        [
            lang.t(
                "{journeys} are known, from interviews and route data, grouped into corridors by the legs and "
                "waypoints "
                "they share.",
                journeys=lang.plural(journeys, "journey"),
            )
        ],
        ([lang.t(h) for h in headers], rows),
        fig,
    )


def _timeline_section(case: CaseStore, lang: Language) -> Section:
    # Counted per day and type in the case file, not read event by event.
    days = case.events_per_day().rename(columns={"day": "ts"})
    legs = case.legs_frame()
    total = int(days["n"].sum())
    first, last = case.events_span() if total else (None, None)
    span = ""
    if first is not None:
        span = lang.t(" from {start} to {end}", start=lang.date(first), end=lang.date(last))
    return Section(
        "timeline",
        lang.t("Timeline"),
        [f"{lang.number(total)} {lang.t('dated calls, messages and transfers')}{span}."],
        None,
        figures.timeline_figure(days, legs, tr=lang.word),
    )


def _money_section(data: ExportData, lang: Language) -> Section:
    money = _money(data.analysis)
    currency = money.get("currency") or data.currency
    flows = _named_flows(data, _flows(data.analysis))
    rows = [
        [
            str(f.get("from", "")),
            str(f.get("to", "")),
            lang.number(float(f.get("amount") or 0)),
            lang.number(int(f.get("count") or 0)),
            lang.date(f.get("first")),
            lang.date(f.get("last")),
        ]
        for f in sorted(flows, key=lambda f: -float(f.get("amount") or 0))
    ]
    headers = [
        lang.t("From"),
        lang.t("To"),
        lang.t("Amount ({currency})", currency=currency),
        lang.t("Transfers"),
        lang.t("First"),
        lang.t("Last"),
    ]
    chains = [
        dict(
            c,
            path=[_label(data, i) for i in c.get("ids", [])] or c.get("path", []),
            steps=_named_flows(data, c.get("steps", [])),
        )
        for c in data.pseudonyms.chains(money.get("chains", []))
    ]
    chain_rows = [
        [
            " → ".join(c.get("path", [])),
            lang.number(float(c.get("amount") or 0)),
            lang.t("; ").join(
                f"{s['from']} → {s['to']}{lang.t(': ')}{lang.number(s['amount'])} "
                f"({lang.date(s.get('first'))}"
                + (f" – {lang.date(s.get('last'))}" if s.get("last") != s.get("first") else "")
                + ")"
                for s in c.get("steps", [])
            ),
            lang.t("yes") if c.get("organiser") else lang.t("no"),
        ]
        for c in chains
    ]
    chain_headers = [
        lang.t("Chain"),
        lang.t("Amount ({currency})", currency=currency),
        lang.t("Steps"),
        lang.t("Ends at an organiser"),
    ]
    section = Section(
        "money",
        lang.t("Money flows"),
        [
            lang.t(
                "Money that entered the network: {money}, from {n}. Amounts are converted to {currency} with "
                "the case's "
                "rates table (original amounts are kept in the case); money passed on from one actor to another is "
                "counted once.",
                money=lang.money(float(money.get("total") or 0), currency),
                n=lang.plural(int(money.get("transfers") or 0), "transfer"),
                currency=currency,
            )
        ],
        (headers, rows),
        figures.money_figure(flows, currency=currency, tr=lang.t) if flows else None,
    )
    if chain_rows:
        section.more.append(
            (
                lang.t(
                    "Chains of payments: payer → collector → … → receiver, each step "
                    "with its "
                    "amount and dates; the chain's amount is its smallest step (what "
                    "can have "
                    "passed all the way)."
                ),
                (chain_headers, chain_rows),
            )
        )
    return section


def _disruption_cell(value, lang: Language) -> str:
    if isinstance(value, str):
        return lang.word(value)
    if isinstance(value, float) and not value.is_integer():
        return lang.number(value, min(4, len(repr(value).partition(".")[2])))
    return lang.number(value)


def _disruption_section(data: ExportData, lang: Language) -> Section:
    d = data.analysis.disruption or {}
    curves = d.get("curves", {}) if isinstance(d, dict) else {}
    rows = [[_disruption_cell(x, lang) for x in r] for r in d.get("table", [])] if isinstance(d, dict) else []
    header = [lang.word(str(h)) for h in d.get("columns", [])] if isinstance(d, dict) else []
    measure = lang.word(str(d.get("measure", ""))) if isinstance(d, dict) else ""
    return Section(
        "disruption",
        lang.t("Disruption"),
        [
            lang.t(
                "What happens to the smuggling operation when its top actors are arrested, compared with "
                "arresting members at random: the faster its largest connected part shrinks, the more it "
                "depends "
                "on them."
            )
            + (" " + measure if measure else "")
        ],
        (header, rows) if rows and header else None,
        figures.disruption_figure(curves, tr=lang.word) if curves else None,
    )


def _protection_section(data: ExportData, lang: Language) -> Section:
    items = data.analysis.protection
    shown = dict(zip(data.nodes["id"].astype(int), data.nodes["label"], strict=True))

    def person(p: dict) -> str:
        if data.pseudonyms.reveal:
            return str(p.get("ref"))
        entity = str(p.get("id", ""))
        return str(shown.get(int(entity), p.get("ref"))) if entity.isdigit() else str(p.get("ref"))

    rows = [
        [person(p), ", ".join(lang.word(f) for f in p.get("flags", [])), str(p.get("interview_id", ""))]
        for p in items
    ]
    return Section(
        "protection",
        lang.t("Protection referrals"),
        [
            lang.t(
                "Migrants whose interviews record a vulnerability. They are witnesses and victims: refer them to the "
                "protection services; the interview reference identifies them to authorised staff."
            )
        ],
        ([lang.t("Person"), lang.t("Vulnerabilities"), lang.t("Interview")], rows),
    )


def _sources_section(data: ExportData, lang: Language) -> Section:
    rows = (
        [
            [
                str(s.get("id")),
                str(s.get("file_name")),
                lang.word(str(s.get("kind"))),
                f"{s.get('reliability')}{s.get('credibility')}",
                str(s.get("exhibit") or ""),
                lang.number(int(s.get("rows_read") or 0)),
            ]
            for s in data.sources.to_dict("records")
        ]
        if not data.sources.empty
        else []
    )
    return Section(
        "sources",
        lang.t("Appendix: sources"),
        [
            lang.t(
                "Grading: reliability of the source A (completely reliable) to F (cannot be judged); credibility of "
                "the information 1 (confirmed) to 6 (cannot be judged)."
            )
        ],
        ([lang.t(h) for h in ("#", "File", "Kind", "Grading", "Exhibit", "Rows")], rows),
    )


#: Rows a section's table shows before the rest goes to the appendix of full tables.
TABLE_ROWS = 40


def _overflow(sections: list[Section], lang: Language) -> Section | None:
    """Tables longer than :data:`TABLE_ROWS` are shown in full in a last appendix, the section
    saying so under its first rows: nothing is dropped without a word."""
    appendix = Section("appendix", lang.t("Appendix: full tables"))
    for s in sections:
        tables = ([(None, s.table)] if s.table else []) + list(s.more)
        for _intro, (header, rows) in tables:
            if len(rows) > TABLE_ROWS:
                more = lang.number(len(rows) - TABLE_ROWS)
                s.notes.append(lang.t("… {n} more rows: see “{appendix}”.", n=more, appendix=appendix.title))
                title = lang.t("{title} (continued)", title=s.title)
                appendix.more.append((title, (header, rows[TABLE_ROWS:])))
    return appendix if appendix.more else None


def build_briefing(
    case: CaseStore,
    data: ExportData,
    *,
    sections=SECTIONS,
    summary: str | None = None,
    author: str = "",
    handling: str = "",
    language: str = "en",
) -> Briefing:
    """Assemble the briefing's content (text, tables, figures) once for both renderers, in
    ``language`` (``en`` or ``fr``: words, numbers and dates)."""
    lang = Language(language)
    read: list[pd.DataFrame] = []

    def actors() -> pd.DataFrame:  # who uses which phone: read once for the sections needing it
        if not read:
            read.append(case.actor_frame())
        return read[0]

    makers = {
        "summary": lambda: Section(
            "summary",
            lang.t("Executive summary"),
            summary.split("\n\n") if summary else _summary(case, data, lang),
        ),
        "actors": lambda: _actors_section(case, data, lang, actors()),
        "network": lambda: _network_section(case, data, lang, actors()),
        "routes": lambda: _routes_section(case, data, lang),
        "timeline": lambda: _timeline_section(case, lang),
        "money": lambda: _money_section(data, lang),
        "disruption": lambda: _disruption_section(data, lang),
        "protection": lambda: _protection_section(data, lang),
        "sources": lambda: _sources_section(data, lang),
    }
    unknown = set(sections) - set(makers)
    if unknown:
        raise ValueError(f"unknown briefing sections: {', '.join(sorted(unknown))}")
    built = [_named(makers[k](), lang) for k in SECTIONS if k in sections]
    if lang.code != "en":  # the figures' tick numbers in the language's conventions
        for section in built:
            if section.figure is not None:
                figures.in_language(section.figure, lang.number)
    appendix = _overflow(built, lang)
    return Briefing(
        data.title,
        lang.t("Case briefing"),
        author,
        handling or case.get_meta("handling"),
        lang.date(date.today()),
        _notice(data, lang),
        built + ([appendix] if appendix else []),
        lang.code,
    )


def _named(section: Section, lang: Language) -> Section:
    """Pseudonyms in the briefing's language (``Témoin W-…``), their codes unchanged."""
    if lang.code == "en":
        return section

    def table(t):
        return None if t is None else (t[0], [[lang.names(c) for c in row] for row in t[1]])

    section.paragraphs = [lang.names(p) for p in section.paragraphs]
    section.table = table(section.table)
    section.more = [(lang.names(intro), table(t)) for intro, t in section.more]
    return section


def _notice(data: ExportData, lang: Language) -> str:
    if lang.code == "en":
        return data.notice
    if data.pseudonyms.reveal:
        return lang.t(
            "IDENTITIES REVEALED: migrants and protected persons appear under their real "
            "names at the "
            "analyst's explicit request."
        )
    return lang.t(
        "Migrants and protected persons ({n}) appear under stable pseudonyms; their numbers and "
        "accounts are withheld.",
        n=lang.plural(len(data.pseudonyms.protected), "entity", "entities"),
    )
