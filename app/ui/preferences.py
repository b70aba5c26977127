"""The desk's display settings (language, digits, slip paper): their keys, defaults and
allowed values in one place, so the settings dialog, the window and the slip printer
read them alike.

They are stored per data folder with ``Desk.set_setting``: a shared district laptop keeps
its choices whoever signs in.
"""

from __future__ import annotations

from app.services import slips
from app.services.desk import Desk
from app.slips.layout import PAPER_SIZES

LANGUAGES = ("km", "en")
DEFAULT_LANGUAGE = "km"


def language(desk: Desk) -> str:
    value = desk.setting("language", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def khmer_digits_setting(desk: Desk) -> bool:
    """The officer's choice, whatever the language."""
    return desk.setting("khmer_digits", "0") == "1"


def khmer_digits(desk: Desk) -> bool:
    """Whether numbers are shown in Khmer digits now: only while the window is Khmer."""
    return khmer_digits_setting(desk) and language(desk) == "km"


def slip_paper(desk: Desk) -> str:
    return slips.paper_setting(desk)


def save(desk: Desk, *, language: str, khmer_digits: bool, slip_paper: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if slip_paper not in PAPER_SIZES:
        raise ValueError(f"unknown slip paper {slip_paper!r}")
    desk.set_setting("language", language)
    desk.set_setting("khmer_digits", "1" if khmer_digits else "0")
    desk.set_setting("slip_paper", slip_paper)
