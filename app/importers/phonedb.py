"""Phone databases recognised by their schema (table and column names), never by file name.

One table of layouts says which database a file is, what kind of material it holds and which
reader takes it; three importers (contacts, calls, messages) put them in the registry.  The
file is opened through :func:`app.importers.sqlite_evidence.open_evidence`, so the exhibit and
its ``-wal``/``-shm`` stay byte-identical while the rows in the WAL are read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.importers import android, phonedb_ios, phonedb_viber, phonedb_whatsapp
from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.phonedb_common import Messaging
from app.importers.sqlite_evidence import Schema, encrypted_kind, open_evidence, read_schema, schema_of
from app.progress import report


@dataclass(frozen=True)
class Layout:
    """One database layout: what it is called, the kind of material, the app, how it is
    recognised and who reads it (None: recognised, but refused with ``refusal``)."""

    name: str
    kind: str
    app: str
    test: Callable[[Schema], bool]
    read: Callable | None
    refusal: str = ""


def _android(read):
    return lambda conn, schema, m, path: read(conn, schema, m)


def _wa_contacts(conn, schema, m: Messaging, path: str) -> None:
    names = phonedb_whatsapp.wa_names(Path(path))
    m.records.rows_read += len(names)
    for jid, name in names.items():
        m.jid(jid, name=name)


def _read_contacts_db(conn, schema, m: Messaging, path: str) -> None:
    android.read_contacts(conn, schema, m)
    if android.is_call_log(schema):  # before Android 7 the call log lived in contacts2.db
        android.read_calls(conn, schema, m)


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "Telegram cache4.db",
        "messages",
        "telegram",
        phonedb_viber.is_telegram_cache,
        None,
        phonedb_viber.TELEGRAM_REFUSAL,
    ),
    Layout(
        "WhatsApp msgstore.db (Android, 2022 on)",
        "messages",
        "whatsapp",
        phonedb_whatsapp.is_android_new,
        phonedb_whatsapp.read_android,
    ),
    Layout(
        "WhatsApp msgstore.db (Android, before 2022)",
        "messages",
        "whatsapp",
        phonedb_whatsapp.is_android_old,
        phonedb_whatsapp.read_android,
    ),
    Layout(
        "WhatsApp wa.db (Android contacts)",
        "contacts",
        "whatsapp",
        phonedb_whatsapp.is_wa_contacts,
        _wa_contacts,
    ),
    Layout(
        "WhatsApp ChatStorage.sqlite (iOS)",
        "messages",
        "whatsapp",
        phonedb_whatsapp.is_ios_chats,
        phonedb_whatsapp.read_ios,
    ),
    Layout(
        "WhatsApp CallHistory.sqlite (iOS)",
        "calls",
        "whatsapp",
        phonedb_whatsapp.is_ios_calls,
        phonedb_whatsapp.read_ios_calls,
    ),
    Layout(
        "WhatsApp ContactsV2.sqlite (iOS)",
        "contacts",
        "whatsapp",
        phonedb_whatsapp.is_ios_contacts,
        phonedb_whatsapp.read_ios_contacts,
    ),
    Layout(
        "Viber messages (Android viber_messages)",
        "messages",
        "viber",
        phonedb_viber.is_viber_messages,
        phonedb_viber.read_viber_messages,
    ),
    Layout(
        "Viber contacts and calls (Android viber_data)",
        "contacts",
        "viber",
        phonedb_viber.is_viber_data,
        phonedb_viber.read_viber_data,
    ),
    Layout(
        "iOS sms.db (SMS and iMessage)",
        "messages",
        "imessage",
        phonedb_ios.is_sms_db,
        phonedb_ios.read_sms_db,
    ),
    Layout(
        "iOS CallHistory.storedata",
        "calls",
        "phone",
        phonedb_ios.is_call_record,
        phonedb_ios.read_call_record,
    ),
    Layout(
        "iOS call_history.db (before iOS 8)",
        "calls",
        "phone",
        phonedb_ios.is_legacy_calls,
        phonedb_ios.read_legacy_calls,
    ),
    Layout(
        "iOS AddressBook.sqlitedb",
        "contacts",
        "phone",
        phonedb_ios.is_address_book,
        phonedb_ios.read_address_book,
    ),
    Layout("Android mmssms.db (SMS and MMS)", "messages", "sms", android.is_sms, _android(android.read_sms)),
    Layout("Android contacts2.db", "contacts", "phone", android.is_contacts, _read_contacts_db),
    Layout("Android calllog.db", "calls", "phone", android.is_call_log, _android(android.read_calls)),
)


def identify(schema: Schema) -> Layout | None:
    """The layout a database's schema matches, first match in :data:`LAYOUTS` order.

    >>> identify(Schema({"calls": {"_id", "number", "date", "duration", "type"}})).name
    'Android calllog.db'
    >>> identify(Schema({"accounts": {"name"}})) is None
    True
    """
    return next((la for la in LAYOUTS if la.test(schema)), None)


def describe(path: str | Path) -> tuple[Layout | None, str]:
    """(layout, what the file is) without reading rows: for an extraction's report."""
    kind = encrypted_kind(path)
    if kind:
        return None, kind
    schema = schema_of(path)
    if schema is None:
        return None, "not an SQLite database"
    layout = identify(schema)
    if layout is None:
        shown = ", ".join(sorted(schema.tables)[:8]) or "no tables"
        return None, f"an SQLite database none of whose layouts Ariadne reads (tables: {shown})"
    return layout, layout.name


class PhoneDatabaseImporter:
    """The phone databases of one kind of material (set by the subclasses below)."""

    kind = "messages"
    extensions = (".db", ".sqlite", ".sqlite3", ".sqlitedb", ".storedata")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        layout, what = describe(path)
        if layout is None:
            if encrypted_kind(path):
                raise ImportFailed(f"{Path(path).name}: {what}")
            return 0.0
        if layout.read is None:
            raise ImportFailed(f"{Path(path).name}: {layout.refusal}")
        return 0.95 if layout.kind == self.kind else 0.0

    def explain(self, path: str) -> str:
        """Why :meth:`sniff` chose this file: the layout its tables match."""
        layout, what = describe(path)
        return f"tables of {what}" if layout else what

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        with open_evidence(path) as conn:
            schema = read_schema(conn)
            layout = identify(schema)
            if layout is None:
                raise ImportFailed(
                    f"{ctx.file_name}: an SQLite database, but none of the phone databases Ariadne "
                    f"reads (tables: {', '.join(sorted(schema.tables)[:10]) or 'none'})"
                )
            if layout.read is None:
                raise ImportFailed(f"{ctx.file_name}: {layout.refusal}")
            report(progress, 0.1, f"reading {layout.name}")
            records = Records(self.kind)
            records.provenance["database"] = layout.name
            m = Messaging(layout.app, ctx, records)
            m.cancel = cancel
            layout.read(conn, schema, m, path)
        records = m.finish()
        if records.event_frame is not None:  # a large database: indexes rebuilt once at the end
            records.total_rows = len(records.event_frame)
        records.notes.insert(0, f"read as {layout.name}")
        return records


class PhoneContactsDatabase(PhoneDatabaseImporter):
    kind = "contacts"


class PhoneCallsDatabase(PhoneDatabaseImporter):
    kind = "calls"


class PhoneMessagesDatabase(PhoneDatabaseImporter):
    kind = "messages"
