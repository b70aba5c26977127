"""Digit sets: Khmer, Thai and Arabic-Indic digits to ASCII and back, and strict integer parsing.

Officers type numbers with a Khmer keyboard layout (digits U+17E0-U+17E9), paste them from
Thai-language documents (returnees come back from Thailand) or from phones set to Arabic
script. Everything stored, every id and everything a script parses uses ASCII digits
(see DESIGN.md, "Language"), so input is converted on the way in and only converted to
Khmer digits for display.
"""

from __future__ import annotations

import re

# Code point of the digit zero of every decimal digit set we accept. Each set is ten
# consecutive code points, zero to nine, so one table covers all of them.
_ZEROS: tuple[int, ...] = (
    0x17E0,  # Khmer
    0x0E50,  # Thai
    0x0ED0,  # Lao (neighbouring script, appears in pasted text)
    0x1040,  # Myanmar
    0x0660,  # Arabic-Indic
    0x06F0,  # Extended Arabic-Indic (Persian, Urdu keyboards)
    0xFF10,  # Fullwidth, from East Asian input methods
)

_TO_ASCII = {zero + i: ord("0") + i for zero in _ZEROS for i in range(10)}
_ASCII_TO_KHMER = {ord("0") + i: 0x17E0 + i for i in range(10)}

# Whitespace and invisible characters that often surround a pasted number. str.strip()
# already removes Unicode whitespace (including no-break spaces); these are not whitespace
# to Python but are just as invisible to the officer.
_INVISIBLE_EDGES = "\u200b\u200c\u200d\u2060\ufeff"

# Spaces that people and spreadsheets use to group thousands.
_GROUP_SPACES = " \u00a0\u2009\u202f"

# A whole number, optionally signed, either ungrouped or grouped in threes with one
# consistent separator. Grouping is checked strictly so that "12 34" or "1,00" (a decimal
# comma in some locales) is rejected instead of silently becoming 1234 or 100.
# [0-9] and not \d: \d would match any Unicode digit and bypass the conversion above.
_INT_RE = re.compile(
    r"[+-]?(?:"
    r"[0-9]+"
    r"|[0-9]{1,3}(?:,[0-9]{3})+"
    rf"|[0-9]{{1,3}}(?:[{_GROUP_SPACES}][0-9]{{3}})+"
    r")"
)


def to_ascii_digits(text: str) -> str:
    """Replace Khmer, Thai, Lao, Myanmar, Arabic-Indic and fullwidth digits with 0-9.

    Everything else is left as it is.
    """
    return text.translate(_TO_ASCII)


def to_khmer_digits(text: str) -> str:
    """Replace every digit that to_ascii_digits knows with the Khmer digit of equal value.

    ASCII digits become Khmer digits; digits of the other accepted sets are converted
    too, so the result never mixes two digit sets.
    """
    return to_ascii_digits(text).translate(_ASCII_TO_KHMER)


def parse_int(value: object) -> int | None:
    """Parse a whole number typed or imported in any accepted digit set.

    Accepts an int (not a bool, which is an int to Python but never a count or an
    amount), or a str such as " ១២៣ ", "1,500", "១ ៥០០", "+3", "-2" (the sign is kept so
    that validation can say "out of range" rather than "not a number").
    Returns None for anything else: floats, decimals ("12.5", "12.0"), exponents,
    underscores, badly grouped digits, empty strings, other types.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int(value)
    if not isinstance(value, str):
        return None
    text = to_ascii_digits(value).strip().strip(_INVISIBLE_EDGES).strip()
    if not _INT_RE.fullmatch(text):
        return None
    digits = text.replace(",", "")
    for space in _GROUP_SPACES:
        digits = digits.replace(space, "")
    try:
        return int(digits)
    except ValueError:
        # Python refuses to convert strings of more than 4300 digits; such input is
        # garbage for every field we have.
        return None
