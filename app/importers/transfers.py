"""Money-transfer logs (``transfers``): remittance companies, hawala ledgers, mobile money.

Senders and receivers become persons (with the phones and accounts the log gives, linked by
``uses``); each transaction is one ``transferred`` event, aggregated per ordered pair.  The
original amount and currency are kept; the case-currency value comes from the rates table.
"""

from __future__ import annotations

from typing import Any

from app.amounts import parse_amount
from app.currency import convert, normalise_currency
from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook
from app.importers.dates import infer_plan, parse_dates
from app.importers.mapping import read_mapped_tables
from app.importers.tabular import column_list, first_table, match_columns, normalise_header
from app.progress import ticking

SPEC = {
    "transaction_id": ("txn_id", "reference", "ref", "transaction", "numero_transaction", "mtcn", "id"),
    "timestamp": ("date", "datetime", "date_heure", "time", "date_transaction"),
    "sender_name": ("sender", "expediteur", "envoyeur", "payer", "donneur_ordre", "from_name"),
    "receiver_name": ("receiver", "beneficiary", "beneficiaire", "payee", "destinataire", "to_name"),
    "amount": ("montant", "value", "somme", "amount_sent", "montant_envoye"),
    "currency": ("devise", "ccy", "monnaie", "currency_code"),
    "sender_phone": ("telephone_expediteur", "sender_tel", "tel_expediteur", "sender_mobile"),
    "receiver_phone": ("telephone_beneficiaire", "receiver_tel", "tel_beneficiaire", "receiver_mobile"),
    "sender_account": ("compte_expediteur", "sender_iban", "sender_wallet", "from_account"),
    "receiver_account": ("compte_beneficiaire", "receiver_iban", "receiver_wallet", "to_account"),
    "sender_country": ("pays_expediteur", "origin_country"),
    "sender_city": ("ville_expediteur", "origin_city"),
    "receiver_country": ("pays_beneficiaire", "destination_country"),
    "receiver_city": ("ville_beneficiaire", "destination_city"),
    "channel": ("canal", "method", "methode", "type", "mode"),
    "agent": ("agence", "agent_id", "branch", "outlet"),
}


class TransfersImporter:
    kind = "transfers"
    extensions = (".csv", ".txt", ".xlsx")

    def sniff(self, path: str, columns: list[str] | None) -> float:
        if not columns:
            return 0.0
        found = match_columns(columns, SPEC)
        has_parties = ("sender_name" in found or "sender_account" in found) and (
            "receiver_name" in found or "receiver_account" in found
        )
        return 0.9 if has_parties and "amount" in found else 0.0

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        table = first_table(read_mapped_tables(path, ctx.options), ctx.file_name)
        cols = match_columns(table.columns, SPEC, required=("timestamp", "amount"), file_name=ctx.file_name)
        for side in ("sender", "receiver"):
            if not {f"{side}_name", f"{side}_phone", f"{side}_account"} & cols.keys():
                raise ImportFailed(
                    f"{ctx.file_name}: no column names the {side} "
                    f"(columns seen: {column_list(table.columns)})"
                )
        records = Records(self.kind, rows_read=len(table.frame))
        for row, reason, raw in table.bad_rows or []:
            records.bad_row(row, reason, raw)
        book = PhoneBook(ctx, records)
        plan = infer_plan(
            table.frame[cols["timestamp"]],
            date_format=ctx.options.date_format,
            timezone=ctx.options.timezone,
            column=cols["timestamp"],
        )
        if plan.note:
            records.notes.append(plan.note)
        stamps = parse_dates(table.frame[cols["timestamp"]], plan=plan)
        parties: dict[str, str] = {}
        rows = table.frame.to_dict("records")
        for i, rec in ticking(enumerate(rows), len(rows), progress, cancel, "reading transfers"):
            row = table.row_number(i)
            raw = " | ".join(str(v) for v in rec.values())[:2000]
            value, written_currency = parse_amount(rec[cols["amount"]])
            currency = normalise_currency(rec.get(cols.get("currency", ""), "")) or written_currency
            if value is None:
                records.bad_row(row, f"unreadable amount {rec[cols['amount']]!r}", raw)
                continue
            if value < 0:
                records.bad_row(
                    row, f"negative amount {rec[cols['amount']]!r} (a refund or a reversal?)", raw
                )
                continue
            if stamps.iloc[i] is None:
                records.bad_row(row, f"unreadable date {rec[cols['timestamp']]!r}", raw)
                continue
            src = self._party(records, book, parties, rec, cols, "sender", row)
            dst = self._party(records, book, parties, rec, cols, "receiver", row)
            if src is None or dst is None:
                records.bad_row(row, "sender or receiver missing", raw)
                continue
            attrs: dict[str, Any] = {
                k: str(rec[cols[k]]).strip()
                for k in ("transaction_id", "channel", "agent")
                if k in cols and str(rec[cols[k]]).strip()
            }
            records.links.append(
                LinkRecord(
                    "transferred",
                    src,
                    dst,
                    row=row,
                    ts=stamps.iloc[i],
                    amount=value,
                    currency=currency,
                    amount_case=convert(value, currency, ctx.rates, ctx.case_currency),
                    attrs=attrs,
                    event=True,
                )
            )
        return records

    @staticmethod
    def _party(records, book, parties, rec, cols, side, row) -> str | None:
        def get(field: str) -> str:
            return str(rec.get(cols.get(f"{side}_{field}", ""), "") or "").strip()

        name, account = get("name"), get("account")
        phone = book.key(get("phone"), row) if get("phone") else None
        account_key = f"account:{account.replace(' ', '').upper()}" if account else None
        if account_key and account_key not in parties:
            parties[account_key] = account_key
            records.entities.append(
                EntityRecord(
                    account_key, "account", account, {}, [("account", account_key[8:], account)], row
                )
            )
        if not name:
            return phone or account_key
        key = f"person:tx:{normalise_header(name)}|{phone or ''}|{account_key or ''}"
        if key not in parties:
            parties[key] = key
            attrs = {k: get(k) for k in ("country", "city") if get(k)}
            records.entities.append(EntityRecord(key, "person", name, attrs, [("name", name, name)], row))
            for thing in (phone, account_key):
                if thing:
                    records.links.append(LinkRecord("uses", key, thing, row=row))
        return key
