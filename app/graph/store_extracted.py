"""Facts extracted from message bodies and narratives, awaiting the analyst's review.

Part of :class:`app.graph.store.CaseStore` (the only code that talks to SQLite).  A pending
fact is in no analysis.  Accepting one creates what it says, with the message or paragraph as
evidence: a person, phone or place ``mentioned`` by whoever said it, or an amount or date noted
on that speaker; rejecting one leaves nothing but its status.  Both are audited.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import pandas as pd

from app.graph.sqlbits import json_text as _json
from app.graph.sqlbits import now

_COLUMNS = (
    "id",
    "source_id",
    "row",
    "kind",
    "value",
    "normalised",
    "quote",
    "entity_id",
    "link_id",
    "status",
    "attrs",
    "created_at",
)


class ExtractedFacts:
    """Mixed into :class:`~app.graph.store.CaseStore`; uses its connection and transactions."""

    conn: sqlite3.Connection

    if TYPE_CHECKING:  # provided by CaseStore

        def transaction(self) -> AbstractContextManager[None]: ...

        def log(self, action: str, details: dict | None = None, actor: str = "") -> None: ...

        def entity(self, entity_id: int) -> dict: ...

        def canonical(self, entity_id: int) -> int: ...

        def update_entity(
            self, entity_id: int, *, label: str | None = None, attrs: dict | None = None
        ) -> None: ...

        def add_entity(
            self,
            type: str,
            label: str = "",
            attrs: dict | None = None,
            *,
            source_id: int | None = None,
            row: int | None = None,
        ) -> int: ...

        def add_identifier(
            self, entity_id: int, kind: str, value: str, raw: str = "", source_id: int | None = None
        ) -> None: ...

        def ensure_entity(
            self,
            type: str,
            kind: str,
            value: str,
            *,
            label: str = "",
            raw: str = "",
            source_id: int | None = None,
            row: int | None = None,
        ) -> tuple[int, bool]: ...

        def upsert_link(self, type: str, src: int, dst: int, **options: Any) -> int: ...

        def add_evidence(
            self, item: str, item_id: int, source_id: int, row: int | None, note: str = ""
        ) -> None: ...

    def add_extracted(self, source_id: int, facts: Iterable[tuple[Any, int | None]]) -> int:
        """Store ``(fact, subject entity id)`` pairs of one source as pending; return how many."""
        at = now()
        rows = [
            (
                source_id,
                f.row,
                f.kind,
                f.value,
                f.normalised,
                f.quote,
                _json({**f.attrs, **({"subject": subject} if subject else {})}),
                at,
            )
            for f, subject in facts
        ]
        self.conn.executemany(
            "INSERT INTO extracted(source_id, row, kind, value, normalised, quote, attrs, created_at) "
            "VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        return len(rows)

    def extracted_frame(self, *, status: str | None = None, kinds: Sequence[str] = ()) -> pd.DataFrame:
        """The extracted facts (all, or of one status), with their source's file name, oldest first."""
        where, params = [], []
        if status:
            where.append("x.status = ?")
            params.append(status)
        if kinds:
            where.append(f"x.kind IN ({','.join('?' * len(kinds))})")
            params.extend(kinds)
        sql = (
            "SELECT " + ", ".join(f"x.{c}" for c in _COLUMNS) + ", s.file_name AS source "
            "FROM extracted x JOIN sources s ON s.id = x.source_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY x.id"
        )
        rows = self.conn.execute(sql, params).fetchall()
        return pd.DataFrame(rows, columns=[*_COLUMNS, "source"])

    def extracted_counts(self) -> dict[str, int]:
        return dict(self.conn.execute("SELECT status, COUNT(*) FROM extracted GROUP BY status").fetchall())

    def decide_extracted(self, ids: Sequence[int], accept: bool) -> int:
        """Accept or reject pending facts ``ids``; return how many changed (decided ones stay)."""
        changed = 0
        with self.transaction():
            for fact_id in ids:
                row = self.conn.execute(
                    "SELECT " + ", ".join(_COLUMNS) + " FROM extracted WHERE id=?", (int(fact_id),)
                ).fetchone()
                if row is None:
                    raise KeyError(f"no extracted fact {fact_id}")
                fact = dict(zip(_COLUMNS, row, strict=True))
                if fact["status"] != "pending":
                    continue
                entity_id = link_id = None
                if accept:
                    entity_id, link_id = self._realise(fact, json.loads(fact["attrs"] or "{}"))
                self.conn.execute(
                    "UPDATE extracted SET status=?, entity_id=?, link_id=? WHERE id=?",
                    ("accepted" if accept else "rejected", entity_id, link_id, fact["id"]),
                )
                changed += 1
            if changed:
                self.log(
                    "extracted " + ("accepted" if accept else "rejected"),
                    {"ids": [int(i) for i in ids], "changed": changed},
                )
        return changed

    def accept_all_extracted(self) -> int:
        ids = [r[0] for r in self.conn.execute("SELECT id FROM extracted WHERE status='pending' ORDER BY id")]
        return self.decide_extracted(ids, True) if ids else 0

    def _realise(self, fact: dict, attrs: dict) -> tuple[int | None, int | None]:
        """The entity and ``mentioned`` link an accepted fact stands for, with its evidence."""
        source, row, quote = fact["source_id"], fact["row"], fact["quote"][:500]
        subject = attrs.get("subject")
        subject = self.canonical(int(subject)) if subject else None
        kind = fact["kind"]
        if kind in ("amount", "date"):
            if subject is None:
                return None, None
            key = "amounts_mentioned" if kind == "amount" else "dates_mentioned"
            noted = self.entity(subject)["attrs"].get(key) or []
            self.update_entity(subject, attrs={key: [*noted, fact["normalised"]]})
            self.add_evidence("entity", subject, source, row, quote)
            return subject, None
        if kind == "phone":
            entity_id, _ = self.ensure_entity(
                "phone", "phone", fact["normalised"], raw=fact["value"], source_id=source, row=row
            )
        elif kind == "place":
            from app.gazetteer import place_key

            entity_id, created = self.ensure_entity(
                "location",
                "place",
                place_key(fact["normalised"]),
                label=fact["normalised"],
                raw=fact["value"],
                source_id=source,
                row=row,
            )
            if created and attrs.get("lat") is not None:
                self.update_entity(
                    entity_id, attrs={k: attrs[k] for k in ("lat", "lon", "country") if k in attrs}
                )
        else:
            extra = {"role": attrs["role"]} if attrs.get("role") else {}
            entity_id = self.add_entity(
                "person", fact["value"], {**extra, "extracted": True}, source_id=source, row=row
            )
            self.add_identifier(entity_id, "name", fact["value"], fact["value"], source)
        self.add_evidence("entity", entity_id, source, row, quote)
        if subject is None or subject == self.canonical(entity_id):
            return entity_id, None
        link_id = self.upsert_link("mentioned", subject, entity_id, attrs={"extracted": True})
        self.add_evidence("link", link_id, source, row, quote)
        return entity_id, link_id

    def group_ids(self) -> set[int]:
        """The canonical group chats of the case (kept out of the actor network)."""
        return {
            r[0] for r in self.conn.execute("SELECT id FROM entities WHERE type = 'group' AND id = canonical")
        }

    def pending_mentions(self) -> pd.DataFrame:
        """Pending person and phone facts that name an entity already in the case, as
        ``mentioned`` edges (src subject, dst entity): what analyses add when asked to include
        extracted facts."""
        rows = self.conn.execute(
            """SELECT json_extract(x.attrs, '$.subject') AS src, e.canonical AS dst
               FROM extracted x
               JOIN identifiers i ON ((x.kind = 'phone' AND i.kind = 'phone' AND i.value = x.normalised)
                                   OR (x.kind = 'person' AND i.kind IN ('name', 'alias')
                                       AND lower(i.value) = x.normalised))
               JOIN entities e ON e.id = i.entity_id
               WHERE x.status = 'pending' AND json_extract(x.attrs, '$.subject') IS NOT NULL"""
        ).fetchall()
        frame = pd.DataFrame(rows, columns=["src", "dst"]).drop_duplicates()
        if not frame.empty:
            canon = dict(self.conn.execute("SELECT id, canonical FROM entities"))
            frame["src"] = frame["src"].astype(int).map(canon)
        return frame.reset_index(drop=True)
