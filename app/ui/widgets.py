"""Small shared widgets: a searchable table over a data frame, a matplotlib canvas."""

from __future__ import annotations

import warnings

import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.ui.models import FrameFilter, FrameModel


class FrameTable(QWidget):
    """A sortable, filterable table; emits the entity id of the row the analyst picks."""

    entity_activated = Signal(int)
    row_selected = Signal(int)

    def __init__(
        self,
        headers: dict[str, str] | None = None,
        *,
        search: bool = True,
        hidden: tuple[str, ...] = (),
        parent=None,
    ) -> None:
        super().__init__(parent)
        self.hidden = hidden  # columns kept for picking rows (ids), not shown
        self.model = FrameModel(headers=headers, parent=self)
        self.proxy = FrameFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)  # keep the order the core gave (best first) until the analyst sorts
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Filter: name, number, account…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.search.setVisible(search)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        # Columns sized from the rows in sight and a few hundred more, not from every row: a
        # table of fifty thousand entities would otherwise hold the window for a second.
        self.view.horizontalHeader().setResizeContentsPrecision(200)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.model.set_frame(frame)
        for col, name in enumerate(frame.columns):
            self.view.setColumnHidden(col, name in self.hidden)
        self.view.resizeColumnsToContents()
        for col in range(self.model.columnCount()):
            if self.view.columnWidth(col) > 320:
                self.view.setColumnWidth(col, 320)

    def current_row(self) -> int | None:
        index = self.view.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def _on_view_current_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        row = self.proxy.mapToSource(current).row()
        self.row_selected.emit(row)
        entity = self.model.entity_at(row)
        if entity is not None:
            self.entity_activated.emit(entity)

    def _on_view_double_clicked(self, index) -> None:
        entity = self.model.entity_at(self.proxy.mapToSource(index).row())
        if entity is not None:
            self.entity_activated.emit(entity)


class FigureCanvas(FigureCanvasQTAgg):
    """A matplotlib Figure (built by app.exports.figures) shown in Qt."""

    def __init__(self, parent=None) -> None:
        super().__init__(Figure(figsize=(6, 4)))
        self.setParent(parent)
        self.setMinimumHeight(220)

    def show_figure(self, fig: Figure) -> None:
        from app.exports.figures import in_language
        from app.ui import i18n

        if i18n.current() != "en":  # the ticks' numbers as the window's language writes them
            in_language(fig, i18n.core_language().number)
        self.figure = fig
        fig.set_canvas(self)
        # Laid out again on every draw, so the plot fills the widget after each resize (a
        # figure shown while its tab was hidden would otherwise stay at that first size).
        fig.set_layout_engine("tight")
        if self.width() > 50 and self.height() > 50:  # fill the widget, not the figure's own size
            dpi = fig.get_dpi()
            fig.set_size_inches(self.width() / dpi, self.height() / dpi)
        self.draw_idle()

    def draw(self) -> None:
        # A panel made smaller than a chart's labels and ticks need keeps the last layout that
        # fitted; matplotlib says so on every draw, which tells the analyst nothing.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Tight layout not applied")
            super().draw()


def whole_tabs(tabs) -> None:
    """Tab titles written whole ("Requirements", not "Requireme"): a narrow dock scrolls its
    tab bar with arrows rather than cutting the titles."""
    tabs.setElideMode(Qt.TextElideMode.ElideNone)
    tabs.setUsesScrollButtons(True)


def align_top(layout) -> None:
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
