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


def test_a_khmer_name_and_its_latin_spelling_are_alike_through_romanisation() -> None:
    khmer_only = person("a", name_latin="", phone=None)
    latin_only = person("b", name_km="", phone=None)
    other = person("c", name_km="", name_latin="Chan Vanna", phone=None)
    assert dup.reasons(khmer_only, latin_only) == ["similar_name"]
    assert dup.reasons(khmer_only, other) == []


def test_names_with_nothing_to_compare_are_not_alike() -> None:
    assert dup.name_similarity(person("a", name_latin="", name_km=""), person("b")) == 0


def test_latin_words_joined_or_split_are_the_same_name() -> None:
    split = person("a", sex="female", name_km="", name_latin="Srey Neang")
    joined = person("b", sex="female", name_km="", name_latin="Sreyneang")
    assert dup.reasons(split, joined) == ["same_phone", "similar_name"]
    elsewhere = person("c", sex="female", name_km="", name_latin="Sreyneang", phone=None)
    assert dup.reasons(split, elsewhere) == ["similar_name"]


def test_spelling_variants_and_khmer_near_misses_are_alike() -> None:
    for a, b in (("Sok Dara", "Sock Dara"), ("Van Seena", "Van Sina"),
                 ("Ith Bunhieng", "Ith Bunheng")):
        assert dup.names_similar(person("a", name_km="", name_latin=a),
                                 person("b", name_km="", name_latin=b)), (a, b)
    assert dup.names_similar(person("a", name_latin="", name_km="សុខ ដារា"),
                             person("b", name_latin="", name_km="សុខ ដារ៉ា"))


def test_different_names_are_not_merged_by_the_forgiving_rules() -> None:
    for a, b in (("Sok Dara", "Chan Dara"), ("Sok Dara", "Sok Dany"), ("Kim Sun", "Kim Sim"),
                 ("Heng Bora", "Heng Kosal"), ("Srey Mom", "Srey Pov")):
        assert not dup.names_similar(person("a", name_km="", name_latin=a),
                                     person("b", name_km="", name_latin=b)), (a, b)
    for a, b in (("សុខ ដារ៉ា", "ចាន់ ដារ៉ា"), ("ស្រីមុំ", "ស្រីពៅ"), ("គឹម ស៊ុន", "គឹម ស៊ីម")):
        assert not dup.names_similar(person("a", name_latin="", name_km=a),
                                     person("b", name_latin="", name_km=b)), (a, b)
    assert not dup.names_similar(person("a", name_latin="", name_km="ចាន់ ធីតា"),
                                 person("b", name_km="", name_latin="Sok Dara"))


def test_the_one_registered_first_survives_whatever_the_order_given() -> None:
    early = (datetime(2026, 11, 25, 3, tzinfo=UTC), "ffff")
    late = (datetime(2026, 11, 27, 3, tzinfo=UTC), "0000")
    assert dup.survivor(early, late) == dup.survivor(late, early) == "ffff"
    # Registered at the same moment: the id decides, the same way both times.
    same = (early[0], "0000")
    assert dup.survivor(early, same) == dup.survivor(same, early) == "0000"
