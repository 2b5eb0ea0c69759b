"""Table models over core data frames: rows are fetched lazily in chunks, so a table of
500,000 entities opens at once and scrolls smoothly; sorting and filtering go through a
QSortFilterProxyModel."""

from __future__ import annotations

import re
from numbers import Integral

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from app.ui import i18n

CHUNK = 2000

#: Columns whose values are words of the core's vocabulary (an entity type, a role, a flag),
#: shown in the window's language; other text (names, numbers, file names) is shown as it is.
WORD_COLUMNS = frozenset({"type", "role", "kind", "strategy", "flags", "by", "status", "to organiser"})
#: Columns of explanations the core writes (why a merge, why a row was set aside).
REASON_COLUMNS = frozenset({"reason", "reasons", "evidence"})
#: Columns of text with numbers the core wrote in English (``3024.54 EUR``).
NUMBER_TEXT_COLUMNS = frozenset({"normalised", "price", "price_range"})
#: Columns of identifiers, or numbers read as names (row 2478, source 12, merge 466): shown
#: without thousands separators.
ID_COLUMNS = frozenset(
    {
        "id",
        "#",
        "to_id",
        "from_id",
        "community",
        "cluster",
        "kept",
        "absorbed",
        "merge",
        "source_id",
        "row",
        "year",
        "source",
        "a",
        "b",
        "item_id",
        "entity_id",
        "path",
    }
)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?$")
_ISO_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2}) – (\d{4}-\d{2}-\d{2})$")  # a route cluster's dates


def count_text(n) -> str:
    """A count as the analyst reads it: an integer grouped as the window's language groups it
    ("23,000", "23 000"), never "23.000" or "23000.0"."""
    return i18n.number(int(round(float(n))))


def number_text(value: float, decimals: int = 3) -> str:
    """A measure with ``decimals`` decimals below 1,000 and none above, as the language writes it."""
    if float(value).is_integer():
        return count_text(value)
    return i18n.number(float(value), decimals if abs(value) < 1000 else 0)


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
            return self._shown(value, self._columns[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str | list | tuple):
            # The whole text of a long cell (reasons, facilitators, paths) on hover.
            text = value if isinstance(value, str) else ", ".join(map(str, value))
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.UserRole:  # raw value, for sorting and selection
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _shown(self, value, column: str) -> str:
        """A cell as the analyst reads it, in the window's language: numbers with its
        separators, the core's words translated, days as the language writes them."""
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, bool) or type(value).__name__ == "bool_":
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a count read through a float column: "23", not "23.000"
        if isinstance(value, Integral):
            return (
                str(value) if column in ID_COLUMNS or column.endswith(("_id", " id")) else i18n.number(value)
            )
        if isinstance(value, float):
            return i18n.number(value, 3) if abs(value) < 1000 else i18n.number(value)
        if isinstance(value, list | tuple):
            words = column in WORD_COLUMNS
            return ", ".join(i18n.word(v) if words else str(v) for v in value)
        text = str(value)
        if column in NUMBER_TEXT_COLUMNS:
            return i18n.core_language().numbers_in(text)
        if column in REASON_COLUMNS:
            return i18n.core_language().reason(text)
        if column in WORD_COLUMNS:
            return i18n.word(text)
        if _ISO_DAY.match(text) and i18n.current() != "en":
            return i18n.day(text) + (f" {text[11:16]}" if len(text) > 10 else "")
        span = _ISO_SPAN.match(text)
        if span and i18n.current() != "en":
            return f"{i18n.day(span.group(1))} – {i18n.day(span.group(2))}"
        if "(community " in text:  # what tells namesakes apart, in the window's language
            return i18n.core_language().names(text)
        return text

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and section < len(self._columns):
            name = self._columns[section]
            return i18n.word(self.headers[name]) if name in self.headers else i18n.column(name)
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
