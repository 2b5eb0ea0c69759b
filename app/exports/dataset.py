"""What every export writes: the case's entities and links, with analysis results attached
and protected people already pseudonymised, collected once."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from app.exports.pseudonyms import Pseudonymiser
from app.graph.store import CaseStore
from app.progress import CancelToken, ProgressFn, check, report

#: Attributes safe to export for a protected person (no names, places or narratives).
_PROTECTED_KEEP = ("role", "sex", "age", "nationality", "vulnerabilities")


@dataclass
class ExportData:
    title: str
    generated_at: str
    pseudonyms: Pseudonymiser
    nodes: pd.DataFrame                 # id, type, label, phones, attrs(dict), community, hub_score…
    links: pd.DataFrame                 # link_id, type, src, dst, count, duration, amount, first/last
    sources: pd.DataFrame
    analysis: dict[str, Any] = field(default_factory=dict)
    currency: str = "EUR"
    aliases: dict[int, list[str]] = field(default_factory=dict)

    @property
    def account_ids(self) -> set[int]:
        return set(self.nodes.loc[self.nodes["type"] == "account", "id"])

    @property
    def notice(self) -> str:
        return self.pseudonyms.notice()


def _scores(analysis: dict, key: str) -> dict[int, float]:
    out = {}
    for item in analysis.get(key, []):
        try:
            out[int(item["id"])] = float(item.get("score", 0.0))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _communities(analysis: dict) -> dict[int, int]:
    out = {}
    for com in analysis.get("communities", []):
        for member in com.get("members", []):
            try:
                out[int(member["id"])] = int(com["id"])
            except (KeyError, TypeError, ValueError):
                continue
    return out


def best_gradings(case: CaseStore) -> tuple[dict[int, str], dict[int, str]]:
    """The best source grading behind each canonical entity and each link, like ``B2``."""
    entities = {int(i): f"{r}{c}" for i, r, c in case.query(
        "SELECT e.canonical, MIN(s.reliability), MIN(s.credibility) FROM evidence v "
        "JOIN sources s ON s.id = v.source_id JOIN entities e ON e.id = v.item_id "
        "WHERE v.item = 'entity' GROUP BY e.canonical")}
    # A link's evidence is its rows in the evidence table and, for calls, messages and
    # transfers, its events.
    links = {int(i): f"{r}{c}" for i, r, c in case.query(
        "SELECT item_id, MIN(s.reliability), MIN(s.credibility) FROM ("
        " SELECT item_id, source_id FROM evidence WHERE item = 'link'"
        " UNION SELECT DISTINCT link_id, source_id FROM events) v "
        "JOIN sources s ON s.id = v.source_id GROUP BY item_id")}
    return entities, links


def collect(case: CaseStore, *, reveal: bool, analysis: dict | None = None,
            progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> ExportData:
    """Entities, links and sources of ``case`` ready to write, protected people hidden."""
    if analysis is None:
        from app.analysis import analyze_case
        report(progress, 0.0, "analysing the case for the export")
        analysis = analyze_case(case, top=50)
    check(cancel)
    pseud = Pseudonymiser(case, reveal=reveal)
    nodes = case.node_frame()
    phones = _phones_by_entity(case)
    pseud.hidden_numbers = {n for i in pseud.protected for n in phones.get(i, [])}
    hubs, brokers = _scores(analysis, "hubs"), _scores(analysis, "brokers")
    communities = _communities(analysis)
    entity_grades, link_grades = best_gradings(case)
    rows = []
    for r in nodes.itertuples(index=False):
        i = int(r.id)
        attrs = json.loads(r.attrs) if r.attrs else {}
        if pseud.is_protected(i):
            attrs = {k: v for k, v in attrs.items() if k in _PROTECTED_KEEP}
        rows.append({"id": i, "type": r.type, "label": pseud.label(i, r.label or ""),
                     "phones": pseud.phones(i, phones.get(i, [])), "attrs": attrs,
                     "role": str(attrs.get("role", "")), "community": communities.get(i, -1),
                     "hub_score": hubs.get(i, 0.0), "broker_score": brokers.get(i, 0.0),
                     "protected": pseud.is_protected(i), "grading": entity_grades.get(i, "")})
    check(cancel)
    links = case.link_frame()
    links["grading"] = [link_grades.get(int(i), "") for i in links["link_id"]]
    sources = pd.DataFrame(case.sources())
    return ExportData(case.title or "Untitled case", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                      pseud, pd.DataFrame(rows, columns=["id", "type", "label", "phones", "attrs", "role",
                                                         "community", "hub_score", "broker_score",
                                                         "protected", "grading"]),
                      links, sources, analysis, case.currency or "EUR", _aliases(case, pseud))


def _phones_by_entity(case: CaseStore) -> dict[int, list[str]]:
    """Each entity's own numbers, and for a person the numbers of the phones they use."""
    frame = case.phones_frame()
    actor = case.actor_frame().set_index("entity")["actor"]
    frame["actor"] = frame["entity"].map(actor).fillna(frame["entity"]).astype("int64")
    own = frame.groupby("entity")["phone"].agg(lambda s: sorted(set(s))).to_dict()
    used = frame.groupby("actor")["phone"].agg(lambda s: sorted(set(s))).to_dict()
    return {int(k): sorted(set(own.get(k, [])) | set(used.get(k, []))) for k in set(own) | set(used)}


def _aliases(case: CaseStore, pseud: Pseudonymiser) -> dict[int, list[str]]:
    names = case.query("SELECT e.canonical, i.value FROM identifiers i JOIN entities e ON e.id = i.entity_id "
                       "WHERE i.kind IN ('name', 'alias') ORDER BY i.id")
    out: dict[int, list[str]] = {}
    for entity, value in names:
        if not pseud.is_protected(entity) and value not in out.setdefault(int(entity), []):
            out[int(entity)].append(value)
    return out
