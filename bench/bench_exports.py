"""Whole-case exports of a case (default: the medium scenario, seed 5): seconds and peak memory
of each format, the analysis computed once beforehand (as the window does, and as
``ariadne export`` does with the analysis the case keeps).

    python bench/bench_exports.py [CASE]   # builds /tmp/ariadne-bench-medium.ariadne if absent
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMATS = ("graphml", "gexf", "csv", "ftm", "anx", "briefing-html")


def _one(case_path: str, fmt: str, out: str) -> None:
    """Run in a child process so that each format's peak memory is its own."""
    from app.analysis import latest_analysis
    from app.exports import export_case
    from app.graph.store import CaseStore

    with CaseStore.open(case_path) as case:
        analysis = latest_analysis(case, top=50)  # kept in the case after the first format
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start, cpu = time.perf_counter(), time.process_time()
        export_case(case, fmt, out, analysis=analysis)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = os.getloadavg()[0]
    print(
        f"{fmt:14s} {seconds:6.1f} s ({cpu:.1f} s of CPU, load average {load:.1f})   "
        f"peak {peak:6.0f} MB (before the export {base:.0f} MB)"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        _one(*sys.argv[2:5])
        return
    case = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/ariadne-bench-medium.ariadne")
    if not case.exists():
        from app.demo import build_demo_case

        build_demo_case(case, size="medium", seed=5)
    for fmt in FORMATS:
        out = f"/tmp/ariadne-bench-export.{fmt}"
        subprocess.run([sys.executable, __file__, "--one", str(case), fmt, out], check=True)


if __name__ == "__main__":
    main()
