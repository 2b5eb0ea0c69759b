"""The store's record writes and reads below the case's own metadata: links (one aggregate per
type and pair, bulk paths for millions of calls), events and evidence, journey legs and
quarantined rows.  A mixin of :class:`app.graph.store.CaseStore`; like the rest of the store,
the only code that writes these tables."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlite_utils

from app.graph.sqlbits import json_text as _json
from app.model import LINK_TYPES


def _nullable(values: pd.Series) -> list:
    """Floats with NaN as None (SQL NULL)."""
    return [None if v != v else v for v in values.tolist()]


class RecordWrites:
    """Links, events, evidence, legs and quarantine (needs ``conn`` and ``db``)."""

    conn: sqlite3.Connection
    db: sqlite_utils.Database
    if TYPE_CHECKING:  # provided by CaseStore

        @property
        def currency(self) -> str: ...

        def members(self, entity_id: int) -> list[int]: ...

    # -------------------------------------------------------------------- links
    def upsert_link(
        self,
        type: str,
        src: int,
        dst: int,
        *,
        ts: str | None = None,
        count: int = 1,
        duration: float = 0.0,
        amount: float | None = None,
        currency: str | None = None,
        weight: float = 1.0,
        label: str = "",
        attrs: dict | None = None,
    ) -> int:
        """Add to the aggregate link (type, src, dst), creating it if needed; return its id."""
        if type not in LINK_TYPES:
            raise ValueError(f"unknown link type {type!r}")
        self.conn.execute(
            """INSERT INTO links(type, src, dst, first_seen, last_seen, count, weight, duration,
                                 amount, currency, label, attrs)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(type, src, dst) DO UPDATE SET
                 count = count + excluded.count,
                 weight = weight + excluded.weight,
                 duration = duration + excluded.duration,
                 amount = CASE WHEN excluded.amount IS NULL THEN amount
                               ELSE COALESCE(amount, 0) + excluded.amount END,
                 currency = COALESCE(currency, excluded.currency),
                 first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen
                                   THEN COALESCE(excluded.first_seen, first_seen) ELSE first_seen END,
                 last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen
                                  THEN COALESCE(excluded.last_seen, last_seen) ELSE last_seen END,
                 label = CASE WHEN label = '' THEN excluded.label ELSE label END""",
            (type, src, dst, ts, ts, count, weight, duration, amount, currency, label, _json(attrs or {})),
        )
        row = self.conn.execute(
            "SELECT id FROM links WHERE type=? AND src=? AND dst=?", (type, src, dst)
        ).fetchone()
        return int(row[0])

    def link_pairs(self, type: str) -> pd.DataFrame:
        """src, dst and id of every link of ``type`` (bulk imports join to them)."""
        return pd.DataFrame(
            self.conn.execute("SELECT src, dst, id FROM links WHERE type=?", (type,)).fetchall(),
            columns=["src", "dst", "id"],
            dtype="int64",
        )

    def next_id(self, table: str) -> int:
        """The id the next row of ``table`` gets when ids are assigned in bulk."""
        if table not in ("links", "entities", "events"):
            raise ValueError(table)
        return int(self.conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])

    def insert_links(self, type: str, links: pd.DataFrame) -> None:
        """New aggregate links with ids chosen by the caller: columns id, src, dst, count,
        duration, first_seen, last_seen, amount, label (the bulk path; no upsert)."""
        if type not in LINK_TYPES:
            raise ValueError(f"unknown link type {type!r}")
        n = len(links)
        columns = ["id", "type", "src", "dst", "first_seen", "last_seen", "count", "weight", "duration"]
        values = [
            links["id"].tolist(),
            [type] * n,
            links["src"].tolist(),
            links["dst"].tolist(),
            links["first_seen"].tolist(),
            links["last_seen"].tolist(),
            links["count"].tolist(),
            links["count"].astype(float).tolist(),
            links["duration"].tolist(),
        ]
        if links["amount"].notna().any():  # calls have none: two columns fewer to bind
            amount = _nullable(links["amount"])
            columns += ["amount", "currency"]
            values += [amount, [None if a is None else self.currency for a in amount]]
        if (links["label"].fillna("") != "").any():
            columns.append("label")
            values.append(links["label"].fillna("").tolist())
        self.conn.executemany(
            f"INSERT INTO links({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            zip(*values, strict=True),
        )

    def add_to_links(self, links: pd.DataFrame) -> None:
        """Add counts, durations, amounts and the time span of new occurrences to existing
        links (same columns as :meth:`insert_links`)."""
        self.conn.executemany(
            """UPDATE links SET count = count + ?, weight = weight + ?, duration = duration + ?,
                 amount = CASE WHEN ?4 IS NULL THEN amount ELSE COALESCE(amount, 0) + ?4 END,
                 currency = CASE WHEN ?4 IS NULL THEN currency ELSE COALESCE(currency, ?5) END,
                 first_seen = MIN(COALESCE(first_seen, ?6), COALESCE(?6, first_seen)),
                 last_seen = MAX(COALESCE(last_seen, ?7), COALESCE(?7, last_seen)),
                 label = CASE WHEN label = '' THEN ?8 ELSE label END
               WHERE id = ?9""",
            zip(
                links["count"].tolist(),
                links["count"].astype(float).tolist(),
                links["duration"].tolist(),
                _nullable(links["amount"]),
                [self.currency] * len(links),
                links["first_seen"].tolist(),
                links["last_seen"].tolist(),
                links["label"].fillna("").tolist(),
                links["id"].tolist(),
                strict=True,
            ),
        )

    def add_call_events(
        self,
        link_ids: Sequence[int],
        source_id: int,
        rows: Sequence[int],
        ts: Sequence[str | None],
        duration: Sequence[float | None],
        attrs: Sequence[str | None] | None = None,
    ) -> None:
        """Calls and messages in bulk: one executemany of plain values (the import floor);
        ``attrs`` are the events' attributes as JSON text (app, direction, body…)."""
        if attrs is not None:
            self.conn.executemany(
                "INSERT INTO events(link_id, source_id, row, ts, duration, attrs) VALUES (?,?,?,?,?,?)",
                zip(link_ids, [source_id] * len(link_ids), rows, ts, duration, attrs, strict=True),
            )
            return
        self.conn.executemany(
            "INSERT INTO events(link_id, source_id, row, ts, duration) VALUES (?,?,?,?,?)",
            zip(link_ids, [source_id] * len(link_ids), rows, ts, duration, strict=True),
        )

    def link(self, link_id: int) -> dict:
        row = self.db["links"].get(link_id)
        row["attrs"] = json.loads(row["attrs"])
        return row

    def links_of(self, entity_id: int) -> list[dict]:
        """Every link touching any member of the entity's canonical group."""
        ids = self.members(entity_id)
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id FROM links WHERE src IN ({marks}) OR dst IN ({marks}) ORDER BY id",
            ids + ids,
        ).fetchall()
        return [self.link(r[0]) for r in rows]

    # ---------------------------------------------------------- events, evidence
    def add_event(
        self,
        link_id: int,
        source_id: int,
        row: int | None,
        *,
        ts: str | None = None,
        duration: float | None = None,
        amount: float | None = None,
        currency: str | None = None,
        amount_case: float | None = None,
        attrs: dict | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO events(link_id, source_id, row, ts, duration, amount, currency, "
            "amount_case, attrs) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                link_id,
                source_id,
                row,
                ts,
                duration,
                amount,
                currency,
                amount_case,
                _json(attrs) if attrs else None,
            ),
        )

    def bulk_add_events(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert events as tuples (link_id, source_id, row, ts, duration, amount, currency,
        amount_case, attrs_json) with one executemany."""
        self.conn.executemany(
            "INSERT INTO events(link_id, source_id, row, ts, duration, amount, currency, "
            "amount_case, attrs) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def bulk_add_evidence(self, rows: Iterable[Sequence[Any]]) -> None:
        """Insert evidence as tuples (item, item_id, source_id, row, note) with one executemany."""
        self.conn.executemany(
            "INSERT INTO evidence(item, item_id, source_id, row, note) VALUES (?,?,?,?,?)", rows
        )

    def patch_link_attrs(self, patches: Iterable[tuple[str, int]]) -> None:
        """Merge JSON objects (attrs_json, link_id) into the links' own attributes."""
        self.conn.executemany("UPDATE links SET attrs = json_patch(attrs, ?) WHERE id = ?", patches)

    def add_evidence(self, item: str, item_id: int, source_id: int, row: int | None, note: str = "") -> None:
        self.conn.execute(
            "INSERT INTO evidence(item, item_id, source_id, row, note) VALUES (?,?,?,?,?)",
            (item, item_id, source_id, row, note),
        )

    def evidence_for(self, item: str, item_id: int, *, limit: int = 500) -> list[dict]:
        """Where an entity (all members of its group) or a link came from, with gradings."""
        if item == "entity":
            ids = self.members(item_id)
            marks = ",".join("?" * len(ids))
            sql = (
                f"SELECT v.item_id, v.row, v.note, s.id, s.file_name, s.kind, s.reliability, "
                f"s.credibility, s.exhibit FROM evidence v JOIN sources s ON s.id=v.source_id "
                f"WHERE v.item='entity' AND v.item_id IN ({marks}) ORDER BY s.id, v.row LIMIT ?"
            )
            args: list[Any] = [*ids, limit]
        else:
            sql = (
                "SELECT v.item_id, v.row, v.note, s.id, s.file_name, s.kind, s.reliability, "
                "s.credibility, s.exhibit FROM evidence v JOIN sources s ON s.id=v.source_id "
                "WHERE v.item='link' AND v.item_id=? "
                "UNION ALL SELECT e.link_id, e.row, '', s.id, s.file_name, s.kind, "
                "s.reliability, s.credibility, s.exhibit FROM events e "
                "JOIN sources s ON s.id=e.source_id WHERE e.link_id=? LIMIT ?"
            )
            args = [item_id, item_id, limit]
        keys = (
            "item_id",
            "row",
            "note",
            "source_id",
            "file_name",
            "kind",
            "reliability",
            "credibility",
            "exhibit",
        )
        out = []
        for r in self.conn.execute(sql, args):
            d = dict(zip(keys, r, strict=True))
            d["grading"] = f"{d['reliability']}{d['credibility']}"
            out.append(d)
        return out

    # --------------------------------------------------------------------- legs
    def add_leg(
        self,
        source_id: int,
        row: int | None,
        journey: str,
        seq: int,
        *,
        traveller_id: int | None = None,
        from_id: int | None = None,
        to_id: int | None = None,
        start: str | None = None,
        end: str | None = None,
        mode: str | None = None,
        cost: float | None = None,
        currency: str | None = None,
        cost_case: float | None = None,
        facilitator_id: int | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO legs(source_id, row, journey, seq, traveller_id, from_id, to_id, start, "
            '"end", mode, cost, currency, cost_case, facilitator_id) '
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                source_id,
                row,
                journey,
                seq,
                traveller_id,
                from_id,
                to_id,
                start,
                end,
                mode,
                cost,
                currency,
                cost_case,
                facilitator_id,
            ),
        )

    # --------------------------------------------------------------- quarantine
    def quarantine(self, source_id: int, row: int | None, reason: str, raw: str = "") -> None:
        self.conn.execute(
            "INSERT INTO quarantine(source_id, row, reason, raw) VALUES (?,?,?,?)",
            (source_id, row, reason, raw[:10_000]),
        )

    def quarantined(self, source_id: int | None = None) -> list[dict]:
        sql = (
            "SELECT q.id, q.source_id, s.file_name, q.row, q.reason, q.raw FROM quarantine q "
            "JOIN sources s ON s.id = q.source_id"
        )
        args: list[Any] = []
        if source_id is not None:
            sql += " WHERE q.source_id=?"
            args.append(source_id)
        keys = ("id", "source_id", "file_name", "row", "reason", "raw")
        return [dict(zip(keys, r, strict=True)) for r in self.conn.execute(sql + " ORDER BY q.id", args)]
