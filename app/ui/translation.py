"""Loading the window's translation: English source strings, Khmer from a .qm file.

The .qm files are built from resources/i18n/*.ts (``make translations``). Until one
exists for a language the window stays in English source text, while data labels
(places, sectors) still follow the chosen language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from app.resources import resource_path

_installed: list[QTranslator] = []


def install_translator(language: str) -> bool:
    """Swap the application's translator for ``language``; True if one was loaded.

    Installing or removing a translator sends every widget a LanguageChange event, so
    screens that retranslate themselves follow at once.
    """
    app = QCoreApplication.instance()
    if app is None:
        return False
    while _installed:
        app.removeTranslator(_installed.pop())
    if language == "en":
        return False
    translator = QTranslator(app)
    path = resource_path(f"i18n/jobcentre_{language}.qm")
    if not path.exists() or not translator.load(str(path)):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
