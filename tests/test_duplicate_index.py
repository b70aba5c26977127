"""The duplicate index finds exactly the matches, in exactly the order, that comparing a
person with everyone of the same commune and sex, then the same phone, then the same ID
finds (the import's whole-file check reads that order into the kept reason)."""

from __future__ import annotations

import random

from app.domain import duplicates as dup


def _walk(known: list[dup.Person], person: dup.Person) -> list[tuple[dup.Person, list[str]]]:
    """The plain walk the index stands for."""
    pools = [[o for o in known if (o.commune, o.sex) == (person.commune, person.sex)]]
    if person.phone:
        pools.append([o for o in known if o.phone == person.phone])
    if person.national_id:
        pools.append([o for o in known if o.national_id == person.national_id])
    seen: dict = {}
    for pool in pools:
        for other in pool:
            if other.ref != person.ref:
                seen.setdefault(other.ref, other)
    return [(o, why) for o in seen.values() if (why := dup.reasons(person, o))]


def _person(rng: random.Random, ref: int) -> dup.Person:
    names = [("សុខ ដារា", "Sok Dara"), ("សុខ ដារ៉ា", "Sok Dara"), ("ចាន់ ស្រីនាង", "Chan Sreyneang"),
             ("", "Chan Srey Neang"), ("លី ណា", ""), ("", "Ly Na")]
    km, latin = rng.choice(names)
    return dup.Person(
        ref,
        rng.choice([None, "+85512000001", "+85512000002"]),
        rng.choice([None, None, "ID1", "ID2"]),
        rng.choice(["010101", "010102"]),
        rng.choice(["male", "female"]),
        rng.choice([None, 1990, 1991, 1992, 1994]),
        (km, latin.lower()),
    )


def test_index_matches_the_plain_walk_in_its_order():
    rng = random.Random(3)
    index, known, compared = dup.DuplicateIndex(), [], 0
    for ref in range(400):
        person = _person(rng, ref)
        found = index.matches(person)
        expected = _walk(known, person)
        assert [(o.ref, why) for o, why in found] == [(o.ref, why) for o, why in expected]
        compared += len(found) > 1
        index.add(person)
        known.append(person)
    assert compared > 50  # many persons had several matches whose order was checked


def test_birth_years_two_apart_are_not_a_similar_name_match():
    a = dup.Person("a", None, None, "010101", "male", 1990, ("", "sok dara"))
    index = dup.DuplicateIndex()
    index.add(a)
    assert index.matches(dup.Person("b", None, None, "010101", "male", 1992,
                                    ("", "sok dara"))) == []
    assert [o.ref for o, _ in index.matches(
        dup.Person("c", None, None, "010101", "male", 1991, ("", "sok dara")))] == ["a"]
