"""The window's translation loader; it lives in app.i18n, shared with the command line."""

from __future__ import annotations

from app.i18n import install_translator

__all__ = ["install_translator"]
