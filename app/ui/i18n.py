"""The window's language: Qt's catalogue for the window's own words, :mod:`app.language` for the
words the core hands it (explanations, column names, roles, formats), and QLocale for numbers
and dates.

The language is the application's default QLocale, which :func:`set_language` sets together
with the translator, so every view asks the same question and nothing else holds it.
"""

from __future__ import annotations

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
    """A message of the core's (a progress step) in the window's language when it is one the
    core's vocabulary knows, else as the core wrote it."""
    return FRENCH.get(text, text) if current() == "fr" else text


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
