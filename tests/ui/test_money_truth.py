"""One money truth (issue 19): the total the Money panel shows is the number ``analyze --json``
prints and the briefing states, on the demonstration scenario; the chains are computed and shown
in the panel and the briefing."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import Qt

from app.cli import main


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("\u202f", "").replace("\u00a0", ""))


def test_the_panel_analyze_and_the_briefing_give_the_same_money_total(demo_window, qtbot, tmp_path, capsys):
    window = demo_window
    qtbot.mouseClick(window.analysis.run, Qt.MouseButton.LeftButton)
    assert window.failures == []
    case = str(window.session.path)
    assert main(["analyze", case, "--json"]) == 0
    money = json.loads(capsys.readouterr().out)["money"]
    assert set(money) >= {"total", "currency", "flows", "by_community", "by_country", "chains"}
    panel = re.search(r"([\d,]+) EUR", window.analysis.money_total.text())
    assert panel and _number(panel.group(1)) == round(money["total"])
    out = tmp_path / "briefing.html"
    assert (
        main(["export", case, "--format", "briefing-html", "--out", str(out), "--sections", "summary,money"])
        == 0
    )
    briefing = out.read_text(encoding="utf-8")
    stated = re.findall(r"([\d,]+) EUR entered the network", briefing)
    assert stated and {_number(s) for s in stated} == {round(money["total"])}
    # every flow between communities and countries, within them too: they add up to all the money
    recorded = money["recorded"]
    assert abs(sum(f["amount"] for f in money["by_community"]) - recorded) < 1
    assert abs(sum(f["amount"] for f in money["by_country"]) - recorded) < 1
    assert len(money["by_community"]) > 1
    # chains are computed, each step with amount and dates, and shown in the panel and the briefing
    assert money["chains"] and all(
        s["amount"] > 0 and s["first"] for c in money["chains"] for s in c["steps"]
    )
    assert len(window.analysis.chains.model.frame) == len(money["chains"])
    # the briefing shows the chain, its migrants under their pseudonyms (never their names)
    chain = money["chains"][0]
    shown = briefing.replace("&gt;", ">")
    assert chain["path"][-1] in shown or chain["path"][-1].startswith("Migrant")
    named = [name for c in money["chains"] for name in c["path"] if name.startswith("Migrant ")]
    assert not [name for name in named if name in shown]
