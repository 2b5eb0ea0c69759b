"""The time window the map and the timeline share: a range slider over the case's days.

Each view that shows it holds its own bar; every bar follows the session's window, so moving
one moves the others.  Both handles at the ends mean no window (everything shown)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from app.ui import i18n
from app.ui.session import Session

HANDLE = 7.0  # handle radius, pixels


class RangeSlider(QWidget):
    """Two handles on one track; dragging between them moves the whole window."""

    range_changed = Signal(int, int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.maximum = 1
        self.low, self.high = 0, 1
        self._drag: tuple[str, float, int, int] | None = None
        self.setMinimumWidth(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 24)

    def set_maximum(self, maximum: int) -> None:
        self.maximum = max(1, int(maximum))
        self.set_range(min(self.low, self.maximum), min(self.high, self.maximum) or self.maximum, quiet=True)

    def set_range(self, low: int, high: int, *, quiet: bool = False) -> None:
        low, high = max(0, min(int(low), self.maximum)), max(0, min(int(high), self.maximum))
        low, high = min(low, high), max(low, high)
        if (low, high) == (self.low, self.high):
            return
        self.low, self.high = low, high
        self.update()
        if not quiet:
            self.range_changed.emit(low, high)

    def _x(self, value: float) -> float:
        return HANDLE + (self.width() - 2 * HANDLE) * value / self.maximum

    def _value(self, x: float) -> int:
        return round((x - HANDLE) / max(1.0, self.width() - 2 * HANDLE) * self.maximum)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        y = self.height() / 2
        track = QPen(QColor("#C9C9C9"), 4)
        track.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(track)
        p.drawLine(QPointF(self._x(0), y), QPointF(self._x(self.maximum), y))
        track.setColor(self.palette().highlight().color())
        p.setPen(track)
        p.drawLine(QPointF(self._x(self.low), y), QPointF(self._x(self.high), y))
        p.setPen(QPen(QColor("#505050"), 1))
        p.setBrush(QColor("#FFFFFF"))
        for value in (self.low, self.high):
            p.drawEllipse(QPointF(self._x(value), y), HANDLE - 1, HANDLE - 1)
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        x = event.position().x()
        near_low, near_high = abs(x - self._x(self.low)), abs(x - self._x(self.high))
        if min(near_low, near_high) <= HANDLE + 2:
            which = (
                "low" if near_low < near_high or (near_low == near_high and x < self._x(self.low)) else "high"
            )
        elif self._x(self.low) < x < self._x(self.high):
            which = "both"
        else:
            which = "low" if x < self._x(self.low) else "high"
            self._move(which, self._value(x))
        self._drag = (which, x, self.low, self.high)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag is None:
            return
        which, x0, low, high = self._drag
        x = event.position().x()
        if which == "both":
            shift = self._value(x) - self._value(x0)
            shift = max(-low, min(self.maximum - high, shift))
            self.set_range(low + shift, high + shift)
        else:
            self._move(which, self._value(x))

    def mouseReleaseEvent(self, _event) -> None:  # noqa: N802
        self._drag = None

    def _move(self, which: str, value: int) -> None:
        if which == "low":
            self.set_range(min(value, self.high), self.high)
        else:
            self.set_range(self.low, max(value, self.low))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None


class TimeWindowBar(QWidget):
    """The shared time window: first and last day shown, a range slider, and a button that
    shows the whole case again."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.first: date | None = None
        self.slider = RangeSlider(self)
        self.slider.setToolTip(
            self.tr("The time window of the map and the timeline: drag a handle, or the bar between them")
        )
        self.start_label, self.end_label = QLabel(self), QLabel(self)
        self.all = QToolButton(self)
        self.all.setText(self.tr("All dates"))
        self.all.setToolTip(self.tr("The whole span of the case's dates"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Time:"), self))
        layout.addWidget(self.start_label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.end_label)
        layout.addWidget(self.all)
        self.slider.range_changed.connect(self._on_slider_range_changed)
        self.all.clicked.connect(lambda: session.set_window(None, None))
        session.case_opened.connect(self.refresh)
        session.case_changed.connect(self.refresh)
        session.window_changed.connect(self._on_session_window_changed)
        self.refresh()

    def refresh(self, *_args) -> None:
        """Take the case's span (first to last dated item) and the session's window."""
        first, last = (_day(d) for d in self.session.span)
        self.first = first
        self.setEnabled(first is not None and last is not None)
        if first is None or last is None:
            self.start_label.setText("—")
            self.end_label.setText("—")
            return
        self.slider.set_maximum((last - first).days)
        self._on_session_window_changed(*self.session.window)

    def day(self, value: int) -> date:
        return (self.first or date.today()) + timedelta(days=int(value))

    def _on_session_window_changed(self, start, end) -> None:
        if self.first is None:
            return
        low = (_day(start) - self.first).days if _day(start) else 0
        high = (_day(end) - self.first).days if _day(end) else self.slider.maximum
        self.slider.set_range(low, high, quiet=True)
        self._show_dates()

    def _show_dates(self) -> None:
        self.start_label.setText(i18n.day(self.day(self.slider.low).isoformat()))
        self.end_label.setText(i18n.day(self.day(self.slider.high).isoformat()))

    def _on_slider_range_changed(self, low: int, high: int) -> None:
        self._show_dates()
        if low == 0 and high == self.slider.maximum:
            self.session.set_window(None, None)
        else:
            self.session.set_window(self.day(low).isoformat(), self.day(high).isoformat() + "T23:59:59")
