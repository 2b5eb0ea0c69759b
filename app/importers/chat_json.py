"""Chats exported as JSON (``chat``): Telegram Desktop and Facebook / Instagram Messenger.

- Telegram Desktop ("Export chat history" or "Export Telegram data", JSON format): one chat's
  ``result.json`` (``name``, ``type``, ``id``, ``messages``) or the whole account's
  (``personal_information``, ``contacts``, ``chats.list`` and ``left_chats.list``).  Messages
  carry ``from``/``from_id`` (``user123…``), ``date_unixtime``, and ``text`` as a string or a
  list of pieces; service messages (``create_group``, ``invite_members``) name the members.
  The account's own ``personal_information`` is the device owner.
- Messenger / Instagram ("Download your information", JSON): ``message_1.json``…, with
  ``participants``, ``messages`` (``sender_name``, ``timestamp_ms``, ``content``, ``photos``,
  ``is_unsent``), ``title`` and ``thread_path``.  Facebook writes its UTF-8 text as latin-1
  escapes (``Ã©`` for ``é``); it is repaired.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.chat_common import Chat, ChatBuilder, Message, fix_mojibake
from app.importers.dates import parse_dates
from app.progress import check, report

MAX_BYTES = 512 * 1024**2
_GROUP_TYPES = {
    "private_group",
    "private_supergroup",
    "public_supergroup",
    "public_channel",
    "private_channel",
    "RegularGroup",
}


def _head(path: str, size: int = 65536) -> bytes:
    with open(path, "rb") as f:
        return f.read(size)


def _family(head: bytes) -> str:
    if b'"messages"' not in head and b'"personal_information"' not in head:
        return ""
    if b'"date_unixtime"' in head or b'"personal_information"' in head or b'"from_id"' in head:
        return "telegram"
    if b'"sender_name"' in head and b'"timestamp_ms"' in head:
        return "messenger"
    if b'"participants"' in head and b'"thread_path"' in head:
        return "messenger"
    if b'"type": "message"' in head or b'"type":"message"' in head:
        return "telegram"
    return ""


class ChatJsonImporter:
    kind = "chat"
    extensions = (".json",)
    #: what detection says it recognised
    sniff_reason = "its messages (a chat export)"

    def sniff(self, path: str, columns: list[str] | None) -> float:
        if Path(path).suffix.lower() != ".json":
            return 0.0
        return 0.95 if _family(_head(path)) else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        if p.stat().st_size > MAX_BYTES:
            raise ImportFailed(f"{ctx.file_name}: larger than {MAX_BYTES:,} bytes")
        text = p.read_bytes().decode("utf-8-sig", errors="replace")
        if not text.strip():
            raise ImportFailed(f"{ctx.file_name}: the file is empty")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"{ctx.file_name}: not complete JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                "the export may be truncated"
            ) from None
        if not isinstance(data, dict):
            raise ImportFailed(f"{ctx.file_name}: a chat export is one JSON object")
        records = Records(self.kind)
        builder = ChatBuilder(ctx, records)
        report(progress, 0.1, "reading messages")
        if _family(text[:65536].encode()) == "telegram" or "chats" in data:
            chats = self._telegram(data, builder, records, ctx)
            records.provenance = {**records.provenance, "app": "telegram", "export": "Telegram Desktop JSON"}
        else:
            app = "instagram" if "instagram" in str(p.resolve()).casefold() else "messenger"
            chats = [self._messenger(data, app, records)]
            records.provenance = {"app": app, "export": f"{app.title()} JSON (Download your information)"}
        for n, chat in enumerate(chats):
            check(cancel)
            report(progress, 0.2 + 0.7 * n / max(1, len(chats)), f"chat {chat.title or n + 1}")
            builder.add(chat)
        records.rows_read = sum(len(c.messages) for c in chats)
        if not records.rows_read and not records.quarantine:
            records.notes.append(f"{ctx.file_name}: the export holds no message")
        return records

    # ------------------------------------------------------------- Telegram
    def _telegram(self, data: dict, builder: ChatBuilder, records: Records, ctx: ParseContext) -> list[Chat]:
        me = data.get("personal_information")
        if isinstance(me, dict) and not ctx.options.owner:
            self._account_owner(me, builder)
        if "chats" in data:
            lists = [data.get("chats") or {}, data.get("left_chats") or {}]
            docs = [c for part in lists if isinstance(part, dict) for c in part.get("list") or []]
            self._contacts(data.get("contacts") or {}, builder, records)
        else:
            docs = [data]
        if not isinstance(data.get("messages", []), list):
            raise ImportFailed(f"{ctx.file_name}: 'messages' is not a list")
        chats, row = [], 0
        for doc in docs:
            if not isinstance(doc, dict):
                continue
            chat, row = self._telegram_chat(doc, records, row)
            chats.append(chat)
        return chats

    def _account_owner(self, me: dict, builder: ChatBuilder) -> None:
        uid = str(me.get("user_id") or "")
        name = " ".join(str(me.get(k) or "") for k in ("first_name", "last_name")).strip()
        if not uid:
            return
        key = builder.participant(name or uid, 0, "telegram", f"user{uid}")
        phone = builder.book.key(me.get("phone_number")) if me.get("phone_number") else None
        if phone:
            builder.records.links.append(LinkRecord("uses", key, phone))
        builder.owner = key
        builder.records.provenance["account"] = f"user{uid}"

    def _contacts(self, contacts: dict, builder: ChatBuilder, records: Records) -> None:
        for c in contacts.get("list") or []:
            name = " ".join(str(c.get(k) or "") for k in ("first_name", "last_name")).strip()
            phone = builder.book.key(c.get("phone_number")) if c.get("phone_number") else None
            if name and phone:
                person = f"person:telegram-contact:{name}:{phone}"
                records.entities.append(EntityRecord(person, "person", name, {}, [("name", name, name)]))
                records.links.append(LinkRecord("uses", person, phone))
                records.links.append(
                    LinkRecord("in_contacts", builder.owner, phone, label=name, attrs={"saved_name": name})
                )

    def _telegram_chat(self, doc: dict, records: Records, row: int) -> tuple[Chat, int]:
        kind = str(doc.get("type") or "")
        chat = Chat("telegram", str(doc.get("name") or ""), str(doc.get("id") or ""))
        chat.is_group = kind in _GROUP_TYPES if kind else None
        if kind == "personal_chat":  # named after the other person
            chat.counterpart = chat.title
        stamps, messages = [], []
        for item in doc.get("messages") or []:
            row += 1
            if not isinstance(item, dict):
                records.bad_row(row, "a message that is not an object", json.dumps(item)[:2000])
                continue
            if item.get("type") == "service":
                for member in item.get("members") or []:
                    if member and member not in chat.members:
                        chat.members.append(str(member))
                continue
            sender = str(item.get("from") or item.get("from_id") or "")
            media = (
                item.get("media_type")
                or ("photo" if item.get("photo") else "")
                or (Path(str(item.get("file"))).name if item.get("file") else "")
            )
            message = Message(
                row,
                sender,
                None,
                _telegram_text(item.get("text")),
                media=str(media),
                sender_id=str(item.get("from_id") or ""),
            )
            if item.get("forwarded_from"):
                message.attrs["forwarded_from"] = str(item["forwarded_from"])
            messages.append(message)
            stamps.append(item.get("date_unixtime") or item.get("date"))
        chat.messages = _dated(messages, stamps, records)
        return chat, row

    # ------------------------------------------------------------ Messenger
    def _messenger(self, data: dict, app: str, records: Records) -> Chat:
        title = fix_mojibake(str(data.get("title") or ""))
        thread = str(data.get("thread_path") or "")
        names = [
            fix_mojibake(str(p.get("name") or ""))
            for p in data.get("participants") or []
            if isinstance(p, dict)
        ]
        chat = Chat(app, title, thread or title)
        chat.members = [n for n in names if n]
        kind = str(data.get("thread_type") or "")
        chat.is_group = (kind == "RegularGroup") if kind else (len(chat.members) > 2)
        if not chat.is_group:  # a thread of two is titled with the other person's name
            chat.counterpart = title
        items = data.get("messages")
        if not isinstance(items, list):
            raise ImportFailed("this Messenger export has no list of messages")
        stamps, messages = [], []
        for row, item in enumerate(reversed(items), start=1):  # Facebook writes newest first
            if not isinstance(item, dict):
                records.bad_row(row, "a message that is not an object", json.dumps(item)[:2000])
                continue
            media = next(
                (
                    str(item[k][0].get("uri", k))
                    for k in ("photos", "videos", "audio_files", "files", "gifs")
                    if isinstance(item.get(k), list) and item[k] and isinstance(item[k][0], dict)
                ),
                "",
            )
            message = Message(
                row,
                fix_mojibake(str(item.get("sender_name") or "")),
                None,
                fix_mojibake(str(item.get("content") or "")),
                deleted=bool(item.get("is_unsent")),
                media=Path(media).name if media else "",
            )
            messages.append(message)
            ms = item.get("timestamp_ms")
            stamps.append(ms / 1000 if isinstance(ms, (int, float)) else None)
        chat.messages = _dated(messages, stamps, records)
        return chat


def _telegram_text(text: object) -> str:
    if isinstance(text, list):
        return "".join(t if isinstance(t, str) else str(t.get("text", "")) for t in text)
    return "" if text is None else str(text)


def _dated(messages: list[Message], stamps: list, records: Records) -> list[Message]:
    """Messages with their date; those without a readable one quarantined."""
    if not messages:
        return []
    values = pd.Series([None if s is None else str(s) for s in stamps], dtype=object)
    parsed = parse_dates(values).tolist()
    kept = []
    for m, ts, raw in zip(messages, parsed, stamps, strict=True):
        if ts is None:
            records.bad_row(m.row, f"unreadable date {raw!r}", f"{m.sender}: {m.body}"[:2000])
        else:
            m.ts = ts
            kept.append(m)
    return kept
