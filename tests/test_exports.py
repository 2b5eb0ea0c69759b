"""Exports: round trips, pseudonymisation of migrants, formula safety, the briefing."""

from __future__ import annotations

import csv
import json
import re
import zipfile

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from defusedxml import ElementTree

from app.analysis import AnalysisResult, Community
from app.cli import main
from app.exports import FORMATS, export_case
from app.graph.networks import GraphFilter
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo

MIGRANT_NAME = "Amina Tesfaye"


@pytest.fixture
def case(tmp_path):
    """Salem (organiser, two phones) is called by a migrant and by Omar; the migrant's
    relative pays Omar; the migrant travelled Agadez -> Sebha with Omar driving."""
    store = CaseStore.create(tmp_path / "brief.ariadne", region="LY", title="Operation Test")
    with store.transaction():
        src = store.add_source(SourceInfo("cdr.csv", "a" * 64, 10, "calls", Grading("B", 2)))
        ivw = store.add_source(SourceInfo("interviews.json", "b" * 64, 10, "interviews", Grading("C", 3)))
        salem = store.add_entity("person", "Salem Haddad", {"role": "organiser"}, source_id=src, row=1)
        omar = store.add_entity("person", "=cmd|' /C calc'!A0", {"role": "driver"}, source_id=src, row=2)
        migrant = store.add_entity(
            "person",
            MIGRANT_NAME,
            {"role": "migrant", "ref": "M001", "vulnerabilities": ["minor"], "interview_id": "INT-1"},
            source_id=ivw,
            row=1,
        )
        relative = store.add_entity("person", "Yonas Tesfaye", {"role": "relative"}, source_id=src, row=3)
        phones = {}
        for who, number in (
            (salem, "+218910000001"),
            (salem, "+218910000002"),
            (omar, "+218910000003"),
            (migrant, "+291710000004"),
        ):
            phone = store.ensure_entity("phone", "phone", number)[0]
            store.add_evidence("entity", phone, src, 4)
            store.add_evidence("link", store.upsert_link("uses", who, phone), src, 4)
            phones[number] = phone
        for ts, a, b in (
            ("2026-03-01T10:00:00", "+291710000004", "+218910000001"),
            ("2026-03-02T10:00:00", "+218910000003", "+218910000002"),
            ("2026-03-05T10:00:00", "+218910000003", "+218910000001"),
        ):
            link = store.upsert_link("called", phones[a], phones[b], ts=ts, duration=60)
            store.add_event(link, src, 5, ts=ts, duration=60)
            store.add_evidence("link", link, src, 5)
        link = store.upsert_link("transferred", relative, omar, ts="2026-02-20T09:00:00", amount=1200.0)
        store.add_event(
            link, src, 6, ts="2026-02-20T09:00:00", amount=1200.0, currency="EUR", amount_case=1200.0
        )
        agadez = store.add_entity("location", "Agadez", {"lat": 16.97, "lon": 7.99, "country": "NE"})
        sebha = store.add_entity("location", "Sebha", {"lat": 27.04, "lon": 14.43, "country": "LY"})
        store.add_leg(
            ivw,
            1,
            "INT-1",
            1,
            traveller_id=migrant,
            from_id=agadez,
            to_id=sebha,
            start="2026-03-03",
            end="2026-03-05",
            mode="truck",
            cost=300,
            currency="EUR",
            facilitator_id=omar,
        )
        store.upsert_link("travelled", migrant, sebha)
    store.ids = {"salem": salem, "omar": omar, "migrant": migrant, "relative": relative}
    yield store
    store.close()


@pytest.fixture
def analysis(case):
    ids = case.ids
    salem, migrant, omar = ids["salem"], ids["migrant"], ids["omar"]
    actors = pd.DataFrame(
        {
            "label": ["Salem Haddad", MIGRANT_NAME, "Omar"],
            "type": ["person"] * 3,
            "phones": [["+218910000001"], ["+291710000004"], []],
        },
        index=pd.Index([salem, migrant, omar], name="id"),
    )
    return AnalysisResult(
        case={"title": "Operation Test", "entities": 10, "links": 10, "sources": 2},
        actors=actors,
        hubs=pd.DataFrame({"score": [0.9, 0.4]}, index=pd.Index([salem, migrant], name="id")),
        brokers=pd.DataFrame({"score": [0.5], "main_role": [""]}, index=pd.Index([omar], name="id")),
        communities=[Community(0, "Salem Haddad", [salem, omar])],
        route_clusters=[{"id": 0, "journeys": 1, "waypoints": ["Agadez", "Sebha"], "facilitators": []}],
        money={},
        disruption={},
        protection=[{"ref": "M001", "flags": ["minor"], "interview_id": "INT-1"}],
        modularity=0.0,
        betweenness_method="exact",
        network={"actors": 3, "relationships": 2},
        filter=GraphFilter(),
    )


def test_graphml_and_gexf_read_back_with_the_same_nodes_links_and_attributes(case, analysis, tmp_path):
    for fmt in ("graphml", "gexf"):
        out = export_case(case, fmt, tmp_path / f"case.{fmt}", analysis=analysis)
        g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        nodes = case.node_frame()
        assert g.number_of_nodes() == len(nodes)
        assert g.number_of_edges() == len(case.link_frame())
        salem = g.nodes[str(case.ids["salem"])]
        assert salem["label"] == "Salem Haddad" and salem["type"] == "person"
        assert float(salem["hub_score"]) == pytest.approx(0.9) and int(salem["community"]) == 0
        types = {d["link_type"] for *_, d in g.edges(data=True)}
        assert {"called", "uses", "transferred", "travelled"} <= types


def test_migrants_are_pseudonymised_everywhere_unless_revealed(case, analysis, tmp_path):
    texts = {}
    for fmt in ("graphml", "gexf", "anx", "ftm", "briefing-html"):
        out = export_case(case, fmt, tmp_path / f"hidden.{fmt}", analysis=analysis)
        texts[fmt] = out.read_text("utf-8")
    export_case(case, "csv", tmp_path / "hidden_csv", analysis=analysis)
    texts["csv"] = (tmp_path / "hidden_csv" / "entities.csv").read_text("utf-8-sig")
    for fmt, text in texts.items():
        assert MIGRANT_NAME not in text, fmt
        assert "+291710000004" not in text, f"{fmt} leaks the migrant's number"
        assert "Salem Haddad" in text, fmt
        assert "Witness W-" in text, fmt
    revealed = export_case(
        case, "graphml", tmp_path / "open.graphml", analysis=analysis, reveal_migrants=True
    )
    assert MIGRANT_NAME in revealed.read_text("utf-8")
    exports = [e for e in case.audit() if e["action"] == "export"]
    assert [
        json.loads(e["details"])["reveal_migrants"]
        if isinstance(e["details"], str)
        else e["details"]["reveal_migrants"]
        for e in exports
    ][-1] is True
    assert case.verify_audit() == []


def test_the_same_person_gets_the_same_pseudonym_in_every_export(case, analysis, tmp_path):
    a = nx.read_graphml(export_case(case, "graphml", tmp_path / "a.graphml", analysis=analysis))
    b = nx.read_gexf(export_case(case, "gexf", tmp_path / "b.gexf", analysis=analysis))
    key = str(case.ids["migrant"])
    assert a.nodes[key]["label"] == b.nodes[key]["label"] and a.nodes[key]["label"].startswith("Witness W-")


def test_csv_and_xlsx_neutralise_formulas_but_keep_phone_numbers(case, analysis, tmp_path):
    folder = export_case(case, "csv", tmp_path / "tables", analysis=analysis)
    with open(folder / "entities.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    labels = {r["label"] for r in rows}
    assert "'=cmd|' /C calc'!A0" in labels and "=cmd|' /C calc'!A0" not in labels
    assert any(r["phones"].startswith("+218") for r in rows)
    book = openpyxl.load_workbook(export_case(case, "xlsx", tmp_path / "t.xlsx", analysis=analysis))
    cells = [c.value for row in book["entities"].iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)
    assert {"About", "entities", "links", "sources"} <= set(book.sheetnames)


def test_table_cleaning_gives_what_the_cell_rule_gives_on_every_kind_of_cell():
    """The column-wise cleaning (one search per column, then each distinct text) gives exactly
    what safe_cell gives cell by cell: formulas after a line break inside a cell, repeated
    values, missing cells, numbers and control characters included."""
    import numpy as np
    import pandas as pd

    from app.exports.tables import _clean, safe_cell

    awkward = [
        "=1+1",
        "a\n=b",
        "\r=2",
        "\t@x",
        "+218 91 234 5678",
        "+SUM(A1)",
        "-",
        "-3.5",
        "@x",
        "ok",
        "bell\x07",
        "=1+1",
        None,
        "",
        "x\n\n+y",
    ]
    frame = pd.DataFrame(
        {
            "text": pd.array(awkward, dtype="str"),
            "mixed": pd.Series([*awkward[:-2], 4.5, np.nan], dtype=object),
            "quiet": ["a", "b", "c"] * 5,
            "late": ["a"] * 14 + ["=late"],
            "control": ["a"] * 14 + ["b\x01"],
            "accents": ["é"] * 13 + ["ça\x07", "\ufffe"],
            "number": range(15),
        }
    )
    cleaned = _clean(frame)
    for column in ("text", "mixed", "quiet", "late", "control", "accents"):
        expected = [v if not isinstance(v, str) else safe_cell(v) for v in frame[column].astype(object)]
        got = cleaned[column].astype(object).tolist()
        assert [None if pd.isna(v) else v for v in got] == [None if pd.isna(v) else v for v in expected]
    assert cleaned["text"].tolist()[:4] == ["'=1+1", "a\n=b", "'\r=2", "'\t@x"]
    assert cleaned["late"].iloc[-1] == "'=late" and cleaned["quiet"].equals(frame["quiet"])
    assert cleaned["control"].iloc[-1] != "b\x01" and cleaned["accents"].iloc[-2] != "ça\x07"
    assert cleaned["number"].tolist() == list(range(15)) and frame["text"].iloc[0] == "=1+1"


def test_anx_is_well_formed_with_entities_icons_links_and_grades(case, analysis, tmp_path):
    root = ElementTree.parse(export_case(case, "anx", tmp_path / "c.anx", analysis=analysis)).getroot()
    assert root.tag == "Chart"
    entities = root.findall("./ChartItemCollection/ChartItem/End/Entity")
    links = root.findall("./ChartItemCollection/ChartItem/Link")
    assert len(entities) == len(case.node_frame()) and len(links) == len(case.link_frame())
    ids = {e.get("EntityId") for e in entities}
    assert all(link.get("End1Id") in ids and link.get("End2Id") in ids for link in links)
    icons = {e.find("./Icon/IconStyle").get("Type") for e in entities}
    assert {"Person", "Mobile Phone", "Place"} <= icons
    assert len(root.findall("./GradeOne/StringCollection/String")) == 6
    items = root.findall("./ChartItemCollection/ChartItem")
    graded = [i for i in items if i.get("GradeOneIndex") is not None]
    assert graded


def test_ftm_entities_validate_against_the_followthemoney_model(case, analysis, tmp_path):
    model = pytest.importorskip("followthemoney").model
    lines = export_case(case, "ftm", tmp_path / "c.ftm.jsonl", analysis=analysis).read_text().splitlines()
    schemas = []
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        for prop, values in data["properties"].items():
            assert prop in proxy.schema.properties, (proxy.schema.name, prop)
            for value in values:
                assert proxy.schema.properties[prop].type.clean(value) is not None, (prop, value)
        for req in proxy.schema.required:
            assert data["properties"].get(req), (proxy.schema.name, req)
        schemas.append(proxy.schema.name)
    assert {"Person", "Call", "Payment", "Address"} <= set(schemas)
    people = [json.loads(x) for x in lines if json.loads(x)["schema"] == "Person"]
    salem = next(p for p in people if p["properties"]["name"] == ["Salem Haddad"])
    assert sorted(salem["properties"]["phone"]) == ["+218910000001", "+218910000002"]


def test_briefing_pdf_has_every_section_and_the_handling_code(case, analysis, tmp_path):
    out = export_case(
        case,
        "briefing-pdf",
        tmp_path / "brief.pdf",
        analysis=analysis,
        handling="OFFICIAL-SENSITIVE",
        author="Analyst 7",
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    html = export_case(
        case, "briefing-html", tmp_path / "brief.html", analysis=analysis, handling="OFFICIAL-SENSITIVE"
    ).read_text("utf-8")
    for title in (
        "Executive summary",
        "Key actors",
        "The network",
        "Corridors",
        "Timeline",
        "Protection referrals",
        "Appendix: sources",
    ):
        assert title in html
    assert "OFFICIAL-SENSITIVE" in html and "<svg" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "INT-1" in html and "minor" in html


def test_briefing_sections_and_summary_are_the_analysts_choice(case, analysis, tmp_path):
    html = export_case(
        case,
        "briefing-html",
        tmp_path / "b.html",
        analysis=analysis,
        sections=("summary", "sources"),
        summary="Written by hand.",
    ).read_text("utf-8")
    assert "Written by hand." in html and "Key actors" not in html and "Appendix: sources" in html
    with pytest.raises(ValueError, match="unknown briefing sections"):
        export_case(case, "briefing-html", tmp_path / "c.html", analysis=analysis, sections=("gossip",))


def test_export_cli_refuses_an_unknown_format(case, tmp_path, capsys):
    path = case.path
    case.close()
    assert set(FORMATS) == {"briefing-pdf", "briefing-html", "graphml", "gexf", "csv", "xlsx", "anx", "ftm"}
    with pytest.raises(SystemExit) as exc:
        main(["export", str(path), "--format", "docx", "--out", str(tmp_path / "x")])
    assert exc.value.code == 2


def test_xlsx_export_is_a_real_workbook(case, analysis, tmp_path):
    out = export_case(case, "xlsx", tmp_path / "w.xlsx", analysis=analysis)
    assert zipfile.is_zipfile(out)


def test_the_briefing_covers_the_whole_case_whatever_part_is_asked_for(case, analysis, tmp_path):
    """An export of a part (--around, a chart) narrows the exchange formats, never the briefing,
    which is gathered without the link table it does not read."""
    whole = export_case(case, "briefing-html", tmp_path / "whole.html", analysis=analysis).read_text()
    part = export_case(
        case, "briefing-html", tmp_path / "part.html", analysis=analysis, around=case.ids["omar"], hops=1
    ).read_text()
    graph = nx.read_graphml(
        export_case(
            case, "graphml", tmp_path / "part.graphml", analysis=analysis, around=case.ids["omar"], hops=1
        )
    )

    def words(html: str) -> list[str]:
        text = re.sub(r"<svg.*?</svg>|<img[^>]*>|<[^>]+>", " ", html, flags=re.S)
        return [w for w in text.split() if not re.fullmatch(r"\d{4}-\d\d-\d\d|\d\d:\d\d", w)]

    assert "Salem Haddad" in whole
    assert words(part) == words(whole)
    assert 0 < graph.number_of_nodes() < len(case.node_frame())  # the exchange format is narrowed


def test_the_csv_writer_writes_what_pandas_writes_for_every_kind_of_cell():
    """write_csv_table is byte for byte ``to_csv(index=False)``: quotes, commas and line ends
    inside cells, missing cells of every kind, numbers as Python writes them, booleans,
    numbers among text, nullable integers, and the frames it leaves to pandas."""
    import io

    import numpy as np

    from app.exports import tables
    from app.exports.tables import write_csv_table

    frame = pd.DataFrame(
        {
            "text": pd.array(['say "hi"', "a,b", "line\nbreak", "cr\rhere", None, "", "plain"], dtype="str"),
            "object": pd.Series(["x", 4.5, None, np.nan, True, 7, "é, ü"], dtype=object),
            "float": [0.1, -0.0, 1e16, np.nan, 1e-05, 123456789012.0, 2.5],
            "int": [1, -2, 3, 1, 1, 0, 10**12],
            "nullable": pd.array([1, None, 3, 4, None, 6, 7], dtype="Int64"),
            "bool": [True, False, True, True, False, False, True],
            'head,"er"': ["a"] * 7,
        }
    )
    frames = [
        frame,
        frame.iloc[0:0],
        frame[["text"]],
        pd.DataFrame({"when": pd.to_datetime(["2024-01-01", "2024-01-02"]), "n": [1, 2]}),
        pd.DataFrame(),
    ]
    for chunk in (tables._CSV_CHUNK, 2):
        tables._CSV_CHUNK, saved = chunk, tables._CSV_CHUNK
        try:
            for f in frames:
                ours, theirs = io.StringIO(), io.StringIO()
                write_csv_table(f, ours)
                f.to_csv(theirs, index=False)
                assert ours.getvalue() == theirs.getvalue(), f.columns.tolist()
        finally:
            tables._CSV_CHUNK = saved


def test_the_export_gathers_link_gradings_only_for_the_formats_that_write_them(case, analysis):
    from app.exports.dataset import collect

    graded = collect(case, reveal=False, analysis=analysis)
    plain = collect(case, reveal=False, analysis=analysis, links="plain")
    none = collect(case, reveal=False, analysis=analysis, links="none")
    assert graded.links["grading"].tolist() and set(graded.links["grading"]) <= {"B2", "C3", ""}
    assert "B2" in set(graded.links["grading"])
    assert plain.links.equals(graded.links.drop(columns="grading"))
    assert none.links.empty and list(none.links.columns) == list(graded.links.columns)
    assert plain.nodes.equals(graded.nodes)
    with pytest.raises(ValueError, match="links must be"):
        collect(case, reveal=False, analysis=analysis, links="some")


def test_the_tables_leave_the_gathered_export_as_it_was(case, analysis, tmp_path):
    """frames() copies what it changes: the links' label columns and cleaned cells are the
    table's, never the gathered export's (which the next format would read)."""
    from app.exports.dataset import collect
    from app.exports.tables import frames, write_csv

    data = collect(case, reveal=False, analysis=analysis)
    links, nodes = data.links.copy(), data.nodes.copy()
    tables = frames(data)
    write_csv(data, tmp_path / "t")
    assert "src_label" in tables["links"] and "src_label" not in data.links
    assert data.links.equals(links) and data.nodes.equals(nodes)
    assert "'=cmd|' /C calc'!A0" in set(tables["entities"]["label"])
    assert "=cmd|' /C calc'!A0" in set(data.nodes["label"])
