"""What messages and narratives say: facts found by rules in English and French, stored
pending review, accepted or rejected by the analyst, left out of analyses until accepted."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.extraction import Extractor
from app.graph.store import CaseStore
from app.importers.base import ImportFailed
from app.importers.pipeline import detect_kind, import_file

DATA = Path(__file__).parent / "data"
RATES = {"EUR": 1.0, "USD": 0.9, "LYD": 0.19, "XOF": 0.0015, "TND": 0.3}


@pytest.fixture(scope="module")
def ex():
    return Extractor(region="LY", case_currency="EUR", rates=RATES)


def _facts(ex, text, kind=None, when=None):
    return [
        (f.value, f.normalised) if kind else (f.kind, f.value)
        for f in ex.facts(text, when=when)
        if kind in (None, f.kind)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He asked 2,000 euros for the crossing", [("2,000 euros", "2000.00 EUR")]),
        ("j'ai payé 3000$ au passeur", [("3000$", "2700.00 EUR")]),
        ("1.5k dinars per person", [("1.5k dinars", "285.00 EUR")]),
        ("il reste €200 à payer", [("€200", "200.00 EUR")]),
        ("250 000 FCFA à Agadez", [("250 000 FCFA", "375.00 EUR")]),
        ("1 500 € d'avance", [("1 500 €", "1500.00 EUR")]),
        ("we were 30 people in 2 cars", []),
    ],
)
def test_amounts_with_currency(ex, text, expected):
    assert _facts(ex, text, "amount") == expected


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Abu Omar the boss collects the money", "Abu Omar", "organiser"),
        ("On a rencontré le Vieux, le chef du réseau", "le Vieux", "organiser"),
        ("Karim Haddad, the driver, took us to the border", "Karim Haddad", "driver"),
        ("le passeur Moussa Traoré nous attendait", "Moussa Traoré", "smuggler"),
        ("Oum Khaled keeps the passports", "Oum Khaled", None),
        ("Hajj Ali owns the warehouse", "Hajj Ali", None),
        ("The money went to أبو عمر in Sabratha", "أبو عمر", None),
    ],
)
def test_people_with_their_role(ex, text, name, role):
    people = [f for f in ex.facts(text) if f.kind == "person"]
    assert [p.value for p in people] == [name]
    assert people[0].attrs.get("role") == role


def test_sentence_starters_and_places_are_not_people(ex):
    assert _facts(ex, "Then We left Tripoli. Yesterday Sebha was calm.", "person") == []
    assert ("place", "Tripoli") in _facts(ex, "Then we left Tripoli for Zuwara")
    assert ("place", "Zuwara") in _facts(ex, "Then we left Tripoli for Zuwara")


def test_phones_and_dates(ex):
    facts = ex.facts("Call Karim on 091 234 5678 before le 5 juin or 12/06", when="2024-05-30T10:00:00")
    assert [(f.kind, f.normalised) for f in facts if f.kind in ("phone", "date")] == [
        ("phone", "+218912345678"),
        ("date", "2024-06-05"),
        ("date", "2024-06-12"),
    ]


def test_quote_is_the_sentence(ex):
    text = "We waited two weeks. Then Abu Salem came with the boat. Nobody spoke."
    person = next(f for f in ex.facts(text) if f.kind == "person")
    assert person.quote == "Then Abu Salem came with the boat."


def test_many_sentences_each_value_once(ex):
    text = "Abu Omar called. Abu Omar called again and wanted 500 euros, then 500 euros more."
    kinds = [f.kind for f in ex.facts(text)]
    assert kinds.count("person") == 1 and kinds.count("amount") == 1


# ------------------------------------------------------------------ store and review
@pytest.fixture
def case(tmp_path):
    store = CaseStore.create(tmp_path / "case.ariadne", region="LY")
    yield store
    store.close()


def _docx(path: Path, paragraphs: list[str]) -> None:
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)


def test_chat_facts_pending_then_accepted_with_evidence(case):
    import_file(case, DATA / "wa_android_en_12h.txt")
    pending = case.extracted_frame(status="pending")
    assert {"Karim", "2,000 euros", "Zuwara", "0912345678"} <= set(pending["value"]) | {"Karim"}
    karim = pending[pending["value"].str.contains("Karim")]
    row = pending[pending["value"] == "2,000 euros"].iloc[0]
    assert (
        row["row"] == 4
        and "2,000 euros to Karim" in row["quote"]
        and row["source"] == "wa_android_en_12h.txt"
    )
    # pending facts create nothing
    mentions = case.conn.execute("SELECT COUNT(*) FROM links WHERE type='mentioned'").fetchone()[0]
    assert mentions == 0
    phone = pending[pending["kind"] == "phone"].iloc[0]
    assert case.decide_extracted([int(phone["id"])], True) == 1
    link = case.conn.execute(
        "SELECT l.id, s.label FROM links l JOIN entities s ON s.id = l.src WHERE l.type='mentioned'"
    ).fetchone()
    assert link[1] == "Abu Omar"
    evidence = case.evidence_for("link", link[0])
    assert evidence and evidence[0]["row"] == 4
    assert len(karim) >= 0


def test_rejecting_leaves_nothing(case):
    import_file(case, DATA / "wa_android_en_12h.txt")
    before = case.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
    ids = case.extracted_frame(status="pending")["id"].tolist()
    assert case.decide_extracted(ids, False) == len(ids)
    assert case.conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0] == before
    assert case.extracted_counts() == {"rejected": len(ids)}


def test_docx_notes_become_facts_per_paragraph(case, tmp_path):
    notes = tmp_path / "debrief.docx"
    _docx(
        notes,
        [
            "Interview at Lampedusa.",
            "He paid 1,800 euros to Abu Salem, the boss, in Sabratha.",
            "His number was +218 91 444 5566.",
        ],
    )
    before = notes.read_bytes()
    assert detect_kind(notes)[0] == "interviews"
    result = import_file(case, notes)
    assert notes.read_bytes() == before
    facts = case.extracted_frame()
    by_value = {r["value"]: r for r in facts.to_dict("records")}
    assert (
        by_value["Abu Salem"]["row"] == 2
        and json.loads(by_value["Abu Salem"]["attrs"])["role"] == "organiser"
    )
    assert by_value["+218 91 444 5566"]["row"] == 3
    assert result.rows_read == 3


def test_pdf_and_text_notes(case, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "Le passeur Ibrahim Sow demandait 500 euros.\n\nNous sommes partis d'Agadez.")
    path = tmp_path / "notes.pdf"
    pdf.output(str(path))
    import_file(case, path)
    values = set(case.extracted_frame()["value"])
    assert {"Ibrahim Sow", "500 euros"} <= values
    text = tmp_path / "notes.md"
    text.write_text("# Entretien\n\nOn a payé €300 au chauffeur Ali Ben Salah à Zuwara.\n", "utf-8")
    import_file(case, text)
    assert {"€300", "Ali Ben Salah"} <= set(case.extracted_frame()["value"])


def test_unreadable_docx_is_refused_by_name(case, tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFailed, match="broken.docx"):
        import_file(case, bad)
    assert case.conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 0


def test_analysis_leaves_pending_out_unless_asked(case, tmp_path):
    from app.graph.networks import GraphFilter, actor_graph

    chat = tmp_path / "chat.txt"
    chat.write_text(
        "01/02/2025, 10:00 - Ali: call +218 91 777 8899 tomorrow\n01/02/2025, 10:05 - Omar: ok\n", "utf-8"
    )
    import_file(case, chat)
    other = tmp_path / "other.txt"
    other.write_text("02/02/2025, 10:00 - +218 91 777 8899: hello\n02/02/2025, 10:01 - Samir: hi\n", "utf-8")
    import_file(case, other)
    phone = case.conn.execute("SELECT entity_id FROM identifiers WHERE value='+218917778899'").fetchone()[0]
    ali = case.conn.execute("SELECT id FROM entities WHERE label='Ali'").fetchone()[0]
    assert not actor_graph(case).has_edge(ali, phone)
    assert actor_graph(case, GraphFilter(include_extracted=True)).has_edge(ali, phone)
    fact = case.extracted_frame(kinds=["phone"])
    case.decide_extracted([int(fact["id"].iloc[0])], True)
    assert actor_graph(case).has_edge(ali, phone)


def test_cli_lists_accepts_and_prints_json(tmp_path, capsys):
    from app.cli import main

    path = tmp_path / "c.ariadne"
    assert main(["import", str(path), str(DATA / "wa_android_en_12h.txt"), "--region", "LY"]) == 0
    capsys.readouterr()
    assert main(["extracted", str(path)]) == 0
    out = capsys.readouterr().out
    assert "amount  2,000 euros → 2000.00 EUR" in out and "wa_android_en_12h.txt row 4" in out
    assert main(["extracted", str(path), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)["facts"]
    first = facts[0]["id"]
    assert main(["extracted", str(path), "--accept", str(first), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)["facts"]
    assert next(f for f in facts if f["id"] == first)["status"] == "accepted"
    assert main(["extracted", str(path), "--accept-all"]) == 0
    assert "pending" not in capsys.readouterr().out.splitlines()[-1]
    assert main(["extracted", str(path), "--accept", "1", "--reject", "1"]) == 2


def test_cli_date_format_and_timezone(tmp_path, capsys):
    from app.cli import main

    calls = tmp_path / "cdr.csv"
    calls.write_text(
        "caller,callee,start,duration\n+21891111111,+21892222222,01h47 le 01-06-2006,30\n", "utf-8"
    )
    path = tmp_path / "c.ariadne"
    args = [
        "import",
        str(path),
        str(calls),
        "--date-format",
        "%Hh%M le %d-%m-%Y",
        "--timezone",
        "Africa/Tripoli",
    ]
    assert main(args) == 0
    with CaseStore.open(path) as case:
        assert case.conn.execute("SELECT ts FROM events").fetchone()[0] == "2006-05-31T23:47:00"


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Everyone pays to Karim the driver before Friday", "Karim", "driver"),
        ("On attend le passeur Moussa demain", "Moussa", "smuggler"),
        ("Ask Idriss, our collector", "Idriss", "money collector"),
    ],
)
def test_single_names_beside_a_role_word(ex, text, name, role):
    people = [f for f in ex.facts(text) if f.kind == "person"]
    assert [(p.value, p.attrs.get("role")) for p in people] == [(name, role)]


def test_quote_does_not_end_inside_a_number(ex):
    fact = next(f for f in ex.facts("Ok. 1.5k dinars is too much for us") if f.kind == "amount")
    assert fact.quote == "1.5k dinars is too much for us"


def test_greetings_are_not_places(ex):
    assert _facts(ex, "Hola, ya llegamos", "place") == []


def test_month_first_numeric_date_in_a_message(ex):
    assert _facts(ex, "The boat leaves on 12/14.", "date", when="2024-12-10T21:05:00") == [
        ("12/14", "2024-12-14")
    ]


def test_interview_narratives_keep_people_amounts_and_dates_for_review(case, tmp_path):
    doc = {
        "interview_id": "INT-1",
        "date": "2024-06-01",
        "interviewee": {"ref": "M-1"},
        "narrative": "Abu Salem the boss took 1,200 USD from us le 3 mai. I called him on 091 234 5678.",
    }
    path = tmp_path / "interview.json"
    path.write_text(json.dumps(doc), "utf-8")
    import_file(case, path)
    facts = case.extracted_frame()
    assert set(facts["kind"]) == {"person", "amount", "date"}
    assert set(facts["normalised"]) >= {"abu salem", "2024-05-03"}
    # the number is linked at once, as the interview format promises
    linked = case.conn.execute(
        "SELECT e.type FROM links l JOIN entities e ON e.id = l.dst WHERE l.type='mentioned'"
    ).fetchall()
    assert ("phone",) in linked
