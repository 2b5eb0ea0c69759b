"""Import speed: 1,000,000 call-detail records (about 60 MB, 60,000 distinct numbers) into a
new case, against the bare floor measured in the same run (pandas read_csv plus one
``executemany`` of the same rows into SQLite), with peak memory.

Run: ``.venv/bin/python bench/bench_import.py [ROWS]``
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

CHILD = """
import functools, sys, time
from collections import defaultdict
from app.graph.store import CaseStore
from app.importers import calls, common, textfile, writer
from app.importers.pipeline import import_file, ImportOptions

spent = defaultdict(float)

def timed(owner, name, stage):
    inner = getattr(owner, name)
    @functools.wraps(inner)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[stage] += time.perf_counter() - t
    setattr(owner, name, wrapper)

for owner, name, stage in [
    (textfile, "_parse_lines", "reading"), (common.PhoneBook, "keys", "numbers"),
    (calls, "parse_dates", "dates"), (calls, "parse_durations", "durations"),
    (CaseStore, "bulk_ensure_entities", "phones written"), (writer, "aggregate_pairs", "aggregating"),
    (CaseStore, "insert_links", "links written"), (CaseStore, "add_call_events", "events written"),
]:
    timed(owner, name, stage)
marks = {}
start = time.perf_counter()
with CaseStore.create(sys.argv[2], region="LY") as case:
    result = import_file(case, sys.argv[1], ImportOptions(kind="calls"),
                         progress=lambda f, m: marks.setdefault(m, time.perf_counter()))
end = time.perf_counter()
spent["indexes and commit"] = end - marks["indexing"]
# The peak of this process's own memory (VmHWM belongs to the program after exec; ru_maxrss
# would count the parent's memory at fork time too).
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(end - start, result.events, peak / 1024)
print("; ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
"""


def make_cdr(path: Path, rows: int, distinct: int = 60_000, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    numbers = np.array([f"+21891{n:07d}" for n in rng.choice(10**7, distinct, replace=False)])
    weights = rng.pareto(1.5, distinct) + 1
    weights /= weights.sum()
    a = numbers[rng.choice(distinct, rows, p=weights)]
    b = numbers[rng.choice(distinct, rows, p=weights)]
    ts = np.datetime64("2026-03-01T00:00:00") + rng.integers(0, 184 * 86400, rows).astype("timedelta64[s]")
    frame = pd.DataFrame(
        {
            "caller": a,
            "callee": b,
            "start": np.datetime_as_string(ts, unit="s"),
            "duration": rng.integers(0, 900, rows),
            "cell_id": rng.integers(1, 999, rows),
        }
    )
    frame["start"] = frame["start"].str.replace("T", " ")
    frame.to_csv(path, index=False)


def floor(path: Path, db: Path) -> float:
    start = time.perf_counter()
    frame = pd.read_csv(path, dtype=str)
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE calls (caller TEXT, callee TEXT, start TEXT, duration TEXT, cell TEXT)")
    with conn:
        conn.executemany("INSERT INTO calls VALUES (?,?,?,?,?)", frame.itertuples(index=False, name=None))
    conn.close()
    return time.perf_counter() - start


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "cdr.csv"
        make_cdr(csv, rows)
        size = csv.stat().st_size / 1e6
        bare = floor(csv, Path(tmp) / "floor.db")
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(csv), str(Path(tmp) / "case.ariadne")],
            capture_output=True,
            text=True,
            check=True,
        )
        first, stages = done.stdout.strip().split("\n")
        took, events, peak = first.split()
        took, peak = float(took), float(peak)
        print(
            f"{rows:,} rows ({size:.0f} MB CSV): Ariadne import {took:.1f} s ({rows / took:,.0f} rows/s), "
            f"bare floor {bare:.1f} s ({rows / bare:,.0f} rows/s): {bare / took:.0%} of the floor's rate; "
            f"peak memory {peak:,.0f} MB; {int(events):,} events"
        )
        print(f"by stage: {stages}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
