"""Progress reporting and cancellation for long core work.

Core functions take keyword-only ``progress=None, cancel=None``.  ``progress`` is a
callable ``progress(fraction, message)`` with ``fraction`` in [0, 1]; ``cancel`` is a
:class:`CancelToken` that loops check at natural checkpoints (every N rows, every source
node, every Louvain level).  The UI's task runner supplies both; the CLI supplies a
terminal printer; tests supply nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

ProgressFn = Callable[[float, str], None]
T = TypeVar("T")


class Cancelled(Exception):
    """Raised by :meth:`CancelToken.check` when the work was cancelled."""


class CancelToken:
    """A thread-safe flag that the requester sets and the worker checks.

    Examples
    --------
    >>> token = CancelToken()
    >>> token.cancelled
    False
    >>> token.cancel()
    >>> token.cancelled
    True
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled("cancelled by the user")


def check(cancel: CancelToken | None) -> None:
    """Raise :class:`Cancelled` if ``cancel`` is set; a ``None`` token never cancels."""
    if cancel is not None:
        cancel.check()


def report(progress: ProgressFn | None, fraction: float, message: str = "") -> None:
    """Call ``progress`` if given, clamping ``fraction`` to [0, 1]."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), message)


def sub_progress(progress: ProgressFn | None, start: float, end: float) -> ProgressFn | None:
    """Map a sub-step's 0..1 onto ``start..end`` of the parent's bar.

    Orange's ``wrap_callback`` idea: one bar split honestly across sub-steps.

    Examples
    --------
    >>> seen = []
    >>> step = sub_progress(lambda f, m: seen.append(round(f, 2)), 0.5, 1.0)
    >>> step(0.5, "half of the second half")
    >>> seen
    [0.75]
    """
    if progress is None:
        return None

    def wrapped(fraction: float, message: str = "") -> None:
        report(progress, start + (end - start) * fraction, message)

    return wrapped


def ticking(
    items: Iterable[T],
    total: int,
    progress: ProgressFn | None,
    cancel: CancelToken | None,
    message: str,
    *,
    every: int = 2000,
) -> Iterator[T]:
    """``items`` as they are, checking ``cancel`` and reporting progress every ``every`` items
    (a loop over rows honours both without counting by hand).

    >>> seen = []
    >>> list(ticking(range(5), 5, lambda f, m: seen.append(f), None, "rows", every=2))
    [0, 1, 2, 3, 4]
    >>> seen
    [0.0, 0.4, 0.8]
    >>> token = CancelToken(); token.cancel()
    >>> list(ticking(range(5), 5, None, token, "rows"))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    app.progress.Cancelled: cancelled by the user
    """
    for i, item in enumerate(items):
        if i % every == 0:
            check(cancel)
            report(progress, i / max(total, 1), message)
        yield item
