"""FollowTheMoney entities as JSON Lines, the format Aleph and the ``ftm`` tools ingest.

Persons become ``Person`` (numbers folded in as ``phone``), phones nobody is known to use
become ``LegalEntity`` named by their number, accounts ``BankAccount`` (with ``Ownership``
for their users), places ``Address``; aggregated calls become ``Call``, messages
``Message``, transfers and payments ``Payment``, anything else ``UnknownLink``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from app.exports.dataset import ExportData

_SCHEMA = {
    "person": "Person",
    "phone": "LegalEntity",
    "account": "BankAccount",
    "location": "Address",
    "organisation": "Organization",
    "vehicle": "Vehicle",
    "document": "Document",
    "device": "LegalEntity",
    "interview": "Document",
}


def _id(kind: str, number: int) -> str:
    return f"ariadne-{kind}{number}"


def _day(value) -> list[str]:
    return [str(value)[:10]] if isinstance(value, str) and value else []


def _entity(r, aliases: list[str]) -> dict:
    schema = _SCHEMA.get(r.type, "LegalEntity")
    name = r.label or f"#{r.id}"
    props: dict[str, list] = {"name": [name]} if schema not in ("Address", "Document") else {}
    if schema == "Address":
        props["full"] = [name]
        for key in ("lat", "lon"):
            if isinstance(r.attrs.get(key), int | float):
                props["latitude" if key == "lat" else "longitude"] = [str(r.attrs[key])]
    if schema == "Document":
        props["title"] = [name]
    if schema == "BankAccount" and not r.protected:
        props["accountNumber"] = [name]
    if schema in ("Person", "LegalEntity"):
        if r.phones:
            props["phone"] = list(r.phones)
        if aliases and not r.protected:
            props["alias"] = aliases
        nationality = r.attrs.get("nationality")
        if schema == "Person" and isinstance(nationality, str) and len(nationality) == 2:
            props["nationality"] = [nationality.lower()]
    notes = [f"role: {r.role}"] if r.role else []
    if r.grading:
        notes.append(f"best source grading {r.grading}")
    if notes and schema not in ("Address",):
        props["notes"] = ["; ".join(notes)]
    return {"id": _id("e", r.id), "schema": schema, "properties": props}


def _link(
    r, data: ExportData, users: dict[int, int], numbers: dict[int, list[str]], accounts: set[int]
) -> dict | None:
    src, dst = users.get(int(r.src), int(r.src)), users.get(int(r.dst), int(r.dst))
    if src == dst:
        return None
    dates = {"startDate": _day(r.first_seen), "endDate": _day(r.last_seen)}
    count = int(r.count or 0)
    if r.type == "called":
        props = {
            "caller": [_id("e", src)],
            "receiver": [_id("e", dst)],
            "callerNumber": numbers.get(int(r.src), []),
            "receiverNumber": numbers.get(int(r.dst), []),
            "date": _day(r.first_seen),
            "duration": [str(int(r.duration or 0))],
            "description": [f"{count} calls"],
        }
        schema = "Call"
    elif r.type == "messaged":
        props = {
            "sender": [_id("e", src)],
            "recipients": [_id("e", dst)],
            "date": _day(r.first_seen),
            "bodyText": [f"{count} messages (texts are kept in the case)"],
        }
        schema = "Message"
    elif r.type in ("transferred", "paid"):
        amount = None if r.amount is None or pd.isna(r.amount) else float(r.amount)
        props = {
            "payer": [_id("e", src)],
            "beneficiary": [_id("e", dst)],
            "date": _day(r.first_seen),
            "description": [f"{count} {r.type} link(s)"],
            **dates,
        }
        if amount is not None:
            props["amount"] = [f"{amount:.2f}"]
            props["currency"] = [data.currency]
            if data.currency == "EUR":
                props["amountEur"] = [f"{amount:.2f}"]
        schema = "Payment"
    elif r.type == "uses" and r.dst in accounts:
        props = {"owner": [_id("e", src)], "asset": [_id("e", int(r.dst))], "role": ["uses"]}
        schema = "Ownership"
    else:
        props = {
            "subject": [_id("e", src)],
            "object": [_id("e", dst)],
            "role": [r.type],
            "description": [f"{count} occurrence(s)"],
            **dates,
        }
        schema = "UnknownLink"
    return {
        "id": _id("l", int(r.link_id)),
        "schema": schema,
        "properties": {k: v for k, v in props.items() if v},
    }


def entities(data: ExportData) -> Iterator[dict]:
    """All FollowTheMoney entities of the export, as plain dicts, one at a time."""
    uses = data.links[data.links["type"] == "uses"] if not data.links.empty else data.links
    types = dict(zip(data.nodes["id"], data.nodes["type"], strict=True))
    users = {
        int(d): int(s)
        for s, d in zip(uses["src"], uses["dst"], strict=True)
        if types.get(int(d)) == "phone" and types.get(int(s)) == "person"
    }
    protected = set(data.nodes.loc[data.nodes["protected"], "id"])
    numbers = {
        int(r.id): list(r.phones)
        for r in data.nodes.itertuples(index=False)
        if r.type == "phone" and int(r.id) not in protected
    }
    aliases, accounts = data.aliases, data.account_ids  # computed once, not per link
    for r in data.nodes.itertuples(index=False):
        if r.type == "phone" and int(r.id) in users:
            continue  # folded into its user's Person.phone
        yield _entity(r, aliases.get(int(r.id), []))
    for r in data.links.itertuples(index=False):
        if r.type == "uses" and int(r.dst) in users:
            continue
        link = _link(r, data, users, numbers, accounts)
        if link:
            yield link


def write_ftm(data: ExportData, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for ent in entities(data):
            f.write(json.dumps(ent, ensure_ascii=False) + "\n")
    return out
