"""Reference codes for QR submissions: ``QXXXX-XXXC``.

A returnee or an employer who fills in the form behind a poster's QR code gets a
reference to quote when an officer calls back, or when they call the 1297 hotline.
The code is the letter ``Q`` (it is not a registration number), seven random
characters of the Crockford base-32 alphabet and one check character, written in two
groups of five and four: ``Q7KQ2-MXA4``. The check character is the one registration
numbers use (Damm's algorithm over GF(32), see :mod:`app.domain.regno`), computed over
the seven random characters, so it catches any single wrong character and any swap of
two neighbours.

Reading one back forgives what happens over the phone and on a phone keyboard: lower
case, spaces, hyphens and dots anywhere, Khmer (or other) digits, ``O`` for ``0`` and
``I``/``L`` for ``1``, and a missing leading ``Q``. 32^7 is about 34 billion codes, so a
random one is never guessed; headquarters still inserts under a unique key.
"""

from __future__ import annotations

import re
import secrets

from app.domain import regno
from app.domain.digits import to_ascii_digits

PREFIX = "Q"
BODY_LENGTH = 7
_CROCKFORD = "[0-9A-HJKMNP-TV-Z]"
_COMPACT = re.compile(rf"^{PREFIX}?(?P<body>{_CROCKFORD}{{{BODY_LENGTH}}})(?P<check>{_CROCKFORD})$")
# The canonical written form, for matching a ref in a URL or a JSON field strictly.
PATTERN = re.compile(rf"^{PREFIX}{_CROCKFORD}{{4}}-{_CROCKFORD}{{4}}$")


def format_ref(body: str) -> str:
    """The written form of a seven-character body: ``Q`` + body + check, grouped 5-4."""
    if len(body) != BODY_LENGTH or any(ch not in regno.ALPHABET for ch in body):
        raise ValueError(f"a reference body is {BODY_LENGTH} Crockford characters: {body!r}")
    full = PREFIX + body + regno.check_character(body)
    return f"{full[:5]}-{full[5:]}"


def new_ref() -> str:
    """A fresh random reference code in its written form."""
    return format_ref("".join(secrets.choice(regno.ALPHABET) for _ in range(BODY_LENGTH)))


def parse(text: str) -> str | None:
    """The written form of a reference typed any forgiving way; None unless the check fits."""
    compact = regno.compact(to_ascii_digits(text or ""))
    match = _COMPACT.match(compact)
    if not match:
        return None
    body, check = match["body"], match["check"]
    if regno.check_character(body) != check:
        return None
    return format_ref(body)


def is_valid(text: str) -> bool:
    return parse(text) is not None

