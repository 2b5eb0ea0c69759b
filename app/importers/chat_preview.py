"""What the import dialog shows for a chat export or free-text notes: the first messages
(date, sender, text) or paragraphs as they will be read, instead of a table guessed from text."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from app.importers.base import ImportFailed, Records


def preview_text_material(path: str | Path, n: int = 20) -> pd.DataFrame | None:
    """The first ``n`` messages or paragraphs of a chat export or notes; None for other files."""
    from app.importers.chat_common import fix_mojibake
    from app.importers.chat_json import ChatJsonImporter, _telegram_text
    from app.importers.chat_text import ChatTextImporter
    from app.importers.narrative import NarrativeImporter, paragraphs_of

    p = Path(path)
    if ChatTextImporter().sniff(str(p), None):
        text = p.read_bytes()[: 1 << 20].decode("utf-8-sig", errors="replace")
        chat, dated = ChatTextImporter()._read(text, Records("chat"), None)
        rows: list[tuple[object, str, str]] = [
            (w, m.sender, m.media or m.body) for m, w in zip(chat.messages[:n], dated, strict=False)
        ]
        return pd.DataFrame(rows, columns=["date", "sender", "text"])
    if ChatJsonImporter().sniff(str(p), None):
        try:
            data = json.loads(p.read_bytes().decode("utf-8-sig", errors="replace"))
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{p.name}: not complete JSON ({exc.msg} at line {exc.lineno})") from None
        chats = [c for part in ("chats", "left_chats") for c in (data.get(part) or {}).get("list") or []]
        items = [m for c in (chats or [data]) for m in c.get("messages") or [] if isinstance(m, dict)]
        rows = [
            (
                m.get("date") or m.get("timestamp_ms"),
                fix_mojibake(str(m.get("from") or m.get("sender_name") or "")),
                fix_mojibake(_telegram_text(m.get("text", m.get("content")))),
            )
            for m in items[:n]
        ]
        return pd.DataFrame(rows, columns=["date", "sender", "text"])
    if NarrativeImporter().sniff(str(p), None):
        paragraphs = paragraphs_of(p)[:n]
        return pd.DataFrame({"paragraph": range(1, len(paragraphs) + 1), "text": paragraphs})
    return None
