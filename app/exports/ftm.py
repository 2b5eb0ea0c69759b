"""FollowTheMoney entities as JSON Lines, the format Aleph and the ``ftm`` tools ingest.

Persons become ``Person`` (numbers folded in as ``phone``), phones nobody is known to use
become ``LegalEntity`` named by their number, accounts ``BankAccount`` (with ``Ownership``
for their users), places ``Address``; aggregated calls become ``Call``, messages
``Message``, transfers and payments ``Payment``, anything else ``UnknownLink``.
"""

from __future__ import annotations

import json
import re
from collections import namedtuple
from collections.abc import Iterator
from json.encoder import encode_basestring
from pathlib import Path

import numpy as np
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


def _rows(nodes: pd.DataFrame):
    """The rows of ``nodes`` as named tuples, read a column at a time (``itertuples`` reads a
    text column one value at a time)."""
    row = namedtuple("row", nodes.columns)  # type: ignore[misc]  # noqa: PYI024
    return map(row._make, zip(*(nodes[c].tolist() for c in nodes.columns), strict=True))


def _folding(data: ExportData) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Each phone used by a person, with the person (the phone is folded into them), and the
    numbers of each phone that is not a protected person's."""
    nodes, links = data.nodes, data.links
    uses = links[links["type"] == "uses"] if not links.empty else links
    types = dict(zip(nodes["id"].tolist(), nodes["type"].tolist(), strict=True))
    users = {
        int(d): int(s)
        for s, d in zip(uses["src"].tolist(), uses["dst"].tolist(), strict=True)
        if types.get(int(d)) == "phone" and types.get(int(s)) == "person"
    }
    phones = nodes[(nodes["type"] == "phone") & ~nodes["protected"]]
    numbers = {int(i): list(p) for i, p in zip(phones["id"].tolist(), phones["phones"].tolist(), strict=True)}
    return users, numbers


def entities(data: ExportData) -> Iterator[dict]:
    """All FollowTheMoney entities of the export, as plain dicts, one at a time (what
    :func:`write_ftm` writes, made one at a time)."""
    users, numbers = _folding(data)
    aliases, accounts = data.aliases, data.account_ids  # computed once, not per link
    for r in _rows(data.nodes):
        if r.type == "phone" and int(r.id) in users:
            continue  # folded into its user's Person.phone
        yield _entity(r, aliases.get(int(r.id), []))
    for r in _rows(data.links):
        if r.type == "uses" and int(r.dst) in users:
            continue
        link = _link(r, data, users, numbers, accounts)
        if link:
            yield link


#: Rows of entities or links made into text and written at a time (a few MB of text).
_CHUNK = 20_000


def write_ftm(data: ExportData, out: Path) -> Path:
    """The entities of :func:`entities`, one JSON object a line as ``json.dumps`` writes each
    (``ensure_ascii=False``); the links, nearly all of the file, are made a column at a time."""
    out.parent.mkdir(parents=True, exist_ok=True)
    users, numbers = _folding(data)
    with out.open("w", encoding="utf-8") as f:
        aliases, nodes = data.aliases, data.nodes
        for start in range(0, len(nodes), _CHUNK):
            f.write(
                "".join(
                    _json_line(_entity(r, aliases.get(int(r.id), [])))
                    for r in _rows(nodes.iloc[start : start + _CHUNK])
                    if not (r.type == "phone" and int(r.id) in users)
                )
            )
        links = _LinkText(data, users, numbers)
        for start in range(0, len(data.links), _CHUNK):
            f.write("".join(links.lines(data.links.iloc[start : start + _CHUNK])))
    return out


def _json_line(entity: dict) -> str:
    """``json.dumps(entity, ensure_ascii=False)`` and a newline, made faster for an entity whose
    properties are lists of texts (``json.dumps`` itself for any other)."""
    try:
        props = ", ".join(
            f'"{k}": [{", ".join(map(encode_basestring, v))}]' for k, v in entity["properties"].items()
        )
    except TypeError:  # a value that is not a text
        return json.dumps(entity, ensure_ascii=False) + "\n"
    return f'{{"id": {_string(entity["id"])}, "schema": {_string(entity["schema"])}, "properties": {{{props}}}}}\n'


def _string(value) -> str:
    """A value in JSON as ``json.dumps`` writes it (``encode_basestring`` is its own)."""
    return encode_basestring(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class _LinkText:
    """The lines of links, made for a slice of the links frame at a time, one comprehension per
    FollowTheMoney schema, as :func:`_link` and ``json.dumps`` would make them one by one."""

    def __init__(self, data: ExportData, users: dict[int, int], numbers: dict[int, list[str]]) -> None:
        self.users = (
            np.array(sorted(users), dtype="int64"),
            np.array([users[k] for k in sorted(users)], "int64"),
        )
        self.accounts = np.array(sorted(data.account_ids), dtype="int64")
        self.caller = _Table(
            {i: f', "callerNumber": [{", ".join(map(_string, n))}]' for i, n in numbers.items() if n}
        )
        self.receiver = _Table(
            {i: f', "receiverNumber": [{", ".join(map(_string, n))}]' for i, n in numbers.items() if n}
        )
        amount = (
            ', "amount": ["{0:.2f}"], "currency": ['
            + _string(data.currency).replace("{", "{{").replace("}", "}}")
            + "]"
        )
        self.money = amount + (', "amountEur": ["{0:.2f}"]' if data.currency == "EUR" else "")

    def _actor(self, ids: np.ndarray) -> np.ndarray:
        """Each id, or the person who uses it if it is a phone folded into them."""
        keys, people = self.users
        if not len(keys):
            return ids
        at = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
        return np.where(keys[at] == ids, people[at], ids)

    def lines(self, links: pd.DataFrame) -> list[str]:
        kind = links["type"].to_numpy(dtype=object)
        raw_src, raw_dst = links["src"].to_numpy(dtype="int64"), links["dst"].to_numpy(dtype="int64")
        src, dst = self._actor(raw_src), self._actor(raw_dst)
        uses = kind == "uses"
        keep = (src != dst) & ~(uses & np.isin(raw_dst, self.users[0]))
        call, message = kind == "called", kind == "messaged"
        payment = (kind == "transferred") | (kind == "paid")
        ownership = uses & np.isin(raw_dst, self.accounts)
        other = ~(call | message | payment | ownership)
        columns = {
            "link_id": links["link_id"].to_numpy(),
            "kind": kind,
            "count": links["count"].to_numpy(),
            "duration": links["duration"].to_numpy(),
            "amount": links["amount"].to_numpy(),
            "first": links["first_seen"].to_numpy(dtype=object),
            "last": links["last_seen"].to_numpy(dtype=object),
            "src": src,
            "dst": dst,
            "raw_src": raw_src,
            "raw_dst": raw_dst,
        }
        out = np.empty(len(links), dtype=object)
        for which, make in (
            (call, self._calls),
            (message, self._messages),
            (payment, self._payments),
            (ownership, self._ownerships),
            (other, self._unknown),
        ):
            at = np.flatnonzero(keep & which)
            if len(at):
                out[at] = make(_Taken(columns, at))
        return out[keep].tolist()

    def _calls(self, c: _Taken) -> list[str]:
        return [
            f'{{"id": "ariadne-l{i}", "schema": "Call", "properties": {{"caller": ["ariadne-e{s}"], '
            f'"receiver": ["ariadne-e{d}"]{caller}{receiver}{day}, '
            f'"duration": ["{t}"], "description": ["{n} calls"]}}}}\n'
            for i, s, d, caller, receiver, day, t, n in zip(
                c.link_id,
                c.src,
                c.dst,
                self.caller.texts(c.array("raw_src")),
                self.receiver.texts(c.array("raw_dst")),
                c.days("date", c.first),
                c.duration,
                c.count,
                strict=True,
            )
        ]

    def _messages(self, c: _Taken) -> list[str]:
        return [
            f'{{"id": "ariadne-l{i}", "schema": "Message", "properties": {{"sender": ["ariadne-e{s}"], '
            f'"recipients": ["ariadne-e{d}"]{day}, "bodyText": ["{n} messages (texts are kept in the case)"]}}}}\n'
            for i, s, d, day, n in zip(c.link_id, c.src, c.dst, c.days("date", c.first), c.count, strict=True)
        ]

    def _payments(self, c: _Taken) -> list[str]:
        money = ["" if a is None or pd.isna(a) else self.money.format(float(a)) for a in c.amount]
        return [
            f'{{"id": "ariadne-l{i}", "schema": "Payment", "properties": {{"payer": ["ariadne-e{s}"], '
            f'"beneficiary": ["ariadne-e{d}"]{day}, "description": ["{n} {k} link(s)"]{start}{end}{m}}}}}\n'
            for i, s, d, day, n, k, start, end, m in zip(
                c.link_id,
                c.src,
                c.dst,
                c.days("date", c.first),
                c.count,
                c.kind,
                c.days("startDate", c.first),
                c.days("endDate", c.last),
                money,
                strict=True,
            )
        ]

    def _ownerships(self, c: _Taken) -> list[str]:
        return [
            f'{{"id": "ariadne-l{i}", "schema": "Ownership", "properties": {{"owner": ["ariadne-e{s}"], '
            f'"asset": ["ariadne-e{rd}"], "role": ["uses"]}}}}\n'
            for i, s, rd in zip(c.link_id, c.src, c.raw_dst, strict=True)
        ]

    def _unknown(self, c: _Taken) -> list[str]:
        roles = {k: _string(k) for k in set(c.kind)}
        return [
            f'{{"id": "ariadne-l{i}", "schema": "UnknownLink", "properties": {{"subject": ["ariadne-e{s}"], '
            f'"object": ["ariadne-e{d}"], "role": [{k}], "description": ["{n} occurrence(s)"]{start}{end}}}}}\n'
            for i, s, d, k, n, start, end in zip(
                c.link_id,
                c.src,
                c.dst,
                [roles[k] for k in c.kind],
                c.count,
                c.days("startDate", c.first),
                c.days("endDate", c.last),
                strict=True,
            )
        ]


class _Taken:
    """Some rows of a slice of links (with each link's actors, phones folded into their users),
    each column a list of plain values when first asked for."""

    def __init__(self, columns: dict[str, np.ndarray], rows: np.ndarray) -> None:
        self._columns, self._rows = columns, rows

    def array(self, name: str) -> np.ndarray:
        return self._columns[name][self._rows]

    def __getattr__(self, name: str) -> list:
        column = self._columns[name][self._rows]
        whole = name in ("count", "duration") and column.dtype.kind not in "iu"
        if whole and column.dtype.kind == "f" and (np.abs(column) < 2**62).all():  # no NaN
            values = column.astype("int64").tolist()  # int(v or 0) of each, at once
        else:
            values = column.tolist()
            if whole:
                values = [int(v or 0) for v in values]  # a NaN raises, as it did one link at a time
            elif name == "link_id" and column.dtype.kind not in "iu":
                values = [int(v) for v in values]
        setattr(self, name, values)
        return values

    @staticmethod
    def days(key: str, values: list) -> list[str]:
        """The property ``key`` holding each value's day (as :func:`_day` makes it), or nothing."""
        days = [v[:10] if isinstance(v, str) and v else None for v in values]
        if _NEEDS_ESCAPE.search("".join(d for d in days if d)):
            return ["" if d is None else f', "{key}": [{encode_basestring(d)}]' for d in days]
        return ["" if d is None else f', "{key}": ["{d}"]' for d in days]


#: What ``json.dumps`` escapes in a text when ``ensure_ascii`` is off.
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\]')


class _Table:
    """Texts by entity id, looked up for a whole column of ids at once ("" for an id without)."""

    def __init__(self, texts: dict[int, str]) -> None:
        self.keys = np.array(sorted(texts), dtype="int64")
        self.values = np.array([texts[k] for k in self.keys.tolist()] + [""], dtype=object)

    def texts(self, ids: np.ndarray) -> list[str]:
        if not len(self.keys):
            return [""] * len(ids)
        at = np.minimum(np.searchsorted(self.keys, ids), len(self.keys) - 1)
        return self.values[np.where(self.keys[at] == ids, at, len(self.keys))].tolist()
