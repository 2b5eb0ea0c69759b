"""The ANX and FollowTheMoney writers alone, from the gathered export (``collect``, done once
and not timed) to the file written, on a case (default: the medium scenario, opened read-only):
wall and CPU seconds (best of three), the memory the writer adds to the process, and the
file's sha256 (compare it across versions: the files must stay byte-identical).

    python bench/bench_export_writers.py [CASE]   # builds /tmp/ariadne-bench-medium.ariadne if absent
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """The process's peak resident memory since :func:`_reset_peak` (Linux), in MB."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def main() -> None:
    from app.analysis import latest_analysis
    from app.exports.anx import write_anx
    from app.exports.dataset import collect
    from app.exports.ftm import write_ftm
    from app.graph.store import CaseStore

    case_path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/ariadne-bench-medium.ariadne")
    if not case_path.exists():
        from app.demo import build_demo_case

        build_demo_case(case_path, size="medium", seed=5)
    with CaseStore.open(case_path, readonly=True) as case:
        data = collect(case, reveal=False, analysis=latest_analysis(case, top=50))
    print(f"{len(data.nodes)} entities, {len(data.links)} links")
    with tempfile.TemporaryDirectory() as folder:
        for name, write in (("anx", write_anx), ("ftm", write_ftm)):
            out = Path(folder) / f"case.{name}"
            gc.collect()
            _reset_peak()
            before = _peak_mb()
            runs = []
            for _ in range(3):
                start, cpu = time.perf_counter(), time.process_time()
                write(data, out)
                runs.append((time.perf_counter() - start, time.process_time() - cpu))
            added = _peak_mb() - before
            digest = hashlib.sha256()
            with open(out, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            print(
                f"{name}  {min(w for w, _ in runs):5.2f} s ({min(c for _, c in runs):.2f} s of CPU, "
                f"load average {os.getloadavg()[0]:.1f})   adds {added:4.0f} MB   "
                f"{out.stat().st_size / 1e6:.0f} MB, sha256 {digest.hexdigest()[:16]}"
            )


if __name__ == "__main__":
    main()
