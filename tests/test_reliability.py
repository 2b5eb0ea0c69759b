"""Ways to lose a case, alter an exhibit or fill a disk, found by a hostile and a careless
user (issue 17), each with the behaviour that now holds: exports never overwrite the case or
an input, foreign files are read without a byte changing, the audit log detects cuts and
rewrites, read-only cases and full disks give one clear line and lose nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.exports import FORMATS
from app.graph.store import CaseStore
from app.model import Grading, SourceInfo

ROOT = Path(__file__).resolve().parents[1]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(err: str) -> str:
    """The whole of stderr is one readable line: no traceback, not a screenful."""
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err and len(lines[0]) < 400, err
    return lines[0]


@pytest.fixture
def small_case(tmp_path):
    path = tmp_path / "op.ariadne"
    with CaseStore.create(path, region="LY", title="Op") as case, case.transaction():
        src = case.add_source(SourceInfo("cdr.csv", "a" * 64, 10, "calls", Grading("B", 2)))
        salem = case.add_entity("person", "Salem Haddad", {"role": "organiser"}, source_id=src, row=1)
        migrant = case.add_entity("person", "Amina Tesfaye", {"role": "migrant"}, source_id=src, row=2)
        phone = case.ensure_entity("phone", "phone", "+218910000001", source_id=src, row=3)[0]
        case.upsert_link("uses", salem, phone)
        case.upsert_link("called", migrant, phone, ts="2026-03-01T10:00:00")
    return path


# ------------------------------------------------------------ 1. exports onto the case


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_an_export_aimed_at_the_case_is_refused_and_the_case_survives(small_case, fmt, capsys):
    before = _sha(small_case)
    assert main(["export", str(small_case), "--format", fmt, "--out", str(small_case)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert str(small_case) in line and "case file itself" in line
    assert _sha(small_case) == before
    with CaseStore.open(small_case) as case:
        assert case.counts()["entities"] == 3 and case.verify_audit() == []


@pytest.mark.parametrize("how", ["hard link", "symlink", "wal"])
def test_an_export_aimed_at_a_link_to_the_case_or_its_wal_is_refused(small_case, how, capsys):
    target = small_case.with_name("innocent.graphml")
    if how == "hard link":
        os.link(small_case, target)
    elif how == "symlink":
        target.symlink_to(small_case)
    else:
        target = small_case.with_name(small_case.name + "-wal")
    assert main(["export", str(small_case), "--format", "graphml", "--out", str(target)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "refused" in line
    with CaseStore.open(small_case) as case:
        assert case.counts()["entities"] == 3


def test_an_export_aimed_at_its_own_summary_file_is_refused(small_case, tmp_path, capsys):
    summary = tmp_path / "summary.txt"
    summary.write_text("The analyst's own words.")
    assert (
        main(
            [
                "export",
                str(small_case),
                "--format",
                "briefing-html",
                "--out",
                str(summary),
                "--summary-file",
                str(summary),
            ]
        )
        == 1
    )
    assert "input of this export" in _one_line(capsys.readouterr().err)
    assert summary.read_text() == "The analyst's own words."


def test_a_failed_export_leaves_the_previous_file_and_no_debris(small_case, tmp_path, monkeypatch, capsys):
    out = tmp_path / "chart.graphml"
    out.write_text("previous export")
    import app.exports.graphs as graphs

    def broken(*args, **kwargs):  # the disk fills once the header is written
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(graphs, "_node_values", broken)
    assert main(["export", str(small_case), "--format", "graphml", "--out", str(out)]) == 1
    assert "the disk is full" in _one_line(capsys.readouterr().err)
    assert out.read_text() == "previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.graphml", "op.ariadne"]


def test_export_to_a_folder_for_a_file_format_says_so(small_case, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["export", str(small_case), "--format", "gexf", "--out", str(folder)]) == 1
    assert "is a folder" in _one_line(capsys.readouterr().err)


# ------------------------------------------------------- 5. foreign files stay unchanged


def _foreign_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE raw_contacts(_id INTEGER PRIMARY KEY, display_name TEXT);"
        "CREATE TABLE mimetypes(_id INTEGER PRIMARY KEY, mimetype TEXT);"
        "CREATE TABLE data(_id INTEGER PRIMARY KEY, raw_contact_id INTEGER, mimetype_id INTEGER,"
        " data1 TEXT);"
        "INSERT INTO raw_contacts VALUES (1, 'Moussa');"
        "INSERT INTO mimetypes VALUES (1, 'vnd.android.cursor.item/phone_v2');"
        "INSERT INTO data VALUES (1, 1, 1, '+218 91 234 5678');"
    )
    conn.close()
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["info", "{db}"],
        ["info", "{db}", "--json"],
        ["audit", "{db}"],
        ["analyze", "{db}"],
        ["import", "{db}", "{csv}"],
    ],
)
def test_a_command_given_a_foreign_database_as_the_case_leaves_it_byte_identical(tmp_path, argv, capsys):
    db = _foreign_db(tmp_path / "contacts2.db")
    csv_file = tmp_path / "calls.csv"
    csv_file.write_text("caller,callee,start\n+218910000001,+218910000002,2026-01-01 10:00\n")
    before = _sha(db)
    code = main([a.format(db=db, csv=csv_file) for a in argv])
    assert code == 1
    assert "not an Ariadne case" in _one_line(capsys.readouterr().err)
    assert _sha(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.csv", "contacts2.db"]


def test_importing_and_previewing_a_phone_database_leaves_it_byte_identical(tmp_path):
    from app.importers.pipeline import detect_kind

    db = _foreign_db(tmp_path / "contacts2.db")
    before = _sha(db)
    assert detect_kind(db)[0] == "contacts"  # what the import dialog shows first
    assert main(["import", str(tmp_path / "op.ariadne"), str(db)]) == 0
    assert _sha(db) == before
    assert not (tmp_path / "contacts2.db-wal").exists()


def test_info_on_an_empty_file_does_not_make_it_a_case(tmp_path, capsys):
    empty = tmp_path / "empty.ariadne"
    empty.write_bytes(b"")
    assert main(["info", str(empty)]) == 1
    assert "empty file" in _one_line(capsys.readouterr().err)
    assert empty.read_bytes() == b""


# -------------------------------------------------------------- 4. the audit chain


def _tamper(path: Path, *statements: str) -> None:
    """What someone with the file and an SQLite shell can do: drop the append-only
    triggers and edit the log."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()


def _with_entries(path: Path, n: int = 6) -> None:
    with CaseStore.open(path) as case:
        for k in range(n):
            with case.transaction():
                case.log("export", {"format": "graphml", "reveal_migrants": k % 2 == 0})


def _verify(path: Path, capsys) -> tuple[int, str]:
    code = main(["audit", str(path), "--verify"])
    captured = capsys.readouterr()
    return code, captured.err + captured.out


def test_an_untouched_sealed_log_verifies(small_case, capsys):
    _with_entries(small_case)
    code, text = _verify(small_case, capsys)
    assert code == 0 and "intact" in text


def test_cutting_the_last_entries_of_the_audit_log_is_detected(small_case, capsys):
    _with_entries(small_case)
    _tamper(small_case, "DELETE FROM audit WHERE id > (SELECT max(id) - 2 FROM audit)")
    code, text = _verify(small_case, capsys)
    assert code == 1 and "cut from its end" in text


def test_deleting_an_entry_and_recomputing_the_later_hashes_is_detected(small_case, capsys):
    _with_entries(small_case)
    conn = sqlite3.connect(small_case)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE id = 3")
    prev = conn.execute("SELECT hash FROM audit WHERE id = 2").fetchone()[0]
    for rid, at, actor, action, body in conn.execute(
        "SELECT id, at, actor, action, details FROM audit WHERE id > 3 ORDER BY id"
    ).fetchall():
        digest = hashlib.sha256(f"{prev}|{at}|{actor}|{action}|{body}".encode()).hexdigest()
        conn.execute("UPDATE audit SET prev_hash=?, hash=? WHERE id=?", (prev, digest, rid))
        prev = digest
    conn.commit()
    conn.close()
    code, text = _verify(small_case, capsys)
    assert code == 1 and "seal does not match" in text


def test_editing_an_entry_of_the_audit_log_is_detected(small_case, capsys):
    _with_entries(small_case)
    _tamper(
        small_case,
        'UPDATE audit SET details = \'{"format": "graphml", "reveal_migrants": false}\' WHERE id = 2',
    )
    code, text = _verify(small_case, capsys)
    assert code == 1 and "contents changed" in text


def test_stripping_the_seals_and_the_head_is_detected(small_case, capsys):
    _with_entries(small_case)
    _tamper(
        small_case, "UPDATE audit SET seal = '' WHERE id > 3", "DELETE FROM meta WHERE key = 'audit_head'"
    )
    code, text = _verify(small_case, capsys)
    assert code == 1 and "not sealed" in text


def test_a_log_written_before_sealing_verifies_as_unkeyed_up_to_its_last_old_entry(small_case, capsys):
    _tamper(small_case, "UPDATE audit SET seal = ''", "DELETE FROM meta WHERE key = 'audit_head'")
    code, text = _verify(small_case, capsys)
    assert code == 0 and "unkeyed up to entry 1" in text
    _with_entries(small_case, 2)  # a newer Ariadne goes on writing: sealed from entry 2
    code, text = _verify(small_case, capsys)
    assert code == 0 and "unkeyed up to entry 1" in text and "(3 entries)" in text


def test_the_key_is_kept_outside_the_case(small_case):
    from app.userkey import config_dir

    key = (config_dir() / "audit.key").read_text().strip()
    assert len(key) == 64 and key.encode() not in small_case.read_bytes()
    assert str(config_dir()).startswith(os.environ["XDG_CONFIG_HOME"])


# ------------------------------------------------------ 6. read-only cases, a full disk


def test_a_case_that_cannot_be_written_opens_for_reading_and_refuses_writes(
    small_case, tmp_path, monkeypatch, capsys
):
    # Tests run as root, where chmod does not stop a write: the case is made "not writable"
    # the way the store finds out, and the store's own read-only mode must then hold.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode, *a, **k: False if mode == os.W_OK else real_access(p, mode, *a, **k)
    )
    before = _sha(small_case)
    csv_file = tmp_path / "calls.csv"
    csv_file.write_text("caller,callee,start\n+218910000001,+218910000002,2026-01-01 10:00\n")
    assert main(["info", str(small_case)]) == 0
    assert main(["analyze", str(small_case), "--json"]) == 0
    assert main(["export", str(small_case), "--format", "gexf", "--out", str(tmp_path / "x.gexf")]) == 0
    assert (tmp_path / "x.gexf").stat().st_size > 0
    capsys.readouterr()
    for argv in (
        ["import", str(small_case), str(csv_file)],
        ["resolve", str(small_case), "--apply-above", "0.5"],
        [
            "export",
            str(small_case),
            "--format",
            "gexf",
            "--out",
            str(tmp_path / "y.gexf"),
            "--reveal-migrants",
        ],
    ):
        assert main(argv) == 1
        assert "read-only" in _one_line(capsys.readouterr().err)
    assert _sha(small_case) == before
    wal = small_case.with_name("op.ariadne-wal")  # SQLite's reader may leave an empty one
    assert not wal.exists() or wal.stat().st_size == 0


_FULL_DISK = """
import resource, sys
from app.cli import main
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
def test_a_full_disk_says_so_in_one_line_and_loses_nothing(small_case, tmp_path):
    big = tmp_path / "calls.csv"
    with big.open("w") as f:
        f.write("caller,callee,start,duration\n")
        for i in range(15_000):
            f.write(
                f"+2189100{i:05d},+2189200{i % 977:05d},2026-01-{1 + i % 28:02d} 10:{i % 60:02d},{i % 300}\n"
            )
    before = CaseStore.open(small_case)
    counts = before.counts()
    before.close()
    limit = small_case.stat().st_size + 200_000
    run = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, str(limit), "import", str(small_case), str(big)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 1
    line = _one_line(run.stderr)
    assert "disk is full" in line and str(small_case) in line
    with CaseStore.open(small_case) as case:
        assert case.counts() == counts
        assert case.verify_audit() == []
        assert case.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            _FULL_DISK,
            "2000",
            "export",
            str(small_case),
            "--format",
            "graphml",
            "--out",
            str(tmp_path / "out.graphml"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 1 and "disk is full" in _one_line(run.stderr)
    assert not (tmp_path / "out.graphml").exists()
    left = {p.name for p in tmp_path.iterdir()} - {"op.ariadne-wal", "op.ariadne-shm"}  # SQLite's own
    assert sorted(left) == ["calls.csv", "op.ariadne"]


# ------------------------------------------ 2 and 8. migrants in every export and section


@pytest.fixture(scope="module")
def scenario_case(tmp_path_factory, demo_copy):
    path = demo_copy(3, tmp_path_factory.mktemp("privacy") / "op.ariadne")
    # The analyst attributes the numbers of some migrants (the planted truth) to them.
    truth = json.loads((path.with_suffix(".scenario") / "ground_truth.json").read_text())
    planted = [p for p in truth["actors"] if p["role"] == "migrant" and p["phones"]]
    with CaseStore.open(path) as case, case.transaction():
        for person in planted:
            who = case._query(
                "SELECT id FROM entities WHERE json_extract(attrs, '$.ref') = ? AND type = 'person'",
                [person["ref"]],
            )
            phone = case.entity_by_identifier("phone", person["phones"][0])
            if who and phone:
                case.upsert_link("uses", who[0][0], phone)
    return path


def _migrants(path: Path) -> tuple[set[str], set[str]]:
    """Every migrant's label and every number of a phone a migrant uses."""
    with CaseStore.open(path) as case:
        labels = {
            r[0]
            for r in case._query(
                "SELECT label FROM entities WHERE type = 'person' AND json_extract(attrs, '$.role') = 'migrant'"
            )
        }
        numbers = {
            r[0]
            for r in case._query(
                "SELECT DISTINCT i.value FROM entities p JOIN links l ON l.src = p.id AND l.type = 'uses' "
                "JOIN identifiers i ON i.entity_id = l.dst AND i.kind = 'phone' "
                "WHERE json_extract(p.attrs, '$.role') = 'migrant'"
            )
        }
    return {x for x in labels if len(x) >= 6}, numbers


def _texts(out: Path, fmt: str) -> str:
    import zipfile

    if out.is_dir():
        return "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(out.iterdir()))
    if fmt == "xlsx":
        with zipfile.ZipFile(out) as z:
            return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    if fmt == "briefing-pdf":
        run = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True)
        return run.stdout
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("reveal", [False, True])
def test_no_migrant_name_or_number_in_any_export_or_briefing_section_unless_revealed(
    scenario_case, tmp_path, reveal
):
    import shutil as sh

    labels, numbers = _migrants(scenario_case)
    assert len(labels) > 20 and numbers
    formats = [f for f in FORMATS if f != "briefing-pdf" or sh.which("pdftotext")]
    if reveal:  # enough to show the grep finds what is there when it is revealed
        formats = ["csv", "graphml"]
    found_any = set()
    for fmt in formats:
        out = tmp_path / f"export-{fmt}"
        argv = ["export", str(scenario_case), "--format", fmt, "--out", str(out)]
        assert main(argv + (["--reveal-migrants"] if reveal else [])) == 0, fmt
        text = _texts(out, fmt)
        seen = {x for x in labels | numbers if x in text}
        if reveal:
            found_any |= seen
        else:
            assert not seen, f"{fmt} shows {sorted(seen)[:5]}"
    if reveal:
        assert found_any & labels


# ------------------------------------------------ 9. control characters in every XML export


def test_control_characters_in_names_leave_every_xml_export_well_formed(tmp_path):
    import openpyxl
    from defusedxml import ElementTree

    path = tmp_path / "ctl.ariadne"
    with CaseStore.create(path, title="Op\x07 Bell") as case, case.transaction():
        src = case.add_source(SourceInfo("c.csv", "c" * 64, 1, "contacts", Grading("C", 3)))
        a = case.add_entity("person", "Abu\x01Salem\x0b\x1f", {"note": "x\x00y"}, source_id=src, row=1)
        b = case.add_entity("person", "Omar\ufffe", source_id=src, row=2)
        case.upsert_link("called", a, b, ts="2026-01-01T10:00:00", label="\x02saved")
    for fmt in ("graphml", "gexf", "anx", "xlsx", "briefing-html", "briefing-pdf", "csv", "ftm"):
        out = tmp_path / f"out-{fmt}{'.xlsx' if fmt == 'xlsx' else ''}"
        assert main(["export", str(path), "--format", fmt, "--out", str(out)]) == 0, fmt
        if fmt in ("graphml", "gexf", "anx"):
            root = ElementTree.parse(out).getroot()
            assert "Abu\ufffdSalem" in ElementTree.tostring(root, encoding="unicode"), fmt
    wb = openpyxl.load_workbook(tmp_path / "out-xlsx.xlsx")
    labels = [c.value for c in wb["entities"]["C"]]
    assert "Abu\ufffdSalem\ufffd\ufffd" in labels


# ------------------------------------------------------------- 3, 7, 8 and smaller items


def _string_bomb(path: Path, cells: int = 300_000) -> Path:
    """A valid workbook whose 100 random 20,000-character shared strings are referenced by
    every cell: a few MB on disk, ~7 times compressed, billions of characters once read."""
    import random
    import zipfile

    rnd = random.Random(1)
    strings = "".join(
        f"<si><t>{''.join(rnd.choices('abcdefghijklmnopqrstuvwxyz', k=20_000))}</t></si>" for _ in range(100)
    )
    rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c r="{c}{r}" t="s"><v>{rnd.randrange(100)}</v></c>' for c in "ABCDEFGHIJ")
        + "</row>"
        for r in range(1, cells // 10 + 1)
    )
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="calls" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        z.writestr("xl/sharedStrings.xml", f"<sst {ns}>{strings}</sst>")
        z.writestr("xl/worksheets/sheet1.xml", f"<worksheet {ns}><sheetData>{rows}</sheetData></worksheet>")
    return path


_READ_BOMB = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))
from app.importers.tabular import read_tables
from app.importers.base import ImportFailed
try:
    read_tables(sys.argv[1])
except ImportFailed as exc:
    print(exc)
    sys.exit(3)
"""


@pytest.mark.slow
def test_an_xlsx_whose_shared_strings_are_referenced_millions_of_times_is_refused_in_seconds(tmp_path):
    bomb = _string_bomb(tmp_path / "calls.xlsx")
    run = subprocess.run(
        [sys.executable, "-c", _READ_BOMB, str(bomb)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode == 3, run.stderr[-500:]
    assert "calls.xlsx: refused" in run.stdout and "characters" in run.stdout and len(run.stdout) < 400


def test_an_unterminated_quote_loses_no_row(tmp_path):
    from app.importers.tabular import read_tables

    lines = ["caller,callee,start"] + [
        f"+21891000{i:04d},+21892000{i:04d},2026-01-01 10:{i % 60:02d}" for i in range(60)
    ]
    lines[3] = '+218910000003,"+218920000003,2026-01-01 10:03'  # file line 4: the quote never closes
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n")
    table = read_tables(path)[0]
    numbers = list(table.row_numbers_or_default())
    bad = {row: raw for row, _, raw in table.bad_rows}
    assert sorted(numbers + list(bad)) == list(range(2, 62))  # every line: read or quarantined
    assert bad == {4: lines[3]}


def test_pseudonyms_of_many_entities_never_collide():
    from app.exports.pseudonyms import unique_pseudonyms

    names = unique_pseudonyms("a-case-salt", dict.fromkeys(range(1, 200_001), "person"))
    assert len(set(names.values())) == 200_000


def test_entities_whose_codes_collide_get_longer_distinct_codes(monkeypatch):
    import app.exports.pseudonyms as pseudonyms

    # one base-32 character per code: 32 codes for 500 ids, so most ids share one
    monkeypatch.setattr(pseudonyms, "pseudonym", _short_default(pseudonyms.pseudonym))
    names = pseudonyms.unique_pseudonyms("a-case-salt", dict.fromkeys(range(1, 501), "person"))
    assert len(set(names.values())) == 500
    assert any(len(n) > len("Witness W-X") for n in names.values())


def _short_default(pseudonym):
    def short(salt, entity_id, kind="person", *, chars=1, keyed=None):
        return pseudonym(salt, entity_id, kind, chars=chars, keyed=keyed)

    return short


def test_a_non_numeric_owner_is_refused(tmp_path, capsys):
    csv_file = tmp_path / "log.csv"
    csv_file.write_text("number,name,start,direction\n+218910000001,A,2026-01-01 10:00,outgoing\n")
    assert main(["import", str(tmp_path / "op.ariadne"), str(csv_file), "--owner", "Moussa's phone"]) == 2
    assert "--owner" in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "op.ariadne").exists()
