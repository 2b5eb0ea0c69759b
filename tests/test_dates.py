"""The one date reader: each column's format inferred from its values, overrides obeyed."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app.importers.dates import infer_plan, parse_date, parse_dates

REAL = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "phones" / "extractions"


def _read(values, **kw):
    return parse_dates(pd.Series(values, dtype=object), **kw).tolist()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["20060601 0147", "20060615 2359"], ["2006-06-01T01:47:00", "2006-06-15T23:59:00"]),
        (["20060601014700"], ["2006-06-01T01:47:00"]),
        (["03/04/2026", "25/04/2026"], ["2026-04-03T00:00:00", "2026-04-25T00:00:00"]),
        (["03/04/2026", "04/25/2026"], ["2026-03-04T00:00:00", "2026-04-25T00:00:00"]),
        (["03.04.26 14:05", "13.04.26 08:00"], ["2026-04-03T14:05:00", "2026-04-13T08:00:00"]),
        (["2026/04/03 10:00"], ["2026-04-03T10:00:00"]),
        (["1700000000", "1700003600"], ["2023-11-14T22:13:20", "2023-11-14T23:13:20"]),
        (["1700000000000"], ["2023-11-14T22:13:20"]),
        (["1700000000000000"], ["2023-11-14T22:13:20"]),
        (["1700000000000000000"], ["2023-11-14T22:13:20"]),
        (["700000000"], ["2023-03-08T20:26:40"]),  # seconds since 2001 (iOS)
        (["700000000000000000"], ["2023-03-08T20:26:40"]),  # nanoseconds since 2001
        (["45000.5"], ["2023-03-15T12:00:00"]),  # a spreadsheet serial
        (["5/12/24, 8:05\u202fp.\u202fm."], ["2024-12-05T20:05:00"]),
        (["12/10/24 12:15 AM", "12/13/24 1:00 pm"], ["2024-12-10T00:15:00", "2024-12-13T13:00:00"]),
        (
            ["2026-05-01T10:00:00+02:00", "2026-05-01T10:00:00Z"],
            ["2026-05-01T08:00:00", "2026-05-01T10:00:00"],
        ),
        (["1 juin 2006 13:47", "June 2, 2006 1:47 PM"], ["2006-06-01T13:47:00", "2006-06-02T13:47:00"]),
        (["soon", "", None], [None, None, None]),
    ],
)
def test_written_forms(values, expected):
    assert _read(values) == expected


def test_ambiguous_column_says_what_it_chose():
    plan = infer_plan(pd.Series(["03/04/2026", "05/06/2026"]), column="date")
    assert plan.dayfirst and "date: dates such as 03/04/2026" in plan.note
    assert infer_plan(pd.Series(["03/04/2026", "13/06/2026"])).note == ""


def test_order_decided_per_column_not_per_row():
    # 12/01 is read month first because another row proves the column month first
    assert _read(["12/01/2026", "01/25/2026"])[0] == "2026-12-01T00:00:00"


def test_date_format_and_timezone_overrides():
    assert _read(["01-06-2006 01h47"], date_format="%d-%m-%Y %Hh%M") == ["2006-06-01T01:47:00"]
    assert _read(["2006-06-01 01:47"], timezone="Africa/Tripoli") == ["2006-05-31T23:47:00"]
    assert parse_date("2006-06-01 01:47", timezone="Europe/Rome") == "2006-05-31T23:47:00"


def test_fast_path_large_columns_match_the_slow_path():
    base = pd.date_range("2024-01-01", periods=3000, freq="37min")
    expected = base.strftime("%Y-%m-%dT%H:%M:%S").tolist()
    formats = ("%Y%m%d %H%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%y, %H:%M", "%m/%d/%y %I:%M %p")
    for fmt in formats:
        assert _read(pd.Series(base.strftime(fmt))) == expected, fmt
    shifted = pd.Series(base.strftime("%d/%m/%Y %H:%M:%S") + "+02:00")
    assert _read(shifted) == (base - pd.Timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S").tolist()


@pytest.mark.skipif(not (REAL / "bandicoot_ego.csv").is_file(), reason="shared real data not present")
def test_carrier_file_imports_without_date_quarantine(tmp_path):
    from app.graph.store import CaseStore
    from app.importers.base import ImportOptions
    from app.importers.pipeline import import_file

    with CaseStore.create(tmp_path / "c.ariadne", region="US") as case:
        result = import_file(
            case, REAL / "bandicoot_ego.csv", ImportOptions(kind="calls", owner="+12025550100")
        )
    dates = [q for q in result.quarantined if "date" in q.reason]
    assert result.rows_read > 300 and dates == []
