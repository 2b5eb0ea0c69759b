"""Chats exported as text: WhatsApp's "Export chat" and Signal exports (``chat``).

WhatsApp writes one line per message in the phone's locale:

- Android: ``10/12/2024, 14:30 - Name: text`` (also ``10.12.24, 14:30 -``, ``2024-12-10, 14:30 -``,
  ``12/10/24, 2:30 PM -``, ``10/12/2024 à 14:30 -``);
- iOS: ``[10/12/2024, 14:30:15] Name: text`` with narrow no-break spaces before ``AM``/``PM``
  and direction marks (U+200E) before system lines and attachments;
- Signal (signal-export's Markdown): ``[2024-12-10 14:30:15] Name: text``.

A line without the date prefix continues the message above (messages span lines).  Lines
without a sender are system lines (group created, someone added or left, encryption notice)
in whatever language the phone used: group names and members are taken from them, the rest
skipped.  Media the export left out (``<Media omitted>``, ``<Médias omis>``) and attached files
(``IMG-….jpg (file attached)``, ``<attached: …>``) are kept as the message's ``media``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.chat_common import DELETED, OWNER_LABEL, Chat, ChatBuilder, Message
from app.importers.dates import infer_plan, parse_dates
from app.progress import check, report

_INVISIBLE = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u202f\u00a0"), " "))
_DATE = r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\.?"
_TIME = (
    r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:\s?(?:[AaPp]\.?\s?[Mm]\.?|vorm\.|nachm\.|ص|م))?"
)
_ANDROID = re.compile(rf"^(?P<date>{_DATE}),?\s(?:à\s|um\s|a las\s)?(?P<time>{_TIME})\s?[-–]\s(?P<rest>.*)$")
_BRACKET = re.compile(rf"^\[(?P<date>{_DATE}),?\s(?P<time>{_TIME})\]\s?(?P<rest>.*)$")
#: A line that starts as a dated line would (a date and a clock) but fits no layout.
_LOOKS_DATED = re.compile(rf"^\[?{_DATE},?\s\d{{1,2}}[:.]\d{{2}}")
_SYSTEM_SENDERS = {"système", "system", "sistema", "whatsapp"}
_MEDIA = re.compile(
    r"^<(?:media omitted|médias omis|medien ausgeschlossen|multimedia omitido|media omessi"
    r"|mídia oculta|image omitted|video omitted|audio omitted)>$|"
    r"^(?:image|video|audio|sticker|gif|document) omitted$",
    re.IGNORECASE,
)
_ATTACHED = re.compile(
    r"^(?:<(?:attached|pièce jointe|anhang|adjunto):\s*(?P<a>[^>]+)>"
    r"|(?P<b>\S.*?)\s\((?:file attached|fichier joint|archivo adjunto|datei angehängt|file allegato)\))",
    re.IGNORECASE,
)
#: System lines that make the chat a group, and where its name or new members are.
_GROUP_NAMED = re.compile(
    r"(?:created group|a créé le groupe|creó el grupo|hat die gruppe|ha creato il gruppo|criou o grupo"
    r"|changed the subject (?:from .* )?to|a modifié le sujet (?:de .* )?en|a changé le sujet en"
    r"|cambió el asunto (?:de .* )?a)\s*[\"“«]\s*(?P<name>[^\"”»]+?)\s*[\"”»]",
    re.IGNORECASE,
)
_GROUP_ADDED = re.compile(
    r"^(?P<who>.+?)\s(?:added|a ajouté|añadió|hat|ha aggiunto|adicionou)\s"
    r"(?P<whom>.+?)(?:\shinzugefügt)?\.?$",
    re.IGNORECASE,
)
_GROUP_HINT = re.compile(
    r"group|groupe|grupo|gruppe|gruppo|joined using|a rejoint|left$|est parti|salió|removed|a retiré",
    re.IGNORECASE,
)
_YOU = {"you", "vous", "tú", "du", "tu", "você", "you're", "vous avez"}
#: The names WhatsApp gives an export ("WhatsApp Chat with Karim.txt"; iOS's zip, once
#: unpacked, "WhatsApp Chat - Karim/_chat.txt"): the chat's other person, or the group.
_EXPORT_NAME = re.compile(
    r"^(?:whatsapp chat with|discussion whatsapp avec|whatsapp chat -|chat de whatsapp con"
    r"|whatsapp-chat mit|chat whatsapp con|conversa do whatsapp com)\s+(?P<name>.+?)(?:\s*\(\d+\))?$",
    re.IGNORECASE,
)


def counterpart_from_name(path: str) -> str:
    """The chat's name as WhatsApp wrote it in the export's file (or folder) name, if it did.

    >>> counterpart_from_name("/x/Discussion WhatsApp avec Abu Omar (1).txt")
    'Abu Omar'
    >>> counterpart_from_name("/x/WhatsApp Chat - Karim/_chat.txt"), counterpart_from_name("/x/chat.txt")
    ('Karim', '')
    """
    p = Path(path)
    for stem in (p.stem, p.parent.name):
        m = _EXPORT_NAME.match(stem.strip())
        if m:
            return m.group("name").strip()
    return ""


def _line(text: str) -> str:
    """The line without invisible marks; iOS's mark before a body is kept as \x01 (it flags
    system lines and attachments)."""
    return text.replace(": \u200e", ": \x01").translate(_INVISIBLE).rstrip("\r\n")


def sniff_lines(path: str, n: int = 30) -> float:
    """How sure it is that a text file is a chat export: the share of dated lines among its first."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as f:
            lines = [_line(f.readline()) for _ in range(n)]
    except OSError:
        return 0.0
    lines = [x for x in lines if x.strip()]
    if not lines:
        return 0.0
    hits = sum(1 for x in lines if _ANDROID.match(x) or _BRACKET.match(x))
    return 0.95 if hits and (_ANDROID.match(lines[0]) or _BRACKET.match(lines[0]) or hits >= 3) else 0.0


class ChatTextImporter:
    kind = "chat"
    extensions = (".txt", ".md")
    #: what detection says it recognised
    sniff_reason = "its dated message lines (a chat export)"

    def sniff(self, path: str, columns: list[str] | None) -> float:
        if Path(path).suffix.lower() not in self.extensions:
            return 0.0
        return sniff_lines(path)

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        records = Records(self.kind)
        raw = Path(path).read_bytes()
        text = raw.decode("utf-8-sig", errors="replace")
        if not text.strip():
            raise ImportFailed(f"{ctx.file_name}: the chat export is empty")
        report(progress, 0.1, "reading messages")
        chat, dated = self._read(text, records, cancel)
        if not chat.messages:
            raise ImportFailed(f"{ctx.file_name}: no message found in this chat export")
        self._dates(chat, dated, ctx, records)
        records.rows_read = len(chat.messages)
        records.provenance = {"app": chat.app, "export": "chat text export"}
        chat.counterpart = chat.counterpart or counterpart_from_name(path)
        report(progress, 0.6, f"{len(chat.messages):,} messages")
        ChatBuilder(ctx, records).add(chat)
        return records

    def _read(self, text: str, records: Records, cancel) -> tuple[Chat, list[str]]:
        chat = Chat("whatsapp")
        dated: list[str] = []
        current: Message | None = None
        bracket_iso = 0
        for number, raw_line in enumerate(text.splitlines(), start=1):
            if number % 20000 == 0:
                check(cancel)
            line = _line(raw_line)
            m = _ANDROID.match(line) or _BRACKET.match(line)
            if m is None:
                if current is not None and not _LOOKS_DATED.match(line):
                    current.body += "\n" + line
                elif line.strip():
                    why = "a dated line in no known layout" if current else "text before the first message"
                    records.bad_row(number, why, raw_line[:2000])
                continue
            if line.startswith("[") and re.match(r"\[\d{4}-", line) and "," not in line[:14]:
                bracket_iso += 1
            current = self._entry(chat, m, number)
            if current is not None:
                chat.messages.append(current)
                dated.append(f"{m.group('date')} {m.group('time')}")
        if bracket_iso and bracket_iso >= len(chat.messages) // 2:
            chat.app = "signal"
        return chat, dated

    def _entry(self, chat: Chat, m: re.Match, number: int) -> Message | None:
        rest = m.group("rest")
        sender, sep, body = rest.partition(": ")
        if not sep or sender.strip().casefold() in _SYSTEM_SENDERS or len(sender) > 60:
            self._system(chat, body if sep else rest)
            return None
        flagged = body.startswith("\x01")
        body = body.replace("\x01", "").strip()
        if flagged and not (_MEDIA.match(body) or _ATTACHED.match(body) or DELETED.match(body)):
            self._system(chat, body)  # iOS marks its notices in a chat's name
            chat.counterpart = chat.counterpart or sender.strip()
            return None
        message = Message(number, sender.strip(), None, body)
        if _MEDIA.match(body):
            message.media, message.body = "omitted", ""
        else:
            a = _ATTACHED.match(body)
            if a:
                message.media = (a.group("a") or a.group("b")).strip()
        return message

    def _system(self, chat: Chat, text: str) -> None:
        text = text.replace("\x01", "").strip()
        named = _GROUP_NAMED.search(text)
        if named:
            chat.is_group = True
            chat.title = named.group("name").strip()
        added = _GROUP_ADDED.match(text)
        if added:
            chat.is_group = True
            for who in (added.group("who"), *re.split(r",\s*|\s(?:and|et|y|und|e)\s", added.group("whom"))):
                who = who.strip()
                name = OWNER_LABEL if who.casefold() in _YOU else who
                if name and name not in chat.members:
                    chat.members.append(name)
        elif _GROUP_HINT.search(text):
            chat.is_group = True

    def _dates(self, chat: Chat, dated: list[str], ctx: ParseContext, records: Records) -> None:
        values = pd.Series(dated, dtype=object)
        plan = infer_plan(values, date_format=ctx.options.date_format, timezone=ctx.options.timezone)
        if plan.note:
            records.notes.append(plan.note)
        stamps = parse_dates(values, plan=plan).tolist()
        kept = []
        for message, ts, written in zip(chat.messages, stamps, dated, strict=True):
            if ts is None:
                records.bad_row(
                    message.row,
                    f"unreadable date {written!r}",
                    f"{written} {message.sender}: {message.body}"[:2000],
                )
                continue
            message.ts = ts
            kept.append(message)
        chat.messages = kept
