"""How long generating each scenario size takes, how big it is and how much memory it needs.

Run: ``.venv/bin/python bench/bench_scenario.py [small medium large]`` (all three by default;
``make bench`` runs it).  Each size runs in its own process so its peak memory is its own.
"""

from __future__ import annotations

import resource
import subprocess
import sys

CHILD = """
import sys, tempfile, time
from pathlib import Path
from app.scenario import generate_scenario
with tempfile.TemporaryDirectory() as tmp:
    start = time.perf_counter()
    manifest = generate_scenario(tmp, sys.argv[1], seed=1)
    took = time.perf_counter() - start
    total = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    rows = sum(len((Path(tmp) / f["path"]).read_bytes().splitlines())
               for f in manifest["files"] if f["kind"] == "calls")
    print(len(manifest["files"]), total, rows, took)
"""


def main(sizes: list[str]) -> None:
    for size in sizes:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = subprocess.run([sys.executable, "-c", CHILD, size], capture_output=True, text=True, check=True)
        files, total, rows, took = done.stdout.split()
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        print(
            f"{size}: {files} files, {int(total) / 1e6:.1f} MB, {int(rows):,} call-record lines, "
            f"generated in {float(took):.1f} s, peak memory {peak:,.0f} MB"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or ["small", "medium", "large"])
