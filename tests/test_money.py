"""The case's money total: money that entered the network, forwarded amounts counted once, and
chains payer → collector → organiser with amounts and dates."""

from __future__ import annotations

import pandas as pd

from app.graph.money import chains, money_total


def _edges(rows):
    return pd.DataFrame(rows, columns=["src", "dst", "amount", "count", "first", "last"])


def test_forwarded_money_is_counted_once():
    # relatives 1 and 2 pay collector 3 (1,000 + 500); 3 forwards 1,200 to organiser 9
    edges = _edges(
        [
            (1, 3, 1000.0, 2, "2026-03-01", "2026-03-09"),
            (2, 3, 500.0, 1, "2026-03-04", "2026-03-04"),
            (3, 9, 1200.0, 1, "2026-03-10", "2026-03-10"),
        ]
    )
    assert money_total(edges) == 1500.0
    assert edges["amount"].sum() == 2700.0  # what summing every transfer said before


def test_chains_run_from_payer_through_collector_to_organiser_with_amounts_and_dates():
    edges = _edges(
        [
            (1, 3, 1000.0, 2, "2026-03-01", "2026-03-09"),
            (2, 3, 500.0, 1, "2026-03-04", "2026-03-04"),
            (3, 9, 1200.0, 1, "2026-03-10", "2026-03-10"),
        ]
    )
    labels = {1: "Yonas", 2: "Hiwet", 3: "Omar", 9: "Salem"}
    found = chains(edges, [9], labels)
    assert [c["path"] for c in found] == [["Yonas", "Omar", "Salem"], ["Hiwet", "Omar", "Salem"]]
    first = found[0]
    assert first["amount"] == 1000.0 and first["organiser"]
    assert [(s["from"], s["to"], s["amount"], s["first"]) for s in first["steps"]] == [
        ("Yonas", "Omar", 1000.0, "2026-03-01"),
        ("Omar", "Salem", 1200.0, "2026-03-10"),
    ]


def test_chains_are_found_when_organisers_are_paid_directly():
    edges = _edges([(1, 9, 700.0, 1, "2026-04-01", "2026-04-01")])
    found = chains(edges, [5], {1: "Yonas", 9: "Salem"})
    assert [c["path"] for c in found] == [["Yonas", "Salem"]] and not found[0]["organiser"]
