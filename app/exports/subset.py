"""What the analyst chose to export: the part of the case around an entity, a chart (saved, or
the one the window shows) with its positions, or the window's filter (time window, layers,
grading), instead of the whole case."""

from __future__ import annotations

from dataclasses import replace

from app.exports.dataset import ExportData
from app.graph.networks import GraphFilter
from app.graph.store import CaseStore


def _restrict(
    data: ExportData,
    keep: set[int],
    positions: dict[int, tuple[float, float]] | None = None,
) -> ExportData:
    nodes = data.nodes[data.nodes["id"].isin(keep)].reset_index(drop=True)
    links = data.links[data.links["src"].isin(keep) & data.links["dst"].isin(keep)].reset_index(drop=True)
    return replace(data, nodes=nodes, links=links, positions=positions or {})


def _with_what_they_use(case: CaseStore, actors: set[int]) -> set[int]:
    """``actors`` and the phones, accounts and handsets each one uses (as the chart folds them)."""
    frame = case.actor_frame()
    return set(actors) | set(frame.loc[frame["actor"].isin(actors), "entity"].astype(int))


def around(data: ExportData, case: CaseStore, entity: int, hops: int) -> ExportData:
    """The entities within ``hops`` links of ``entity`` (a person with their own phones and
    accounts counting as one step), and the links among them."""
    frame = case.actor_frame()
    actor_of = dict(zip(frame["entity"].astype(int), frame["actor"].astype(int), strict=True))
    neighbours: dict[int, set[int]] = {}
    for s, d in zip(data.links["src"].astype(int), data.links["dst"].astype(int), strict=True):
        a, b = actor_of.get(s, s), actor_of.get(d, d)
        if a != b:
            neighbours.setdefault(a, set()).add(b)
            neighbours.setdefault(b, set()).add(a)
    start = actor_of.get(entity, entity)
    seen, frontier = {start}, {start}
    for _ in range(max(0, hops)):
        frontier = {n for f in frontier for n in neighbours.get(f, ())} - seen
        seen |= frontier
    return _restrict(data, _with_what_they_use(case, seen))


def saved_chart(data: ExportData, case: CaseStore, name: str) -> ExportData:
    """The actors of the chart saved as ``name`` (not those hidden on it), with the phones and
    accounts they use, at the chart's positions; raises LookupError for an unknown name."""
    state = case.chart(name)
    if state is None:
        known = ", ".join(n for n, _at in case.charts()) or "none"
        raise LookupError(f"no chart saved as {name!r} (saved: {known})")
    return chart_actors(data, case, state.get("actors", []))


def chart_actors(data: ExportData, case: CaseStore, actors: list[dict]) -> ExportData:
    """The ``actors`` of a chart (``{"id", "x", "y", "hidden"}`` each, as a saved chart keeps
    them or the window shows them), not those hidden, with the phones and accounts they use,
    at the chart's positions."""
    positions = {}
    for a in actors:
        if not a.get("hidden"):
            positions[case.canonical(int(a["id"]))] = (float(a["x"]), float(a["y"]))
    keep = _with_what_they_use(case, set(positions))
    frame = case.actor_frame()
    actor_of = dict(zip(frame["entity"].astype(int), frame["actor"].astype(int), strict=True))
    for k, e in enumerate(sorted(keep - set(positions))):  # a phone beside its user
        x, y = positions.get(actor_of.get(e, e), (0.0, 0.0))
        positions[e] = (x + 18.0 * (1 + k % 3), y + 18.0)
    return _restrict(data, keep, positions)


def within_filter(data: ExportData, case: CaseStore, flt: GraphFilter) -> ExportData:
    """The links inside a filter (time window, layers, minimum grading), counted over the events
    inside the window as the analyses count them, and the entities they join; links without
    events (a saved contact, an interview's mention, a ``uses``) have no time and are kept, as
    the analyses keep them."""
    links = case.link_frame(
        link_types=flt.link_types() if flt.layers else None,
        start=flt.start,
        end=flt.end,
        min_grading=flt.min_grading,
    )
    if "grading" in data.links:  # the formats that write it
        grading = dict(zip(data.links["link_id"], data.links["grading"], strict=True))
        links = links.assign(grading=[grading.get(i, "") for i in links["link_id"]])
    links = links[[c for c in data.links.columns if c in links.columns]].reset_index(drop=True)
    keep = set(links["src"].astype(int)) | set(links["dst"].astype(int))
    nodes = data.nodes[data.nodes["id"].isin(keep)].reset_index(drop=True)
    return replace(data, nodes=nodes, links=links, positions={})
