"""What the search box means: search keys for a record, a typed query, and ranking.

A query is read as a registration number, a phone or ID number, or a name. Names are
compared after ``textnorm.normalise_name`` on both sides, so spelling variants that look
the same match. The store takes a few hundred candidates cheaply from a trigram index;
``rank`` puts exact and prefix matches first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.domain import namematch, regno
from app.domain.digits import to_ascii_digits
from app.domain.namematch import MATCH_VERSION
from app.domain.textnorm import NORMALISER_VERSION, normalise_name

NAME_SEPARATOR = " | "
# Changes whenever search keys are built differently, so the desk rebuilds its index.
INDEX_VERSION = f"{NORMALISER_VERSION}.4.{MATCH_VERSION}"
_KHMER_SPACE = re.compile(r"(?<=[\u1780-\u17ff]) (?=[\u1780-\u17ff])")
MIN_INDEXED = 3  # the trigram index answers substrings of three characters or more
WORD_START = "^"  # marks a word's first two characters in the "starts" key
TYPO_MIN_LENGTH = 4  # shorter words have too many neighbours one edit away

# Ranks, lower first: a match's band plus its place in the band (0 whole name .. 5
# anywhere, see _name_score). True matches, then the forgiving ones in this order.
EXACT = 0  # the query as typed, inside a name
ANY_ORDER = 6  # every word of the query, in another order
JOINED = 8  # Latin words joined or split differently
TYPO = 10  # one Latin word one edit away from a known word
SOUNDS = 20  # a romanisation variant, or a Khmer near-miss
CROSS = 30  # the other script, through the romanisation of Khmer names
DIGITS_AS_NUMBER = 6  # digits that may begin a registration number (0502 and a digit tag)
TYPO_PENALTY = TYPO


@dataclass(frozen=True)
class SearchKeys:
    names: str
    phones: str
    numbers: str
    starts: str = ""  # "^so ^da": two-character word starts, for two-character queries
    sounds: str = ""  # loose forms in the record's own scripts (namematch)
    cross: str = ""  # the Khmer name's romanisation, as sound keys
    words: tuple[str, ...] = ()  # the names' words, for typo correction and hints


@dataclass(frozen=True)
class SearchQuery:
    kind: str  # "number", "digits" or "name"
    text: str  # the normalised text searched for
    column: str  # which search key holds it: names, starts, phones, numbers, sounds, cross
    band: int = EXACT  # added to the score of what it finds
    words: tuple[str, ...] = ()  # for ANY_ORDER: every one must be in the name

    @property
    def match_text(self) -> str:
        """What the trigram index is asked for: a word start carries its marker."""
        return WORD_START + self.text if self.column == "starts" else self.text


def phone_forms(e164: str | None) -> list[str]:
    """How people write a stored +855 number: 85512345678 and 012345678."""
    if not e164:
        return []
    digits = e164.lstrip("+")
    return [digits, "0" + digits[3:]] if digits.startswith("855") else [digits]


def search_name(text: str) -> str:
    """A name's search key: normalised, with the spaces between Khmer words dropped,
    since officers write Khmer names with and without them."""
    return _KHMER_SPACE.sub("", normalise_name(text))


def word_starts(names: list[str]) -> str:
    """The first two characters of every word, marked: what a two-character query (too
    short for trigrams, yet a whole Khmer name like លី) is matched against."""
    starts = {
        WORD_START + word[:2]
        for name in names
        for word in normalise_name(name).split()
        if len(word) >= 2
    }
    return " ".join(sorted(starts))


def _names_key(km: str, latin: str) -> str:
    parts = [search_name(km), search_name(latin)]
    joined = parts[1].replace(" ", "")
    if joined != parts[1]:
        parts.append(joined)  # "srey neang" is also found as "sreyneang"
    return NAME_SEPARATOR.join(parts)


def _loose_keys(km: str, latin: str) -> tuple[str, str]:
    """(sounds, cross): loose forms of the names in their own scripts, and the Khmer
    name's romanisations as sound keys."""
    km_key, latin_key = normalise_name(km), normalise_name(latin)
    sounds = [namematch.loose_khmer(k) for k in [namematch.khmer_part(km_key)] if k]
    sounds += namematch.latin_forms(namematch.latin_part(latin_key))
    cross = list(namematch.cross_forms(namematch.khmer_part(km_key))) if km_key else []
    return NAME_SEPARATOR.join(sounds), NAME_SEPARATOR.join(cross)


@lru_cache(maxsize=1 << 16)
def _name_keys(km: str, latin: str) -> tuple[str, str, str, str, tuple[str, ...]]:
    """(names, starts, sounds, cross, words) of a pair of names: many records share them."""
    sounds, cross = _loose_keys(km, latin)
    words = tuple(dict.fromkeys(normalise_name(km).split() + normalise_name(latin).split()))
    return _names_key(km, latin), word_starts([km, latin]), sounds, cross, words


def search_keys(record: Mapping[str, Any]) -> SearchKeys:
    km, latin = (record.get(key) or "" for key in ("name_km", "name_latin"))
    phones = " ".join(phone_forms(record.get("phone")) + [record.get("national_id") or ""])
    number = regno.compact(record.get("registration_no") or "")
    names, starts, sounds, cross, words = _name_keys(km, latin)
    return SearchKeys(names, phones.strip(), number, starts, sounds, cross, words)


_NUMBER_LIKE = re.compile(r"\d{4}[0-9A-Z]*")


def parse_query(text: str) -> SearchQuery | None:
    """None for a query with nothing searchable in it, or too short to mean anything:
    a name needs two characters (its words' starts are indexed), digits three.

    Registration numbers go to their own index, searched by prefix: four digits and a
    letter (``0502C``), or four digits and a dash (``0502-``), begin a number, never a
    name or a phone."""
    # Zero-width spaces and other invisible characters pasted with a phone or number.
    plain = "".join(ch for ch in to_ascii_digits(text) if unicodedata.category(ch) != "Cf")
    plain = plain.strip()
    if not plain:
        return None
    number = regno.parse(plain)
    if number is not None:
        return SearchQuery("number", regno.compact(str(number)), "numbers")
    compact = regno.compact(plain)
    if _NUMBER_LIKE.fullmatch(compact) and (
        not compact.isdigit() or re.match(r"\s*\d{4}\s*[-‐‑–—]", plain)
    ):
        return SearchQuery("number", compact, "numbers")
    if re.fullmatch(r"[\d\s+\-().]+", plain):
        digits = re.sub(r"\D", "", plain)
        # +855 (0)12 345 678: the country code, then a trunk 0 written in brackets.
        if digits.startswith("8550") and "(0)" in plain.replace(" ", ""):
            digits = digits[3:]
        elif digits.startswith("855") and len(digits) > 8:
            digits = "0" + digits[3:]
        return SearchQuery("digits", digits, "phones") if len(digits) >= MIN_INDEXED else None
    name = search_name(plain)
    if len(name) < 2:
        return None
    words = tuple(normalise_name(plain).split())
    if len(name) < MIN_INDEXED:
        return SearchQuery("name", name, "starts", words=words)
    return SearchQuery("name", name, "names", words=words)


def forgiving_queries(query: SearchQuery) -> list[SearchQuery]:
    """The wider readings of a name query, in rank order: its words in any order, Latin
    words joined, romanisation variants and Khmer near-misses, then the other script.
    Each one names the key it is matched against and the band its matches rank in."""
    if query.kind == "digits":
        # A device tag can begin with a digit: 05023 may be a phone fragment or the start
        # of 0502-3...; the phones rank first, then the numbers.
        if len(query.text) > 4:  # more than a district code
            return [SearchQuery("number", query.text, "numbers", DIGITS_AS_NUMBER)]
        return []
    if query.kind != "name":
        return []
    words = query.words or tuple(query.text.split())
    out: list[SearchQuery] = []
    if len(words) > 1:
        long_words = tuple(w for w in words if len(w) >= MIN_INDEXED)
        if long_words:
            out.append(SearchQuery("name", query.text, "names", ANY_ORDER, words))
        joined = "".join(words)
        if joined.isascii():
            out.append(SearchQuery("name", joined, "names", JOINED))
    khmer = namematch.khmer_part(query.text)
    latin = namematch.latin_part(query.text)
    if khmer:
        loose = namematch.loose_khmer(khmer)
        if len(loose) >= MIN_INDEXED:
            out.append(SearchQuery("name", loose, "sounds", SOUNDS))
        for form in namematch.cross_forms(khmer):
            if len(form) >= MIN_INDEXED:
                out.append(SearchQuery("name", form, "sounds", CROSS))
    if latin:
        for form in namematch.latin_forms(latin):
            if len(form) >= MIN_INDEXED:
                out.append(SearchQuery("name", form, "sounds", SOUNDS))
                out.append(SearchQuery("name", form, "cross", CROSS))
    return list(dict.fromkeys(out))


def keys_of(column: str, key: str) -> SearchKeys:
    """The keys of a record as far as one search key of it is known."""
    if column in ("names", "starts"):
        return SearchKeys(names=key, phones="", numbers="")
    if column in ("sounds", "cross"):
        return SearchKeys(names="", phones="", numbers="", **{column: key})
    if column == "numbers":
        return SearchKeys(names="", phones="", numbers=key)
    return SearchKeys(names="", phones=key, numbers="")


def fts_phrase(text: str) -> str:
    """An FTS5 phrase matching ``text`` as a substring (under the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


def _name_score(query: str, names: str) -> int:
    """0 whole name, 1 leading whole words, 2 whole words inside, 3 name prefix,
    4 word prefix, 5 anywhere."""
    best = 5
    for part in names.split(NAME_SEPARATOR):
        if not part:
            continue
        padded = f" {part} "
        if part == query:
            return 0
        if padded.startswith(f" {query} "):
            best = min(best, 1)
        elif f" {query} " in padded:
            best = min(best, 2)
        elif part.startswith(query):
            best = min(best, 3)
        elif f" {query}" in padded:
            best = min(best, 4)
    return best


def _any_order_score(words: tuple[str, ...], names: str) -> int:
    """0 the whole name in another order, 1 every word whole, 3 every word a word's
    start, 5 every word somewhere; 6 (no match) when a word is missing."""
    best = 6
    for part in names.split(NAME_SEPARATOR):
        if not part or not all(w in part for w in words):
            continue
        tokens = part.split()
        if len(words) <= 4 and any("".join(p) == part.replace(" ", "")
                                   for p in permutations(words)) and (
                sorted(words) == sorted(tokens) or not part.isascii()):
            return 0
        if all(w in tokens for w in words) or not part.isascii():
            best = min(best, 1)
        elif all(any(t.startswith(w) for t in tokens) for w in words):
            best = min(best, 3)
        else:
            best = min(best, 5)
    return best


def score(query: SearchQuery, keys: SearchKeys) -> int:
    """Lower is better: the query's band, then within it exact, whole words, prefixes,
    anywhere."""
    if query.kind == "name":
        if query.band == ANY_ORDER:
            return ANY_ORDER + min(_any_order_score(query.words, keys.names), 1)
        haystack = {"sounds": keys.sounds, "cross": keys.cross}.get(query.column, keys.names)
        return query.band + _name_score(query.text, haystack)
    haystack = keys.numbers if query.kind == "number" else keys.phones
    words = haystack.split(" ")
    if query.text in words:
        return query.band
    if any(w.startswith(query.text) for w in words):
        return query.band + 3
    return query.band + 5


def latin_words(names: str) -> list[str]:
    """The Latin-letter words of a search key: what one-typo correction works on."""
    return [w for w in names.split() if w.isascii() and w.isalpha()]


def typo_word_lengths(word: str) -> tuple[int, int]:
    return len(word) - 1, len(word) + 1


def corrections(word: str, vocabulary: list[str], limit: int = 5) -> list[str]:
    """Known words one edit (insert, delete, substitute or swap neighbours) from ``word``."""
    if len(word) < TYPO_MIN_LENGTH or not word.isascii():
        return []
    found = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=1, limit=None)
    found.sort(key=lambda hit: (hit[1], hit[0]))
    return [
        w for w, distance, _ in found if distance == 1 and len(w) >= TYPO_MIN_LENGTH
    ][:limit]


def typo_queries(
    query: SearchQuery, vocabulary_for: Callable[[int, int], list[str]]
) -> list[SearchQuery]:
    """Queries with one Latin word of ``query`` replaced by a known word one edit away:
    "sopehak" finds "Sopheak". ``vocabulary_for(shortest, longest)`` gives known words."""
    if query.kind != "name" or not query.text.isascii():
        return []
    words = query.text.split(" ")
    out = []
    for i, word in enumerate(words):
        if len(word) < TYPO_MIN_LENGTH:
            continue
        for fixed in corrections(word, vocabulary_for(*typo_word_lengths(word))):
            fixed_text = " ".join(words[:i] + [fixed] + words[i + 1:])
            out.append(SearchQuery("name", fixed_text, "names", TYPO))
    return out
