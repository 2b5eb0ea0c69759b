"""MSAB XRY text exports: one file per category (``Calls``, ``Messages/SMS``,
``Contacts/Contacts``, ``Device/General Information``…), written by XRY / XAMN as UTF-16LE
with a byte-order mark.

The layout (as Autopsy's XRY data-source processor reads it): a header of five lines, the
third naming the category; then records separated by blank lines, each opening with a title
line (``Calls #<TAB>1``) followed by ``Key:<TAB>value`` lines.  A line holding only ``From``,
``To`` or ``Participant`` says whose the following ``Tel``/``Name`` are.  A message's
``Text`` may run over several lines, and a long SMS may be split over records sharing a
``Reference Number`` (``Segment Number`` n of ``Segments``).  Times read
``1/2/2019 1:23:45 PM (Device)`` (month first unless the file's own dates say otherwise).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.forensic import (
    OWNER,
    PhoneMaterial,
    app_id,
    looks_like_number,
    owner_end,
    seconds,
    timestamp,
)
from app.progress import ticking

TOOL = "MSAB XRY (text export)"
MAX_XRY_BYTES = 512 * 1024**2
_NAMESPACES = {"from", "to", "participant", "sender", "recipient"}
_KEYS = {
    "tel",
    "number",
    "call type",
    "name (matched)",
    "name",
    "time",
    "duration",
    "storage",
    "index",
    "text",
    "direction",
    "status",
    "folder",
    "service center",
    "type",
    "reference number",
    "segment number",
    "segments",
    "attribute",
    "data",
    "application",
    "account",
    "deleted",
    "e-mail",
    "email",
    "mobile",
    "home",
    "work",
    "id",
    "related application",
    "user id",
    "chat",
    "group",
    "subject",
    "file name",
    "location",
    "latitude",
    "longitude",
}
_KNOWN_TYPES = ("calls", "messages", "contacts", "device")
_PAREN = re.compile(r"\s*\((?:device|network|utc[^)]*|local[^)]*)\)\s*$", re.I)


def _decode(raw: bytes) -> str | None:
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    return None


def _report_type(lines: list[str]) -> str:
    """The category the header names (third line), lower-case: ``messages/sms``."""
    if len(lines) < 3:
        return ""
    kind = lines[2].strip().casefold().replace("-", "/").replace(" / ", "/")
    return kind if kind.split("/")[0] in _KNOWN_TYPES else ""


class XryTextImporter:
    kind = "extraction"
    extensions = (".txt",)

    def sniff(self, path: str, columns: list[str] | None) -> float:
        with open(path, "rb") as f:
            text = _decode(f.read(4096))
        if text is None:
            return 0.0
        lines = text.splitlines()
        if _report_type(lines[:5]):
            return 0.96
        return 0.9 if any(re.match(r"^\S[^\t:]*#\t?\s*\d+\s*$", ln) for ln in lines[:40]) else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        if p.stat().st_size > MAX_XRY_BYTES:
            raise ImportFailed(
                f"{ctx.file_name}: larger than {MAX_XRY_BYTES:,} bytes; not an XRY text export"
            )
        text = _decode(p.read_bytes())
        if text is None:
            raise ImportFailed(f"{ctx.file_name}: not an XRY text export (no UTF-16 byte-order mark)")
        lines = text.splitlines()
        kind = _report_type(lines[:5])
        entries = list(_entries(lines, 5 if kind else 0))
        if not entries:
            raise ImportFailed(
                f"{ctx.file_name}: an XRY export of {kind or 'unknown kind'} without any record"
            )
        if not kind:
            title = entries[0][1].casefold()
            kind = next((t for t in _KNOWN_TYPES if title.startswith(t[:4])), "")
        reader = _XryReader(ctx, kind, _month_first(entries))
        for row, title, pairs in ticking(entries, len(entries), progress, cancel, "reading XRY records"):
            reader.records.rows_read += 1
            reader.entry(row, title, pairs)
        header = [ln.strip() for ln in lines[:5] if ln.strip()]
        return reader.finish(ctx.file_name, header)


def _entries(lines: list[str], start: int):
    """(line number, title, [(namespace, key, value)]) for each blank-line separated record."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(lines[start:], start + 1):
        if line.strip():
            block.append((number, line.rstrip()))
            continue
        if block:
            yield _record(block)
            block = []
    if block:
        yield _record(block)


def _record(block: list[tuple[int, str]]) -> tuple[int, str, list[tuple[str, str, str]]]:
    row, title = block[0]
    pairs: list[tuple[str, str, str]] = []
    namespace = ""
    for _n, line in block[1:]:
        stripped = line.strip()
        if stripped.casefold() in _NAMESPACES:
            namespace = stripped.casefold()
            continue
        key, sep, value = line.partition(":")
        if sep and key.strip().casefold() in _KEYS:
            pairs.append((namespace, key.strip().casefold(), value.strip()))
        elif pairs:  # a value that runs over several lines (a message's text)
            ns, k, v = pairs[-1]
            pairs[-1] = (ns, k, f"{v}\n{stripped}")
    return row, title.strip(), pairs


def _month_first(entries) -> bool:
    """XRY writes the month first; a file whose dates put a day above 12 first says otherwise."""
    firsts, seconds_ = [], []
    for _row, _title, pairs in entries:
        for _ns, key, value in pairs:
            m = re.match(r"^\s*(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}", value) if key == "time" else None
            if m:
                firsts.append(int(m.group(1)))
                seconds_.append(int(m.group(2)))
    return not (any(f > 12 for f in firsts) and not any(s > 12 for s in seconds_))


def xry_time(value: str, month_first: bool = True) -> str | None:
    """``1/2/2019 1:23:45 PM (Device)`` as ISO text.

    >>> xry_time("1/2/2019 1:23:45 PM (Device)"), xry_time("13/02/2019 13:23:45 (Network)", False)
    ('2019-01-02T13:23:45', '2019-02-13T13:23:45')
    """
    text = _PAREN.sub("", value).strip()
    order = "%m/%d/%Y" if month_first else "%d/%m/%Y"
    for fmt in (f"{order} %I:%M:%S %p", f"{order} %H:%M:%S", f"{order} %I:%M %p", f"{order} %H:%M"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            continue
    return timestamp(text)


class _XryReader:
    def __init__(self, ctx: ParseContext, kind: str, month_first: bool) -> None:
        self.material = PhoneMaterial(ctx, XryTextImporter.kind)
        self.records = self.material.records
        self.kind, self.month_first = kind, month_first
        self.device: dict[str, str] = {}
        self.read: Counter[str] = Counter()
        self._pending: dict | None = None

    def entry(self, row: int, title: str, pairs: list[tuple[str, str, str]]) -> None:
        category = self.kind.split("/")[0]
        if category == "calls":
            self._call(row, pairs)
        elif category == "messages":
            self._message(row, pairs)
        elif category == "contacts":
            self._contact(row, pairs)
        elif category == "device":
            self._device(pairs)
        else:
            self.read["skipped"] += 1

    @staticmethod
    def _get(pairs, key: str, namespace: str | None = None) -> str:
        return next((v for ns, k, v in pairs if k == key and (namespace is None or ns == namespace)), "")

    def _raw(self, pairs) -> str:
        return " | ".join(f"{ns + ' ' if ns else ''}{k}: {v}" for ns, k, v in pairs)[:2000]

    def _call(self, row: int, pairs) -> None:
        call_type = self._get(pairs, "call type").casefold()
        number = next((v for ns, k, v in pairs if k in ("tel", "number") and v), "")
        namespace = next((ns for ns, k, v in pairs if k in ("tel", "number") and v), "")
        ts = xry_time(self._get(pairs, "time"), self.month_first)
        other = self.material.phone(number, row) if looks_like_number(number) else None
        if other is None:
            self.records.bad_row(
                row, "call without the other party's number (private or withheld)", self._raw(pairs)
            )
            return
        if ts is None:
            self.records.bad_row(row, f"unreadable date {self._get(pairs, 'time')!r}", self._raw(pairs))
            return
        if "missed" in call_type or "rejected" in call_type:
            direction = "missed"
        elif "dialed" in call_type or "outgoing" in call_type or (not call_type and namespace == "to"):
            direction = "out"
        else:
            direction = "in"
        self.material.saved_name(other, self._get(pairs, "name (matched)") or self._get(pairs, "name"), row)
        self.material.exchange(
            "called",
            OWNER,
            other,
            direction,
            row=row,
            ts=ts,
            app="phone",
            deleted=self._deleted(pairs),
            duration=seconds(self._get(pairs, "duration")),
            extra={"storage": self._get(pairs, "storage") or None},
        )
        self.read["calls"] += 1

    def _message(self, row: int, pairs) -> None:
        reference = self._get(pairs, "reference number")
        text = self._get(pairs, "text")
        pending = self._pending
        if reference and pending and pending["reference"] == reference and pending["link"] is not None:
            pending["link"].attrs["body"] = (pending["link"].attrs.get("body", "") + " " + text).strip()[
                :4000
            ]
            return
        app = app_id(self._get(pairs, "application") or self.kind.partition("/")[2], "sms")
        ident = next((v for ns, k, v in pairs if k in ("tel", "user id", "id") and v), "")
        namespace = next((ns for ns, k, v in pairs if k in ("tel", "user id", "id") and v), "")
        name = next((v for ns, k, v in pairs if k == "name" and v), "")
        other = self.material.party(ident, app, name, row) if ident else None
        ts = xry_time(self._get(pairs, "time"), self.month_first)
        self._pending = {"reference": reference, "link": None}
        if other is None:
            self.records.bad_row(row, "message without the other party's number", self._raw(pairs))
            return
        if ts is None:
            self.records.bad_row(row, f"unreadable date {self._get(pairs, 'time')!r}", self._raw(pairs))
            return
        flags = " ".join(self._get(pairs, k) for k in ("direction", "folder", "status", "type")).casefold()
        if any(w in flags for w in ("outgoing", "sent", "outbox", "submit", "draft")):
            outgoing = True
        elif any(w in flags for w in ("incoming", "inbox", "deliver", "received", "read", "unread")):
            outgoing = False
        else:
            outgoing = namespace in ("to", "recipient")
        self.material.exchange(
            "messaged",
            owner_end(app),
            other,
            "out" if outgoing else "in",
            row=row,
            ts=ts,
            app=app,
            deleted=self._deleted(pairs),
            body=text,
            extra={"folder": self._get(pairs, "folder") or None},
        )
        self._pending["link"] = self.records.links[-1]
        self.read["messages"] += 1

    def _contact(self, row: int, pairs) -> None:
        name = self._get(pairs, "name")
        numbers = [v for _ns, k, v in pairs if k in ("tel", "mobile", "home", "work", "number") and v]
        keys = [k for k in (self.material.phone(n, row) for n in numbers if looks_like_number(n)) if k]
        if not keys:
            self.records.bad_row(row, f"contact {name!r} has no readable number", self._raw(pairs))
            return
        extra = {"deleted": True} if self._deleted(pairs) else {}
        self.material.contact(name, keys, row, f"person:xry:{row}", extra)
        self.read["contacts"] += 1

    def _device(self, pairs) -> None:
        # an Attribute and its Data, in either order (both orders occur in exports)
        found = {k: v for _ns, k, v in pairs if k in ("attribute", "data")}
        if found.get("attribute") and "data" in found:
            self.device[found["attribute"]] = found["data"]

    @staticmethod
    def _deleted(pairs) -> bool:
        return any(k in ("deleted", "storage") and "deleted" in v.casefold() for _ns, k, v in pairs) or any(
            k == "deleted" and v.casefold() in ("yes", "true") for _ns, k, v in pairs
        )

    def finish(self, file_name: str, header: list[str]) -> Records:
        device = {k.casefold(): v for k, v in self.device.items()}
        for key in ("msisdn", "phone number", "own number", "subscriber number"):
            if device.get(key):
                self.material.set_owner(device[key], "XRY device information")
                break
        imei = device.get("mobile id (imei)") or device.get("imei/meid") or device.get("imei")
        digits = "".join(ch for ch in imei or "" if ch.isdigit())
        if len(digits) >= 14:
            self.records.entities.append(
                EntityRecord(
                    f"imei:{digits[:14]}",
                    "handset",
                    f"IMEI {digits}",
                    {},
                    [("imei", digits[:14], imei or "")],
                )
            )
            self.records.links.append(LinkRecord("carried", f"imei:{digits[:14]}", OWNER))
        provenance = {
            "tool": TOOL,
            "export_header": header,
            "category": self.kind,
            "device": device.get("device name") or device.get("model"),
            "imei": imei,
            "imsi": device.get("subscriber id (imsi)"),
        }
        records = self.material.finish(file_name, provenance)
        records.notes.append(
            f"XRY {self.kind or 'export'}: "
            + (", ".join(f"{n} {k}" for k, n in self.read.items()) or "nothing read")
        )
        return records
