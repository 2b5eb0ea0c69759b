"""The large case end to end: import a large scenario (about 500,000 phones and people, 3 million
relationships), then analyse it, with each step's time and peak memory (resident set size,
sampled every 50 ms).

Run::

    .venv/bin/ariadne scenario /tmp/large --size large --seed 1
    .venv/bin/python bench/bench_large.py import /tmp/large /tmp/large.ariadne
    .venv/bin/python bench/bench_large.py analyze /tmp/large.ariadne [/tmp/large]

Import and analysis are separate commands (separate processes), so that each one's peak
memory is its own and a finished import can be analysed again without importing it again.
Given the scenario folder, the analysis is also scored against its planted truth (as
``bench_ground_truth.py`` does for small and medium; the large case is not resolved first).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class PeakMemory:
    """The largest resident set size seen since :meth:`reset`, sampled in a thread."""

    def __init__(self, every: float = 0.05) -> None:
        self.peak = _rss_mb()
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self.peak = max(self.peak, _rss_mb())

    def reset(self) -> None:
        self.peak = _rss_mb()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def measured(name: str, memory: PeakMemory, rows: list[dict]):
    memory.reset()
    start = time.perf_counter()
    yield
    took = time.perf_counter() - start
    peak = max(memory.peak, _rss_mb())
    rows.append({"step": name, "seconds": round(took, 1), "peak_mb": round(peak)})
    print(f"  {name:<28} {took:8.1f} s   peak {peak:8,.0f} MB", flush=True)


def do_import(folder: str, case_path: str) -> list[dict]:
    from app.demo import import_scenario
    from app.graph.store import CaseStore

    rows: list[dict] = []
    memory = PeakMemory()
    manifest = json.loads((Path(folder) / "manifest.json").read_text(encoding="utf-8"))
    with CaseStore.create(case_path, region=manifest["region"], title=manifest["title"]) as case:
        with measured("import", memory, rows):
            import_scenario(case, folder)
        counts = case.counts()
        print(f"  case: {counts['entities']:,} entities, {counts['links']:,} links", flush=True)
    memory.stop()
    return rows


def do_analyze(case_path: str, scenario: str | None = None) -> list[dict]:
    """The steps of :func:`app.analysis.analyze_case`, timed one by one from its progress."""
    from app.analysis import analyze_case
    from app.graph.store import CaseStore

    rows: list[dict] = []
    memory = PeakMemory()
    marks = {"t": time.perf_counter()}

    def progress(fraction: float, message: str) -> None:
        """analyze_case reports each step's name when the step is done."""
        now = time.perf_counter()
        if fraction > 0:
            peak = max(memory.peak, _rss_mb())
            rows.append({"step": message, "seconds": round(now - marks["t"], 1), "peak_mb": round(peak)})
            print(f"  {message:<28} {now - marks['t']:8.1f} s   peak {peak:8,.0f} MB", flush=True)
        marks["t"] = now
        memory.reset()

    start = time.perf_counter()
    with CaseStore.open(case_path) as case:
        result = analyze_case(case, top=20, progress=progress).to_json()
        total = time.perf_counter() - start
        if scenario:
            from bench_ground_truth import full_membership, score_analysis

            truth = json.loads((Path(scenario) / "ground_truth.json").read_text(encoding="utf-8"))
            top10 = result | {"hubs": result["hubs"][:10], "brokers": result["brokers"][:10]}
            score = score_analysis(case, truth, top10, full_membership(case))
            print("  against the planted truth:", json.dumps(score))
    memory.stop()
    print(f"  analysis total {total:.1f} s; engine timings {result['timings']}")
    print(
        f"  network: {result['network']['actors']:,} actors, {result['network']['relationships']:,} "
        f"relationships; betweenness {result['betweenness_method']}"
    )
    print("  top hubs: " + ", ".join(h["label"] for h in result["hubs"][:10]))
    return rows


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "import" and len(sys.argv) == 4:
        do_import(sys.argv[2], sys.argv[3])
    elif len(sys.argv) in (3, 4) and sys.argv[1] == "analyze":
        do_analyze(*sys.argv[2:])
    else:
        sys.exit(__doc__)
