"""The import pipeline: detect, read, normalise, then write a whole file in one transaction.

A file that cannot be read at all leaves the case exactly as it was; rows that cannot be read
are quarantined with their row number and reason; the same file twice is refused by its
SHA-256 unless asked; Cancel rolls everything back.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from app.graph.store import CaseStore
from app.importers.base import ImportFailed, ImportOptions, ParseContext, Records
from app.importers.registry import Registry, default_registry
from app.importers.writer import write_records
from app.model import ImportResult, SourceInfo
from app.progress import CancelToken, ProgressFn, check, report, sub_progress

__all__ = ["ImportOptions", "ImportFailed", "import_file", "import_path", "detect_kind", "preview"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_kind(path: str | Path, *, registry: Registry | None = None) -> tuple[str, str]:
    """(kind, reason) for ``path``: what ``--kind auto`` chooses and why."""
    from app.importers.extraction import is_extraction

    registry = registry or default_registry()
    if is_extraction(path, registry):
        return "extraction", "a folder or zip: each database and export in it is recognised when imported"
    importer, confidence, reason = (registry or default_registry()).for_path(str(path))
    return importer.kind, f"{reason} (confidence {confidence:.0%})"


def _context(store: CaseStore, path: Path, options: ImportOptions) -> ParseContext:
    return ParseContext(
        path.name,
        options,
        (options.region or store.region or "").upper(),
        store.currency or "EUR",
        store.rates(),
    )


def parse_file(
    store: CaseStore,
    path: Path,
    options: ImportOptions,
    *,
    registry: Registry,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> tuple[str, Records, str]:
    """(kind, records, how the kind was chosen) without writing anything."""
    ctx = _context(store, path, options)
    if options.mapping:  # tabular importers apply it (app.importers.mapping.read_mapped_tables)
        kind = options.mapping.get("kind") or options.kind
        importer = registry.get(kind, str(path))
        return kind, importer.parse(str(path), ctx, progress=progress, cancel=cancel), "column mapping"
    if options.kind and options.kind != "auto":
        importer, how = registry.get(options.kind, str(path)), f"--kind {options.kind}"
    else:
        importer, confidence, reason = registry.for_path(str(path))
        how = f"detected as {importer.kind} from {reason} (confidence {confidence:.0%})"
    return importer.kind, importer.parse(str(path), ctx, progress=progress, cancel=cancel), how


def import_file(
    store: CaseStore,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    registry: Registry | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    provenance: dict | None = None,
) -> ImportResult:
    """Import one file into ``store`` and say what was read, created, linked, quarantined.

    ``provenance`` is added to what the importer records about the source (an extraction
    gives each database's path inside it).

    Raises :class:`ImportFailed` (naming the file and the problem) when the file cannot be
    read at all, or was imported before (unless ``options.again``); the case is then
    unchanged.  :class:`app.progress.Cancelled` also leaves it unchanged.
    """
    options = options or ImportOptions()
    path = Path(path)
    if path.is_dir():
        raise ImportFailed(f"{path}: is a folder, not a file; give the files in it")
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    registry = registry or default_registry()
    report(progress, 0.0, f"reading {path.name}")
    digest = sha256_of(path)
    earlier = store.source_by_sha(digest)
    if earlier and not options.again:
        raise ImportFailed(
            f"{path.name}: already imported as source #{earlier['id']} "
            f"({earlier['file_name']}, {earlier['imported_at'][:16]}); use --again to import it again"
        )
    try:
        kind, records, how = parse_file(
            store, path, options, registry=registry, progress=sub_progress(progress, 0.02, 0.5), cancel=cancel
        )
    except (ImportFailed, MemoryError):
        raise
    except (ValueError, KeyError, IndexError, TypeError, UnicodeError, OSError, RecursionError) as exc:
        raise ImportFailed(
            f"{path.name}: cannot be read as this kind of file ({type(exc).__name__}: {exc})"
        ) from None
    check(cancel)
    if provenance:
        records.provenance = {**records.provenance, **provenance}
    info = SourceInfo(
        path.name,
        digest,
        path.stat().st_size,
        kind,
        options.grading,
        options.handling,
        options.owner,
        options.exhibit,
        str(path.resolve()),
    )
    with store.transaction():
        source_id = store.add_source(info, rows_read=records.rows_read, attrs=records.provenance)
        stats = write_records(
            store, records, source_id, progress=sub_progress(progress, 0.5, 0.97), cancel=cancel
        )
        check(cancel)
        if records.chunks is not None:  # a streamed file: its rows are counted now
            store.set_source_rows(source_id, records.rows_read)
        hits = store.watch_hits(source_id)
        store.log(
            "import",
            {
                "file": path.name,
                "sha256": digest,
                "kind": kind,
                "grading": str(options.grading),
                "rows": records.rows_read,
                "quarantined": len(records.quarantine),
                "entities_created": stats.entities_created,
                "links_created": stats.links_created,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
        )
    store.refresh_statistics()
    report(progress, 1.0, f"imported {path.name}")
    return ImportResult(
        source_id,
        path.name,
        kind,
        records.rows_read,
        stats.entities_created,
        stats.links_created,
        stats.events,
        list(records.quarantine),
        hits,
        [how, *records.notes],
    )


def import_path(
    store: CaseStore,
    path: str | Path,
    options: ImportOptions | None = None,
    *,
    registry: Registry | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
):
    """Import a file (:func:`import_file`) or a whole extraction, a folder or a zip
    (:func:`app.importers.extraction_import.import_extraction`); both results have ``summary()``."""
    from app.importers.extraction import is_extraction
    from app.importers.extraction_import import import_extraction

    registry = registry or default_registry()
    if is_extraction(path, registry):
        return import_extraction(store, path, options, registry=registry, progress=progress, cancel=cancel)
    return import_file(store, path, options, registry=registry, progress=progress, cancel=cancel)


def preview(
    path: str | Path, kind: str | None = None, mapping: dict | None = None, n: int = 20
) -> pd.DataFrame:
    """The first ``n`` rows of a tabular file as the import will see them (after a mapping);
    for a database, its tables with their row counts (read without changing it)."""
    from app.importers.chat_preview import preview_text_material
    from app.importers.mapping import apply_mapping
    from app.importers.sqlite_evidence import database_overview, is_sqlite
    from app.importers.tabular import read_tables

    if is_sqlite(path):
        return database_overview(path).head(n)

    if not mapping and kind in (None, "auto", "chat", "interviews"):
        shown = preview_text_material(path, n)
        if shown is not None:
            return shown
    tables = read_tables(path, max_rows=n)
    table = tables[0]
    if mapping:
        table = apply_mapping(table, mapping)
    return table.frame.head(n)
