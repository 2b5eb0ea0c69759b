"""The case briefing a prosecutor reads, as self-contained HTML and as PDF.

One :class:`Briefing` (sections of text, tables and figures) is assembled from the case and
its analysis, then rendered by :func:`render_html` or :func:`render_pdf`, so both documents
say the same thing.  The analyst chooses the sections and may replace the generated summary.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import matplotlib
import pandas as pd
from fpdf import FPDF
from matplotlib.figure import Figure

from app.exports import figures
from app.exports.dataset import ExportData
from app.graph.store import CaseStore

SECTIONS = ("summary", "actors", "network", "routes", "timeline", "money", "disruption", "protection",
            "sources")


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list[str]]] | None = None
    figure: Figure | None = None


@dataclass
class Briefing:
    title: str
    subtitle: str
    author: str
    handling: str
    generated: str
    notice: str
    sections: list[Section]


# ------------------------------------------------------------------ assembling


def _label(data: ExportData, entity_id) -> str:
    try:
        i = int(entity_id)
    except (TypeError, ValueError):
        return str(entity_id)
    match = data.nodes.loc[data.nodes["id"] == i, "label"]
    return str(match.iloc[0]) if len(match) else str(entity_id)


def _sources_of(case: CaseStore, actor_ids: list[int]) -> dict[int, str]:
    """The source files (with grading) behind each actor, through the phones they use."""
    if not actor_ids:
        return {}
    actors = case.actor_frame()
    wanted = actors[actors["actor"].isin(actor_ids)]
    out: dict[int, set[str]] = {}
    ids = ",".join(str(int(e)) for e in wanted["entity"])
    rows = case.query(
        "SELECT e.canonical, s.file_name, s.reliability, s.credibility FROM evidence v "
        "JOIN entities e ON e.id = v.item_id JOIN sources s ON s.id = v.source_id "
        f"WHERE v.item = 'entity' AND e.canonical IN ({ids or '0'}) GROUP BY e.canonical, s.id")
    actor_of = dict(zip(wanted["entity"], wanted["actor"], strict=True))
    for entity, name, rel, cred in rows:
        out.setdefault(int(actor_of.get(entity, entity)), set()).add(f"{name} ({rel}{cred})")
    return {k: "; ".join(sorted(v)) for k, v in out.items()}


def _summary(case: CaseStore, data: ExportData) -> list[str]:
    a = data.analysis
    counts = case.counts()
    hubs, brokers = a.get("hubs", [])[:3], a.get("brokers", [])[:3]
    text = [f"This briefing covers {counts['entities']:,} entities and {counts['links']:,} links drawn from "
            f"{counts['sources']} sources ({counts['events']:,} dated events)."]
    if hubs:
        text.append("The actors at the centre of the network, and the likeliest organisers, are "
                    + ", ".join(f"{_label(data, h['id'])} (hub score {h['score']:.2f})" for h in hubs) + ".")
    if brokers:
        text.append("The actors who connect otherwise separate parts of the network, and who would be the "
                    "most disruptive to remove, are "
                    + ", ".join(f"{_label(data, b['id'])} (broker score {b['score']:.2f})" for b in brokers)
                    + ".")
    clusters = a.get("route_clusters", [])
    if clusters:
        paths = [f"{' → '.join(c.get('waypoints', [])[:6])} ({c.get('journeys', 0)} journeys)"
                 for c in clusters[:5]]
        text.append(f"Journeys fall into {len(clusters)} corridors: " + "; ".join(paths) + ".")
    flows = _flows(a)
    if flows:
        total = sum(float(f.get("amount") or 0) for f in flows)
        text.append(f"Recorded money flows between actors total {total:,.0f} {data.currency}.")
    protection = a.get("protection", [])
    if protection:
        minors = sum(1 for p in protection if "minor" in p.get("flags", []))
        text.append(f"{len(protection)} interviewed migrants reported vulnerabilities and are listed for "
                    f"protection referral ({minors} of them minors).")
    return text


def _flows(analysis: dict) -> list[dict]:
    money = analysis.get("money") or {}
    flows = money.get("flows") if isinstance(money, dict) else money
    return list(flows or [])


def _actors_section(case: CaseStore, data: ExportData) -> Section:
    a = data.analysis
    rows, seen = [], set()
    ranked = [("hub", h) for h in a.get("hubs", [])[:15]] + [("broker", b) for b in a.get("brokers", [])[:15]]
    ids = [int(x["id"]) for _, x in ranked if str(x.get("id", "")).isdigit()]
    sources = _sources_of(case, ids)
    roles = a.get("roles", {}) if isinstance(a.get("roles"), dict) else {}
    for kind, item in ranked:
        key = str(item.get("id"))
        if key in seen:
            continue
        seen.add(key)
        entity = int(key) if key.isdigit() else -1
        role = roles.get(key) or roles.get(entity) or ""
        phones = ", ".join(data.pseudonyms.phones(entity, item.get("phones", []))[:3])
        role = role if isinstance(role, str) else ", ".join(role)
        rows.append([_label(data, key), item.get("type", ""), kind, f"{float(item.get('score', 0)):.3f}",
                     role, phones, sources.get(entity, "")])
    return Section("actors", "Key actors", [
        "Ranked by the hub score (how central an actor is: contacts, weighted by evidence, and the "
        "importance of those contacts) and the broker score (how often an actor lies on the shortest "
        "path between others). Sources are the files behind each actor, with their grading."],
        (["Actor", "Type", "Ranked as", "Score", "Suggested role", "Numbers", "Sources"], rows))


def _network_section(case: CaseStore, data: ExportData) -> Section:
    from app.graph.networks import actor_graph

    graph = actor_graph(case)
    communities = dict(zip(data.nodes["id"], data.nodes["community"], strict=True))
    scores = {int(h["id"]): float(h["score"]) for h in data.analysis.get("hubs", [])
              if str(h.get("id", "")).isdigit()}
    if not scores:
        scores = {n: float(d) for n, d in graph.degree(weight="weight")}
    labels = dict(zip(data.nodes["id"], data.nodes["label"], strict=True))
    fig = figures.network_figure(graph, communities=communities, scores=scores, labels=labels)
    coms = data.analysis.get("communities", [])
    rows = [[str(c.get("id")), str(c.get("size", len(c.get("members", [])))), _named_after(data, c)]
            for c in coms[:12]]
    return Section("network", "The network", [
        f"{graph.number_of_nodes():,} actors and {graph.number_of_edges():,} relationships after phones and "
        "accounts were attributed to the people who use them. Colours are communities found by the Louvain "
        "method: groups that talk and pay among themselves more than with others."],
        (["Community", "Actors", "Named after"], rows), fig)


def _named_after(data: ExportData, community: dict) -> str:
    """The member a community is named after, under a pseudonym if protected."""
    label = str(community.get("label", ""))
    for member in community.get("members", []):
        key = str(member.get("id", ""))
        if key.isdigit() and str(member.get("label", label)) == label:
            return data.pseudonyms.label(int(key), label)
    return _label(data, label) if label.isdigit() else label


def _routes_section(case: CaseStore, data: ExportData) -> Section:
    legs = case.legs_frame()
    places = data.nodes[data.nodes["type"] == "location"]
    places = pd.DataFrame({"id": places["id"], "label": places["label"],
                           "lat": [a.get("lat") for a in places["attrs"]],
                           "lon": [a.get("lon") for a in places["attrs"]]})
    clusters = data.analysis.get("route_clusters", [])
    fig = figures.route_map_figure(legs, places, clusters=clusters)
    rows = [[str(c.get("id", k)), " → ".join(c.get("waypoints", [])), str(c.get("journeys", 0)),
             str(c.get("price_range", "")), ", ".join(_label(data, f) for f in c.get("facilitators", [])[:4])]
            for k, c in enumerate(clusters)]
    return Section("routes", "Corridors", [
        f"{legs['journey'].nunique() if not legs.empty else 0} journeys are known, from interviews and route "
        "data, grouped into corridors by the legs and waypoints they share."],
        (["Cluster", "Main path", "Journeys", "Price range", "Facilitators"], rows), fig)


def _timeline_section(case: CaseStore) -> Section:
    events = case.events_frame()
    legs = case.legs_frame()
    span = ""
    if not events.empty:
        span = f" from {str(events['ts'].min())[:10]} to {str(events['ts'].max())[:10]}"
    return Section("timeline", "Timeline", [f"{len(events):,} dated calls, messages and transfers{span}."],
                   None, figures.timeline_figure(events, legs))


def _money_section(data: ExportData) -> Section:
    flows = data.pseudonyms.flows(_flows(data.analysis))
    rows = [[str(f.get("from", "")), str(f.get("to", "")), f"{float(f.get('amount') or 0):,.0f}",
             str(f.get("count", ""))] for f in sorted(flows, key=lambda f: -float(f.get("amount") or 0))[:15]]
    return Section("money", "Money flows", [
        f"Amounts are converted to {data.currency} with the case's rates table; original amounts are kept in "
        "the case."], (["From", "To", f"Amount ({data.currency})", "Transfers"], rows),
        figures.money_figure(flows, currency=data.currency) if flows else None)


def _disruption_section(data: ExportData) -> Section:
    d = data.analysis.get("disruption") or {}
    curves = d.get("curves", {}) if isinstance(d, dict) else {}
    rows = [[str(x) for x in r] for r in d.get("table", [])] if isinstance(d, dict) else []
    header = [str(h) for h in d.get("columns", [])] if isinstance(d, dict) else []
    measure = d.get("measure", "") if isinstance(d, dict) else ""
    return Section("disruption", "Disruption", [
        "What happens to the smuggling operation when its top actors are arrested, compared with arresting "
        "members at random: the faster its largest connected part shrinks, the more it depends on them. "
        + measure],
        (header, rows) if rows and header else None,
        figures.disruption_figure(curves) if curves else None)


def _protection_section(data: ExportData) -> Section:
    items = data.analysis.get("protection", [])
    refs = {}
    for r in data.nodes.itertuples(index=False):
        ref = r.attrs.get("ref") if isinstance(r.attrs, dict) else None
        if ref:
            refs[str(ref)] = r.label
    shown = (lambda ref: ref) if data.pseudonyms.reveal else (lambda ref: refs.get(ref, "withheld"))
    rows = [[shown(str(p.get("ref"))), ", ".join(p.get("flags", [])), str(p.get("interview_id", ""))]
            for p in items]
    return Section("protection", "Protection referrals", [
        "Migrants whose interviews record a vulnerability. They are witnesses and victims: refer them to the "
        "protection services; the interview reference identifies them to authorised staff."],
        (["Person", "Vulnerabilities", "Interview"], rows))


def _sources_section(data: ExportData) -> Section:
    rows = [[str(s.get("id")), str(s.get("file_name")), str(s.get("kind")), f"{s.get('reliability')}"
             f"{s.get('credibility')}", str(s.get("exhibit") or ""), str(s.get("rows_read") or "")]
            for s in data.sources.to_dict("records")] if not data.sources.empty else []
    return Section("sources", "Appendix: sources", [
        "Grading: reliability of the source A (completely reliable) to F (cannot be judged); credibility of "
        "the information 1 (confirmed) to 6 (cannot be judged)."],
        (["#", "File", "Kind", "Grading", "Exhibit", "Rows"], rows))


def build_briefing(case: CaseStore, data: ExportData, *, sections=SECTIONS, summary: str | None = None,
                   author: str = "", handling: str = "") -> Briefing:
    """Assemble the briefing's content (text, tables, figures) once for both renderers."""
    makers = {
        "summary": lambda: Section("summary", "Executive summary",
                                   summary.split("\n\n") if summary else _summary(case, data)),
        "actors": lambda: _actors_section(case, data),
        "network": lambda: _network_section(case, data),
        "routes": lambda: _routes_section(case, data),
        "timeline": lambda: _timeline_section(case),
        "money": lambda: _money_section(data),
        "disruption": lambda: _disruption_section(data),
        "protection": lambda: _protection_section(data),
        "sources": lambda: _sources_section(data),
    }
    unknown = set(sections) - set(makers)
    if unknown:
        raise ValueError(f"unknown briefing sections: {', '.join(sorted(unknown))}")
    return Briefing(data.title, "Case briefing", author, handling or case.get_meta("handling"),
                    date.today().isoformat(), data.notice, [makers[k]() for k in SECTIONS if k in sections])


# ------------------------------------------------------------------ rendering

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60em;margin:2em auto;color:#222;line-height:1.45}
h1{font-size:1.8em;margin-bottom:.2em} h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}
.meta{color:#555} .notice{background:#FFF4E5;border-left:4px solid #E69F00;padding:.6em 1em}
.handling{font-weight:bold;letter-spacing:.1em;color:#B00020}
table{border-collapse:collapse;width:100%;font-size:.85em;margin:1em 0} th,td{border:1px solid #ccc;
padding:.3em .5em;text-align:left;vertical-align:top} th{background:#EEF4FA} figure{margin:1em 0}
svg{max-width:100%;height:auto}
"""


def render_html(b: Briefing) -> str:
    """One self-contained HTML file: inline CSS, figures as inline SVG, nothing fetched."""
    e = html.escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>{e(b.title)} — briefing</title><style>{_CSS}</style></head><body>"]
    if b.handling:
        parts.append(f'<p class="handling">{e(b.handling)}</p>')
    parts += [f"<h1>{e(b.title)}</h1>", f'<p class="meta">{e(b.subtitle)} · {e(b.generated)}'
              + (f" · {e(b.author)}" if b.author else "") + "</p>", f'<p class="notice">{e(b.notice)}</p>']
    for s in b.sections:
        parts.append(f'<section id="{s.key}"><h2>{e(s.title)}</h2>')
        parts += [f"<p>{e(p)}</p>" for p in s.paragraphs]
        if s.figure is not None:
            parts.append(f"<figure>{figures.to_svg(s.figure)}</figure>")
        if s.table and s.table[1]:
            header, rows = s.table
            head = "".join(f"<th>{e(h)}</th>" for h in header)
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in rows]
            parts.append("</tbody></table>")
        parts.append("</section>")
    if b.handling:
        parts.append(f'<p class="handling">{e(b.handling)}</p>')
    parts.append("</body></html>")
    return "\n".join(parts)


def _font_path(name: str) -> str:
    return str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name)


_NEXT = {"new_x": "LMARGIN", "new_y": "NEXT"}


class _Pdf(FPDF):
    def __init__(self, b: Briefing) -> None:
        super().__init__(format="A4")
        self.briefing = b
        self.add_font("DejaVu", "", _font_path("DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", _font_path("DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.set_text_color(120, 120, 120)
        left = f"{self.briefing.handling} · " if self.briefing.handling else ""
        self.cell(0, 5, f"{left}{self.briefing.title} · page {self.page_no()}", align="C")


def render_pdf(b: Briefing) -> bytes:
    pdf = _Pdf(b)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_text_color(176, 0, 32)
    if b.handling:
        pdf.cell(0, 8, b.handling, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(40)
    pdf.set_text_color(20, 20, 20)
    pdf.set_font("DejaVu", "B", 22)
    pdf.multi_cell(0, 11, b.title, align="C", **_NEXT)
    pdf.set_font("DejaVu", "", 12)
    byline = f"{b.subtitle}\n{b.generated}" + (f"\n{b.author}" if b.author else "")
    pdf.multi_cell(0, 8, byline, align="C", **_NEXT)
    pdf.ln(20)
    pdf.set_font("DejaVu", "", 9)
    pdf.set_fill_color(255, 244, 229)
    pdf.multi_cell(0, 5, b.notice, fill=True, **_NEXT)
    for s in b.sections:
        pdf.add_page()
        pdf.set_font("DejaVu", "B", 14)
        pdf.set_text_color(0, 90, 160)
        pdf.cell(0, 9, s.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(20, 20, 20)
        pdf.set_font("DejaVu", "", 9.5)
        for p in s.paragraphs:
            pdf.multi_cell(0, 5, p, **_NEXT)
            pdf.ln(1.5)
        if s.figure is not None:
            _pdf_figure(pdf, figures.to_png(s.figure, dpi=130))
        if s.table and s.table[1]:
            _pdf_table(pdf, *s.table)
    return bytes(pdf.output())


def _pdf_figure(pdf: FPDF, png: bytes, max_height: float = 120.0) -> None:
    """A figure as wide as the page, unless that would make it taller than ``max_height`` mm."""
    from PIL import Image

    width_px, height_px = Image.open(io.BytesIO(png)).size
    width = min(pdf.epw, max_height * width_px / height_px)
    pdf.image(io.BytesIO(png), w=width, x=pdf.l_margin + (pdf.epw - width) / 2)


def _pdf_table(pdf: FPDF, header: list[str], rows: list[list[str]]) -> None:
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7)
    with pdf.table(text_align="LEFT", line_height=3.6, first_row_as_headings=True) as table:
        table.row([str(h) for h in header])
        for row in rows[:60]:
            table.row([str(c)[:160] for c in row])
    if len(rows) > 60:
        pdf.multi_cell(0, 4, f"… and {len(rows) - 60} more rows in the case.", **_NEXT)
