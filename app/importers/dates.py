"""Dates as exports write them: ISO 8601, ``DD/MM/YYYY[ HH:MM[:SS]]`` (or month first), and
Excel serial numbers.  Whether ``03/04/2026`` is the 3rd of April or the 4th of March is
decided once per file from its values (a day above 12 settles it), never row by row.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_SLASHED = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$"
)
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_SERIAL = re.compile(r"^\s*(\d{5})(\.\d+)?\s*$")
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def day_first(values: pd.Series) -> bool:
    """True when slashed dates in this column put the day first (the default where nothing
    tells, as in most of the world's exports)."""
    firsts, seconds = [], []
    for text in values.dropna().astype(str).head(5000):
        m = _SLASHED.match(text)
        if m:
            firsts.append(int(m.group(1)))
            seconds.append(int(m.group(2)))
    return not (any(s > 12 for s in seconds) and not any(f > 12 for f in firsts))


def _one(text: str, dayfirst: bool) -> str | None:
    m = _ISO.match(text)
    if m:
        y, mo, d, hh, mm, ss, _tz = m.groups()
        return _format(int(y), int(mo), int(d), hh, mm, ss)
    m = _SLASHED.match(text)
    if m:
        a, b, y, hh, mm, ss = m.groups()
        d, mo = (int(a), int(b)) if dayfirst else (int(b), int(a))
        year = int(y) + (2000 if len(y) == 2 else 0)
        return _format(year, mo, d, hh, mm, ss)
    m = _SERIAL.match(text)
    if m:
        value = float(text)
        if 20000 < value < 80000:
            stamp = _EXCEL_EPOCH + pd.Timedelta(days=value)
            return stamp.strftime("%Y-%m-%dT%H:%M:%S")
    return None


def _format(y: int, mo: int, d: int, hh, mm, ss) -> str | None:
    try:
        stamp = pd.Timestamp(
            year=y, month=mo, day=d, hour=int(hh or 0), minute=int(mm or 0), second=int(ss or 0)
        )
    except ValueError:
        return None
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


def parse_dates(values: pd.Series) -> pd.Series:
    """ISO 8601 text (``YYYY-MM-DDTHH:MM:SS``) for each value, None where unreadable.

    >>> values = ["03/04/2026 10:00", "25/04/2026", "2026-05-01T08:30:00Z", "46000", "soon"]
    >>> parse_dates(pd.Series(values)).tolist()
    ['2026-04-03T10:00:00', '2026-04-25T00:00:00', '2026-05-01T08:30:00', '2025-12-09T00:00:00', None]
    """
    dayfirst = day_first(values)
    text = values.fillna("").astype(str).str.strip()
    out = pd.Series([None] * len(text), index=values.index, dtype=object)
    remaining = text != ""
    # Fast path, vectorised: slashed dates of fixed width are rearranged as ISO text in one
    # numpy operation, then every candidate is validated by pandas' ISO parser.
    lengths = text.str.len()
    for width in (19, 16, 10):
        mask = remaining & (lengths == width) & (text.str[2] == "/")
        if mask.sum() > 500:
            iso = _slashed_as_iso(text[mask], width, dayfirst)
            _accept(out, remaining, iso)
    mask = remaining & (lengths == 19)
    if mask.sum() > 500:  # ISO with a space or a T between date and time
        _accept(out, remaining, text[mask].str.replace(" ", "T", n=1))
    cache: dict[str, str | None] = {}
    for i in remaining[remaining].index:
        value = text.at[i]
        if value not in cache:
            cache[value] = _one(value, dayfirst)
        out.at[i] = cache[value]
    return out


def _slashed_as_iso(sub: pd.Series, width: int, dayfirst: bool) -> pd.Series:
    chars = np.array(sub.tolist(), dtype=f"U{width}").view(np.uint32).reshape(len(sub), width)
    iso = np.full((len(sub), 19), ord("0"), dtype=np.uint32)
    day, month = (slice(0, 2), slice(3, 5)) if dayfirst else (slice(3, 5), slice(0, 2))
    iso[:, 0:4] = chars[:, 6:10]
    iso[:, 5:7] = chars[:, month]
    iso[:, 8:10] = chars[:, day]
    iso[:, [4, 7]] = ord("-")
    iso[:, 10] = ord("T")
    iso[:, [13, 16]] = ord(":")
    if width >= 16:
        iso[:, 11:16] = chars[:, 11:16]
    if width == 19:
        iso[:, 17:19] = chars[:, 17:19]
    return pd.Series(iso.view("U19").ravel(), index=sub.index, dtype=object)


def _accept(out: pd.Series, remaining: pd.Series, iso: pd.Series) -> None:
    """Keep the candidates pandas' strict ISO parser accepts."""
    good = pd.to_datetime(iso, format="%Y-%m-%dT%H:%M:%S", errors="coerce").notna()
    idx = good[good].index
    out.loc[idx] = iso[good]
    remaining.loc[idx] = False


def parse_date(value: object, *, dayfirst: bool = True) -> str | None:
    """One date as ISO text (for JSON fields); None when unreadable.

    >>> parse_date("2026-05-02"), parse_date("02/05/2026 10:30"), parse_date("")
    ('2026-05-02T00:00:00', '2026-05-02T10:30:00', None)
    """
    text = "" if value is None else str(value).strip()
    return _one(text, dayfirst) if text else None
