"""ANX and FollowTheMoney exports of awkward values: markup characters, quotes, backslashes,
control characters, line breaks, non-ASCII names, links without an amount or a date.  The
files are read back (XML parser, JSON) and compared with what the case holds."""

from __future__ import annotations

import json

import pytest
from defusedxml import ElementTree

from app.analysis import latest_analysis
from app.exports import export_case
from app.exports.dataset import collect
from app.exports.ftm import entities
from app.exports.xmltext import xml_text
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo

BOSS = "Salem & Sons <Ltd> \"boss\" 'x' \\ back"
ODD = "Omar\x01\x1f\tTab\r\nLine — عمر Ωmega 😀"
PLACE = "Agadez\n<old town>"
ACCOUNT = "IBAN <LY38> & co"
DOCUMENT = 'Passport "P<1>"\u2028line'


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    path = tmp_path_factory.mktemp("awkward") / "awkward.ariadne"
    with CaseStore.create(path, title='Op "Odd" & <Co>') as case, case.transaction():
        src = case.add_source(SourceInfo("c.csv", "c" * 64, 9, "calls", Grading("B", 2)))
        boss = case.add_entity(
            "person", BOSS, {"role": 'organiser & "chief"', "nationality": "LY"}, source_id=src, row=1
        )
        case.add_identifier(boss, "alias", 'Abu "Salem" \\ \t<A>', source_id=src)
        odd = case.add_entity("person", ODD, {"role": ""}, source_id=src, row=2)
        place = case.add_entity("location", PLACE, {"lat": 16.97, "lon": 7.99}, source_id=src, row=3)
        account = case.add_entity("account", ACCOUNT, source_id=src, row=4)
        phone = case.ensure_entity("phone", "phone", "+218910000001", source_id=src, row=5)[0]
        lone = case.ensure_entity("phone", "phone", "+218910000009", source_id=src, row=6)[0]
        case.add_evidence("link", case.upsert_link("uses", boss, phone), src, 5)
        case.add_evidence("link", case.upsert_link("uses", odd, account), src, 4)
        call = case.upsert_link("called", phone, lone, ts="2026-03-01T10:00:00", duration=61)
        case.add_event(call, src, 7, ts="2026-03-01T10:00:00", duration=61)
        case.add_evidence("link", call, src, 7)
        case.upsert_link("transferred", odd, boss)  # no amount, no date
        paid = case.upsert_link("paid", boss, odd, ts="2026-03-02T09:00:00", amount=12.5)
        case.add_event(paid, src, 8, ts="2026-03-02T09:00:00", amount=12.5, currency="EUR", amount_case=12.5)
        case.upsert_link("in_contacts", odd, boss, label='"Boss" & <co>')  # no date
        case.add_entity("document", DOCUMENT, source_id=src, row=9)
        case.add_entity("organisation", "", source_id=src, row=10)  # no name
        case.upsert_link("located_at", odd, place, ts="2026-03-03T08:00:00")
        case.upsert_link("messaged", lone, odd, ts="2026-03-04T08:00:00")
    case = CaseStore.open(path)
    analysis = latest_analysis(case)
    folder = tmp_path_factory.mktemp("out")
    anx = export_case(case, "anx", folder / "a.anx", analysis=analysis)
    ftm = export_case(case, "ftm", folder / "a.ftm.jsonl", analysis=analysis)
    data = collect(case, reveal=False, analysis=analysis)
    case.close()
    return data, anx, ftm


def test_anx_reads_back_every_awkward_label_and_leaves_out_missing_values(awkward):
    data, anx, _ftm = awkward
    root = ElementTree.parse(anx).getroot()
    items = root.findall("./ChartItemCollection/ChartItem")
    by_label = {i.get("Label"): i for i in items if i.find("End") is not None}
    for label in (BOSS, ODD, PLACE, ACCOUNT, DOCUMENT):
        item = by_label[xml_text(label)]  # control characters as U+FFFD, tab and line breaks kept
        assert item.find("./End/Entity").get("Identity") == xml_text(label)
    assert "\ufffd\ufffd\tTab\r\nLine — عمر Ωmega 😀" in xml_text(ODD)
    cells = {a.get("AttributeClass"): a.get("Value") for a in by_label[BOSS].iter("Attribute")}
    assert cells["Role"] == 'organiser & "chief"' and cells["Grading"] == "B2"
    assert "Role" not in {a.get("AttributeClass") for a in by_label[xml_text(ODD)].iter("Attribute")}
    links = {i.get("Label"): i for i in items if i.find("Link") is not None}
    assert set(links) == {
        "uses ×1",
        "called ×1",
        "transferred ×1",
        "paid ×1",
        "in_contacts ×1",
        "located_at ×1",
        "messaged ×1",
    }
    unpaid = {a.get("AttributeClass"): a.get("Value") for a in links["transferred ×1"].iter("Attribute")}
    assert unpaid == {"Count": "1"}  # no amount, no dates, no source
    paid = {a.get("AttributeClass"): a.get("Value") for a in links["paid ×1"].iter("Attribute")}
    assert paid["Amount"] == "12.5" and paid["First seen"] == "2026-03-02T09:00:00"
    assert root.find("./Summary/Title").text == 'Op "Odd" & <Co>'
    assert len(items) == len(data.nodes) + len(data.links)


def test_ftm_reads_back_every_awkward_value_as_json_dumps_writes_it(awkward):
    data, _anx, ftm = awkward
    text = ftm.read_text("utf-8")
    assert "عمر Ωmega 😀" in text and "\\u0001" in text  # non-ASCII kept, control characters escaped
    lines = text.split("\n")
    assert lines.pop() == ""
    got = [json.loads(line) for line in lines]
    assert lines == [json.dumps(e, ensure_ascii=False) for e in got]  # key order, spacing, escapes
    assert list(entities(data)) == got
    by_name = {e["properties"].get("name", [""])[0]: e for e in got}
    boss = by_name[BOSS]["properties"]
    assert boss["alias"] == ['Abu "Salem" \\ \t<A>'] and boss["phone"] == ["+218910000001"]
    assert boss["nationality"] == ["ly"] and boss["notes"] == [
        'role: organiser & "chief"; best source grading B2'
    ]
    assert by_name[ODD]["schema"] == "Person" and "notes" in by_name[ODD]["properties"]
    address = next(e for e in got if e["schema"] == "Address")["properties"]
    assert address == {"full": [PLACE], "latitude": ["16.97"], "longitude": ["7.99"]}
    payments = {e["properties"]["description"][0]: e["properties"] for e in got if e["schema"] == "Payment"}
    assert (
        "amount" not in payments["1 transferred link(s)"] and "date" not in payments["1 transferred link(s)"]
    )
    paid = payments["1 paid link(s)"]
    assert paid["amount"] == ["12.50"] and paid["amountEur"] == ["12.50"] and paid["currency"] == ["EUR"]
    assert paid["date"] == paid["startDate"] == paid["endDate"] == ["2026-03-02"]
    call = next(e for e in got if e["schema"] == "Call")["properties"]
    assert call["callerNumber"] == ["+218910000001"] and call["receiverNumber"] == ["+218910000009"]
    assert call["duration"] == ["61"] and call["caller"] == [f"ariadne-e{by_name[BOSS]['id'][9:]}"]
    document = next(e for e in got if e["schema"] == "Document")["properties"]
    assert document == {"title": [DOCUMENT], "notes": ["best source grading B2"]}
    organisation = next(e for e in got if e["schema"] == "Organization")
    assert organisation["properties"]["name"] == [f"#{organisation['id'][9:]}"]
    account = next(e for e in got if e["schema"] == "BankAccount")["properties"]
    assert account["name"] == account["accountNumber"] == [ACCOUNT]
    assert {e["schema"] for e in got} >= {
        "Person",
        "LegalEntity",
        "BankAccount",
        "Ownership",
        "Message",
        "UnknownLink",
    }
