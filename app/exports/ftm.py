"""FollowTheMoney entities as JSON Lines, the format Aleph and the ``ftm`` tools ingest.

Persons become ``Person`` (numbers folded in as ``phone``), phones nobody is known to use
become ``LegalEntity`` named by their number, accounts ``BankAccount`` (with ``Ownership``
for their users), places ``Address``; aggregated calls become ``Call``, messages
``Message``, transfers and payments ``Payment``, anything else ``UnknownLink``.
"""

from __future__ import annotations

import json
import re
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


#: Rows of entities or links made into text and written at a time (a few MB of text: as fast
#: as larger chunks, and the export holds little beside the case it writes).
_CHUNK = 5_000


def write_ftm(data: ExportData, out: Path) -> Path:
    """Every entity and link of the export as a FollowTheMoney entity, one JSON object a line
    as ``json.dumps(entity, ensure_ascii=False)`` writes it, made a column at a time for
    :data:`_CHUNK` rows at once (a case has hundreds of thousands of links)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for text in _texts(data):
            f.write(text)
    return out


def entities(data: ExportData) -> Iterator[dict]:
    """All FollowTheMoney entities of the export, as plain dicts, one at a time (the lines of
    :func:`write_ftm` read back)."""
    for text in _texts(data):
        for line in text.split("\n"):  # not splitlines: a name may hold U+2028, which JSON keeps
            if line:
                yield json.loads(line)


def _texts(data: ExportData) -> Iterator[str]:
    """The lines of the file, a chunk of entities or links at a time."""
    users, numbers = _folding(data)
    nodes, links = data.nodes, data.links
    for start in range(0, len(nodes), _CHUNK):
        yield "".join(_entity_lines(nodes.iloc[start : start + _CHUNK], users, data.aliases))
    link_text = _LinkText(data, users, numbers)
    for start in range(0, len(links), _CHUNK):
        yield "".join(link_text.lines(links.iloc[start : start + _CHUNK]))


def _folding(data: ExportData) -> tuple[dict[int, int], dict[int, list[str]]]:
    """Each phone used by a person, with the person (the phone is folded into them, its
    number a ``phone`` of theirs, its links theirs), and the numbers of each phone that is not
    a protected person's."""
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


def _entity_lines(nodes: pd.DataFrame, users: dict[int, int], aliases: dict[int, list[str]]) -> list[str]:
    """The line of each entity (but phones folded into their users), its properties made a
    column at a time: a name (``full`` for an address, ``title`` for a document), the account
    number of an account not a protected person's, the phones, aliases (not a protected
    person's) and nationality of a person, the role and best grading as notes."""
    ids, kinds = nodes["id"].tolist(), nodes["type"].tolist()
    schemas = [_SCHEMA.get(k, "LegalEntity") for k in kinds]
    names = [_string(label or f"#{i}") for label, i in zip(nodes["label"].tolist(), ids, strict=True)]
    attrs, protected = nodes["attrs"].tolist(), nodes["protected"].tolist()
    people = [s in ("Person", "LegalEntity") for s in schemas]
    role_grading = list(zip(nodes["role"].tolist(), nodes["grading"].tolist(), strict=True))
    notes = {k: _notes(*k) for k in set(role_grading)}  # a few kinds of roles and gradings
    columns = zip(
        ids,
        schemas,
        [
            f'"full": [{n}]{_lat_lon(a)}'
            if s == "Address"
            else f'"{"title" if s == "Document" else "name"}": [{n}]'
            for s, n, a in zip(schemas, names, attrs, strict=True)
        ],
        [
            f', "accountNumber": [{n}]' if s == "BankAccount" and not p else ""
            for s, n, p in zip(schemas, names, protected, strict=True)
        ],
        [
            f', "phone": [{_strings(p)}]' if o and p else ""
            for o, p in zip(people, nodes["phones"].tolist(), strict=True)
        ],
        [
            f', "alias": [{_strings(aliases[i])}]' if o and not p and aliases.get(i) else ""
            for o, p, i in zip(people, protected, ids, strict=True)
        ],
        [_nationality(a) if s == "Person" else "" for s, a in zip(schemas, attrs, strict=True)],
        ["" if s == "Address" else notes[k] for s, k in zip(schemas, role_grading, strict=True)],
        strict=True,
    )
    return [
        f'{{"id": "ariadne-e{i}", "schema": "{s}", "properties": {{{name}{account}{phone}{alias}{nation}{note}}}}}\n'
        for (i, s, name, account, phone, alias, nation, note), kind in zip(columns, kinds, strict=True)
        if not (kind == "phone" and i in users)
    ]


def _lat_lon(attrs: dict) -> str:
    return "".join(
        f', "{prop}": [{_string(str(attrs[key]))}]'
        for key, prop in (("lat", "latitude"), ("lon", "longitude"))
        if isinstance(attrs.get(key), int | float)
    )


def _nationality(attrs: dict) -> str:
    nationality = attrs.get("nationality")
    if isinstance(nationality, str) and len(nationality) == 2:
        return f', "nationality": [{_string(nationality.lower())}]'
    return ""


def _notes(role, grading) -> str:
    notes = [f"role: {role}"] if role else []
    if grading:
        notes.append(f"best source grading {grading}")
    return f', "notes": [{_string("; ".join(notes))}]' if notes else ""


def _string(value) -> str:
    """A value in JSON as ``json.dumps`` writes it (``encode_basestring`` is its own)."""
    return encode_basestring(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _strings(values) -> str:
    return ", ".join(map(_string, values))


class _LinkText:
    """The lines of links, made for a slice of the links frame at a time, one comprehension per
    FollowTheMoney schema: calls (with the numbers of both ends), messages, payments (with the
    amount in the case's currency), the ownership of an account by its user, and anything else
    as an ``UnknownLink``.  Links between a person and their own phone are left out."""

    def __init__(self, data: ExportData, users: dict[int, int], numbers: dict[int, list[str]]) -> None:
        self.users = (
            np.array(sorted(users), dtype="int64"),
            np.array([users[k] for k in sorted(users)], "int64"),
        )
        self.accounts = np.array(sorted(data.account_ids), dtype="int64")
        self.caller = _Table({i: f', "callerNumber": [{_strings(n)}]' for i, n in numbers.items() if n})
        self.receiver = _Table({i: f', "receiverNumber": [{_strings(n)}]' for i, n in numbers.items() if n})
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
        """The property ``key`` holding each value's day (its first ten characters), or nothing
        for a value that is not a text or is empty."""
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
