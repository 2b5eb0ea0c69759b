"""Importing a whole phone extraction as one exhibit, and saying what was found, imported and
skipped, and why.

Every readable file becomes its own source (with its SHA-256, its grading and the exhibit),
recording its path inside the extraction and the device owner in its provenance.  The whole
extraction is written in one transaction: Cancel leaves the case as it was; a database that
cannot be read is listed as failed and the others are imported.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions
from app.importers.extraction import find_owner, scan_extraction, staged
from app.importers.phonedb_common import OwnerNeeded
from app.importers.registry import Registry, default_registry
from app.model import ImportResult
from app.progress import CancelToken, ProgressFn, check, report, sub_progress


@dataclass
class ExtractionResult:
    """What an extraction held and what became of each file."""

    path: str
    layout: str
    exhibit: str = ""
    owner: str = ""
    owner_from: str = ""
    imported: list[tuple[str, ImportResult]] = field(default_factory=list)
    #: (path inside the extraction, what it is, why it was not imported)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    media: int = 0
    media_bytes: int = 0
    other: int = 0

    @property
    def needs_owner(self) -> bool:
        return any(reason.startswith("needs the device owner") for _i, _w, reason in self.skipped)

    def summary(self) -> str:
        owner = (
            f"device owner {self.owner} ({self.owner_from})"
            if self.owner
            else "device owner not found in the material"
        )
        lines = [
            f"{Path(self.path).name}: {self.layout} extraction, exhibit {self.exhibit or '-'}; {owner}; "
            f"imported {len(self.imported)} files, skipped {len(self.skipped)}, failed {len(self.failed)}; "
            f"{self.media:,} media files ({self.media_bytes / 1e6:,.0f} MB) and {self.other:,} other files "
            "left out"
        ]
        for inner, result in self.imported:
            lines.append(f"  imported {inner}: " + result.summary().replace("\n", "\n    "))
        for inner, what, reason in self.skipped:
            lines.append(f"  skipped {inner}: {what}" + (f" ({reason})" if reason and reason != what else ""))
        for inner, reason in self.failed:
            lines.append(f"  FAILED {inner}: {reason}")
        if self.needs_owner:
            lines.append(
                "  give the device owner's number with --owner to import the skipped call logs and chats"
            )
        return "\n".join(lines)


def import_extraction(
    store: CaseStore,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    registry: Registry | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> ExtractionResult:
    """Walk an extraction (folder or zip), import every file some importer reads, as one exhibit.

    Raises :class:`ImportFailed` when the extraction as a whole cannot be read (an encrypted
    backup, a damaged zip); the case is then unchanged.
    """
    options = options or ImportOptions()
    registry = registry or default_registry()
    p = Path(path)
    exhibit = options.exhibit or p.stem
    try:
        with staged(p, cancel=cancel) as stage:
            report(progress, 0.02, f"looking through {p.name}")
            scan = scan_extraction(
                p, stage, registry, progress=sub_progress(progress, 0.02, 0.2), cancel=cancel
            )
            owner, owner_from = (options.owner, "given") if options.owner else find_owner(scan, stage.folder)
            result = ExtractionResult(
                str(p),
                stage.layout,
                exhibit,
                owner,
                owner_from,
                media=scan.media,
                media_bytes=scan.media_bytes,
                other=scan.other,
            )
            result.skipped += [(f.inner, f.what, f.skipped) for f in scan.items if f.skipped]
            each = replace(options, owner=owner, exhibit=exhibit, kind="auto", mapping=None)
            readable = scan.readable
            with store.transaction():
                for n, found in enumerate(readable):
                    check(cancel)
                    step = sub_progress(
                        progress, 0.2 + 0.8 * n / len(readable), 0.2 + 0.8 * (n + 1) / len(readable)
                    )
                    provenance = {
                        "extraction": p.name,
                        "path_in_extraction": found.inner,
                        "device_owner": owner,
                        "device_owner_from": owner_from,
                    }
                    try:
                        with store.transaction():
                            imported = _import_one(store, found, each, registry, step, cancel, provenance)
                        result.imported.append((found.inner, imported))
                    except OwnerNeeded:
                        result.skipped.append(
                            (
                                found.inner,
                                found.what,
                                "needs the device owner's number, not found in the material",
                            )
                        )
                    except ImportFailed as exc:
                        if "already imported" in str(exc):
                            result.skipped.append((found.inner, found.what, str(exc)))
                        else:
                            result.failed.append((found.inner, str(exc)))
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportFailed(f"{p.name}: cannot be read as an extraction ({exc})") from None
    report(progress, 1.0, f"imported {len(result.imported)} files from {p.name}")
    return result


def _import_one(store, found, options, registry, progress, cancel, provenance) -> ImportResult:
    from app.importers.pipeline import import_file

    return import_file(
        store,
        found.local,
        options,
        registry=registry,
        progress=progress,
        cancel=cancel,
        provenance=provenance,
    )
