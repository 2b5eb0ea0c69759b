"""Figures for the briefing and the analysis views, built on ``matplotlib.figure.Figure``
(never ``pyplot``) so they render headless and can be embedded in Qt as they are.

Every function takes plain data (graphs, frames, the analysis dict) and returns a Figure.
"""

from __future__ import annotations

import io
import json
import re
from importlib import resources

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter
from matplotlib.transforms import Bbox

#: Colour per community / cluster, readable in print and for colour-blind readers (Okabe–Ito).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
    "#8C564B",
)
TYPE_COLOURS = {
    "called": "#0072B2",
    "messaged": "#56B4E9",
    "transferred": "#D55E00",
    "paid": "#E69F00",
    "travelled": "#009E73",
    "mentioned": "#CC79A7",
    "in_contacts": "#999999",
}


def colour(index: int) -> str:
    return "#BBBBBB" if index is None or index < 0 else PALETTE[index % len(PALETTE)]


def _short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with a visible "…" (the table beside has it whole)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    return buf.getvalue()


def to_svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", facecolor="white")
    text = buf.getvalue()
    # The RDF metadata block only names vocabularies, but a briefing must not even look as if
    # it referred to anything outside itself.
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return text[text.index("<svg") :]


def _same(text: str, **fields) -> str:
    """The default ``tr``: English, fields filled in."""
    return text.format(**fields) if fields else text


#: A name per palette colour, for the table beside a figure (colour-blind readers, print in grey).
COLOUR_NAMES = (
    "blue",
    "orange",
    "green",
    "vermilion",
    "pink",
    "sky blue",
    "yellow",
    "black",
    "grey",
    "brown",
)


def colour_name(index: int) -> str:
    """The name of :func:`colour` ``(index)``, as the community table prints it."""
    return "light grey" if index is None or index < 0 else COLOUR_NAMES[index % len(COLOUR_NAMES)]


#: Above this many actors the briefing draws one disc per community instead of the actors.
ACTORS_DRAWN = 400


def network_figure(
    graph: nx.Graph,
    *,
    communities: dict[int, int],
    scores: dict[int, float],
    labels: dict[int, str],
    top: int = 40,
    seed: int = 7,
    names: dict[int, str] | None = None,
    tr=_same,
) -> Figure:
    """The network, legible at any size: the ``top`` actors by score with the links among them
    and non-overlapping names (a case of up to :data:`ACTORS_DRAWN` actors), or one disc per
    community sized by its actors, joined by the strength of their ties (a larger one).
    Colours are communities; the legend names them (``names``: community id -> name)."""
    fig = Figure(figsize=(8, 6.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, tr("No network in this case yet"), ha="center", va="center")
        return fig
    if graph.number_of_nodes() > ACTORS_DRAWN:
        return _community_figure(fig, ax, graph, communities, names or {}, seed, tr)
    ranked = sorted(graph.nodes, key=lambda n: (-scores.get(n, 0.0), -graph.degree(n), n))[:top]
    core = graph.subgraph(ranked)
    pos = nx.spring_layout(core, seed=seed, weight="weight", k=1.6 / max(1, len(ranked)) ** 0.5)
    best = max(scores.values(), default=1.0) or 1.0
    for u, v, d in core.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#888888",
            alpha=0.45,
            linewidth=0.4 + min(3.0, float(d.get("weight", 1.0)) / 4),
            zorder=1,
        )
    xs, ys = zip(*(pos[n] for n in core.nodes), strict=True)
    ax.scatter(
        xs,
        ys,
        s=[30 + 500 * scores.get(n, 0.0) / best for n in core.nodes],
        c=[colour(communities.get(n, -1)) for n in core.nodes],
        edgecolors="white",
        linewidths=0.8,
        zorder=2,
    )
    _labels_without_overlap(fig, ax, [(pos[n], labels.get(n, str(n))) for n in ranked])
    _community_legend(ax, [communities.get(n, -1) for n in ranked], names or {}, tr)
    ax.set_title(
        tr("Core of the network: {n} most central actors, coloured by community", n=core.number_of_nodes()),
        fontsize=9,
    )
    return fig


def _labels_without_overlap(fig: Figure, ax, items: list[tuple[tuple[float, float], str]]) -> None:
    """Name the actors best first, skipping a name whose box would cover one already placed:
    fewer names, every one readable."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()  # text sizes in pixels, without drawing
    placed: list[Bbox] = []
    for (x, y), text in items:
        note = ax.annotate(
            text,
            (x, y),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=7,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
        )
        box = note.get_window_extent(renderer).expanded(1.05, 1.15)
        if any(box.overlaps(other) for other in placed):
            note.remove()
            continue
        placed.append(box)


def _community_legend(ax, coms, names: dict[int, str], tr) -> None:
    from matplotlib.lines import Line2D

    shown = [c for c in dict.fromkeys(coms) if c is not None and c >= 0][:10]
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color=colour(c),
            markersize=7,
            label=f"{tr('community {id}', id=c)}" + (f" — {names[c]}" if names.get(c) else ""),
        )
        for c in shown
    ]
    if handles:
        ax.legend(handles=handles, fontsize=6.5, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


def _community_figure(
    fig: Figure, ax, graph: nx.Graph, communities: dict[int, int], names: dict[int, str], seed: int, tr
) -> Figure:
    """One disc per community (the twelve largest), joined by the weight of the ties between them."""
    size: dict[int, int] = {}
    for n in graph.nodes:
        c = communities.get(n, -1)
        size[c] = size.get(c, 0) + 1
    ties = (
        (communities.get(u, -1), communities.get(v, -1), float(d.get("weight", 1.0)))
        for u, v, d in graph.edges(data=True)
    )
    return _community_discs(fig, ax, size, ties, names, seed, tr)


def community_network_figure(
    nodes: np.ndarray,
    edges: pd.DataFrame,
    *,
    communities: dict[int, int],
    names: dict[int, str] | None = None,
    seed: int = 7,
    tr=_same,
) -> Figure:
    """:func:`network_figure` of a network of more than :data:`ACTORS_DRAWN` actors (one disc per
    community) from its shape rather than a networkx graph: ``nodes`` (ids in the graph's
    order) and ``edges`` (``u, v, weight`` in the order they were added), as
    :func:`app.graph.networks.actor_outline` gives them.  The same figure, ties summed in the
    order the graph would give its edges, without building a graph of every actor."""
    fig = Figure(figsize=(8, 6.5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    of = pd.Series(communities, dtype="int64")
    com = of.reindex(nodes).fillna(-1).astype("int64").to_numpy() if len(of) else np.full(len(nodes), -1)
    size = {int(c): int(k) for c, k in zip(*np.unique(com, return_counts=True), strict=True)}
    u, v = edges["u"].to_numpy("int64"), edges["v"].to_numpy("int64")
    # networkx gives an undirected edge from whichever end comes first in the graph's order,
    # the edges of one node in the order they were added
    where = pd.Series(np.arange(len(nodes)), index=nodes)
    pu, pv = where.reindex(u).to_numpy(), where.reindex(v).to_numpy()
    lead = np.where(pu <= pv, u, v)
    other = np.where(pu <= pv, v, u)
    order = np.argsort(np.minimum(pu, pv), kind="stable")
    a = of.reindex(lead[order]).fillna(-1).astype("int64").to_numpy()
    b = of.reindex(other[order]).fillna(-1).astype("int64").to_numpy()
    w = edges["weight"].to_numpy(float)[order]
    shown = _largest(size)
    across = (a != b) & np.isin(a, shown) & np.isin(b, shown)  # the ties drawn
    ties = zip(a[across].tolist(), b[across].tolist(), w[across].tolist(), strict=True)
    return _community_discs(fig, ax, size, ties, names or {}, seed, tr)


def _largest(size: dict[int, int]) -> list[int]:
    """The twelve largest communities (of ``size``: community -> actors), largest first."""
    return [c for c in sorted(size, key=lambda c: (-size[c], c)) if c >= 0][:12]


def _community_discs(
    fig: Figure, ax, size: dict[int, int], ties, names: dict[int, str], seed: int, tr
) -> Figure:
    """The discs of the twelve largest communities (``size``: community -> actors), joined by
    the summed weight of the ``ties`` (community, community, weight) between them."""
    shown = _largest(size)
    drawn = set(shown)
    total: dict[tuple[int, int], float] = {}  # each pair's ties summed in their order
    for a, b, weight in ties:
        if a != b and a in drawn and b in drawn:
            key = (a, b) if a < b else (b, a)
            total[key] = total.get(key, 0.0) + weight
    g = nx.Graph()
    g.add_nodes_from(shown)
    g.add_edges_from((a, b, {"weight": w}) for (a, b), w in total.items())  # as first tied
    pos = nx.spring_layout(g, seed=seed, weight="weight")
    heaviest = max((d["weight"] for *_e, d in g.edges(data=True)), default=1.0)
    for u, v, d in g.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        ax.plot(
            [x1, x2],
            [y1, y2],
            color="#888888",
            alpha=0.5,
            linewidth=0.5 + 6 * d["weight"] / heaviest,
            zorder=1,
        )
    biggest = max(size[c] for c in shown)
    for c in shown:
        x, y = pos[c]
        ax.scatter([x], [y], s=200 + 2200 * size[c] / biggest, color=colour(c), edgecolors="white", zorder=2)
    _labels_without_overlap(
        fig, ax, [(pos[c], f"{tr('community {id}', id=c)}\n{names.get(c, '')}".strip()) for c in shown]
    )
    ax.set_title(tr("The network by community: one disc per community, sized by its actors"), fontsize=9)
    ax.margins(0.15)
    return fig


def _outlines():
    """Country outlines shipped in ``resources/maps`` (public domain), if present."""
    try:
        path = resources.files("ariadne_resources").joinpath("maps", "countries.geojson")
        return json.loads(path.read_text("utf-8"))["features"]
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return []


def _draw_outlines(ax, features, near: tuple[float, float, float, float] | None = None) -> None:
    """Country outlines as one collection (one artist, not hundreds: the figure lays itself
    out in milliseconds), only those whose box meets ``near`` (west, south, east, north)."""
    from matplotlib.collections import PolyCollection

    rings = []
    for feat in features:
        geom = feat.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys if geom.get("type") in ("Polygon", "MultiPolygon") else []:
            ring = np.asarray(poly[0], dtype=float)
            if near is not None and (
                ring[:, 0].max() < near[0]
                or ring[:, 0].min() > near[2]
                or ring[:, 1].max() < near[1]
                or ring[:, 1].min() > near[3]
            ):
                continue
            rings.append(ring)
    if rings:
        ax.add_collection(
            PolyCollection(rings, facecolors="#F2F0EA", edgecolors="#B8B2A6", linewidths=0.4, zorder=0),
            autolim=False,
        )


def route_map_figure(
    legs: pd.DataFrame,
    places: pd.DataFrame,
    *,
    clusters: list[dict] | None = None,
    emphasis: int | None = None,
    tr=_same,
) -> Figure:
    """Journeys as lines between places, width by number of journeys, coloured by route
    cluster; ``places`` has ``id, label, lat, lon``.  With ``emphasis`` (a cluster id) the
    other corridors fade to grey and only that cluster's places are named."""
    fig = Figure(figsize=(8, 5.5))
    ax = fig.add_subplot()
    coords = {
        int(r.id): (float(r.lon), float(r.lat))
        for r in places.itertuples(index=False)
        if pd.notna(r.lat) and pd.notna(r.lon)
    }
    cluster_of = {}
    for c in clusters or []:
        for j in c.get("journey_ids", []):
            cluster_of[j] = int(c.get("id", 0))
    if legs.empty or not coords:
        ax.text(
            0.5, 0.5, tr("No journeys with known places"), ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return fig
    legs = legs.dropna(subset=["from_id", "to_id"])
    legs = legs.assign(cluster=[cluster_of.get(j, -1) for j in legs["journey"]])
    counts = legs.groupby(["from_id", "to_id", "cluster"]).size().reset_index(name="n")
    xs = [c[0] for c in coords.values()]
    ys = [c[1] for c in coords.values()]
    pad = 25.0  # beyond the widest view the limits below allow
    _draw_outlines(ax, _outlines(), (min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))
    top = counts["n"].max() if not counts.empty else 1
    for r in counts.itertuples(index=False):
        a, b = coords.get(int(r.from_id)), coords.get(int(r.to_id))
        faded = emphasis is not None and r.cluster != emphasis
        if a and b:
            ax.plot(
                [a[0], b[0]],
                [a[1], b[1]],
                color="#C8C8C8" if faded else colour(r.cluster),
                alpha=0.5 if faded else 0.85,
                linewidth=0.8 + 5 * r.n / top,
                solid_capstyle="round",
                zorder=1 if faded else 2,
            )
    shown = counts if emphasis is None else counts[counts["cluster"] == emphasis]
    used = set(shown["from_id"]).union(shown["to_id"])
    for r in places.itertuples(index=False):
        if int(r.id) in used and int(r.id) in coords:
            x, y = coords[int(r.id)]
            ax.plot(x, y, "o", color="#333333", markersize=3, zorder=3)
            ax.annotate(str(r.label), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=7, zorder=4)
    # At least a region's width around the journeys, so a short corridor keeps its context.
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half_w, half_h = max(14.0, (max(xs) - min(xs)) / 2 + 3), max(9.0, (max(ys) - min(ys)) / 2 + 3)
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel(tr("longitude"))
    ax.set_ylabel(tr("latitude"))
    title = tr("Journeys by corridor (line width: number of journeys)")
    if emphasis is not None:
        title = tr("Route cluster {id} (grey: the other corridors)", id=emphasis)
    ax.set_title(title, fontsize=9)
    return fig


def timeline_figure(
    events: pd.DataFrame, legs: pd.DataFrame | None = None, *, freq: str = "W", tr=_same
) -> Figure:
    """Events per week by type (calls, messages, transfers, journeys' legs).  ``events`` has
    ``ts`` and ``type``, one row per event, or ``n`` as well: how many events each row stands
    for (:meth:`CaseStore.events_per_day`'s counts, the day as ``ts``)."""
    fig = Figure(figsize=(8, 3.2))
    ax = fig.add_subplot()
    frames = []
    if not events.empty:
        n = events["n"].to_numpy("int64") if "n" in events else 1
        frames.append(pd.DataFrame({"ts": events["ts"], "type": events["type"], "n": n}))
    if legs is not None and not legs.empty:
        frames.append(pd.DataFrame({"ts": legs["start"], "type": "journey leg", "n": 1}))
    if not frames:
        ax.text(0.5, 0.5, tr("No dated events"), ha="center", va="center", transform=ax.transAxes)
        return fig
    data = pd.concat(frames)
    data["ts"] = pd.to_datetime(data["ts"], errors="coerce", utc=True, format="mixed")
    data = data.dropna(subset=["ts"])
    table = data.groupby([pd.Grouper(key="ts", freq=freq), "type"])["n"].sum().unstack(fill_value=0)
    bottom = np.zeros(len(table))
    x = table.index.tz_localize(None).to_pydatetime() if len(table) else []
    for kind in table.columns:
        ax.bar(
            x,
            table[kind].to_numpy(),
            width=5,
            bottom=bottom,
            label=tr(kind),
            color=TYPE_COLOURS.get(kind, "#009E73" if kind == "journey leg" else "#777777"),
        )
        bottom += table[kind].to_numpy()
    ax.legend(fontsize=7, ncols=4, loc="upper left")
    ax.set_ylabel(tr("events per week"))
    ax.tick_params(labelsize=7)
    fig.autofmt_xdate()
    return fig


def money_figure(flows: list[dict], *, currency: str = "EUR", top: int = 12, tr=_same) -> Figure:
    """Largest money flows as horizontal bars; ``flows`` items have ``from``, ``to``, ``amount``."""
    fig = Figure(figsize=(8, 3.8))
    ax = fig.add_subplot()
    flows = sorted(flows, key=lambda f: -float(f.get("amount") or 0))[:top]
    if not flows:
        ax.text(0.5, 0.5, tr("No money flows recorded"), ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    names = [_short(f"{f['from']} → {f['to']}", 50) for f in flows][::-1]
    values = [float(f["amount"]) for f in flows][::-1]
    ax.barh(names, values, color="#D55E00")
    ax.set_xlabel(tr("amount ({currency})", currency=currency))
    ax.tick_params(labelsize=7)
    return fig


def disruption_figure(
    curves: dict[str, list[float]], *, metric: str = "largest component share", tr=_same
) -> Figure:
    """Fragmentation as actors are removed, one line per strategy (targeted vs random)."""
    fig = Figure(figsize=(6, 3.6))
    ax = fig.add_subplot()
    for k, (name, values) in enumerate(curves.items()):
        ax.plot(
            range(len(values)),
            values,
            marker="o",
            markersize=3,
            label=tr(name),
            color=PALETTE[k % len(PALETTE)],
            linestyle="--" if "random" in name else "-",
        )
    ax.set_xlabel(tr("actors removed"))
    ax.set_ylabel(tr(metric))
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    return fig


def degree_distribution_figure(
    degrees, *, title: str = "Degree distribution", tr=_same, number=lambda n: f"{n:,}"
) -> Figure:
    """How many actors have each number of contacts, on log–log axes, from a plain sequence of
    degrees (no graph needed, so a large case's million actors cost one ``np.unique``).

    A straight, falling cloud means a few hubs and many actors with one or two contacts; the
    best-connected actor is named by its degree at the right end.

    >>> fig = degree_distribution_figure([1, 1, 1, 2, 2, 5])
    >>> [int(x) for x in fig.axes[0].lines[0].get_xdata()]
    [1, 2, 5]
    """
    fig = Figure(figsize=(5, 3.5))
    ax = fig.add_subplot()
    values = np.asarray(list(degrees), dtype=float)
    values = values[values > 0]
    if not len(values):
        ax.text(
            0.5, 0.5, tr("No links in this network yet"), ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return fig
    degree, count = np.unique(values, return_counts=True)
    ax.plot(degree, count, "o", markersize=4, color="#0072B2", alpha=0.8, label=tr("actors"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.annotate(
        tr("most connected: {n}", n=int(degree[-1])),
        (degree[-1], count[-1]),
        xytext=(-6, 8),
        textcoords="offset points",
        ha="right",
        fontsize=7,
    )
    ax.set_xlabel(tr("contacts (degree)"))
    ax.set_ylabel(tr("number of actors"))
    ax.set_title(tr("{title} ({n} linked actors)", title=tr(title), n=number(len(values))), fontsize=9)
    ax.grid(alpha=0.3, which="both")
    return fig


class _NumberFormatter(Formatter):
    """Tick numbers written by a language's ``number(value, decimals)``, with as many decimals
    as the step between the ticks shown needs."""

    def __init__(self, number) -> None:
        self.number = number
        self.ticks: list[float] = []

    def set_locs(self, locs) -> None:
        self.ticks = sorted({float(t) for t in locs if np.isfinite(t)})

    def __call__(self, x, pos=None) -> str:
        ticks = self.ticks
        step = min((b - a for a, b in zip(ticks, ticks[1:], strict=False)), default=1.0)
        decimals = min(6, max(0, int(np.ceil(-np.log10(step) - 1e-9)))) if 0 < step < 1 else 0
        return self.number(x, decimals)


def in_language(fig: Figure, number) -> Figure:
    """The tick numbers of ``fig``'s linear axes written by ``number(value, decimals)`` (a
    :meth:`app.language.Language.number`): ``0,2`` and ``150 000`` in French.  Log axes keep
    their powers of ten.

    >>> from app.language import Language
    >>> fig = Figure()
    >>> ax = fig.add_subplot()
    >>> _ = ax.plot([0, 0.5, 1], [0, 150000, 300000])
    >>> fig = in_language(fig, Language("fr").number)
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_yticklabels()][1:3], [t.get_text() for t in ax.get_xticklabels()][1:3]
    (['0', '50\u202f000'], ['0,0', '0,2'])
    """
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if (
                axis.get_scale() == "linear"
                and type(axis.get_major_formatter()).__name__ == "ScalarFormatter"
            ):
                axis.set_major_formatter(_NumberFormatter(number))
    return fig
