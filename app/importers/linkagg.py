"""Occurrences of links (calls, messages, contacts, payments) folded into one row per ordered
pair, with numpy, so a million calls aggregate in a fraction of a second.

Text timestamps are ISO 8601 (``YYYY-MM-DDTHH:MM:SS``, what :mod:`app.importers.dates`
writes), so the earliest and latest are chosen on their parsed values and returned as the
same text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_FAR = np.iinfo(np.int64).max


def pair_codes(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """One int64 per ordered pair of entity ids (ids stay below 2**31).

    >>> pair_codes(np.array([1, 2]), np.array([2, 1])).tolist()
    [4294967298, 8589934593]
    """
    return (np.asarray(src, dtype=np.int64) << 32) | np.asarray(dst, dtype=np.int64)


@dataclass
class PairAggregate:
    """One row per ordered pair (sorted by pair code); ``inverse`` maps each occurrence to
    its pair's row, and ``order`` lists occurrences by pair, then time."""

    frame: pd.DataFrame
    inverse: np.ndarray
    order: np.ndarray


def aggregate_pairs(
    src: np.ndarray,
    dst: np.ndarray,
    ts: pd.Series,
    *,
    duration: np.ndarray | None = None,
    amount: np.ndarray | None = None,
    label: pd.Series | None = None,
) -> PairAggregate:
    """Count, total duration and amount, first and last time, first label per pair.

    >>> agg = aggregate_pairs(np.array([1, 1, 2]), np.array([2, 2, 1]),
    ...     pd.Series(["2026-01-02T00:00:00", "2026-01-01T00:00:00", None]),
    ...     duration=np.array([10.0, np.nan, 5.0]))
    >>> agg.frame[["src", "dst", "count", "duration", "first_seen", "last_seen"]].values.tolist()
    [[1, 2, 2, 10.0, '2026-01-01T00:00:00', '2026-01-02T00:00:00'], [2, 1, 1, 5.0, None, None]]
    >>> agg.inverse.tolist()
    [0, 0, 1]
    """
    n = len(src)
    code = pair_codes(src, dst)
    ts_text = ts.to_numpy(dtype=object)
    stamps = pd.to_datetime(ts, format="%Y-%m-%dT%H:%M:%S", errors="coerce").to_numpy("datetime64[s]")
    missing = np.isnat(stamps)
    stamps = np.where(missing, _FAR, stamps.astype(np.int64))
    order = np.lexsort((stamps, code))
    sorted_code = code[order]
    starts = np.flatnonzero(np.r_[True, sorted_code[1:] != sorted_code[:-1]]) if n else np.zeros(0, int)
    counts = np.diff(np.r_[starts, n])
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.repeat(np.arange(len(starts)), counts)
    # Missing times sort last within a pair: the last known one sits before them.
    no_time = np.add.reduceat(missing[order].astype(np.int64), starts) if n else counts
    last_pos = starts + counts - 1 - no_time
    has_time = no_time < counts
    first_seen = np.where(has_time, ts_text[order[starts]], None)
    last_seen = np.where(has_time, ts_text[order[np.maximum(last_pos, starts)]], None)
    pair = sorted_code[starts]
    frame = pd.DataFrame(
        {
            "src": (pair >> 32).astype(np.int64),
            "dst": (pair & 0xFFFFFFFF).astype(np.int64),
            "code": pair,
            "count": counts.astype(np.int64),
            "duration": _sums(duration, order, starts, n)[0],
            "first_seen": pd.Series(first_seen, dtype=object),
            "last_seen": pd.Series(last_seen, dtype=object),
        }
    )
    amounts, known = _sums(amount, order, starts, n)
    frame["amount"] = np.where(known > 0, amounts, np.nan)
    labels = label.to_numpy(dtype=object)[order[starts]] if label is not None else [""] * len(starts)
    frame["label"] = pd.Series(labels, dtype=object)
    return PairAggregate(frame, inverse, order)


def _sums(values: np.ndarray | None, order: np.ndarray, starts: np.ndarray, n: int):
    """(sum per group with missing values as 0, count of known values per group)."""
    if values is None or not n:
        return np.zeros(len(starts)), np.zeros(len(starts), dtype=np.int64)
    v = np.asarray(values, dtype=float)[order]
    known = ~np.isnan(v)
    return np.add.reduceat(np.where(known, v, 0.0), starts), np.add.reduceat(known.astype(np.int64), starts)
