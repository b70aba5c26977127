"""The desk's display settings (language, digits, slip paper): their keys, defaults and
allowed values in one place, so the settings dialog, the window and the slip printer
read them alike.

They are stored per data folder with ``Desk.set_setting``: a shared district laptop keeps
its choices whoever signs in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.domain.khmerdate import format_date, format_number, to_local
from app.services import slips
from app.services.desk import Desk
from app.slips.layout import PAPER_SIZES
from app.ui import record_text

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


@dataclass(frozen=True)
class Display:
    """Numbers and dates as the window writes them now: in its language, and in Khmer
    digits when the officer chose them and the window is Khmer (``display(desk)``).

    Every count, date and time a screen shows goes through here, so that the setting
    reaches them all alike. Registration numbers, codes, device tags and the app's
    version keep ASCII digits and do not.
    """

    language: str = "en"
    khmer_digits: bool = False

    def digits(self, text: str) -> str:
        """Text already laid out (a time, a stored date): only its digits change."""
        return record_text.digits(text, self.khmer_digits)

    def number(self, n: int) -> str:
        """A count or an amount: "12", or "១២"."""
        return format_number(n, self.khmer_digits)

    def date(self, day: date) -> str:
        """A day: "25 វិច្ឆិកា 2026", "២៥ វិច្ឆិកា ២០២៦" or "25 November 2026"."""
        return format_date(day, self.language, self.khmer_digits)

    def stored_date(self, iso: str | None) -> str:
        """A stored YYYY-MM-DD as ``date`` writes it ("" when there is none)."""
        return record_text.date_text(iso, self.language, self.khmer_digits)

    def moment(self, when: datetime, *, today: date | None = None) -> str:
        """A timestamp (naive means UTC) as the date and time in Phnom Penh; only the
        time when it falls on ``today``."""
        local = to_local(when)
        clock = self.digits(local.strftime("%H:%M"))
        if today is not None and local.date() == today:
            return clock
        return f"{self.date(local.date())} {clock}"

    def phone(self, e164: str | None) -> str:
        """A stored phone number as people write it, as the list and the record show it."""
        return record_text.phone_text(e164, self.khmer_digits)


def display(desk: Desk, lang: str | None = None) -> Display:
    """How the window writes numbers and dates now; ``lang`` for a screen told its
    language rather than reading it (the registration form)."""
    lang = language(desk) if lang is None else lang
    return Display(lang, khmer_digits_setting(desk) and lang == "km")


def slip_paper(desk: Desk) -> str:
    return slips.paper_setting(desk)


# The window locks after this many minutes without a key or a click; 0: never.
IDLE_LOCK_DEFAULT = 10
IDLE_LOCK_MAX = 240


def idle_lock_minutes(desk: Desk) -> int:
    try:
        minutes = int(desk.setting("idle_lock_minutes", str(IDLE_LOCK_DEFAULT)))
    except ValueError:
        return IDLE_LOCK_DEFAULT
    return minutes if 0 <= minutes <= IDLE_LOCK_MAX else IDLE_LOCK_DEFAULT


def save_idle_lock(desk: Desk, minutes: int) -> None:
    if not 0 <= minutes <= IDLE_LOCK_MAX:
        raise ValueError(f"idle lock must be 0 to {IDLE_LOCK_MAX} minutes")
    desk.set_setting("idle_lock_minutes", str(minutes))


def save(desk: Desk, *, language: str, khmer_digits: bool, slip_paper: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if slip_paper not in PAPER_SIZES:
        raise ValueError(f"unknown slip paper {slip_paper!r}")
    desk.set_setting("language", language)
    desk.set_setting("khmer_digits", "1" if khmer_digits else "0")
    desk.set_setting("slip_paper", slip_paper)
