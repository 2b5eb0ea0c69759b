"""The command line's contract: verbs, exit codes 0/1/2 and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_new_then_info(tmp_path, capsys):
    case = tmp_path / "x.ariadne"
    assert main(["new", str(case), "--region", "ly", "--title", "Op test"]) == 0
    assert main(["info", str(case), "--json"]) == 0
    out = capsys.readouterr().out
    info = json.loads(out[out.index("{") :])
    assert (info["title"], info["region"], info["entities"]) == ("Op test", "LY", 0)


@pytest.mark.parametrize("make_bad", ["missing", "garbage", "folder"])
def test_bad_case_path_gives_one_line_error_and_exit_1(tmp_path, capsys, make_bad):
    path = tmp_path / "bad.ariadne"
    if make_bad == "garbage":
        path.write_bytes(b"\x00\x01 not sqlite at all")
    elif make_bad == "folder":
        path.mkdir()
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("ariadne: ") and str(path) in err
    assert len(err.splitlines()) == 1


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["info"])
    assert exc.value.code == 2


def test_new_refuses_existing_file(tmp_path, capsys):
    case = tmp_path / "x.ariadne"
    assert main(["new", str(case)]) == 0
    assert main(["new", str(case)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_main_py_runs_the_same_entry_point(tmp_path):
    case = tmp_path / "y.ariadne"
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "new", str(case)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert case.exists()


def test_audit_verify_reports_intact_log(tmp_path, capsys):
    case = tmp_path / "z.ariadne"
    main(["new", str(case)])
    assert main(["audit", str(case), "--verify"]) == 0
    assert "intact" in capsys.readouterr().out


def test_import_reports_a_bad_file_in_one_line_and_goes_on(tmp_path, capsys):
    case = tmp_path / "x.ariadne"
    bad = tmp_path / "garbage.csv"
    bad.write_bytes(bytes(range(256)) * 20)
    good = tmp_path / "cdr.csv"
    good.write_text("caller,callee,start,duration\n0912345678,0923456789,2026-03-01 10:00:00,5\n")
    assert main(["import", str(case), str(bad), str(good), "--region", "LY"]) == 1
    captured = capsys.readouterr()
    error = captured.err.strip()
    assert error.startswith("ariadne: garbage.csv:") and len(error.splitlines()) == 1
    assert "cdr.csv: read 1 rows as calls" in captured.out


def test_rates_are_shown_changed_and_audited(tmp_path, capsys):
    case = tmp_path / "x.ariadne"
    assert main(["new", str(case)]) == 0
    assert main(["rates", str(case), "--set", "lyd=0.19", "--json"]) == 0
    out = capsys.readouterr().out
    rates = json.loads(out[out.index("{") :])["rates"]
    assert rates["LYD"] == 0.19 and rates["EUR"] == 1.0
    assert main(["audit", str(case)]) == 0
    assert "rate changed" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["LYD", "LYD=abc", "LYD=-1", "LY=0.2", "12X=1"])
def test_a_bad_rate_is_a_usage_error_and_changes_nothing(tmp_path, capsys, bad):
    case = tmp_path / "x.ariadne"
    assert main(["new", str(case)]) == 0
    capsys.readouterr()
    assert main(["rates", str(case), "--json"]) == 0
    before = capsys.readouterr().out
    assert main(["rates", str(case), "--set", bad]) == 2
    assert "--set" in capsys.readouterr().err
    assert main(["rates", str(case), "--json"]) == 0
    assert capsys.readouterr().out == before
