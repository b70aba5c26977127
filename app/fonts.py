"""Registering the shipped Khmer font with Qt, so Khmer looks the same on every laptop."""

from __future__ import annotations

from functools import cache

from app.resources import khmer_font_path

FALLBACK_FAMILY = "Noto Sans Khmer"


@cache
def khmer_family() -> str:
    """Register Noto Sans Khmer once (needs a QGuiApplication) and return its family."""
    from PySide6.QtGui import QFontDatabase

    font_id = QFontDatabase.addApplicationFont(str(khmer_font_path()))
    if font_id < 0:
        return FALLBACK_FAMILY
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else FALLBACK_FAMILY
