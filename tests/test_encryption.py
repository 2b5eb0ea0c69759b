"""Cases encrypted at rest with a passphrase (SQLCipher)."""

from __future__ import annotations

import pytest

from app.graph.store import CaseError, CaseStore

pytest.importorskip("sqlcipher3", reason="encryption needs the sqlcipher3 package")

SECRET_NAME = "Abdulrahman Witness-Name"


def _files_bytes(path):
    data = b""
    for p in path.parent.iterdir():
        if p.name.startswith(path.name):
            data += p.read_bytes()
    return data


def test_encrypted_case_round_trip_and_nothing_in_clear(tmp_path):
    path = tmp_path / "secret.ariadne"
    with CaseStore.create(path, title="Op Cipher", passphrase="correct horse") as case:
        with case.transaction():
            case.add_entity("person", SECRET_NAME)
        # While open, the WAL holds the new pages: they must be encrypted too.
        assert SECRET_NAME.encode() not in _files_bytes(path)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    assert SECRET_NAME.encode() not in _files_bytes(path)
    with CaseStore.open(path, passphrase="correct horse") as case:
        assert case.title == "Op Cipher"
        assert case.search_entities("Witness")[0]["label"] == SECRET_NAME


def test_wrong_or_missing_passphrase_gives_clear_message(tmp_path):
    path = tmp_path / "secret.ariadne"
    CaseStore.create(path, passphrase="right").close()
    with pytest.raises(CaseError, match="wrong passphrase"):
        CaseStore.open(path, passphrase="wrong")
    with pytest.raises(CaseError, match="give its passphrase"):
        CaseStore.open(path)


def test_clear_case_encrypted_copy(tmp_path):
    clear = tmp_path / "clear.ariadne"
    with CaseStore.create(clear, title="Op Clear") as case:
        with case.transaction():
            case.add_entity("person", SECRET_NAME)
        enc = case.encrypted_copy(tmp_path / "enc.ariadne", "pass phrase")
    assert SECRET_NAME.encode() not in enc.read_bytes()
    with CaseStore.open(enc, passphrase="pass phrase") as case:
        assert case.counts()["entities"] == 1
        assert case.audit()[-1]["action"] == "case encrypted"
        assert case.verify_audit() == []
    with pytest.raises(CaseError, match="not encrypted"):
        CaseStore.open(clear, passphrase="anything")


def test_cli_encrypt_then_info_with_passphrase_from_environment(tmp_path, monkeypatch, capsys):
    from app.cli import main

    clear, enc = tmp_path / "c.ariadne", tmp_path / "e.ariadne"
    assert main(["new", str(clear), "--title", "Op Env"]) == 0
    monkeypatch.setenv("ARIADNE_PASSPHRASE", "from env")
    assert main(["encrypt", str(clear), "--out", str(enc)]) == 0
    assert main(["info", str(enc)]) == 0
    assert "Op Env" in capsys.readouterr().out
    monkeypatch.setenv("ARIADNE_PASSPHRASE", "not it")
    assert main(["info", str(enc)]) == 1
    assert "wrong passphrase" in capsys.readouterr().err
