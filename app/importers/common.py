"""Small pieces several importers share: phone entities, saved contact names, durations."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from app.importers.base import EntityRecord, LinkRecord, ParseContext, Records
from app.phones import PhoneNormaliser

_HMS = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})\s*$")


def parse_durations(values: pd.Series) -> pd.Series:
    """Seconds from ``83``, ``83.0``, ``1:23`` or ``00:01:23``; NaN where unreadable.

    >>> parse_durations(pd.Series(["83", "1:23", "00:01:23", "", "long"])).tolist()
    [83.0, 83.0, 83.0, nan, nan]
    """
    numeric = pd.to_numeric(values, errors="coerce")
    missing = numeric.isna() & values.astype(str).str.contains(":", regex=False)
    for i in values.index[missing]:
        m = _HMS.match(str(values.at[i]))
        if m:
            h, mi, s = (int(x) if x else 0 for x in m.groups())
            numeric.at[i] = h * 3600 + mi * 60 + s
    return numeric.astype(float)


def phone_key(value: str) -> str:
    return f"phone:{value}"


class PhoneBook:
    """Declares each distinct number once, with the raw form first seen and its validity."""

    def __init__(self, ctx: ParseContext, records: Records) -> None:
        self.normaliser = PhoneNormaliser(ctx.region)
        self.records = records
        self.seen: set[str] = set()

    def key(self, raw: object, row: int | None = None) -> str | None:
        result = self.normaliser.normalise(raw)
        if result is None:
            return None
        value, valid = result
        key = phone_key(value)
        if key not in self.seen:
            self.seen.add(key)
            attrs = {} if valid else {"unverified_number": True}
            self.records.entities.append(
                EntityRecord(key, "phone", value, attrs, [("phone", value, str(raw).strip())], row)
            )
        return key

    def keys(self, column: pd.Series, rows) -> pd.Series:
        """Keys for a whole column, parsing each distinct text once (the row of its first
        appearance is the one the entity's evidence names)."""
        firsts = ~column.duplicated().to_numpy()
        texts = column.to_numpy(dtype=object)[firsts]
        first_rows = np.asarray(rows)[firsts]
        out = {text: self.key(text, int(row)) for text, row in zip(texts, first_rows, strict=True)}
        return column.map(out)


def saved_contact(
    records: Records,
    owner_key: str | None,
    phone_keys: list[str],
    name: str,
    row: int | None,
    *,
    person_key: str,
    extra: dict | None = None,
) -> None:
    """A name saved in a seized phone: a person who uses those numbers, the name kept as an
    alias on each number, and an ``in_contacts`` link from the owner's phone."""
    name = (name or "").strip()
    if name:
        records.entities.append(
            EntityRecord(person_key, "person", name, dict(extra or {}), [("name", name, name)], row)
        )
    for key in phone_keys:
        if name:
            records.links.append(LinkRecord("uses", person_key, key, row=row))
            records.entities.append(EntityRecord(key, "phone", key[6:], {}, [("alias", name, name)], row))
        if owner_key and owner_key != key:
            records.links.append(
                LinkRecord("in_contacts", owner_key, key, row=row, label=name, attrs={"saved_name": name})
            )
