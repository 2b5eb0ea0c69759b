"""The demonstration case: a generated scenario imported file by file, as an analyst would.

Used by ``ariadne demo`` / ``make demo``, the end-to-end tests and the benchmarks.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.pipeline import import_file
from app.model import Grading, ImportResult
from app.progress import CancelToken, ProgressFn, check, report, sub_progress


def import_scenario(
    case: CaseStore,
    folder: str | Path,
    *,
    include_duplicates: bool = False,
    kinds: Collection[str] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> list[ImportResult]:
    """Import every file of a scenario's ``manifest.json`` with its kind, owner and grading
    (only the files of ``kinds``, when given).

    The planted duplicate file is skipped unless ``include_duplicates`` (then it is refused
    by its SHA-256, as it would be for an analyst).
    """
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = [
        f
        for f in manifest["files"]
        if (include_duplicates or not f.get("duplicate_of")) and (kinds is None or f["kind"] in kinds)
    ]
    results = []
    for n, item in enumerate(files):
        check(cancel)
        report(progress, n / len(files), f"importing {item['path']}")
        options = ImportOptions(
            kind=item["kind"],
            grading=Grading(item["reliability"], int(item["credibility"])),
            owner=item.get("owner", ""),
            exhibit=item.get("exhibit", ""),
        )
        try:
            results.append(
                import_file(
                    case,
                    folder / item["path"],
                    options,
                    progress=sub_progress(progress, n / len(files), (n + 1) / len(files)),
                    cancel=cancel,
                )
            )
        except ImportFailed:
            if not item.get("duplicate_of"):
                raise
    return results


def build_demo_case(
    path: str | Path,
    *,
    size: str = "small",
    seed: int = 7,
    scenario_dir: str | Path | None = None,
    resolve: bool = True,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """Generate a scenario next to ``path`` (or in ``scenario_dir``), import it into a new
    case at ``path``, and merge the entities resolution is sure of."""
    from app.scenario import generate_scenario

    path = Path(path)
    folder = Path(scenario_dir) if scenario_dir else path.with_suffix(".scenario")
    manifest = generate_scenario(folder, size, seed, progress=sub_progress(progress, 0.0, 0.2), cancel=cancel)
    with CaseStore.create(path, region=manifest["region"], title=manifest["title"]) as case:
        import_scenario(case, folder, progress=sub_progress(progress, 0.2, 0.85), cancel=cancel)
        if resolve:
            from app.graph.resolution import DEFAULT_THRESHOLD, apply_above

            apply_above(case, DEFAULT_THRESHOLD, progress=sub_progress(progress, 0.85, 1.0), cancel=cancel)
    report(progress, 1.0, f"demonstration case ready: {path}")
    return path
