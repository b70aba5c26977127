"""Tests of app.domain.textnorm: search keys of names in Khmer script and Latin letters.

Khmer variants are built from named code points so that the order typed is visible in
the source; a Khmer string literal hides which order its characters are in.
"""

from __future__ import annotations

import random
import time
import unicodedata

import pytest

from app.domain.textnorm import NORMALISER_VERSION, name_tokens, normalise_name

# Khmer signs, by name.
COENG = "\u17d2"
ROBAT = "\u17cc"
MUUSIKATOAN = "\u17c9"  # ៉
TRIISAP = "\u17ca"  # ៊
NIKAHIT = "\u17c6"  # ំ
REAHMUK = "\u17c7"  # ះ
BATHAMASAT = "\u17d3"  # deprecated, typed for nikahit
AA = "\u17b6"  # ា
II = "\u17b8"  # ី
Y = "\u17ba"  # ឺ
U = "\u17bb"  # ុ
OE = "\u17be"  # ើ
E = "\u17c1"  # េ
AE = "\u17c2"  # ែ
OO = "\u17c4"  # ោ
AU = "\u17c5"  # ៅ
ZWSP = "\u200b"
ZWNJ = "\u200c"
ZWJ = "\u200d"
WJ = "\u2060"
SHY = "\u00ad"
BOM = "\ufeff"


def cps(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


# Correctly spelled names and words, typed in the recommended order. Each must be its own
# key: the rules must not damage good text.
CORRECT = [
    "សុខ ដារា",  # Sok Dara
    "ស្រីពៅ",  # Srey Pov
    "ស្ត្រី",  # woman: two subscripts, RO last
    "សុភ័ក្ត្រ",  # Sopheaktra
    "ចន្ទ្រា",  # Chantrea
    "ចិន្តា",  # Chenda
    "ឧត្តម",  # Oudom
    "សោភា",  # Sophea
    "ស៊ីម",  # Sim: triisap under an upper vowel
    "ម៉ៅ",  # Mao: muusikatoan with no upper vowel
    "ម៉ឺន",  # Meun
    "ហ៊ុន",  # Hun: triisap with a below vowel
    "ម្យ៉ាង",  # a kind, a way: the shifter comes after the subscript
    "កែវ",  # Keo
    "សំណាង",  # Samnang
    "ចំរើន",  # Chamroeun
    "បុប្ផា",  # Bopha
    "ពេជ្រ",  # Pich
    "ពិសិដ្ឋ",  # Piseth
    "វណ្ណា",  # Vanna
    "ព្រះ",  # Preah
    "ធម៌",  # Thor (robat)
    "ខ្មែរ",  # Khmer
    "កើត",
    "ច្រើន",
    # month names, as the date formatter writes them
    "មករា កុម្ភៈ មីនា មេសា ឧសភា មិថុនា កក្កដា សីហា កញ្ញា តុលា វិច្ឆិកា ធ្នូ",
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_spelling_is_its_own_key(text: str) -> None:
    assert normalise_name(text) == text, cps(normalise_name(text))


# (variant as typed, correct spelling). Each variant looks like the correct spelling on
# screen (in common fonts) or differs only by an invisible character.
VARIANTS = [
    # subscripts: coeng+RO typed before the other subscript
    pytest.param("ស" + COENG + "រ" + COENG + "ត" + II, "ស្ត្រី", id="coeng-ro-first"),
    pytest.param("សុភ័ក" + COENG + "រ" + COENG + "ត", "សុភ័ក្ត្រ", id="sopheaktra-ro-first"),
    pytest.param("ចន" + COENG + "រ" + COENG + "ទ" + AA, "ចន្ទ្រា", id="chantrea-ro-first"),
    # vowel typed before the subscript
    pytest.param("ស" + II + COENG + "រ" + "ព" + AU, "ស្រីពៅ", id="vowel-before-subscript"),
    pytest.param("ប" + U + "ប" + AA + COENG + "ផ", "បុប្ផា", id="bopha-vowel-first"),
    pytest.param("ខ" + AE + COENG + "ម" + "រ", "ខ្មែរ", id="khmer-vowel-first"),
    pytest.param("ស" + II + COENG + "រ" + COENG + "ត", "ស្ត្រី", id="vowel-then-ro-then-ta"),
    # subscript DA and TA are drawn alike
    pytest.param("ចិន" + COENG + "ដ" + AA, "ចិន្តា", id="chenda-coeng-da"),
    pytest.param("ឧត" + COENG + "ដ" + "ម", "ឧត្តម", id="oudom-coeng-da"),
    # split vowels: e + ii for oe, e + aa for oo, also with the parts in either order
    pytest.param("ស" + E + AA + "ភ" + AA, "សោភា", id="sophea-e-aa"),
    pytest.param("ស" + AA + E + "ភ" + AA, "សោភា", id="sophea-aa-e"),
    pytest.param("ក" + E + II + "ត", "កើត", id="e-ii"),
    pytest.param("ក" + II + E + "ត", "កើត", id="ii-e"),
    pytest.param("ចំរ" + E + II + "ន", "ចំរើន", id="chamroeun-e-ii"),
    pytest.param("ច" + E + II + COENG + "រ" + "ន", "ច្រើន", id="e-ii-before-subscript"),
    # register shifters
    pytest.param("ស" + U + II + "ម", "ស៊ីម", id="sim-u-for-triisap"),
    pytest.param("ស" + II + TRIISAP + "ម", "ស៊ីម", id="sim-shifter-after-vowel"),
    pytest.param("ស" + MUUSIKATOAN + II + "ម", "ស៊ីម", id="sim-wrong-shifter-looks-alike"),
    pytest.param("ម" + U + Y + "ន", "ម៉ឺន", id="meun-u-for-muusikatoan"),
    pytest.param("ម" + TRIISAP + Y + "ន", "ម៉ឺន", id="meun-wrong-shifter-looks-alike"),
    pytest.param("ម" + AU + MUUSIKATOAN, "ម៉ៅ", id="mao-shifter-after-vowel"),
    pytest.param("ហ" + U + TRIISAP + "ន", "ហ៊ុន", id="hun-shifter-after-u"),
    pytest.param("ម" + MUUSIKATOAN + COENG + "យ" + AA + "ង", "ម្យ៉ាង", id="shifter-first"),
    # signs typed before the vowel or the subscript
    pytest.param("ព" + REAHMUK + COENG + "រ", "ព្រះ", id="reahmuk-before-subscript"),
    pytest.param("ច" + NIKAHIT + AA, "ចាំ", id="nikahit-before-vowel"),
    pytest.param("ធម" + ROBAT + ROBAT, "ធម៌", id="double-robat"),
    # repeated marks draw on top of each other
    pytest.param("ស" + U + U + "ខ ដារា", "សុខ ដារា", id="double-u"),
    pytest.param("ស" + NIKAHIT + NIKAHIT + "ណាង", "សំណាង", id="double-nikahit"),
    pytest.param("ស" + COENG + COENG + "រីពៅ", "ស្រីពៅ", id="double-coeng"),
    pytest.param("ស" + COENG + "រ" + COENG + "រ" + II + "ពៅ", "ស្រីពៅ", id="double-subscript"),
    pytest.param("កែ" + AE + "វ", "កែវ", id="double-vowel"),
    # invisible characters, inside words and inside syllables
    pytest.param("ស្រី" + ZWSP + "ពៅ", "ស្រីពៅ", id="zwsp-between-syllables"),
    pytest.param("ស" + ZWSP + COENG + "រីពៅ", "ស្រីពៅ", id="zwsp-inside-syllable"),
    pytest.param("ស" + ZWNJ + COENG + "រីពៅ", "ស្រីពៅ", id="zwnj"),
    pytest.param("ស្រ" + ZWJ + "ីពៅ", "ស្រីពៅ", id="zwj"),
    pytest.param(BOM + "សុខ" + SHY + " ដា" + WJ + "រា", "សុខ ដារា", id="bom-shy-wj"),
    pytest.param("សុខ  \t ដារា ", "សុខ ដារា", id="extra-whitespace"),
    pytest.param("សុខ\u00a0ដារា", "សុខ ដារា", id="no-break-space"),
    # deprecated and variant characters
    pytest.param("ស" + BATHAMASAT + "ណាង", "សំណាង", id="bathamasat-for-nikahit"),
    pytest.param("\u17b2" + COENG + "យ", "\u17b1" + COENG + "យ", id="qoo-type-two"),
    pytest.param("\u17a3", "\u17a2", id="deprecated-qaq"),
    pytest.param("\u17a4", "\u17a2" + AA, id="deprecated-qaa"),
    pytest.param("\u17a8", "\u17a7\u1780", id="obsolete-quk"),
    pytest.param("ក\u17b4", "ក", id="invisible-inherent-vowel"),
]


@pytest.mark.parametrize(("variant", "correct"), VARIANTS)
def test_khmer_variant_matches_correct_spelling(variant: str, correct: str) -> None:
    # The test data must really be a different sequence, or the test proves nothing.
    assert variant != correct
    assert normalise_name(variant) == normalise_name(correct), (
        f"{cps(normalise_name(variant))} != {cps(normalise_name(correct))}"
    )


@pytest.mark.parametrize(
    ("variant", "key"),
    [
        ("ស" + COENG + "រ" + COENG + "ត" + II, "ស" + COENG + "ត" + COENG + "រ" + II),
        ("ចិន" + COENG + "ដ" + AA, "ចិន" + COENG + "ត" + AA),
        ("ស" + II + TRIISAP + "ម", "ស" + TRIISAP + II + "ម"),
        ("ស" + E + AA, "ស" + OO),
    ],
)
def test_exact_khmer_keys(variant: str, key: str) -> None:
    assert normalise_name(variant) == key, cps(normalise_name(variant))


@pytest.mark.parametrize(
    "spellings",
    [
        # oe + aa and oo + ii draw the same
        ["ក" + OE + AA, "ក" + OO + II, "ក" + E + II + AA],
        # u, muusikatoan and triisap are drawn alike under an upper vowel; BA takes both
        # shifters, so both spellings of BA + shifter + ii must meet
        ["ប" + TRIISAP + II, "ប" + MUUSIKATOAN + II, "ប" + U + II, "ប" + II + U],
        # the same, with the upper vowel built from e + ii
        ["ប" + MUUSIKATOAN + OE, "ប" + E + U + II, "ប" + U + E + II],
        # nikahit and another sign above, in either order
        ["ក" + NIKAHIT + "\u17cb", "ក" + "\u17cb" + NIKAHIT],
    ],
)
def test_look_alike_spellings_share_one_key(spellings: list[str]) -> None:
    keys = {normalise_name(s) for s in spellings}
    assert len(keys) == 1, [cps(k) for k in keys]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ស្រី", "សី"),  # a subscript is not noise
        ("សុខ", "សូខ"),  # different vowels
        ("ម៉ៅ", "មៅ"),  # a shifter with no upper vowel is visible and meaningful
        ("ហ៊ុន", "ហុន"),  # u is a real vowel here, the shifter still counts
        ("ព្រះ", "ពះ"),
        ("ស្ត្រី", "ស្រី"),
        ("ដា", "តា"),  # DA and TA differ as bases; only their subscripts look alike
        ("ស៊ីម", "សីម"),
        ("ប៉ី", "ពី"),
        ("dara", "dora"),
        ("១២", "១៣"),
    ],
)
def test_different_names_stay_different(a: str, b: str) -> None:
    assert normalise_name(a) != normalise_name(b)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Sok  Dara", "sok dara"),
        ("SOK Dára", "sok dara"),
        ("Sok Da\u0301ra", "sok dara"),  # decomposed accent
        ("  sok\tdara\n", "sok dara"),
        ("Sok-Dara", "sok dara"),
        ("SOK, Dara.", "sok dara"),
        ("ＳＯＫ ＤＡＲＡ", "sok dara"),  # fullwidth
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("Straße", "strasse"),
        ("Chan\u00a0Thida", "chan thida"),
        ("O'Neil", "o neil"),
        ("Søren Łukasz", "soren lukasz"),
        ("İlker", "ilker"),
        ("Chan Thida 2", "chan thida 2"),
    ],
)
def test_latin_names(text: str, key: str) -> None:
    assert normalise_name(text) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ផ្ទះលេខ ១២", "ផ្ទះលេខ 12"),  # Khmer digits become ASCII
        ("ផ្ទះលេខ 12", "ផ្ទះលេខ 12"),
        ("ភូមិ៖ ព្រែកលៀប។", "ភូមិ ព្រែកលៀប"),  # Khmer punctuation separates words
        ("សុខ (Sok) ដារា", "សុខ sok ដារា"),
        ("៛5000", "5000"),  # riel sign is a symbol
    ],
)
def test_mixed_text(text: str, key: str) -> None:
    assert normalise_name(text) == key


# Inputs nobody should type but someone will: paste accidents, attacks, noise.
HOSTILE = [
    "",
    " ",
    "\u200b\u200c\u200d",
    "\x00\x01\x7f",
    "'; DROP TABLE registrations; --",
    "Robert'); DELETE FROM officers WHERE ('1'='1",
    "<script>alert(1)</script>",
    "👩\u200d👩\u200d👧 Dara 🇰🇭 ❤️",
    "\u0301",  # lone combining accent
    "\u0301\u0301Sok",
    COENG,  # lone coeng
    COENG * 5 + "ក",
    "ក" + COENG * 5,
    AA,  # lone Khmer vowel
    " " + AA + U + REAHMUK,
    TRIISAP + MUUSIKATOAN + II,
    "\u202eSok Dara\u202c",  # bidi override
    "\ud800",  # lone surrogate
    "\U0010ffff\ue000",  # unassigned and private use
    "ស" + "".join(chr(cp) for cp in range(0x17B6, 0x17DE)),  # every sign on one base
    "%_*?[]\\",
    "a" * 10_000,
    "ស្រី" * 2_500,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_gives_a_clean_key(text: str) -> None:
    key = normalise_name(text)
    assert isinstance(key, str)
    assert key == key.strip()
    assert "  " not in key
    for ch in key:
        cat = unicodedata.category(ch)
        assert ch == " " or cat[0] in "LNM", (cps(ch), cat)
    assert normalise_name(key) == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", ""),
        ("\u200b \u200c", ""),
        ("'; DROP TABLE registrations; --", "drop table registrations"),
        ("👩\u200d👩\u200d👧 Dara 🇰🇭 ❤️", "dara"),
        ("\u0301\u0301Sok", "sok"),
        ("<script>alert(1)</script>", "script alert 1 script"),
    ],
)
def test_hostile_input_exact_keys(text: str, key: str) -> None:
    assert normalise_name(text) == key


def test_none_gives_empty_key() -> None:
    # Optional name fields are None in records; callers need not guard.
    assert normalise_name(None) == ""  # type: ignore[arg-type]


def test_long_input_is_fast() -> None:
    rng = random.Random(7)
    pool = [chr(cp) for cp in range(0x1780, 0x17FA)] + list(" abcD1,")
    text = "".join(rng.choice(pool) for _ in range(10_000))
    start = time.perf_counter()
    normalise_name(text)
    # A registration search normalises every keystroke; a pasted page must not hang it.
    assert time.perf_counter() - start < 1.0


ALL_SAMPLES = (
    CORRECT
    + [p.values[0] for p in VARIANTS]
    + ["Sok  Dara", "SOK Dára", "Nguyễn Văn Đức", "ǰ", "ﬁ", "Ａ\u0301"]
    + HOSTILE
)


@pytest.mark.parametrize("text", ALL_SAMPLES, ids=range(len(ALL_SAMPLES)))
def test_idempotent_on_samples(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once, cps(once)


def test_idempotent_on_random_text() -> None:
    # Random mixes of every Khmer code point with the characters most likely to
    # interact with them: coengs, invisibles, accents, marks of other scripts.
    rng = random.Random(20260)
    khmer = [chr(cp) for cp in range(0x1780, 0x1800)]
    extra = list("aZ é\u0301\u093c\u0e48\u200b\u200c\u200d\ufeff\u00ad!-'\t١๓😀İǰßﬁ\ud800\x00")
    extra += [COENG] * 6 + [U, II, E, AA, OE, TRIISAP, MUUSIKATOAN, "\u1794", "\u179a"] * 2
    failures = []
    for n in range(4000):
        pool = khmer + extra if n % 2 else khmer
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 14)))
        once = normalise_name(text)
        if normalise_name(once) != once:
            failures.append(cps(text))
    assert failures == []


@pytest.mark.parametrize("name", [*CORRECT, "Sok Dára", "Chan Thida"])
def test_typing_a_name_gives_prefixes_of_its_key(name: str) -> None:
    # Search-as-you-type compares what has been typed so far with stored keys by prefix:
    # every prefix typed in the recommended order must give a prefix of the full key.
    full = normalise_name(name)
    for end in range(1, len(name) + 1):
        partial = normalise_name(name[:end])
        assert full.startswith(partial), (name[:end], cps(partial), cps(full))


def test_name_tokens() -> None:
    assert name_tokens("  SOK   Dára ") == ["sok", "dara"]
    assert name_tokens("សុខ  ដារា") == ["សុខ", "ដារា"]
    assert name_tokens("សុខ-ដារា") == ["សុខ", "ដារា"]
    assert name_tokens("\u200b") == []


# Keys that the search index stores. If a change to the rules changes any of them, the
# index must be rebuilt: bump NORMALISER_VERSION and update this table together.
GOLDEN_VERSION = 2
GOLDEN = [
    ("SOK Dára", "sok dara"),
    ("ស" + COENG + "រ" + COENG + "ត" + II, "ស្ត្រី"),
    ("ចិន" + COENG + "ដ" + AA, "ចិន្តា"),
    ("ស" + U + II + "ម", "ស៊ីម"),
    ("ម" + U + Y + "ន", "ម៉ឺន"),
    ("ប" + TRIISAP + II, "ប" + MUUSIKATOAN + II),
    ("ក" + OE + AA, "ក" + OO + II),
    ("ស" + E + AA + "ភ" + AA, "សោភា"),
    ("ស" + COENG + AA, "ស" + AA),  # a coeng with no consonant draws nothing
    ("ម" + MUUSIKATOAN + COENG + "យ" + AA + "ង", "ម" + COENG + "យ" + MUUSIKATOAN + AA + "ង"),
    ("ស្រី" + ZWSP + "ពៅ ១២", "ស្រីពៅ 12"),
    ("ទ" + COENG + "ប" + OE + "ង", "ឡើង"),  # the legacy spelling of LA
]


def test_golden_keys_match_normaliser_version() -> None:
    got = [(text, normalise_name(text)) for text, _ in GOLDEN]
    assert got == GOLDEN
    assert NORMALISER_VERSION == GOLDEN_VERSION, (
        "the table above was made for another NORMALISER_VERSION"
    )


def test_normaliser_version_is_a_positive_int() -> None:
    assert isinstance(NORMALISER_VERSION, int)
    assert not isinstance(NORMALISER_VERSION, bool)
    assert NORMALISER_VERSION >= 1
