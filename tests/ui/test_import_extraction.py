"""A phone extraction folder given to the window (dropped or picked): the dialog says what it
is, and the import reads every database inside as one exhibit."""

from __future__ import annotations

from app.importers.base import ImportOptions
from app.scenario.phonedbs import jid_of, write_whatsapp


def test_extraction_folder_through_the_import_dialog(window, import_dialog, tmp_path):
    root = tmp_path / "EXH-21"
    write_whatsapp(
        root / "data" / "data" / "com.whatsapp" / "databases",
        {jid_of("+218913000001"): "Abu Salem"},
        [(jid_of("+218913000001"), False, None, 1_772_000_000_000, "salam", 0)],
    )
    dialog = import_dialog([root])
    assert "extraction" in dialog.detected.text()
    window.start_import(dialog.paths(), ImportOptions(owner="+218912345678"))
    assert window.failures == []
    store = window.session.store
    assert store.counts()["events"] == 1
    assert {r[0] for r in store._query("SELECT exhibit FROM sources")} == {"EXH-21"}


def test_an_extraction_without_its_owner_asks_for_the_number(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window.session.create(tmp_path / "ask.ariadne", region="LY", title="UI test")
    root = tmp_path / "EXH-22"
    write_whatsapp(
        root / "com.whatsapp" / "databases",
        {jid_of("+218913000001"): "Abu Salem"},
        [(jid_of("+218913000001"), True, None, 1_772_000_000_000, "salam", 0)],
    )
    asked = []
    monkeypatch.setattr(
        QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]), ("+218912345678", True))[1]
    )
    window.start_import([str(root)], ImportOptions())
    assert asked and "EXH-22" in asked[0]
    store = window.session.store
    assert store.counts()["events"] == 1, "the chat is imported once the owner is given"
