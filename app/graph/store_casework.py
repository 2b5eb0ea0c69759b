"""The analyst's casework in the case file: merges and their undo, rejected pairs,
annotations, requirements and hypotheses, the watch-list, the hash-chained audit log and
saved charts.  Part of :class:`app.graph.store.CaseStore` (the only code that talks to SQLite).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import sqlite_utils

from app.graph.sqlbits import json_text as _json
from app.graph.sqlbits import now
from app.userkey import audit_key, check_seal, seal

#: ``meta`` key of the audit chain's sealed head: ``id|hash|seal`` of its last entry.
AUDIT_HEAD = "audit_head"


class Casework:
    """Mixed into :class:`~app.graph.store.CaseStore`; uses its connection and transactions."""

    conn: sqlite3.Connection
    db: sqlite_utils.Database

    if TYPE_CHECKING:  # provided by CaseStore

        def transaction(self) -> AbstractContextManager[None]: ...

        def entity(self, entity_id: int) -> dict: ...

        def canonical(self, entity_id: int) -> int: ...

        def get_meta(self, key: str, default: str = "") -> str: ...

        def set_meta(self, key: str, value: str) -> None: ...

        _bookkeeping: int
        readonly: bool

    # ------------------------------------------------------------ saved analyses
    def content_mark(self) -> str:
        """What the case holds, as a short mark that changes whenever its content does: the
        revision every transaction that changes more than the audit log, saved charts and the
        kept analyses advances, and the last row of each table an import or an edit adds to
        (for writes made outside a transaction)."""
        parts = [self.get_meta("revision", "0")]
        for table in ("entities", "identifiers", "links", "events", "evidence", "sources", "extracted"):
            parts.append(str(self.conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").fetchone()[0]))
        return ".".join(parts)

    def save_analysis(self, key: str, result: str) -> bool:
        """Keep ``result`` (an analysis as text) under ``key`` with the case's current content
        mark; False when the case cannot keep it (read-only, or a schema before version 4)."""
        if self.readonly or not self._has_analyses():
            return False
        mark = self.content_mark()
        with self.transaction():
            before = self.conn.total_changes
            self.conn.execute(
                "INSERT OR REPLACE INTO analyses(key, content_mark, saved_at, result) VALUES (?, ?, ?, ?)",
                (key, mark, now(), result),
            )
            self._bookkeeping += self.conn.total_changes - before
        return True

    def saved_analysis(self, key: str) -> str | None:
        """The analysis kept under ``key`` if the case has not changed since; else None."""
        if not self._has_analyses():
            return None
        row = self.conn.execute("SELECT content_mark, result FROM analyses WHERE key = ?", (key,)).fetchone()
        if row is None or row[0] != self.content_mark():
            return None
        return str(row[1])

    def _has_analyses(self) -> bool:
        return bool(
            self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'analyses'"
            ).fetchone()
        )

    # ------------------------------------------------------------------ merges
    def merge(
        self, kept: int, absorbed: int, *, score: float | None = None, evidence: str = "", by: str = "analyst"
    ) -> int:
        """Merge ``absorbed``'s group into ``kept``'s; reversible with :meth:`unmerge`."""
        with self.transaction():
            kept_root, gone_root = self.canonical(kept), self.canonical(absorbed)
            if kept_root == gone_root:
                raise ValueError(f"entities {kept} and {absorbed} are already one entity")
            t1, t2 = self.entity(kept_root)["type"], self.entity(gone_root)["type"]
            if t1 != t2:
                raise ValueError(f"cannot merge a {t1} with a {t2}")
            moved = [
                r[0] for r in self.conn.execute("SELECT id FROM entities WHERE canonical=?", (gone_root,))
            ]
            self.conn.execute("UPDATE entities SET canonical=? WHERE canonical=?", (kept_root, gone_root))
            merge_id = (
                self.db["merges"]
                .insert(
                    {
                        "kept": kept_root,
                        "absorbed": gone_root,
                        "moved": _json(moved),
                        "score": score,
                        "evidence": evidence,
                        "by": by,
                        "at": now(),
                        "undone_at": None,
                    }
                )
                .last_pk
            )
            self.log(
                "merge",
                {
                    "merge": merge_id,
                    "kept": kept_root,
                    "absorbed": gone_root,
                    "score": score,
                    "evidence": evidence,
                    "by": by,
                },
            )
        return int(merge_id)

    def unmerge(self, merge_id: int) -> None:
        """Undo a merge exactly; refused while a later merge still builds on it."""
        with self.transaction():
            m = self.db["merges"].get(merge_id)
            if m["undone_at"]:
                raise ValueError(f"merge {merge_id} was already undone")
            later = self.conn.execute(
                "SELECT id FROM merges WHERE id > ? AND undone_at IS NULL AND "
                "(absorbed = ? OR kept = ? OR absorbed = ?) ORDER BY id DESC LIMIT 1",
                (merge_id, m["kept"], m["absorbed"], m["absorbed"]),
            ).fetchone()
            if later:
                raise ValueError(f"undo merge {later[0]} first: it builds on merge {merge_id}")
            moved = json.loads(m["moved"])
            self.conn.executemany(
                "UPDATE entities SET canonical=? WHERE id=?", [(m["absorbed"], i) for i in moved]
            )
            self.db["merges"].update(merge_id, {"undone_at": now()})
            self.log("unmerge", {"merge": merge_id, "kept": m["kept"], "absorbed": m["absorbed"]})

    def merges(self, *, active_only: bool = True) -> list[dict]:
        where = "undone_at IS NULL" if active_only else None
        return list(self.db["merges"].rows_where(where, order_by="id"))

    def reject_pair(self, a: int, b: int) -> None:
        """Record that the analyst said two entities are not the same."""
        a, b = sorted((a, b))
        with self.transaction():
            self.db["resolution_decisions"].upsert(
                {"a": a, "b": b, "decision": "rejected", "at": now()}, pk=("a", "b")
            )
            self.log("merge rejected", {"a": a, "b": b})

    def rejected_pairs(self) -> set[tuple[int, int]]:
        return {(r[0], r[1]) for r in self.conn.execute("SELECT a, b FROM resolution_decisions")}

    # ---------------------------------------------- annotations, requirements
    def annotate(self, item: str, item_id: int, text: str, author: str = "") -> int:
        with self.transaction():
            return int(
                self.db["annotations"]
                .insert(
                    {"item": item, "item_id": item_id, "text": text, "author": author, "created_at": now()}
                )
                .last_pk
            )

    def annotations(self, item: str, item_id: int) -> list[dict]:
        return list(self.db["annotations"].rows_where("item=? AND item_id=?", [item, item_id], order_by="id"))

    def add_requirement(self, text: str, kind: str = "requirement", entity_ids: Sequence[int] = ()) -> int:
        with self.transaction():
            return int(
                self.db["requirements"]
                .insert(
                    {
                        "kind": kind,
                        "text": text,
                        "status": "open",
                        "entity_ids": _json(list(entity_ids)),
                        "created_at": now(),
                    }
                )
                .last_pk
            )

    def requirements(self) -> list[dict]:
        rows = list(self.db["requirements"].rows_where(order_by="id"))
        for r in rows:
            r["entity_ids"] = json.loads(r["entity_ids"])
        return rows

    def update_requirement(self, req_id: int, **fields: Any) -> None:
        if "entity_ids" in fields:
            fields["entity_ids"] = _json(list(fields["entity_ids"]))
        with self.transaction():
            self.db["requirements"].update(req_id, fields)

    # --------------------------------------------------------------- watch-list
    def add_watch(self, kind: str, value: str, label: str = "") -> None:
        with self.transaction():
            self.db["watchlist"].upsert(
                {"kind": kind, "value": value, "label": label, "added_at": now()}, pk=("kind", "value")
            )
            self.log("watch-list entry added", {"kind": kind, "value": value})

    def remove_watch(self, kind: str, value: str) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM watchlist WHERE kind=? AND value=?", (kind, value))
            self.log("watch-list entry removed", {"kind": kind, "value": value})

    def watchlist(self) -> list[dict]:
        return list(self.db["watchlist"].rows_where(order_by="id"))

    def watch_hits(self, source_id: int) -> list[dict]:
        """Watch-list entries seen in one source: numbers, accounts, or name keys."""
        rows = self.conn.execute(
            """SELECT DISTINCT w.kind, w.value, w.label, i.entity_id
               FROM watchlist w JOIN identifiers i
                 ON (w.kind = i.kind AND w.value = i.value)
                 OR (w.kind = 'name' AND i.kind = 'name_key' AND i.value = w.value)
               WHERE i.source_id = ?
                  OR i.entity_id IN (SELECT item_id FROM evidence
                                     WHERE item='entity' AND source_id=?)""",
            (source_id, source_id),
        )
        keys = ("kind", "value", "label", "entity_id")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -------------------------------------------------------------------- audit
    def log(self, action: str, details: dict | None = None, actor: str = "") -> None:
        """Append to the hash-chained audit log (inside the caller's transaction).

        Each entry is also sealed with the analyst's own key (:mod:`app.userkey`, kept outside
        the case), and the chain's head (last id and hash) is sealed into ``meta``, so a log
        rewritten or cut short no longer verifies.
        """
        changes_before = self.conn.total_changes
        prev = self.conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev_id, prev_hash = (prev[0], prev[1]) if prev else (0, "")
        at, body = now(), _json(details or {})
        digest = hashlib.sha256(f"{prev_hash}|{at}|{actor}|{action}|{body}".encode()).hexdigest()
        key, entry = audit_key(), prev_id + 1
        self.conn.execute(
            "INSERT INTO audit(id, at, actor, action, details, prev_hash, hash, seal) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                entry,
                at,
                actor,
                action,
                body,
                prev_hash,
                digest,
                seal(key, f"{entry}|{digest}") if key else "",
            ),
        )
        # a record of what was done, not a change of what the case holds (content_mark)
        self._bookkeeping += self.conn.total_changes - changes_before
        if key:  # bookkeeping too (set_meta counts it)
            self.set_meta(AUDIT_HEAD, f"{entry}|{digest}|{seal(key, f'head|{entry}|{digest}')}")

    def audit(self) -> list[dict]:
        rows = list(self.db["audit"].rows_where(order_by="id"))
        for r in rows:
            r["details"] = json.loads(r["details"])
        return rows

    def verify_audit(self) -> list[str]:
        """Problems found in the audit chain; an empty list means it is intact."""
        return self.audit_report()["problems"]

    def audit_report(self) -> dict:
        """``problems`` (tampering found) and ``notes`` (what could not be checked) of the log.

        Detected: an entry edited (its hash), an entry removed (the chain), entries removed
        and the later hashes recomputed (their seals), entries cut from the end (the sealed
        head).  Entries written before sealing existed are checked by the hash chain only.
        """
        key = audit_key(create=False)
        problems: list[str] = []
        prev_hash, last_id, last_hash = "", 0, ""
        unsealed_upto, sealed_seen, other_key = 0, False, 0
        for rid, at, actor, action, body, stored_prev, stored, sealed in self.conn.execute(
            "SELECT id, at, actor, action, details, prev_hash, hash, seal FROM audit ORDER BY id"
        ):
            if stored_prev != prev_hash:
                problems.append(f"audit entry {rid}: chain broken (an entry before it was removed)")
            digest = hashlib.sha256(f"{stored_prev}|{at}|{actor}|{action}|{body}".encode()).hexdigest()
            if digest != stored:
                problems.append(f"audit entry {rid} ({action}): contents changed after writing")
            if not sealed:
                if sealed_seen:
                    problems.append(
                        f"audit entry {rid} ({action}): not sealed although earlier "
                        "entries are: written or rewritten outside Ariadne"
                    )
                else:
                    unsealed_upto = rid
            else:
                sealed_seen = True
                verdict = check_seal(key, f"{rid}|{stored}", sealed) if key else None
                if verdict is None:
                    other_key += 1
                elif not verdict:
                    problems.append(
                        f"audit entry {rid} ({action}): its seal does not match: the log "
                        "was rewritten from here on"
                    )
            prev_hash, last_id, last_hash = stored, rid, stored
        problems += self._check_head(key, sealed_seen, last_id, last_hash)
        notes = []
        if unsealed_upto:
            notes.append(
                f"entries 1 to {unsealed_upto} were written before entries were sealed: "
                "checked by their hash chain only (unkeyed up to entry "
                f"{unsealed_upto})"
            )
        if other_key:
            notes.append(
                f"{other_key} entries were sealed on another analyst's machine "
                "(another key): their seals cannot be checked here"
            )
        return {"problems": problems, "notes": notes, "entries": last_id}

    def _check_head(self, key: bytes | None, sealed_seen: bool, last_id: int, last_hash: str) -> list[str]:
        head = self.get_meta(AUDIT_HEAD)
        if not head:
            return (
                ["the audit log's sealed head is missing: entries may have been cut from its end"]
                if sealed_seen
                else []
            )
        head_id, head_hash, head_seal = (head.split("|") + ["", "", ""])[:3]
        if key and check_seal(key, f"head|{head_id}|{head_hash}", head_seal) is False:
            return ["the audit log's sealed head was forged"]
        if not head_id.isdigit() or int(head_id) > last_id:
            return [
                f"the audit log ends at entry {last_id} but its sealed head is entry "
                f"{head_id}: entries were cut from its end"
            ]
        if int(head_id) != last_id or head_hash != last_hash:
            return [
                f"the audit log's last entry {last_id} is not its sealed head (entry "
                f"{head_id}): entries were added or rewritten outside Ariadne"
            ]
        return []

    # ------------------------------------------------------------------- charts
    def save_chart(self, name: str, data: dict) -> None:
        """Save (or replace) the chart ``name``; audited with how many actors it shows."""
        with self.transaction():
            before = self.conn.total_changes
            self.db["charts"].upsert({"name": name, "data": _json(data), "saved_at": now()}, pk="name")
            self._bookkeeping += self.conn.total_changes - before  # the content is unchanged
            self.log("chart saved", {"name": name, "actors": len(data.get("actors", []))})

    def charts(self) -> list[tuple[str, str]]:
        """``(name, saved_at)`` of the charts saved in the case, the latest first."""
        return [
            (str(n), str(at))
            for n, at in self.conn.execute("SELECT name, saved_at FROM charts ORDER BY saved_at DESC, name")
        ]

    def chart(self, name: str) -> dict | None:
        row = self.conn.execute("SELECT data FROM charts WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]) if row else None
