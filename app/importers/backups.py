"""Android backup apps by SyncTech: SMS Backup & Restore (``<smses>`` holding ``<sms>`` and
``<mms>`` with its ``<parts>`` and ``<addrs>``) and Call Logs Backup & Restore (``<calls>``
holding ``<call>``).  Every value is an attribute, copied by the app from Android's own
databases: dates are milliseconds since 1970 (UTC), ``type`` is Android's message box or call
type, an MMS ``addr`` of type 137 is its sender and 151/130/129 its recipients.

The phone the backup was made on is not named in the file: give ``--owner``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.forensic import (
    OWNER,
    PhoneMaterial,
    looks_like_number,
    safe_xml_events,
    seconds,
    timestamp,
)
from app.progress import check, report

TOOL_SMS = "SMS Backup & Restore (SyncTech)"
TOOL_CALLS = "Call Logs Backup & Restore (SyncTech)"
#: Android Telephony.TextBasedSmsColumns.TYPE: 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
_SMS_SENT = {"2", "3", "4", "5", "6"}
#: Android CallLog.Calls.TYPE: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked.
_CALL_DIRECTION = {"1": "in", "2": "out", "3": "missed", "4": "in", "5": "missed", "6": "missed"}
#: PduHeaders: 137 FROM, 151 TO, 130 CC, 129 BCC.
_MMS_FROM = "137"


def _null(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value == "null" else value


def _root_of(path: str) -> str:
    """The first element's name of an XML file ('' when it is not XML)."""
    with open(path, "rb") as f:
        head = f.read(4096).decode("utf-8", errors="ignore")
    at = 0
    while True:
        at = head.find("<", at)
        if at < 0 or at + 1 >= len(head):
            return ""
        if head[at + 1] not in "?!":
            return head[at + 1 :].split(None, 1)[0].rstrip(">/")
        at += 1


class _BackupImporter:
    root = ""
    tool = ""
    extensions = (".xml",)

    def sniff(self, path: str, columns: list[str] | None) -> float:
        return 0.96 if _root_of(path) == self.root else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        material = PhoneMaterial(ctx, self.kind)  # type: ignore[attr-defined]
        size = max(1, Path(path).stat().st_size)
        header: dict[str, str] = {}
        depth, row = 0, 0
        try:
            with open(path, "rb") as f:
                for event, el in safe_xml_events(f, ctx.file_name):
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            if el.tag != self.root:
                                raise ImportFailed(
                                    f"{ctx.file_name}: an XML file, but not a {self.tool} backup"
                                )
                            header = dict(el.attrib)
                        continue
                    depth -= 1
                    if depth == 1:
                        row += 1
                        material.records.rows_read += 1
                        self._item(material, el, row)
                        el.clear()
                        if row % 5000 == 0:
                            check(cancel)
                            report(progress, min(0.95, f.tell() / size), f"read {row:,} items")
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else "?"
            raise ImportFailed(
                f"{ctx.file_name}: the XML is cut off or damaged at line {line} ({exc}); nothing was imported"
            ) from None
        provenance = {
            "tool": self.tool,
            "backup_date": timestamp(header.get("backup_date")),
            "backup_set": header.get("backup_set"),
            "backup_type": header.get("type"),
            "count_in_header": header.get("count"),
        }
        records = material.finish(ctx.file_name, provenance)
        declared = header.get("count", "")
        if declared.isdigit() and int(declared) != row:
            records.notes.append(f"the backup says it holds {declared} items; {row} were found")
        return records

    def _item(self, material: PhoneMaterial, el: Element, row: int) -> None:
        raise NotImplementedError


class SmsBackupImporter(_BackupImporter):
    """SMS Backup & Restore XML: text messages and MMS."""

    kind = "messages"
    root = "smses"
    tool = TOOL_SMS

    def _item(self, material: PhoneMaterial, el: Element, row: int) -> None:
        ts = timestamp(el.get("date"))
        if ts is None:
            material.records.bad_row(row, f"unreadable date {el.get('date')!r}", _raw(el))
            return
        if el.tag == "sms":
            self._sms(material, el, row, ts)
        elif el.tag == "mms":
            self._mms(material, el, row, ts)

    @staticmethod
    def _sms(material: PhoneMaterial, el: Element, row: int, ts: str) -> None:
        name = _null(el.get("contact_name"))
        name = "" if name == "(Unknown)" else name
        other = material.party(_null(el.get("address")), "sms", "", row)
        if other is not None and other.startswith("phone:"):
            material.saved_name(other, name, row)
        if other is None:
            material.records.bad_row(row, "SMS without the other party's number", _raw(el))
            return
        outgoing = el.get("type", "1") in _SMS_SENT
        material.exchange(
            "messaged",
            OWNER,
            other,
            "out" if outgoing else "in",
            row=row,
            ts=ts,
            app="sms",
            body=_null(el.get("body")),
            extra={"box": el.get("type"), "read": el.get("read")},
        )

    @staticmethod
    def _mms(material: PhoneMaterial, el: Element, row: int, ts: str) -> None:
        text = " ".join(
            _null(p.get("text")) for p in el.iter("part") if (p.get("ct") or "").startswith("text/plain")
        ).strip()
        files = [
            _null(p.get("cl") or p.get("fn"))
            for p in el.iter("part")
            if not (p.get("ct") or "").startswith(("text/plain", "application/smil"))
        ]
        outgoing = el.get("msg_box", "1") in _SMS_SENT
        addrs = [(a.get("type", ""), _null(a.get("address"))) for a in el.iter("addr")]
        if not addrs:
            addrs = [("", a) for a in _null(el.get("address")).split("~")]
        senders = [a for t, a in addrs if t == _MMS_FROM and a and a != "insert-address-token"]
        receivers = [a for t, a in addrs if t != _MMS_FROM and a]
        others = receivers if outgoing else senders or receivers
        keys = [k for k in (material.party(a, "mms", "", row) for a in others[:20]) if k]
        if not keys:
            material.records.bad_row(row, "MMS without the other party's number", _raw(el))
            return
        extra = {"attachments": [f for f in files if f][:10] or None, "mms": True}
        for key in keys if outgoing else keys[:1]:
            material.exchange(
                "messaged",
                OWNER,
                key,
                "out" if outgoing else "in",
                row=row,
                ts=ts,
                app="mms",
                body=text or _null(el.get("sub")),
                extra=extra,
            )


class CallBackupImporter(_BackupImporter):
    """Call Logs Backup & Restore XML."""

    kind = "calls"
    root = "calls"
    tool = TOOL_CALLS

    def _item(self, material: PhoneMaterial, el: Element, row: int) -> None:
        if el.tag != "call":
            return
        ts = timestamp(el.get("date"))
        if ts is None:
            material.records.bad_row(row, f"unreadable date {el.get('date')!r}", _raw(el))
            return
        name, number = _null(el.get("contact_name")), _null(el.get("number"))
        other = material.phone(number, row) if looks_like_number(number) else None
        if other is not None:
            material.saved_name(other, "" if name == "(Unknown)" else name, row)
        if other is None:
            material.records.bad_row(
                row, "call without the other party's number (private or withheld)", _raw(el)
            )
            return
        direction = _CALL_DIRECTION.get(el.get("type", ""), "in")
        material.exchange(
            "called",
            OWNER,
            other,
            direction,
            row=row,
            ts=ts,
            app="phone",
            duration=seconds(el.get("duration")),
            extra={"call_type": el.get("type")},
        )


def _raw(el: Element) -> str:
    return " ".join(f'{k}="{v}"' for k, v in el.attrib.items() if k not in ("data",))[:2000]
