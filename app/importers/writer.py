"""The one place that writes an importer's :class:`~app.importers.base.Records` to the store.

It runs inside the pipeline's transaction: entities are joined to the case's existing ones by
their unique identifiers (a number is one phone however many files name it), links are
aggregated per type and ordered pair, each call or transfer is kept as an event, and every
entity and link gets its evidence (source and row).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.gazetteer import place_key as gazetteer_place_key
from app.graph.store import CaseStore
from app.importers.base import EntityRecord, LinkRecord, Records
from app.importers.linkagg import PairAggregate, aggregate_pairs, pair_codes
from app.progress import CancelToken, ProgressFn, check, report, sub_progress

#: key prefix -> (entity type, identifier kind) for keys that name a unique identifier.
DETERMINISTIC = {
    "phone": ("phone", "phone"),
    "account": ("account", "account"),
    "document": ("document", "document"),
    "email": ("person", "email"),
    "imei": ("handset", "imei"),
    "group": ("group", "account"),  # a group chat, joined across files by its app id
}


def place_key(label: str) -> str:
    """The normalised form that joins a place across files (``location:`` keys).

    >>> place_key(" Agadès ")
    'agades'
    """
    return gazetteer_place_key(label)


@dataclass
class WriteStats:
    entities_created: int = 0
    links_created: int = 0
    events: int = 0


class RecordWriter:
    """Writes one batch for one source.  Use :func:`write_records`."""

    def __init__(self, store: CaseStore, source_id: int) -> None:
        self.store, self.source_id = store, source_id
        self.ids: dict[str, int] = {}
        self.stats = WriteStats()
        #: deterministic keys whose entity existed before this file (they need evidence)
        self.seen_before: set[str] = set()
        self._evidenced: set[str] = set()
        self._identified: set[tuple[int, str, str]] = set()
        #: per link type, the pair codes of the case's links and their ids (joined in bulk)
        self._link_index: dict[str, pd.Index] = {}
        self._link_ids: dict[str, np.ndarray] = {}

    # ------------------------------------------------------------ entities
    def entities(self, records: Records) -> None:
        declared: dict[str, EntityRecord] = {}
        for e in records.entities:
            declared.setdefault(e.key, e)
        keys = set(declared)
        for link in records.links:
            keys.update((link.src, link.dst))
        if records.event_frame is not None and not records.event_frame.empty:
            keys.update(pd.unique(records.event_frame["src"]))
            keys.update(pd.unique(records.event_frame["dst"]))
        for leg in records.legs:
            keys.update(k for k in (leg.traveller, leg.from_place, leg.to_place, leg.facilitator) if k)
        by_prefix: dict[str, dict[str, str]] = defaultdict(dict)
        for key in sorted(keys.difference(self.ids)):  # a streamed file's later chunks repeat keys
            prefix, _, value = key.partition(":")
            if prefix in DETERMINISTIC and value:
                raw = (
                    next((i[2] for i in declared[key].identifiers if i[1] == value), value)
                    if key in declared
                    else value
                )
                by_prefix[prefix][value] = raw
        for prefix, values in by_prefix.items():
            etype, kind = DETERMINISTIC[prefix]
            ids, created = self.store.bulk_ensure_entities(etype, kind, values, source_id=self.source_id)
            self.stats.entities_created += len(created)
            self.ids.update({f"{prefix}:{v}": i for v, i in ids.items()})
            self.seen_before.update(f"{prefix}:{v}" for v in values if v not in created)
        for record in records.entities:
            self._entity(record)
        for key in sorted(keys - set(self.ids)):
            prefix, _, value = key.partition(":")
            self._entity(EntityRecord(key, "location" if prefix == "location" else "person", value))

    def _entity(self, r: EntityRecord) -> None:
        prefix, _, value = r.key.partition(":")
        store = self.store
        if r.key in self.ids:
            entity_id = self.ids[r.key]
            if r.attrs or (r.label and r.type != "phone"):
                existing = store.entity(entity_id)
                merged = {**r.attrs, **(existing.get("attrs") or {})}
                label = existing["label"] if existing["label"] not in ("", value) else (r.label or value)
                store.update_entity(entity_id, label=label, attrs=merged)
            if r.key in self.seen_before and r.key not in self._evidenced:
                store.add_evidence("entity", entity_id, self.source_id, r.row)
                self._evidenced.add(r.key)
        elif prefix == "location":
            key = place_key(r.label or value)
            entity_id, created = store.ensure_entity(
                "location",
                "place",
                key,
                label=r.label or value,
                raw=r.label or value,
                source_id=self.source_id,
                row=r.row,
            )
            if created:
                store.update_entity(entity_id, attrs=r.attrs)
                self.stats.entities_created += 1
            else:
                store.add_evidence("entity", entity_id, self.source_id, r.row)
                existing = store.entity(entity_id).get("attrs") or {}
                if r.attrs and not existing.get("lat"):
                    store.update_entity(entity_id, attrs={**r.attrs, **existing})
        else:
            entity_id = store.add_entity(r.type, r.label, r.attrs, source_id=self.source_id, row=r.row)
            self.stats.entities_created += 1
        self.ids[r.key] = entity_id
        for kind, ident, raw in r.identifiers:
            if (entity_id, kind, ident) in self._identified:
                continue
            self._identified.add((entity_id, kind, ident))
            if kind in ("name", "alias", "name_key", "place") or f"{kind}:{ident}" != r.key:
                store.add_identifier(entity_id, kind, ident, raw, self.source_id)

    # --------------------------------------------------------------- links
    def links(self, links: list[LinkRecord]) -> None:
        if not links:
            return
        rows = []
        for k, link in enumerate(links):
            src, dst = self.ids[link.src], self.ids[link.dst]
            amount = link.amount_case if link.amount_case is not None else None
            rows.append((link.type, src, dst, k, link.ts, link.duration or 0.0, amount, link.label))
        frame = pd.DataFrame(rows, columns=["type", "src", "dst", "k", "ts", "duration", "amount", "label"])
        link_ids = self._upsert(frame)
        events, evidence = [], []
        for link, (type_, src, dst, *_rest) in zip(links, rows, strict=True):
            link_id = link_ids[(type_, src, dst)]
            evidence.append(("link", link_id, self.source_id, link.row, ""))
            if link.event:
                attrs = json.dumps(link.attrs, ensure_ascii=False) if link.attrs else None
                events.append(
                    (
                        link_id,
                        self.source_id,
                        link.row,
                        link.ts,
                        link.duration,
                        link.amount,
                        link.currency,
                        link.amount_case,
                        attrs,
                    )
                )
        self.store.bulk_add_evidence(evidence)
        # What a link is (a saved contact name, an extracted mention) stays on the link itself.
        patches = [
            (json.dumps(link.attrs, ensure_ascii=False), link_ids[(t, s, d)])
            for link, (t, s, d, *_r) in zip(links, rows, strict=True)
            if link.attrs and not link.event
        ]
        self.store.patch_link_attrs(patches)
        self.store.bulk_add_events(events)
        self.stats.events += len(events)

    def _upsert(self, frame: pd.DataFrame) -> dict[tuple[str, int, int], int]:
        """Aggregate per (type, src, dst) and add to the case; return the link id of each."""
        out: dict[tuple[str, int, int], int] = {}
        for type_, group in frame.groupby("type", sort=True):
            agg = self._add_links(
                str(type_),
                aggregate_pairs(
                    group["src"].to_numpy(),
                    group["dst"].to_numpy(),
                    group["ts"],
                    duration=pd.to_numeric(group["duration"], errors="coerce").to_numpy(float),
                    amount=pd.to_numeric(group["amount"], errors="coerce").to_numpy(float),
                    label=group["label"],
                ),
            )
            keys = zip([str(type_)] * len(agg), agg["src"].tolist(), agg["dst"].tolist(), strict=True)
            out.update(zip(keys, agg["id"].tolist(), strict=True))
        return out

    def _add_links(self, type_: str, pairs: PairAggregate) -> pd.DataFrame:
        """Insert the pairs the case lacks, add to those it has; the aggregate with its ids."""
        known = self._known_links(type_)
        agg = pairs.frame
        found = known.get_indexer(agg["code"].to_numpy())
        fresh = found < 0
        ids = np.empty(len(agg), dtype=np.int64)
        ids[~fresh] = self._link_ids[type_][found[~fresh]]
        first = self.store.next_id("links")
        ids[fresh] = np.arange(first, first + int(fresh.sum()))
        agg = agg.assign(id=ids)
        if fresh.any():
            self.store.insert_links(type_, agg[fresh])
            self._link_index[type_] = known.append(pd.Index(agg["code"].to_numpy()[fresh]))
            self._link_ids[type_] = np.concatenate([self._link_ids[type_], ids[fresh]])
            self.stats.links_created += int(fresh.sum())
        if (~fresh).any():
            self.store.add_to_links(agg[~fresh])
        return agg

    def _known_links(self, type_: str) -> pd.Index:
        if type_ not in self._link_index:
            pairs = self.store.link_pairs(type_)
            self._link_index[type_] = pd.Index(pair_codes(pairs["src"].to_numpy(), pairs["dst"].to_numpy()))
            self._link_ids[type_] = pairs["id"].to_numpy()
        return self._link_index[type_]

    def event_frame(
        self, frame: pd.DataFrame, *, progress: ProgressFn | None = None, cancel: CancelToken | None = None
    ) -> None:
        """The bulk path: millions of calls as one frame, aggregated with numpy, written with
        executemany in link order (so the events' indexes grow at their end)."""
        if frame is None or frame.empty:
            return
        src, dst = self._entity_ids(frame["src"]), self._entity_ids(frame["dst"])
        duration = (
            frame["duration"].to_numpy(float)
            if frame["duration"].dtype.kind == "f"
            else (pd.to_numeric(frame["duration"], errors="coerce").to_numpy(float))
        )
        rows = frame["row"].to_numpy(np.int64)
        for type_ in pd.unique(frame["type"]):
            mask = (frame["type"] == type_).to_numpy()
            pairs = aggregate_pairs(src[mask], dst[mask], frame["ts"][mask], duration=duration[mask])
            agg = self._add_links(str(type_), pairs)
            check(cancel)
            report(progress, 0.5, f"writing {int(mask.sum()):,} events")
            link_of = agg["id"].to_numpy()[pairs.inverse]
            order = pairs.order[np.argsort(link_of[pairs.order], kind="stable")]
            ts = frame["ts"].to_numpy(dtype=object)[mask][order]
            secs = duration[mask][order]
            attrs = frame["attrs"].to_numpy(dtype=object)[mask][order].tolist() if "attrs" in frame else None
            self.store.add_call_events(
                link_of[order].tolist(),
                self.source_id,
                rows[mask][order].tolist(),
                ts.tolist(),
                np.where(np.isnan(secs), None, secs).tolist(),  # type: ignore[attr-defined]  # numpy stubs
                attrs=attrs,
            )
            self.stats.events += int(mask.sum())
            check(cancel)

    def _entity_ids(self, keys: pd.Series) -> np.ndarray:
        """The entity id of each key, in bulk (every key was joined by :meth:`entities`)."""
        known = pd.Index(list(self.ids))
        found = known.get_indexer(keys)
        if (found < 0).any():
            raise KeyError(f"entity keys never declared: {sorted(set(keys[found < 0]))[:5]}")
        return np.fromiter(self.ids.values(), dtype=np.int64, count=len(self.ids))[found]

    def legs(self, records: Records) -> None:
        for leg in records.legs:
            self.store.add_leg(
                self.source_id,
                leg.row,
                leg.journey,
                leg.seq,
                traveller_id=self.ids.get(leg.traveller or ""),
                from_id=self.ids.get(leg.from_place or ""),
                to_id=self.ids.get(leg.to_place or ""),
                start=leg.start,
                end=leg.end,
                mode=leg.mode,
                cost=leg.cost,
                currency=leg.currency,
                cost_case=leg.cost_case,
                facilitator_id=self.ids.get(leg.facilitator or ""),
            )

    def extracted(self, records: Records) -> None:
        """Facts named in the text, pending review, each with who said it (the subject)."""
        if records.extracted:
            self.store.add_extracted(
                self.source_id, ((f, self.ids.get(f.subject)) for f in records.extracted)
            )


def write_records(
    store: CaseStore,
    records: Records,
    source_id: int,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
) -> WriteStats:
    """Write ``records`` for ``source_id``; the caller holds the transaction."""
    writer = RecordWriter(store, source_id)
    with store.deferred_indexes(records.total_rows):
        report(progress, 0.0, "joining entities to the case")
        writer.entities(records)
        check(cancel)
        report(progress, 0.1, "writing links")
        writer.links(records.links)
        first = sub_progress(progress, 0.1, 0.1 + 0.8 * records.fraction)
        writer.event_frame(records.event_frame, progress=first, cancel=cancel)
        writer.legs(records)
        writer.extracted(records)
        for q in records.quarantine:
            store.quarantine(source_id, q.row, q.reason, q.raw)
        for part in records.chunks or ():
            check(cancel)
            report(progress, 0.1 + 0.8 * part.fraction, f"writing rows up to {part.fraction:.0%} of the file")
            writer.entities(part)
            writer.links(part.links)
            writer.event_frame(part.event_frame, cancel=cancel)
            for q in part.quarantine:
                store.quarantine(source_id, q.row, q.reason, q.raw)
            records.rows_read += part.rows_read
            records.quarantine.extend(part.quarantine)
            records.notes.extend(n for n in part.notes if n not in records.notes)
        report(progress, 0.9, "indexing")
    return writer.stats
