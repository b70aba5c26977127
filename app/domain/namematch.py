"""Forgiving name keys: how two spellings of one Cambodian name are found to be alike.

Built on the search key of ``textnorm.normalise_name`` (which already makes look-alike
spellings equal), these keys are looser and are only used after exact matching:

- ``sound_key``: a Latin word with the usual romanisation variants of Cambodian names
  folded (ou/u, ea/ie, ck/k, ee/i, double letters, h after a consonant, a final r or h),
  so Sok/Sock, Seena/Sina and Bunhieng/Bunheng meet.
- ``loose_khmer``: a Khmer key without register shifters and bantoc and with long vowels
  made short, so ដារា finds ដារ៉ា.
- ``fuzzy_parts``: every loose form of a record's names (Latin sound keys with the words
  kept and joined, the Khmer loose key, and the sound keys of the Khmer name's
  romanisation), which the search index and the duplicate check compare.

Bump ``MATCH_VERSION`` whenever a rule here changes: the desk rebuilds its search index
and headquarters its duplicate keys.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.domain.romanise import ROMANISATION_VERSION, is_khmer_word, romanise

MATCH_VERSION = f"1.{ROMANISATION_VERSION}"

_CONSONANT_H = re.compile(r"(?<=[bcdfgjklmnpqstvxz])h+")
_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")
# Applied in order; each is a spelling people use for the same Khmer sound.
_FOLDS = (
    ("ck", "k"), ("q", "k"), ("w", "v"), ("ee", "i"), ("oo", "u"), ("ou", "u"),
    ("ie", "e"), ("ea", "e"), ("ey", "ei"), ("ay", "ai"), ("oeu", "eu"),
)
_KHMER_LOOSE = str.maketrans({
    "\u17c9": None, "\u17ca": None, "\u17cb": None,  # shifters, bantoc
    "\u17b8": "\u17b7", "\u17ba": "\u17b9", "\u17bc": "\u17bb",  # long vowels made short
})


@lru_cache(maxsize=1 << 16)
def sound_key(word: str) -> str:
    """The romanisation-blind key of one Latin word (lower case, as in a search key)."""
    s = _NOT_LETTER.sub("", word)
    for old, new in _FOLDS:
        s = s.replace(old, new)
    if s.endswith("y"):
        s = s[:-1] + "i"
    s = _CONSONANT_H.sub("", s)
    s = _DOUBLE.sub(r"\1", s)
    if len(s) > 2 and s[-1] in "rh":
        s = s[:-1]
    return s


def sound_of(text: str) -> str:
    """Sound keys of each Latin word of a search key, space-separated."""
    return " ".join(k for k in (sound_key(w) for w in text.split()) if k)


@lru_cache(maxsize=1 << 16)
def loose_khmer(key: str) -> str:
    """A Khmer search key with the near-miss differences taken out (no spaces)."""
    return key.translate(_KHMER_LOOSE).replace(" ", "")


@lru_cache(maxsize=1 << 16)
def latin_forms(key: str) -> tuple[str, ...]:
    """The Latin name's sound keys with its words kept and joined (``sok dara``,
    ``sokdara``): joins and splits of compounds meet either way. Kept for the names
    met lately: the duplicate check asks again for each candidate it scores."""
    words = [w for w in key.split() if w.isascii()]
    if not words:
        return ()
    kept = sound_of(" ".join(words))
    joined = sound_key("".join(words))
    return tuple(dict.fromkeys(f for f in (kept, joined) if f))


@lru_cache(maxsize=1 << 15)
def cross_forms(khmer_key: str) -> tuple[str, ...]:
    """Sound keys of the likely Latin spellings of a Khmer search key."""
    out: list[str] = []
    for spelling in romanise(khmer_key):
        out += latin_forms(spelling)
    return tuple(dict.fromkeys(out))


def khmer_part(key: str) -> str:
    return " ".join(w for w in key.split() if is_khmer_word(w))


def latin_part(key: str) -> str:
    return " ".join(w for w in key.split() if w.isascii())
