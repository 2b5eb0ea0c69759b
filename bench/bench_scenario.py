"""How long generating each scenario size takes, and how big it is.

Run: ``.venv/bin/python bench/bench_scenario.py [small medium large]``
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from app.scenario import generate_scenario


def main(sizes: list[str]) -> None:
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            manifest = generate_scenario(tmp, size, seed=1)
            took = time.perf_counter() - start
            total = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
            rows = sum(len((Path(tmp) / f["path"]).read_bytes().splitlines())
                       for f in manifest["files"] if f["kind"] == "calls")
            print(f"{size}: {len(manifest['files'])} files, {total / 1e6:.1f} MB, "
                  f"{rows:,} call-record lines, generated in {took:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:] or ["small", "medium"])
