"""The window's language: Qt's catalogue for the window's own words, :mod:`app.language` for the
words the core hands it (explanations, column names, roles, formats), and QLocale for numbers
and dates.

The language is the application's default QLocale, which :func:`set_language` sets together
with the translator, so every view asks the same question and nothing else holds it.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QSettings, QTranslator

from app.language import FRENCH, Language

#: The languages the window offers, each in its own words.
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}

_TRANSLATOR = "ariadne-translator"


def current() -> str:
    """``fr`` when the window speaks French, else ``en``."""
    return "fr" if QLocale().language() == QLocale.Language.French else "en"


def chosen_language() -> str:
    """The language the analyst chose (preferences), else the system's, as ``en`` or ``fr``."""
    value = QSettings("Ariadne", "Ariadne").value("language", "") or QLocale.system().name()[:2]
    return "fr" if str(value).startswith("fr") else "en"


def _catalogue() -> Path:
    """The compiled French catalogue: the one beside the code in a source checkout (so a
    checkout runs with its own words), else the installed package's."""
    beside = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "ariadne_fr.qm"
    if beside.exists():
        return beside
    return Path(str(resources.files("ariadne_resources").joinpath("i18n", "ariadne_fr.qm")))


def set_language(code: str) -> bool:
    """Speak ``code`` from now on: the translator of the window's words and the locale of its
    numbers and dates.  Qt then sends every widget a LanguageChange event.  Returns whether
    the catalogue could be loaded (English needs none)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no Qt application")
    for old in app.findChildren(QTranslator, _TRANSLATOR):
        app.removeTranslator(old)
        old.deleteLater()
    if code != "fr":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        return True
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR)
    if not translator.load(str(_catalogue())):
        return False
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    app.installTranslator(translator)
    # Qt's own words (OK, Cancel, Yes, No of standard buttons and dialogs), shipped with Qt.
    qt_words = QTranslator(app)
    qt_words.setObjectName(_TRANSLATOR)
    if qt_words.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_words)
    return True


def core(text: str, **fields) -> str:
    """A sentence of the core's (an explanation, a figure's title) in the window's language."""
    return Language(current()).t(text, **fields)


def word(text: object) -> str:
    """A value or column name from the core's data (``person``, ``broker_score``,
    ``missing_relative``) in the window's language; unknown words stay as they are."""
    return Language(current()).word(str(text))


def known(text: str) -> str:
    """A message of the core's (a progress step: ``reading calls.csv``, ``hubs``) in the
    window's language when the core's vocabulary knows it, else as the core wrote it."""
    if current() != "fr" or not text:
        return text
    return FRENCH.get(text) or _english_to_french().text(text)


@functools.lru_cache(maxsize=1)
def _english_to_french() -> Retranslator:
    """The catalogue read once (it does not change while the application runs)."""
    return Retranslator("en", "fr")


def column(name: str) -> str:
    """A column name of a core frame as a table header: ``broker_score``, ``amount (EUR)``."""
    match = re.fullmatch(r"(.+) \(([A-Z]{3})\)", name)
    if match and f"{match.group(1).replace('_', ' ')} ({{currency}})" in FRENCH:
        return core(f"{match.group(1).replace('_', ' ')} ({{currency}})", currency=match.group(2))
    return word(name)


def number(value: float, decimals: int = 0) -> str:
    """2,088 / 2 088 and 0.86 / 0,86 as the window's language writes them (English as the
    command line and the briefing write it, whatever the system's locale)."""
    if current() == "en":
        return f"{float(value):,.{decimals}f}"
    if decimals == 0:
        return QLocale().toString(round(float(value)))
    return QLocale().toString(float(value), "f", decimals)


def day(iso: str) -> str:
    """An ISO date (or timestamp) as the window's language writes a day."""
    text = str(iso or "")[:10]
    if current() == "en":
        return text  # the analyst's English is ISO 8601, as the command line prints it
    value = QDate.fromString(text, "yyyy-MM-dd")
    return QLocale().toString(value, QLocale.FormatType.ShortFormat) if value.isValid() else text


def day_format() -> str:
    """How a date field writes a day in the window's language (Qt's display format): ISO in
    English, as :func:`day` writes it, the language's short form otherwise (``dd/MM/yyyy``)."""
    if current() == "en":
        return "yyyy-MM-dd"
    return QLocale().dateFormat(QLocale.FormatType.ShortFormat)


def core_language() -> Language:
    """The window's language for the core, for a figure drawn on a worker thread (the default
    QLocale is read here, on the UI thread)."""
    return Language(current())


def method(text: str) -> str:
    """How betweenness was computed (``exact``, ``estimated from 256 sampled sources of
    2,123``), in the window's language."""
    match = re.fullmatch(r"estimated from (\d+) sampled sources of ([\d,]+)", text or "")
    if match:
        total = int(match.group(2).replace(",", ""))
        return core(
            "estimated from {n} sampled sources of {total}",
            n=number(int(match.group(1))),
            total=number(total),
        )
    return word(text) if text else ""


def _pairs() -> list[tuple[str, str]]:
    """(English, French) of every text the window and the core translate: the catalogue's
    messages (its ``.ts`` beside the compiled ``.qm``) and the core's vocabulary."""
    from defusedxml import ElementTree

    pairs = []
    ts = _catalogue().with_suffix(".ts")
    if ts.exists():
        for message in ElementTree.parse(ts).iter("message"):
            source, translation = message.findtext("source"), message.findtext("translation")
            if source and translation:
                pairs.append((source, translation))
    return pairs + list(FRENCH.items())


class Retranslator:
    """Every fixed text of a window said again in another language, at once: each text shown
    is looked up among the texts the window translates (in the language it is in) and replaced
    by the same text in the new one; a text with fields (``{n} actors, {m} links``) is matched
    as a pattern and its values carried over.  Texts made of data alone (names, counts) stay as
    they are; the views that show data are asked to show it again instead."""

    _FIELD = re.compile(r"\{(\w*)[^}]*\}")

    def __init__(self, old: str, new: str) -> None:
        self.table: dict[str, str] = {}
        self.patterns: list[tuple[re.Pattern, str]] = []
        if old == new:
            return
        for english, french in _pairs():
            source, target = (english, french) if old == "en" else (french, english)
            if self._FIELD.search(source):
                pattern = self._pattern(source)
                if pattern is not None:
                    self.patterns.append((pattern, target))
            else:
                self.table.setdefault(source, target)

    def _pattern(self, source: str) -> re.Pattern | None:
        parts, last, seen = [], 0, set()
        for match in self._FIELD.finditer(source):
            name = match.group(1)
            if not name or name in seen:
                return None
            seen.add(name)
            parts += [re.escape(source[last : match.start()]), f"(?P<{name}>.+?)"]
            last = match.end()
        parts.append(re.escape(source[last:]))
        return re.compile("^" + "".join(parts) + "$", re.S)

    def text(self, text: str) -> str:
        if not text:
            return text
        if text in self.table:
            return self.table[text]
        head, sep, tail = text.partition(" — ")  # a grading choice: "B — Usually reliable"
        if sep and tail in self.table:
            return f"{head}{sep}{self.table[tail]}"
        words = text.split(", ")  # a list of the core's words: "called, messaged, in contacts"
        if len(words) > 1 and all(w in self.table for w in words):
            return ", ".join(self.table[w] for w in words)
        for pattern, target in self.patterns:
            match = pattern.match(text)
            if match:
                values = {k: self._value(v) for k, v in match.groupdict().items()}
                return self._FIELD.sub(lambda m, v=values: v.get(m.group(1), m.group(0)), target)
        return text

    def _value(self, value: str) -> str:
        """A field's value: a number in the new conventions, a translated text translated."""
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+\.\d+", value):  # an English number
            return Language("fr").numbers_in(value) if current() == "fr" else value
        if re.fullmatch(r"\d{1,3}(?:\u202f\d{3})+|\d+,\d+", value):  # a French one
            return value.replace(",", ".").replace("\u202f", ",") if current() == "en" else value
        return self.text(value)

    def widgets(self, root) -> None:
        from PySide6.QtGui import QAction
        from PySide6.QtWidgets import (
            QAbstractButton,
            QComboBox,
            QDialog,
            QDockWidget,
            QGroupBox,
            QLabel,
            QLineEdit,
            QMenu,
            QPlainTextEdit,
            QTabWidget,
            QWidget,
        )

        def redo(get, put) -> None:
            text = get()
            again = self.text(text)
            if again != text:
                put(again)

        for w in [root, *root.findChildren(QWidget)]:
            redo(w.toolTip, w.setToolTip)
            if isinstance(w, QDialog | QDockWidget):
                redo(w.windowTitle, w.setWindowTitle)
            if isinstance(w, QLabel | QAbstractButton):
                redo(w.text, w.setText)
            if isinstance(w, QGroupBox):
                redo(w.title, w.setTitle)
            if isinstance(w, QLineEdit | QPlainTextEdit):
                redo(w.placeholderText, w.setPlaceholderText)
            if isinstance(w, QTabWidget):
                for i in range(w.count()):
                    redo(lambda i=i, w=w: w.tabText(i), lambda text, i=i, w=w: w.setTabText(i, text))
            if isinstance(w, QComboBox):
                for i in range(w.count()):
                    redo(lambda i=i, w=w: w.itemText(i), lambda text, i=i, w=w: w.setItemText(i, text))
            if isinstance(w, QMenu):
                redo(w.title, w.setTitle)
        for action in root.findChildren(QAction):
            redo(action.text, action.setText)
            redo(action.toolTip, action.setToolTip)
        from app.ui.models import FrameModel

        for model in root.findChildren(FrameModel):  # headers the views named themselves
            model.headers = {k: self.text(v) for k, v in model.headers.items()}
