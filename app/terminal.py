"""Progress on the terminal: one line on stderr, rewritten in place, for the command line.

Shown only when the stream is a terminal and the user did not ask for ``--quiet``; a pipe or
a log file gets nothing, so that scripts reading stderr see only errors.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class TerminalProgress:
    """A ``progress(fraction, message)`` callback that draws ``  42% message (12 s)`` on one line.

    Redraws at most ten times a second (a tight loop reporting every row does not flood the
    terminal), always on a new message or at the end; the line is cleared at 100 % or by
    :meth:`done`.

    Examples
    --------
    >>> import io
    >>> stream = io.StringIO()
    >>> show = TerminalProgress(stream, force=True)
    >>> show(0.5, "hubs")
    >>> "50% hubs" in stream.getvalue()
    True
    >>> show.done()
    """

    def __init__(self, stream: TextIO | None = None, *, width: int = 78, force: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._last_message: str | None = None
        self._shown = False
        self.enabled = force or _is_terminal(self.stream)

    def __call__(self, fraction: float, message: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if message == self._last_message and now - self._last_draw < 0.1 and fraction < 1.0:
            return
        self._last_draw, self._last_message = now, message
        elapsed = now - self.started
        text = f"{fraction * 100:4.0f}% {message}"
        tail = f" ({elapsed:.0f} s)" if elapsed >= 1 else ""
        if len(text) + len(tail) > self.width:
            text = text[: self.width - len(tail) - 1] + "…"
        text += tail
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self._shown = True
        if fraction >= 1.0:
            self.done()  # the work is over: what the command prints next starts on a clean line

    def done(self) -> None:
        """Clear the line, so that what the command prints next starts on a clean one."""
        if self._shown:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self._shown = False


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def terminal_progress(*, quiet: bool = False, stream: TextIO | None = None) -> TerminalProgress | None:
    """The progress callback for a command: None when quiet or when stderr is not a terminal."""
    show = TerminalProgress(stream)
    return None if quiet or not show.enabled else show
