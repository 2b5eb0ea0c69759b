"""What every chat export becomes, whatever app wrote it (conventions of :mod:`app.importers.base`).

A participant is known by what the export shows: a display name becomes a person, a number
(a contact the owner never saved) a ``phone:`` entity.  The exporting device's owner is the
phone given with ``--owner``, or else one person labelled "the exporting phone".  A chat with
more than two participants (or one the export calls a group) is a ``group`` entity: each
participant a ``member_of`` link, each message a ``messaged`` event sender → group.  A chat
between two is a ``messaged`` event from one to the other.  Facts named in the bodies (people,
numbers, amounts, places, dates) are kept as extracted facts awaiting review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.extraction import Extractor
from app.importers.base import EntityRecord, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook

#: The text apps write in place of a deleted message (the sender's and the reader's forms).
DELETED = re.compile(
    r"^(?:this message was deleted|you deleted this message|ce message a été supprimé"
    r"|vous avez supprimé ce message|se eliminó este mensaje|eliminaste este mensaje"
    r"|diese nachricht wurde gelöscht|questo messaggio è stato eliminato"
    r"|essa mensagem foi apagada|mensagem apagada|تم حذف هذه الرسالة"
    r"|du hast diese nachricht gelöscht|hai eliminato questo messaggio|você apagou (?:esta|essa) mensagem)\.?$",
    re.IGNORECASE,
)
#: The form the exporting phone's owner sees for a message they deleted themselves (the
#: other side sees one of the forms above): its sender in an export is the device owner.
OWN_DELETED = re.compile(
    r"^(?:you deleted this message|vous avez supprimé ce message|eliminaste este mensaje"
    r"|du hast diese nachricht gelöscht|hai eliminato questo messaggio"
    r"|você apagou (?:esta|essa) mensagem)\.?$",
    re.IGNORECASE,
)
#: A display name that is a phone number (an unsaved contact): +, digits, spaces, dashes.
_PHONE_NAME = re.compile(r"^\+?[\d\s().\-\u2011]{7,20}$")
OWNER_LABEL = "the exporting phone"


@dataclass
class Message:
    row: int
    sender: str
    ts: str | None
    body: str
    deleted: bool = False
    media: str = ""
    #: the app's own id of the sender (Telegram ``user123``, a Facebook id), when known
    sender_id: str = ""
    attrs: dict = field(default_factory=dict)


@dataclass
class Chat:
    app: str
    title: str = ""
    chat_id: str = ""
    is_group: bool | None = None
    messages: list[Message] = field(default_factory=list)
    #: participants named outside messages (added to a group, listed by the export)
    members: list[str] = field(default_factory=list)
    #: the other person of a chat between two, as the export names the chat (iOS's first
    #: line, the export's file name), when it does
    counterpart: str = ""
    #: the sender name that is the device owner, when the material tells (:func:`find_owner`)
    owner_name: str = ""


def find_owner(chat: Chat, given: str = "") -> tuple[str, str]:
    """(the sender who is the exporting phone's owner, how that is known), or ``("", "")``.

    An export names its owner's messages with the owner's own profile name, never as "you";
    the owner is told by, in turn: ``given`` (``--owner`` written as a name rather than a
    number) matching a sender; the messages the owner deleted ("You deleted this message",
    where the other side sees "This message was deleted"); and, in a chat between two, the
    sender who is not the chat's counterpart.  Clues that disagree decide nothing.

    >>> chat = Chat("whatsapp", counterpart="Karim")
    >>> chat.messages = [Message(1, "Karim", None, "salut"), Message(2, "Abu Omar", None, "ok")]
    >>> find_owner(chat)
    ('Abu Omar', 'the sender besides the person the chat is with (Karim)')
    """
    senders = list(dict.fromkeys(m.sender for m in chat.messages if m.sender))
    if given and not _PHONE_NAME.match(given.strip()):
        named = [s for s in senders if s.casefold() == given.strip().casefold()]
        if named:
            return named[0], "the name given with --owner"
    own = {m.sender for m in chat.messages if m.sender and OWN_DELETED.match(m.body.strip())}
    others = {
        m.sender
        for m in chat.messages
        if m.sender and DELETED.match(m.body.strip()) and not OWN_DELETED.match(m.body.strip())
    }
    found, how = "", ""
    if len(own) == 1:
        found, how = next(iter(own)), "its deleted messages read 'you deleted this message'"
    group = chat.is_group or len(set(senders) | set(chat.members)) > 2
    if chat.counterpart and not group:
        rest = [s for s in senders if s != chat.counterpart]
        if len(rest) == 1 and (chat.counterpart in senders or len(senders) == 1):
            if found and found != rest[0]:
                return "", ""
            found = found or rest[0]
            how = how or f"the sender besides the person the chat is with ({chat.counterpart})"
    if not found or found in others or found == chat.counterpart:
        return "", ""
    return found, how


class ChatBuilder:
    """Turns parsed chats into one :class:`Records` batch."""

    def __init__(self, ctx: ParseContext, records: Records) -> None:
        self.ctx, self.records = ctx, records
        self.book = PhoneBook(ctx, records)
        self.extractor = Extractor(region=ctx.region, case_currency=ctx.case_currency, rates=ctx.rates)
        owner = ctx.options.owner
        self._owner_key = (self.book.key(owner) or "") if owner else ""
        self._people: dict[str, str] = {}
        #: the name the owner's messages carry, once the material tells it
        self._owner_name = ""

    @property
    def owner(self) -> str:
        """The device owner's key, declared when first needed (a chat between two others
        names no owner)."""
        if not self._owner_key:
            key = self.book.key(self.ctx.options.owner) if self.ctx.options.owner else None
            if key is None:
                key = "person:chat-owner"
                name = self._owner_name
                ids = [("name", name, name)] if name else []
                self.records.entities.append(
                    EntityRecord(key, "person", name or OWNER_LABEL, {"device_owner": True}, ids)
                )
            self._owner_key = key
        return self._owner_key

    @owner.setter
    def owner(self, key: str) -> None:
        self._owner_key = key

    def participant(self, name: str, row: int, app: str, app_id: str = "") -> str:
        """The key of a participant shown as ``name`` (a person, or a phone when it is a number)."""
        ident = app_id or name
        if ident in self._people:
            return self._people[ident]
        if not app_id and name in self._people:  # listed by name, known by id elsewhere
            return self._people[name]
        key = None
        if _PHONE_NAME.match(name.strip()) and sum(c.isdigit() for c in name) >= 7:
            key = self.book.key(name, row)
        if key is None:
            key = f"person:{app}:{ident}"
            attrs = {f"{app}_id": app_id} if app_id else {}
            ids = [("name", name, name)] if name else []
            self.records.entities.append(EntityRecord(key, "person", name or app_id, attrs, ids, row))
            if app_id:
                account = f"account:{app}:{app_id}"
                self.records.entities.append(
                    EntityRecord(
                        account,
                        "account",
                        name or app_id,
                        {"app": app},
                        [("account", f"{app}:{app_id}", app_id)],
                        row,
                    )
                )
                self.records.links.append(LinkRecord("uses", key, account, row=row))
        self._people[ident] = key
        self._people.setdefault(name, key)
        return key

    def add(self, chat: Chat) -> None:
        """Every message of ``chat`` as an event, with its group and members."""
        senders = list(dict.fromkeys(m.sender for m in chat.messages if m.sender))
        names = list(dict.fromkeys([*senders, *chat.members]))
        is_group = chat.is_group if chat.is_group is not None else len(names) > 2
        first_row = chat.messages[0].row if chat.messages else 1
        owner_name = chat.owner_name or self._owner_name or self._find_owner(chat)
        if owner_name:
            self._take_owner_name(owner_name, first_row)
            if not is_group and names == [owner_name] and chat.counterpart:
                names.append(chat.counterpart)  # only the owner wrote: the chat says to whom
        ids = {m.sender: m.sender_id for m in chat.messages if m.sender_id}
        keys = {n: self._key(n, first_row, chat.app, ids.get(n, "")) for n in names}
        group = None
        if is_group:
            gid = chat.chat_id or chat.title or self.ctx.file_name
            group = f"group:{chat.app}:{gid}"
            self.records.entities.append(
                EntityRecord(group, "group", chat.title or gid, {"app": chat.app}, [], first_row)
            )
            for key in keys.values():
                self.records.links.append(LinkRecord("member_of", key, group, row=first_row))
        for m in chat.messages:
            self._message(chat, m, keys, group, names)

    def _find_owner(self, chat: Chat) -> str:
        """The owner's name as ``chat`` tells it (:func:`find_owner`), noted with how it was found."""
        name, how = find_owner(chat, self.ctx.options.owner)
        if name:
            self.records.provenance.update(owner_name=name, owner_name_from=how)
            self.records.notes.append(f"the device owner writes as {name!r} ({how})")
        return name

    def _take_owner_name(self, name: str, row: int) -> None:
        """The owner's messages carry ``name``: they are the owner's (the phone given with
        ``--owner``, or the one owner person), and the name is kept on the owner."""
        if self._owner_name:
            return
        self._owner_name = name
        key = self._owner_key
        if key.startswith("phone:"):
            self.records.entities.append(
                EntityRecord(key, "phone", key[6:], {}, [("alias", name, name)], row)
            )
        self._people.setdefault(name, self.owner)

    def _key(self, name: str, row: int, app: str, app_id: str) -> str:
        if name == OWNER_LABEL or (name and name == self._owner_name):
            return self.owner
        return self.participant(name, row, app, app_id)

    def _message(self, chat: Chat, m: Message, keys: dict, group: str | None, names: list[str]) -> None:
        src = keys.get(m.sender) or self.owner
        if group:
            dst = group
        else:
            others = [keys[n] for n in names if keys[n] != src]
            dst = others[0] if others else self.owner
        if src == dst:
            return
        deleted = m.deleted or bool(DELETED.match(m.body.strip()))
        attrs = {
            "app": chat.app,
            "direction": "out" if src == self._owner_key else "in",
            "deleted": deleted,
            "body": m.body[:4000],
            **m.attrs,
        }
        if m.media:
            attrs["media"] = m.media
        self.records.links.append(
            LinkRecord("messaged", src, dst, row=m.row, ts=m.ts, event=True, attrs=attrs)
        )
        if m.body and not deleted:
            self.records.extracted.extend(self.extractor.facts(m.body, row=m.row, when=m.ts, subject=src))


def fix_mojibake(text: str) -> str:
    """Text that was UTF-8 but written out as latin-1 escapes (Facebook's exports), repaired;
    other text as it is.

    >>> fix_mojibake("Ã\\xa0 demain, Ã©tÃ©"), fix_mojibake("déjà")
    ('à demain, été', 'déjà')
    """
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
