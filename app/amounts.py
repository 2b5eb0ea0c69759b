"""Amounts as people write them: ``1,500.00``, ``1.500,00``, ``1 500``, ``€1,200``,
``USD 300``, ``250 000 XOF``, ``1500$``.  The original amount and currency are always kept;
conversion to the case currency uses the case's rates table (:mod:`app.currency`)."""

from __future__ import annotations

import re

from app.currency import normalise_currency

_NUMBER = re.compile(r"[-+]?\d[\d\s.,'\u00a0\u202f]*")


def _number(text: str) -> float | None:
    digits = re.sub(r"[\s'\u00a0\u202f]", "", text)
    if not digits:
        return None
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif commas == 1 and len(digits) - digits.rfind(",") - 1 in (1, 2):
        decimal = ","
    elif dots == 1 and (len(digits) - digits.rfind(".") - 1 != 3 or digits.startswith(("0.", "-0."))):
        decimal = "."
    else:
        decimal = ""
    thousands = {",": ".", ".": ","}.get(decimal, ",.")
    for sep in thousands:
        digits = digits.replace(sep, "")
    if decimal == ",":
        digits = digits.replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        return None


def parse_amount(text: object) -> tuple[float | None, str | None]:
    """(value, ISO currency or None).

    >>> [parse_amount(x) for x in ("1,500.00", "1.500,00 EUR", "250 000 XOF", "€1,200", "USD 300", "N/A")]
    [(1500.0, None), (1500.0, 'EUR'), (250000.0, 'XOF'), (1200.0, 'EUR'), (300.0, 'USD'), (None, None)]
    """
    if text is None:
        return None, None
    if isinstance(text, int | float):
        return float(text), None
    raw = str(text).strip()
    match = _NUMBER.search(raw)
    if not match:
        return None, normalise_currency(raw) if raw else None
    rest = (raw[: match.start()] + " " + raw[match.end() :]).strip()
    return _number(match.group(0).strip()), (normalise_currency(rest) if rest else None)
