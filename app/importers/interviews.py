"""Debriefing interviews with migrants (``interviews``): JSON (one object, an array, or JSON
Lines) or an XLSX workbook with sheets ``interviews``, ``legs``, ``mentions``, ``payments``.

The interviewee is a person with role ``migrant`` and their vulnerability flags; each
mentioned smuggler a person with the names, aliases, numbers and role the migrant gave;
legs are journeys through places (resolved offline by the gazetteer); payments link the
migrant to whoever was paid.  Phone numbers, amounts and known places in the free-text
narrative are extracted and marked ``extracted``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.amounts import parse_amount
from app.currency import convert, normalise_currency
from app.extraction import Extractor
from app.gazetteer import Gazetteer, unresolved_note
from app.importers.base import EntityRecord, ImportFailed, LegRecord, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook
from app.importers.dates import parse_date
from app.importers.tabular import normalise_header, read_tables
from app.phones import extract_phones
from app.progress import ticking

MAX_JSON_BYTES = 256 * 1024**2
SHEETS = ("interviews", "legs", "mentions", "payments")
#: The fields of each workbook sheet, as the JSON form names them (matched without "_").
SHEET_FIELDS = {
    "mentions": ("ref", "name", "role", "nationality", "aliases", "phones"),
    "legs": ("from", "to", "start", "end", "mode", "price", "currency", "smuggler_ref"),
    "payments": ("amount", "currency", "method", "to_ref", "to_name", "to_phone", "place", "date"),
}
LIST_FIELDS = {"aliases", "phones"}
_AMOUNT = re.compile(r"(\d[\d,.\s]*\d|\d)\s*(USD|EUR|GBP|LYD|XOF|TRY|dollars?|euros?|dinars?|CFA|\$|€)", re.I)
_WORD = re.compile(r"\b[A-Z][\w'’-]{3,}(?:\s+[A-Z][\w'’-]+)?")


def _date(text: object) -> str | None:
    return parse_date(text)


def load_json_interviews(path: Path, name: str) -> list[tuple[int, dict | None, str]]:
    """(row, document or None when unreadable, raw text) for each interview in the file."""
    if path.stat().st_size > MAX_JSON_BYTES:
        raise ImportFailed(f"{name}: larger than {MAX_JSON_BYTES:,} bytes")
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise ImportFailed(f"{name}: the file is empty")
    try:
        data = json.loads(text)
        docs = data if isinstance(data, list) else [data]
        return [(i + 1, d if isinstance(d, dict) else None, json.dumps(d)[:2000]) for i, d in enumerate(docs)]
    except json.JSONDecodeError as whole:
        out = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                out.append((number, doc if isinstance(doc, dict) else None, line[:2000]))
            except json.JSONDecodeError:
                out.append((number, None, line[:2000]))
        if not any(d for _, d, _ in out):
            raise ImportFailed(
                f"{name}: not JSON or JSON Lines ({whole.msg} at line {whole.lineno})"
            ) from None
        return out


def load_workbook_interviews(path: Path, name: str) -> list[tuple[int, dict | None, str]]:
    tables = {normalise_header(t.name): t for t in read_tables(path)}
    if "interviews" not in tables:
        raise ImportFailed(
            f"{name}: an interview workbook needs a sheet 'interviews' "
            f"(sheets: {', '.join(t.name for t in tables.values())})"
        )
    by_id: dict[str, dict] = {}
    out: list[tuple[int, dict | None, str]] = []
    sheet = tables["interviews"]
    for i, rec in enumerate(sheet.frame.to_dict("records")):
        r = {normalise_header(k): v for k, v in rec.items()}
        doc = {
            "interview_id": r.get("interviewid", ""),
            "date": r.get("date", ""),
            "place": r.get("place", ""),
            "interviewer": r.get("interviewer", ""),
            "interviewee": {
                "ref": r.get("ref", ""),
                "sex": r.get("sex", ""),
                "age": r.get("age", ""),
                "nationality": r.get("nationality", ""),
            },
            "vulnerabilities": [
                v.strip() for v in re.split(r"[;,]", r.get("vulnerabilities", "")) if v.strip()
            ],
            "legs": [],
            "mentions": [],
            "payments": [],
            "narrative": r.get("narrative", ""),
        }
        by_id[str(doc["interview_id"])] = doc
        out.append((sheet.row_number(i), doc, json.dumps(rec)[:2000]))
    for sheet_name in ("legs", "mentions", "payments"):
        if sheet_name not in tables:
            continue
        for rec in tables[sheet_name].frame.to_dict("records"):
            r = {normalise_header(k): v for k, v in rec.items()}
            parent = by_id.get(str(r.get("interviewid", "")))
            if parent is None:
                continue
            item = {field: r.get(normalise_header(field)) for field in SHEET_FIELDS[sheet_name]}
            for field in LIST_FIELDS.intersection(item):  # "a; b" in a cell is a list
                item[field] = [x.strip() for x in str(item[field] or "").split(";") if x.strip()]
            r = item
            parent[sheet_name].append(r)
    return out


class InterviewsImporter:
    kind = "interviews"
    extensions = (".json", ".jsonl", ".ndjson", ".xlsx")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        suffix = Path(path).suffix.lower()
        if suffix in (".json", ".jsonl", ".ndjson"):
            with open(path, "rb") as f:
                head = f.read(4096)
            return 0.9 if b"interview" in head or b"interviewee" in head else 0.3
        if columns and "interviewid" in columns:
            return 0.97
        return 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        p = Path(path)
        docs = (
            load_workbook_interviews(p, ctx.file_name)
            if p.suffix.lower() in (".xlsx", ".xlsm") or p.read_bytes()[:4] == b"PK\x03\x04"
            else load_json_interviews(p, ctx.file_name)
        )
        records = Records(self.kind, rows_read=len(docs))
        reader = _InterviewReader(ctx, records)
        for row, doc, raw in ticking(docs, len(docs), progress, cancel, "reading interviews"):
            if doc is None:
                records.bad_row(row, "unreadable interview record (not a JSON object)", raw)
                continue
            # what a row adds is taken back if it turns out bad: no migrant without an interview
            marks = {
                k: len(v)
                for k, v in vars(records).items()
                if k not in ("quarantine", "notes") and isinstance(v, list)
            }
            seen = set(reader.book.seen)
            try:
                reader.read(doc, row)
            except (TypeError, ValueError, AttributeError) as exc:
                for k, n in marks.items():
                    del getattr(records, k)[n:]
                reader.book.seen = seen
                records.bad_row(row, f"interview record not in the expected shape: {exc}"[:300], raw)
        records.notes += unresolved_note(reader.unresolved)
        return records


class _InterviewReader:
    def __init__(self, ctx: ParseContext, records: Records) -> None:
        self.ctx, self.records = ctx, records
        self.book = PhoneBook(ctx, records)
        self.gazetteer = Gazetteer()
        self.extractor = Extractor(
            region=ctx.region, case_currency=ctx.case_currency, rates=ctx.rates, gazetteer=self.gazetteer
        )
        #: place names the gazetteer did not know: listed at the end of the import
        self.unresolved: set[str] = set()

    def place(self, name: object, row: int) -> str | None:
        text = str(name or "").strip()
        if not text:
            return None
        found = self.gazetteer.lookup(text)
        label = found.name if found else text
        if found is None:
            self.unresolved.add(text)
        attrs = (
            {"lat": found.lat, "lon": found.lon, "country": found.country} if found else {"unresolved": True}
        )
        key = f"location:{normalise_header(label)}"
        self.records.entities.append(
            EntityRecord(key, "location", label, attrs, [("place", normalise_header(text), text)], row)
        )
        return key

    def read(self, doc: dict, row: int) -> None:
        iid = str(doc.get("interview_id") or f"row-{row}")
        who = doc.get("interviewee") or {}
        ref = str(who.get("ref") or iid)
        migrant = f"person:migrant:{ref}"
        date = _date(doc.get("date"))
        flags = [normalise_header(v).replace(" ", "_") for v in doc.get("vulnerabilities") or []]
        flags = [{"missingrelative": "missing_relative"}.get(f, f) for f in flags]
        attrs = {
            "role": "migrant",
            "ref": ref,
            "interview_id": iid,
            "vulnerabilities": flags,
            "interview_date": date,
            "interview_place": doc.get("place", ""),
        }
        attrs.update({k: who[k] for k in ("sex", "age", "nationality") if who.get(k) not in (None, "")})
        self.records.entities.append(
            EntityRecord(migrant, "person", f"Migrant {ref}", attrs, [("ref", ref, ref)], row)
        )
        smugglers = {}
        for m in doc.get("mentions") or []:
            smugglers[str(m.get("ref"))] = self.mention(migrant, iid, m, row, date)
        for seq, leg in enumerate(doc.get("legs") or [], start=1):
            self.leg(migrant, iid, seq, leg, smugglers, row)
        for pay in doc.get("payments") or []:
            self.payment(migrant, iid, pay, smugglers, row, date)
        self.narrative(migrant, str(doc.get("narrative") or ""), row, date)

    def mention(self, migrant: str, iid: str, m: dict, row: int, date: str | None) -> str:
        key = f"person:int:{iid}:{m.get('ref')}"
        name = str(m.get("name") or "").strip() or f"unnamed {m.get('role') or 'smuggler'} ({iid})"
        aliases = [str(a).strip() for a in m.get("aliases") or [] if str(a).strip()]
        attrs = {k: m[k] for k in ("role", "nationality", "notes") if m.get(k)}
        attrs["described_in"] = iid
        idents = [("name", name, name)] + [("alias", a, a) for a in aliases]
        self.records.entities.append(EntityRecord(key, "person", name, attrs, idents, row))
        self.records.links.append(
            LinkRecord("mentioned", migrant, key, row=row, ts=date, attrs={"interview": iid})
        )
        for phone in m.get("phones") or []:
            pk = self.book.key(phone, row)
            if pk:
                self.records.links.append(LinkRecord("uses", key, pk, row=row))
        return key

    def leg(self, migrant, iid, seq, leg, smugglers, row) -> None:
        src, dst = self.place(leg.get("from"), row), self.place(leg.get("to"), row)
        price, written = parse_amount(leg.get("price"))
        currency = normalise_currency(leg.get("currency")) or written
        facilitator = smugglers.get(str(leg.get("smuggler_ref")))
        self.records.legs.append(
            LegRecord(
                iid,
                seq,
                row,
                migrant,
                src,
                dst,
                _date(leg.get("start")),
                _date(leg.get("end")),
                leg.get("mode") or None,
                price,
                currency,
                convert(price, currency, self.ctx.rates, self.ctx.case_currency),
                facilitator,
            )
        )
        for place in (src, dst):
            if place:
                self.records.links.append(
                    LinkRecord("travelled", migrant, place, row=row, ts=_date(leg.get("start")))
                )
        if facilitator and dst:
            self.records.links.append(LinkRecord("located_at", facilitator, src or dst, row=row))

    def payment(self, migrant, iid, pay, smugglers, row, date) -> None:
        amount, written = parse_amount(pay.get("amount"))
        currency = normalise_currency(pay.get("currency")) or written
        target = smugglers.get(str(pay.get("to_ref")))
        if target is None and pay.get("to_name"):
            target = f"person:int:{iid}:pay:{pay.get('to_name')}"
            self.records.entities.append(
                EntityRecord(
                    target,
                    "person",
                    str(pay["to_name"]),
                    {"described_in": iid},
                    [("name", str(pay["to_name"]), str(pay["to_name"]))],
                    row,
                )
            )
        phone = self.book.key(pay.get("to_phone"), row) if pay.get("to_phone") else None
        if target and phone:
            self.records.links.append(LinkRecord("uses", target, phone, row=row))
        target = target or phone
        if target:
            self.records.links.append(
                LinkRecord(
                    "paid",
                    migrant,
                    target,
                    row=row,
                    ts=_date(pay.get("date")) or date,
                    amount=amount,
                    currency=currency,
                    amount_case=convert(amount, currency, self.ctx.rates, self.ctx.case_currency),
                    attrs={k: pay[k] for k in ("method", "place") if pay.get(k)} | {"interview": iid},
                    event=True,
                )
            )

    def narrative(self, migrant: str, text: str, row: int, date: str | None) -> None:
        if not text:
            return
        for raw, e164 in extract_phones(text, self.ctx.region):
            key = self.book.key(e164, row)
            if key is None:
                continue
            self.records.links.append(
                LinkRecord(
                    "mentioned", migrant, key, row=row, ts=date, attrs={"extracted": True, "as_written": raw}
                )
            )
        amounts = [f"{m.group(1).strip()} {m.group(2)}" for m in _AMOUNT.finditer(text)]
        places = []
        for m in _WORD.finditer(text):
            for candidate in (m.group(0), m.group(0).split()[0]):
                found = self.gazetteer.lookup(candidate, fuzzy=False) if len(candidate) >= 4 else None
                if (
                    found
                    and found.source == "ariadne"
                    or (found and candidate.casefold() == found.name.casefold())
                ):
                    places.append(found.name)
                    break
        for name in dict.fromkeys(places):
            key = self.place(name, row)
            if key is None:
                continue
            self.records.links.append(
                LinkRecord("mentioned", migrant, key, row=row, ts=date, attrs={"extracted": True})
            )
        if amounts:
            self.records.entities.append(EntityRecord(migrant, "person", "", {"narrative_amounts": amounts}))
        # People, amounts and dates named in the narrative wait for the analyst's review
        # (numbers and places above are linked at once, as the interview format promises).
        self.records.extracted.extend(
            self.extractor.facts(
                text, row=row, when=date, subject=migrant, kinds=("person", "amount", "date")
            )
        )
