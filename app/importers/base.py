"""What importers return: normalised records that one writer puts in the store.

Importers parse and normalise; they never touch the store.  They return a
:class:`Records` batch; :mod:`app.importers.pipeline` writes it in one transaction with
the source record, so a file is imported all-or-nothing.

Entities are named inside a batch by a *key* (a string).  Keys of the form
``"phone:+21891…"``, ``"account:IBAN…"``, ``"document:…"``, ``"email:…"``, ``"imei:…"``
are deterministic: the writer joins them to the entity that already has that identifier
in the case.  Any other key (``"person:row12"``, ``"location:agadez"``…) is local to the
batch; ``location:`` keys are additionally joined to an existing location with the same
normalised name.

Seized-phone and messaging material (second version) keeps to these conventions, so that
every importer of it yields the same shapes:

- a messaging account is an ``account`` entity keyed ``"account:<app>:<id>"`` with the
  identifier ``("account", "<app>:<id>", raw)``: ``app`` one of ``whatsapp``, ``telegram``,
  ``signal``, ``viber``, ``messenger``, ``instagram``, ``imessage``…; ``id`` the app's own
  (a WhatsApp JID ``21891…@s.whatsapp.net``, a Telegram numeric id or ``@username``, a
  Facebook id).  An account whose phone number is known gets a ``uses`` link from the phone's
  key (``phone:+…`` uses ``account:…``), so the analyses fold it into the phone's user;
- a group chat is a ``group`` entity keyed ``"group:<app>:<id>"``; members are ``member_of``
  links (member → group); a message to a group is a ``messaged`` link sender → group;
- a handset is a ``handset`` entity keyed ``"imei:<14 digits>"`` (the IMEI without its check
  digit or software version), linked ``carried`` handset → phone (the SIM's number);
- a call or message is a ``LinkRecord`` (``called`` / ``messaged``) with ``event=True`` and
  ``attrs`` holding ``app``, ``direction`` (``in``/``out``/``missed``), ``deleted`` (True where
  the tool marks the item deleted) and, for messages, ``body``; ``row`` is the record's place
  in its file (line, row or the tool's own index);
- the extraction tool and version, the extraction id and the device owner go into
  ``Records.provenance`` and from there into the source's ``attrs``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from app.model import Grading, QuarantinedRow


@dataclass
class ImportOptions:
    """What the analyst said about the file (docs/interfaces.md, ``ariadne import`` flags)."""

    kind: str = "auto"
    grading: Grading = field(default_factory=Grading)
    owner: str = ""
    exhibit: str = ""
    handling: str = ""
    mapping: dict[str, Any] | None = None
    again: bool = False
    region: str = ""
    #: strftime format for every date column of the file (``--date-format``), instead of inferring
    date_format: str = ""
    #: IANA time zone for dates written without an offset (``--timezone``); they are stored in UTC
    timezone: str = ""


@dataclass
class EntityRecord:
    key: str
    type: str
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    #: (kind, value, raw): kind in phone, account, document, email, imei (unique) or
    #: name, name_key, alias (not unique).
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)
    row: int | None = None


@dataclass
class LinkRecord:
    """One occurrence of a link.  With ``event=True`` it is also kept as an event
    (a call, a message, a transfer) for the timeline; otherwise it only adds evidence."""

    type: str
    src: str
    dst: str
    row: int | None = None
    ts: str | None = None
    duration: float | None = None
    amount: float | None = None
    currency: str | None = None
    amount_case: float | None = None
    label: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    event: bool = False


@dataclass
class LegRecord:
    journey: str
    seq: int
    row: int | None = None
    traveller: str | None = None
    from_place: str | None = None
    to_place: str | None = None
    start: str | None = None
    end: str | None = None
    mode: str | None = None
    cost: float | None = None
    currency: str | None = None
    cost_case: float | None = None
    facilitator: str | None = None


@dataclass
class Records:
    """A normalised batch from one file.

    ``event_frame`` is the bulk path for millions of calls/messages: a DataFrame with
    columns ``type, src, dst, row, ts, duration`` (src/dst are entity keys, all of them
    ``phone:`` keys declared in ``entities`` or already in the case).

    ``chunks``, when set, yields further batches of the same file, parsed lazily while the
    writer works through them inside the import's transaction (a large file is never
    wholly in memory); ``fraction`` says how far through the file a batch reaches.
    """

    kind: str
    rows_read: int = 0
    entities: list[EntityRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    legs: list[LegRecord] = field(default_factory=list)
    event_frame: pd.DataFrame | None = None
    quarantine: list[QuarantinedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    chunks: Iterator[Records] | None = None
    fraction: float = 1.0
    #: how many rows the whole file holds, when known before reading it all
    total_rows: int = 0
    #: the source's provenance (extraction tool, version, extraction id, device owner…),
    #: stored in ``sources.attrs``
    provenance: dict[str, Any] = field(default_factory=dict)
    #: facts named in message bodies and narratives (:class:`app.extraction.Fact`), kept in the
    #: ``extracted`` table for review and left out of analyses until accepted
    extracted: list[Any] = field(default_factory=list)

    def bad_row(self, row: int | None, reason: str, raw: str = "") -> None:
        self.quarantine.append(QuarantinedRow(row or 0, reason, raw))


class ImportFailed(Exception):
    """The whole file cannot be read.  The message names the file and the problem (and
    the row, where one row makes the whole file unreadable)."""


@dataclass
class ParseContext:
    """What a parser may know about the case: region, currency, rates, the options."""

    file_name: str
    options: ImportOptions
    region: str
    case_currency: str
    rates: dict[str, float]


class Importer(Protocol):
    """One family of material.  Registered in :mod:`app.importers.registry`."""

    kind: str
    #: File name endings this importer reads (``.csv``, ``.vcf``…).
    extensions: tuple[str, ...]

    def sniff(self, path: str, columns: list[str] | None) -> float:
        """Confidence in [0, 1] that this file is of this kind (``columns`` are the
        normalised header names for tabular files, else None)."""
        ...

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records: ...
