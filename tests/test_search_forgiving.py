"""Search that forgives how people type names: word order, Latin joins, romanisation
variants, Khmer near-misses, the other script, number-like input and the empty result.
Real desks (SQLite files), searched through the service as the window and CLI do."""

from __future__ import annotations

import pytest

from app.domain import search as rules
from app.services import registrations
from app.services.registrations import DuplicatesFound


def _save(desk, raw, name_km: str, name_latin: str, phone: str, **extra) -> dict:
    return registrations.register(desk, raw | {
        "name_km": name_km, "name_latin": name_latin, "phone": phone,
        "duplicate_override_reason": "test"} | extra)


def _names(found: list[dict]) -> list[str]:
    return [r["name_latin"] or r["name_km"] for r in found]


@pytest.fixture
def people(desk, raw):
    _save(desk, raw, "អ៊ិត ប៊ុនហេង", "Ith Bunheng", "012 111 001")
    _save(desk, raw, "វ៉ាន់ ផល្លា", "Van Phalla", "012 111 002")
    _save(desk, raw, "", "Chan Mony", "012 111 003")
    _save(desk, raw, "", "Sreyneang Keo", "012 111 004")
    _save(desk, raw, "ដារ៉ា", "", "012 111 005")
    _save(desk, raw, "សុខ ស៊ីណា", "", "012 111 006")
    _save(desk, raw, "", "Phan Sopheak", "012 111 007")
    _save(desk, raw, "", "Phalla Chhim", "012 111 008")
    return desk


def test_word_order_does_not_matter_and_the_name_as_typed_ranks_first(people) -> None:
    assert _names(registrations.search(people, "Phalla Van"))[:1] == ["Van Phalla"]
    found = registrations.search(people, "ប៊ុនហេង អ៊ិត")
    assert _names(found)[:1] == ["Ith Bunheng"]
    # Typed in its own order, "Phalla" alone still puts the whole-word Phalla first.
    assert _names(registrations.search(people, "phalla chhim"))[:1] == ["Phalla Chhim"]


def test_latin_words_are_found_joined_and_split(people) -> None:
    assert "Chan Mony" in _names(registrations.search(people, "Chanmony"))
    assert "Sreyneang Keo" in _names(registrations.search(people, "Srey Neang"))


def test_romanisation_variants_rank_after_exact_matches(people, raw) -> None:
    _save(people, raw, "", "Sok Phan", "012 111 009")
    found = _names(registrations.search(people, "Phann Sopheak"))
    assert "Phan Sopheak" in found
    found = _names(registrations.search(people, "phan"))
    # Exact "phan" words first; nothing found by sound alone ranks above them.
    assert set(found[:2]) == {"Phan Sopheak", "Sok Phan"}


def test_khmer_near_misses_and_the_other_script(people) -> None:
    assert "ដារ៉ា" in _names(registrations.search(people, "ដារា"))
    # A Latin query finds a record that has only its Khmer name, and the other way.
    assert "ដារ៉ា" in _names(registrations.search(people, "Dara"))
    assert "សុខ ស៊ីណា" in _names(registrations.search(people, "Sok Seena"))
    assert "Phan Sopheak" in _names(registrations.search(people, "ផាន់ សុភ័ក្រ"))


def test_a_legacy_spelling_of_la_finds_the_modern_one(desk, raw) -> None:
    _save(desk, raw, "ឡុង សុភា", "", "012 111 010")
    assert _names(registrations.search(desk, "ទ្បុង"))[:1] == ["ឡុង សុភា"]


def test_phones_pasted_with_invisible_characters_or_a_trunk_zero(desk, raw) -> None:
    _save(desk, raw, "", "Keo Dalin", "012 987 654")
    for typed in ("012\u200b987654", "+855 (0)12 987 654", "+855 12 987 654", "០១២៩៨៧៦៥៤"):
        assert _names(registrations.search(desk, typed)) == ["Keo Dalin"], typed


@pytest.mark.parametrize("tag", ["K7M2QP", "3ABCDE"])  # a tag can begin with a digit
def test_number_like_input_goes_to_the_number_index(desk, raw, tag) -> None:
    from app.store import meta

    meta.put(desk.conn, "device_tag", tag)
    saved = _save(desk, raw, "", "Keo Dalin", "012 987 654")
    number = saved["registration_no"]
    district = number.split("-")[0]
    assert rules.parse_query(district + "-").column == "numbers"
    assert rules.parse_query(district).column == "phones"
    # 0502K begins a number; 05023 may be a phone fragment too, and is read as both.
    assert rules.parse_query(district + tag[0]).column == (
        "phones" if tag[0].isdigit() else "numbers")
    for typed in (district + tag[:1].lower(), number[:9], number.replace("-", "")):
        assert _names(registrations.search(desk, typed)) == ["Keo Dalin"], typed


def test_digits_find_phones_before_the_numbers_they_may_begin(desk, raw) -> None:
    from app.store import meta

    meta.put(desk.conn, "device_tag", "3ABCDE")
    by_number = _save(desk, raw, "", "Keo Dalin", "012 987 654")
    _save(desk, raw, "", "Sok Mealea", "012 050 234")  # 05023 inside the phone
    typed = by_number["registration_no"][:4] + "3"
    assert _names(registrations.search(desk, typed)) == ["Sok Mealea", "Keo Dalin"]


def test_an_empty_result_offers_the_closest_names(people) -> None:
    assert registrations.search(people, "Bunhxqz") == []
    closest = registrations.closest_names(people, "Bunhxqz")
    assert closest and closest[0] == "Bunheng"
    assert registrations.closest_names(people, "ផល្លុ")[:1] == ["ផល្លា"]


def test_the_list_shows_forgiving_matches_only_when_nothing_matches_as_typed(people) -> None:
    f = registrations.list_filter("Phalla Van", desk=people)
    assert [r["name_latin"] for r in registrations.page(people, f, 0, 10)] == ["Van Phalla"]
    f = registrations.list_filter("Phalla", desk=people)
    assert f.rids is None and registrations.count(people, f) == 2


def test_the_entry_check_flags_a_joined_spelling_with_the_same_birth_year(desk, raw) -> None:
    registrations.register(desk, raw | {"name_km": "", "name_latin": "Srey Neang",
                                        "sex": "female", "phone": "012 222 333"})
    with pytest.raises(DuplicatesFound) as caught:
        registrations.register(desk, raw | {"name_km": "", "name_latin": "Sreyneang",
                                            "sex": "female", "phone": "017 444 555"})
    assert [d.reasons for d in caught.value.matches] == [["similar_name"]]
