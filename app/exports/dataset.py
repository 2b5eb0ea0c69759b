"""What every export writes: the case's entities and links, with analysis results attached
and protected people already pseudonymised, collected once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import pandas as pd

from app.analysis import AnalysisResult
from app.exports.pseudonyms import Pseudonymiser
from app.graph.store import CaseStore
from app.progress import CancelToken, ProgressFn, check, report

#: Attributes safe to export for a protected person (no names, places or narratives).
_PROTECTED_KEEP = ("role", "sex", "age", "nationality", "vulnerabilities")


#: the columns of :meth:`~app.graph.store.CaseStore.link_frame`, for an export without links
_NO_LINKS = {
    "link_id": "int64",
    "type": "str",
    "src": "int64",
    "dst": "int64",
    "count": "int64",
    "duration": "float64",
    "amount": "float64",
    "first_seen": "str",
    "last_seen": "str",
}


@dataclass
class ExportData:
    title: str
    generated_at: str
    pseudonyms: Pseudonymiser
    nodes: pd.DataFrame  # id, type, label, phones, attrs(dict), community, hub_score…
    links: pd.DataFrame  # link_id, type, src, dst, count, duration, amount, first/last
    sources: pd.DataFrame
    analysis: AnalysisResult
    currency: str = "EUR"
    aliases: dict[int, list[str]] = field(default_factory=dict)
    positions: dict[int, tuple[float, float]] = field(default_factory=dict)  # a saved chart's layout

    @property
    def account_ids(self) -> set[int]:
        return set(self.nodes.loc[self.nodes["type"] == "account", "id"])

    @property
    def notice(self) -> str:
        return self.pseudonyms.notice()


def collect(
    case: CaseStore,
    *,
    reveal: bool,
    analysis: AnalysisResult | None = None,
    links: Literal["graded", "plain", "none"] = "graded",
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ExportData:
    """Entities, links and sources of ``case`` ready to write, protected people hidden.

    ``links``: ``"graded"``, the links with the best grading of each (its ``grading`` column:
    for ANX and the tables); ``"plain"``, without it (the formats that write no link grading,
    spared reading every event); ``"none"``, an empty table of the same columns (the briefing,
    which reads no link: half a million on a medium case)."""
    if links not in ("graded", "plain", "none"):
        raise ValueError(f"links must be 'graded', 'plain' or 'none', not {links!r}")
    if analysis is None:
        from app.analysis import latest_analysis

        report(progress, 0.0, "analysing the case for the export")
        analysis = latest_analysis(case, top=50, progress=progress, cancel=cancel)
    check(cancel)
    nodes = case.node_frame()
    pseud = Pseudonymiser(case, reveal=reveal, nodes=nodes)
    phones = _phones_by_entity(case)
    pseud.hidden_numbers = {n for i in pseud.protected for n in phones.get(i, [])}
    hubs = {int(h["id"]): float(h["score"]) for h in analysis.ranked_hubs()}
    brokers = {int(b["id"]): float(b["score"]) for b in analysis.ranked_brokers()}
    communities = analysis.membership
    entity_grades = case.entity_gradings()
    protected = pseud.protected
    ids = nodes["id"].astype("int64").tolist()
    attrs = [json.loads(a) if a and a != "{}" else {} for a in nodes["attrs"].tolist()]  # most: "{}"
    for n, i in enumerate(ids):
        if i in protected:
            attrs[n] = {k: v for k, v in attrs[n].items() if k in _PROTECTED_KEEP}
    labels = [protected.get(i, label or "") for i, label in zip(ids, nodes["label"].tolist(), strict=True)]
    hidden = pseud.hidden_numbers
    table = pd.DataFrame(
        {
            "id": ids,
            "type": nodes["type"].tolist(),
            "label": labels,
            "phones": [
                [] if i in protected else [p for p in phones[i] if p not in hidden] if i in phones else []
                for i in ids
            ]
            if hidden or protected
            else [phones.get(i, []) for i in ids],
            "attrs": attrs,
            "role": [str(a.get("role", "")) for a in attrs],
            "community": [communities.get(i, -1) for i in ids],
            "hub_score": [hubs.get(i, 0.0) for i in ids],
            "broker_score": [brokers.get(i, 0.0) for i in ids],
            "protected": [i in protected for i in ids],
            "grading": [entity_grades.get(i, "") for i in ids],
        }
    )
    check(cancel)
    if links == "none":
        table_of_links = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _NO_LINKS.items()})
        table_of_links["grading"] = pd.Series(dtype="str")
    else:
        table_of_links = case.link_frame()
    if links == "graded":
        grades = case.link_gradings()
        table_of_links["grading"] = (
            table_of_links["link_id"].map(grades).astype(object).fillna("").astype(str)
        )
    sources = pd.DataFrame(case.sources())
    return ExportData(
        case.title or "Untitled case",
        datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        pseud,
        table,
        table_of_links,
        sources,
        analysis,
        case.currency or "EUR",
        _aliases(case, pseud),
    )


def _phones_by_entity(case: CaseStore) -> dict[int, list[str]]:
    """Each entity's own numbers, and for a person the numbers of the phones they use."""
    frame = case.phones_frame()
    actor = case.actor_frame().set_index("entity")["actor"]
    frame["actor"] = frame["entity"].map(actor).fillna(frame["entity"]).astype("int64")
    both = pd.concat(
        [frame[["entity", "phone"]], frame[["actor", "phone"]].rename(columns={"actor": "entity"})],
        ignore_index=True,
    )
    both = both.drop_duplicates().sort_values(["entity", "phone"], kind="stable")
    out: dict[int, list[str]] = {}
    for entity, phone in zip(both["entity"].astype("int64").tolist(), both["phone"].tolist(), strict=True):
        out.setdefault(entity, []).append(phone)
    return out


def _aliases(case: CaseStore, pseud: Pseudonymiser) -> dict[int, list[str]]:
    names = case.names_by_entity()
    out: dict[int, list[str]] = {}
    for entity, value in names:
        if not pseud.is_protected(entity) and value not in out.setdefault(int(entity), []):
            out[int(entity)].append(value)
    return out
