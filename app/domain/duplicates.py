"""Likely duplicates: the same returnee registered twice (hotline, then village).

A pair is likely the same person when they share a phone or a national ID, or when
their names are similar and they have the same sex, a birth year within one year, and the
same home commune. Names are similar when they are alike after normalisation in the same
script, or under search's forgiving matching (``app.domain.namematch``: Latin words
joined or split, romanisation variants, Khmer near-misses, and a Khmer name against a
Latin one through its romanisation). ``RULES_VERSION`` names these rules: headquarters
rebuilds its duplicate keys and pairs when it changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rapidfuzz import fuzz

from app.domain import namematch
from app.domain.textnorm import NORMALISER_VERSION, normalise_name

NAME_SIMILARITY = 85  # rapidfuzz token_sort_ratio, 0..100
RULES_VERSION = f"{NORMALISER_VERSION}.{namematch.MATCH_VERSION}"


@dataclass(frozen=True)
class Person:
    """The facts the check compares, taken once from a record."""

    ref: Hashable
    phone: str | None
    national_id: str | None
    commune: str
    sex: str
    birth_year: int | None
    names: tuple[str, str]  # normalised Khmer, normalised Latin

    @classmethod
    def of(cls, ref: Hashable, rec: Mapping[str, Any]) -> Person:
        return cls(
            ref,
            rec.get("phone") or None,
            rec.get("national_id") or None,
            (rec.get("home_village_code") or "")[:6],
            rec.get("sex") or "",
            rec.get("birth_year"),
            (normalise_name(rec.get("name_km") or ""), normalise_name(rec.get("name_latin") or "")),
        )


def names_similar(a: Person, b: Person) -> bool:
    return name_similarity(a, b) >= NAME_SIMILARITY


def _forgiving_similarity(a: Person, b: Person) -> int:
    """How alike the names are under search's forgiving matching (0..100): Latin sound
    keys with words kept or joined (Srey Neang / Sreyneang, Sok / Sock), Khmer names
    without near-miss differences (ដារា / ដារ៉ា), and a Khmer name's romanisation against
    the other's Latin name. Scaled down a little, so it never outranks the same spelling."""
    best = 0
    (km_a, latin_a), (km_b, latin_b) = a.names, b.names
    if latin_a and latin_b:
        forms_a, forms_b = namematch.latin_forms(latin_a), namematch.latin_forms(latin_b)
        best = max([best] + [round(fuzz.token_sort_ratio(x, y)) for x in forms_a
                             for y in forms_b])
    if km_a and km_b:
        best = max(best, round(fuzz.ratio(namematch.loose_khmer(km_a),
                                          namematch.loose_khmer(km_b))))
    for km, latin in ((km_a, latin_b), (km_b, latin_a)):
        if km and latin:
            forms = namematch.latin_forms(latin)
            best = max([best] + [round(fuzz.token_sort_ratio(x, y))
                                 for x in namematch.cross_forms(km) for y in forms])
    return best * 95 // 100 if best < 100 else 95


def reasons(new: Person, old: Person) -> list[str]:
    found = []
    if new.phone and new.phone == old.phone:
        found.append("same_phone")
    if new.national_id and new.national_id == old.national_id:
        found.append("same_national_id")
    if (
        new.commune == old.commune
        and new.sex == old.sex
        and new.birth_year is not None
        and old.birth_year is not None
        and abs(new.birth_year - old.birth_year) <= 1
        and names_similar(new, old)
    ):
        found.append("similar_name")
    return found


@dataclass
class DuplicateIndex:
    """People already known (saved records, earlier rows of a file), looked up by the
    keys that can make a match, so a check never compares against everyone: a shared
    phone or ID, or the same commune and sex with a birth year within one (a name alone
    never matches). Matches come in the order a plain walk over everyone of the same
    commune and sex, then the same phone, then the same ID would find them."""

    _by_phone: dict[str, list[tuple[int, Person]]] = field(
        default_factory=lambda: defaultdict(list))
    _by_id: dict[str, list[tuple[int, Person]]] = field(
        default_factory=lambda: defaultdict(list))
    _by_place: dict[tuple[str, str, int], list[tuple[int, Person]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _added: int = 0

    def add(self, person: Person) -> None:
        entry = (self._added, person)
        self._added += 1
        if person.phone:
            self._by_phone[person.phone].append(entry)
        if person.national_id:
            self._by_id[person.national_id].append(entry)
        if person.birth_year is not None:
            self._by_place[(person.commune, person.sex, person.birth_year)].append(entry)

    def matches(self, person: Person) -> list[tuple[Person, list[str]]]:
        # (group, pool): 0 the same commune and sex with a birth year within one,
        # 1 the same phone, 2 the same ID.
        pools: list[tuple[int, Sequence[tuple[int, Person]]]] = []
        if person.birth_year is not None:
            pools.extend((0, self._by_place.get((person.commune, person.sex, year), ()))
                         for year in (person.birth_year - 1, person.birth_year,
                                      person.birth_year + 1))
        if person.phone:
            pools.append((1, self._by_phone.get(person.phone, ())))
        if person.national_id:
            pools.append((2, self._by_id.get(person.national_id, ())))
        # In the order a walk over everyone of the same commune and sex, then the same
        # phone, then the same ID (each in the order added) first meets them.
        place = (person.commune, person.sex)
        seen: dict[Hashable, tuple[tuple[int, int], Person]] = {}
        for group, pool in pools:
            for order, other in pool:
                if other.ref == person.ref:
                    continue
                rank = (0 if (other.commune, other.sex) == place else group, order)
                known = seen.get(other.ref)
                if known is None or rank < known[0]:
                    seen[other.ref] = (rank, other)
        out = []
        for _, other in sorted(seen.values(), key=lambda item: item[0]):
            why = reasons(person, other)
            if why:
                out.append((other, why))
        return out


# --- pairs found at headquarters ------------------------------------------------------------

# How much each reason says about two records being one person. A national ID is issued
# once; a phone is sometimes shared by a family; a similar name needs the same commune,
# sex and birth year as well (see ``reasons``).
REASON_WEIGHTS = {"same_national_id": 50, "same_phone": 40, "similar_name": 30}


def name_similarity(a: Person, b: Person) -> int:
    """The best rapidfuzz token_sort_ratio of their names in the same script (0..100),
    or, when that is below the threshold, their forgiving similarity (at most 95);
    0 when nothing compares."""
    same = max(
        (round(fuzz.token_sort_ratio(x, y)) for x, y in zip(a.names, b.names, strict=True)
         if x and y),
        default=0,
    )
    return same if same >= NAME_SIMILARITY else max(same, _forgiving_similarity(a, b))


def pair_score(a: Person, b: Person, why: list[str]) -> int:
    """Rank of a likely pair, higher first: the reasons' weights, plus up to 10 for how
    alike the names are (a shared phone with the same name before a shared phone alone)."""
    return sum(REASON_WEIGHTS.get(r, 0) for r in why) + name_similarity(a, b) // 10


def survivor(first: tuple[datetime, str], second: tuple[datetime, str]) -> str:
    """Of two records given as (when registered, id), the one registered first: it
    survives a "same person" decision unless the data officer picks the other. The id
    breaks a tie, so the answer never depends on the order they are given in."""
    return min(first, second)[1]
