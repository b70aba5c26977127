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
from contextvars import ContextVar
from functools import cache
from typing import Any

from starlette.requests import Request

from app import i18n as app_i18n

LANGUAGES = ("km", "en")
DEFAULT_LANGUAGE = "km"
COOKIE = "lang"

_speaking: ContextVar[str | None] = ContextVar("hq_speaking", default=None)
_shim_lock = threading.Lock()


def request_language(request: Request) -> str:
    for value in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


@cache
def _words(language: str) -> dict[tuple[str, str, str], str]:
    """The desks' translations for ``language``, read once from its .ts file in
    resources/i18n (the .qm is built from it): (context, source, disambiguation) to the
    translation. Read as XML, not through a QTranslator: a first QObject made on a
    request's thread would make that thread Qt's main thread for the whole process."""
    import xml.etree.ElementTree as ET

    from app.resources import resource_path

    if language not in app_i18n.TRANSLATED:
        return {}
    root = ET.parse(resource_path(f"i18n/jobcentre_{language}.ts")).getroot()
    words: dict[tuple[str, str, str], str] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            text = translation.text or translation.findtext("numerusform") or ""
            if text:
                key = (name, message.findtext("source") or "", message.findtext("comment") or "")
                words[key] = text
    return words


class _Translating:
    """Stands in for ``QCoreApplication`` inside ``app.messages``: within a ``speaking``
    block ``translate`` answers from that language's words, looked up directly; outside
    one it is Qt's own (the desk's window and CLI are unchanged).

    Installing a translator into Qt instead would be process-wide (two requests in two
    languages at once), would need a QCoreApplication (one made on a request's thread
    crashes the interpreter at exit, and stops a later QApplication), and would send
    every open window a LanguageChange."""

    def __getattr__(self, name: str) -> Any:
        from PySide6.QtCore import QCoreApplication

        return getattr(QCoreApplication, name)

    @staticmethod
    def translate(context: str, text: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        language = _speaking.get()
        if language is None:
            from PySide6.QtCore import QCoreApplication

            return QCoreApplication.translate(context, text, disambiguation, n)
        return _words(language).get((context, text, disambiguation or ""), text)


def _use_shim() -> None:
    import app.messages as messages

    with _shim_lock:
        if not isinstance(messages.QCoreApplication, _Translating):
            messages.QCoreApplication = _Translating()  # type: ignore[assignment]


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Within the block, ``app.messages`` answers in ``language``, on this thread (and
    task) only: requests in other languages at the same time are not affected."""
    _use_shim()
    token = _speaking.set(language)
    try:
        yield
    finally:
        _speaking.reset(token)


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
