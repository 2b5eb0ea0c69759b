"""Entity resolution: one person, however many ways the sources wrote them.

Deterministic joins happen at import (one number, account or document is one entity).  Here
persons are proposed for merging, each candidate with a score and its evidence in words:

- the same phone or account used by both (a contact card, a transfer and an interview that
  give the same number): strong;
- the same migrant reference in two interviews: strong;
- numbers one person used one after another: the same handset (IMEI) carrying them in turn,
  or a replacement SIM with the contacts of a number gone silent (:mod:`app.graph.simchanges`);
- names that match after transliteration, accents, word order and common variants (and
  spellings no table lists, by their consonants), weighed by how rare the shared name tokens
  are, and strengthened the more people both are in touch with.  A shared common first name
  alone is never enough, and neither is an epithet or kunya ("Abu Omar", "le Vieux").

Candidate generation is blocked (by shared identifier and by rare name token), so it stays
far below quadratic.  Merges are reversible and audited (:meth:`CaseStore.merge`).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd
from rapidfuzz import fuzz

from app.graph.store import CaseStore
from app.names import is_epithet, is_personal_name, name_similarity, name_tokens, skeleton
from app.progress import CancelToken, ProgressFn, check, report, sub_progress

#: Candidates at or above this score are merged by ``ariadne resolve --apply-above`` defaults
#: and by the demonstration case; below it they wait for the analyst.
DEFAULT_THRESHOLD = 0.9
MAX_BLOCK = 60
#: the highest score a match on an epithet or kunya can reach (with contacts in common)
EPITHET_CAP = 0.85
#: ``apply_above`` stops after this many rounds of merging even if candidates remain
MAX_ROUNDS = 8
#: However large the case, a name token held by more names than this is not rare enough to
#: propose merges on (on a large case 2 % of the names would be thousands, and the pairs
#: within such a block millions of useless candidates).
MAX_RARE_BLOCK = 300


@dataclass
class Candidate:
    a: int
    b: int
    score: float
    reasons: list[str] = field(default_factory=list)
    labels: tuple[str, str] = ("", "")
    #: the strongest evidence of each kind (identifier, reference, name); kinds combine as
    #: independent evidence, several names of the same two records do not.
    parts: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 3),
            "reasons": self.reasons,
            "labels": list(self.labels),
        }


def _persons(case: CaseStore) -> pd.DataFrame:
    frame = case._query_frame(
        "SELECT e.canonical AS id, c.label AS label, c.attrs AS attrs, i.kind AS kind, i.value AS value "
        "FROM entities e JOIN entities c ON c.id = e.canonical "
        "LEFT JOIN identifiers i ON i.entity_id = e.id AND i.kind IN ('name', 'alias', 'ref') "
        "WHERE e.type = 'person'"
    )
    return frame


def _uses(case: CaseStore) -> pd.DataFrame:
    links = case.link_frame(link_types=["uses"])
    kinds = dict(case._query("SELECT id, type FROM entities WHERE id = canonical"))
    links["thing_type"] = links["dst"].map(kinds)
    links["src_type"] = links["src"].map(kinds)
    return links[(links["src_type"] == "person") & links["thing_type"].isin(["phone", "account"])]


class _Pairs:
    def __init__(self, rejected: set[tuple[int, int]], labels: dict[int, str]) -> None:
        self.found: dict[tuple[int, int], Candidate] = {}
        self.rejected, self.labels = rejected, labels

    def add(self, a: int, b: int, score: float, reason: str, kind: str = "name") -> None:
        if a == b:
            return
        a, b = sorted((a, b))
        if (a, b) in self.rejected:
            return
        cand = self.found.get((a, b))
        if cand is None:
            cand = self.found[(a, b)] = Candidate(
                a, b, 0.0, [], (self.labels.get(a, ""), self.labels.get(b, ""))
            )
        if reason not in cand.reasons:
            cand.reasons.append(reason)
        cand.parts[kind] = max(cand.parts.get(kind, 0.0), score)
        rest = 1.0
        for value in cand.parts.values():
            rest *= 1.0 - value
        cand.score = 1.0 - rest


def block_limit(names: int) -> float:
    """How many names may share a token for it to block candidates: 60, or 2 % of the names
    on a larger case, never more than 300.

    >>> block_limit(973), block_limit(11_923), block_limit(500_000)
    (60, 238.46, 300)
    """
    return max(MAX_BLOCK, min(names * 0.02, MAX_RARE_BLOCK))


def merge_candidates(
    case: CaseStore,
    *,
    threshold: float = 0.0,
    sim_changes: list | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> list[Candidate]:
    """Pairs of persons (or of numbers one person used) that may be one, with score and
    reasons, best first.  ``sim_changes`` (from :func:`app.graph.simchanges.sim_changes`)
    saves finding them again between rounds of merging: they are mapped to the entities of
    the moment either way."""
    report(progress, 0.0, "reading persons")
    persons = _persons(case)
    labels = persons.drop_duplicates("id").set_index("id")["label"].to_dict()
    attrs = {
        i: json.loads(a) if a else {}
        for i, a in persons.drop_duplicates("id")[["id", "attrs"]].itertuples(index=False)
    }
    pairs = _Pairs(case.rejected_pairs(), labels)
    _shared_identifiers(case, pairs)
    check(cancel)
    report(progress, 0.3, "comparing references")
    refs = persons[persons["kind"] == "ref"].groupby("value")["id"].agg(lambda s: sorted(set(s)))
    for ref, ids in refs.items():
        for a, b in combinations(ids[:MAX_BLOCK], 2):
            pairs.add(a, b, 0.99, f"same interview reference {ref}", "reference")
    report(progress, 0.4, "comparing handsets and SIM changes")
    _sim_changes(case, pairs, cancel, sim_changes)
    report(progress, 0.5, "comparing names")
    _names(case, persons, attrs, pairs, cancel)
    out = [c for c in pairs.found.values() if c.score >= threshold]
    report(progress, 1.0, f"{len(out)} candidates")
    return sorted(out, key=lambda c: (-c.score, c.a, c.b))


def _shared_identifiers(case: CaseStore, pairs: _Pairs) -> None:
    """Persons who use the same phone or account.  Strong evidence, unless many people with
    different names share it (a family phone, a switchboard, a shop's account)."""
    uses = _uses(case)
    numbers = dict(
        case._query(
            "SELECT e.canonical, i.value FROM identifiers i JOIN entities e ON e.id = i.entity_id "
            "WHERE i.kind IN ('phone', 'account')"
        )
    )
    for thing, group in uses.groupby("dst"):
        people = sorted(set(group["src"].astype(int)))
        if len(people) < 2:
            continue
        kind = group["thing_type"].iloc[0]
        what = "number" if kind == "phone" else "account"
        base = 0.97 if kind == "phone" else 0.95
        # Small groups: every pair, for review.  Large ones (a collector's number named in
        # hundreds of transfers): each record against the first, which is enough to merge them.
        pairs_of = combinations(people, 2) if len(people) <= 12 else ((people[0], p) for p in people[1:])
        for a, b in pairs_of:
            score = base
            if len(people) > 6 and _different_full_names(pairs.labels.get(a, ""), pairs.labels.get(b, "")):
                score = 0.75
            pairs.add(a, b, score, f"same {what} {numbers.get(int(thing), thing)}", what)


def _sim_changes(case: CaseStore, pairs: _Pairs, cancel, changes: list | None = None) -> None:
    """Numbers one person used one after another (same handset, replacement SIM).  Where
    both numbers have a known user, the users are proposed; otherwise the numbers, so that
    merged, the later SIM folds into whoever uses the earlier one."""
    from app.graph.simchanges import sim_changes

    if changes is None:
        changes, _ = sim_changes(case, cancel=cancel)
    if not changes:
        return
    actors = case.actor_frame().set_index("entity")
    actor, kind = actors["actor"].to_dict(), actors["type"].to_dict()
    for c in changes:
        x, y = actor.get(c.a, c.a), actor.get(c.b, c.b)
        if x == y:
            continue
        if kind.get(x) == "person" and kind.get(y) == "person":
            a, b = x, y
        else:
            a, b = case.canonical(c.a), case.canonical(c.b)
            for i in (a, b):
                pairs.labels.setdefault(i, case.entity(i)["label"])
        pairs.add(a, b, c.score, c.reason, c.kind)


def _different_full_names(a: str, b: str) -> bool:
    """Two full names (given and family name) with nothing in common.  A nickname ("Abu
    Hassan"), a first name alone or a description ("Taxi Ali") is compatible with any name:
    it is how people are saved in phones and remembered by migrants.

    >>> _different_full_names("Hamid Khalid", "Omar Zawi")
    True
    >>> _different_full_names("Hamid Khalid", "Abu Hassan")
    False
    """
    if not (is_personal_name(a) and is_personal_name(b)):
        return False
    ta = [t for t in name_tokens(a) if not t.startswith("abu_")]
    tb = [t for t in name_tokens(b) if not t.startswith("abu_")]
    return len(ta) >= 2 and len(tb) >= 2 and not set(ta) & set(tb)


def _names(case: CaseStore, persons: pd.DataFrame, attrs: dict[int, dict], pairs: _Pairs, cancel) -> None:
    names = persons[persons["kind"].isin(["name", "alias"])].drop_duplicates(["id", "value"])
    if names.empty:
        return
    names = names[
        [
            attrs.get(i, {}).get("role") != "migrant" and is_personal_name(v)
            for i, v in names[["id", "value"]].itertuples(index=False)
        ]
    ]
    tokens = {(i, v): name_tokens(v) for i, v in names[["id", "value"]].itertuples(index=False)}
    freq = Counter(t for (i, _), toks in tokens.items() for t in set(toks))
    freq.update(f"~{skeleton(t)}" for (i, _), toks in tokens.items() for t in set(toks))
    total = max(1, names["id"].nunique())
    neighbours = _neighbours(case)
    blocks: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (i, v), toks in tokens.items():
        for t in set(toks) | {f"~{skeleton(t)}" for t in toks}:
            if freq[t] <= block_limit(total):
                blocks[t].append((i, v))
    seen: set[tuple[int, int, str, str]] = set()
    for members in blocks.values():
        check(cancel)
        for (a, va), (b, vb) in combinations(members, 2):
            if a == b or (a, b, va, vb) in seen:
                continue
            seen.add((a, b, va, vb))
            _compare(a, va, tokens[(a, va)], b, vb, tokens[(b, vb)], freq, total, neighbours, pairs)


def _compare(a, va, ta, b, vb, tb, freq, total, neighbours, pairs) -> None:
    shared = set(ta) & set(tb)
    spelled = {
        f"~{skeleton(x)}"
        for x in set(ta) - shared
        for y in set(tb) - shared
        if skeleton(x) and skeleton(x) == skeleton(y) and fuzz.ratio(x, y) >= 80
    }
    shared |= spelled
    kunya = any(t.startswith("abu_") for t in shared)
    if len(shared) < 2 and not kunya:
        if len(shared) == 1 and (len(ta) == 1 or len(tb) == 1):
            pairs.add(
                a,
                b,
                0.35,
                f"one shares only the name '{next(iter(shared))}' with the other ('{va}' / '{vb}')",
            )
        return
    similarity = name_similarity(va, vb)
    rarity = min(1.0, sum(1.0 / max(freq.get(t, 1), 1) for t in shared))
    score = 0.55 + 0.25 * similarity * rarity + (0.1 if kunya else 0.0)
    common = neighbours.get(a, set()) & neighbours.get(b, set())
    reason = f"names '{va}' / '{vb}' {similarity:.0%} similar"
    if spelled:
        reason += " (transliteration variants)"
    if common:
        # many contacts in common is strong evidence: 1 gives 0.12, 8 gives 0.21, 16 or more 0.24
        score += min(0.24, 0.12 + 0.03 * math.log2(len(common)))
        reason += f", {len(common)} contact(s) in common"
    if is_epithet(va) or is_epithet(vb):
        # many people are "Abu Omar" or "the Engineer": for review, never merged on it alone
        score = min(score, EPITHET_CAP if common else EPITHET_CAP - 0.25)
        reason += f" ('{va if is_epithet(va) else vb}' is an epithet: not merged on the name alone)"
    pairs.add(a, b, min(score, 0.96), reason)


def _neighbours(case: CaseStore) -> dict[int, set[int]]:
    """Each person's counterparts (calls, payments, mentions), after folding phones into users."""
    from app.graph.networks import actor_edges

    edges = actor_edges(case)
    out: dict[int, set[int]] = defaultdict(set)
    for s, d in zip(edges["src"].astype(int), edges["dst"].astype(int), strict=True):
        out[s].add(d)
        out[d].add(s)
    return out


def apply_above(
    case: CaseStore,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> list[dict]:
    """Merge every candidate at or above ``threshold`` (transitively); return the merges made
    (``label_a``, ``label_b``, ``score``, ``evidence``, ``merge_id``).

    Merging repeats, with scores recomputed on the merged entities, until no candidate at or
    above ``threshold`` is left (at most :data:`MAX_ROUNDS` rounds).  All merges happen in one
    transaction: Cancel leaves the case as it was.
    """
    from app.graph.simchanges import sim_changes

    merged: list[dict] = []
    changes, _ = sim_changes(case, cancel=cancel)
    with case.transaction():
        for n in range(MAX_ROUNDS):
            share = sub_progress(progress, n / MAX_ROUNDS, (n + 1) / MAX_ROUNDS)
            candidates = merge_candidates(
                case, threshold=threshold, sim_changes=changes, progress=share, cancel=cancel
            )
            done = _merge_round(case, candidates, cancel)
            merged += done
            if not done:
                break
    report(progress, 1.0, f"{len(merged)} merges")
    return merged


def _merge_round(case: CaseStore, candidates: list[Candidate], cancel) -> list[dict]:
    """One pass: every candidate merged (transitively, best first)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    evidence: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        ra, rb = root(c.a), root(c.b)
        if ra != rb:
            keep, gone = min(ra, rb), max(ra, rb)
            parent[gone] = keep
            evidence[(keep, gone)] = c
    merged = []
    with case.transaction():
        for (keep, gone), c in evidence.items():
            check(cancel)
            k, g = case.canonical(keep), case.canonical(gone)
            if k != g and case.entity(k)["type"] == case.entity(g)["type"]:
                text = "; ".join(c.reasons)[:2000]
                merge_id = case.merge(k, g, score=round(c.score, 3), evidence=text, by="auto-resolution")
                merged.append(
                    {
                        "merge_id": merge_id,
                        "label_a": c.labels[0],
                        "label_b": c.labels[1],
                        "score": c.score,
                        "evidence": text,
                    }
                )
    return merged


def entity_profile(case: CaseStore, entity_id: int) -> dict:
    """What the review workbench shows of one side of a candidate: label, type, names and
    aliases as written, identifiers, links by type, and the sources behind it.

    Epithets ("Abu Omar", "le Vieux") are listed among the aliases, never as names.
    """
    root = case.canonical(entity_id)
    members = case.members(root) or [root]
    marks = ",".join("?" * len(members))
    idents = case._query(
        f"SELECT kind, value, raw FROM identifiers WHERE entity_id IN ({marks}) ORDER BY kind, value", members
    )
    names = sorted({raw or v for k, v, raw in idents if k == "name" and not is_epithet(raw or v)})
    aliases = sorted(
        {raw or v for k, v, raw in idents if k == "alias" or (k == "name" and is_epithet(raw or v))}
    )
    ids = sorted({f"{k}: {v}" for k, v, _ in idents if k not in ("name", "alias", "name_key")})
    links = case._query(
        "SELECT l.type, COUNT(*), SUM(l.count) FROM links l JOIN entities s ON s.id = l.src "
        "JOIN entities d ON d.id = l.dst WHERE s.canonical = ? OR d.canonical = ? GROUP BY l.type",
        [root, root],
    )
    sources = case._query(
        f"SELECT DISTINCT s.file_name, s.reliability || s.credibility FROM evidence v "
        f"JOIN sources s ON s.id = v.source_id WHERE v.item = 'entity' AND v.item_id IN ({marks}) "
        "ORDER BY s.file_name",
        members,
    )
    entity = case.entity(root)
    return {
        "id": root,
        "label": entity["label"],
        "type": entity["type"],
        "names": names,
        "aliases": aliases,
        "identifiers": ids,
        "links": {t: {"links": int(n), "occurrences": int(c or 0)} for t, n, c in links},
        "sources": [f"{name} ({grade})" for name, grade in sources],
        "members": len(members),
    }


def candidate_group(candidates: list[Candidate] | list[dict], a: int, b: int) -> list[tuple[int, int]]:
    """The pairs connected to ``(a, b)`` among ``candidates``: the group the workbench merges
    at once (one person's records from every source, joined pair by pair).

    >>> candidate_group([{"a": 1, "b": 2}, {"a": 2, "b": 3}, {"a": 7, "b": 8}], 1, 2)
    [(1, 2), (2, 3)]
    """
    pairs = [(int(c["a"]), int(c["b"])) if isinstance(c, dict) else (c.a, c.b) for c in candidates]
    group, grown = {a, b}, True
    while grown:
        grown = False
        for x, y in pairs:
            if (x in group) != (y in group):
                group |= {x, y}
                grown = True
    return [(x, y) for x, y in pairs if x in group and y in group]
