"""How long SIM-change detection takes on an imported case (same handset, two handsets side by
side, replacement SIMs: what :func:`app.graph.simchanges.sim_changes` does once before merging),
in wall and CPU seconds, with the peak resident memory and the load average.  Figures for the
README.

Run on a case imported from a scenario with tactics (on by default for medium and large)::

    .venv/bin/ariadne scenario /tmp/large --size large --seed 1
    .venv/bin/python bench/bench_large.py import /tmp/large /tmp/large.ariadne
    .venv/bin/python bench/bench_simchanges.py /tmp/large.ariadne
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_large import PeakMemory, _rss_mb  # noqa: E402

from app.graph import simchanges  # noqa: E402
from app.graph.store import CaseStore  # noqa: E402


def run(path: str) -> dict:
    out: dict = {"case": path, "load_before": [round(x, 2) for x in os.getloadavg()]}
    memory = PeakMemory()
    with CaseStore.open(path) as case:
        out["rss_open_mb"] = round(_rss_mb())
        memory.reset()
        wall, cpu = time.perf_counter(), time.process_time()
        steps = {}

        def step(name, fn):
            w, c = time.perf_counter(), time.process_time()
            result = fn()
            steps[name] = {
                "wall_s": round(time.perf_counter() - w, 1),
                "cpu_s": round(time.process_time() - c, 1),
            }
            return result

        carried = step("carried", lambda: simchanges.carried_frame(case))
        handset, notes = step("same_handset", lambda: simchanges.same_handset(case, carried))
        ties = step("call_ties", lambda: simchanges.call_ties(case))
        tandem = step("side_by_side", lambda: simchanges.side_by_side(case, ties=ties, carried=carried))
        replacement = step("replacement", lambda: simchanges.replacement_sims(case, ties=ties))
        out |= {
            "total_wall_s": round(time.perf_counter() - wall, 1),
            "total_cpu_s": round(time.process_time() - cpu, 1),
            "peak_rss_mb": round(max(memory.peak, _rss_mb())),
            "steps": steps,
            "handset_numbers": len(carried),
            "call_ties": len(ties.ties),
            "same_handset": len(handset),
            "side_by_side": len(tandem),
            "replacement": len(replacement),
            "borrowed_handsets": len(notes),
        }
    memory.stop()
    out["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(run(sys.argv[1]), indent=1))
