"""SIM changes: numbers that one person used one after another.

Two analyses investigators do by hand, as merge candidates for :mod:`app.graph.resolution`:

- **Same handset**: the carrier records the handset (IMEI) a SIM was in.  Numbers that a
  handset carried one after another, without overlap, are proposed as one user, with the
  periods in words.  A number seen in someone else's handset for a day or two while that
  handset's usual number went on before and after is a borrowed phone, not a SIM change: it
  is never proposed, and :func:`sim_changes` says what was seen.  Two numbers carried at the
  same time for weeks are a dual-SIM handset (proposed, for review).
- **Replacement SIM**: a new number whose contacts largely repeat those of a number that went
  silent just before it, proposed with a lower score (never when two numbers could be the
  replacement, or one number could replace two).
- **Two handsets side by side**: someone who changes SIMs in two handsets at once (a broker
  with a phone for each side) leaves two chains of numbers.  Two handsets that both changed
  SIM, were in use over the same months, have largely the same contacts, are each other's
  closest match by far and never once called each other, are proposed as one user.  A
  colleague calls the organiser; a person does not call himself.  A SIM counts for the
  handset it spent longest in, so a SIM borrowed for a day ties no two handsets together.

Malformed IMEIs (no ``imei`` identifier) never join anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.graph.store import CaseStore
from app.progress import CancelToken, check

SAME_HANDSET_SCORE = 0.93
DUAL_SIM_SCORE = 0.8
#: a number seen in a handset for at most this many days, inside another number's period,
#: is a borrowed handset
BORROWED_DAYS = 3
#: replacement SIM: the new number starts at most this many days after the old one stops
REPLACEMENT_GAP_DAYS = 10
REPLACEMENT_MIN_COMMON = 6
REPLACEMENT_MIN_SHARE = 0.6
#: both numbers in use at least this long (a stranger seen one night in a tower dump is not)
REPLACEMENT_MIN_DAYS = 5
#: contacts with more correspondents than this (a switchboard, a busy stranger) say nothing
CONTACT_MAX_DEGREE = 60
#: two handsets side by side: at least this many contacts in common, and this share of the
#: contacts of the one with fewer
TANDEM_MIN_COMMON = 10
TANDEM_MIN_SHARE = 0.4
#: ... at least this many times as many as either has in common with any other handset
TANDEM_MARGIN = 1.5
#: ... and in use together for at least this share of the shorter one's period
TANDEM_MIN_OVERLAP = 0.8


@dataclass
class SimChange:
    """Two phone entities (canonical) proposed as one user."""

    a: int
    b: int
    score: float
    reason: str
    kind: str  # "handset", "tandem" (two handsets side by side) or "replacement"


def _day(ts: str) -> str:
    return pd.Timestamp(ts).strftime("%-d %b %Y")


def carried_frame(case: CaseStore) -> pd.DataFrame:
    """handset, imei, phone, number, first, last: each (well-formed) handset and the numbers
    it carried, between canonical entities."""
    return case._query_frame(
        """SELECT ch.canonical AS handset, i.value AS imei, cp.canonical AS phone,
                  MIN(l.first_seen) AS first, MAX(l.last_seen) AS last
           FROM links l JOIN entities ch ON ch.id = l.src JOIN entities cp ON cp.id = l.dst
           JOIN identifiers i ON i.entity_id = l.src AND i.kind = 'imei'
           WHERE l.type = 'carried' AND l.first_seen IS NOT NULL
           GROUP BY ch.canonical, cp.canonical"""
    )


def _numbers(case: CaseStore, ids) -> dict[int, str]:
    ids = sorted({int(i) for i in ids})
    if not ids:
        return {}
    out: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        part = ids[start : start + 900]
        rows = case._query(
            "SELECT e.canonical, MIN(i.value) FROM identifiers i JOIN entities e ON e.id = i.entity_id "
            f"WHERE i.kind = 'phone' AND e.canonical IN ({','.join('?' * len(part))}) GROUP BY e.canonical",
            part,
        )
        out.update({int(a): v for a, v in rows})
    return out


def imei_display(key: str) -> str:
    from app.handsets import Imei

    return Imei(key, key).display


def same_handset(case: CaseStore, carried: pd.DataFrame | None = None) -> tuple[list[SimChange], list[str]]:
    """Candidates from handsets, and what was seen that is not one (borrowed handsets)."""
    carried = carried_frame(case) if carried is None else carried
    # most handsets carried one number: only the others are looked at one by one
    carried = carried[carried.groupby(["handset", "imei"])["phone"].transform("size") >= 2]
    if carried.empty:
        return [], []
    numbers = _numbers(case, carried["phone"])
    out, notes = [], []
    for (_handset, imei), group in carried.groupby(["handset", "imei"], sort=False):
        rows = group.sort_values(["first", "last"]).to_dict("records")
        shown = imei_display(imei)
        for r in rows:
            r["days"] = (pd.Timestamp(r["last"]) - pd.Timestamp(r["first"])).days + 1
            r["number"] = numbers.get(int(r["phone"]), str(r["phone"]))
        short = [
            r
            for r in rows
            if r["days"] <= BORROWED_DAYS
            and any(o is not r and o["first"] < r["first"] and o["last"] > r["last"] for o in rows)
        ]
        for r in short:
            host = next(o for o in rows if o is not r and o["first"] < r["first"] and o["last"] > r["last"])
            notes.append(
                f"handset {shown}: {r['number']} seen in it only on {_day(r['first'])}"
                f"{'' if r['days'] == 1 else ' to ' + _day(r['last'])}, while {host['number']} "
                f"used it before and after: a borrowed handset, not proposed as one user"
            )
        steady = [r for r in rows if r not in short]
        for x, y in zip(steady, steady[1:], strict=False):
            if x["last"][:10] <= y["first"][:10]:
                out.append(
                    SimChange(
                        int(x["phone"]),
                        int(y["phone"]),
                        SAME_HANDSET_SCORE,
                        f"same handset {shown}: {x['number']} until {_day(x['last'])}, "
                        f"then {y['number']} from {_day(y['first'])}",
                        "handset",
                    )
                )
            elif min(x["days"], y["days"]) > BORROWED_DAYS:
                out.append(
                    SimChange(
                        int(x["phone"]),
                        int(y["phone"]),
                        DUAL_SIM_SCORE,
                        f"same handset {shown} carried {x['number']} and {y['number']} at "
                        f"the same time ({_day(y['first'])} to "
                        f"{_day(min(x['last'], y['last']))}): a dual-SIM phone",
                        "handset",
                    )
                )
    return out, notes


@dataclass
class CallTies:
    """Who was in touch with whom among phones (canonical entities), read once for the
    analyses that need it."""

    #: phone, contact: each pair of phones in touch by call or message, once from each end
    ties: pd.DataFrame
    #: phone -> its first and last call or message (datetimes)
    first: pd.Series
    last: pd.Series
    #: contact -> how many phones it was in touch with
    degree: pd.Series


def call_ties(case: CaseStore) -> CallTies:
    """The calls and messages between phones, folded onto canonical entities.  Read without
    joins (the links as stored, then each end's canonical entity and type looked up in
    arrays): on a national case that is millions of rows."""
    calls = case._query_frame(
        """SELECT src, dst, first_seen AS first, last_seen AS last FROM links
           WHERE type IN ('called', 'messaged') AND first_seen IS NOT NULL"""
    )
    entities = case._query_frame("SELECT id, canonical, type FROM entities")
    size = int(entities["id"].max()) + 1 if len(entities) else 1
    canonical = np.zeros(size, dtype="int64")
    canonical[entities["id"].to_numpy()] = entities["canonical"].to_numpy()
    phone = np.zeros(size, dtype=bool)
    phone[entities["id"].to_numpy()] = (entities["type"] == "phone").to_numpy()
    src, dst = calls["src"].to_numpy(dtype="int64"), calls["dst"].to_numpy(dtype="int64")
    keep = phone[src] & phone[dst]
    src, dst = canonical[src[keep]], canonical[dst[keep]]
    first = pd.to_datetime(calls["first"][keep], format="ISO8601").to_numpy()
    last = pd.to_datetime(calls["last"][keep], format="ISO8601").to_numpy()
    ends = pd.DataFrame(
        {
            "phone": np.concatenate([src, dst]),
            "first": np.concatenate([first, first]),
            "last": np.concatenate([last, last]),
        }
    )
    span = ends.groupby("phone").agg(first=("first", "min"), last=("last", "max"))
    ties = pd.DataFrame({"phone": np.concatenate([src, dst]), "contact": np.concatenate([dst, src])})
    ties = ties[ties["phone"] != ties["contact"]].drop_duplicates(ignore_index=True)
    return CallTies(ties, span["first"], span["last"], ties.groupby("contact").size())


def replacement_sims(
    case: CaseStore, *, cancel: CancelToken | None = None, ties: CallTies | None = None
) -> list[SimChange]:
    """A number that starts within days of another going silent, with most of its contacts."""
    both = call_ties(case) if ties is None else ties
    if both.ties.empty:
        return []
    first, last = both.first, both.last
    case_first, case_last = first.min(), last.max()
    check(cancel)
    ties_ = both.ties[both.ties["contact"].map(both.degree).le(CONTACT_MAX_DEGREE)]
    n_contacts = ties_.groupby("phone").size()
    gap = pd.Timedelta(days=REPLACEMENT_GAP_DAYS)
    lasting = (last - first) >= pd.Timedelta(days=REPLACEMENT_MIN_DAYS)
    enough = n_contacts.reindex(first.index).ge(REPLACEMENT_MIN_COMMON).to_numpy()
    silent = first.index[lasting & (last < case_last - gap) & enough]
    fresh = first.index[lasting & (first > case_first + gap) & enough]
    # joined on (contact, week): the new number's first week is the old one's last week or
    # one of the two after it, so only numbers close in time are ever paired
    week = pd.Timedelta(days=7)
    start0 = pd.Timestamp(case_first)
    old = ties_[ties_["phone"].isin(silent)][["phone", "contact"]]
    old = old.assign(week=((last.reindex(old["phone"]) - start0) // week).to_numpy(dtype="int64"))
    new = ties_[ties_["phone"].isin(fresh)][["phone", "contact"]]
    new_week = ((first.reindex(new["phone"]) - start0) // week).to_numpy(dtype="int64")
    new = pd.concat([new.assign(week=new_week - k) for k in range(3)], ignore_index=True)
    pairs = old.merge(new, on=["contact", "week"], suffixes=("_old", "_new"))
    pairs = pairs[pairs["phone_old"] != pairs["phone_new"]]
    if pairs.empty:
        return []
    common = (
        pairs.drop_duplicates(["phone_old", "phone_new", "contact"])
        .groupby(["phone_old", "phone_new"])
        .size()
        .rename("common")
        .reset_index()
    )
    common = common[common["common"] >= REPLACEMENT_MIN_COMMON]
    stop = last.reindex(common["phone_old"]).to_numpy()
    start = first.reindex(common["phone_new"]).to_numpy()
    day = np.timedelta64(1, "D")
    after = (start >= stop - day) & (start <= stop + REPLACEMENT_GAP_DAYS * day)
    common = common[after]
    # a number "replaced" by two new ones, or one new number replacing two, is no evidence
    common = common[~common["phone_old"].duplicated(keep=False) & ~common["phone_new"].duplicated(keep=False)]
    check(cancel)
    numbers = _numbers(case, set(common["phone_old"]) | set(common["phone_new"]))
    out = []
    for old_id, new_id, n in common.itertuples(index=False):
        share = n / min(n_contacts[old_id], n_contacts[new_id])
        if share < REPLACEMENT_MIN_SHARE:
            continue
        score = round(0.5 + 0.3 * min(1.0, share), 3)
        began, ended = first[new_id], last[old_id]
        days = (began - ended).days
        out.append(
            SimChange(
                int(old_id),
                int(new_id),
                score,
                f"replacement SIM: {numbers.get(int(new_id), new_id)} started {_day(began)}, "
                f"{days} day(s) after {numbers.get(int(old_id), old_id)} went silent "
                f"({_day(ended)}), {n} of its contacts the same ({share:.0%})",
                "replacement",
            )
        )
    return out


def _lived_in(carried: pd.DataFrame) -> pd.DataFrame:
    """handset, phone, first, last: each number with the one handset it spent longest in (a SIM
    put into a colleague's handset for a day still belongs to its own)."""
    days = pd.to_datetime(carried["last"], format="ISO8601") - pd.to_datetime(
        carried["first"], format="ISO8601"
    )
    longest = carried.assign(days=days).sort_values(
        ["days", "handset"], ascending=[False, True], kind="stable"
    )
    return longest.drop_duplicates("phone")[["handset", "imei", "phone", "first", "last"]]


def side_by_side(
    case: CaseStore,
    *,
    cancel: CancelToken | None = None,
    ties: CallTies | None = None,
    carried: pd.DataFrame | None = None,
) -> list[SimChange]:
    """Two handsets, each changing SIMs, used together by one person (see the module text)."""
    carried = carried_frame(case) if carried is None else carried
    if carried.empty:
        return []
    lived = _lived_in(carried)
    sims = lived.sort_values(["first", "phone"]).groupby("handset")["phone"].agg(list)
    rotating = sims.index[sims.map(len) >= 2]
    if len(rotating) < 2:
        return []
    both = call_ties(case) if ties is None else ties
    if both.ties.empty:
        return []
    handset_of = lived.set_index("phone")["handset"]
    own = both.ties[both.ties["phone"].isin(handset_of.index)]
    own = own.assign(handset=own["phone"].map(handset_of))
    everyone = own
    own = own[own["contact"].map(both.degree).le(CONTACT_MAX_DEGREE)]
    contacts = own[["handset", "contact"]].drop_duplicates()
    contacts = contacts.assign(handset=contacts["handset"].astype("int64"))
    contacts = contacts[contacts["contact"].map(handset_of) != contacts["handset"]]
    n = contacts.groupby("handset").size()
    contacts = contacts[contacts["handset"].map(n).ge(TANDEM_MIN_COMMON)]
    check(cancel)
    # pairs through a shared contact, with a rotating handset on at least one side
    left = contacts[contacts["handset"].isin(rotating)]
    pairs = left.merge(contacts, on="contact", suffixes=("_a", "_b"))
    pairs = pairs[pairs["handset_a"] != pairs["handset_b"]]
    if pairs.empty:
        return []
    common = pairs.groupby(["handset_a", "handset_b"]).size().rename("common").reset_index()
    ranked = common.sort_values(["handset_a", "common", "handset_b"], ascending=[True, False, True])
    rank = ranked.groupby("handset_a").cumcount()
    top = ranked[rank == 0].set_index("handset_a")
    second = ranked[rank == 1].set_index("handset_a")["common"]
    span = lived.groupby("handset").agg(first=("first", "min"), last=("last", "max"))
    found = []
    for a, row in top.iterrows():
        b, k = int(row["handset_b"]), int(row["common"])
        if not a < b or b not in top.index or int(top.at[b, "handset_b"]) != a:
            continue  # each other's closest match, counted once
        if a not in rotating or b not in rotating:
            continue
        runner_up = max(second.get(a, 0), second.get(b, 0))
        share = k / min(n[a], n[b])
        if k < TANDEM_MIN_COMMON or share < TANDEM_MIN_SHARE or k < TANDEM_MARGIN * runner_up:
            continue
        starts = [pd.Timestamp(span.at[h, "first"]) for h in (a, b)]
        ends = [pd.Timestamp(span.at[h, "last"]) for h in (a, b)]
        together = min(ends) - max(starts)
        shorter = min(e - s for s, e in zip(starts, ends, strict=True))
        if shorter <= pd.Timedelta(0) or together < TANDEM_MIN_OVERLAP * shorter:
            continue
        found.append((a, b, k, share, runner_up, max(starts), min(ends)))
    if not found:
        return []
    # whether the two ever called each other: every call, however busy the contact
    involved = {h for a, b, *_ in found for h in (a, b)}
    near = everyone[everyone["handset"].isin(involved)]
    other = near["contact"].map(handset_of)
    spoke = set(
        zip(near["handset"][other.notna()].astype("int64"), other.dropna().astype("int64"), strict=True)
    )
    numbers = _numbers(case, [sims[h][0] for h in involved])
    imei = lived.drop_duplicates("handset").set_index("handset")["imei"]
    out = []
    for a, b, k, share, runner_up, since, until in found:
        if (a, b) in spoke or (b, a) in spoke:
            continue
        first_a, first_b = sims[a][0], sims[b][0]
        out.append(
            SimChange(
                int(first_a),
                int(first_b),
                round(0.9 + 0.05 * min(1.0, share), 3),
                f"two handsets side by side: {imei_display(imei[a])} ({len(sims[a])} SIMs from "
                f"{numbers.get(int(first_a), first_a)}) and {imei_display(imei[b])} ({len(sims[b])} SIMs "
                f"from {numbers.get(int(first_b), first_b)}) in use together {_day(since.isoformat())} "
                f"to {_day(until.isoformat())}, {k} contacts in common ({share:.0%}; the next closest "
                f"handset shares {int(runner_up)}), never calling each other",
                "tandem",
            )
        )
    return out


def sim_changes(case: CaseStore, *, cancel: CancelToken | None = None) -> tuple[list[SimChange], list[str]]:
    """Every SIM-change candidate (handset ones first) and the notes on borrowed handsets."""
    carried = carried_frame(case)
    handset, notes = same_handset(case, carried)
    check(cancel)
    ties = call_ties(case)
    check(cancel)
    tandem = side_by_side(case, cancel=cancel, ties=ties, carried=carried)
    check(cancel)
    return handset + tandem + replacement_sims(case, cancel=cancel, ties=ties), notes
