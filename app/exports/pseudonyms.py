"""Stable pseudonyms for the people an export must protect.

Migrants are witnesses and victims: every export shows them (and anyone the analyst marks
with the ``protected`` attribute, and the phones and accounts they use) under a pseudonym
such as ``Witness W-3F2A``, unless the analyst chooses to reveal them.  The pseudonym is a
keyed hash of the entity id with a secret kept in the case, so it is the same in every export
of the case and cannot be reversed without the case file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from app.graph.store import CaseStore

SALT_KEY = "pseudonym_salt"


def case_salt(case: CaseStore) -> str:
    """The case's pseudonym key, created (inside a transaction) on first use."""
    salt = case.get_meta(SALT_KEY)
    if not salt:
        salt = secrets.token_hex(16)
        with case.transaction():
            case.set_meta(SALT_KEY, salt)
    return salt


def pseudonym(salt: str, entity_id: int, kind: str = "person") -> str:
    """``Witness W-XXXX`` for a person, ``phone P-XXXX`` for a phone…

    >>> pseudonym("k", 12)
    'Witness W-85FE'
    >>> pseudonym("k", 12) == pseudonym("k", 12) != pseudonym("k", 13)
    True
    """
    code = hmac.new(salt.encode(), str(entity_id).encode(), hashlib.sha256).hexdigest()[:4].upper()
    prefix = {"person": "Witness W", "phone": "Phone P", "account": "Account A"}.get(kind, "Item X")
    return f"{prefix}-{code}"


class Pseudonymiser:
    """Decides which entities an export hides and what it shows instead."""

    def __init__(self, case: CaseStore, *, reveal: bool) -> None:
        self.reveal = reveal
        self.salt = case_salt(case) if not reveal else ""
        self.protected: dict[int, str] = {} if reveal else self._protected(case)

    def _protected(self, case: CaseStore) -> dict[int, str]:
        people: dict[int, str] = {}
        for row in case.node_frame().itertuples(index=False):
            attrs = json.loads(row.attrs) if row.attrs else {}
            if row.type == "person" and (attrs.get("role") == "migrant" or attrs.get("protected")):
                people[int(row.id)] = "person"
        if not people:
            return {}
        for thing, kind in case.used_by(list(people)):
            people.setdefault(int(thing), kind)
        return {i: pseudonym(self.salt, i, kind) for i, kind in people.items()}

    def is_protected(self, entity_id: int) -> bool:
        return int(entity_id) in self.protected

    def label(self, entity_id: int, label: str) -> str:
        return self.protected.get(int(entity_id), label)

    def phones(self, entity_id: int, phones: list[str]) -> list[str]:
        """A protected person's numbers are withheld altogether."""
        return [] if self.is_protected(entity_id) else list(phones)

    def notice(self) -> str:
        if self.reveal:
            return ("IDENTITIES REVEALED: migrants and protected persons appear under their real "
                    "names at the analyst's explicit request.")
        return (f"Migrants and protected persons ({len(self.protected)} entities) appear under "
                "stable pseudonyms; their numbers and accounts are withheld.")
