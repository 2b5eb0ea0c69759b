"""A briefing to hand over (issue 19): nothing cut without a visible "…" and the full text
elsewhere, plurals right, no raw keys, colours tied to the community table, a legible network
figure at any size, and every section in French with French numbers and dates."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from app.analysis import AnalysisResult
from app.exports import export_case
from app.exports.briefing import TABLE_ROWS
from app.exports.dataset import collect
from app.exports.figures import network_figure
from app.language import FRENCH, Language
from tests.test_exports import case  # noqa: F401  (the fixture: Salem, Omar, a migrant, a relative)

WAYPOINTS = ["Khartoum", "Kufra", "Ajdabiya", "Bani Walid", "Tripoli", "Zuwara", "Lampedusa", "Catania"]


@pytest.fixture
def analysis(case):  # noqa: F811
    ids = case.ids
    hubs = [{"id": str(ids["salem"]), "label": "Salem Haddad", "type": "person", "score": 0.9, "phones": []}]
    return AnalysisResult.from_json(
        {
            "hubs": hubs,
            "brokers": [
                {"id": str(ids["omar"]), "label": "Omar", "type": "person", "score": 0.5, "phones": []}
            ],
            "roles": {str(ids["omar"]): "liaison"},
            "communities": [
                {"id": k, "size": 50 - k, "label": f"group {k}", "members": [{"id": str(ids["salem"])}]}
                for k in range(TABLE_ROWS + 5)
            ],
            "route_clusters": [
                {
                    "id": 0,
                    "journeys": 1,
                    "waypoints": WAYPOINTS,
                    "facilitators": [],
                    "price_range": "1,200–1,500",
                }
            ],
            "protection": [
                {
                    "ref": "M001",
                    "flags": ["minor", "missing_relative"],
                    "interview_id": "INT-1",
                    "id": str(ids["migrant"]),
                }
            ],
            "money": {
                "total": 1200.0,
                "currency": "EUR",
                "transfers": 1,
                "recorded": 1200.0,
                "flows": [
                    {
                        "from": "Yonas",
                        "to": "Omar",
                        "amount": 1200.0,
                        "count": 1,
                        "first": "2026-02-20T09:00:00",
                        "last": "2026-02-20T09:00:00",
                    }
                ],
                "chains": [
                    {
                        "amount": 1200.0,
                        "organiser": False,
                        "path": ["Yonas", "Omar"],
                        "ids": ["1", "2"],
                        "steps": [
                            {
                                "from": "Yonas",
                                "to": "Omar",
                                "amount": 1200.0,
                                "count": 1,
                                "first": "2026-02-20",
                                "last": "2026-02-20",
                            }
                        ],
                    }
                ],
            },
        }
    )


def _html(case, analysis, tmp_path, language="en"):  # noqa: F811
    out = export_case(
        case, "briefing-html", tmp_path / f"b-{language}.html", analysis=analysis, language=language
    )
    return out.read_text(encoding="utf-8")


def test_nothing_is_cut_silently_and_plurals_and_words_are_right(case, analysis, tmp_path):  # noqa: F811
    html = _html(case, analysis, tmp_path)
    summary = html[html.index('id="summary"') : html.index('id="actors"')]
    assert " → ".join(WAYPOINTS) in summary  # the destination is not dropped
    assert "(1 journey)" in summary and "1 journeys" not in html
    assert "missing relative" in html and "missing_relative" not in html
    # the long community table: its first rows, a visible note, and every row in the appendix
    assert f"{5} more rows" in html and "Appendix: full tables" in html
    assert f"<td>{TABLE_ROWS + 4}</td>" in html[html.index('id="appendix"') :]
    # each community row carries its colour swatch, the legend of the figure's colours
    network = html[html.index('id="network"') : html.index('id="routes"')]
    assert len(re.findall(r'<span style="[^"]*background:#', network)) == TABLE_ROWS


def test_the_protection_table_names_each_migrant_by_pseudonym_not_withheld(case, analysis, tmp_path):  # noqa: F811
    html = _html(case, analysis, tmp_path)
    protection = html[html.index('id="protection"') : html.index('id="sources"')]
    assert "withheld" not in protection and "Amina" not in protection
    data = collect(case, reveal=False, analysis=analysis)
    pseudonym = data.nodes.loc[data.nodes["id"] == case.ids["migrant"], "label"].iloc[0]
    assert f"<td>{pseudonym}</td>" in protection


def test_pdf_cells_are_whole(case, analysis, tmp_path):  # noqa: F811
    pdfium = pytest.importorskip("pypdfium2")
    long_name = "westlink_mto_" + "_".join(f"branch{k}" for k in range(30)) + ".csv"
    case.conn.execute("UPDATE sources SET file_name = ? WHERE id = 1", (long_name,))
    out = export_case(case, "briefing-pdf", tmp_path / "b.pdf", analysis=analysis, sections=("sources",))
    pdf = pdfium.PdfDocument(str(out))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "branch29.csv" in re.sub(r"\s+", "", text)


def test_every_section_in_french_with_french_numbers_and_dates(case, analysis, tmp_path):  # noqa: F811
    html = _html(case, analysis, tmp_path, "fr")
    assert '<html lang="fr">' in html
    for title in (
        "Synthèse",
        "Acteurs clés",
        "Le réseau",
        "Corridors",
        "Chronologie",
        "Flux financiers",
        "Démantèlement",
        "Orientations vers la protection",
        "Annexe : sources",
    ):
        assert f"<h2>{title}</h2>" in html
    assert "1\u00a0200\u00a0EUR" in html.replace("&nbsp;", "\u00a0") or "1\u202f200\u00a0EUR" in html
    assert "20 février 2026" in html and "mineur, proche disparu" in html
    for english in (
        "Executive summary",
        "Key actors",
        "journeys",
        "Vulnerabilities",
        "Money flows",
        "(1 journey)",
    ):
        assert english not in html


def test_a_string_without_french_fails():
    fr = Language("fr")
    with pytest.raises(KeyError):
        fr.t("A sentence nobody translated")
    assert all(isinstance(v, str) and v for v in FRENCH.values())


def test_the_network_figure_stays_legible_at_any_size():
    small = nx.path_graph(30)
    fig = network_figure(
        small,
        communities={n: n % 3 for n in small},
        scores={n: 1 / (1 + n) for n in small},
        labels={n: f"actor number {n}" for n in small},
    )
    boxes = [t.get_window_extent() for t in fig.axes[0].texts]
    assert boxes and not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert fig.axes[0].get_legend() is not None
    big = nx.barabasi_albert_graph(3000, 2, seed=1)
    fig = network_figure(big, communities={n: n % 20 for n in big}, scores={}, labels={})
    assert len(fig.axes[0].collections) == 12  # one disc per community, the twelve largest


def test_the_french_briefing_keeps_its_disruption_table_and_writes_numbers_and_names_in_french(
    case,  # noqa: F811
    analysis,
    tmp_path,
):
    from app.graph.disruption import MEASURE

    analysis.disruption = {
        "actors_in_core": 1234,
        "curves": {"hub score": [1.0, 0.5], "random (mean)": [1.0, 0.9]},
        "columns": ["strategy", "removed", "largest component share", "components", "efficiency"],
        "table": [["hub score", 10, 0.649, 15, 0.1321], ["random (mean)", 10, 0.831, 1.4, ""]],
        "measure": MEASURE,
    }
    html = _html(case, analysis, tmp_path, "fr")
    disruption = html[html.index('id="disruption"') : html.index('id="protection"')]
    for header in ("stratégie", "retirés", "part de la plus grande composante", "composantes", "efficacité"):
        assert f"<th>{header}</th>" in disruption
    for cell in ("score de pivot", "au hasard (moyenne)", "0,649", "0,1321", "1,4"):
        assert f"<td>{cell}</td>" in disruption
    assert "Part de l'opération de trafic encore connectée" in disruption.replace("&#x27;", "'")
    assert "Share of the smuggling" not in disruption and "0.649" not in disruption
    routes = html[html.index('id="routes"') : html.index('id="timeline"')]
    assert "1\u202f200–1\u202f500" in routes and "1,200" not in routes
    protection = html[html.index('id="protection"') : html.index('id="sources"')]
    assert "<td>Témoin W-" in protection and "Witness" not in protection
    summary = html[html.index('id="summary"') : html.index('id="actors"')]
    assert "(1 trajet)" in summary


def test_the_english_briefing_is_unchanged_by_the_french_one(case, analysis, tmp_path):  # noqa: F811
    html = _html(case, analysis, tmp_path, "en")
    assert "<td>Witness W-" in html and "1,200–1,500" in html


def test_the_export_command_writes_the_briefing_in_french(case, tmp_path):  # noqa: F811
    from app.cli import main

    out = tmp_path / "note.html"
    assert (
        main(["export", str(case.path), "--format", "briefing-html", "--out", str(out), "--language", "fr"])
        == 0
    )
    html = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "<h2>Synthèse</h2>" in html and "Executive summary" not in html
