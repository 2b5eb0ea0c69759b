"""French everywhere (issue 19): every string the window passes through ``tr()`` has a finished
French translation in ``resources/i18n/ariadne_fr.ts`` (and the compiled ``.qm`` is not older
than it), and every string the briefing and the CLI ask :class:`app.language.Language` for has
one in :data:`app.language.FRENCH` (``tests/test_briefing_handover.py`` renders a French briefing,
which fails on a missing one)."""

from __future__ import annotations

import ast
from pathlib import Path

from defusedxml import ElementTree

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "resources" / "i18n" / "ariadne_fr.ts"


def _translated() -> set[str]:
    done = set()
    for message in ElementTree.parse(CATALOGUE).iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        if (
            translation is not None
            and (translation.text or "").strip()
            and kind not in ("unfinished", "vanished", "obsolete")
        ):
            done.add(message.findtext("source"))
    return done


def _tr_literals() -> list[tuple[str, int, str]]:
    """Every string literal passed to ``….tr(…)`` in the window's code."""
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((str(path.relative_to(ROOT)), node.lineno, node.args[0].value))
    return found


def test_every_window_string_has_a_french_translation():
    done = _translated()
    literals = _tr_literals()
    assert len(literals) > 150
    missing = [f"{path}:{line}: {text!r}" for path, line, text in literals if text not in done]
    assert missing == [], "no French for:\n" + "\n".join(missing)


def test_the_compiled_catalogue_holds_every_translation():
    """The window loads the ``.qm``: a translation added to the ``.ts`` but not compiled
    (``pyside6-lrelease``) would not show."""
    compiled = CATALOGUE.with_suffix(".qm").read_bytes()
    missing = [
        m.findtext("source")
        for m in ElementTree.parse(CATALOGUE).iter("message")
        if (m.findtext("translation") or "").strip()
        and m.find("translation").get("type") not in ("unfinished", "vanished", "obsolete")
        and m.findtext("translation").encode("utf-16-be") not in compiled
    ]
    assert missing == []


#: Qt calls whose text argument the analyst reads.
_TEXT_CALLS = {
    "setText", "setToolTip", "setPlaceholderText", "setWindowTitle", "setTitle", "addTab", "insertTab",
    "addItem", "addRow", "showMessage", "setLabelText", "setStatusTip", "setHorizontalHeaderLabels",
    "addMenu", "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton",
}  # fmt: skip
#: Literal texts that are the same in every language.
_SAME_EVERYWHERE = {"Ariadne", "Ariadne —", "English", "Français", "PageRank"}


def _literal_words(node) -> str:
    """The words of a string literal or f-string's literal parts ('' for anything else)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return ""


def test_no_text_reaches_a_widget_without_tr():
    """A literal given straight to a label, button, tab, menu or tooltip has no translation."""
    found = []
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in _TEXT_CALLS:
                continue
            text = _literal_words(node.args[0])
            if any(c.isalpha() for c in text) and text.strip() not in _SAME_EVERYWHERE:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    assert found == [], "text without tr():\n" + "\n".join(found)
