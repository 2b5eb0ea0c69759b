"""What forensic-tool reports and backup apps have in common: parties named by a phone number
or an app's own identifier, the device owner at one end of most items, and dates written in
the tool's own way.

:class:`PhoneMaterial` turns them into :class:`~app.importers.base.Records` following the
conventions of :mod:`app.importers.base`: phones, messaging accounts (``account:<app>:<id>``,
used by the phone whose number the id carries), group chats, calls and messages as events
with ``app``, ``direction``, ``deleted`` and ``body``.  The owner's end of an item may be
unknown until the end of the file (a report names its own accounts after its calls), so items
name it with the placeholder :data:`OWNER` and :meth:`PhoneMaterial.finish` puts the owner in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import IO, Protocol, cast
from xml.etree.ElementTree import Element, XMLPullParser

from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook, saved_contact
from app.importers.dates import parse_date

#: Placeholder for the device owner's end of a call or message (``OWNER`` alone is the
#: owner's phone, ``OWNER + "whatsapp"`` the owner's account in that app).
OWNER = "\x00owner:"

#: App names as forensic tools write them -> the app ids of :mod:`app.importers.base`.
APPS = {
    "whatsapp": "whatsapp",
    "whatsappbusiness": "whatsapp",
    "whatsappmessenger": "whatsapp",
    "telegram": "telegram",
    "telegrammessenger": "telegram",
    "signal": "signal",
    "viber": "viber",
    "facebookmessenger": "messenger",
    "messenger": "messenger",
    "facebook": "messenger",
    "instagram": "instagram",
    "imessage": "imessage",
    "skype": "skype",
    "wechat": "wechat",
    "line": "line",
    "snapchat": "snapchat",
    "imo": "imo",
    "threema": "threema",
    "wire": "wire",
    "botim": "botim",
    "tiktok": "tiktok",
}
#: Sources that are the phone network itself (calls, SMS, MMS).
NATIVE = {
    "",
    "phone",
    "native",
    "nativemessages",
    "nativephonebook",
    "sms",
    "mms",
    "calllog",
    "messages",
    "contacts",
    "phonebook",
    "sim",
    "simcard",
    "cellular",
    "telephony",
    "android",
    "ios",
    "defaultsmsapp",
    "googlemessages",
    "samsungmessages",
}
#: Apps whose identifiers are phone numbers (a WhatsApp JID carries the number before ``@``).
NUMBERED_APPS = {"whatsapp", "viber", "signal", "imessage", "botim", "imo", "line"}

_NUMBER = re.compile(r"^\+?[\d\s().\-]{6,}$")
_JID = re.compile(r"^(\d{6,})(?:[.:]\d+)?@(?:s\.whatsapp\.net|c\.us|whatsapp\.net)$")
_GROUP_JID = re.compile(r"@(?:g\.us|broadcast)$|^\d+-\d+@")
_UTC_SUFFIX = re.compile(r"\s*\(?\s*(?:UTC|GMT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\s*\)?\s*$", re.I)


class Readable(Protocol):
    """What the XML reader needs of a stream: ``read(size)`` giving bytes."""

    def read(self, size: int = -1, /) -> bytes: ...


#: How much of an XML file may come before its first element (declaration, comments, PIs).
MAX_PROLOG = 64 * 1024


def read_prolog(stream: Readable, name: str) -> bytes:
    """The first bytes of an XML stream, checked: an element starts there, and no document
    type declaration (entities) comes before it."""
    head = stream.read(MAX_PROLOG)
    text = (
        head.decode("utf-16", errors="ignore")
        if head.startswith((b"\xff\xfe", b"\xfe\xff"))
        else (head.decode("utf-8", errors="ignore"))
    )
    root = re.search(r"<[A-Za-z_]", text)
    if root is None:
        raise ImportFailed(f"{name}: not an XML document (no element in its first {MAX_PROLOG:,} bytes)")
    if "<!DOCTYPE" in text[: root.start()]:
        raise ImportFailed(f"{name}: refused: {DOCTYPE_REFUSED}")
    return head


#: why a document type declaration is refused
DOCTYPE_REFUSED = "the XML declares a document type (entities), which no export has"


def safe_xml_events(stream: Readable, name: str, *, block: int = 1 << 20) -> Iterator[tuple[str, Element]]:
    """``("start"|"end", element)`` events of an XML stream, read block by block.

    Safe without the slow pure-Python parser of ``defusedxml``: a document type declaration
    (the only place entities can be declared, so the only door to entity bombs and external
    entities) is refused before parsing starts; forensic reports and backups never have one.
    The C parser of the standard library then does the work.  A damaged or cut-off document
    raises :class:`xml.etree.ElementTree.ParseError` where it breaks.
    """
    head = read_prolog(stream, name)
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    # asked for "start" and "end" only, the parser yields (event, element) pairs; the stub's
    # read_events cannot tie its result to the events asked for
    for chunk in _chunks(head, stream, block):
        parser.feed(chunk)
        yield from cast(Iterator[tuple[str, Element]], parser.read_events())
    parser.close()
    yield from cast(Iterator[tuple[str, Element]], parser.read_events())


def _chunks(head: bytes, stream: Readable, block: int) -> Iterator[bytes]:
    yield head
    while chunk := stream.read(block):
        yield chunk


class CountingStream:
    """A byte stream that counts what has been read (for honest progress)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.done = stream, 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.done += len(data)
        return data


def app_id(source: object, default: str = "") -> str:
    """The app an item comes from, as a short id (``WhatsApp Business`` -> ``whatsapp``).

    >>> app_id("WhatsApp Business"), app_id("Native Messages", "sms"), app_id("Kik Messenger")
    ('whatsapp', 'sms', 'kikmessenger')
    """
    norm = re.sub(r"[^a-z0-9]", "", str(source or "").casefold())
    if norm in APPS:
        return APPS[norm]
    if norm in NATIVE:
        return default
    return norm or default


def timestamp(value: object) -> str | None:
    """A tool's date as naive UTC ISO text: ISO 8601 with or without offset (converted to
    UTC), ``DD/MM/YYYY HH:MM:SS(UTC+3)``, ``03-Nov-24 07:46:47 PM +00:00``, epoch seconds or
    milliseconds; None when unreadable.

    >>> timestamp("2024-11-03T19:46:47.000+02:00"), timestamp("14/09/2016 16:49:42(UTC-3)")
    ('2024-11-03T17:46:47', '2016-09-14T19:49:42')
    >>> timestamp("1479234000000"), timestamp("03-Nov-24 07:46:47 PM +00:00"), timestamp("x")
    ('2016-11-15T18:20:00', '2024-11-03T19:46:47', None)
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if text.isdigit() and len(text) in (10, 13):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    stamp: datetime | None
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        stamp = _other_formats(text)
        if stamp is None:
            return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S")


def _other_formats(text: str) -> datetime | None:
    offset = timedelta(0)
    m = _UTC_SUFFIX.search(text)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        offset = sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))
        text = text[: m.start()].strip()
    else:
        m = re.search(r"\s+([+-])(\d{2}):?(\d{2})$", text)
        if m:
            sign = 1 if m.group(1) == "+" else -1
            offset = sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
            text = text[: m.start()].strip()
    for fmt in (
        "%d-%b-%y %I:%M:%S %p",
        "%d-%b-%y %H:%M:%S",
        "%d-%b-%Y %I:%M:%S %p",
        "%d-%b-%Y %H:%M:%S",
        "%m/%d/%Y %I:%M:%S %p",
        "%d.%m.%Y %H:%M:%S",
        "%Y-%m-%d %H:%M:%S.%f",
    ):
        try:
            return datetime.strptime(text, fmt) - offset
        except ValueError:
            continue
    iso = parse_date(text, dayfirst=True)
    return datetime.fromisoformat(iso) - offset if iso else None


def seconds(value: object) -> float | None:
    """A duration as seconds from ``83``, ``00:01:23`` or ``1:23``.

    >>> seconds("00:01:23"), seconds("83"), seconds(""), seconds("12:00:05.5")
    (83.0, 83.0, None, 43205.5)
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        if ":" in text:
            total = 0.0
            for part in text.split(":"):
                total = total * 60 + float(part)
            return total
        return float(text)
    except ValueError:
        return None


def looks_like_number(text: str) -> bool:
    """True for text written like a phone number (not ``-1``, ``MTN`` or ``Private``)."""
    return bool(_NUMBER.match(text.strip()))


def whatsapp_number(jid: str) -> str | None:
    """The phone number a WhatsApp JID carries (``+21891…`` from ``21891…@s.whatsapp.net``)."""
    m = _JID.match(jid.strip())
    return f"+{m.group(1)}" if m else None


def is_group_id(identifier: str) -> bool:
    return bool(_GROUP_JID.search(identifier.strip()))


#: apps whose items are the phone's own (calls, SMS, MMS): their owner end is the phone itself
NATIVE_APPS = ("", "phone", "sms", "mms")


def owner_end(app: str) -> str:
    """The placeholder for the owner's end of an item of ``app``: the phone for calls and SMS,
    the owner's account in a messaging app (:meth:`PhoneMaterial.finish` puts the owner in).

    >>> owner_end("sms") == OWNER, owner_end("whatsapp") == OWNER + "whatsapp"
    (True, True)
    """
    return OWNER + ("" if app in NATIVE_APPS else app)


class PhoneMaterial:
    """Builds one file's records: parties, the owner's end, calls, messages, contacts."""

    def __init__(self, ctx: ParseContext, kind: str) -> None:
        self.ctx = ctx
        self.records = Records(kind)
        self.book = PhoneBook(ctx, self.records)
        self._declared: set = set()
        self._phones: dict[str, str | None] = {}
        #: the owner's phone number (raw) and how it was found
        self.owner_raw = ctx.options.owner or ""
        self.owner_from = "--owner" if self.owner_raw else ""
        #: the owner's account key in each app (found in the material)
        self.owner_accounts: dict[str, str] = {}
        self.owner_name = ""

    # ------------------------------------------------------------------ parties
    def phone(self, raw: object, row: int | None = None) -> str | None:
        text = "" if raw is None else str(raw)
        if text not in self._phones:  # the same number is written the same way many times
            self._phones[text] = self.book.key(raw, row)
        return self._phones[text]

    def account(self, app: str, ident: str, name: str = "", row: int | None = None) -> str:
        """An ``account:<app>:<id>`` key, declared once, used by the phone its id carries."""
        ident = ident.strip()
        key = f"account:{app}:{ident}"
        if key not in self._declared:
            self._declared.add(key)
            ids = [("account", f"{app}:{ident}", ident)]
            if name:
                ids.append(("alias", name, name))
            self.records.entities.append(EntityRecord(key, "account", name or ident, {"app": app}, ids, row))
            number = whatsapp_number(ident) if app == "whatsapp" else None
            if number is None and app in NUMBERED_APPS and _NUMBER.match(ident):
                number = ident
            phone = self.phone(number, row) if number else None
            if phone:
                self.records.links.append(LinkRecord("uses", phone, key, row=row))
        elif name:
            self.records.entities.append(EntityRecord(key, "account", name, {}, [("alias", name, name)], row))
        return key

    def group(self, app: str, ident: str, name: str = "", row: int | None = None) -> str:
        key = f"group:{app}:{ident.strip()}"
        if key not in self._declared:
            self._declared.add(key)
            label = name or ident
            ids = [("alias", name, name)] if name else []
            self.records.entities.append(
                EntityRecord(key, "group", label, {"app": app, "chat_id": ident}, ids, row)
            )
        return key

    def party(self, ident: object, app: str, name: str = "", row: int | None = None) -> str | None:
        """The key of whoever an identifier names: a phone for calls and SMS, else an account
        of ``app`` (a sender name like ``MTN`` that is not a number is an ``sms`` account)."""
        text = "" if ident is None else str(ident).strip()
        if not text:
            return None
        if app in ("", "sms", "mms", "phone"):
            key = self.phone(text, row) if _NUMBER.match(text) else None
            if key is None:
                key = self.account(app or "sms", text, name, row)
            elif name:
                self.records.entities.append(
                    EntityRecord(key, "phone", key[6:], {}, [("alias", name, name)], row)
                )
            return key
        if is_group_id(text):
            return self.group(app, text, name, row)
        return self.account(app, text, name, row)

    def owner_account(self, app: str, ident: str, name: str = "", row: int | None = None) -> str:
        """The device owner's own account in ``app`` (a party marked as the phone's owner, a
        user account of the device); a WhatsApp id gives the owner's number when none is known."""
        key = self.party(ident, app, name, row) or ""
        if key.startswith("account:"):
            self.owner_accounts.setdefault(app, key)
        elif key.startswith("phone:") and not self.owner_raw:
            self.owner_raw, self.owner_from = key[6:], "the party the tool marks as the phone's owner"
        number = whatsapp_number(ident) if app == "whatsapp" else None
        if number and not self.owner_raw:
            self.owner_raw, self.owner_from = number, "the device's WhatsApp account"
        if name and not self.owner_name:
            self.owner_name = name
        return key

    def set_owner(self, raw: str, how: str) -> None:
        """The owner's number as the material states it (the SIM's MSISDN, the device's own
        account): it wins over a number inferred from a party, and --owner wins over both."""
        if raw and raw.strip() and self.owner_from != "--owner":
            self.owner_raw, self.owner_from = raw.strip(), how

    # ------------------------------------------------------------------- items
    def event(
        self,
        type_: str,
        src: str,
        dst: str,
        *,
        row: int | None,
        ts: str | None,
        app: str,
        direction: str,
        deleted: bool = False,
        body: str = "",
        duration: float | None = None,
        extra: dict | None = None,
    ) -> None:
        attrs = {"app": app or "phone", "direction": direction, "deleted": bool(deleted)}
        if body:
            attrs["body"] = body[:4000]
        attrs.update({k: v for k, v in (extra or {}).items() if v not in (None, "")})
        self.records.links.append(
            LinkRecord(type_, src, dst, row=row, ts=ts, duration=duration, attrs=attrs, event=True)
        )

    def exchange(self, type_: str, owner: str, other: str, direction: str, **kw) -> None:
        """A call or message between the owner's end and ``other``: made by the owner when
        ``direction`` is ``"out"``, else by ``other`` (received, or a missed call)."""
        src, dst = (owner, other) if direction == "out" else (other, owner)
        self.event(type_, src, dst, direction=direction, **kw)

    def contact(self, name: str, keys: list[str], row: int | None, person_key: str, extra: dict) -> None:
        saved_contact(self.records, OWNER, keys, name, row, person_key=person_key, extra=extra)

    def saved_name(self, key: str, name: str, row: int | None) -> None:
        """A name the phone shows for a number (a call log's or SMS's contact name), once."""
        if name and (key, name) not in self._declared:
            self._declared.add((key, name))
            self.contact(name, [key], row, f"person:named:{key}:{name}", {})

    # ------------------------------------------------------------------ finish
    def finish(self, file_name: str, provenance: dict) -> Records:
        """Put the owner in place of the placeholders; without an owner, items that need one
        fail the file with the request for ``--owner``."""
        owner = self._owner_key(file_name)
        if owner:
            for key in self.owner_accounts.values():
                self.records.links.append(LinkRecord("uses", owner, key))
        records = self.records
        needs_owner = self._place_owner(records, owner)
        if needs_owner:
            raise ImportFailed(
                f"{file_name}: {needs_owner} calls or messages have the device owner at one end, and the "
                "material does not say who the owner is; give the owner's number with --owner"
            )
        self._provenance(records, provenance, owner)
        return records

    def take(self, file_name: str, provenance: dict) -> Records:
        """The records so far, with the owner (already known) in place, and a fresh batch for
        what follows: a large report is written while it is read, never wholly in memory."""
        owner = self._owner_key(file_name)
        records = self.records
        self._place_owner(records, owner)
        self._provenance(records, provenance, owner)
        self.records = Records(records.kind)
        self.book.records = self.records
        return records

    def _owner_key(self, file_name: str) -> str | None:
        owner = self.phone(self.owner_raw) if self.owner_raw else None
        if self.owner_raw and owner is None:
            raise ImportFailed(f"{file_name}: the owner number {self.owner_raw!r} is not a phone number")
        return owner

    def _place_owner(self, records: Records, owner: str | None) -> int:
        """Resolve the placeholders of ``records``' links; the number of events left without
        their owner end."""
        kept: list[LinkRecord] = []
        needs_owner = 0
        for link in records.links:
            src, dst = (self._resolve(k, owner) for k in (link.src, link.dst))
            if src is None or dst is None:
                if link.event:
                    needs_owner += 1
                continue  # an in_contacts link without a known owner: the contact stays
            if src == dst:
                if link.event:
                    records.bad_row(link.row, "both ends are the same party", str(link.attrs)[:500])
                continue
            link.src, link.dst = src, dst
            kept.append(link)
        records.links = kept
        return needs_owner

    def _provenance(self, records: Records, provenance: dict, owner: str | None) -> None:
        if owner:
            provenance = {**provenance, "owner_phone": owner[6:], "owner_from": self.owner_from}
            if self.owner_name:
                provenance.setdefault("owner_name", self.owner_name)
        records.provenance = {k: v for k, v in provenance.items() if v not in (None, "", [], {})}

    def _resolve(self, key: str, owner: str | None) -> str | None:
        if not key.startswith(OWNER):
            return key
        app = key[len(OWNER) :]
        return self.owner_accounts.get(app) or owner
