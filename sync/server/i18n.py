"""Languages of headquarters' pages: Khmer by default, English by choice.

A page's language comes from ``?lang=km|en`` (remembered in a ``lang`` cookie by the
page that sets it), then that cookie, then Khmer. Each audience keeps its own words in a
``Catalogue`` (Khmer and English side by side, so a missing translation is a test
failure, not an English word on a Khmer page). Rule sentences and field labels come from
``app.messages``, the same words the desks show, under ``speaking(language)``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from starlette.requests import Request

from app import i18n as app_i18n

LANGUAGES = ("km", "en")
DEFAULT_LANGUAGE = "km"
COOKIE = "lang"

_qt_lock = threading.RLock()
_qt_app: list[object] = []


def request_language(request: Request) -> str:
    for value in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def prepare_translations() -> None:
    """Make the process's QCoreApplication now, on this thread, if there is none.

    Called while the app is made (``public.install``, on the main thread). One first
    made by ``speaking`` on a request's worker thread would be destroyed at exit from
    the main thread, which crashes the interpreter (a segmentation fault after the
    server stopped)."""
    from PySide6.QtCore import QCoreApplication

    with _qt_lock:
        if QCoreApplication.instance() is None:
            _qt_app.append(QCoreApplication(["jobcentre-hq"]))


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, ``app.messages`` (Qt's translate) answers in ``language``.

    Qt's translators are process-wide, so one lock holds them for the block and the
    language in use before is put back after it.
    """
    from PySide6.QtCore import QCoreApplication

    with _qt_lock:
        if QCoreApplication.instance() is None:
            _qt_app.append(QCoreApplication(["jobcentre-hq"]))
        before = app_i18n.installed_language()
        app_i18n.install_translator(language)
        try:
            yield
        finally:
            app_i18n.install_translator(before)


class Catalogue:
    """Words by key: ``words(language, key, **params)``."""

    def __init__(self, words: Mapping[str, tuple[str, str]]):
        # Each entry is (Khmer, English).
        self.words = dict(words)

    def __call__(self, language: str, key: str, **params: object) -> str:
        km, en = self.words[key]
        text = km if language == "km" else en
        return text.format(**params) if params else text

    def for_language(self, language: str) -> dict[str, str]:
        return {key: self(language, key) for key in self.words}
