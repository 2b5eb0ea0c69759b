"""What the phone-database readers share: dates as phones store them, and one batch of a
messaging app's accounts, groups, calls and messages shaped as :mod:`app.importers.base` says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring

import numpy as np
import pandas as pd

from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook
from app.progress import CancelToken, check

#: seconds from 1970-01-01 to 2001-01-01, Apple's Core Data and iMessage epoch
APPLE_EPOCH = 978_307_200
EVENT_COLUMNS = ["type", "src", "dst", "row", "ts", "duration", "attrs"]


class OwnerNeeded(ImportFailed):
    """The material does not say whose phone it is, and the events need that end."""


def _iso(seconds: pd.Series) -> list[str | None]:
    ok = (seconds.notna() & (seconds.abs() < 4e9)).to_numpy()
    out = np.full(len(seconds), None, dtype=object)
    if ok.any():
        stamps = np.floor(seconds.to_numpy()[ok]).astype("int64").astype("datetime64[s]")
        out[ok] = np.datetime_as_string(stamps)
    return out.tolist()


def iso_from_unix(values: Iterable, *, scale: float = 1.0) -> list[str | None]:
    """ISO times from Unix times (``scale`` 1000 for milliseconds); None where unreadable.

    >>> iso_from_unix([1383065788038, None, "x"], scale=1000)
    ['2013-10-29T16:56:28', None, None]
    """
    s = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").astype(float)
    return _iso(s / scale)


def iso_from_apple(values: Iterable) -> list[str | None]:
    """ISO times from Apple times: seconds since 2001 (Core Data, older iOS), or nanoseconds
    since 2001 (``sms.db`` from iOS 11 on), decided per value by its size.

    >>> iso_from_apple([778000000.0, 588813210539788032])
    ['2025-08-27T15:06:40', '2019-08-29T23:13:30']
    """
    s = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").astype(float)
    s = s.where(s.abs() < 1e11, s / 1e9)
    return _iso(s + APPLE_EPOCH)


def text(value: object) -> str:
    """A database cell as text: NULL is empty; bytes (Core Data stores some text as BLOB) decoded.

    >>> text(None), text(b"+218 91"), text(" Moussa ")
    ('', '+218 91', 'Moussa')
    """
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        value = bytes(value).decode("utf-8", "replace")
    if isinstance(value, float) and np.isnan(value):
        return ""
    return str(value).strip()


def jid_phone(jid: str) -> str | None:
    """The phone number inside a WhatsApp JID (``21891…@s.whatsapp.net``), else None.

    >>> jid_phone("218912345678@s.whatsapp.net"), jid_phone("1203634@g.us"), jid_phone("99@lid")
    ('+218912345678', None, None)
    """
    user, _, server = jid.partition("@")
    user = user.split(":")[0].split(".")[0]
    if server in ("s.whatsapp.net", "c.us") and user.isdigit():
        return "+" + user
    return None


class Messaging:
    """Accounts, groups, calls and messages of one app, gathered into :class:`Records`.

    Messages and calls are kept as rows of the bulk event frame (with their ``attrs``: app,
    direction, deleted, body), so a million messages never become a million Python objects
    of the writer's; :meth:`take` hands over what has been gathered, for streaming.
    """

    def __init__(self, app: str, ctx: ParseContext, records: Records) -> None:
        self.app, self.ctx = app, ctx
        self.records = records
        self.book = PhoneBook(ctx, records)
        self.declared: set[str] = set()
        self.named: set[tuple[str, str]] = set()
        self.rows: list[tuple] = []
        self.frames: list[pd.DataFrame] = []
        #: the import's cancel token, checked between batches of a large database
        self.cancel: CancelToken | None = None
        #: system lines of a chat (group created, security code changed…) seen and left out
        self.system_lines = 0

    # ------------------------------------------------------------ who
    def owner_phone(self, found: str = "") -> str | None:
        """The device owner's phone key: from ``--owner``, else from what the material says."""
        raw = self.ctx.options.owner or found
        return self.book.key(raw) if raw else None

    def require_owner(self, found: str = "") -> str:
        key = self.owner_phone(found)
        if key is None:
            raise OwnerNeeded(
                f"{self.ctx.file_name}: the database does not say whose phone it is; give the device "
                "owner's number with --owner so the calls and messages have both ends"
            )
        return key

    def account(self, ident: str, *, phone: str | None = None, name: str = "", row: int | None = None) -> str:
        """The key of the app's account ``ident``; ``phone`` (raw) gets a ``uses`` link to it."""
        key = f"account:{self.app}:{ident}"
        if key not in self.declared:
            self.declared.add(key)
            idents = [("account", f"{self.app}:{ident}", ident)]
            if name:
                idents.append(("alias", name, name))
            self.records.entities.append(
                EntityRecord(key, "account", name or ident, {"app": self.app}, idents, row)
            )
            phone_key = self.book.key(phone, row) if phone else None
            if phone_key:
                self.records.links.append(LinkRecord("uses", phone_key, key, row=row))
        elif name and (key, name) not in self.named:
            self.records.entities.append(EntityRecord(key, "account", name, {}, [("alias", name, name)], row))
        if name:
            self.named.add((key, name))
        return key

    def jid(self, jid: str, *, name: str = "", row: int | None = None) -> str | None:
        """A WhatsApp JID as an account (a group JID as a group); None for status broadcasts."""
        jid = text(jid)
        if not jid or jid.startswith("status@") or jid == "0@s.whatsapp.net":
            return None
        if jid.endswith("@g.us") or jid.endswith("@broadcast"):
            return self.group(jid, name, row)
        return self.account(jid, phone=jid_phone(jid), name=name, row=row)

    def group(self, ident: str, name: str = "", row: int | None = None) -> str:
        key = f"group:{self.app}:{ident}"
        if key not in self.declared:
            self.declared.add(key)
            self.records.entities.append(
                EntityRecord(key, "group", name or ident, {"app": self.app}, [], row)
            )
        return key

    def member(self, member: str | None, group: str | None, row: int | None = None) -> None:
        if member and group and member != group:
            self.records.links.append(LinkRecord("member_of", member, group, row=row))

    # ----------------------------------------------------------- events
    def event(
        self,
        kind: str,
        src: str | None,
        dst: str | None,
        row: int,
        ts: str | None,
        *,
        direction: str,
        duration: float | None = None,
        deleted: bool = False,
        body: str | None = None,
        extra: dict | None = None,
    ) -> None:
        """One call (``called``) or message (``messaged``); a row without both ends or a
        readable time is quarantined with its reason."""
        if src is None or dst is None or src == dst:
            self.records.bad_row(
                row, f"{kind} without both parties (sender or recipient unknown)", f"{src} -> {dst} at {ts}"
            )
            return
        if ts is None:
            self.records.bad_row(row, f"{kind} with an unreadable date", f"{src} -> {dst}")
            return
        attrs: dict = {"app": self.app, "direction": direction}
        if deleted:
            attrs["deleted"] = True
        if body:
            attrs["body"] = body[:20_000]
        if extra:
            attrs.update(extra)
        self.rows.append((kind, src, dst, int(row), ts, duration, json.dumps(attrs, ensure_ascii=False)))

    def add_frame(
        self,
        kind: str,
        src: pd.Series,
        dst: pd.Series,
        rows: pd.Series,
        ts: list,
        *,
        direction: pd.Series,
        deleted: pd.Series | None = None,
        body: pd.Series | None = None,
    ) -> None:
        """Many calls or messages at once, as :meth:`event` does one by one (a million
        WhatsApp messages in seconds): rows without both parties or a readable date are
        quarantined, the others become rows of the bulk event frame with their ``attrs``."""
        check(self.cancel)
        frame = pd.DataFrame(
            {
                "type": kind,
                "src": src.to_numpy(),
                "dst": dst.to_numpy(),
                "row": rows.to_numpy(np.int64),
                "ts": ts,
                "duration": np.nan,
            }
        )
        parties = (frame["src"].isna() | frame["dst"].isna() | (frame["src"] == frame["dst"])).to_numpy()
        undated = frame["ts"].isna().to_numpy() & ~parties
        for row in frame["row"].to_numpy()[parties].tolist():
            self.records.bad_row(row, f"{kind} without both parties (sender or recipient unknown)")
        for row in frame["row"].to_numpy()[undated].tolist():
            self.records.bad_row(row, f"{kind} with an unreadable date")
        keep = ~(parties | undated)
        n = int(keep.sum())
        heads = [f'{{"app":"{self.app}","direction":"{d}"' for d in ("in", "out", "missed")]
        head_of = {d: h for d, h in zip(("in", "out", "missed"), heads, strict=True)}
        dirs = direction.to_numpy(dtype=object)[keep]
        gone = deleted.to_numpy(bool)[keep] if deleted is not None else np.zeros(n, bool)
        texts = body.to_numpy(dtype=object)[keep] if body is not None else np.full(n, None, dtype=object)
        # one pass, one string per event: this runs a million times for a large chat database
        attrs = [
            head_of[d]
            + (',"deleted":true' if x else "")
            + (f',"body":{encode_basestring(t[:20_000])}}}' if isinstance(t, str) and t else "}")
            for d, x, t in zip(dirs, gone, texts, strict=True)
        ]
        frame = frame[keep].reset_index(drop=True)
        frame["attrs"] = attrs
        self.frames.append(frame[EVENT_COLUMNS])

    def take(self) -> pd.DataFrame | None:
        """The gathered events as the bulk frame, and start a new gathering."""
        frames, self.frames = self.frames, []
        if self.rows:
            frames.append(pd.DataFrame(self.rows, columns=EVENT_COLUMNS))
            self.rows = []
        if not frames:
            return None
        frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        frame["duration"] = pd.to_numeric(frame["duration"], errors="coerce").astype(float)
        return frame

    def finish(self) -> Records:
        """Put the gathered events into the batch and return it."""
        frame = self.take()
        if frame is not None:
            self.records.event_frame = (
                frame
                if self.records.event_frame is None
                else pd.concat([self.records.event_frame, frame], ignore_index=True)
            )
        return self.records
