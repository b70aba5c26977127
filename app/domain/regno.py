"""Registration numbers: ``DDDD-TTTTTT-NNNNN-C``.

``DDDD`` is the office's district code, ``TTTTTT`` the device tag (Crockford base 32),
``NNNNN`` the device's sequence (five digits, more once it passes 99999) and ``C`` a
check character.

The check character is Damm's algorithm over GF(32) on the Crockford alphabet: the
quasigroup ``x * y = 2x + y`` (arithmetic in GF(2^5)) is totally anti-symmetric, so it
catches every single wrong character and every swap of two neighbours, including the
check character itself. Crockford's alphabet has no I, L, O or U, so a number read over
the phone cannot be confused with 1 or 0, and lower case and those look-alikes are read
back leniently.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_POLY = 0b100101  # x^5 + x^2 + 1, irreducible over GF(2)
TAG_LENGTH = 6
SEQ_MIN_WIDTH = 5

_PATTERN = re.compile(
    r"^(?P<district>\d{4})(?P<tag>[0-9A-HJKMNP-TV-Z]{6})(?P<seq>\d{5,9})(?P<check>[0-9A-HJKMNP-TV-Z])$"
)


def _times_two(v: int) -> int:
    v <<= 1
    if v & 0b100000:
        v ^= _POLY
    return v


def _fold(chars: str) -> int:
    interim = 0
    for ch in chars:
        interim = _times_two(interim) ^ _VALUE[ch]
    return interim


def check_character(body: str) -> str:
    """The character that makes ``body + check`` fold to zero."""
    return ALPHABET[_times_two(_fold(body))]


def new_device_tag() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(TAG_LENGTH))


def is_device_tag(tag: str) -> bool:
    return len(tag) == TAG_LENGTH and all(ch in _VALUE for ch in tag)


@dataclass(frozen=True)
class RegistrationNumber:
    district: str
    tag: str
    seq: int

    def __str__(self) -> str:
        seq = str(self.seq).zfill(SEQ_MIN_WIDTH)
        body = f"{self.district}{self.tag}{seq}"
        return f"{self.district}-{self.tag}-{seq}-{check_character(body)}"


def format_number(district: str, tag: str, seq: int) -> str:
    if not (len(district) == 4 and district.isascii() and district.isdigit()):
        raise ValueError(f"district code must be 4 digits: {district!r}")
    if not is_device_tag(tag):
        raise ValueError(f"device tag must be 6 Crockford characters: {tag!r}")
    if seq < 1:
        raise ValueError("sequence starts at 1")
    return str(RegistrationNumber(district, tag, seq))


def compact(text: str) -> str:
    """Upper case, no spaces or dashes, look-alike letters mapped: for search keys."""
    cleaned = re.sub(r"[\s\-‐‑–—_.]", "", text.upper())
    return cleaned.translate(_LOOKALIKES)


def parse(text: str) -> RegistrationNumber | None:
    """Read a number typed with or without dashes; None unless the check character fits."""
    from app.domain.digits import to_ascii_digits

    body = compact(to_ascii_digits(text))
    match = _PATTERN.match(body)
    if not match or _fold(body) != 0:
        return None
    return RegistrationNumber(match["district"], match["tag"], int(match["seq"]))


def is_valid(text: str) -> bool:
    return parse(text) is not None
