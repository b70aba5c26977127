"""Dates and numbers for people to read, and the Phnom Penh clock.

Dates shown to people and date rules ("not in the future") use Asia/Phnom_Penh; stored
timestamps are UTC (DESIGN.md, "Language"). Cambodia has been UTC+7 without daylight
saving time since 1975, so a fixed offset is a correct stand-in when the time zone
database is missing (a frozen Windows build without the tzdata package, for instance).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.domain.digits import to_ascii_digits, to_khmer_digits

MONTHS_KM: tuple[str, ...] = (
    "មករា",
    "កុម្ភៈ",
    "មីនា",
    "មេសា",
    "ឧសភា",
    "មិថុនា",
    "កក្កដា",
    "សីហា",
    "កញ្ញា",
    "តុលា",
    "វិច្ឆិកា",
    "ធ្នូ",
)

MONTHS_EN: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

PHNOM_PENH_FIXED: tzinfo = timezone(timedelta(hours=7), "+07")


def _load_phnom_penh(loader: Callable[[str], tzinfo] = ZoneInfo) -> tzinfo:
    """Return the Asia/Phnom_Penh zone, or the fixed UTC+7 offset when it cannot be loaded."""
    try:
        return loader("Asia/Phnom_Penh")
    except (ZoneInfoNotFoundError, OSError, ValueError):
        return PHNOM_PENH_FIXED


PHNOM_PENH: tzinfo = _load_phnom_penh()


def _is_khmer(lang: str) -> bool:
    # Accept "km", "km_KH", "km-KH.UTF-8" and the like, as LANG spells them.
    return lang.lower().startswith("km")


def format_date(d: date, lang: str = "km", khmer_digits: bool = True) -> str:
    """Format a date as "day month-name year" for people to read.

    Khmer: "២៥ វិច្ឆិកា ២០២៦", or "25 វិច្ឆិកា 2026" with khmer_digits=False.
    Any other language: English, "25 November 2026"; khmer_digits does not apply there,
    since Khmer digits inside English text would help nobody.
    A datetime is accepted and its date part is used as it stands: convert it with
    to_local first when it is a UTC timestamp.
    """
    if _is_khmer(lang):
        text = f"{d.day} {MONTHS_KM[d.month - 1]} {d.year}"
        return to_khmer_digits(text) if khmer_digits else text
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


_MONTH_NUMBERS = {name.casefold(): i for names in (MONTHS_KM, MONTHS_EN)
                  for i, name in enumerate(names, start=1)}
_MONTH_NUMBERS |= {name[:3].casefold(): i for i, name in enumerate(MONTHS_EN, start=1)}
_WORDS_DATE = re.compile(r"(\d{1,2})\s+(\S+?)\s*,?\s+(\d{4})")


def read_date_words(text: str) -> str | None:
    """YYYY-MM-DD from a date as ``format_date`` writes it ("25 វិច្ឆិកា 2026",
    "២៥ វិច្ឆិកា ២០២៦", "25 November 2026", "25 Nov 2026"), so a date the window showed
    can be typed back; None when the text is not such a date."""
    found = _WORDS_DATE.fullmatch(to_ascii_digits(text).strip())
    if found is None:
        return None
    day, month_name, year = found.groups()
    month = _MONTH_NUMBERS.get(month_name.casefold())
    if month is None:
        return None
    try:
        return date(int(year), month, int(day)).isoformat()
    except ValueError:
        return None


def format_number(n: int, khmer_digits: bool = True) -> str:
    """Format a whole number (a count, an amount in whole dollars) for people to read.

    No grouping separators: the numbers on slips and screens are small, and Khmer and
    English conventions for grouping differ.
    """
    if isinstance(n, bool):
        raise TypeError("format_number() takes a whole number, not a bool")
    text = str(operator.index(n))
    return to_khmer_digits(text) if khmer_digits else text


def to_local(dt_utc: datetime) -> datetime:
    """Convert a stored timestamp to Phnom Penh time.

    Stored timestamps are UTC, so a naive datetime is taken to be UTC; an aware one is
    converted from whatever zone it carries.
    """
    if dt_utc.tzinfo is None or dt_utc.utcoffset() is None:
        dt_utc = dt_utc.replace(tzinfo=UTC)
    return dt_utc.astimezone(PHNOM_PENH)


def today_phnom_penh(*, now: datetime | None = None) -> date:
    """Today's date in Phnom Penh, the date that date rules compare against.

    `now` lets callers and tests supply the current instant (naive means UTC).
    """
    return to_local(now if now is not None else datetime.now(UTC)).date()
