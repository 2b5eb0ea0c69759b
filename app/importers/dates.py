"""Dates as they are written: one reader for every importer.

Each column's format is inferred once from its values, never row by row:

- ISO 8601 (``2026-05-01T08:30:00Z``, with or without an offset), year-first with slashes or
  dots (``2026/05/01``, ``2026.05.01``);
- day or month first (``03/04/2026``, ``03.04.26``, ``4-3-2026``), decided by the values (a
  first number above 12 means day first, a second above 12 month first; where nothing tells,
  day first, as in most of the world's exports, and the choice is said in a note);
- compact ``20060601 0147``, ``20060601014700``, ``20060601``;
- 12-hour clocks with their markers as phones write them (``8:05 PM``, ``8:05 p. m.``,
  ``8:05 a.m.``, ``ص``/``م``), after the narrow no-break spaces and direction marks iOS
  inserts are taken out;
- epoch numbers: seconds, milliseconds, microseconds or nanoseconds since 1970, seconds or
  nanoseconds since 2001 (Apple), and spreadsheet serial days, told apart by their magnitude;
- month names in English or French (``1 June 2006``, ``1 juin 2006 13:47``).

Dates with an offset or ``Z``/``UTC`` are converted to UTC; dates without one are kept as
written unless a time zone is given (``--timezone``), in which case they are read in that zone
and converted to UTC.  ``--date-format`` (strftime) replaces the inference for every date
column of a file.  Results are ISO text ``YYYY-MM-DDTHH:MM:SS``; None where unreadable (the
caller quarantines the row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
import pandas as pd

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_APPLE_EPOCH = pd.Timestamp("2001-01-01")
#: Years a seized phone's or a carrier's records plausibly fall in, to tell epoch units apart.
_PLAUSIBLE = (pd.Timestamp("1998-01-01"), pd.Timestamp("2045-01-01"))

#: Invisible characters phones put into dates: direction marks, narrow and ordinary no-break
#: spaces, the BOM.  Marks are removed, spaces become plain spaces.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u202f\u00a0\u2007\u2009"), " "))
_AM_PM = re.compile(
    r"(?<=\d)\s*(?:(a\.?\s?m\.?|am|vorm\.?|ص|π\.?μ\.?)|(p\.?\s?m\.?|pm|nachm\.?|م|μ\.?μ\.?))(?=\s|$|[-+Z])",
    re.IGNORECASE,
)
_MONTHS = {
    "janvier": "January",
    "février": "February",
    "fevrier": "February",
    "mars": "March",
    "avril": "April",
    "mai": "May",
    "juin": "June",
    "juillet": "July",
    "août": "August",
    "aout": "August",
    "septembre": "September",
    "octobre": "October",
    "novembre": "November",
    "décembre": "December",
    "decembre": "December",
    "janv.": "Jan",
    "févr.": "Feb",
    "avr.": "Apr",
    "juil.": "Jul",
    "sept.": "Sep",
    "oct.": "Oct",
    "nov.": "Nov",
    "déc.": "Dec",
}
_MONTH_WORD = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(m) for m in sorted(_MONTHS, key=len, reverse=True)) + r")(?![\w])",
    re.I,
)

#: The general shape: a date of three numbers, an optional time, an AM/PM marker and an offset.
_GENERAL = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?"
    r"(?:[ T,]+(?P<H>\d{1,2})[:.h](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<F>\d+))?)?)?"
    r"\s*(?P<ampm>[AP]\.?\s?M\.?|vorm\.?|nachm\.?|ص|م|[πμ]\.?\s?μ\.?)?"
    r"\s*(?P<tz>Z|UTC|GMT|(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^(?:19|20)\d{6}(?:[ T]?\d{4}(?:\d{2})?)?$")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class DatePlan:
    """How one column's dates are written, decided once from its values.

    ``style`` is ``text`` (ISO, slashed, dotted, compact, month names), ``epoch`` (``unit`` one
    of ``s``, ``ms``, ``us``, ``ns``, ``apple_s``, ``apple_ns``, ``serial``) or ``format``
    (the analyst's ``--date-format``).  ``note`` says what was chosen when the values leave
    room for doubt.
    """

    style: str = "text"
    dayfirst: bool = True
    unit: str = ""
    date_format: str = ""
    timezone: str = ""
    note: str = ""

    def describe(self) -> str:
        if self.style == "format":
            return f"--date-format {self.date_format}"
        if self.style == "epoch":
            return _UNIT_WORDS[self.unit]
        return "day first (DD/MM/YYYY)" if self.dayfirst else "month first (MM/DD/YYYY)"


_UNIT_WORDS = {
    "s": "seconds since 1970 (Unix time)",
    "ms": "milliseconds since 1970",
    "us": "microseconds since 1970",
    "ns": "nanoseconds since 1970",
    "apple_s": "seconds since 2001 (Apple time)",
    "apple_ns": "nanoseconds since 2001 (Apple time)",
    "serial": "spreadsheet serial days",
}


def clean(text: str) -> str:
    """A date as written, without invisible marks and with its 12-hour marker as AM/PM.

    >>> clean("05/12/2024, 8:05\\u202fp. m.")
    '05/12/2024, 8:05 PM'
    """
    text = str(text).translate(_INVISIBLE).strip()
    text = _AM_PM.sub(lambda m: " AM" if m.group(1) else " PM", text)
    return re.sub(r"\s+", " ", text).strip()


def day_first(values: pd.Series) -> bool:
    """True when slashed or dotted dates in this column put the day first (the default where
    nothing tells)."""
    return _order(values)[0]


def _order(values: pd.Series | list[str]) -> tuple[bool, bool]:
    """(day first, whether the values settled it)."""
    sample = pd.Series(values if isinstance(values, list) else _sample(values), dtype=object)
    if sample.empty:
        return True, True
    parts = sample.str.translate(_MARKS).str.extract(_GENERAL)
    parts = parts[parts["a"].notna() & (parts["a"].str.len() <= 2)]
    firsts, seconds = parts["a"].astype(int), parts["b"].astype(int)
    if (firsts > 12).any():
        return True, True
    if (seconds > 12).any():
        return False, True
    return True, parts.empty


def _sample(values: pd.Series, n: int = 5000) -> list[str]:
    text = values.head(n * 4).dropna().astype(str).str.strip()
    return list(dict.fromkeys(t for t in text.tolist() if t))[:n]


def infer_plan(values: pd.Series, *, date_format: str = "", timezone: str = "", column: str = "") -> DatePlan:
    """How ``values`` are written, decided once for the column.

    >>> infer_plan(pd.Series(["1700000000", "1700003600"])).describe()
    'seconds since 1970 (Unix time)'
    >>> print(infer_plan(pd.Series(["03/04/2026", "05/06/2026"])).note)  # doctest: +NORMALIZE_WHITESPACE
    dates such as 03/04/2026 could be day or month first: read day first (DD/MM/YYYY);
    give --date-format %m/%d/%Y otherwise
    """
    if date_format:
        return DatePlan("format", date_format=date_format, timezone=timezone)
    sample = _sample(values)
    numbers = [s for s in sample if _NUMBER.match(s) and not _COMPACT.match(s)]
    if sample and len(numbers) >= 0.9 * len(sample):
        unit = _epoch_unit(np.array([float(n) for n in numbers]))
        if unit:
            what = f"{column}: " if column else ""
            return DatePlan(
                "epoch", unit=unit, timezone=timezone, note=f"{what}dates read as {_UNIT_WORDS[unit]}"
            )
    dayfirst, settled = _order(sample)
    note = ""
    if not settled:
        example = next((s for s in sample if _GENERAL.match(clean(s))), "")
        found = _GENERAL.match(clean(example)) if example else None
        sep = found.group("sep") if found else "/"
        what = f"{column}: " if column else ""
        note = (
            f"{what}dates such as {example} could be day or month first: read day first "
            f"(DD/MM/YYYY); give --date-format %m{sep}%d{sep}%Y otherwise"
        )
    return DatePlan("text", dayfirst=dayfirst, timezone=timezone, note=note)


def _epoch_unit(numbers: np.ndarray) -> str:
    """The epoch whose reading puts the column's median in plausible years, or ''."""
    if not len(numbers):
        return ""
    median = float(np.median(numbers))
    if 20000 <= median < 80000:  # days since 1899-12-30 (1954 to 2119); no epoch is that small
        return "serial"
    low, high = (t.value / 1e9 for t in _PLAUSIBLE)
    apple = _APPLE_EPOCH.value / 1e9
    for unit, scale, origin in (
        ("s", 1, 0.0),
        ("ms", 1e3, 0.0),
        ("us", 1e6, 0.0),
        ("ns", 1e9, 0.0),
        ("apple_s", 1, apple),
        ("apple_ns", 1e9, apple),
    ):
        if low <= median / scale + origin < high:
            return unit
    return ""


class DateOptions(TypedDict, total=False):
    """The analyst's date settings, passed on as ``parse_dates(values, **options)``."""

    date_format: str
    timezone: str


def parse_dates(
    values: pd.Series,
    *,
    dayfirst: bool | None = None,
    plan: DatePlan | None = None,
    date_format: str = "",
    timezone: str = "",
) -> pd.Series:
    """ISO 8601 text (``YYYY-MM-DDTHH:MM:SS``) for each value, None where unreadable.

    >>> values = ["03/04/2026 10:00", "25/04/2026", "2026-05-01T08:30:00Z", "46000", "soon"]
    >>> parse_dates(pd.Series(values)).tolist()
    ['2026-04-03T10:00:00', '2026-04-25T00:00:00', '2026-05-01T08:30:00', '2025-12-09T00:00:00', None]
    >>> parse_dates(pd.Series(["20060601 0147", "20060602 2310"])).tolist()
    ['2006-06-01T01:47:00', '2006-06-02T23:10:00']
    >>> parse_dates(pd.Series(["2026-05-01 10:00"]), timezone="Europe/Paris").tolist()
    ['2026-05-01T08:00:00']
    """
    if plan is None:
        plan = infer_plan(values, date_format=date_format, timezone=timezone)
        if dayfirst is not None:
            plan = DatePlan(plan.style, dayfirst, plan.unit, plan.date_format, plan.timezone)
    if plan.style == "format":
        stamps = pd.to_datetime(values.astype(str).map(clean), format=plan.date_format, errors="coerce")
        return _as_text(_zoned(stamps, plan.timezone), values.index)
    if plan.style == "epoch":
        return _as_text(_zoned(_from_epoch(values, plan.unit), plan.timezone), values.index)
    out = _text_dates(values, plan.dayfirst)
    if plan.timezone:
        out = _as_text(
            _zoned(pd.to_datetime(out, format="%Y-%m-%dT%H:%M:%S", errors="coerce"), plan.timezone),
            values.index,
        )
    return out


def _zoned(stamps: pd.Series, timezone: str) -> pd.Series:
    """Naive stamps read in ``timezone`` and converted to UTC (naive); as they are without."""
    stamps = pd.Series(stamps)
    if not timezone:
        return stamps
    local = stamps.dt.tz_localize(timezone, ambiguous="NaT", nonexistent="shift_forward")
    return local.dt.tz_convert("UTC").dt.tz_localize(None)


def _from_epoch(values: pd.Series, unit: str) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce")
    if unit == "serial":
        return _EXCEL_EPOCH + pd.to_timedelta(numbers, unit="D")
    if unit.startswith("apple"):
        scale = 1e9 if unit == "apple_ns" else 1.0
        return _APPLE_EPOCH + pd.to_timedelta(numbers / scale, unit="s")
    stamps = pd.to_datetime(numbers, unit=unit, errors="coerce")
    return stamps.where((stamps >= _PLAUSIBLE[0] - pd.Timedelta(days=36500)) & (stamps < _PLAUSIBLE[1]))


def _as_text(stamps: pd.Series, index: pd.Index) -> pd.Series:
    """Datetimes as ISO text without going through Python per value (millions of rows)."""
    arr = np.asarray(pd.Series(stamps).to_numpy(dtype="datetime64[ns]"))
    text = np.datetime_as_string(arr.astype("datetime64[s]"), unit="s").astype(object)
    text[np.isnat(arr)] = None
    return pd.Series(text, index=index, dtype=object)


def _text_dates(values: pd.Series, dayfirst: bool) -> pd.Series:
    text = values.fillna("").astype(str).str.strip()
    out = np.full(len(text), None, dtype=object)
    remaining = (text != "").to_numpy().copy()
    lengths = text.str.len().to_numpy()
    # Fast paths, vectorised: ISO with a space or a T, then slashed dates of fixed width
    # rearranged as ISO text in one numpy operation, then compact dates; pandas' parser
    # validates each.
    mask = remaining & (lengths == 19)
    if mask.sum() > 500:
        _accept(out, remaining, mask, text[mask].str.replace(" ", "T", n=1))
    for width in (19, 16, 10):
        mask = remaining & (lengths == width)
        if mask.sum() > 500:
            mask[mask] = (text[mask].str[2] == "/").to_numpy()
        if mask.sum() > 500:
            _accept(out, remaining, mask, _slashed_as_iso(text[mask], width, dayfirst))
    for width, fmt in ((13, "%Y%m%d %H%M"), (14, "%Y%m%d%H%M%S"), (15, "%Y%m%d %H%M%S"), (8, "%Y%m%d")):
        mask = remaining & (lengths == width)
        if mask.sum() > 500:
            stamps = pd.to_datetime(text[mask], format=fmt, errors="coerce")
            _accept(out, remaining, mask, _as_text(stamps, stamps.index).fillna(""))
    if remaining.sum() > 500:  # one strftime pattern, guessed from a value, read in C
        guessed = _guess_format(text[remaining].iat[0], dayfirst)
        if guessed:
            stamps = pd.to_datetime(text[remaining], format=guessed, errors="coerce")
            _accept(out, remaining, remaining.copy(), _as_text(stamps, stamps.index).fillna(""))
    if remaining.any():
        general = _general(text[remaining], dayfirst)
        ok = general.notna().to_numpy()
        rows = np.flatnonzero(remaining)[ok]
        out[rows] = general.to_numpy(dtype=object)[ok]
        remaining[rows] = False
    cache: dict[str, str | None] = {}
    for i in np.flatnonzero(remaining):
        value = text.iat[i]
        if value not in cache:
            cache[value] = _one(value, dayfirst)
        out[i] = cache[value]
    return pd.Series(out, index=values.index, dtype=object)


_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))
_PM_MARKS = ("P", "N", "م", "Μ")
_AM_MARKS = ("A", "V", "ص", "Π")


def _general(text: pd.Series, dayfirst: bool) -> pd.Series:
    """Slashed, dotted and dashed dates with their clocks, 12-hour markers and offsets, read
    column-wise (one regular expression per value, arithmetic on whole columns)."""
    parts = text.str.translate(_MARKS).str.extract(_GENERAL)
    parts = parts[parts["a"].notna()]
    if parts.empty:
        return pd.Series(None, index=text.index, dtype=object)
    num = {k: pd.to_numeric(parts[k], errors="coerce") for k in ("a", "b", "c", "H", "M", "S")}
    a, b, c = num["a"], num["b"], num["c"]
    yearfirst = parts["a"].str.len() == 4
    dfirst = pd.Series(dayfirst, index=parts.index) | ((a > 12) & (b <= 12))
    day = c.where(yearfirst, a.where(dfirst, b))
    month = b.where(yearfirst, b.where(dfirst, a))
    year = a.where(yearfirst, c + np.where(parts["c"].str.len() <= 2, 2000, 0))
    hour = num["H"].fillna(0)
    marker = parts["ampm"].fillna("").str[:1].str.upper()
    pm, am = marker.isin(_PM_MARKS), marker.isin(_AM_MARKS)
    bad_clock = (pm | am) & ~hour.between(1, 12)
    hour = hour.where(~(pm & (hour != 12)), hour + 12).where(~(am & (hour == 12)), 0)
    stamps = pd.to_datetime(
        pd.DataFrame(
            {
                "year": year,
                "month": month,
                "day": day,
                "hour": hour,
                "minute": num["M"].fillna(0),
                "second": num["S"].fillna(0),
            }
        ),
        errors="coerce",
    )
    stamps = stamps.where(~bad_clock)
    zones = parts["tz"].dropna()
    if not zones.empty:
        offsets = zones.map({z: _offset_minutes(z) for z in zones.unique()})
        stamps.loc[offsets.index] -= pd.to_timedelta(offsets, unit="min")
    return _as_text(stamps, parts.index).reindex(text.index)


def _guess_format(value: str, dayfirst: bool) -> str | None:
    """The strftime pattern ``value`` is written in, when pandas can read it as such
    (``05.12.24, 8:05 PM`` → ``%d.%m.%y, %I:%M %p``); None for offsets, fractions, markers
    other than AM/PM and anything else the general reader must take."""
    m = _GENERAL.match(value)
    if not m or m.group("tz") or m.group("F"):
        return None
    ampm = m.group("ampm")
    if ampm and ampm.upper() not in ("AM", "PM"):
        return None
    a, c = m.group("a"), m.group("c")
    if len(a) == 4:
        codes = {"a": "%Y", "b": "%m", "c": "%d"}
    else:
        codes = {"a": "%d", "b": "%m"} if dayfirst else {"a": "%m", "b": "%d"}
        codes["c"] = "%y" if len(c) <= 2 else "%Y"
    codes.update({"H": "%I" if ampm else "%H", "M": "%M", "S": "%S", "ampm": "%p"})
    fmt, at = "", 0
    for name in ("a", "b", "c", "H", "M", "S", "ampm"):
        if m.group(name) is None:
            continue
        fmt += value[at : m.start(name)].replace("%", "%%") + codes[name]
        at = m.end(name)
    return fmt + value[at:].replace("%", "%%")


def _offset_minutes(zone: str) -> float:
    tz = zone.upper().replace("UTC", "").replace("GMT", "").strip()
    if not tz or tz == "Z":
        return 0.0
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "").strip()
    hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return float(sign * (hours * 60 + minutes))


def _one(text: str, dayfirst: bool) -> str | None:
    """One value in any of the written forms; None when unreadable."""
    text = clean(text)
    m = _GENERAL.match(text)
    if m:
        return _from_parts(m, dayfirst)
    if _COMPACT.match(text):
        digits = text.replace(" ", "").replace("T", "")
        fmt = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}[len(digits)]
        return _stamp_text(pd.to_datetime(digits, format=fmt, errors="coerce"))
    if _NUMBER.match(text):
        value = float(text)
        unit = _epoch_unit(np.array([value]))
        if 20000 < value < 80000 and unit in ("", "serial"):
            return _stamp_text(_EXCEL_EPOCH + pd.Timedelta(days=value))
        if unit and len(text.split(".")[0]) >= 9:
            return _as_text(_from_epoch(pd.Series([value]), unit), pd.RangeIndex(1)).iat[0]
        return None
    if re.search(r"[A-Za-zÀ-ÿ]{3}", text):
        return _worded(text, dayfirst)
    return None


def _from_parts(m: re.Match, dayfirst: bool) -> str | None:
    a, b, c = m.group("a"), m.group("b"), m.group("c")
    if len(a) == 4:
        y, mo, d = int(a), int(b), int(c)
    else:
        d, mo = (int(a), int(b)) if dayfirst else (int(b), int(a))
        if int(a) > 12 >= int(b):  # the value itself says the day comes first
            d, mo = int(a), int(b)
        y = int(c) + (2000 if len(c) <= 2 else 0)
    hour = int(m.group("H") or 0)
    marker = (m.group("ampm") or "")[:1].upper()
    if marker and not 1 <= hour <= 12:
        return None
    if marker in _PM_MARKS and hour != 12:
        hour += 12
    elif marker in _AM_MARKS and hour == 12:
        hour = 0
    try:
        stamp = pd.Timestamp(
            year=y, month=mo, day=d, hour=hour, minute=int(m.group("M") or 0), second=int(m.group("S") or 0)
        )
    except ValueError:
        return None
    tz = (m.group("tz") or "").upper().replace("UTC", "").replace("GMT", "").strip()
    if tz and tz != "Z":
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        stamp -= sign * pd.Timedelta(hours=hours, minutes=minutes)
    return _stamp_text(stamp)


def _worded(text: str, dayfirst: bool) -> str | None:
    """Dates with month names (English, or French turned into English), through dateutil."""
    from dateutil import parser as dateutil_parser

    english = _MONTH_WORD.sub(lambda m: _MONTHS[m.group(1).casefold()], text)
    english = re.sub(r"(?i)\b(le|à|a|at|on|um)\b", " ", english)
    try:
        stamp = pd.Timestamp(dateutil_parser.parse(english, dayfirst=dayfirst, fuzzy=False))
    except (ValueError, OverflowError, TypeError):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return _stamp_text(stamp)


def _stamp_text(stamp) -> str | None:
    return None if pd.isna(stamp) else pd.Timestamp(stamp).strftime("%Y-%m-%dT%H:%M:%S")


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


def parse_date(value: object, *, dayfirst: bool = True, timezone: str = "") -> str | None:
    """One date as ISO text (for JSON fields); None when unreadable.

    >>> parse_date("2026-05-02"), parse_date("02/05/2026 10:30"), parse_date("")
    ('2026-05-02T00:00:00', '2026-05-02T10:30:00', None)
    >>> parse_date("5/12/24, 8:05\\u202fp. m."), parse_date("1 juin 2006 13:47")
    ('2024-12-05T20:05:00', '2006-06-01T13:47:00')
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    out = _one(text, dayfirst)
    if out and timezone:
        return _as_text(_zoned(pd.Series([pd.Timestamp(out)]), timezone), pd.RangeIndex(1)).iat[0]
    return out
