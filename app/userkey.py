"""The analyst's own secret key, kept in the user's configuration folder, never in a case.

The audit log of a case is a hash chain; anyone who can edit the file can also recompute a
hash chain.  Each audit entry therefore also carries an HMAC made with this key, and the
chain's head (last entry) is sealed with it, so a rewritten or shortened log no longer
verifies on the analyst's machine.  The key lives in ``$XDG_CONFIG_HOME/ariadne/audit.key``
(``~/.config`` by default, ``%APPDATA%`` on Windows), readable by its owner only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

KEY_FILE = "audit.key"


def config_dir() -> Path:
    """Ariadne's folder in the user's configuration directory."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "ariadne"


def audit_key(*, create: bool = True) -> bytes | None:
    """The user's audit key, created on first use; None if it cannot be read or made."""
    path = config_dir() / KEY_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= 64:
            return bytes.fromhex(text[:64])
    except (OSError, ValueError):
        pass
    if not create:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(secrets.token_hex(32) + "\n")
    except FileExistsError:  # another process made it meanwhile
        return audit_key(create=False)
    except OSError:
        return None
    return audit_key(create=False)


def key_id(key: bytes) -> str:
    """A short public fingerprint of a key, stored with each entry it seals."""
    return hashlib.sha256(b"ariadne key id|" + key).hexdigest()[:12]


def seal(key: bytes, text: str) -> str:
    """``keyid:hmac`` of ``text``.

    >>> seal(b"k" * 32, "x") == seal(b"k" * 32, "x") != seal(b"j" * 32, "x")
    True
    """
    return f"{key_id(key)}:{hmac.new(key, text.encode(), hashlib.sha256).hexdigest()}"


def check_seal(key: bytes, text: str, sealed: str) -> bool | None:
    """True if ``sealed`` is this key's seal of ``text``, False if it is forged, None if it
    was made with another key (another analyst's machine)."""
    kid, _, _ = (sealed or "").partition(":")
    if kid != key_id(key):
        return None
    return hmac.compare_digest(sealed, seal(key, text))
