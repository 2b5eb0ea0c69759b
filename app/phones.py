"""Phone numbers to E.164 with Google's ``phonenumbers`` metadata and the case's region.

A number without a country code is read in the case's default region; a number that is not
valid anywhere (a short code, a truncated entry) is kept as written, cleaned of spaces, and
marked, never dropped.  Each distinct text is parsed once, so millions of call records with
tens of thousands of distinct numbers stay fast.
"""

from __future__ import annotations

import re

import pandas as pd
import phonenumbers
from phonenumbers import PhoneNumberFormat

_JUNK = re.compile(r"[\s().\-/\u00a0]")


class PhoneNormaliser:
    """Normalises numbers for one region, remembering every answer.

    >>> n = PhoneNormaliser("LY")
    >>> [n.normalise(x) for x in ("091-234 5678", "00218 91 234 5678", "218912345678", "1415", "")]
    [('+218912345678', True), ('+218912345678', True), ('+218912345678', True), ('1415', False), None]
    """

    def __init__(self, region: str) -> None:
        self.region = (region or "").upper() or None
        self._cache: dict[str, tuple[str, bool] | None] = {}

    def normalise(self, raw: object) -> tuple[str, bool] | None:
        """(E.164, True) for a valid number, (cleaned text, False) for anything else that
        looks like a number, None for an empty cell."""
        text = "" if raw is None else str(raw).strip()
        if text in self._cache:
            return self._cache[text]
        result = self._parse(text)
        self._cache[text] = result
        return result

    def _parse(self, text: str) -> tuple[str, bool] | None:
        if not text or text.lower() in ("nan", "none", "null", "unknown", "inconnu", "private", "-"):
            return None
        if text.lower().startswith("tel:"):
            text = text[4:]
        cleaned = _JUNK.sub("", text)
        if cleaned.startswith("00"):
            cleaned = "+" + cleaned[2:]
        candidates = [cleaned]
        if cleaned.isdigit() and len(cleaned) >= 10:  # international without + or 00
            candidates.append("+" + cleaned)
        for candidate in candidates:
            try:
                number = phonenumbers.parse(candidate, self.region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, PhoneNumberFormat.E164), True
        return (cleaned or text)[:64], False

    def series(self, values: pd.Series) -> tuple[pd.Series, pd.Series]:
        """Normalised numbers and validity for a column, parsing each distinct value once."""
        uniques = pd.unique(values.astype(str))
        answers = {u: self.normalise(u) for u in uniques}
        text = values.astype(str)
        norm = text.map(lambda v: a[0] if (a := answers[v]) else None)
        valid = text.map(lambda v: bool((a := answers[v]) and a[1]))
        return norm, valid


def extract_phones(text: str, region: str) -> list[tuple[str, str]]:
    """(as written, E.164) for every phone number in free text.

    >>> extract_phones("I called him on 091 234 5678 and paid 1,500 USD", "LY")
    [('091 234 5678', '+218912345678')]
    """
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text or "", (region or "").upper() or None):
        found.append((match.raw_string, phonenumbers.format_number(match.number, PhoneNumberFormat.E164)))
    return found
