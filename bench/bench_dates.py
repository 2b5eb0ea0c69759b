"""Date reading speed: one column of 1,000,000 dates in each written form the calls importer
meets, read by :func:`app.importers.dates.parse_dates` (format inferred from the values).

Run: ``.venv/bin/python bench/bench_dates.py [ROWS]``
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from app.importers.dates import parse_dates

FORMS = {
    "ISO 2024-05-01 10:00:00": "%Y-%m-%d %H:%M:%S",
    "day first 01/05/2024 10:00:00": "%d/%m/%Y %H:%M:%S",
    "day first 01/05/2024 10:00": "%d/%m/%Y %H:%M",
    "compact 20240501 1000": "%Y%m%d %H%M",
    "two-digit year 01.05.24 10:00": "%d.%m.%y %H:%M",
    "12-hour 5/1/24 10:00 PM": "%m/%d/%y %I:%M %p",
}


def main(rows: int) -> None:
    rng = np.random.default_rng(1)
    stamps = pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 365 * 86400, rows), unit="s")
    epoch = pd.Series((stamps.astype("int64") // 10**6).astype(str))
    print(f"{rows:,} values per column")
    for name, fmt in FORMS.items():
        values = pd.Series(stamps.strftime(fmt))
        _time(name, values)
    _time("epoch milliseconds 1714557600000", epoch)


def _time(name: str, values: pd.Series) -> None:
    t = time.perf_counter()
    out = parse_dates(values)
    spent = time.perf_counter() - t
    unread = int(out.isna().sum())
    print(f"  {name:<36} {spent:6.2f} s  ({len(values) / spent / 1e6:.2f} M/s, {unread} unread)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
