"""vCard address books (``.vcf``): versions 2.1, 3.0 and 4.0, quoted-printable, grouped
properties (``item1.TEL``), several numbers per card and names in any script.

A tolerant reader of our own: real exporters (Outlook's multi-line quoted-printable, iPhone
photos folded without a leading space, Lotus Notes) break strict parsers such as vobject,
and one odd property must not cost the analyst the whole card.  Only what a seized address
book says about people is read: names, numbers, e-mail and notes.
"""

from __future__ import annotations

import quopri
import re
from pathlib import Path

from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.common import PhoneBook, saved_contact
from app.progress import ticking

_PROP = re.compile(r"^(?:[\w-]+\.)?([A-Za-z][\w-]*)((?:;[^:]*)?):(.*)$")
MAX_VCF_BYTES = 200 * 1024**2


def _unfold(block: str) -> list[str]:
    """Content lines: RFC folding (a leading space or tab continues a line) and
    quoted-printable soft breaks (a line ending in ``=``)."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\n|\r", block):
        if lines and raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
        elif lines and "QUOTED-PRINTABLE" in lines[-1].split(":", 1)[0].upper() and lines[-1].endswith("="):
            lines[-1] = lines[-1][:-1] + raw
        else:
            lines.append(raw)
    return lines


def _value(params: str, value: str) -> str:
    upper = params.upper()
    if "QUOTED-PRINTABLE" in upper:
        charset = re.search(r"CHARSET=([\w-]+)", params, re.I)
        data = quopri.decodestring(value.encode("ascii", "ignore"))
        try:
            value = data.decode(charset.group(1) if charset else "utf-8")
        except (LookupError, UnicodeDecodeError):
            value = data.decode("latin-1")
    return value.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",").replace("\\;", ";").strip()


def split_cards(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Complete cards and unterminated ones, each with the line number its BEGIN is on.

    A card that never reaches ``END:VCARD`` (the file ends, or another ``BEGIN:VCARD``
    comes first) is returned among the unterminated, so it is quarantined rather than
    dropped and a nested card is read on its own, not under the outer card's name.

    >>> split_cards("BEGIN:VCARD\\nFN:A\\nBEGIN:VCARD\\nFN:B\\nEND:VCARD\\nBEGIN:VCARD\\nFN:C")
    ([(3, 'BEGIN:VCARD\\nFN:B\\nEND:VCARD')], [(1, 'BEGIN:VCARD\\nFN:A'), (6, 'BEGIN:VCARD\\nFN:C')])
    """
    cards: list[tuple[int, str]] = []
    open_cards: list[tuple[int, str]] = []
    start = 0
    lines: list[str] = []
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if start:
                open_cards.append((start, "\n".join(lines)))
            start, lines = number, [line]
        elif start:
            lines.append(line)
            if word == "END:VCARD":
                cards.append((start, "\n".join(lines)))
                start, lines = 0, []
    if start:
        open_cards.append((start, "\n".join(lines)))
    return cards, sorted(open_cards)


def read_card(block: str) -> dict[str, list[str]]:
    """Properties of one card: {"FN": [...], "N": [...], "TEL": [...], "EMAIL": [...], "NOTE": [...]}.

    >>> card = read_card("BEGIN:VCARD\\nVERSION:2.1\\n"
    ...                  "N;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=D8=B3=D8=A7=D9=84=D9=85;;\\n"
    ...                  "item1.TEL;type=CELL:+218 91 234 5678\\nEND:VCARD")
    >>> card["N"], card["TEL"]
    (['سالم;;'], ['+218 91 234 5678'])
    """
    out: dict[str, list[str]] = {}
    for line in _unfold(block):
        m = _PROP.match(line)
        if not m:
            continue
        name = m.group(1).upper()
        if name in ("FN", "N", "TEL", "EMAIL", "NOTE"):
            out.setdefault(name, []).append(_value(m.group(2), m.group(3)))
    return out


def card_name(card: dict[str, list[str]]) -> str:
    if card.get("FN") and card["FN"][0]:
        return card["FN"][0]
    if card.get("N"):
        parts = (card["N"][0].split(";") + [""] * 5)[:5]
        family, given, additional, prefix, _suffix = parts
        return " ".join(p for p in (prefix, given, additional, family) if p)
    return ""


class VCardImporter:
    kind = "contacts"
    extensions = (".vcf", ".vcard")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        if Path(path).suffix.lower() in self.extensions:
            return 0.95
        with open(path, "rb") as f:
            return 0.9 if b"BEGIN:VCARD" in f.read(4096).upper() else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        if p.stat().st_size > MAX_VCF_BYTES:
            raise ImportFailed(f"{ctx.file_name}: larger than {MAX_VCF_BYTES:,} bytes; not an address book")
        raw = p.read_bytes()
        text = (
            raw.decode("utf-16")
            if raw.startswith((b"\xff\xfe", b"\xfe\xff"))
            else raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        )
        cards, unterminated = split_cards(text)
        blocks = [block for _line, block in cards]
        if not blocks and not unterminated:
            raise ImportFailed(f"{ctx.file_name}: no vCard in the file (no BEGIN:VCARD … END:VCARD)")
        records = Records(self.kind, rows_read=len(blocks) + len(unterminated))
        for line, block in unterminated:
            records.bad_row(line, f"card at line {line} has no END:VCARD (unterminated)", block)
        book = PhoneBook(ctx, records)
        owner = book.key(ctx.options.owner) if ctx.options.owner else None
        for number, block in ticking(
            enumerate(blocks, start=1), len(blocks), progress, cancel, "reading cards"
        ):
            card = read_card(block)
            name = card_name(card)
            tels = [re.split(r";ext=", t, flags=re.I)[0] for t in card.get("TEL", [])]
            keys = [k for k in (book.key(t.removeprefix("tel:"), number) for t in tels) if k]
            if not keys:
                records.bad_row(
                    number, f"card {number} ({name or 'no name'}) has no phone number", block[:2000]
                )
                continue
            saved_contact(records, owner, keys, name, number, person_key=f"person:vcard:{number}")
        records.notes.append(
            "row numbers of vCards are the card's position in the file; an unterminated card's is its line"
        )
        return records
