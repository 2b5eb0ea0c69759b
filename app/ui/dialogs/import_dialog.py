"""The import dialog: files (picked or dropped), the kind detected with a preview of the
rows as they will be read, grading with its meanings, device owner, exhibit reference, and
a column mapping for unknown layouts (saved as JSON for reuse, the same as ``--mapping``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.importers.base import ImportOptions
from app.importers.mapping import load_mapping, save_mapping
from app.importers.registry import IMPORT_KINDS
from app.ui import i18n
from app.ui.panels.overview import SourceGradingEdit
from app.ui.widgets import FrameTable

#: Fields a mapping can assign, per kind (the importers' canonical columns).
MAPPABLE = {
    "calls": ["caller", "callee", "start", "duration", "direction", "number", "name"],
    "messages": ["caller", "callee", "start", "body", "number", "name"],
    "contacts": ["name", "phone", "phone_2", "email", "note"],
    "transfers": [
        "transaction_id",
        "timestamp",
        "sender_name",
        "receiver_name",
        "amount",
        "currency",
        "sender_phone",
        "receiver_phone",
        "sender_account",
        "receiver_account",
        "channel",
    ],
    "routes": ["journey_id", "seq", "from", "to", "start", "end", "mode", "cost", "currency"],
}


class ImportDialog(QDialog):
    def __init__(self, parent=None, files: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import material"))
        self.setAcceptDrops(True)
        self.resize(960, 700)
        self.files = QListWidget(self)
        self.add = QPushButton(self.tr("Add files…"), self)
        self.add_folder = QPushButton(self.tr("Add extraction folder…"), self)
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Detect automatically"), "auto")
        for k in IMPORT_KINDS:
            self.kind.addItem(i18n.word(k), k)
        self.detected = QLabel(self)
        self.grading = SourceGradingEdit(self)
        self.owner = QLineEdit(self)
        self.owner.setPlaceholderText(
            self.tr("the seized device's own number, for its call log and contacts")
        )
        self.exhibit = QLineEdit(self)
        self.handling = QLineEdit(self)
        self.preview = FrameTable(search=False)
        self.mapping_table = QTableWidget(0, 2, self)
        self.mapping_table.setHorizontalHeaderLabels([self.tr("field"), self.tr("column in the file")])
        self.mapping_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setMaximumHeight(170)
        # The preview gets the room: a few files fit in a short list.
        self.files.setMaximumHeight(90)
        self.load_map = QPushButton(self.tr("Load mapping…"), self)
        self.save_map = QPushButton(self.tr("Save mapping…"), self)
        self.mapping: dict | None = None
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow("", self.detected)
        form.addRow(self.tr("Grading"), self.grading)
        form.addRow(self.tr("Device owner"), self.owner)
        form.addRow(self.tr("Exhibit reference"), self.exhibit)
        form.addRow(self.tr("Handling code"), self.handling)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_buttons = QVBoxLayout()
        files_buttons.addWidget(self.add)
        files_buttons.addWidget(self.add_folder)
        files_row.addLayout(files_buttons)
        map_row = QHBoxLayout()
        map_row.addWidget(self.load_map)
        map_row.addWidget(self.save_map)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        layout = QVBoxLayout(self)
        layout.addLayout(files_row)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Preview (first rows as they will be read):")))
        layout.addWidget(self.preview, 1)
        layout.addWidget(QLabel(self.tr("Column mapping, for a layout Ariadne does not know:")))
        layout.addWidget(self.mapping_table)
        layout.addLayout(map_row)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.add.clicked.connect(self._on_add_clicked)
        self.add_folder.clicked.connect(self._on_add_folder_clicked)
        self.files.currentRowChanged.connect(self._on_files_current_changed)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.load_map.clicked.connect(self._on_load_map_clicked)
        self.save_map.clicked.connect(self._on_save_map_clicked)
        for f in files or []:
            self.add_file(f)

    # ------------------------------------------------------------ files
    def add_file(self, path: str) -> None:
        self.files.addItem(str(path))
        self.files.setCurrentRow(self.files.count() - 1)

    def paths(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.add_file(url.toLocalFile())

    def _on_add_clicked(self) -> None:
        from app.importers.registry import default_registry

        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Material to import"),
            "",
            default_registry()
            .file_dialog_filter()
            .replace("All supported", self.tr("All supported"))
            .replace("All files", self.tr("All files")),
        )
        for p in paths:
            self.add_file(p)

    def _on_add_folder_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Phone extraction or backup folder"))
        if folder:
            self.add_file(folder)

    def _on_files_current_changed(self, row: int) -> None:
        if row < 0:
            return
        path = self.files.item(row).text()
        from app.importers.base import ImportFailed
        from app.importers.pipeline import detect_kind, preview

        try:
            kind, reason = detect_kind(path)
            self.detected.setText(
                self.tr("Detected: {kind} ({reason})").format(
                    kind=i18n.word(kind), reason=i18n.core_language().reason(reason)
                )
            )
        except ImportFailed as exc:
            kind = ""
            self.detected.setText(i18n.core_language().reason(str(exc)))
        try:
            frame = preview(path, mapping=self.mapping, n=20)
        except (ImportFailed, OSError, ValueError):
            frame = pd.DataFrame()
        self.preview.set_frame(frame)
        self._fill_mapping(
            kind if self.kind.currentData() == "auto" else self.kind.currentData(), list(frame.columns)
        )

    def _on_kind_changed(self, _index: int) -> None:
        self._on_files_current_changed(self.files.currentRow())

    # ------------------------------------------------------------ mapping
    def _fill_mapping(self, kind: str, columns: list[str]) -> None:
        fields = MAPPABLE.get(kind, [])
        self.mapping_table.setRowCount(len(fields))
        current = (self.mapping or {}).get("columns", {})
        for r, name in enumerate(fields):
            self.mapping_table.setItem(r, 0, QTableWidgetItem(name))
            box = QComboBox(self.mapping_table)
            box.addItem("", "")
            for c in columns:
                box.addItem(str(c), str(c))
            if current.get(name):
                box.setCurrentText(current[name])
            self.mapping_table.setCellWidget(r, 1, box)

    def current_mapping(self) -> dict | None:
        columns = {}
        for r in range(self.mapping_table.rowCount()):
            box = self.mapping_table.cellWidget(r, 1)
            if box is not None and box.currentData():
                columns[self.mapping_table.item(r, 0).text()] = box.currentData()
        kind = self.kind.currentData()
        if not columns or kind == "auto":
            return self.mapping
        return {"kind": kind, "columns": columns}

    def _on_load_map_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Column mapping"), "", "JSON (*.json)")
        if path:
            self.mapping = load_mapping(path)
            self.kind.setCurrentIndex(self.kind.findData(self.mapping["kind"]))
            self._on_files_current_changed(self.files.currentRow())

    def _on_save_map_clicked(self) -> None:
        mapping = self.current_mapping()
        if not mapping:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save column mapping"), "mapping.json", "JSON (*.json)"
        )
        if path:
            save_mapping(mapping, path)

    # ------------------------------------------------------------ result
    def options(self) -> ImportOptions:
        return ImportOptions(
            kind=self.kind.currentData(),
            grading=self.grading.grading(),
            owner=self.owner.text().strip(),
            exhibit=self.exhibit.text().strip(),
            handling=self.handling.text().strip(),
            mapping=self.current_mapping(),
        )


def import_files(session, paths: list[str], options: ImportOptions):
    """The background task: import each file in its own transaction."""

    def work(progress=None, cancel=None):
        from app.importers.base import ImportFailed
        from app.importers.pipeline import import_path
        from app.progress import sub_progress

        results, failures = [], []
        with session.worker_store() as store:
            for n, path in enumerate(paths):
                try:
                    results.append(
                        import_path(  # a file, or a whole extraction (folder or zip)
                            store,
                            path,
                            options,
                            progress=sub_progress(progress, n / len(paths), (n + 1) / len(paths)),
                            cancel=cancel,
                        )
                    )
                except ImportFailed as exc:
                    failures.append(str(exc))
        return results, failures

    return work


def summary_text(results, failures) -> str:
    parts = [r.summary() for r in results] + [f"FAILED: {f}" for f in failures]
    return "\n\n".join(parts) or "Nothing imported."


def file_name(path: str) -> str:
    return Path(path).name
