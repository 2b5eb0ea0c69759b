"""The per-actor timeline, as i2's event charts draw it: one row per actor (or per phone or
account), each call, message, transfer and journey leg a mark at its time; wheel to zoom in
time under the pointer, drag to pan, double-click to see everything again.

The events come from :func:`app.graph.timelines.actor_events` (a frame); this widget only
paints them.  The shared time window is shaded; what lies outside it is greyed."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np
import pandas as pd
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

AXIS = 24  # pixels above the rows for the time axis
LEGEND = 22  # pixels below them for the legend
ROW = 64  # tallest row: four lanes, one per kind of event
LANES = {"call": 0, "message": 1, "transfer": 2, "journey leg": 3}  # other kinds: lane 1
MARK = 5.0  # half the size of a mark
KIND_STYLES = {  # kind → (colour, shape)
    "call": ("#0072B2", "circle"),
    "message": ("#56B4E9", "diamond"),
    "transfer": ("#D55E00", "triangle"),
    "journey leg": ("#009E73", "bar"),
}
OTHER_STYLE = ("#777777", "square")
DAY = 86400.0
STEPS = [  # tick spacing (seconds) and what its labels show, finest first
    (3600, "time"),
    (6 * 3600, "day time"),
    (DAY, "day"),
    (7 * DAY, "day"),
    (30 * DAY, "month"),
    (91 * DAY, "month"),
    (365 * DAY, "year"),
]


def _seconds(values) -> np.ndarray:
    """Timestamps (naive, as the frame has them) to seconds since 1970."""
    stamps = pd.to_datetime(pd.Series(values), errors="coerce")
    out = np.full(len(stamps), np.nan)
    ok = stamps.notna().to_numpy()
    out[ok] = stamps[ok].astype("datetime64[ns]").astype("int64").to_numpy() / 1e9
    return out


class EventChartView(QWidget):
    event_picked = Signal(list)  # a mark clicked: the row's actor and the one at the other end

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)
        self.setMouseTracking(True)
        self.rows: list[tuple[int, str]] = []
        self.events = pd.DataFrame()
        self._t = np.zeros(0)
        self._end = np.zeros(0)
        self._row = np.zeros(0, np.int64)
        self.t0, self.t1 = 0.0, DAY
        self.window: tuple[float, float] | None = None
        self._drag: tuple[float, float, float] | None = None
        self.message = self.tr(
            "Select actors on the chart (Ctrl+click or drag a box), on the map or in a table."
        )

    # ------------------------------------------------------------------ content
    def set_events(self, events: pd.DataFrame, rows: list[tuple[int, str]] | None = None) -> None:
        """Show ``events`` (see :func:`app.graph.timelines.actor_events`) and fit them."""
        self.events = events.reset_index(drop=True)
        self.rows = list(rows if rows is not None else events.attrs.get("rows", []))
        index = {r: i for i, (r, _label) in enumerate(self.rows)}
        self._row = np.array([index.get(int(r), -1) for r in self.events.get("row", [])], np.int64)
        self._t = _seconds(self.events["ts"]) if len(self.events) else np.zeros(0)
        self._end = _seconds(self.events["end"]) if len(self.events) else np.zeros(0)
        self.fit()

    def marks_per_row(self) -> dict[int, int]:
        """How many marks each row shows (every event of the row, in view or not)."""
        counts = np.bincount(self._row[self._row >= 0], minlength=len(self.rows))
        return {r: int(counts[i]) for i, (r, _label) in enumerate(self.rows)}

    def fit(self) -> None:
        """Every event in view, with a little room at both ends."""
        times = np.concatenate([self._t[~np.isnan(self._t)], self._end[~np.isnan(self._end)]])
        if len(times):
            lo, hi = float(times.min()), float(times.max())
            pad = max((hi - lo) * 0.03, 3600.0)
            self.set_range(lo - pad, hi + pad)
        self.update()

    def set_range(self, t0: float, t1: float) -> None:
        if t1 - t0 < 600:  # ten minutes at the closest
            mid = (t0 + t1) / 2
            t0, t1 = mid - 300, mid + 300
        self.t0, self.t1 = float(t0), float(t1)
        self.update()

    def set_window(self, start: str | None, end: str | None) -> None:
        """Shade the shared time window and bring it into view (none: everything)."""
        if not start and not end:
            self.window = None
            self.fit()
            return
        lo = _seconds([start])[0] if start else self.t0
        hi = _seconds([end])[0] if end else self.t1
        self.window = (float(lo), float(hi))
        pad = (hi - lo) * 0.03
        self.set_range(lo - pad, hi + pad)

    # ------------------------------------------------------------------ geometry
    def _gutter(self) -> float:
        metrics = QFontMetricsF(self.font())
        widest = max((metrics.horizontalAdvance(label) for _r, label in self.rows), default=40)
        return min(260.0, widest + 16)

    def _row_height(self) -> float:
        room = self.height() - AXIS - LEGEND
        return max(14.0, min(ROW, room / max(1, len(self.rows))))

    def _lane(self, kinds: np.ndarray, h: float) -> np.ndarray:
        """Each kind in its own lane of the row when rows are tall enough, else all centred."""
        if h < 40:
            return np.full(len(kinds), 0.5)
        lane = np.array([LANES.get(k, 1) for k in kinds.tolist()], float)
        return (lane + 0.5) / len(LANES)

    def _x(self, t):
        left = self._gutter()
        return left + (np.asarray(t) - self.t0) / (self.t1 - self.t0) * (self.width() - left - 8)

    def _time_at(self, x: float) -> float:
        left = self._gutter()
        return self.t0 + (x - left) / max(1.0, self.width() - left - 8) * (self.t1 - self.t0)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#FFFFFF"))
        if not self.rows:
            p.setPen(QColor("#555555"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        gutter, h = self._gutter(), self._row_height()
        self._paint_window(p, gutter)
        self._paint_axis(p, gutter)
        for i, (_r, label) in enumerate(self.rows):
            y = AXIS + i * h
            if i % 2:
                p.fillRect(QRectF(0, y, self.width(), h), QColor(0, 0, 0, 10))
            p.setPen(QColor("#202020"))
            p.drawText(QRectF(6, y, gutter - 10, h), Qt.AlignmentFlag.AlignVCenter, label)
        p.setClipRect(QRectF(gutter, AXIS, self.width() - gutter, len(self.rows) * h))
        self._paint_marks(p, h)
        p.setClipping(False)
        self._paint_legend(p, gutter)
        p.end()

    def _paint_window(self, p: QPainter, gutter: float) -> None:
        if self.window is None:
            return
        x0, x1 = (float(v) for v in self._x(np.array(self.window)))
        top, bottom = AXIS, self.height() - LEGEND
        p.fillRect(QRectF(gutter, top, max(0.0, x0 - gutter), bottom - top), QColor(0, 0, 0, 18))
        p.fillRect(QRectF(x1, top, max(0.0, self.width() - x1), bottom - top), QColor(0, 0, 0, 18))
        p.fillRect(QRectF(x0, top - 4, x1 - x0, 4), self.palette().highlight().color())

    def _paint_axis(self, p: QPainter, gutter: float) -> None:
        width = self.width() - gutter - 8
        span = self.t1 - self.t0
        step, fmt = next(((s, f) for s, f in STEPS if width / (span / s) >= 70), STEPS[-1])
        metrics = QFontMetricsF(self.font())
        p.setPen(QPen(QColor("#D8D8D8"), 1))
        for t in _ticks(self.t0, self.t1, step):
            x = float(self._x(t))
            if x < gutter:
                continue
            p.setPen(QPen(QColor("#E2E2E2"), 1))
            p.drawLine(QPointF(x, AXIS), QPointF(x, self.height() - LEGEND))
            text = self._tick_text(datetime.fromtimestamp(t, UTC), fmt)
            p.setPen(QColor("#404040"))
            p.drawText(QPointF(x - metrics.horizontalAdvance(text) / 2, AXIS - 8), text)

    def _tick_text(self, when: datetime, shows: str) -> str:
        """A tick's label in the window's language (month names through ``tr``)."""
        months = (
            self.tr("Jan"), self.tr("Feb"), self.tr("Mar"), self.tr("Apr"), self.tr("May"), self.tr("Jun"),
            self.tr("Jul"), self.tr("Aug"), self.tr("Sep"), self.tr("Oct"), self.tr("Nov"), self.tr("Dec"),
        )  # fmt: skip
        month = months[when.month - 1]
        return {
            "time": f"{when:%H:%M}",
            "day time": f"{when.day} {month} {when:%H:%M}",
            "day": f"{when.day} {month}",
            "month": f"{month} {when.year}",
        }.get(shows, str(when.year))

    def _paint_marks(self, p: QPainter, h: float) -> None:
        if not len(self._t):
            return
        x = self._x(self._t)
        x_end = self._x(np.where(np.isnan(self._end), self._t, self._end))
        kinds = self.events["kind"].to_numpy()
        y = AXIS + (self._row + self._lane(kinds, h)) * h
        outside = np.zeros(len(x), bool)
        if self.window is not None:
            outside = (self._t < self.window[0]) | (self._t > self.window[1])
        visible = (x_end >= self._gutter() - 10) & (x <= self.width() + 10) & (self._row >= 0)
        for kind in dict.fromkeys(kinds.tolist()):
            colour, shape = KIND_STYLES.get(kind, OTHER_STYLE)
            for faded in (True, False):
                sel = np.flatnonzero(visible & (kinds == kind) & (outside == faded))
                if len(sel):
                    c = QColor(colour)
                    if faded:
                        c.setAlpha(70)
                    self._paint_shape(p, shape, c, x[sel], x_end[sel], y[sel], h)

    @staticmethod
    def _paint_shape(p: QPainter, shape: str, colour: QColor, xs, x_ends, ys, h: float) -> None:
        p.setPen(QPen(colour.darker(130), 1))
        p.setBrush(colour)
        m = min(MARK, h / 3 if h < 40 else h / 10)
        for x, xe, y in zip(xs.tolist(), x_ends.tolist(), ys.tolist(), strict=True):
            if shape == "bar":
                p.drawRoundedRect(QRectF(x, y - m * 0.8, max(3.0, xe - x), m * 1.6), 2, 2)
            elif shape == "circle":
                p.drawEllipse(QPointF(x, y), m, m)
            elif shape == "diamond":
                p.drawPolygon(
                    QPolygonF([QPointF(x, y - m), QPointF(x + m, y), QPointF(x, y + m), QPointF(x - m, y)])
                )
            elif shape == "triangle":
                p.drawPolygon(QPolygonF([QPointF(x, y - m), QPointF(x + m, y + m), QPointF(x - m, y + m)]))
            else:
                p.drawRect(QRectF(x - m * 0.8, y - m * 0.8, m * 1.6, m * 1.6))

    def _paint_legend(self, p: QPainter, gutter: float) -> None:
        y = self.height() - LEGEND / 2
        x = gutter
        metrics = QFontMetricsF(self.font())
        names = {kind: self.kind_name(kind) for kind in KIND_STYLES}
        for kind, (colour, shape) in KIND_STYLES.items():
            self._paint_shape(
                p, shape, QColor(colour), np.array([x + 5]), np.array([x + 17]), np.array([y]), 18
            )
            p.setPen(QColor("#303030"))
            p.drawText(QPointF(x + 22, y + metrics.ascent() / 2 - 1), names[kind])
            x += 34 + metrics.horizontalAdvance(names[kind])

    def kind_name(self, kind: str) -> str:
        names = {
            "call": self.tr("call"),
            "message": self.tr("message"),
            "transfer": self.tr("transfer"),
            "journey leg": self.tr("journey leg"),
        }
        return names.get(kind, kind)

    # ------------------------------------------------------------------ interaction
    def wheelEvent(self, event) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(0.8**steps, event.position().x())
        event.accept()

    def zoom_by(self, factor: float, x: float | None = None) -> None:
        """Zoom in time by ``factor`` (below 1: closer) around the time at pixel ``x``."""
        anchor = self._time_at(x) if x is not None else (self.t0 + self.t1) / 2
        self.set_range(anchor - (anchor - self.t0) * factor, anchor + (self.t1 - anchor) * factor)

    def pan_by(self, pixels: float) -> None:
        shift = pixels / max(1.0, self.width() - self._gutter() - 8) * (self.t1 - self.t0)
        self.set_range(self.t0 - shift, self.t1 - shift)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.position().x(), self.t0, self.t1)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._drag is not None:
            x0, t0, t1 = self._drag
            shift = (event.position().x() - x0) / max(1.0, self.width() - self._gutter() - 8) * (t1 - t0)
            self.set_range(t0 - shift, t1 - shift)
            return
        k = self.event_at(event.position())
        if k is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.globalPosition().toPoint(), self.describe(k), self)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        drag, self._drag = self._drag, None
        if drag is not None and abs(event.position().x() - drag[0]) < 4:
            k = self.event_at(event.position())
            if k is not None:
                other = self.events["other"].iat[k]
                actor = int(self.events["actor"].iat[k])
                self.event_picked.emit([actor] + ([int(other)] if pd.notna(other) else []))

    def mouseDoubleClickEvent(self, _event) -> None:  # noqa: N802
        self.fit()

    def event_at(self, point: QPointF) -> int | None:
        if not len(self._t):
            return None
        h = self._row_height()
        row = math.floor((point.y() - AXIS) / h)
        lane_y = AXIS + (self._row + self._lane(self.events["kind"].to_numpy(), h)) * h
        x = self._x(self._t)
        x_end = self._x(np.where(np.isnan(self._end), self._t, self._end))
        d = np.where(
            (x <= point.x()) & (point.x() <= x_end),
            0.0,
            np.minimum(abs(x - point.x()), abs(x_end - point.x())),
        )
        d[(self._row != row) | (abs(lane_y - point.y()) > max(MARK + 2, h / 8))] = np.inf
        k = int(np.argmin(d))
        return k if d[k] <= MARK + 1 else None

    def describe(self, k: int) -> str:
        e = self.events.iloc[k]
        when = pd.Timestamp(e["ts"]).strftime("%Y-%m-%d %H:%M")
        if pd.notna(e["end"]):
            when += " → " + pd.Timestamp(e["end"]).strftime("%Y-%m-%d")
        parts = [f"{self.kind_name(str(e['kind']))} · {when}"]
        if e["other_label"]:
            parts.append(self.tr("with {name}").format(name=e["other_label"]))
        if e["detail"]:
            parts.append(str(e["detail"]))
        return "\n".join(parts)


def _ticks(t0: float, t1: float, step: float) -> list[float]:
    """Tick times from ``t0`` to ``t1``: whole hours or days, months on the first."""
    if step >= 28 * DAY:
        months = max(1, round(step / (30 * DAY)))
        day = datetime.fromtimestamp(t0, UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        out = []
        while day.timestamp() <= t1:
            out.append(day.timestamp())
            month = day.month - 1 + months
            day = day.replace(year=day.year + month // 12, month=month % 12 + 1)
        return out
    first = math.ceil(t0 / step) * step
    if step == 7 * DAY:  # weeks start on Monday (1970-01-01 was a Thursday)
        first = math.ceil((t0 - 4 * DAY) / step) * step + 4 * DAY
    return [float(t) for t in np.arange(first, t1, step)][:200]
