"""Seized phones' WhatsApp chats as the app's "Export chat" writes them, in French and in
English, in the Android and the iOS layouts.

Two collectors' phones (EXH-004 of ORG-1, an iPhone; EXH-005 of ORG-2, an Android phone) each
hold a chat with their organiser and one with a migrant's relative abroad who paid them.  What
the chats say is the planted money: the collector reports the hawala transfers he made to his
organiser and the relatives' payments he received ("je t'ai envoyé 4 350 dinars par le
hawala"), the relative says what he sent and in whose name ("I sent 2,000 euros to Abu
Omar").  Each file's manifest entry carries its ``truth``: the owner and the other person
(their refs and the names the export shows), and every payment mentioned (transaction, payer,
payee, amount, currency, and the words and line that mention it).

The export shows the owner's messages under the owner's own profile name and the other person
under the name the owner saved, or as a number when he saved none; Android names the file
after the chat ("Discussion WhatsApp avec …"), iOS writes its encryption notice in the chat's
name.  Everything is drawn from its own random stream, so the other files of a scenario do not
change when these do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import phonenumbers

from app.scenario.activity import Transfer
from app.scenario.sources import seized_phones
from app.scenario.world import Actor, World
from app.scenario.writing import entry

#: (exhibit, the other person, language, layout)
EXPORTS = (
    ("EXH-004", "organiser", "en", "ios"),
    ("EXH-004", "relative", "fr", "ios"),
    ("EXH-005", "organiser", "fr", "android"),
    ("EXH-005", "relative", "en", "android"),
)

_ENCRYPTED = {
    "en": "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them.",
    "fr": "Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même "
    "WhatsApp, ne peut les lire ou les écouter.",
}
_TAP = {"en": " Tap to learn more.", "fr": " Appuyez pour en savoir plus."}
_MEDIA = {"en": "<Media omitted>", "fr": "<Médias omis>"}
_OWN_DELETED = {"en": "You deleted this message", "fr": "Vous avez supprimé ce message"}
_CURRENCY = {
    "en": {"EUR": "euros", "GBP": "pounds", "XOF": "CFA", "LYD": "dinars", "USD": "dollars"},
    "fr": {"EUR": "euros", "GBP": "livres", "XOF": "FCFA", "LYD": "dinars", "USD": "dollars"},
}
_FILE = {"en": "WhatsApp Chat with {}.txt", "fr": "Discussion WhatsApp avec {}.txt"}

_BOSS_TALK = {
    "en": (
        "the truck leaves {place} on saturday, tell the passengers",
        "how many for this week?",
        "list for saturday:\n{n} passengers\n{w} women",
        "the police is on the road to {place}, wait",
        "ok",
    ),
    "fr": (
        "le camion part de {place} samedi, préviens les passagers",
        "combien pour cette semaine ?",
        "liste pour samedi :\n{n} passagers\n{w} femmes",
        "la police est sur la route de {place}, attends",
        "d'accord",
    ),
}


@dataclass
class _Line:
    when: datetime
    owner: bool
    text: str
    media: bool = False
    payment: dict | None = None


@dataclass
class _Chat:
    lang: str
    lines: list[_Line] = field(default_factory=list)

    def say(self, when: datetime, owner: bool, text: str, **kw) -> None:
        self.lines.append(_Line(when, owner, text, **kw))


def write_chat_exports(w: World, out: Path, txs: list[Transfer]) -> list[dict]:
    """Write the chat exports of the seized collectors' phones; their manifest entries."""
    owners = {exhibit: actor for exhibit, actor, _fmt in seized_phones(w)}
    entries = []
    for exhibit, other, lang, layout in EXPORTS:
        owner = owners[exhibit]
        rng = random.Random(f"{w.seed}-{exhibit}-chat-{other}")
        make = _with_organiser if other == "organiser" else _with_relative
        made = make(w, owner, txs, lang, rng)
        if made is None:
            continue
        chat, counterpart, shown, truth = made
        own_name = owner.name.kunya or owner.name.given
        own_name = owner.name.written_as(own_name if own_name != shown else owner.name.full)
        text, rows = _render(chat, layout, own_name, shown)
        if layout == "android":
            path = f"phones/{exhibit}/WhatsApp/{_FILE[lang].format(shown)}"
        else:
            path = f"phones/{exhibit}/WhatsApp Chat - {shown}/_chat.txt"
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(text.encode("utf-8"))
        payments = [
            {**line.payment, "row": row} for line, row in zip(chat.lines, rows, strict=True) if line.payment
        ]
        truth = {
            "app": "whatsapp",
            "layout": layout,
            "language": lang,
            "owner_ref": owner.ref,
            "owner_name": own_name,
            "counterpart_ref": counterpart.ref,
            "counterpart_name": shown,
            **truth,
            "payments": payments,
        }
        entries.append({**entry(path, "chat", "A2", owner.phones[0], exhibit), "truth": truth})
    return entries


def _amount(value: float, currency: str, lang: str) -> str:
    """As people type it: ``2 000 euros`` in French, ``2,000 euros`` in English."""
    digits = f"{int(round(value)):,}"
    if lang == "fr":
        digits = digits.replace(",", " ")
    return f"{digits} {_CURRENCY[lang][currency]}"


def _payment(t: Transfer, written: str) -> dict:
    return {
        "txn": t.txn,
        "from_ref": t.sender,
        "to_ref": t.receiver,
        "amount": t.amount,
        "currency": t.currency,
        "written": written,
    }


def _with_organiser(w: World, owner: Actor, txs: list[Transfer], lang: str, rng: random.Random):
    """The collector reports to his organiser: the hawala he sent him, the relatives who paid."""
    bosses = w.organisers(owner.org or "")
    sent = [
        t
        for t in txs
        if t.sender == owner.ref and t.receiver in {b.ref for b in bosses} and t.currency in _CURRENCY[lang]
    ]
    if not sent:
        return None
    boss = w.actors[sent[0].receiver]
    sent = [t for t in sent if t.receiver == boss.ref][:3]
    paid = [
        t
        for t in txs
        if t.receiver == owner.ref and t.sender.startswith("R") and t.currency in _CURRENCY[lang]
    ][:2]
    shown = boss.name.contact_form(rng)
    org = next(o for o in w.orgs if o["id"] == owner.org)
    chat = _Chat(lang)
    for t in sent:
        written = _amount(t.amount, t.currency, lang)
        said = f"je t'ai envoyé {written} par le hawala" if lang == "fr" else f"sent you {written} by hawala"
        chat.say(t.ts + timedelta(minutes=5), True, said, payment=_payment(t, written))
        chat.say(t.ts + timedelta(minutes=31), False, "bien reçu" if lang == "fr" else "received")
        talk = rng.choice(_BOSS_TALK[lang]).format(
            place=rng.choice(org["waypoints"][1:-1]), n=rng.randint(9, 30), w=rng.randint(1, 6)
        )
        chat.say(t.ts + timedelta(hours=2, minutes=rng.randrange(60)), False, talk)
    for t in paid:
        written = _amount(t.amount, t.currency, lang)
        rel = w.actors[t.sender]
        who = rel.name.written_as(rel.name.full)
        said = (
            f"{who} a payé {written} pour son frère, c'est reçu"
            if lang == "fr"
            else f"{who} paid {written} for his brother, received"
        )
        chat.say(t.ts + timedelta(hours=3), True, said, payment=_payment(t, written))
    chat.say(chat.lines[-1].when + timedelta(minutes=4), True, _MEDIA[lang], media=True)
    chat.say(chat.lines[-1].when + timedelta(minutes=1), True, _OWN_DELETED[lang])
    return chat, boss, shown, {}


def _with_relative(w: World, owner: Actor, txs: list[Transfer], lang: str, rng: random.Random):
    """A relative abroad pays the collector for his brother's journey and says so."""
    wanted = ("EUR", "XOF", "GBP") if lang == "fr" else ("GBP", "EUR", "XOF")
    paid = [t for t in txs if t.receiver == owner.ref and t.sender.startswith("R") and t.currency in wanted]
    if not paid:
        return None
    paid.sort(key=lambda t: (wanted.index(t.currency), t.ts))
    rel = w.actors[paid[0].sender]
    parts = [
        t for t in txs if t.sender == rel.ref and t.receiver == owner.ref and t.currency == paid[0].currency
    ]
    number = phonenumbers.parse(rel.phones[0])
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    payee = owner.name.written_as(owner.name.kunya or owner.name.transfer_form(rng))
    migrant = next((m for m in w.migrants if m.relative == rel.ref and m.legs), None)
    driver = w.actors[migrant.legs[0].facilitator].name if migrant else owner.name
    driver_name = driver.written_as(driver.given)
    first = parts[0]
    chat = _Chat(lang)
    fr = lang == "fr"
    chat.say(
        first.ts - timedelta(days=2),
        False,
        "Bonjour, c'est pour le voyage de mon frère. Combien je dois envoyer ?"
        if fr
        else "Hello, it is about my brother's journey. How much do I send?",
    )
    total = _amount(sum(t.amount for t in parts), first.currency, lang)
    chat.say(
        first.ts - timedelta(days=2) + timedelta(minutes=17),
        True,
        f"{total}. Tu envoies au nom de {payee}" if fr else f"{total}. Send it in the name of {payee}",
    )
    for k, t in enumerate(parts):
        written = _amount(t.amount, t.currency, lang)
        if k == 0:
            said = f"j'ai envoyé {written} à {payee}" if fr else f"I sent {written} to {payee}"
        else:
            said = f"j'ai envoyé le reste, {written}" if fr else f"I sent the rest, {written}"
        chat.say(t.ts + timedelta(minutes=9), False, said, payment=_payment(t, written))
        chat.say(t.ts + timedelta(minutes=10), False, _MEDIA[lang], media=True)
    chat.say(
        parts[-1].ts + timedelta(hours=2),
        True,
        f"c'est reçu. Il part samedi avec le chauffeur {driver_name}"
        if fr
        else f"received. He leaves on saturday with {driver_name} the driver",
    )
    return chat, rel, shown, {"counterpart_phone": rel.phones[0]}


def _render(chat: _Chat, layout: str, own: str, other: str) -> tuple[str, list[int]]:
    """The export's text, and each line's number (the row the importer reports)."""
    lines = sorted(chat.lines, key=lambda x: x.when)
    if layout == "ios" and chat.lang == "fr":  # only the placeholders seen in real exports
        lines = [x for x in lines if not x.media]
    chat.lines[:] = lines
    first = lines[0].when - timedelta(minutes=3)
    if layout == "android":
        out = [f"{first:%d/%m/%Y, %H:%M} - {_ENCRYPTED[chat.lang]}{_TAP[chat.lang]}"]
    else:
        out = [f"[{first:%d/%m/%Y, %H:%M:%S}] {other}: \u200e{_ENCRYPTED[chat.lang]}"]
    rows = []
    for line in lines:
        who = own if line.owner else other
        rows.append(sum(x.count("\n") + 1 for x in out) + 1)  # a message may span lines
        if layout == "android":
            out.append(f"{line.when:%d/%m/%Y, %H:%M} - {who}: {line.text}")
            continue
        text = line.text
        mark = ""
        if line.media:
            text, mark = "\u200eimage omitted", "\u200e"
        elif text in _OWN_DELETED.values():
            text = f"\u200e{text}."
        out.append(f"{mark}[{line.when:%d/%m/%Y, %H:%M:%S}] {who}: {text}")
    return "\n".join(out) + "\n", rows
