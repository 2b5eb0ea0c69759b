"""``ariadne extracted CASE [--json] [--accept ID…] [--reject ID…] [--accept-all]``: the facts
extracted from message bodies and narratives, and the analyst's decisions on them."""

from __future__ import annotations

import argparse
import json

import pandas as pd

_KIND_WIDTH = 7


def add_extracted_parser(sub) -> None:
    s = sub.add_parser("extracted", help="facts extracted from messages and narratives; accept or reject")
    s.add_argument("case")
    s.add_argument("--json", action="store_true")
    s.add_argument(
        "--status",
        default="",
        choices=["", "pending", "accepted", "rejected"],
        help="list only facts of this status (default: all)",
    )
    s.add_argument("--accept", nargs="+", type=int, default=[], metavar="ID")
    s.add_argument("--reject", nargs="+", type=int, default=[], metavar="ID")
    s.add_argument("--accept-all", action="store_true", help="accept every pending fact")
    s.set_defaults(func=cmd_extracted)


def cmd_extracted(args: argparse.Namespace) -> int:
    from app.cli import UsageError, _open

    if set(args.accept) & set(args.reject):
        raise UsageError("a fact cannot be both accepted and rejected")
    with _open(args.case) as case:
        decided = []
        if args.accept:
            decided.append(f"accepted {case.decide_extracted(args.accept, True)}")
        if args.reject:
            decided.append(f"rejected {case.decide_extracted(args.reject, False)}")
        if args.accept_all:
            decided.append(f"accepted {case.accept_all_extracted()}")
        frame = case.extracted_frame(status=args.status or None)
        currency = case.currency or "EUR"
    facts = [_record(r) for r in frame.to_dict("records")]
    if args.json:
        print(json.dumps({"currency": currency, "facts": facts}, ensure_ascii=False, indent=1))
        return 0
    if decided:
        print(", ".join(decided))
    print(format_facts(facts))
    return 0


def _record(r: dict) -> dict:
    attrs = json.loads(r.get("attrs") or "{}")
    return {
        "id": int(r["id"]),
        "kind": r["kind"],
        "value": r["value"],
        "normalised": r["normalised"],
        "status": r["status"],
        "source": r["source"],
        "source_id": int(r["source_id"]),
        "row": _int(r["row"]),
        "quote": r["quote"],
        "role": attrs.get("role", ""),
        "entity_id": _int(r["entity_id"]),
        "link_id": _int(r["link_id"]),
    }


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def format_facts(facts: list[dict]) -> str:
    """The facts as an analyst reads them: one line each, then the quoted words.

    >>> print(format_facts([{"id": 3, "kind": "amount", "value": "2,000 euros", "normalised": "2000.00 EUR",
    ...     "status": "pending", "source": "chat.txt", "row": 12, "quote": "He wants 2,000 euros.",
    ...     "role": ""}]))
    #3   amount  2,000 euros → 2000.00 EUR  [pending]  chat.txt row 12
         “He wants 2,000 euros.”
    1 facts: 1 pending
    """
    if not facts:
        return "no extracted facts"
    lines = []
    for f in facts:
        same = f["normalised"].casefold() in ("", f["value"].casefold())
        shown = f["value"] if same else f"{f['value']} → {f['normalised']}"
        role = f" ({f['role']})" if f.get("role") else ""
        lines.append(
            f"#{f['id']:<3} {f['kind']:<{_KIND_WIDTH}} {shown}{role}  [{f['status']}]  "
            f"{f['source']} row {f['row']}"
        )
        lines.append(f"     “{f['quote']}”")
    counts: dict[str, int] = {}
    for f in facts:
        counts[f["status"]] = counts.get(f["status"], 0) + 1
    lines.append(f"{len(facts)} facts: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    return "\n".join(lines)
