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


@dataclass
class SimChange:
    """Two phone entities (canonical) proposed as one user."""

    a: int
    b: int
    score: float
    reason: str
    kind: str  # "handset" or "replacement"


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


def same_handset(case: CaseStore) -> tuple[list[SimChange], list[str]]:
    """Candidates from handsets, and what was seen that is not one (borrowed handsets)."""
    carried = carried_frame(case)
    if carried.empty:
        return [], []
    numbers = _numbers(case, carried["phone"])
    out, notes = [], []
    for (_handset, imei), group in carried.groupby(["handset", "imei"], sort=False):
        if len(group) < 2:
            continue
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


def replacement_sims(case: CaseStore, *, cancel: CancelToken | None = None) -> list[SimChange]:
    """A number that starts within days of another going silent, with most of its contacts."""
    calls = case._query_frame(
        """SELECT cs.canonical AS src, cd.canonical AS dst, l.first_seen AS first, l.last_seen AS last
           FROM links l JOIN entities cs ON cs.id = l.src JOIN entities cd ON cd.id = l.dst
           WHERE l.type IN ('called', 'messaged') AND l.first_seen IS NOT NULL
             AND cs.type = 'phone' AND cd.type = 'phone'"""
    )
    if calls.empty:
        return []
    both = pd.concat(
        [
            calls.rename(columns={"src": "phone", "dst": "contact"}),
            calls.rename(columns={"dst": "phone", "src": "contact"}),
        ],
        ignore_index=True,
    )
    span = both.groupby("phone").agg(first=("first", "min"), last=("last", "max"))
    degree = both.groupby("contact")["phone"].nunique()
    case_first, case_last = span["first"].min(), span["last"].max()
    check(cancel)
    ties = both[both["contact"].map(degree).le(CONTACT_MAX_DEGREE)].drop_duplicates(["phone", "contact"])
    n_contacts = ties.groupby("phone").size()
    first = pd.to_datetime(span["first"], format="ISO8601")
    last = pd.to_datetime(span["last"], format="ISO8601")
    gap = pd.Timedelta(days=REPLACEMENT_GAP_DAYS)
    lasting = (last - first) >= pd.Timedelta(days=REPLACEMENT_MIN_DAYS)
    silent = span.index[
        lasting
        & (last < pd.Timestamp(case_last) - gap)
        & n_contacts.reindex(span.index).ge(REPLACEMENT_MIN_COMMON).to_numpy()
    ]
    fresh = span.index[
        lasting
        & (first > pd.Timestamp(case_first) + gap)
        & n_contacts.reindex(span.index).ge(REPLACEMENT_MIN_COMMON).to_numpy()
    ]
    # joined on (contact, week): the new number's first week is the old one's last week or
    # one of the two after it, so only numbers close in time are ever paired
    week = pd.Timedelta(days=7)
    start0 = pd.Timestamp(case_first)
    old = ties[ties["phone"].isin(silent)][["phone", "contact"]]
    old = old.assign(week=((last.reindex(old["phone"]) - start0) // week).to_numpy(dtype="int64"))
    new = ties[ties["phone"].isin(fresh)][["phone", "contact"]]
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
        began, ended = span.at[new_id, "first"], span.at[old_id, "last"]
        days = (pd.Timestamp(began) - pd.Timestamp(ended)).days
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


def sim_changes(case: CaseStore, *, cancel: CancelToken | None = None) -> tuple[list[SimChange], list[str]]:
    """Every SIM-change candidate (handset ones first) and the notes on borrowed handsets."""
    handset, notes = same_handset(case)
    check(cancel)
    return handset + replacement_sims(case, cancel=cancel), notes
