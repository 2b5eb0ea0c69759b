"""One task runner for all long work: imports, resolution, analyses, layouts, exports.

Core functions are synchronous and take ``progress`` and ``cancel``; the runner runs them on
a QThreadPool and posts progress and results back through queued signals, so workers never
touch widgets.  One task per kind: starting a new one cancels the old one.  Tests use
``synchronous=True`` to run tasks inline.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.progress import Cancelled, CancelToken


class _Signals(QObject):
    progressed = Signal(str, float, str)  # kind, fraction, message
    finished = Signal(str, object)  # kind, result
    failed = Signal(str, str, str)  # kind, message, details
    cancelled = Signal(str)


class _Job(QRunnable):
    def __init__(self, kind: str, fn: Callable[..., Any], token: CancelToken, signals: _Signals) -> None:
        super().__init__()
        self.kind, self.fn, self.token, self.signals = kind, fn, token, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        def progress(fraction: float, message: str = "") -> None:
            self.signals.progressed.emit(self.kind, float(fraction), message)

        try:
            result = self.fn(progress=progress, cancel=self.token)
        except Cancelled:
            self.signals.cancelled.emit(self.kind)
        except Exception as exc:  # every failure reaches the user, named
            self.signals.failed.emit(self.kind, str(exc) or type(exc).__name__, traceback.format_exc())
        else:
            self.signals.finished.emit(self.kind, result)


class TaskRunner(QObject):
    """Runs ``fn(progress=…, cancel=…)`` in the background; signals are re-emitted here."""

    progressed = Signal(str, float, str)
    finished = Signal(str, object)
    failed = Signal(str, str, str)
    cancelled = Signal(str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self.tokens: dict[str, CancelToken] = {}
        self.signals = _Signals()
        self.signals.progressed.connect(self.progressed)
        self.signals.finished.connect(self._on_done_finished)
        self.signals.failed.connect(self._on_done_failed)
        self.signals.cancelled.connect(self._on_done_cancelled)

    def start(self, kind: str, fn: Callable[..., Any]) -> CancelToken:
        """Run ``fn`` as the task of ``kind``, cancelling a previous one of that kind."""
        if kind in self.tokens:
            self.tokens[kind].cancel()
        token = CancelToken()
        self.tokens[kind] = token
        self.busy_changed.emit(True)
        job = _Job(kind, fn, token, self.signals)
        if self.synchronous:
            job.run()
        else:
            self.pool.start(job)
        return token

    def cancel(self, kind: str | None = None) -> None:
        for k, token in list(self.tokens.items()):
            if kind is None or k == kind:
                token.cancel()

    def busy(self) -> bool:
        return bool(self.tokens)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """On close: cancel everything, then wait for the workers to stop."""
        self.cancel()
        self.pool.waitForDone(timeout_ms)

    def _forget(self, kind: str) -> None:
        self.tokens.pop(kind, None)
        if not self.tokens:
            self.busy_changed.emit(False)

    def _on_done_finished(self, kind: str, result: object) -> None:
        self._forget(kind)
        self.finished.emit(kind, result)

    def _on_done_failed(self, kind: str, message: str, details: str) -> None:
        self._forget(kind)
        self.failed.emit(kind, message, details)

    def _on_done_cancelled(self, kind: str) -> None:
        self._forget(kind)
        self.cancelled.emit(kind)
