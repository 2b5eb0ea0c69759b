"""Stable pseudonyms for the people an export must protect.

Migrants are witnesses and victims: every export shows them (and anyone the analyst marks
with the ``protected`` attribute, and the phones and accounts they use) under a pseudonym
such as ``Witness W-7KQ2-M9XD-3FHT``, unless the analyst chooses to reveal them.  The
pseudonym is a keyed hash of the entity id with a secret kept in the case, so it is the same
in every export of the case and cannot be reversed without the case file.  Twelve base-32
characters (60 bits) make two people sharing one pseudonym unlikely even among a million
(about one chance in two million); each export still checks, and should two collide, both
get a longer code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

import pandas as pd

from app.graph.store import CaseStore
from app.userkey import audit_key

SALT_KEY = "pseudonym_salt"
#: Characters of the code (base 32: 5 bits each), and of the longer code given to a collision.
CODE_CHARS, LONG_CODE_CHARS = 12, 20


def case_salt(case: CaseStore) -> str:
    """The case's pseudonym key, created (inside a transaction) on first use.

    A read-only case that has none yet gets one derived from the analyst's own key and the
    case's creation: stable across exports on this machine, and nothing is written.
    """
    salt = case.get_meta(SALT_KEY)
    if salt:
        return salt
    if case.readonly:
        key = audit_key() or secrets.token_bytes(32)
        seed = f"pseudonyms|{case.get_meta('created_at')}|{case.title}".encode()
        return hmac.new(key, seed, hashlib.sha256).hexdigest()[:32]
    salt = secrets.token_hex(16)
    with case.transaction():
        case.set_meta(SALT_KEY, salt)
    return salt


def _code(salt: str, entity_id: int, chars: int, keyed: hmac.HMAC | None = None) -> str:
    """HMAC-SHA256 of the id under the case's salt, in base 32 groups of four; ``keyed`` is the
    salt's HMAC prepared once (the same code, without keying again for each of many ids)."""
    mac = keyed.copy() if keyed is not None else hmac.new(salt.encode(), digestmod=hashlib.sha256)
    mac.update(str(entity_id).encode())
    text = base64.b32encode(mac.digest()).decode()[:chars]
    return "-".join(text[i : i + 4] for i in range(0, chars, 4))


def pseudonym(
    salt: str,
    entity_id: int,
    kind: str = "person",
    *,
    chars: int = CODE_CHARS,
    keyed: hmac.HMAC | None = None,
) -> str:
    """``Witness W-XXXX-XXXX-XXXX`` for a person, ``Phone P-…`` for a phone…

    >>> pseudonym("k", 12)
    'Witness W-QX7H-EFK3-ORWO'
    >>> pseudonym("k", 12) == pseudonym("k", 12) != pseudonym("k", 13)
    True
    """
    prefix = {"person": "Witness W", "phone": "Phone P", "account": "Account A"}.get(kind, "Item X")
    return f"{prefix}-{_code(salt, entity_id, chars, keyed)}"


def unique_pseudonyms(salt: str, items: dict[int, str]) -> dict[int, str]:
    """A pseudonym per entity id (``items``: id -> kind), never one for two entities: the
    (very rare) ids that share a code get the longer code instead."""
    keyed = hmac.new(salt.encode(), digestmod=hashlib.sha256)
    out = {i: pseudonym(salt, i, kind, keyed=keyed) for i, kind in items.items()}
    seen: dict[str, list[int]] = {}
    for i, name in out.items():
        seen.setdefault(name, []).append(i)
    for ids in seen.values():
        if len(ids) > 1:
            for i in ids:
                out[i] = pseudonym(salt, i, items[i], chars=LONG_CODE_CHARS, keyed=keyed)
    return out


class Pseudonymiser:
    """Decides which entities an export hides and what it shows instead."""

    def __init__(self, case: CaseStore, *, reveal: bool, nodes: pd.DataFrame | None = None) -> None:
        """``nodes``: the case's :meth:`~app.graph.store.CaseStore.node_frame` when the caller
        has read it already."""
        self.reveal = reveal
        self.salt = case_salt(case) if not reveal else ""
        self.protected: dict[int, str] = {} if reveal else self._protected(case, nodes)
        #: numbers of protected people and phones, withheld from every other entity too
        self.hidden_numbers: set[str] = set()

    def _protected(self, case: CaseStore, nodes: pd.DataFrame | None) -> dict[int, str]:
        people: dict[int, str] = {}
        nodes = case.node_frame() if nodes is None else nodes
        # only the people whose attributes can say so are read (a case holds tens of thousands)
        maybe = (nodes["type"] == "person") & nodes["attrs"].fillna("").str.contains(
            '"role"|"protected"', regex=True
        )
        for row in nodes[maybe].itertuples(index=False):
            attrs = json.loads(row.attrs) if row.attrs else {}
            if row.type == "person" and (attrs.get("role") == "migrant" or attrs.get("protected")):
                people[int(row.id)] = "person"
        if not people:
            return {}
        for thing, kind in case.used_by(list(people)):
            people.setdefault(int(thing), kind)
        return unique_pseudonyms(self.salt, people)

    def flows(self, flows: list[dict]) -> list[dict]:
        """Money flows (``from``/``to`` labels with ``from_id``/``to_id``) as an export shows them."""
        out = []
        for f in flows:
            f = dict(f)
            for end in ("from", "to"):
                key = str(f.get(f"{end}_id", ""))
                if key.isdigit():
                    f[end] = self.label(int(key), str(f.get(end, "")))
            out.append(f)
        return out

    def chains(self, chains: list[dict]) -> list[dict]:
        """Chains of payments (``path`` with ``ids``, ``steps`` as flows) as an export shows them."""
        out = []
        for c in chains:
            c = dict(c)
            ids = [str(i) for i in c.get("ids", [])]
            c["path"] = [
                self.label(int(i), str(name)) if i.isdigit() else str(name)
                for i, name in zip(ids, c.get("path", []), strict=False)
            ]
            c["steps"] = self.flows(c.get("steps", []))
            out.append(c)
        return out

    def is_protected(self, entity_id: int) -> bool:
        return int(entity_id) in self.protected

    def label(self, entity_id: int, label: str) -> str:
        return self.protected.get(int(entity_id), label)

    def phones(self, entity_id: int, phones: list[str]) -> list[str]:
        """A protected person's numbers are withheld altogether, and so is a protected
        phone's number wherever else it shows (a contact saved under another name)."""
        if self.is_protected(entity_id):
            return []
        return [n for n in phones if n not in self.hidden_numbers]

    def notice(self) -> str:
        if self.reveal:
            return (
                "IDENTITIES REVEALED: migrants and protected persons appear under their real "
                "names at the analyst's explicit request."
            )
        return (
            f"Migrants and protected persons ({len(self.protected)} entities) appear under "
            "stable pseudonyms; their numbers and accounts are withheld."
        )
