"""Translations: English source strings in the code, Khmer from a compiled .qm file.

The window, its dialogs and the words of ``app.messages`` are written in English inside
``self.tr()`` / ``QCoreApplication.translate()``. ``make translations`` collects them into
resources/i18n/jobcentre_km.ts (kept in the repository, translated there) and compiles
resources/i18n/jobcentre_km.qm, which this module loads. resources/i18n/README.md says
how to add a string.

The window's language is a desk setting (Khmer unless the officer chose English). The
command line follows the environment instead: Khmer when ``LC_ALL``, ``LC_MESSAGES`` or
``LANG`` names Khmer, English otherwise. PySide6 is imported only when a translation is
actually loaded, so an English command stays as quick as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from app.resources import resource_path

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication, QTranslator

SOURCE_LANGUAGE = "en"
# Languages with a .ts file in resources/i18n; the source language needs none.
TRANSLATED = ("km",)

# "km", "km_KH", "km_KH.UTF-8", "km-KH", "km@..." but not "kmr_TR" (Kurmanji).
_KHMER_LOCALE = re.compile(r"km(?:[_.@-]|$)", re.IGNORECASE)

_installed: list[QTranslator] = []
# The command line's QCoreApplication, kept alive as long as the process.
_cli_app: list[QCoreApplication] = []


def qm_path(language: str) -> Path:
    """Where the compiled translation for ``language`` is (built, not kept in git)."""
    return resource_path(f"i18n/jobcentre_{language}.qm")


def install_translator(language: str) -> bool:
    """Swap the application's translator for ``language``; True if one was loaded.

    Installing or removing a translator sends every widget a LanguageChange event, so
    screens that retranslate themselves follow at once. English removes the translator
    (the source strings are English). Without a QCoreApplication, or without the .qm
    (``make translations`` not run), nothing is loaded and the text stays English.
    """
    from PySide6.QtCore import QCoreApplication, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())
    if language not in TRANSLATED:
        return False
    translator = QTranslator(app)
    path = qm_path(language)
    if not path.exists() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def installed_language() -> str:
    """The language of the installed translator, or the source language."""
    if _installed:
        return _installed[0].language().split("_")[0] or TRANSLATED[0]
    return SOURCE_LANGUAGE


def environment_language(environ: Mapping[str, str]) -> str:
    """The translated language the locale variables name, else English.

    The first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set decides, as for any
    POSIX program: ``LC_ALL=C`` makes a command English whatever ``LANG`` says.
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "km" if _KHMER_LOCALE.match(value) else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def use_environment_language(environ: Mapping[str, str]) -> str:
    """For the command line: load the translation the environment asks for.

    Creates a QCoreApplication (translators need one) only when a translated language is
    named and no application exists yet; a command that needs a QGuiApplication (slips
    need Qt's fonts) makes it before calling this. Returns the language in use ("en"
    also when its .qm is missing).
    """
    language = environment_language(environ)
    if language == SOURCE_LANGUAGE:
        return language
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        _cli_app.append(QCoreApplication(["jobcentre"]))
    return language if install_translator(language) else SOURCE_LANGUAGE


def qt_own_strings() -> tuple[str, ...]:
    """Qt's own words on our dialogs (standard buttons), which Qt ships no Khmer for.

    Listed here so that lupdate puts them in our .ts; Qt asks for them under these
    contexts, so our translator answers. Nothing needs to call this at run time.
    """
    from PySide6.QtCore import QT_TRANSLATE_NOOP

    return (
        QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "&Yes"),
        QT_TRANSLATE_NOOP("QPlatformTheme", "&No"),
        # The GNOME platform theme's spellings of the same buttons (Linux desktops).
        QT_TRANSLATE_NOOP("QGnomeTheme", "&OK"),
        QT_TRANSLATE_NOOP("QGnomeTheme", "&Cancel"),
        QT_TRANSLATE_NOOP("QGnomeTheme", "&Close"),
        # The right-click menu of every text box.
        QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
        QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
        QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
        QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
        QT_TRANSLATE_NOOP("QLineEdit", "&Paste"),
        QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
        QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Undo"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Redo"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Cu&t"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Copy"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "&Paste"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Delete"),
        QT_TRANSLATE_NOOP("QWidgetTextControl", "Select All"),
    )
