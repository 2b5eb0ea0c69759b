"""Names that tell people apart (issue 18): every actor's name as the window and the briefing
show it, two actors of the same name told apart by a phone ending, the city or the community,
while the JSON's ``label`` stays the name alone and protected people keep their pseudonyms."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pandas as pd

from app.analysis import AnalysisResult
from app.exports.briefing import _label, _named_flows
from app.graph.networks import names_of


def actors(rows: list[tuple]) -> pd.DataFrame:
    """A frame shaped like :func:`app.graph.networks.actor_nodes`: id -> label, phones, attrs."""
    return pd.DataFrame(
        {
            "label": [r[1] for r in rows],
            "type": "person",
            "attrs": [json.dumps(r[3]) for r in rows],
            "phones": [r[2] for r in rows],
        },
        index=[r[0] for r in rows],
    )


def test_same_names_get_a_phone_ending_then_the_city_then_the_community():
    frame = actors(
        [
            (1, "Abu Youssef", ["+218912224521"], {}),
            (2, "Abu Youssef", ["+218913337788"], {}),
            (3, "Modou", [], {"city": "Nouadhibou"}),
            (4, "Modou", [], {"city": "Dakar"}),
            (5, "Issa", [], {}),
            (6, "Issa", [], {}),
            (7, "Salem Haddad", ["+218910000001"], {}),
        ]
    )
    names = names_of(frame, {5: 2, 6: 4})
    assert names == {
        1: "Abu Youssef (…4521)",
        2: "Abu Youssef (…7788)",
        3: "Modou (Nouadhibou)",
        4: "Modou (Dakar)",
        5: "Issa (community 2)",
        6: "Issa (community 4)",
        7: "Salem Haddad",
    }


def test_the_analysis_names_every_actor_and_keeps_the_json_label_plain(tmp_path):
    from app.analysis import analyze_case
    from app.graph.store import CaseStore

    with CaseStore.create(tmp_path / "c.ariadne", region="LY") as case:
        a = case.add_entity("person", "Abu Youssef")
        b = case.add_entity("person", "Abu Youssef")
        for person, number in ((a, "+218912224521"), (b, "+218913337788")):
            phone = case.add_entity("phone", number)
            case.add_identifier(phone, "phone", number)
            case.upsert_link("uses", person, phone)
        case.upsert_link("called", a, b, ts="2026-03-01T10:00:00", count=3)
        result = analyze_case(case, top=5)
    assert result.names[a] == "Abu Youssef (…4521)" and result.names[b] == "Abu Youssef (…7788)"
    assert result.name(str(a)) == "Abu Youssef (…4521)"
    assert {h["label"] for h in result.to_json()["hubs"]} == {"Abu Youssef"}


def test_the_briefing_tells_same_names_apart_and_keeps_pseudonyms():
    result = AnalysisResult.from_json({})
    result.names = {1: "Abu Youssef (…4521)", 2: "Abu Youssef (…7788)", 3: "Modou (…1111)"}
    pseud = SimpleNamespace(is_protected=lambda i: int(i) == 3, flows=lambda flows: [dict(f) for f in flows])
    nodes = pd.DataFrame({"id": [1, 2, 3], "label": ["Abu Youssef", "Abu Youssef", "P-7KQ2M"]})
    data = SimpleNamespace(pseudonyms=pseud, nodes=nodes, analysis=result)
    assert [_label(data, i) for i in (1, "2", 3, "x")] == [
        "Abu Youssef (…4521)",
        "Abu Youssef (…7788)",
        "P-7KQ2M",  # a protected person: the pseudonym, never the name or its tag
        "x",
    ]
    flows = _named_flows(data, [{"from": "Abu Youssef", "from_id": "2", "to": "P-7KQ2M", "to_id": "3"}])
    assert (flows[0]["from"], flows[0]["to"]) == ("Abu Youssef (…7788)", "P-7KQ2M")


def test_the_briefing_never_shows_the_end_of_a_withheld_number():
    result = AnalysisResult.from_json({})
    result.names = {1: "Abu Youssef (…4521)", 2: "Abu Youssef (…7788)"}
    pseud = SimpleNamespace(is_protected=lambda i: False, hidden_numbers={"+218912224521"})
    nodes = pd.DataFrame({"id": [1, 2], "label": ["Abu Youssef", "Abu Youssef"]})
    data = SimpleNamespace(pseudonyms=pseud, nodes=nodes, analysis=result)
    assert [_label(data, i) for i in (1, 2)] == ["Abu Youssef", "Abu Youssef (…7788)"]
