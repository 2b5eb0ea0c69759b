"""Table models over core data frames: rows are fetched lazily in chunks, so a table of
500,000 entities opens at once and scrolls smoothly; sorting and filtering go through a
QSortFilterProxyModel."""

from __future__ import annotations

import numbers

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QSortFilterProxyModel, Qt

CHUNK = 2000

#: Columns that hold ids or numbers read as names (row 2478, source 12, merge 466): never
#: written with a thousands separator.
PLAIN_COLUMNS = {"id", "#", "a", "b", "kept", "absorbed", "source", "cluster", "community", "path", "row"}


def number_locale() -> QLocale:
    """The locale numbers are written in: the application's, or English where the system
    gives the bare "C" locale (which writes 23000 without grouping)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        locale = QLocale("en_US")
    return locale


def count_text(n) -> str:
    """A count as the analyst reads it: an integer with the locale's grouping ("23,000",
    "23 000"), never "23.000" or "23000.0"."""
    return number_locale().toString(int(round(float(n))))


def number_text(value: float, decimals: int = 3) -> str:
    """A measure with ``decimals`` decimals below 1,000 and none above, grouped by the locale."""
    if float(value).is_integer():
        return count_text(value)
    return number_locale().toString(float(value), "f", decimals if abs(value) < 1000 else 0)


def plain_column(name: str) -> bool:
    return name in PLAIN_COLUMNS or name.endswith("_id") or name.endswith(" id")


class FrameModel(QAbstractTableModel):
    """A read-only view of a DataFrame; ``id`` column (if any) is the entity behind a row."""

    def __init__(
        self, frame: pd.DataFrame | None = None, headers: dict[str, str] | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.headers = headers or {}
        self.frame = pd.DataFrame()
        self.loaded = 0
        self.set_frame(frame if frame is not None else pd.DataFrame())

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.beginResetModel()
        self.frame = frame.reset_index(drop=True)
        self._columns = list(frame.columns)
        self._values = frame.to_numpy(dtype=object) if len(frame) else None
        self._plain = [plain_column(str(c)) for c in self._columns]
        self.loaded = min(CHUNK, len(frame))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else self.loaded

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self.loaded < len(self.frame)

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        more = min(CHUNK, len(self.frame) - self.loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self.loaded, self.loaded + more - 1)
        self.loaded += more
        self.endInsertRows()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._values is None:
            return None
        value = self._values[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None or (isinstance(value, float) and pd.isna(value)):
                return ""
            if isinstance(value, bool):
                return str(value)
            if isinstance(value, float) and value.is_integer():
                value = int(value)  # a count read through a float column: "23", not "23.000"
            if isinstance(value, numbers.Integral):
                return str(value) if self._plain[index.column()] else count_text(value)
            if isinstance(value, float):
                return number_text(value)
            if isinstance(value, list | tuple):
                return ", ".join(map(str, value))
            return str(value)
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str | list | tuple):
            # The whole text of a long cell (reasons, facilitators, paths) on hover.
            text = value if isinstance(value, str) else ", ".join(map(str, value))
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.UserRole:  # raw value, for sorting and selection
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section < len(self._columns):
            name = self._columns[section]
            return self.headers.get(name, name.replace("_", " "))
        return str(section + 1)

    def entity_at(self, row: int) -> int | None:
        if "id" not in self._columns or row >= len(self.frame):
            return None
        value = self.frame.at[row, "id"]
        try:
            return int(value)
        except (TypeError, ValueError):
            return None


class FrameFilter(QSortFilterProxyModel):
    """Sorting by raw values; filtering on every column's text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802
        a, b = left.data(Qt.ItemDataRole.UserRole), right.data(Qt.ItemDataRole.UserRole)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
