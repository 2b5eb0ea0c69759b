"""How long SIM-change detection takes on an imported case (same handset and replacement
SIMs), in CPU seconds, and its peak memory.  Figures for the README.

Run: ``.venv/bin/python bench/bench_simchanges.py CASE.ariadne`` (a case imported from a
scenario with tactics, e.g. ``ariadne scenario /tmp/m --size medium`` then ``import``).
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc

from app.graph import simchanges
from app.graph.store import CaseStore


def run(path: str) -> dict:
    with CaseStore.open(path) as case:
        tracemalloc.start()
        t = time.process_time()
        handset, notes = simchanges.same_handset(case)
        t_handset = time.process_time() - t
        t = time.process_time()
        replacement = simchanges.replacement_sims(case)
        t_replacement = time.process_time() - t
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return {
        "same_handset": len(handset),
        "borrowed_handsets": len(notes),
        "replacement": len(replacement),
        "same_handset_cpu_s": round(t_handset, 1),
        "replacement_cpu_s": round(t_replacement, 1),
        "peak_python_mb": round(peak / 2**20),
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1]), indent=1))
