"""Writing a file the analyst asked for without ever destroying the case or the evidence.

An export aimed at the case file itself (``--out op.ariadne``), at its write-ahead log, or
at a file the export reads (a hard link or symlink to either included) would overwrite what
it reads; such a target is refused before anything is written.  Files are written to a
temporary file in the same folder and renamed over the target when complete, so an export
that fails (a full disk, a cancel) leaves whatever was there before.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

#: Files SQLite keeps beside a case while it is open.
CASE_COMPANIONS = ("-wal", "-shm", "-journal")


class OutputRefused(ValueError):
    """The output path would overwrite the case or an input; the message says which."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def protected_paths(case_path: str | Path, inputs: Iterable[str | Path] = ()) -> list[tuple[Path, str]]:
    """The case file, its SQLite companions and every input, each with what it is: what an
    output must never be."""
    case = Path(case_path)
    found = [(case, "the case file itself")]
    found += [(case.with_name(case.name + s), "a file SQLite keeps beside the case") for s in CASE_COMPANIONS]
    return found + [(Path(p), "an input of this export") for p in inputs if p]


def check_output(out: str | Path, protected: Iterable[tuple[Path, str]], *, folder: bool = False) -> Path:
    """Refuse ``out`` if it is (by path, symlink or hard link) one of ``protected``.

    ``folder`` says the output is a folder of files (each file in it is checked again by its
    writer).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); case = os.path.join(d, "op.ariadne"); _ = open(case, "w").close()
    >>> check_output(os.path.join(d, "link"), protected_paths(case)) and None
    >>> os.link(case, os.path.join(d, "hard"))
    >>> check_output(os.path.join(d, "hard"), protected_paths(case))
    Traceback (most recent call last):
    ...
    app.outputs.OutputRefused: ...hard: refused: this is the case file itself; choose another file
    """
    out = Path(out)
    target_id, target_real = _identity(out), _resolved(out)
    for path, what in protected:
        same = _resolved(Path(path)) == target_real
        if not same and target_id is not None:
            same = _identity(Path(path)) == target_id
        if same:
            raise OutputRefused(f"{out}: refused: this is {what}; choose another file")
    if out.is_dir() and not folder:
        raise OutputRefused(f"{out}: is a folder; give the name of a file to write")
    if folder and out.exists() and not out.is_dir():
        raise OutputRefused(f"{out}: is a file; this export writes a folder")
    return out


@contextmanager
def atomic_output(out: str | Path) -> Iterator[Path]:
    """A temporary path beside ``out``; renamed onto ``out`` if the block succeeds, removed
    if it fails, so ``out`` is either complete or as it was."""
    out = Path(out)
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, out)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def is_disk_full(exc: BaseException) -> bool:
    """An error that means the disk (or the file size the system allows) is exhausted."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return True
    text = str(exc).lower()
    return "disk is full" in text or "disk i/o error" in text or "file too large" in text
