"""One task runner for all long work: imports, resolution, analyses, layouts, exports.

Core functions are synchronous and take ``progress`` and ``cancel``; the runner runs them on
a QThreadPool and posts progress and results back through queued signals, so workers never
touch widgets.  One task per kind: starting a new one cancels the old one.  Every job carries
its own number and token: whatever a job that is no longer the current one of its kind reports
(progress, result, failure, cancellation) is dropped, so a superseded task can neither deliver a
stale result nor mark the window idle while its successor runs.  Tests use ``synchronous=True``
to run tasks inline.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.progress import Cancelled, CancelToken


class _Signals(QObject):
    progressed = Signal(str, int, float, str)  # kind, job, fraction, message
    finished = Signal(str, int, object)  # kind, job, result
    failed = Signal(str, int, str, str)  # kind, job, message, details
    cancelled = Signal(str, int)  # kind, job


@dataclass(frozen=True)
class _Current:
    job: int
    token: CancelToken


class _Job(QRunnable):
    def __init__(
        self, kind: str, job: int, fn: Callable[..., Any], token: CancelToken, signals: _Signals
    ) -> None:
        super().__init__()
        self.kind, self.job, self.fn, self.token, self.signals = kind, job, fn, token, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        def progress(fraction: float, message: str = "") -> None:
            if not self.token.cancelled:
                self.signals.progressed.emit(self.kind, self.job, float(fraction), message)

        try:
            result = self.fn(progress=progress, cancel=self.token)
        except Cancelled:
            self.signals.cancelled.emit(self.kind, self.job)
        except Exception as exc:  # every failure reaches the user, named
            message = str(exc) or type(exc).__name__
            self.signals.failed.emit(self.kind, self.job, message, traceback.format_exc())
        else:
            self.signals.finished.emit(self.kind, self.job, result)


class TaskRunner(QObject):
    """Runs ``fn(progress=…, cancel=…)`` in the background; signals are re-emitted here.

    Only the current job of each kind is heard: a job replaced by a newer one of the same kind is
    cancelled, and anything it still reports is dropped.
    """

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
        self._current: dict[str, _Current] = {}
        self._numbers = itertools.count(1)
        self.signals = _Signals()
        self.signals.progressed.connect(self._on_job_progressed)
        self.signals.finished.connect(self._on_job_finished)
        self.signals.failed.connect(self._on_job_failed)
        self.signals.cancelled.connect(self._on_job_cancelled)

    def start(self, kind: str, fn: Callable[..., Any]) -> CancelToken:
        """Run ``fn`` as the task of ``kind``, cancelling a previous one of that kind."""
        previous = self._current.get(kind)
        if previous is not None:
            previous.token.cancel()
        was_busy = self.busy()
        job, token = next(self._numbers), CancelToken()
        self._current[kind] = _Current(job, token)
        if not was_busy:
            self.busy_changed.emit(True)
        runnable = _Job(kind, job, fn, token, self.signals)
        if self.synchronous:
            runnable.run()
        else:
            self.pool.start(runnable)
        return token

    def cancel(self, kind: str | None = None) -> None:
        """Ask the current task of ``kind`` (every task when ``None``) to stop."""
        for k, current in list(self._current.items()):
            if kind is None or k == kind:
                current.token.cancel()

    def busy(self) -> bool:
        return bool(self._current)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """On close: cancel everything, then wait for the workers to stop."""
        self.cancel()
        self.pool.waitForDone(timeout_ms)

    def _is_current(self, kind: str, job: int) -> bool:
        current = self._current.get(kind)
        return current is not None and current.job == job

    def _forget(self, kind: str) -> None:
        self._current.pop(kind, None)
        if not self._current:
            self.busy_changed.emit(False)

    def _on_job_progressed(self, kind: str, job: int, fraction: float, message: str) -> None:
        if self._is_current(kind, job):
            self.progressed.emit(kind, fraction, message)

    def _on_job_finished(self, kind: str, job: int, result: object) -> None:
        if self._is_current(kind, job):
            self._forget(kind)
            self.finished.emit(kind, result)

    def _on_job_failed(self, kind: str, job: int, message: str, details: str) -> None:
        if self._is_current(kind, job):
            self._forget(kind)
            self.failed.emit(kind, message, details)

    def _on_job_cancelled(self, kind: str, job: int) -> None:
        if self._is_current(kind, job):
            self._forget(kind)
            self.cancelled.emit(kind)
