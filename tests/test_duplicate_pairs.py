"""The rules headquarters ranks likely pairs by, and which record survives "same person"
(app.domain.duplicates); the desk's own check uses the same ``reasons``."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain import duplicates as dup


def person(ref: str, **facts: object) -> dup.Person:
    rec = {"phone": "+85512345678", "national_id": None, "home_village_code": "05020101",
           "sex": "male", "birth_year": 1995, "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara"}
    return dup.Person.of(ref, rec | facts)


def test_a_shared_phone_with_the_same_name_ranks_above_a_shared_phone_alone() -> None:
    village = person("a")
    hotline = person("b", name_latin="SOK Dára", name_km="សុខ\u200bដារ៉ា")
    sister = person("c", sex="female", name_latin="Sok Srey Mom", name_km="សុខ ស្រីមុំ",
                    birth_year=2001)
    same_name = dup.reasons(hotline, village)
    family_phone = dup.reasons(sister, village)
    assert same_name == ["same_phone", "similar_name"]
    assert family_phone == ["same_phone"]
    assert dup.pair_score(hotline, village, same_name) > dup.pair_score(
        sister, village, family_phone)


def test_a_national_id_outweighs_a_phone() -> None:
    a = person("a", phone=None, national_id="123456789", name_latin="Keo Malis", name_km="")
    b = person("b", phone=None, national_id="123456789", name_latin="Chan Sophea", name_km="")
    c = person("c", name_latin="Chan Sophea", name_km="")
    d = person("d", name_latin="Keo Malis", name_km="")
    assert dup.pair_score(a, b, dup.reasons(a, b)) > dup.pair_score(c, d, dup.reasons(c, d))


def test_names_in_no_common_script_are_not_alike() -> None:
    khmer_only = person("a", name_latin="")
    latin_only = person("b", name_km="")
    assert dup.name_similarity(khmer_only, latin_only) == 0


def test_the_one_registered_first_survives_whatever_the_order_given() -> None:
    early = (datetime(2026, 11, 25, 3, tzinfo=UTC), "ffff")
    late = (datetime(2026, 11, 27, 3, tzinfo=UTC), "0000")
    assert dup.survivor(early, late) == dup.survivor(late, early) == "ffff"
    # Registered at the same moment: the id decides, the same way both times.
    same = (early[0], "0000")
    assert dup.survivor(early, same) == dup.survivor(same, early) == "0000"
