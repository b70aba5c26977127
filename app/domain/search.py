"""What the search box means: search keys for a record, a typed query, and ranking.

A query is read as a registration number, a phone or ID number, or a name. Names are
compared after ``textnorm.normalise_name`` on both sides, so spelling variants that look
the same match. The store takes a few hundred candidates cheaply from a trigram index;
``rank`` puts exact and prefix matches first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain import regno
from app.domain.digits import to_ascii_digits
from app.domain.textnorm import normalise_name

NAME_SEPARATOR = " | "
MIN_INDEXED = 3  # the trigram index answers queries of three characters or more


@dataclass(frozen=True)
class SearchKeys:
    names: str
    phones: str
    numbers: str


@dataclass(frozen=True)
class SearchQuery:
    kind: str  # "number", "digits" or "name"
    text: str  # the normalised text searched for
    column: str  # which search column(s) hold it

    @property
    def indexed(self) -> bool:
        return len(self.text) >= MIN_INDEXED


def phone_forms(e164: str | None) -> list[str]:
    """How people write a stored +855 number: 85512345678 and 012345678."""
    if not e164:
        return []
    digits = e164.lstrip("+")
    return [digits, "0" + digits[3:]] if digits.startswith("855") else [digits]


def search_keys(record: Mapping[str, Any]) -> SearchKeys:
    names = NAME_SEPARATOR.join(
        normalise_name(record.get(key) or "") for key in ("name_km", "name_latin")
    )
    phones = " ".join(phone_forms(record.get("phone")) + [record.get("national_id") or ""])
    return SearchKeys(names, phones.strip(), regno.compact(record.get("registration_no") or ""))


def parse_query(text: str) -> SearchQuery | None:
    """None for a query with nothing searchable in it."""
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
        return SearchQuery("digits", digits, "phones") if digits else None
    compact = regno.compact(plain)
    if re.fullmatch(r"\d{4}[0-9A-Z]{1,}", compact) and len(compact) >= 6:
        return SearchQuery("number", compact, "numbers")
    name = normalise_name(plain)
    return SearchQuery("name", name, "names") if name else None


def fts_phrase(text: str) -> str:
    """An FTS5 phrase matching ``text`` as a substring (under the trigram tokenizer)."""
    return '"' + text.replace('"', '""') + '"'


def _name_score(query: str, names: str) -> int:
    parts = [p for p in names.split(NAME_SEPARATOR) if p]
    if query in parts:
        return 0
    if any(p.startswith(query) for p in parts):
        return 1
    if any(word.startswith(query) for p in parts for word in p.split(" ")):
        return 2
    return 3


def score(query: SearchQuery, keys: SearchKeys) -> int:
    """Lower is better: exact, then prefix, then word prefix, then anywhere."""
    if query.kind == "name":
        return _name_score(query.text, keys.names)
    haystack = keys.numbers if query.kind == "number" else keys.phones
    words = haystack.split(" ")
    if query.text in words:
        return 0
    if any(w.startswith(query.text) for w in words):
        return 1
    return 3
