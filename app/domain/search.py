"""What the search box means: search keys for a record, a typed query, and ranking.

A query is read as a registration number, a phone or ID number, or a name. Names are
compared after ``textnorm.normalise_name`` on both sides, so spelling variants that look
the same match. The store takes a few hundred candidates cheaply from a trigram index;
``rank`` puts exact and prefix matches first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.domain import regno
from app.domain.digits import to_ascii_digits
from app.domain.textnorm import NORMALISER_VERSION, normalise_name

NAME_SEPARATOR = " | "
# Changes whenever search keys are built differently, so the desk rebuilds its index.
INDEX_VERSION = f"{NORMALISER_VERSION}.3"
_KHMER_SPACE = re.compile(r"(?<=[\u1780-\u17ff]) (?=[\u1780-\u17ff])")
MIN_INDEXED = 3  # the trigram index answers substrings of three characters or more
WORD_START = "^"  # marks a word's first two characters in the "starts" key
TYPO_MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
TYPO_PENALTY = 6  # a match found only by correcting a typo ranks after every true match


@dataclass(frozen=True)
class SearchKeys:
    names: str
    phones: str
    numbers: str
    starts: str = ""  # "^so ^da": two-character word starts, for two-character queries


@dataclass(frozen=True)
class SearchQuery:
    kind: str  # "number", "digits" or "name"
    text: str  # the normalised text searched for
    column: str  # which search column holds it

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


def search_keys(record: Mapping[str, Any]) -> SearchKeys:
    raw = [record.get(key) or "" for key in ("name_km", "name_latin")]
    names = NAME_SEPARATOR.join(search_name(name) for name in raw)
    phones = " ".join(phone_forms(record.get("phone")) + [record.get("national_id") or ""])
    number = regno.compact(record.get("registration_no") or "")
    return SearchKeys(names, phones.strip(), number, word_starts(raw))


def parse_query(text: str) -> SearchQuery | None:
    """None for a query with nothing searchable in it, or too short to mean anything:
    a name needs two characters (its words' starts are indexed), digits three."""
    plain = to_ascii_digits(text).strip()
    if not plain:
        return None
    number = regno.parse(plain)
    if number is not None:
        return SearchQuery("number", regno.compact(str(number)), "numbers")
    if re.fullmatch(r"[\d\s+\-().]+", plain):
        digits = re.sub(r"\D", "", plain)
        if digits.startswith("855") and len(digits) > 8:
            digits = "0" + digits[3:]
        return SearchQuery("digits", digits, "phones") if len(digits) >= MIN_INDEXED else None
    compact = regno.compact(plain)
    if re.fullmatch(r"\d{4}[0-9A-Z]{1,}", compact) and len(compact) >= 6:
        return SearchQuery("number", compact, "numbers")
    name = search_name(plain)
    if len(name) < 2:
        return None
    if len(name) < MIN_INDEXED:
        return SearchQuery("name", name, "starts")
    return SearchQuery("name", name, "names")


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


def score(query: SearchQuery, keys: SearchKeys) -> int:
    """Lower is better: exact, then whole words, then prefixes, then anywhere."""
    if query.kind == "name":
        return _name_score(query.text, keys.names)
    haystack = keys.numbers if query.kind == "number" else keys.phones
    words = haystack.split(" ")
    if query.text in words:
        return 0
    if any(w.startswith(query.text) for w in words):
        return 3
    return 5


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
            out.append(SearchQuery("name", " ".join(words[:i] + [fixed] + words[i + 1:]), "names"))
    return out
