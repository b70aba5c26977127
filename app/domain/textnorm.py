"""Search normalisation of person names and free text, in Khmer script and Latin letters.

normalise_name() turns what an officer typed into a key for matching: two spellings that
look the same on screen must give the same key, and so must "SOK Dára" and "sok dara".
The key is never shown to anyone. The search index stores NORMALISER_VERSION with every
key and rebuilds itself when it changes, so bump it whenever any rule below changes.

Steps, in order (the order matters for idempotence, see the notes in the code):

1. Unicode NFC.
2. Drop invisible characters: every format character (category Cf: zero-width space,
   ZWNJ, ZWJ, word joiner, soft hyphen, BOM, invisible separator, bidi controls),
   variation selectors, and the Khmer inherent vowels U+17B4/U+17B5, which are invisible.
   [Jones] removes zero-width elements the same way, for search only.
3. Latin and other scripts: casefold; NFKD; drop combining accents (the Combining
   Diacritical Marks blocks only, so Khmer and other scripts keep their vowel signs);
   a few letters that NFKD leaves alone (ø, đ, ł, æ, œ, þ, ı) are spelt out; NFC again.
4. Khmer: replace deprecated and variant characters [Jones, "Regularize the text"]:
   U+17A3 -> U+17A2, U+17A4 -> U+17A2 U+17B6, U+17A8 -> U+17A7 U+1780,
   U+17B2 -> U+17B1, U+17D3 -> U+17C6, U+17DD -> U+17D1, U+17D8 -> U+17D4 U+179B U+17D4.
5. Khmer: rebuild every orthographic syllable in one canonical order (below).
6. Digits of every accepted set become ASCII (app.domain.digits).
7. Whatever is not a letter, digit or combining mark (punctuation, symbols, emoji,
   controls) becomes a space; runs of whitespace become one space; ends are stripped.

Khmer syllables (step 5). A syllable is a base (consonant U+1780-U+17A2 or independent
vowel U+17A5-U+17B3) followed by any run of Khmer signs and coeng+base subscripts.
It is rebuilt as:

    base, robat, subscripts, register shifter, vowels, signs, final spacing signs

- The order of the classes, and the split of dependent vowels into pre, below, above and
  post parts in that order, follow [khnormal] (its character categories, which in turn
  follow the storage order given in the Khmer section of the Unicode Standard). The register shifter
  comes after the subscripts as in [khnormal] and Unicode, rather than before them as in
  [Jones]: text typed in the recommended order then stays a prefix of the key of the whole
  name while the officer is still typing it, which search-as-you-type relies on.
- Subscripts keep their typed order, except that coeng+RO goes after the others
  ([khnormal] "coeng ro second"; [Jones] "ro is always last"): ស្ត្រី and ស្រ្តី match.
- TO with coeng+BA as its first subscript (ទ្ប) becomes LA (ឡ): the legacy spelling of
  ឡ from before ឡ was in the old fonts, still found in old documents and typed by
  people who learnt it that way (Unicode Standard, Khmer section, and [Jones] list it
  among the look-alikes to unify for search).
- Coeng+DA becomes coeng+TA: the two subscripts are drawn alike ([khnormal] "coeng
  da->ta"; the ICANN Khmer root zone label generation rules list them as variants).
- Repeated coengs collapse to one ([khnormal], [Jones]); a coeng that is not followed by
  a consonant draws nothing and is dropped (our rule; it also keeps the key stable when a
  name is typed halfway, "ស្").
- Within every class but subscripts, marks are sorted by code point and repeats are
  dropped: a doubled vowel or nikahit draws on top of itself ([Jones] de-duplication;
  the sorting is ours, so that two different signs above the base match in either order).
- Split vowels are joined: U+17C1 U+17B8 -> U+17BE and U+17C1 U+17B6 -> U+17C4, also
  with a below vowel typed between them ([khnormal], [Jones]); U+17BE U+17B6 ->
  U+17C4 U+17B8, which draws the same ([khnormal] "confusable vowels").
- With a vowel above the base (U+17B7-U+17BA, U+17BE, U+17BF, samyok sannya U+17D0, or
  aa+nikahit), a register shifter is drawn as a U+17BB-shaped mark below the base (Unicode
  Standard, Khmer section; unicode.org mailing list, "Khmer, display of consonant shifters", 2007), so
  U+17BB, MUUSIKATOAN and TRIISAP all look alike there. [khnormal] turns U+17BB before an
  upper vowel into the shifter that the consonant series calls for; we do the same and
  also map a typed shifter of either kind to that one, so every look-alike matches.
  MUUSIKATOAN is chosen when the onset contains BA or only consonants that take it
  (ង ញ ណ ន ប ម យ រ ល វ ឝ ឡ and the independent vowels: [khnormal]'s series-2 set, with ញ
  added, as that table lists ក twice and ញ nowhere), TRIISAP otherwise. ស៊ីម and ស + U+17BB + ី + ម match.
- Khmer marks with no base before them (a vowel typed alone) are left as they are,
  as [khnormal] does.

References:
[khnormal]  SIL International, khmer-character-specification, python/scripts/khnormal
            (MIT), and the Khmer encoding structure it implements.
[Jones]     Trey Jones (Wikimedia Foundation), "Permuting Khmer: restructuring Khmer
            syllables for search", 2020, and the KhmerSyllableReordering library (MIT).
This module is a separate implementation of those rules, written for this project.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from app.domain.digits import to_ascii_digits

NORMALISER_VERSION: int = 2

# --- invisible characters (step 2) -------------------------------------------------------

# Zero-width space, ZWNJ, ZWJ, word joiner, soft hyphen, BOM and the invisible separator
# are all category Cf, which is dropped whole. Also invisible, although not Cf: the Khmer
# inherent vowels U+17B4/U+17B5 and the variation selectors (both Mn).
_DROP_ALSO = frozenset([0x17B4, 0x17B5, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)])

# --- Latin and other scripts (step 3) ----------------------------------------------------

# Combining accents that NFKD splits off Latin, Greek and Cyrillic letters. Marks of other
# blocks (Khmer vowels, Thai tone marks, ...) are part of the spelling and are kept.
_ACCENT_BLOCKS = (
    (0x0300, 0x036F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)

# Letters that have no decomposition, so NFKD cannot strip them, but that people type
# interchangeably with the plain letter. Applied after casefold, so lower case only.
_LATIN_FOLD = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ħ": "h"}
)

# --- Khmer (steps 4 and 5) --------------------------------------------------------------

_KHMER_REGULARISE = str.maketrans(
    {
        "\u17a3": "\u17a2",  # deprecated independent vowel QAQ -> QA
        "\u17a4": "\u17a2\u17b6",  # deprecated QAA -> QA + AA
        "\u17a8": "\u17a7\u1780",  # obsolete ligature QUK -> QU + KA
        "\u17b2": "\u17b1",  # QOO type two is a variant of QOO type one
        "\u17d3": "\u17c6",  # deprecated BATHAMASAT, typed for NIKAHIT
        "\u17dd": "\u17d1",  # obsolete ATTHACAN -> VIRIAM
        "\u17d8": "\u17d4\u179b\u17d4",  # deprecated BEYYAL -> KHAN LO KHAN
    }
)

_COENG = "\u17d2"
_RO = "\u179a"
_DA = "\u178a"
_TA = "\u178f"
_TO = "\u1791"
_LA = "\u17a1"
_U = "\u17bb"
_MUUSIKATOAN = "\u17c9"
_TRIISAP = "\u17ca"
_NIKAHIT = "\u17c6"
_AA = "\u17b6"
_E = "\u17c1"
_II = "\u17b8"
_OE = "\u17be"
_OO = "\u17c4"
_SAMYOK_SANNYA = "\u17d0"

# Classes of the signs that follow a base, in output order. Subscripts sit between ROBAT
# and SHIFT but are kept apart because their relative order is not sorted.
_ROBAT, _SHIFT, _V_PRE, _V_BELOW, _V_ABOVE, _V_POST, _SIGN, _FINAL = range(8)
_VOWEL_CLASSES = (_V_PRE, _V_BELOW, _V_ABOVE, _V_POST)


def _mark_classes() -> dict[str, int]:
    classes: dict[str, int] = {"\u17b6": _V_POST}
    for cp in range(0x17B7, 0x17BB):
        classes[chr(cp)] = _V_ABOVE
    for cp in range(0x17BB, 0x17BE):
        classes[chr(cp)] = _V_BELOW
    for cp in range(0x17BE, 0x17C6):
        classes[chr(cp)] = _V_PRE
    classes["\u17c6"] = _SIGN  # nikahit
    classes["\u17c7"] = _FINAL  # reahmuk
    classes["\u17c8"] = _FINAL  # yuukaleapintu
    classes["\u17c9"] = _SHIFT
    classes["\u17ca"] = _SHIFT
    classes["\u17cb"] = _SIGN  # bantoc
    classes["\u17cc"] = _ROBAT
    for cp in range(0x17CD, 0x17D2):  # toandakhiat, kakabat, ahsda, samyok sannya, viriam
        classes[chr(cp)] = _SIGN
    return classes


_MARK_CLASS = _mark_classes()

# Upper vowels that make a register shifter take its below form (see module docstring).
_UPPER_VOWELS = frozenset("\u17b7\u17b8\u17b9\u17ba\u17be\u17bf")

# Bases that take MUUSIKATOAN: the sonorant consonants without a first-series partner,
# BA (handled apart), and the independent vowels.
_MUUSIKATOAN_BASES = frozenset(
    "\u1784\u1789\u178e\u1793\u1794\u1798\u1799\u179a\u179b\u179c\u179d\u17a1"
    + "".join(chr(cp) for cp in range(0x17A5, 0x17B4))
)
_BA = "\u1794"


def _is_khmer_base(ch: str) -> bool:
    # U+17A3 and U+17A4 are regularised away before this is asked.
    return "\u1780" <= ch <= "\u17a2" or "\u17a5" <= ch <= "\u17b3"


def _shifter_for(base: str, subscripts: list[str]) -> str:
    onset = [base, *subscripts]
    if _BA in onset or all(ch in _MUUSIKATOAN_BASES for ch in onset):
        return _MUUSIKATOAN
    return _TRIISAP


def _join_split_vowels(vowels: set[str]) -> None:
    # Applied in this order the result is the same whichever pair the officer typed
    # first, and applying it again changes nothing.
    if _E in vowels and _II in vowels:
        vowels -= {_E, _II}
        vowels.add(_OE)
    if _E in vowels and _AA in vowels:
        vowels -= {_E, _AA}
        vowels.add(_OO)
    if _OE in vowels and _AA in vowels:
        vowels -= {_OE, _AA}
        vowels |= {_OO, _II}


def _build_syllable(base: str, subscripts: list[str], marks: dict[int, set[str]]) -> str:
    if base == _TO and subscripts and subscripts[0] == _BA:
        # The legacy spelling of LA: TO + coeng BA.
        base, subscripts = _LA, subscripts[1:]
    # Subscripts: DA and TA look alike below a base; RO goes last; repeats go.
    subs = [_TA if ch == _DA else ch for ch in subscripts]
    subs = [ch for ch in subs if ch != _RO] + [ch for ch in subs if ch == _RO]
    subs = [ch for i, ch in enumerate(subs) if i == 0 or ch != subs[i - 1]]

    vowels: set[str] = set()
    for cls in _VOWEL_CLASSES:
        vowels |= marks[cls]
    _join_split_vowels(vowels)

    shifters = marks[_SHIFT]
    signs = marks[_SIGN]
    has_upper = (
        bool(vowels & _UPPER_VOWELS)
        or _SAMYOK_SANNYA in signs
        or (_AA in vowels and _NIKAHIT in signs)
    )
    if has_upper and (shifters or _U in vowels):
        # Below an upper vowel, U, MUUSIKATOAN and TRIISAP are drawn alike.
        vowels.discard(_U)
        shifters = {_shifter_for(base, subs)}

    def in_class_order(cls: int) -> list[str]:
        return sorted(ch for ch in vowels if _MARK_CLASS[ch] == cls)

    parts = [base]
    parts += sorted(marks[_ROBAT])
    parts += [_COENG + ch for ch in subs]
    parts += sorted(shifters)
    for cls in _VOWEL_CLASSES:
        parts += in_class_order(cls)
    parts += sorted(signs)
    parts += sorted(marks[_FINAL])
    return "".join(parts)


def _reorder_khmer(text: str) -> str:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not _is_khmer_base(ch):
            # Not in a syllable (Latin, spaces, a Khmer sign with no base): as it is.
            out.append(ch)
            i += 1
            continue
        subscripts: list[str] = []
        marks: dict[int, set[str]] = {cls: set() for cls in range(8)}
        j = i + 1
        while j < n:
            c = text[j]
            if c == _COENG:
                k = j
                while k < n and text[k] == _COENG:
                    k += 1
                if k < n and _is_khmer_base(text[k]):
                    subscripts.append(text[k])
                    j = k + 1
                else:
                    j = k  # dangling coeng(s): dropped
                continue
            cls = _MARK_CLASS.get(c)
            if cls is None:
                break
            marks[cls].add(c)
            j += 1
        out.append(_build_syllable(ch, subscripts, marks))
        i = j
    return "".join(out)


# --- the pipeline ------------------------------------------------------------------------


def _drop_invisible(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        ch for ch in text if ord(ch) not in _DROP_ALSO and unicodedata.category(ch) != "Cf"
    )


_DROP_ACCENTS = {cp: None for lo, hi in _ACCENT_BLOCKS for cp in range(lo, hi + 1)}


def _fold_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LATIN_FOLD))
    text = text.translate(_DROP_ACCENTS)
    # NFKD can bring back upper case (e.g. from compatibility letters) and letters
    # such as fullwidth "Ａ" become ASCII; a second casefold settles both.
    return unicodedata.normalize("NFC", text.casefold().translate(_LATIN_FOLD))


def _keep_letters_digits_marks(text: str) -> str:
    # L: letters, N: digits and numbers, M: combining marks (Khmer vowels and signs).
    # Everything else separates words.
    return "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)


@lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """Return the matching key of a name or of free text (see the module docstring).

    Never shown to people. Empty or None input gives "". Idempotent:
    normalise_name(normalise_name(x)) == normalise_name(x).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # Invisible characters go first so that a ZWSP or ZWNJ typed inside a Khmer
    # syllable does not split it in two.
    text = _drop_invisible(text)
    # Accents go before the Khmer step: removing a character after it could join a
    # stray Khmer sign to the syllable before it and change the key on a second pass.
    text = _fold_latin(text)
    text = text.translate(_KHMER_REGULARISE)
    text = _reorder_khmer(text)
    text = to_ascii_digits(text)
    return " ".join(_keep_letters_digits_marks(text).split())


def name_tokens(text: str) -> list[str]:
    """The space-separated words of normalise_name(text), for word-by-word matching."""
    return normalise_name(text).split()
