"""A forensic tool's report dropped into the import dialog: recognised by its content and
imported with its provenance, the report left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "data" / "forensic" / "ufed_report.xml"


def test_ufed_report_through_the_import_dialog(window, import_dialog):
    before = hashlib.sha256(REPORT.read_bytes()).hexdigest()
    dialog = import_dialog([REPORT])
    assert "extraction" in dialog.detected.text()
    window.start_import(dialog.paths(), dialog.options())
    assert window.failures == []
    assert window.session.store.counts()["events"] == 7
    assert hashlib.sha256(REPORT.read_bytes()).hexdigest() == before
