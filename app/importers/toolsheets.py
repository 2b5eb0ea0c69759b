"""Spreadsheet exports of forensic tools: Cellebrite UFED Reader / Physical Analyzer
(``Export to Excel``: one sheet per category, ``Contacts``, ``Call Log``, ``SMS Messages``,
``Chats``…; or one CSV per category) and Oxygen Forensic Detective (XLSX or CSV, sheets such
as ``Contacts``, ``Calls``, ``Messages``).

Neither vendor publishes the layout.  What is known from public parsers of such files: a
title row or two (the category, the case, the tool) sit above the header row; UFED numbers its
rows in a ``#`` column, names the people of an item in one ``Parties`` cell (``From: +218…
Name``, one party a line), lists a contact's numbers in ``Entries`` (``Phone-Mobile: +218…``)
and marks recovered items in ``Deleted``; Oxygen writes ``Contact`` and ``Phones & Emails``
cells and per-item ``Direction``, ``Source``, ``Timestamp``, ``Caller``/``Receiver`` or
``From``/``To`` columns.  So the reader finds the header row among the first rows, decides the
category from the sheet's name or title (else from its columns), and reads columns by name.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.forensic import (
    NATIVE_APPS,
    PhoneMaterial,
    app_id,
    looks_like_number,
    owner_end,
    seconds,
    timestamp,
)
from app.importers.tabular import check_size, check_zip, is_workbook, normalise_header
from app.importers.textfile import TextSource
from app.progress import ticking

HEADER_SCAN = 8
COLUMNS = {
    "index": ("#", "no", "recordnumber"),
    "time": (
        "timestamp",
        "timestamptime",
        "timestampdate",
        "timestampdatetime",
        "date",
        "datetime",
        "time",
        "starttime",
        "dateandtime",
        "timestamputc",
        "created",
    ),
    "duration": ("duration",),
    "parties": ("parties", "participants"),
    "from": ("from", "sender", "caller", "fromnumber"),
    "to": ("to", "recipient", "recipients", "receiver", "tonumber"),
    "remote": ("remoteparty", "remotepartyphonenumber", "phonenumber", "number", "partner"),
    "direction": ("direction",),
    "type": ("type", "calltype", "messagetype", "folder", "status"),
    "body": ("body", "text", "message", "messagetext", "content"),
    "deleted": ("deleted", "deletedstate", "recordstate"),
    "source": ("source", "application", "app", "service", "platform", "sourceapplication"),
    "name": ("name", "contactname", "displayname", "contact"),
    "entries": ("entries", "phonesemails", "phonesandemails", "phonenumbers", "phones", "phone", "mobile"),
}
_LOOKUP = {syn: canon for canon, syns in COLUMNS.items() for syn in (canon, *syns)}
_TOOL_MARKS = {
    "cellebrite": "Cellebrite UFED",
    "ufed": "Cellebrite UFED",
    "physical analyzer": "Cellebrite UFED",
    "oxygen": "Oxygen Forensic Detective",
}
_PARTY = re.compile(
    r"^\s*(?:(?P<role>from|to|cc|bcc|participant|sender|recipient)\s*:\s*)?"
    r"(?P<id>\+?\d[\d\s\-().]{4,}\d(?:@[\w.]+)?|[\w.+-]+@[\w.-]+)\s*(?P<name>.*?)\s*$",
    re.I,
)
_OWNER_MARK = re.compile(r"\((?:device\s+)?owner\)", re.I)


def _header_index(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows[:HEADER_SCAN]):
        known = {_LOOKUP.get(normalise_header(c) if c.strip() != "#" else "#") for c in row if c.strip()}
        known.discard(None)
        if len(known) >= 3:
            return i
    return None


def _category(title: str, columns: set[str]) -> str:
    text = title.casefold()
    if "call" in text or "appel" in text:
        return "calls"
    if "contact" in text:
        return "contacts"
    if any(w in text for w in ("sms", "mms", "message", "chat", "instant")):
        return "messages"
    if "duration" in columns:
        return "calls"
    if "body" in columns:
        return "messages"
    if "entries" in columns or "name" in columns:
        return "contacts"
    return ""


def _tool(cells: list[str]) -> str:
    text = " ".join(cells).casefold()
    return next((tool for mark, tool in _TOOL_MARKS.items() if mark in text), "")


def _tool_layout(columns: set[str], raw_headers: list[str]) -> str:
    """The tool whose own column names the header carries, if any."""
    norm = {normalise_header(h) for h in raw_headers}
    if "parties" in columns or {"entries", "interactionstatuses"} & norm and "#" in raw_headers:
        return "Cellebrite UFED"
    if {"phonesemails", "phonesandemails", "remoteparty"} & norm:
        return "Oxygen Forensic Detective"
    return ""


class _Sheet:
    def __init__(self, title: str, rows: list[list[str]]) -> None:
        self.title = title
        self.rows = rows
        self.header = _header_index(rows)
        self.columns: dict[str, int] = {}
        if self.header is not None:
            for i, cell in enumerate(rows[self.header]):
                key = "#" if cell.strip() == "#" else normalise_header(cell)
                canon = _LOOKUP.get(key)
                if canon and canon not in self.columns:
                    self.columns[canon] = i
        above = [c for r in rows[: self.header or 0] for c in r if c.strip()]
        self.category = _category(" ".join([title, *above]), set(self.columns)) if self.columns else ""
        self.tool = _tool([title, *above]) or _tool_layout(set(self.columns), rows[self.header or 0])


def _read_sheets(path: Path, name: str, max_rows: int | None = None) -> list[_Sheet]:
    if is_workbook(path):
        import openpyxl

        check_zip(path)
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds on damaged files
            raise ImportFailed(
                f"{name}: not a readable XLSX workbook ({type(exc).__name__}: {exc})"
            ) from None
        sheets = []
        try:
            for ws in wb.worksheets:
                rows = []
                for values in ws.iter_rows(values_only=True):
                    rows.append([_cell(v) for v in values or ()])
                    if max_rows and len(rows) >= max_rows:
                        break
                sheets.append(_Sheet(ws.title, rows))
        except Exception as exc:
            raise ImportFailed(f"{name}: damaged workbook ({type(exc).__name__}: {exc})") from None
        finally:
            wb.close()
        return sheets
    raw = None
    if max_rows:  # sniffing: a sample of whole lines, not the whole file
        with path.open("rb") as f:
            raw = f.read(64 * 1024)
        raw = raw[: raw.rindex(b"\n") + 1] if b"\n" in raw else raw
    source = TextSource(path, raw=raw)
    with source.open() as f:
        reader = csv.reader(f, delimiter=source.delimiter)
        rows = []
        for row in reader:
            rows.append(row)
            if max_rows and len(rows) >= max_rows:
                break
    return [_Sheet("", rows)]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class ToolSheetImporter:
    kind = "extraction"
    extensions = (".xlsx", ".csv", ".txt")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        p = Path(path)
        if p.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv") and not is_workbook(p):
            return 0.0
        try:
            sheets = _read_sheets(p, p.name, max_rows=HEADER_SCAN + 2)
        except (ImportFailed, UnicodeError, csv.Error, OSError):
            return 0.0
        useful = [s for s in sheets if s.category and s.tool]
        return 0.97 if useful else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        check_size(p)
        sheets = _read_sheets(p, ctx.file_name)
        useful = [s for s in sheets if s.category]
        if not useful:
            raise ImportFailed(
                f"{ctx.file_name}: no sheet of contacts, calls or messages with a header row was found"
            )
        reader = _SheetReader(ctx)
        for sheet in ticking(useful, len(useful), progress, cancel, "reading sheets", every=1):
            reader.sheet(sheet)
        tools = Counter(s.tool for s in useful if s.tool)
        skipped = [s.title for s in sheets if not s.category and s.title]
        return reader.finish(ctx.file_name, tools.most_common(1)[0][0] if tools else "", skipped)


class _SheetReader:
    def __init__(self, ctx: ParseContext) -> None:
        self.material = PhoneMaterial(ctx, ToolSheetImporter.kind)
        self.records = self.material.records
        self.read: Counter[str] = Counter()

    def sheet(self, sheet: _Sheet) -> None:
        assert sheet.header is not None
        handler = {"calls": self._call, "messages": self._message, "contacts": self._contact}[sheet.category]
        for number, row in enumerate(sheet.rows[sheet.header + 1 :], sheet.header + 2):
            if not any(c.strip() for c in row):
                continue
            values = {k: row[i].strip() if i < len(row) else "" for k, i in sheet.columns.items()}
            self.records.rows_read += 1
            handler(values, number, sheet.title, " | ".join(row)[:2000])

    def _parties(self, values: dict) -> list[tuple[str, str, str, bool]]:
        """(role, identifier, name, is the owner) of each party named in the row."""
        found = []
        for column in ("parties", "from", "to", "remote"):
            for line in (values.get(column) or "").splitlines():
                owner = bool(_OWNER_MARK.search(line))
                m = _PARTY.match(_OWNER_MARK.sub("", line))
                if m:
                    role = (m.group("role") or ("" if column in ("parties", "remote") else column)).casefold()
                    role = {"sender": "from", "recipient": "to"}.get(role, role)
                    found.append((role, m.group("id").strip(), m.group("name").strip(" -"), owner))
        return found

    def _direction(self, values: dict, parties, default: str = "in") -> str:
        flags = f"{values.get('direction', '')} {values.get('type', '')}".casefold()
        if "missed" in flags or "rejected" in flags:
            return "missed"
        if any(w in flags for w in ("outgoing", "sent", "outbox", "dialed", "dialled")):
            return "out"
        if any(w in flags for w in ("incoming", "inbox", "received", "read", "unread")):
            return "in"
        if any(o and r == "from" for r, _i, _n, o in parties):
            return "out"
        if any(r == "to" and not o for r, _i, _n, o in parties) and not any(r == "from" for r, *_ in parties):
            return "out"
        return default

    @staticmethod
    def _deleted(values: dict) -> bool:
        return values.get("deleted", "").casefold() in ("yes", "deleted", "true", "1", "x", "oui")

    def _ends(self, values, parties, app: str, row: int):
        """The other party's key and the owner's placeholder, or None."""
        native = app in NATIVE_APPS
        for _r, ident, name, is_owner in parties:
            if is_owner:  # the tool marks the device owner's own number or account
                self.material.owner_account("" if native else app, ident, name, row)
        others = [(i, n) for _r, i, n, o in parties if not o]
        if not others:
            return None, None
        ident, name = others[0]
        if native:
            key = self.material.phone(ident, row) if looks_like_number(ident) else None
            if key and name:
                self.material.saved_name(key, name, row)
        else:
            key = self.material.party(ident, app, name, row)
        return key, owner_end(app)

    def _call(self, values: dict, row: int, title: str, raw: str) -> None:
        app = app_id(values.get("source"), "phone")
        missing = "call without the other party's number (private or withheld)"
        if self._item(
            "called", values, row, title, raw, app, missing, duration=seconds(values.get("duration"))
        ):
            self.read["calls"] += 1

    def _message(self, values: dict, row: int, title: str, raw: str) -> None:
        app = app_id(values.get("source"), "mms" if "mms" in title.casefold() else "sms")
        missing = "message without the other party's number"
        if self._item("messaged", values, row, title, raw, app, missing, body=values.get("body", "")):
            self.read["messages"] += 1

    def _item(
        self, type_: str, values: dict, row: int, title: str, raw: str, app: str, missing: str, **kw
    ) -> bool:
        """One call or message row between the owner and the other party; False when the row
        is quarantined (no other party, or an unreadable date)."""
        parties = self._parties(values)
        other, owner = self._ends(values, parties, app, row)
        ts = timestamp(values.get("time"))
        if other is None or owner is None:
            self.records.bad_row(row, missing, raw)
            return False
        if ts is None:
            self.records.bad_row(row, f"unreadable date {values.get('time', '')!r}", raw)
            return False
        direction = self._direction(values, parties)
        if type_ == "messaged" and direction != "out":
            direction = "in"  # a message is not "missed"
        self.material.exchange(
            type_,
            owner,
            other,
            direction,
            row=row,
            ts=ts,
            app=app,
            deleted=self._deleted(values),
            extra={"sheet": title or None},
            **kw,
        )
        return True

    def _contact(self, values: dict, row: int, title: str, raw: str) -> None:
        name = _contact_name(values.get("name", ""))
        keys = []
        for line in re.split(r"[\n;]+", values.get("entries", "")):
            value = line.rsplit(":", 1)[-1].strip() if ":" in line else line.strip()
            if not value:
                continue
            if "@s.whatsapp.net" in value or "whatsapp" in line.casefold():
                keys.append(self.material.party(value, "whatsapp", name, row))
            elif looks_like_number(value):
                keys.append(self.material.phone(value, row))
        readable = [k for k in keys if k]
        if not readable:
            self.records.bad_row(row, f"contact {name!r} has no readable number", raw)
            return
        extra = {"deleted": True} if self._deleted(values) else {}
        self.material.contact(name, readable, row, f"person:sheet:{title}:{row}", extra)
        self.read["contacts"] += 1

    def finish(self, file_name: str, tool: str, skipped: list[str]) -> Records:
        provenance = {"tool": f"{tool or 'forensic tool'} spreadsheet export", "skipped_sheets": skipped[:20]}
        records = self.material.finish(file_name, provenance)
        records.notes.append(", ".join(f"{n} {k}" for k, n in self.read.items()) or "nothing read")
        if skipped:
            records.notes.append(f"sheets not imported: {', '.join(skipped[:12])}")
        return records


def _contact_name(cell: str) -> str:
    """Oxygen writes ``Fullname: …`` / ``Nickname: …`` lines; UFED the name alone."""
    lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
    for prefix in ("fullname", "full name", "name", "first name"):
        for line in lines:
            if line.casefold().startswith(prefix + ":"):
                return line.split(":", 1)[1].strip()
    return next((ln for ln in lines if not ln.casefold().startswith("nickname:")), "")
