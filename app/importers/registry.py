"""Which importer reads which file: a small explicit registry, like Picard's formats.

The registry is built by :func:`default_registry` from the tuple :data:`IMPORTERS`; nothing is
registered as a side effect of importing a module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.importers.base import Importer, ImportFailed

#: The kinds an analyst can name on import (``--kind``, the import dialog), besides ``auto``.
IMPORT_KINDS = (
    "calls",
    "messages",
    "contacts",
    "transfers",
    "interviews",
    "routes",
    "extraction",
    "chat",
    "towerdump",
)


def _importer_classes() -> tuple[type, ...]:
    from app.importers.backups import CallBackupImporter, SmsBackupImporter
    from app.importers.calls import CallsImporter, MessagesImporter
    from app.importers.chat_json import ChatJsonImporter
    from app.importers.chat_text import ChatTextImporter
    from app.importers.contacts import ContactsImporter
    from app.importers.interviews import InterviewsImporter
    from app.importers.narrative import NarrativeImporter
    from app.importers.phonedb import PhoneCallsDatabase, PhoneContactsDatabase, PhoneMessagesDatabase
    from app.importers.routes import RoutesImporter
    from app.importers.toolsheets import ToolSheetImporter
    from app.importers.towerdump import TowerDumpImporter
    from app.importers.transfers import TransfersImporter
    from app.importers.ufed import UfedImporter
    from app.importers.vcard import VCardImporter
    from app.importers.xry import XryTextImporter

    return (
        CallsImporter,
        MessagesImporter,
        ContactsImporter,
        VCardImporter,
        PhoneContactsDatabase,
        PhoneCallsDatabase,
        PhoneMessagesDatabase,
        TransfersImporter,
        InterviewsImporter,
        RoutesImporter,
        UfedImporter,
        SmsBackupImporter,
        CallBackupImporter,
        XryTextImporter,
        ChatTextImporter,
        ChatJsonImporter,
        NarrativeImporter,
        TowerDumpImporter,
        ToolSheetImporter,
    )


@dataclass
class Registry:
    importers: list[Importer] = field(default_factory=list)

    def register(self, importer: Importer) -> None:
        self.importers.append(importer)

    def kinds(self) -> list[str]:
        return sorted({i.kind for i in self.importers})

    def get(self, kind: str, path: str | None = None) -> Importer:
        """The importer for ``kind``; where several read that kind (CSV contacts, vCards,
        Android databases) the one whose extension and content fit ``path`` best."""
        matches = [i for i in self.importers if i.kind == kind]
        if not matches:
            raise ImportFailed(f"unknown kind {kind!r}: use one of {', '.join(self.kinds())}")
        if path is None or len(matches) == 1:
            return matches[0]
        columns = _columns(path)
        return max(matches, key=lambda i: (i.sniff(path, columns), Path(path).suffix.lower() in i.extensions))

    def for_path(self, path: str) -> tuple[Importer, float, str]:
        """(importer, confidence, reason) for a file, from its extension and columns."""
        columns, problem = _columns(path, with_problem=True)
        scored = sorted(
            ((i.sniff(path, columns), n, i) for n, i in enumerate(self.importers)),
            key=lambda t: (-t[0], t[1]),
        )
        best, _, importer = scored[0]
        if best <= 0.2:
            if problem is not None:
                raise problem
            seen = f" (columns: {', '.join(columns[:12])})" if columns else ""
            raise ImportFailed(
                f"{Path(path).name}: cannot tell what kind of material this is{seen}; "
                "give --kind or a column mapping"
            )
        reason = getattr(importer, "sniff_reason", "") or (
            f"columns {', '.join(columns[:6])}" if columns else f"extension {Path(path).suffix or 'none'}"
        )
        if hasattr(importer, "explain"):  # an importer that recognises content says what it saw
            reason = importer.explain(path)
        return importer, best, reason

    def file_dialog_filter(self) -> str:
        exts = sorted({e for i in self.importers for e in i.extensions})
        parts = [f"All supported ({' '.join('*' + e for e in exts)})"]
        for i in self.importers:
            parts.append(f"{i.kind} ({' '.join('*' + e for e in i.extensions)})")
        return ";;".join(dict.fromkeys(parts)) + ";;All files (*)"


def _columns(path: str, *, with_problem: bool = False):
    """Normalised header names of a tabular file (first sheet), or [] when not tabular;
    with ``with_problem``, also the error that made a tabular file unreadable."""
    from app.importers.tabular import TEXT_EXTENSIONS, XLSX_EXTENSIONS, normalise_header, read_tables

    suffix = Path(path).suffix.lower()
    columns: list[str] = []
    problem = None
    if suffix in TEXT_EXTENSIONS + XLSX_EXTENSIONS:
        try:
            tables = read_tables(path, max_rows=5)
            columns = [normalise_header(c) for t in tables for c in t.columns]
        except ImportFailed as exc:
            problem = exc
    return (columns, problem) if with_problem else columns


def default_registry() -> Registry:
    registry = Registry()
    for cls in _importer_classes():
        registry.register(cls())
    return registry
