"""Handset identities as carriers and extraction tools write them: IMEI, IMEISV and IMSI.

An IMEI is 14 digits (8 of type allocation code, 6 of serial) and a Luhn check digit; the
IMEISV replaces the check digit with a two-digit software version.  Records write either,
with spaces, dashes or slashes.  Ariadne keeps one form for a handset, the 14 digits both
share, so that ``352099001761481`` (IMEI) and ``3520990017614823`` (IMEISV) are one handset.
A value that fails the Luhn test, or has the wrong length, is kept as written and flagged:
a mistyped IMEI must never join two handsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s\-/.]")


def luhn_ok(digits: str) -> bool:
    """True if ``digits`` (with its check digit last) passes the Luhn test.

    >>> luhn_ok("490154203237518"), luhn_ok("490154203237519")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def check_digit(body: str) -> str:
    """The Luhn check digit of 14 IMEI digits.

    >>> check_digit("49015420323751")
    '8'
    """
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise ValueError(body)


@dataclass(frozen=True)
class Imei:
    """One handset identity as read: ``key`` the 14 digits (empty if malformed), ``raw`` as
    written, ``problem`` why it cannot be trusted (empty if it can)."""

    key: str
    raw: str
    problem: str = ""

    @property
    def display(self) -> str:
        """``35-209900-176148-1``: the grouping analysts read IMEIs in."""
        if not self.key:
            return self.raw
        k = self.key
        return f"{k[:2]}-{k[2:8]}-{k[8:14]}-{check_digit(k)}"


def parse_imei(text: object) -> Imei | None:
    """An IMEI or IMEISV in any common writing, or None for an empty cell.

    >>> parse_imei("35-209900-176148-1").key, parse_imei("3520990017614823").key
    ('35209900176148', '35209900176148')
    >>> parse_imei("352099001761482").problem
    'check digit wrong (Luhn)'
    >>> parse_imei("35209900").problem
    'not 14, 15 or 16 digits'
    """
    raw = str(text or "").strip()
    if not raw or raw.casefold() in ("nan", "none", "null", "-"):
        return None
    digits = _SEPARATORS.sub("", raw)
    if digits.endswith(".0") and digits[:-2].isdigit():  # a spreadsheet's float
        digits = digits[:-2]
    if not digits.isdigit():
        return Imei("", raw, "not digits")
    if len(digits) == 15:
        if not luhn_ok(digits):
            return Imei("", raw, "check digit wrong (Luhn)")
        return Imei(digits[:14], raw)
    if len(digits) in (14, 16):  # without check digit, or IMEISV
        if set(digits[:14]) == {"0"}:
            return Imei("", raw, "all zeros")
        return Imei(digits[:14], raw)
    return Imei("", raw, "not 14, 15 or 16 digits")


def parse_imsi(text: object) -> str:
    """An IMSI (15 digits: country, network, subscriber), or "" when it is not one.

    >>> parse_imsi("606 01 1234567890"), parse_imsi("12")
    ('606011234567890', '')
    """
    digits = _SEPARATORS.sub("", str(text or "").strip())
    return digits if digits.isdigit() and 14 <= len(digits) <= 15 else ""
