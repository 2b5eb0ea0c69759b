"""Timelines per actor, as i2's event charts draw them: one row per actor (or per phone or
account the actor uses), each call, message, transfer and journey leg a mark at its time.

The rows are the actors the analyst selected; an event belongs to every selected actor at
either end of it (through the phones and accounts they use, as in the actor network).  With
``between_only`` only the events among the selected actors are kept: two actors selected give
the timeline of that pair.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from app.graph.store import CaseStore

#: link types → the kind of mark the timeline draws
KINDS = {"called": "call", "messaged": "message", "transferred": "transfer", "paid": "transfer"}
LEG = "journey leg"
COLUMNS = ["row", "row_label", "actor", "kind", "ts", "end", "other", "other_label", "detail"]


def actor_events(
    case: CaseStore, actors: Sequence[int], *, by: str = "actor", between_only: bool = False
) -> pd.DataFrame:
    """The dated events of ``actors`` (canonical ids), one line per event and row.

    Columns: ``row`` (the actor, or with ``by="identifier"`` the phone or account the event
    went through), ``row_label``, ``actor``, ``kind`` (call, message, transfer, journey leg or
    the link type), ``ts`` and ``end`` (timestamps; ``end`` only for legs), ``other`` (the
    actor at the other end), ``other_label``, ``detail``.  ``frame.attrs["rows"]`` lists every
    row in order as ``(id, label)``, actors without events included.
    """
    actors = [int(a) for a in dict.fromkeys(actors)]
    if by not in ("actor", "identifier"):
        raise ValueError(f"by must be 'actor' or 'identifier', not {by!r}")
    users = case.actor_frame()
    owner = _owners(users, actors)
    events = _event_lines(case, users, owner, by=by)
    legs = _leg_lines(case, actors)
    frame = pd.concat([f for f in (events, legs) if len(f)] or [pd.DataFrame(columns=COLUMNS)])
    if between_only:
        frame = frame[frame["other"].isin(actors) & (frame["other"] != frame["actor"])]
    ids = set(actors) | set(frame["row"]) | set(frame["other"].dropna())
    labels = {int(r.id): str(r.label or r.id) for r in case.people_frame(sorted(ids)).itertuples(index=False)}
    frame = frame.assign(
        row_label=[labels.get(int(r), str(r)) for r in frame["row"]],
        other_label=[labels.get(int(o), "") if pd.notna(o) else "" for o in frame["other"]],
    )
    order = {a: i for i, a in enumerate(actors)}
    frame = frame.assign(_o=frame["actor"].map(order)).sort_values(["_o", "row", "ts"], kind="stable")
    frame = frame.drop(columns="_o").reset_index(drop=True)[COLUMNS]
    rows: list[tuple[int, str]] = []
    for a in actors:
        mine = frame[frame["actor"] == a]["row"].drop_duplicates().tolist()
        for r in [a] if by == "actor" or not mine else mine:
            label = labels.get(int(r), str(r))
            rows.append((int(r), label if r == a else f"{labels.get(a, a)} · {label}"))
    frame.attrs["rows"] = rows
    return frame


def _owners(users: pd.DataFrame, actors: list[int]) -> dict[int, int]:
    """entity → the selected actor it stands for (the actor itself, its phones and accounts)."""
    mine = users[users["actor"].isin(actors)]
    owner = dict(zip(mine["entity"].astype(int), mine["actor"].astype(int), strict=True))
    owner.update({a: a for a in actors})
    return owner


def _event_lines(case: CaseStore, users: pd.DataFrame, owner: dict[int, int], *, by: str) -> pd.DataFrame:
    events = case.events_touching(sorted(owner))
    if events.empty:
        return pd.DataFrame(columns=COLUMNS)
    actor_of = users.set_index("entity")["actor"]
    ts = pd.to_datetime(events["ts"], errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
    out = []
    for side, other in (("src", "dst"), ("dst", "src")):
        mine = events[side].map(owner)
        keep = mine.notna() & ts.notna()
        sub = events[keep]
        out.append(
            pd.DataFrame(
                {
                    "row": (mine[keep] if by == "actor" else sub[side]).astype("int64"),
                    "actor": mine[keep].astype("int64"),
                    "kind": sub["type"].map(lambda t: KINDS.get(t, t)),
                    "ts": ts[keep],
                    "end": pd.NaT,
                    "other": sub[other].map(lambda e: actor_of.get(e, e)).astype("int64"),
                    "detail": [_detail(r) for r in sub.itertuples(index=False)],
                }
            )
        )
    return pd.concat(out, ignore_index=True)


def _detail(event) -> str:
    if pd.notna(event.amount):
        return f"{event.amount:,.0f} {event.currency or ''}".strip()
    if pd.notna(event.duration) and event.duration:
        return f"{int(event.duration)} s"
    return ""


def _leg_lines(case: CaseStore, actors: list[int]) -> pd.DataFrame:
    legs = case.legs_frame()
    out = []
    for me, other in (("traveller_id", "facilitator_id"), ("facilitator_id", "traveller_id")):
        sub = legs[legs[me].isin(actors)]
        if sub.empty:
            continue
        start = pd.to_datetime(sub["start"], errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
        end = pd.to_datetime(sub["end"], errors="coerce", format="mixed", utc=True).dt.tz_localize(None)
        keep = start.notna()
        sub = sub[keep]
        out.append(
            pd.DataFrame(
                {
                    "row": sub[me].astype("int64"),
                    "actor": sub[me].astype("int64"),
                    "kind": LEG,
                    "ts": start[keep],
                    "end": end[keep],
                    "other": sub[other].astype("Int64"),
                    "detail": [f"{a} → {b}" for a, b in zip(sub["from_place"], sub["to_place"], strict=True)],
                }
            )
        )
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=COLUMNS)
