"""A seized phone's address book exported as CSV or XLSX (``contacts``)."""

from __future__ import annotations

from app.importers.base import ImportFailed, ParseContext, Records
from app.importers.common import PhoneBook, saved_contact
from app.importers.mapping import read_mapped_tables
from app.importers.tabular import column_list, first_table, match_columns, normalise_header
from app.progress import ticking

NAME_SPEC = {
    "name": ("nom", "display_name", "contact", "full_name", "nom_complet", "prenom_nom"),
    "email": ("mail", "e_mail", "courriel"),
    "note": ("notes", "remarque"),
}
PHONE_WORDS = ("phone", "mobile", "tel", "telephone", "numero", "cell", "portable", "gsm", "number")


def phone_columns(columns: list[str]) -> list[str]:
    """Every column that holds a number: ``phone``, ``phone_1``, ``Téléphone 2``, ``mobile``…"""
    out = []
    for c in columns:
        norm = normalise_header(c).rstrip("0123456789")
        if any(norm == w or norm.startswith(w) for w in PHONE_WORDS):
            out.append(c)
    return out


class ContactsImporter:
    kind = "contacts"
    extensions = (".csv", ".txt", ".xlsx")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        if not columns:
            return 0.0
        has_name = "name" in match_columns(columns, NAME_SPEC)
        phones = phone_columns(columns)
        timeish = any(c in columns for c in ("date", "start", "timestamp", "debut", "datetime"))
        return 0.8 if has_name and phones and not timeish else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        table = first_table(read_mapped_tables(path, ctx.options), ctx.file_name)
        cols = match_columns(table.columns, NAME_SPEC, required=("name",), file_name=ctx.file_name)
        phones = phone_columns(table.columns)
        if not phones:
            raise ImportFailed(
                f"{ctx.file_name}: no phone column (columns seen: {column_list(table.columns)})"
            )
        records = Records(self.kind, rows_read=len(table.frame))
        for row, reason, raw in table.bad_rows or []:
            records.bad_row(row, reason, raw)
        book = PhoneBook(ctx, records)
        owner = book.key(ctx.options.owner) if ctx.options.owner else None
        rows = table.frame.to_dict("records")
        for i, rec in ticking(enumerate(rows), len(rows), progress, cancel, "reading contacts"):
            row = table.row_number(i)
            if all(normalise_header(str(rec[c])) == normalise_header(c) for c in [cols["name"], *phones]):
                records.bad_row(row, "a repeated header", " | ".join(map(str, rec.values())))
                continue
            keys = [k for k in (book.key(rec[c], row) for c in phones if str(rec[c]).strip()) if k]
            name = str(rec[cols["name"]]).strip()
            if not keys:
                records.bad_row(row, "a contact with no readable number", " | ".join(map(str, rec.values())))
                continue
            extra = {"note": rec[cols["note"]]} if "note" in cols and rec[cols["note"]] else {}
            saved_contact(records, owner, keys, name, row, person_key=f"person:contact:{row}", extra=extra)
        if owner is None:
            records.notes.append("no --owner given: contacts are not linked to the seized phone")
        return records
