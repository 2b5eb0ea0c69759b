"""Cellebrite UFED: the ``report.xml`` that Physical Analyzer and Reader write (alone, as a
fragment, or inside a ``.ufdr`` package, which is a zip holding it and the files).

The report is a ``<project>`` (namespace ``http://pa.cellebrite.com/report/2.0``) holding the
extractions (``sourceExtractions``), metadata sections (``Additional Fields`` with the
Physical Analyzer version, ``Extraction Data``, ``Device Info`` with IMEI, MSISDN, owner name),
and ``decodedData``: one ``<modelType type="…">`` per category, each a list of
``<model type="…" deleted_state="Intact|Deleted|…" source_index="…" extractionId="…">``.  A
model holds ``field`` (one ``value``), ``multiField``, ``modelField`` (one sub-model, such as
a message's ``From`` party) and ``multiModelField`` (sub-models: a chat's ``Participants``
and ``Messages``, a contact's ``Entries``).

The XML is read as a stream by expat's callbacks, building each model directly (no element
tree; a document type declaration, the door to entity tricks, is refused), and each
top-level model is handled and forgotten once closed, so a report of several gigabytes never
sits in memory.  Deleted items
are kept, marked ``deleted``; ``source_index`` is the row, ``extractionId`` is kept with it.
"""

from __future__ import annotations

import math
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from xml.parsers.expat import ErrorString, ExpatError, ParserCreate

from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.forensic import (
    DOCTYPE_REFUSED,
    OWNER,
    CountingStream,
    PhoneMaterial,
    app_id,
    owner_end,
    read_prolog,
    seconds,
    timestamp,
)
from app.progress import check, report

TOOL = "Cellebrite UFED Physical Analyzer"
_REPORT_NAMES = ("report.xml", "ufedreport.xml")
_MARKERS = (b"pa.cellebrite.com", b"sourceExtractions", b"decoding_confidence", b"deleted_state=")


def _head(path: str, size: int = 65536) -> bytes:
    with open(path, "rb") as f:
        return f.read(size)


def _looks_like_report(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return (
        b"<project" in head
        and any(m in head for m in _MARKERS[:2])
        or ((b"<model" in head or b"<modelType" in head) and any(m in head for m in _MARKERS[2:]))
    )


def report_in_zip(names: list[str]) -> str | None:
    """The report's name inside a UFDR package (at its root, or one folder down)."""
    candidates = [n for n in names if Path(n).name.casefold() in _REPORT_NAMES and n.count("/") <= 1]
    return min(candidates, key=lambda n: (n.count("/"), n)) if candidates else None


class _Model:
    """One ``<model>``: its fields' values and its sub-models, by field name (filled in by
    :class:`_ModelBuilder` as the report is read)."""

    __slots__ = ("type", "attrs", "values", "models")

    def __init__(self, attrs: dict[str, str]) -> None:
        self.type = attrs.get("type", "")
        self.attrs = attrs
        self.values: dict[str, list[str]] = {}
        self.models: dict[str, list[_Model]] = {}

    def get(self, name: str) -> str:
        values = self.values.get(name)
        return values[0] if values else ""

    def sub(self, name: str) -> list[_Model]:
        return self.models.get(name, [])

    @property
    def deleted(self) -> bool:
        return self.attrs.get("deleted_state", "").casefold() == "deleted"

    @property
    def row(self) -> int | None:
        index = self.attrs.get("source_index", "")
        return int(index) if index.isdigit() else None

    def extra(self, extractions: dict[str, str]) -> dict:
        ext = self.attrs.get("extractionId", "")
        return {
            "source_index": self.attrs.get("source_index"),
            "extraction": extractions.get(ext, ext),
            "ufed_id": self.attrs.get("id"),
        }


def _blocks(head: bytes, stream: CountingStream, size: int) -> Iterator[bytes]:
    """The stream in blocks of ``size`` bytes, starting with its already read ``head``."""
    for start in range(0, len(head), size):
        yield head[start : start + size]
    while chunk := stream.read(size):
        yield chunk


_FIELDS = ("field", "multiField")
_MODEL_FIELDS = ("modelField", "multiModelField")


class _ModelBuilder:
    """The report's models straight from expat's callbacks, without an element tree (building
    one cost most of the import's time): a ``model`` becomes a :class:`_Model` holding the
    ``value`` texts of its fields and the models of its model fields; each top-level model
    (a child of ``modelType``, or the document itself in a fragment) is handed to the reader
    when it closes and then forgotten.  Outside the models, ``metadata`` items, the
    extractions and the project's attributes are kept.  A document type declaration (the door
    to entity tricks) is refused wherever it appears."""

    def __init__(self, reader: _ReportReader, name: str) -> None:
        self.reader, self.name = reader, name
        self.tags: list[str] = []
        self.local: dict[str, str] = {}
        self.models: list[_Model] = []
        self.lists: list[list] = []
        self.text: list[str] | None = None
        self.item = ""
        parser = ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        parser.StartDoctypeDeclHandler = self._doctype
        self.parser = parser

    def feed(self, data: bytes) -> None:
        self.parser.Parse(data, False)

    def close(self) -> None:
        self.parser.Parse(b"", True)

    def _doctype(self, *_args) -> None:
        raise ImportFailed(f"{self.name}: refused: {DOCTYPE_REFUSED}")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = self.local.get(name)
        if tag is None:
            tag = self.local[name] = name.rpartition("}")[2]
        parent = self.tags[-1] if self.tags else ""
        self.tags.append(tag)
        if tag == "model":
            model = _Model(attrs)
            if self.models and parent in _MODEL_FIELDS:
                self.lists[-1].append(model)
            self.models.append(model)
        elif self.models:
            if parent == "model" and tag in _FIELDS:
                self.lists.append([])
                self.models[-1].values[attrs.get("name", "")] = self.lists[-1]
            elif parent == "model" and tag in _MODEL_FIELDS:
                self.lists.append([])
                self.models[-1].models[attrs.get("name", "")] = self.lists[-1]
            elif tag == "value" and parent in _FIELDS:
                self.text = []
        elif tag == "item" and parent == "metadata":
            self.text, self.item = [], attrs.get("name", "")
        elif tag == "extractionInfo":
            self.reader.extraction(attrs)
        elif tag == "project" and not parent:
            self.reader.project = dict(attrs)

    def _end(self, name: str) -> None:
        tag = self.tags.pop()
        parent = self.tags[-1] if self.tags else ""
        if tag == "model":
            model = self.models.pop()
            if not self.models and parent in ("modelType", ""):
                self.reader._model(model)
        elif not self.models:
            if tag == "item" and self.text is not None:
                self.reader.metadata.setdefault(self.item, []).append("".join(self.text).strip())
                self.text = None
        elif parent == "model" and tag in _FIELDS + _MODEL_FIELDS:
            self.lists.pop()
        elif tag == "value" and self.text is not None:
            self.lists[-1].append("".join(self.text).strip())
            self.text = None

    def _data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)


class UfedImporter:
    """A UFED ``report.xml`` (or a fragment of one), or a UFDR package holding one."""

    kind = "extraction"
    extensions = (".xml", ".ufdr")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        head = _head(path, 8)
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(path) as z:
                    return 0.97 if report_in_zip(z.namelist()) else 0.0
            except (zipfile.BadZipFile, OSError):
                return 0.5 if path.lower().endswith(".ufdr") else 0.0
        return 0.97 if _looks_like_report(_head(path)) else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        """The first batch of the report now (so a file that cannot be read fails before
        anything is written), the rest as ``Records.chunks`` while the writer works."""
        package = _head(path, 4) == b"PK\x03\x04" or path.lower().endswith(".ufdr")
        if package:
            opener, name, size = _package(path, ctx.file_name)
        else:
            opener, name, size = partial(Path(path).open, "rb"), ctx.file_name, Path(path).stat().st_size
        batches = _ReportReader(ctx, size).batches(
            opener, name, ctx.file_name, progress=progress, cancel=cancel
        )
        first = next(batches)
        if package:
            first.provenance["package"] = "UFDR"
        first.chunks = batches
        return first


def _package(path: str, file_name: str):
    """(opener of the report inside the UFDR, its name for messages, its size)."""
    try:
        with zipfile.ZipFile(path) as z:
            name = report_in_zip(z.namelist())
            if name is None:
                raise ImportFailed(f"{file_name}: a zip without report.xml: not a UFDR package")
            size = z.getinfo(name).file_size
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise ImportFailed(f"{file_name}: not a readable UFDR package (damaged zip: {exc})") from None

    @contextmanager
    def opener():
        with zipfile.ZipFile(path) as z, z.open(name) as stream:
            yield stream

    return opener, f"{file_name} ▸ {name}", size


class _ReportReader:
    """Reads one report stream into records, model by model, in batches."""

    #: calls and messages per batch written while the report is still being read
    BATCH = 50_000
    #: bytes handed to the parser at a time (progress and cancel are checked between them)
    BLOCK = 1 << 20

    def __init__(self, ctx: ParseContext, size: int) -> None:
        self.ctx, self.size = ctx, max(1, size)
        self.material = PhoneMaterial(ctx, UfedImporter.kind)
        self.project: dict[str, str] = {}
        self.metadata: dict[str, list[str]] = {}
        self.extractions: dict[str, str] = {}
        self.skipped: Counter[str] = Counter()
        self.read_models: Counter[str] = Counter()
        self._handset_done = False

    # ---------------------------------------------------------------- streaming
    def batches(self, opener, name: str, file_name: str, *, progress=None, cancel=None) -> Iterator[Records]:
        """Batches of records as the report is read; once the owner is known (the SIM's
        MSISDN comes before the decoded data), a batch is handed over every ``BATCH`` items."""
        try:
            with opener() as raw:
                counted = CountingStream(raw)
                builder = _ModelBuilder(self, name)
                for chunk in _blocks(read_prolog(counted, name), counted, self.BLOCK):
                    builder.feed(chunk)
                    check(cancel)
                    report(progress, min(0.95, counted.done / self.size), f"read {counted.done:,} bytes")
                    if len(self.material.records.links) >= self.BATCH and self._owner_known():
                        batch = self.material.take(name, self._provenance())
                        batch.fraction = min(0.95, counted.done / self.size)
                        yield batch
                builder.close()
        except ExpatError as exc:
            raise ImportFailed(
                f"{name}: the XML is cut off or damaged at line {exc.lineno} "
                f"({ErrorString(exc.code)}); nothing was imported"
            ) from None
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise ImportFailed(f"{file_name}: not a readable UFDR package (damaged zip: {exc})") from None
        if not self.read_models and not self.project:
            raise ImportFailed(f"{name}: an XML file, but no UFED models in it")
        yield self._finish(name)

    def extraction(self, attrs: dict[str, str]) -> None:
        """An ``extractionInfo``: the extraction's name by its id, for the items it holds."""
        ident = attrs.get("id", "")
        self.extractions[ident] = attrs.get("name") or attrs.get("fullName") or ident
        self.metadata.setdefault("_extractions", []).append(
            " / ".join(v for v in (attrs.get("name"), attrs.get("type"), attrs.get("deviceName")) if v)
        )

    def _owner_known(self) -> bool:
        msisdn = self._msisdn()
        if msisdn:
            self.material.set_owner(msisdn[0], "UFED device info (MSISDN)")
        return bool(self.material.owner_raw)

    def _msisdn(self) -> list[str]:
        return [v for k in ("LastUsedMSISDN", "MSISDN") for v in self.metadata.get(k, []) if v]

    # -------------------------------------------------------------- the models
    def _model(self, m: _Model) -> None:
        handler = {
            "Contact": self._contact,
            "Call": self._call,
            "SMS": self._sms,
            "MMS": self._sms,
            "InstantMessage": self._instant,
            "Chat": self._chat,
            "UserAccount": self._user_account,
            "Location": self._location,
            "DeviceInfo": self._device_info,
            "DeviceInfoEntry": self._device_info,
        }.get(m.type)
        self.material.records.rows_read += 1
        if handler is None:
            self.skipped[m.type] += 1
            return
        self.read_models[m.type] += 1
        handler(m)

    def _party(self, p: _Model, app: str) -> tuple[str | None, bool]:
        """(key, is the owner) for a ``Party``."""
        ident, name = p.get("Identifier"), p.get("Name")
        if p.get("IsPhoneOwner").casefold() == "true":
            key = self.material.owner_account(app, ident, name, p.row) if ident else None
            return key or OWNER + app, True
        return self.material.party(ident, app, name, p.row) if ident else None, False

    def _contact(self, m: _Model) -> None:
        app = app_id(m.get("Source"))
        name = m.get("Name")
        keys = []
        for entry in m.sub("Entries"):
            value = entry.get("Value")
            if not value:
                continue
            if entry.type == "PhoneNumber":
                key = self.material.phone(value, m.row)
            elif entry.type == "UserID" and app:
                key = self.material.party(value, app, name, m.row)
            else:
                key = None
            if key:
                keys.append(key)
        if not keys:
            self.material.records.bad_row(
                m.row, f"contact {name!r} has no number or account", str(m.values)[:500]
            )
            return
        extra = {"deleted": True} if m.deleted else {}
        self.material.contact(name, keys, m.row, f"person:ufed:{m.attrs.get('id') or m.row}", extra)

    def _call(self, m: _Model) -> None:
        app = app_id(m.get("Source"), "phone")
        kind = " ".join(m.get(n) for n in ("Direction", "Type", "Status")).casefold()
        remote, owner = None, None
        role = ""
        for p in m.sub("Parties"):
            key, is_owner = self._party(p, "" if app == "phone" else app)
            if is_owner:
                owner = key
            elif key and remote is None:
                remote, role = key, p.get("Role").casefold()
        owner = owner or owner_end(app)
        if remote is None:
            self.material.records.bad_row(
                m.row, "call without the other party's number (private or withheld)", str(m.values)[:500]
            )
            return
        if "missed" in kind or "rejected" in kind:
            direction = "missed"
        elif "outgoing" in kind or (role == "to" and "incoming" not in kind):
            direction = "out"
        else:
            direction = "in"
        self.material.exchange(
            "called",
            owner,
            remote,
            direction,
            row=m.row,
            ts=timestamp(m.get("TimeStamp")),
            app=app,
            deleted=m.deleted,
            duration=seconds(m.get("Duration")),
            extra={**m.extra(self.extractions), "video": m.get("VideoCall").casefold() == "true" or None},
        )

    def _sms(self, m: _Model) -> None:
        app = app_id(m.get("Source"), m.type.lower())
        body = m.get("Body") or m.get("Subject")
        folder = " ".join(m.get(n) for n in ("Folder", "Status", "Direction")).casefold()
        senders: list[str]
        receivers: list[str]
        senders, receivers, owner = [], [], None
        for p in m.sub("Parties"):
            key, is_owner = self._party(p, "" if app in ("sms", "mms") else app)
            if is_owner:
                owner = key
                continue
            if key:
                (senders if p.get("Role").casefold() == "from" else receivers).append(key)
        owner = owner or owner_end(app)
        outgoing = any(w in folder for w in ("sent", "outbox", "outgoing", "draft")) or (
            receivers and not senders
        )
        other = (receivers or senders) if outgoing else (senders or receivers)
        if not other:
            self.material.records.bad_row(
                m.row, f"{m.type} without the other party's number", str(m.values)[:500]
            )
            return
        for key in other[:20]:
            self.material.exchange(
                "messaged",
                owner,
                key,
                "out" if outgoing else "in",
                row=m.row,
                ts=timestamp(m.get("TimeStamp")),
                app=app,
                deleted=m.deleted,
                body=body,
                extra=m.extra(self.extractions),
            )

    def _instant(self, m: _Model, chat: dict | None = None) -> None:
        """A message of a chat (or a top-level ``InstantMessage`` of older reports)."""
        app = app_id(m.get("Source") or (chat or {}).get("source"), "sms")
        sender_models = [p for p in m.sub("From") if not p.get("Identifier").casefold().startswith("system")]
        sender, sender_is_owner = self._party(sender_models[0], app) if sender_models else (None, False)
        status = " ".join(m.get(n) for n in ("Status", "Direction", "Folder")).casefold()
        if sender is None and any(w in status for w in ("sent", "outgoing", "delivered")):
            sender, sender_is_owner = OWNER + app, True
        if sender is None:
            self.skipped["system message"] += 1
            return
        recipients = [k for k, _o in (self._party(p, app) for p in m.sub("To")) if k and k != sender]
        if chat and chat["group"]:
            recipients = [chat["group"]]
        elif chat and not recipients:
            others = [k for k in chat["others"] if k != sender]
            recipients = others[:1] if sender_is_owner else [chat["owner"]]
        elif not recipients:
            recipients = [OWNER + app] if not sender_is_owner else []
        if not recipients:
            self.material.records.bad_row(m.row, "message without a recipient", str(m.values)[:500])
            return
        extra = m.extra(self.extractions)
        if chat:
            extra["chat"] = chat["id"]
        attachments = [
            a.get("Filename") for a in m.sub("Attachments") + m.sub("Attachment") if a.get("Filename")
        ]
        if attachments:
            extra["attachments"] = attachments[:10]
        for dst in recipients[:20]:
            self.material.event(
                "messaged",
                sender,
                dst,
                row=m.row,
                ts=timestamp(m.get("TimeStamp")),
                app=app,
                direction="out" if sender_is_owner else "in",
                deleted=m.deleted or bool(chat and chat["deleted"]),
                body=m.get("Body"),
                extra=extra,
            )

    def _chat(self, m: _Model) -> None:
        app = app_id(m.get("Source"), "sms")
        ident = m.get("Id") or m.attrs.get("id", "")
        parties = [(self._party(p, app), p) for p in m.sub("Participants")]
        owner = next((k for (k, o), _p in parties if o and k), None) or OWNER + app
        others = [k for (k, o), _p in parties if k and not o]
        chat_type = (m.get("ChatType") + " " + m.get("Type")).casefold()
        group = None
        if "group" in chat_type or len(others) > 1 or ident.endswith("@g.us"):
            group = self.material.group(app, ident, m.get("Name"), m.row)
            for (key, _o), p in parties:
                if key and not key.startswith(OWNER):
                    self.material.records.links.append(
                        LinkRecord("member_of", key, group, row=p.row or m.row)
                    )
            self.material.records.links.append(LinkRecord("member_of", owner, group, row=m.row))
        chat = {
            "group": group,
            "others": others,
            "owner": owner,
            "id": ident,
            "source": m.get("Source"),
            "deleted": m.deleted,
        }
        for message in m.sub("Messages"):
            self.material.records.rows_read += 1
            self._instant(message, chat)

    def _user_account(self, m: _Model) -> None:
        app = app_id(m.get("Source"), "phone")
        name = m.get("Name")
        idents = [
            e.get("Value") for e in m.sub("Entries") if e.type in ("UserID", "PhoneNumber") and e.get("Value")
        ]
        idents += [v for v in (m.get("Username"), m.get("Id")) if v]
        for ident in idents[:5]:
            if app == "phone":
                self.material.set_owner(ident, "UFED user account")
            else:
                self.material.owner_account(app, ident, name, m.row)

    def _location(self, m: _Model) -> None:
        positions = m.sub("Position")
        position = positions[0] if positions else None
        lat = (position.get("Latitude") if position else "") or m.get("Latitude")
        lon = (position.get("Longitude") if position else "") or m.get("Longitude")
        try:
            latf, lonf = float(lat), float(lon)
        except ValueError:
            self.material.records.bad_row(m.row, "location without coordinates", str(m.values)[:500])
            return
        if not (math.isfinite(latf) and math.isfinite(lonf)):
            self.material.records.bad_row(
                m.row, f"coordinates {lat}, {lon} are not a number (NaN or infinite)", str(m.values)[:500]
            )
            return
        label = m.get("Name") or m.get("Description") or f"{latf:.5f}, {lonf:.5f}"
        key = f"location:ufed:{latf:.5f},{lonf:.5f}"
        self.material.records.entities.append(
            EntityRecord(key, "location", label, {"lat": latf, "lon": lonf}, [], m.row)
        )
        self.material.records.links.append(
            LinkRecord(
                "located_at",
                OWNER,
                key,
                row=m.row,
                ts=timestamp(m.get("TimeStamp")),
                attrs={"app": app_id(m.get("Source"), "phone"), "deleted": m.deleted},
            )
        )

    def _device_info(self, m: _Model) -> None:
        name = m.get("Name") or m.get("Key")
        if name:
            self.metadata.setdefault(name, []).append(m.get("Value"))

    # ------------------------------------------------------------------ finish
    def _provenance(self) -> dict:
        meta = {k: [v for v in vs if v] for k, vs in self.metadata.items()}
        msisdn = self._msisdn()
        owner_name = (meta.get("DeviceInfoOwnerName") or [""])[0]
        if owner_name:
            self.material.owner_name = owner_name
        device = " ".join(
            dict.fromkeys(
                v
                for k in (
                    "DeviceInfoSelectedManufacturer",
                    "DeviceInfoSelectedDeviceName",
                    "DeviceInfoDetectedModel",
                )
                for v in meta.get(k, [])[:1]
            )
        )
        version = (meta.get("UFED_PA_Version") or meta.get("DeviceInfoUnitVersion") or [""])[0]
        return {
            "tool": TOOL if version or self.project else "Cellebrite UFED (report fragment)",
            "tool_version": version,
            "report_version": self.project.get("reportVersion"),
            "project_id": self.project.get("id"),
            "project_name": self.project.get("name"),
            "extraction_type": self.project.get("extractionType"),
            "extractions": meta.get("_extractions"),
            "extraction_id": (meta.get("ProjectStateExtractionId") or [""])[0],
            "extraction_start": (meta.get("DeviceInfoExtractionStartDateTime") or [""])[0],
            "device": device,
            "imei": meta.get("IMEI"),
            "imsi": meta.get("IMSI"),
            "msisdn": msisdn,
            "owner_name": owner_name,
        }

    def _finish(self, name: str) -> Records:
        self._owner_known()
        meta = self.metadata
        for imei in dict.fromkeys(v for v in meta.get("IMEI", []) + meta.get("DeviceInfoIMEI", []) if v):
            digits = "".join(ch for ch in imei if ch.isdigit())
            if len(digits) >= 14:
                key = f"imei:{digits[:14]}"
                self.material.records.entities.append(
                    EntityRecord(key, "handset", f"IMEI {digits}", {}, [("imei", digits[:14], imei)])
                )
                self.material.records.links.append(LinkRecord("carried", key, OWNER))
        provenance = self._provenance()
        records = self.material.finish(name, provenance)
        read = ", ".join(f"{n} {t}" for t, n in self.read_models.most_common())
        records.notes.append(f"UFED report: read {read or 'nothing'}")
        if self.skipped:
            records.notes.append(
                "not imported (not phone-network material): "
                + ", ".join(f"{n} {t}" for t, n in self.skipped.most_common(12))
            )
        return records
