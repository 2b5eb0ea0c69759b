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


def parse_dates(values: pd.Series, *, dayfirst: bool | None = None) -> pd.Series:
    """ISO 8601 text (``YYYY-MM-DDTHH:MM:SS``) for each value, None where unreadable.

    >>> values = ["03/04/2026 10:00", "25/04/2026", "2026-05-01T08:30:00Z", "46000", "soon"]
    >>> parse_dates(pd.Series(values)).tolist()
    ['2026-04-03T10:00:00', '2026-04-25T00:00:00', '2026-05-01T08:30:00', '2025-12-09T00:00:00', None]
    """
    if dayfirst is None:
        dayfirst = day_first(values)
    text = values.fillna("").astype(str).str.strip()
    out = np.full(len(text), None, dtype=object)
    remaining = (text != "").to_numpy().copy()
    lengths = text.str.len().to_numpy()
    # Fast paths, vectorised: ISO with a space or a T, then slashed dates of fixed width
    # rearranged as ISO text in one numpy operation; pandas' ISO parser validates each.
    mask = remaining & (lengths == 19)
    if mask.sum() > 500:
        _accept(out, remaining, mask, text[mask].str.replace(" ", "T", n=1))
    for width in (19, 16, 10):
        mask = remaining & (lengths == width)
        if mask.sum() > 500:
            mask[mask] = (text[mask].str[2] == "/").to_numpy()
        if mask.sum() > 500:
            _accept(out, remaining, mask, _slashed_as_iso(text[mask], width, dayfirst))
    cache: dict[str, str | None] = {}
    for i in np.flatnonzero(remaining):
        value = text.iat[i]
        if value not in cache:
            cache[value] = _one(value, dayfirst)
        out[i] = cache[value]
    return pd.Series(out, index=values.index, dtype=object)


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


def _accept(out: np.ndarray, remaining: np.ndarray, mask: np.ndarray, iso: pd.Series) -> None:
    """Keep the candidates (rows ``mask``) that pandas' strict ISO parser accepts."""
    good = pd.to_datetime(iso, format="%Y-%m-%dT%H:%M:%S", errors="coerce").notna().to_numpy()
    rows = np.flatnonzero(mask)[good]
    out[rows] = iso.to_numpy(dtype=object)[good]
    remaining[rows] = False


def parse_date(value: object, *, dayfirst: bool = True) -> str | None:
    """One date as ISO text (for JSON fields); None when unreadable.

    >>> parse_date("2026-05-02"), parse_date("02/05/2026 10:30"), parse_date("")
    ('2026-05-02T00:00:00', '2026-05-02T10:30:00', None)
    """
    text = "" if value is None else str(value).strip()
    return _one(text, dayfirst) if text else None
