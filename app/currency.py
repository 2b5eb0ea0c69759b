"""Currency conversion into the case currency, with a dated default rates table.

The default table ships in ``resources/rates.json`` (offline); each case copies it into its
own ``rates`` table, which the analyst edits.  The original amount and currency are always
kept next to the converted one.
"""

from __future__ import annotations

import json
from importlib import resources

SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "₺": "TRY", "﷼": "IRR", "₦": "NGN"}
ALIASES = {
    "EURO": "EUR",
    "EUROS": "EUR",
    "DOLLAR": "USD",
    "DOLLARS": "USD",
    "US$": "USD",
    "LD": "LYD",
    "DINAR": "LYD",
    "CFA": "XOF",
    "FCFA": "XOF",
    "TL": "TRY",
    "LIRA": "TRY",
    "BIRR": "ETB",
    "NAKFA": "ERN",
    "DH": "MAD",
    "DHS": "MAD",
}


def default_rates() -> tuple[str, dict[str, float]]:
    """The shipped table: (as-of date, currency -> value of one unit in EUR)."""
    text = resources.files("ariadne_resources").joinpath("rates.json").read_text("utf-8")
    data = json.loads(text)
    return data["as_of"], {k: float(v) for k, v in data["per_unit_eur"].items()}


def normalise_currency(text: str | None) -> str | None:
    """ISO 4217 code for a currency as people write it (``€``, ``euros``, ``LD``).

    Examples
    --------
    >>> normalise_currency(" euros ")
    'EUR'
    >>> normalise_currency("€")
    'EUR'
    >>> normalise_currency("") is None
    True
    """
    if text is None:
        return None
    t = str(text).strip()
    if not t:
        return None
    if t in SYMBOLS:
        return SYMBOLS[t]
    up = t.upper().replace(".", "")
    return ALIASES.get(up, up if len(up) == 3 and up.isalpha() else None)


def convert(
    amount: float | None, currency: str | None, rates: dict[str, float], case_currency: str = "EUR"
) -> float | None:
    """``amount`` in ``currency`` expressed in ``case_currency``; None if a rate is missing.

    Examples
    --------
    >>> convert(100, "USD", {"USD": 0.9, "EUR": 1.0})
    90.0
    >>> convert(100, "XYZ", {"EUR": 1.0}) is None
    True
    """
    if amount is None or currency is None:
        return None
    src, dst = rates.get(currency), rates.get(case_currency)
    if src is None or dst is None:
        return None
    return round(amount * src / dst, 2)
