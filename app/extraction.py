"""What free text says: people, numbers, amounts, places and dates named in message bodies and
interview narratives, found by rules (English and French), kept as *extracted facts* for the
analyst to accept or reject.

Each :class:`Fact` quotes the sentence it came from.  People are full names (two or more
capitalised words that are neither places nor common words), kunyas (``Abu Omar``, ``Oum
Khaled``, ``أبو عمر``), nicknames with an article (``le Vieux``, ``the Doctor``) and titled names
(``Hajj Ali``, ``Cheikh Moussa``); the role word beside a name (boss, driver, smuggler, passeur…)
is kept with it.  Names in Arabic script stay as written.  Amounts need a currency (``2,000
euros``, ``3000$``, ``1.5k dinars``, ``€200``) and are converted to the case currency where a
rate is known.  Places are those the offline gazetteer knows.  Dates mentioned (``12/03/2024``,
``le 5 juin``, ``March 5th``) take the message's year where they give none.

Pure and fast: no I/O, no store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from app.currency import convert, normalise_currency
from app.phones import extract_phones

KINDS = ("person", "phone", "amount", "place", "date")

_ROLES = {
    # English
    "boss": "organiser",
    "chief": "organiser",
    "organiser": "organiser",
    "organizer": "organiser",
    "leader": "organiser",
    "driver": "driver",
    "smuggler": "smuggler",
    "captain": "boat captain",
    "guide": "guide",
    "forger": "document forger",
    "broker": "broker",
    "middleman": "broker",
    "recruiter": "recruiter",
    "collector": "money collector",
    "cashier": "money collector",
    "hawaladar": "money collector",
    "money changer": "money collector",
    "guard": "guard",
    "police": "official",
    "policeman": "official",
    "officer": "official",
    "soldier": "official",
    # French
    "chef": "organiser",
    "patron": "organiser",
    "passeur": "smuggler",
    "chauffeur": "driver",
    "capitaine": "boat captain",
    "faussaire": "document forger",
    "intermédiaire": "broker",
    "intermediaire": "broker",
    "recruteur": "recruiter",
    "coxeur": "recruiter",
    "caissier": "money collector",
    "gardien": "guard",
    "policier": "official",
    "douanier": "official",
}
_ROLE_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _ROLES), key=len, reverse=True)) + r")s?\b", re.I
)
_KUNYA = re.compile(
    r"\b(?:Abu|Abou|Abo|Umm|Oum|Om|Ibn|Ould)\s+[A-Z][\w'’-]+(?:\s+(?:al|el)[- ][A-Z][\w'’-]+)?"
)
_ARABIC_KUNYA = re.compile(r"(?:أبو|ابو|أم|ام|ابن)\s+[\u0621-\u064A]+(?:\s+ال[\u0621-\u064A]+)?")
_ARABIC_SPAN = re.compile(r"[\u0621-\u064A]{2,}(?:\s+[\u0621-\u064A]{2,}){0,3}")
_NICKNAME = re.compile(
    r"\b(?:le|la|the|Le|La|The)\s+(?:Vieux|Grand|Petit|Gros|Boss|Chef|Docteur|Doctor|Colonel|Général|General"
    r"|Patron|Tonton|Professeur|Professor|Sheikh|Cheikh|Hadj|Hajj|Libyen|Soudanais|Nigérian|Egyptian|Égyptien)\b"
)
_TITLED = re.compile(
    r"\b(?:Hajj|Hadj|Haj|Cheikh|Sheikh|Cheick|Doctor|Docteur|Dr\.?|Colonel|Capitaine|Captain|Mr\.?|M\.|Mme|Madame|Monsieur)"
    r"\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
)
_CAPITALISED = re.compile(
    r"\b[A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z][a-zà-ÿ'’-]+|al-[A-Z][a-z]+|el-[A-Z][a-z]+)){1,3}\b"
)
#: Capitalised words that begin sentences or name days, months and things, not people.
_NOT_NAME_WORDS = """
i je il elle on nous vous ils elles we he she they you it this that these those there then when
where what who why how yes no oui non ok okay merci thanks thank please hello hi bonjour salut
salam salaam inshallah hamdoulah wallah the a an le la les un une des mon ma mes son sa ses
monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi vendredi
samedi dimanche january february march april may june july august september october november
december janvier février fevrier mars avril mai juin juillet août aout septembre octobre
novembre décembre decembre today tomorrow yesterday aujourd demain hier after before après avant
but mais and et or ou so donc if si my your our his her their mon ton notre votre god allah dieu
police western union moneygram whatsapp telegram viber facebook messenger signal imo euro euros
dollar dollars dinar dinars cfa usd eur lyd send sent call called ramadan eid aid europe africa
afrique italy italie libya libye niger mali sudan soudan he's she's it's i'm don't can't we're
they're c'est j'ai il y en à au aux du de pour hola vale bueno gracias adios yalla yallah habibi
wallahi mashallah bismillah khalas ask tell call send give pay meet bring take go come wait say
see let get put find demande dis appelle envoie donne paie payez prends viens attends va allez
voir regarde
"""
_NOT_NAMES = set(_NOT_NAME_WORDS.split())
_NUMBER = r"\d{1,3}(?:[ ,.\u202f\u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_CUR = (
    r"€|\$|£|euros?|eur|usd|us\s?dollars?|dollars?|dinars?(?:\s+libyens?|\s+tunisiens?)?|lyd|tnd|dt"
    r"|fcfa|cfa|xof|francs?\s+cfa|francs?|lires?|lira|try|tl|gbp|pounds?|livres?|dirhams?|mad|dhs?"
    r"|naira|ngn|birr|etb|egp|sdg|nakfa|ern"
)
_MULT = r"k|K|mille|thousand|million|millions|m(?=\s)"
_AMOUNT = re.compile(
    rf"(?:(?P<cur1>€|\$|£|USD|EUR|LYD)\s?(?P<num1>{_NUMBER})\s?(?P<mult1>{_MULT})?)"
    rf"|(?:(?P<num2>{_NUMBER})\s?(?P<mult2>{_MULT})?\s?(?:de\s|d')?(?P<cur2>{_CUR})(?![a-zA-Z]))",
    re.IGNORECASE,
)
_CURRENCY_WORDS = {
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "usdollars": "USD",
    "£": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "livre": "GBP",
    "livres": "GBP",
    "dinar": "LYD",
    "dinars": "LYD",
    "dinar libyen": "LYD",
    "dinars libyens": "LYD",
    "dinar tunisien": "TND",
    "dinars tunisiens": "TND",
    "dt": "TND",
    "fcfa": "XOF",
    "cfa": "XOF",
    "franc cfa": "XOF",
    "francs cfa": "XOF",
    "franc": "XOF",
    "francs": "XOF",
    "lira": "TRY",
    "lire": "TRY",
    "lires": "TRY",
    "tl": "TRY",
    "dirham": "MAD",
    "dirhams": "MAD",
    "dh": "MAD",
    "dhs": "MAD",
    "naira": "NGN",
    "birr": "ETB",
    "nakfa": "ERN",
}
_MONTHS = {
    "january": 1,
    "janvier": 1,
    "jan": 1,
    "janv": 1,
    "february": 2,
    "février": 2,
    "fevrier": 2,
    "feb": 2,
    "févr": 2,
    "march": 3,
    "mars": 3,
    "mar": 3,
    "april": 4,
    "avril": 4,
    "apr": 4,
    "avr": 4,
    "may": 5,
    "mai": 5,
    "june": 6,
    "juin": 6,
    "jun": 6,
    "july": 7,
    "juillet": 7,
    "jul": 7,
    "juil": 7,
    "august": 8,
    "août": 8,
    "aout": 8,
    "aug": 8,
    "september": 9,
    "septembre": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "octobre": 10,
    "oct": 10,
    "november": 11,
    "novembre": 11,
    "nov": 11,
    "december": 12,
    "décembre": 12,
    "decembre": 12,
    "dec": 12,
    "déc": 12,
}
_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DATE_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.I)
_DATE_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_DATE_NUMERIC = re.compile(r"(?<![\d.,/])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?(?![\d/]|[.,]\d)")
_ROLE_NAMED = re.compile(
    r"\b(?P<a>[A-Z][a-zà-ÿ'’-]{2,}),?\s+(?:the|our|their|his|le|la|notre|leur|son|sa)\s+(?:"
    + "|".join(sorted(map(re.escape, _ROLES), key=len, reverse=True))
    + r")s?\b"
    r"|\b(?:the|le|la|notre|our|un|a)\s+(?:"
    + "|".join(sorted(map(re.escape, _ROLES), key=len, reverse=True))
    + r")s?\s+(?P<b>[A-Z][a-zà-ÿ'’-]{2,})\b(?!\s+[A-Z])"
)
_DIGIT_RUN = re.compile(r"\d")
#: Seven digits or more, possibly split by spaces, dots, dashes or brackets: worth asking
#: phonenumbers' (slow) matcher about.
_PHONE_LIKE = re.compile(r"\d(?:[\s().\-]{0,2}\d){6,}")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")


@dataclass
class Fact:
    """One thing the text names, with the words it was found in."""

    kind: str
    value: str
    normalised: str
    quote: str
    row: int | None = None
    attrs: dict = field(default_factory=dict)
    #: the batch key of who said or wrote it (a message's sender, an interviewee), set by importers
    subject: str = ""


class Extractor:
    """Finds facts in free text; build once per file (the gazetteer loads on first use).

    >>> ex = Extractor(region="LY", case_currency="EUR", rates={"EUR": 1.0, "USD": 0.9})
    >>> [(f.kind, f.value, f.normalised) for f in ex.facts("Paid Abu Omar the boss 3000$ in Sebha.")]
    [('person', 'Abu Omar', 'abu omar'), ('amount', '3000$', '2700.00 EUR'), ('place', 'Sebha', 'Sebha')]
    """

    def __init__(
        self, *, region: str = "", case_currency: str = "EUR", rates: dict | None = None, gazetteer=None
    ) -> None:
        self.region, self.case_currency = region, case_currency
        self.rates = rates or {}
        self._gazetteer = gazetteer

    @cached_property
    def gazetteer(self):
        if self._gazetteer is None:
            from app.gazetteer import Gazetteer

            self._gazetteer = Gazetteer()
        return self._gazetteer

    def facts(
        self,
        text: str,
        *,
        row: int | None = None,
        when: str | None = None,
        subject: str = "",
        kinds: tuple[str, ...] = KINDS,
    ) -> list[Fact]:
        """Every fact of ``kinds`` in ``text`` (each value once), in the order found."""
        if not text or not text.strip():
            return []
        out: list[Fact] = []
        taken: list[tuple[int, int]] = []  # spans already read as something else
        digits = _DIGIT_RUN.search(text) is not None
        finders = (
            ("phone", self._phones, _PHONE_LIKE.search(text) is not None),
            ("amount", self._amounts, digits),
            ("date", self._dates, True),
            ("person", self._people, True),
            ("place", self._places, True),
        )
        for kind, finder, worth in finders:
            # numbers and amounts are read first so that no date or name swallows them
            if worth and (kind in kinds or kind == "amount"):
                out.extend(finder(text, taken, when))
        out = [f for f in out if f.kind in kinds]
        seen, unique = set(), []
        for fact in sorted(out, key=lambda f: text.find(f.value)):
            if (fact.kind, fact.normalised) not in seen:
                seen.add((fact.kind, fact.normalised))
                fact.row, fact.subject = row, subject
                unique.append(fact)
        return unique

    # ------------------------------------------------------------ finders
    def _phones(self, text: str, taken: list, when) -> list[Fact]:
        out = []
        for raw, e164 in extract_phones(text, self.region):
            start = text.find(raw)
            taken.append((start, start + len(raw)))
            out.append(Fact("phone", raw, e164, _quote(text, start)))
        return out

    def _amounts(self, text: str, taken: list, when) -> list[Fact]:
        out = []
        for m in _AMOUNT.finditer(text):
            if _overlaps(m.span(), taken):
                continue
            number = _number(m.group("num1") or m.group("num2"))
            word = (m.group("cur1") or m.group("cur2") or "").casefold()
            currency = _CURRENCY_WORDS.get(re.sub(r"\s+", " ", word)) or normalise_currency(word.upper())
            if number is None or not currency:
                continue
            mult = (m.group("mult1") or m.group("mult2") or "").casefold()
            number *= {
                "k": 1e3,
                "mille": 1e3,
                "thousand": 1e3,
                "m": 1e6,
                "million": 1e6,
                "millions": 1e6,
            }.get(mult, 1)
            taken.append(m.span())
            case = convert(number, currency, self.rates, self.case_currency)
            normalised = (
                f"{case:.2f} {self.case_currency}" if case is not None else f"{number:.2f} {currency}"
            )
            out.append(
                Fact(
                    "amount",
                    m.group(0).strip(),
                    normalised,
                    _quote(text, m.start()),
                    attrs={"amount": number, "currency": currency, "amount_case": case},
                )
            )
        return out

    def _dates(self, text: str, taken: list, when) -> list[Fact]:
        out = []
        year_now = int(when[:4]) if when and when[:4].isdigit() else None
        for pattern, order in ((_DATE_DAY_MONTH, "dm"), (_DATE_MONTH_DAY, "md"), (_DATE_NUMERIC, "num")):
            for m in pattern.finditer(text):
                if _overlaps(m.span(), taken):
                    continue
                a, b, y = m.groups()
                if order == "dm":
                    day, month = int(a), _MONTHS[b.casefold().rstrip(".")]
                elif order == "md":
                    day, month = int(b), _MONTHS[a.casefold().rstrip(".")]
                else:
                    day, month = int(a), int(b)
                    if month > 12 >= day:  # 12/14: month first, as the US writes it
                        day, month = month, day
                    if not y and "." in m.group(0):
                        continue  # 1.5 is a number, not the 1st of May
                year = int(y) + (2000 if y and len(y) == 2 else 0) if y else year_now
                if not (1 <= day <= 31 and 1 <= month <= 12):
                    continue
                taken.append(m.span())
                normalised = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
                out.append(Fact("date", m.group(0), normalised, _quote(text, m.start())))
        return out

    def _people(self, text: str, taken: list, when) -> list[Fact]:
        found: list[tuple[int, int, str, str]] = []  # start, end, name, how
        for pattern, how in (
            (_KUNYA, "kunya"),
            (_ARABIC_KUNYA, "kunya"),
            (_TITLED, "title"),
            (_NICKNAME, "nickname"),
        ):
            for m in pattern.finditer(text):
                if not _overlaps(m.span(), taken + [(s, e) for s, e, *_ in found]):
                    found.append((m.start(), m.end(), m.group(0), how))
        for m in _CAPITALISED.finditer(text):
            if _overlaps(m.span(), taken + [(s, e) for s, e, *_ in found]):
                continue
            name = self._full_name(m.group(0))
            if name:
                start = m.start() + m.group(0).find(name)
                found.append((start, start + len(name), name, "name"))
        for m in _ROLE_NAMED.finditer(text):
            name = m.group("a") or m.group("b")
            start = m.start("a") if m.group("a") else m.start("b")
            span = (start, start + len(name))
            if (
                name.casefold() not in _NOT_NAMES
                and not _overlaps(span, taken + [(s, e) for s, e, *_ in found])
                and not self._place(name)
            ):
                found.append((*span, name, "name and role"))
        if _ARABIC_SPAN.search(text) and _arabic_share(text) < 0.5:
            for m in _ARABIC_SPAN.finditer(text):
                if not _overlaps(m.span(), [(s, e) for s, e, *_ in found]):
                    found.append((m.start(), m.end(), m.group(0), "arabic script"))
        out = []
        for start, end, name, how in sorted(found):
            taken.append((start, end))
            attrs = {"how": how}
            role = _role_beside(text, start, end)
            if role:
                attrs["role"], attrs["role_word"] = _ROLES[role.casefold()], role
            out.append(Fact("person", name, _name_norm(name), _quote(text, start), attrs=attrs))
        return out

    def _full_name(self, words: str) -> str:
        """The longest run of words that can be a person's name (no common word, no place)."""
        parts = words.split()
        while parts and (parts[0].casefold() in _NOT_NAMES or _ROLES.get(parts[0].casefold())):
            parts = parts[1:]
        while parts and (parts[-1].casefold() in _NOT_NAMES or _ROLES.get(parts[-1].casefold())):
            parts = parts[:-1]
        if len(parts) < 2 or any(p.casefold() in _NOT_NAMES for p in parts):
            return ""
        if any(self._place(p) for p in parts) or self._place(" ".join(parts)):
            return ""
        return " ".join(parts)

    def _places(self, text: str, taken: list, when) -> list[Fact]:
        out = []
        for m in re.finditer(r"\b[A-Z][\w'’-]{2,}(?:[ -][A-Z][\w'’-]+)?", text):
            if _overlaps(m.span(), taken):
                continue
            for candidate in (m.group(0), m.group(0).split()[0]):
                place = self._place(candidate)
                if place:
                    taken.append((m.start(), m.start() + len(candidate)))
                    out.append(
                        Fact(
                            "place",
                            candidate,
                            place.name,
                            _quote(text, m.start()),
                            attrs={"lat": place.lat, "lon": place.lon, "country": place.country},
                        )
                    )
                    break
        return out

    def _place(self, word: str):
        if len(word) < 4 or word.casefold() in _NOT_NAMES - {
            "europe",
            "libya",
            "libye",
            "niger",
            "mali",
            "sudan",
            "soudan",
            "italy",
            "italie",
        }:
            return None
        found = self.gazetteer.lookup(word, fuzzy=False)
        if found and (found.source == "ariadne" or word.casefold() == found.name.casefold()):
            return found
        return None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def _number(text: str | None) -> float | None:
    """``2,000`` ``2 000`` ``2.000`` (thousands) ``1.5`` ``1,5`` (decimals) as a number."""
    if not text:
        return None
    t = text.replace("\u202f", " ").replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", t):
        return float(re.sub(r"[ ,.]", "", t))
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+[.,]\d{1,2}", t):
        return float(re.sub(r"[ ,.]", "", t[:-3]) + "." + t[-2:].lstrip(".,"))
    try:
        return float(t.replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def _quote(text: str, at: int) -> str:
    """The sentence around position ``at`` (at most 300 characters); ``1.5`` ends none."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= at:
            start = m.end()
        else:
            return text[start : m.end()].strip()[:300]
    return text[start:].strip()[:300]


def _role_beside(text: str, start: int, end: int) -> str:
    """The role word right before or after a name (``the driver Ali``, ``Ali, le passeur``)."""
    before = text[max(0, start - 25) : start]
    after = text[end : end + 30]
    m = _ROLE_WORD.search(after)
    if m and not re.search(r"[.!?;\n]", after[: m.start()]):
        return m.group(1)
    hits = list(_ROLE_WORD.finditer(before))
    if hits and not re.search(r"[.!?;\n,]", before[hits[-1].end() :]):
        return hits[-1].group(1)
    return ""


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\u0600" <= c <= "\u06ff" for c in letters) / len(letters) if letters else 0.0


def _name_norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'")).strip().casefold()
