"""A forensic tool's report dropped into the import dialog: recognised by its content and
imported with its provenance, the report left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.ui.dialogs.import_dialog import ImportDialog
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.tasks import TaskRunner

REPORT = Path(__file__).resolve().parents[1] / "data" / "forensic" / "ufed_report.xml"


@pytest.fixture
def window(qtbot, tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    session, runner = Session(), TaskRunner(synchronous=True)
    failures = []
    runner.failed.connect(lambda kind, message, details: failures.append((kind, message, details)))
    w = MainWindow(session, runner)
    qtbot.addWidget(w)
    w.failures = failures
    yield w
    w.close()


def test_ufed_report_through_the_import_dialog(window, tmp_path, qtbot):
    window.session.create(tmp_path / "ui.ariadne", region="LY", title="UFED")
    before = hashlib.sha256(REPORT.read_bytes()).hexdigest()
    dialog = ImportDialog(window, files=[str(REPORT)])
    qtbot.addWidget(dialog)
    assert "extraction" in dialog.detected.text()
    window.start_import(dialog.paths(), dialog.options())
    assert window.failures == []
    assert window.session.store.counts()["events"] == 7
    assert hashlib.sha256(REPORT.read_bytes()).hexdigest() == before
