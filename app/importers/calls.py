"""Call-detail records and a seized phone's own call log (``calls``), and messages.

A carrier CDR has a caller and a callee per row.  A phone's own log has one ``number`` (the
other party) and a direction; the device owner's number (``--owner``) is the other end.
Calls go through the bulk path (one frame, ``executemany``) so a million rows stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from app.handsets import parse_imei, parse_imsi
from app.importers.base import EntityRecord, ImportFailed, LinkRecord, ParseContext, Records
from app.importers.common import PhoneBook, parse_durations, saved_contact
from app.importers.dates import DatePlan, infer_plan, parse_dates
from app.importers.mapping import iter_mapped_chunks
from app.importers.tabular import Table, column_list, is_workbook, match_columns
from app.importers.textfile import count_lines
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
    "duration": ("duration_s", "seconds", "duree", "duration_sec", "secondes", "call_duration"),
    "direction": ("type", "call_type", "sens"),
    "cell_id": ("cell", "cellule", "cgi", "lac_ci", "antenna_id", "antenna"),
    "interaction": ("event_type", "record_type"),
    "imei": ("imei_a", "imeisv", "imei_sv", "handset", "terminal"),
    "imei_b": ("imei_called", "called_imei", "imei_callee", "imei_appele"),
    "imsi": ("imsi_a",),
    "body": ("text", "message", "contenu", "texte", "sms"),
}
LOG_SPEC = {
    "number": (
        "party",
        "phone",
        "numero",
        "telephone",
        "tel",
        "other_party",
        "correspondant",
        "correspondent_id",
        "correspondent",
    ),
    "name": ("nom", "contact", "display_name", "contact_name"),
    **{k: v for k, v in CDR_SPEC.items() if k not in ("caller", "callee", "imei_b")},
}


@dataclass
class _Plan:
    """What a file's columns mean and how its dates are written, decided on its first rows."""

    cols: dict[str, str]
    log: bool
    dates: DatePlan
    #: (number, name) pairs already saved as contacts from a phone's own log
    saved: set = field(default_factory=set)


#: An ``interaction`` value that makes a row a message rather than a call (mixed carrier files).
_TEXT = ("text", "sms", "mms", "message", "msg")
#: A party written as a pseudonymous subscriber id (anonymised carrier data), not a number.
_PSEUDONYM = r"^(?=.*[A-Za-z])[A-Za-z0-9_\-]{1,64}$"
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
        """The first chunk of the file now (so a file that cannot be read fails before
        anything is written); the rest lazily, as ``Records.chunks``."""
        chunks = iter_mapped_chunks(path, ctx.options)
        first = next(chunks)
        plan = self._plan(first, ctx)
        book = PhoneBook(ctx, Records(self.kind))
        lines = count_lines(Path(path)) if not is_workbook(Path(path)) else 0
        report(progress, 0.1, f"normalising {len(first.frame):,} rows")
        records = self._chunk(first, plan, book, ctx, lines)
        if plan.dates.note:
            records.notes.append(plan.dates.note)
        records.total_rows = max(0, lines - 1)
        check(cancel)
        records.chunks = (self._chunk(chunk, plan, book, ctx, lines) for chunk in chunks)
        return records

    def _plan(self, table: Table, ctx: ParseContext) -> _Plan:
        """Which columns mean what, decided once for the whole file."""
        cdr = match_columns(table.columns, CDR_SPEC)
        if {"caller", "callee"} <= cdr.keys():
            cols, log = cdr, False
        else:
            cols = match_columns(
                table.columns, LOG_SPEC, required=("number", "start"), file_name=ctx.file_name
            )
            if not ctx.options.owner:
                raise ImportFailed(
                    f"{ctx.file_name}: this is a phone's own log (one number per row); "
                    "give the device owner's number with --owner"
                )
            log = True
        if "start" not in cols:
            raise ImportFailed(
                f"{ctx.file_name}: no date column (columns seen: {column_list(table.columns)})"
            )
        options = ctx.options
        dates = infer_plan(
            table.frame[cols["start"]],
            date_format=options.date_format,
            timezone=options.timezone,
            column=cols["start"],
        )
        return _Plan(cols, log, dates)

    def _chunk(self, table: Table, plan: _Plan, book: PhoneBook, ctx: ParseContext, lines: int) -> Records:
        """One chunk of rows as events between phone keys, with its new phones and bad rows."""
        records = Records(self.kind, rows_read=len(table.frame))
        book.records = records
        for row, reason, raw in table.bad_rows or []:
            records.bad_row(row, reason, raw)
        rows = table.row_numbers_or_default()
        if lines and len(rows):
            records.fraction = min(1.0, float(rows[-1]) / lines)
        cols, frame = plan.cols, table.frame
        ts = parse_dates(frame[cols["start"]], plan=plan.dates)
        duration = (
            parse_durations(frame[cols["duration"]])
            if "duration" in cols
            else pd.Series(np.nan, index=frame.index)
        )
        if not plan.log:
            src = _or_pseudonym(book.keys(frame[cols["caller"]], rows), frame[cols["caller"]])
            dst = _or_pseudonym(book.keys(frame[cols["callee"]], rows), frame[cols["callee"]])
        else:
            src, dst = self._log_ends(table, plan, book, ctx, rows)
        ok = src.notna() & dst.notna() & ts.notna() & (src != dst)
        self._quarantine(records, frame, src, dst, ts, ok, rows, cols)
        link_type = pd.Series(self.link_type, index=frame.index)
        if "interaction" in cols:
            texts = frame[cols["interaction"]].astype(str).str.strip().str.casefold().isin(_TEXT)
            link_type = link_type.mask(texts, "messaged")
        events = pd.DataFrame(
            {
                "type": link_type[ok],
                "src": src[ok],
                "dst": dst[ok],
                "row": rows[ok.to_numpy()],
                "ts": ts[ok],
                "duration": duration[ok],
            }
        )
        if "imei" in cols or "imsi" in cols:
            served = pd.Series(book.key(ctx.options.owner), index=frame.index) if plan.log else src
            handsets(records, frame[ok], events, served[ok], cols)
        if "imei_b" in cols and not plan.log:  # the called party's handset, where the carrier has it
            handsets(records, frame[ok], events, dst[ok], {"imei": cols["imei_b"]})
        self._finish(records, events, frame[ok], cols)
        return records

    def _log_ends(self, table, plan, book, ctx, rows) -> tuple[pd.Series, pd.Series]:
        """A phone's own log: the owner is one end, the direction says which."""
        cols, frame = plan.cols, table.frame
        owner = book.key(ctx.options.owner)
        if owner is None:
            raise ImportFailed(f"{ctx.file_name}: the owner number {ctx.options.owner!r} is not a number")
        other = _or_pseudonym(book.keys(frame[cols["number"]], rows), frame[cols["number"]])
        direction = (
            frame[cols["direction"]].astype(str).str.strip().str.casefold()
            if "direction" in cols
            else pd.Series("", index=frame.index)
        )
        incoming = direction.isin(_IN) | direction.isin(_MISSED)
        src = other.where(incoming, owner)
        dst = pd.Series(owner, index=frame.index).where(incoming, other)
        if "name" in cols:
            self._saved_names(book.records, owner, other, frame[cols["name"]], rows, plan.saved)
        return src, dst

    def _finish(self, records: Records, events: pd.DataFrame, frame: pd.DataFrame, cols: dict) -> None:
        records.event_frame = events.reset_index(drop=True)

    def _saved_names(self, records, owner, other, names, rows, seen: set) -> None:
        for key, name, row in zip(other.tolist(), names.astype(str).tolist(), rows.tolist(), strict=True):
            name = name.strip()
            if key and name and (key, name) not in seen:
                seen.add((key, name))
                saved_contact(records, owner, [key], name, row, person_key=f"person:log:{row}")

    @staticmethod
    def _quarantine(records, frame, src, dst, ts, ok, rows, cols) -> None:
        for i in frame.index[~ok]:
            row = int(rows[i])
            raw = " | ".join(str(v) for v in frame.loc[i].tolist())[:2000]
            if pd.isna(ts.at[i]):
                value = frame.at[i, cols["start"]]
                reason = f"unreadable date {value!r}" if str(value).strip() else "no date"
            elif pd.isna(src.at[i]) or pd.isna(dst.at[i]):
                reason = "missing phone number"
            else:
                reason = "a call from a number to itself"
            records.bad_row(row, reason, raw)


def _or_pseudonym(keys: pd.Series, raw: pd.Series) -> pd.Series:
    """Phone keys, and ``account:subscriber:<id>`` where the party is a pseudonymous subscriber
    id (letters and digits, as anonymised carrier data writes them) rather than a number."""
    missing = keys.isna()
    if not missing.any():
        return keys
    text = raw[missing].astype(str).str.strip()
    named = text[text.str.match(_PSEUDONYM)]
    return keys.fillna("account:subscriber:" + named)


def handsets(
    records: Records, frame: pd.DataFrame, events: pd.DataFrame, served: pd.Series, cols: dict[str, str]
) -> None:
    """The handsets in a chunk of call records: one ``handset`` per IMEI (IMEI and IMEISV
    to one 14-digit form) with a ``carried`` link to each SIM number it was seen with, at its
    first and last record; a malformed IMEI is a handset of its own, kept as written and
    flagged, joined to nothing.  IMSIs become identifiers of the SIM's number.  Work is per
    distinct (IMEI, number) pair, so a million rows cost one group-by."""
    data = {"sim": served.to_numpy(), "ts": events["ts"].to_numpy(), "row": events["row"].to_numpy()}
    for kind in ("imei", "imsi"):
        if kind in cols:
            data[kind] = frame[cols[kind]].astype(str).str.strip().to_numpy()
    seen = pd.DataFrame(data)
    if "imsi" in seen:
        pairs = seen[["sim", "imsi"]].drop_duplicates()
        for sim, raw in pairs.itertuples(index=False):
            value = parse_imsi(raw)
            if value and sim:
                records.entities.append(EntityRecord(sim, "phone", identifiers=[("imsi", value, raw)]))
    if "imei" not in seen:
        return
    seen = seen[(seen["imei"] != "") & (seen["imei"].str.casefold() != "nan")]
    if seen.empty:
        return
    parsed = {raw: parse_imei(raw) for raw in pd.unique(seen["imei"])}
    keys = {}
    for raw, imei in parsed.items():
        if imei is None:
            continue
        if imei.key:
            keys[raw] = f"imei:{imei.key}"
            records.entities.append(
                EntityRecord(
                    keys[raw], "handset", f"IMEI {imei.display}", identifiers=[("imei", imei.key, raw)]
                )
            )
        else:
            keys[raw] = f"handset:malformed:{raw}"
            records.entities.append(
                EntityRecord(
                    keys[raw],
                    "handset",
                    f"IMEI {raw} (malformed)",
                    attrs={"imei_written": raw, "imei_problem": imei.problem},
                )
            )
            records.notes.append(f"IMEI {raw!r} kept as written, not used to join handsets: {imei.problem}")
    seen = seen.assign(handset=seen["imei"].map(keys)).dropna(subset=["handset"])
    seen = seen.sort_values("ts", kind="stable")
    ends = pd.concat(
        [
            seen.drop_duplicates(["handset", "sim"], keep="first"),
            seen.drop_duplicates(["handset", "sim"], keep="last"),
        ]
    ).drop_duplicates()
    for handset, sim, ts, row in ends[["handset", "sim", "ts", "row"]].itertuples(index=False):
        records.links.append(LinkRecord("carried", handset, sim, row=int(row), ts=ts))


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
