"""How long a large Cellebrite UFED report takes to import, and the memory it needs.

Usage: ``python bench/bench_ufed.py [N]`` writes a report.xml of N calls and N SMS (default
100,000 each) with the scenario's report writer, imports it into a new case and prints the
file size, the time (wall and CPU, with the load average: on a shared machine the wall time
says more about the others than about the import) and the peak memory (resident set size).
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from app.graph.store import CaseStore
from app.importers.pipeline import import_file
from app.scenario.ufed import _Report


def write_report(path: Path, n: int) -> None:
    rng = random.Random(1)
    report = _Report(rng)
    report.header("+218912345678", "Bench Owner", "356938035643809")
    numbers = [f"+2189{rng.randrange(10**8):08d}" for _ in range(5000)]
    report.open("Call")
    for i in range(n):
        report.call(rng.choice(numbers), "", i % 2 == 0, 86400 + i * 60, rng.randrange(300))
    report.close()
    report.open("SMS")
    for i in range(n):
        report.sms(rng.choice(numbers), i % 3 == 0, 86400 + i * 60 + 30, "the boat leaves friday")
    report.close()
    path.write_text(report.text(), encoding="utf-8")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.xml"
        write_report(path, n)
        size = path.stat().st_size
        start, cpu = time.perf_counter(), time.process_time()
        with CaseStore.create(Path(tmp) / "bench.ariadne", region="LY") as case:
            result = import_file(case, path)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(
        f"{size / 1e6:.0f} MB report, {result.events:,} events in {took:.1f} s "
        f"(CPU {cpu:.1f} s, load {load:.1f}), peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()
