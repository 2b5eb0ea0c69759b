"""Exports of what the analyst chose (issue 19): the part of the case around an entity, or a
saved chart with its positions carried into ANX and GEXF, to every format."""

from __future__ import annotations

import networkx as nx
import pytest
from defusedxml import ElementTree

from app.cli import main
from app.exports import FORMATS, export_case
from tests.test_exports import analysis, case  # noqa: F401  (fixtures)


def test_around_an_entity_keeps_only_what_lies_within_the_hops(case, analysis, tmp_path):  # noqa: F811
    ids = case.ids
    whole = nx.read_graphml(export_case(case, "graphml", tmp_path / "all.graphml", analysis=analysis))
    one = nx.read_graphml(
        export_case(
            case, "graphml", tmp_path / "one.graphml", analysis=analysis, around=ids["relative"], hops=1
        )
    )
    # the relative paid Omar: one hop reaches Omar (and his phone), not Salem or the migrant
    assert {str(ids["relative"]), str(ids["omar"])} <= set(one.nodes)
    assert str(ids["salem"]) not in one.nodes and str(ids["migrant"]) not in one.nodes
    assert len(one) < len(whole)
    two = nx.read_graphml(
        export_case(
            case, "graphml", tmp_path / "two.graphml", analysis=analysis, around=ids["relative"], hops=2
        )
    )
    assert str(ids["salem"]) in two.nodes  # Omar called Salem


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not f.startswith("briefing")])
def test_a_saved_chart_goes_to_every_format(case, analysis, tmp_path, fmt):  # noqa: F811
    ids = case.ids
    case.save_chart(
        "suspects",
        {
            "actors": [
                {"id": ids["salem"], "x": 10.0, "y": 20.0},
                {"id": ids["omar"], "x": 300.0, "y": 40.0},
                {"id": ids["migrant"], "x": 0.0, "y": 0.0, "hidden": True},
            ]
        },
    )
    out = export_case(case, fmt, tmp_path / f"chart.{fmt}", analysis=analysis, chart="suspects")
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(out)
        text = " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
    else:
        text = (
            "".join(p.read_text("utf-8") for p in out.iterdir()) if out.is_dir() else out.read_text("utf-8")
        )
    assert "Salem Haddad" in text and "Yonas" not in text and "Witness" not in text


def test_a_saved_charts_positions_reach_anx_and_gexf(case, analysis, tmp_path):  # noqa: F811
    ids = case.ids
    case.save_chart(
        "suspects",
        {"actors": [{"id": ids["salem"], "x": 10.0, "y": 20.0}, {"id": ids["omar"], "x": 300.0, "y": 40.0}]},
    )
    anx = ElementTree.parse(export_case(case, "anx", tmp_path / "c.anx", analysis=analysis, chart="suspects"))
    salem = next(i for i in anx.iter("ChartItem") if i.get("Label") == "Salem Haddad")
    assert (salem.get("XPosition"), salem.find("End").get("Y")) == ("10", "20")
    gexf = export_case(case, "gexf", tmp_path / "c.gexf", analysis=analysis, chart="suspects").read_text(
        "utf-8"
    )
    assert f'<node id="{ids["omar"]}"' in gexf and 'x="300.0" y="-40.0"' in gexf
    nx.read_gexf(tmp_path / "c.gexf")  # still a valid GEXF


def test_export_command_takes_around_hops_and_chart(case, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "around.graphml"
    assert (
        main(
            [
                "export",
                str(case.path),
                "--format",
                "graphml",
                "--out",
                str(out),
                "--around",
                "Salem Haddad",
                "--hops",
                "1",
            ]
        )
        == 0
    )
    assert str(case.ids["salem"]) in nx.read_graphml(out).nodes
    assert (
        main(
            [
                "export",
                str(case.path),
                "--format",
                "anx",
                "--out",
                str(tmp_path / "x.anx"),
                "--chart",
                "nothing",
            ]
        )
        == 1
    )
    assert "no chart saved as 'nothing'" in capsys.readouterr().err


def test_the_current_filter_keeps_the_links_inside_it(case, analysis, tmp_path):  # noqa: F811
    """A time window keeps the links with events inside it (re-counted there) and the entities
    they join; a minimum grading drops what only weaker sources say."""
    from app.graph.networks import GraphFilter
    from app.model import Grading

    whole = nx.read_graphml(export_case(case, "graphml", tmp_path / "all.graphml", analysis=analysis))
    march = GraphFilter(start="2026-03-01", end="2026-03-02T23:59:59")
    part = nx.read_graphml(
        export_case(case, "graphml", tmp_path / "march.graphml", analysis=analysis, flt=march)
    )
    called = [(u, v) for u, v, d in part.edges(data=True) if d.get("link_type") == "called"]
    assert len(called) == 2  # the calls of 1 and 2 March, not the one of 5 March
    assert not any(d.get("link_type") == "transferred" for _u, _v, d in part.edges(data=True))  # 20 February
    assert len(part) < len(whole) and len(part.edges) < len(whole.edges)
    graded = export_case(
        case,
        "graphml",
        tmp_path / "b2.graphml",
        analysis=analysis,
        flt=GraphFilter(min_grading=Grading("A", 1)),
    )
    assert not any(d.get("link_type") == "called" for _u, _v, d in nx.read_graphml(graded).edges(data=True))
    logged = [e for e in case.audit() if e["action"] == "export"]
    assert logged[-1]["details"]["filter"]["min_grading"] == "A1"


def test_the_chart_shown_goes_out_with_its_places(case, analysis, tmp_path):  # noqa: F811
    ids = case.ids
    shown = [{"id": ids["salem"], "x": 5.0, "y": 7.0}, {"id": ids["omar"], "x": 120.0, "y": 9.0}]
    anx = ElementTree.parse(
        export_case(case, "anx", tmp_path / "s.anx", analysis=analysis, chart_actors=shown)
    )
    salem = next(i for i in anx.iter("ChartItem") if i.get("Label") == "Salem Haddad")
    assert (salem.get("XPosition"), salem.find("End").get("Y")) == ("5", "7")
    labels = {i.get("Label") for i in anx.iter("ChartItem") if i.find("End") is not None}
    assert "Yonas Tesfaye" not in labels and not any("Witness" in str(x) for x in labels)
