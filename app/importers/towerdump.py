"""Tower dumps (``towerdump``): every call through one cell during a window.

A dump is read like carrier records (:class:`~app.importers.calls.CallsImporter`), but its
source is marked as a dump, so that the analyses count its calls only where one side is
known to the case from other material or appears in two dumps (the intersection analysis:
:mod:`app.graph.towerdump`).  The strangers stay in the case; nothing is discarded.

A call file whose first rows all share one cell within three days is recognised as a dump
without ``--kind towerdump``.
"""

from __future__ import annotations

import pandas as pd

from app.importers.calls import CDR_SPEC, CallsImporter
from app.importers.dates import day_first, parse_dates
from app.importers.tabular import match_columns

#: How many rows are looked at to recognise a dump, and the longest window a dump covers.
SNIFF_ROWS = 400
MAX_WINDOW = pd.Timedelta(days=3)


def looks_like_tower_dump(frame: pd.DataFrame) -> bool:
    """True when the rows share one cell and their times fit in one short window.

    >>> looks_like_tower_dump(pd.DataFrame({"caller": ["1", "2"], "callee": ["3", "4"],
    ...     "start": ["2026-05-01 22:00", "2026-05-02 01:00"], "cell_id": ["LY-1", "LY-1"]}))
    True
    """
    cols = match_columns(list(frame.columns), CDR_SPEC)
    if not ({"caller", "callee", "start", "cell_id"} <= cols.keys()) or len(frame) < 2:
        return False
    cells = frame[cols["cell_id"]].astype(str).str.strip()
    if cells.nunique() != 1 or cells.iloc[0] in ("", "nan"):
        return False
    times = pd.to_datetime(
        parse_dates(frame[cols["start"]], dayfirst=day_first(frame[cols["start"]])), errors="coerce"
    ).dropna()
    return len(times) > 1 and times.max() - times.min() <= MAX_WINDOW


class TowerDumpImporter(CallsImporter):
    kind = "towerdump"
    extensions = (".csv", ".txt", ".tsv", ".xlsx")
    link_type = "called"

    def sniff(self, path: str, columns: list[str] | None) -> float:
        if not columns or "cell_id" not in match_columns(columns, CDR_SPEC):
            return 0.0
        from app.importers.tabular import read_tables

        try:
            tables = read_tables(path, max_rows=SNIFF_ROWS)
        except Exception:  # noqa: BLE001 - an unreadable file is for the calls importer to report
            return 0.0
        return 0.92 if tables and looks_like_tower_dump(tables[0].frame) else 0.0
