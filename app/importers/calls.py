"""Call-detail records and a seized phone's own call log (``calls``), and messages.

A carrier CDR has a caller and a callee per row.  A phone's own log has one ``number`` (the
other party) and a direction; the device owner's number (``--owner``) is the other end.
Calls go through the bulk path (one frame, ``executemany``) so a million rows stay fast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from app.importers.base import ImportFailed, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook, first_table, parse_durations, saved_contact
from app.importers.dates import parse_dates
from app.importers.mapping import read_mapped_tables
from app.importers.tabular import match_columns
from app.progress import check, report

CDR_SPEC = {
    "caller": (
        "from",
        "a_number",
        "anumber",
        "calling_number",
        "calling",
        "source",
        "appelant",
        "numero_a",
        "msisdn_a",
    ),
    "callee": (
        "to",
        "b_number",
        "bnumber",
        "called_number",
        "called",
        "destination",
        "appele",
        "numero_b",
        "msisdn_b",
    ),
    "start": (
        "timestamp",
        "datetime",
        "date",
        "date_time",
        "debut",
        "start_time",
        "heure",
        "date_heure",
        "time",
    ),
    "duration": ("duration_s", "seconds", "duree", "duration_sec", "secondes"),
    "direction": ("type", "call_type", "sens"),
    "cell_id": ("cell", "cellule", "cgi", "lac_ci"),
    "imei": ("imei_a",),
    "body": ("text", "message", "contenu", "texte", "sms"),
}
LOG_SPEC = {
    "number": ("party", "phone", "numero", "telephone", "tel", "other_party", "correspondant"),
    "name": ("nom", "contact", "display_name", "contact_name"),
    **{k: v for k, v in CDR_SPEC.items() if k not in ("caller", "callee")},
}
_IN = ("incoming", "in", "entrant", "entrante", "recu", "received", "1", "mt")
_MISSED = ("missed", "manque", "manqué", "rejected", "rejete", "3", "5")


def _sniff_columns(columns: list[str] | None, *, body: bool) -> float:
    if not columns:
        return 0.0
    cdr = match_columns(columns, CDR_SPEC)
    log = match_columns(columns, LOG_SPEC)
    has_body = "body" in cdr
    if has_body != body:
        return 0.1
    if {"caller", "callee"} <= cdr.keys() and "start" in cdr:
        return 0.9
    if "number" in log and "start" in log and ("direction" in log or "duration" in log or body):
        return 0.75
    return 0.0


class CallsImporter:
    kind = "calls"
    extensions = (".csv", ".txt", ".tsv", ".xlsx")
    link_type = "called"

    def sniff(self, path: str, columns: list[str] | None) -> float:
        return _sniff_columns(columns, body=False)

    def parse(self, path: str, ctx: ParseContext, *, progress=None, cancel=None) -> Records:
        table = first_table(read_mapped_tables(path, ctx.options), ctx.file_name)
        records = Records(self.kind, rows_read=len(table.frame))
        for row, reason, raw in table.bad_rows or []:
            records.bad_row(row, reason, raw)
        rows = [table.row_number(i) for i in range(len(table.frame))]
        cdr = match_columns(table.columns, CDR_SPEC)
        if {"caller", "callee"} <= cdr.keys():
            cols, ends = cdr, None
        else:
            cols = match_columns(
                table.columns, LOG_SPEC, required=("number", "start"), file_name=ctx.file_name
            )
            if not ctx.options.owner:
                raise ImportFailed(
                    f"{ctx.file_name}: this is a phone's own log (one number per row); "
                    "give the device owner's number with --owner"
                )
            ends = "log"
        if "start" not in cols:
            raise ImportFailed(f"{ctx.file_name}: no date column (columns seen: {', '.join(table.columns)})")
        report(progress, 0.1, f"normalising {len(table.frame):,} rows")
        book = PhoneBook(ctx, records)
        frame = table.frame
        ts = parse_dates(frame[cols["start"]])
        duration = (
            parse_durations(frame[cols["duration"]])
            if "duration" in cols
            else pd.Series(np.nan, index=frame.index)
        )
        check(cancel)
        if ends is None:
            src = book.keys(frame[cols["caller"]], rows)
            dst = book.keys(frame[cols["callee"]], rows)
        else:
            owner = book.key(ctx.options.owner)
            if owner is None:
                raise ImportFailed(f"{ctx.file_name}: the owner number {ctx.options.owner!r} is not a number")
            other = book.keys(frame[cols["number"]], rows)
            direction = (
                frame[cols["direction"]].astype(str).str.strip().str.casefold()
                if "direction" in cols
                else pd.Series("", index=frame.index)
            )
            incoming = direction.isin(_IN) | direction.isin(_MISSED)
            src = other.where(incoming, owner)
            dst = pd.Series(owner, index=frame.index).where(incoming, other)
            if "name" in cols:
                self._saved_names(records, owner, other, frame[cols["name"]], rows)
        check(cancel)
        ok = src.notna() & dst.notna() & ts.notna() & (src != dst)
        self._quarantine(records, table, frame, src, dst, ts, ok, rows, cols)
        events = pd.DataFrame(
            {
                "type": self.link_type,
                "src": src[ok],
                "dst": dst[ok],
                "row": pd.Series(rows, index=frame.index)[ok],
                "ts": ts[ok],
                "duration": duration[ok].where(duration[ok].notna(), None),
            }
        )
        self._finish(records, events, frame[ok], cols)
        return records

    def _finish(self, records: Records, events: pd.DataFrame, frame: pd.DataFrame, cols: dict) -> None:
        records.event_frame = events.reset_index(drop=True)

    def _saved_names(self, records, owner, other, names, rows) -> None:
        seen = set()
        for key, name, row in zip(other.tolist(), names.astype(str).tolist(), rows, strict=True):
            name = name.strip()
            if key and name and (key, name) not in seen:
                seen.add((key, name))
                saved_contact(records, owner, [key], name, row, person_key=f"person:log:{row}")

    @staticmethod
    def _quarantine(records, table, frame, src, dst, ts, ok, rows, cols) -> None:
        for i in frame.index[~ok]:
            row = rows[i]
            raw = " | ".join(str(v) for v in frame.loc[i].tolist())[:2000]
            if pd.isna(ts.at[i]):
                value = frame.at[i, cols["start"]]
                reason = f"unreadable date {value!r}" if str(value).strip() else "no date"
            elif pd.isna(src.at[i]) or pd.isna(dst.at[i]):
                reason = "missing phone number"
            else:
                reason = "a call from a number to itself"
            records.bad_row(row, reason, raw)


class MessagesImporter(CallsImporter):
    kind = "messages"
    link_type = "messaged"

    def sniff(self, path: str, columns: list[str] | None) -> float:
        return _sniff_columns(columns, body=True)

    def _finish(self, records: Records, events: pd.DataFrame, frame: pd.DataFrame, cols: dict) -> None:
        bodies = frame[cols["body"]].astype(str).tolist() if "body" in cols else [""] * len(events)
        for (src, dst, row, ts), body in zip(
            events[["src", "dst", "row", "ts"]].itertuples(index=False), bodies, strict=True
        ):
            records.links.append(
                LinkRecord(
                    "messaged",
                    src,
                    dst,
                    row=int(row),
                    ts=ts,
                    event=True,
                    attrs={"body": body[:4000]} if body else {},
                )
            )
