"""Small helpers the store's modules share: timestamps and JSON as the case file keeps them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def now() -> str:
    """The current time in UTC, as the case file writes it.

    >>> len(now()), now().endswith("Z")
    (20, True)
    """
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_text(value: Any) -> str:
    """JSON with keys sorted and non-ASCII kept, so the same value is always the same text.

    >>> json_text({"b": 1, "a": "é"})
    '{"a": "é", "b": 1}'
    """
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
