from __future__ import annotations

from datetime import date

import pytest

from app.domain.registration import Places, birth_year, validate_registration

TODAY = date(2026, 11, 25)
PLACES = Places(is_village={"05020101", "12010101"}.__contains__,
                is_province={"05", "12", "01"}.__contains__)


def good(**changes):
    raw = {
        "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara", "sex": "male",
        "date_of_birth": "1995-04-12", "phone": "012 345 678",
        "home_village_code": "05020101", "preferred_province_codes": ["05"],
        "sectors": ["construction"], "expected_salary_usd": 250, "channel": "hotline_1297",
        "consent": True,
    }
    raw.update(changes)
    return raw


def rules(**changes):
    _, errors = validate_registration(good(**changes), today=TODAY, places=PLACES)
    return {(e.field, e.rule) for e in errors}


def test_a_complete_record_is_valid_and_cleaned():
    rec, errors = validate_registration(good(name_latin="  Sok   Dara "), today=TODAY,
                                        places=PLACES)
    assert errors == []
    assert rec["name_latin"] == "Sok Dara"
    assert rec["phone"] == "+85512345678"
    assert rec["returned_from"] == "TH"
    assert rec["expected_salary_usd"] == 250


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({"name_km": "", "name_latin": ""}, ("name_km", "name_required")),
        ({"name_km": "ក" * 101}, ("name_km", "too_long")),
        ({"name_latin": "S" * 10_000}, ("name_latin", "too_long")),
        ({"name_km": "Sok Dara"}, ("name_km", "wrong_script")),
        ({"name_latin": "សុខ"}, ("name_latin", "wrong_script")),
        ({"name_latin": "Robert'); DROP TABLE registrations;--"}, ("name_latin", "wrong_script")),
        ({"sex": ""}, ("sex", "required")),
        ({"sex": "other"}, ("sex", "invalid_choice")),
        ({"date_of_birth": "", "age": ""}, ("date_of_birth", "dob_or_age_required")),
        ({"date_of_birth": "2027-01-01"}, ("date_of_birth", "future_date")),
        ({"date_of_birth": "31/02/1995"}, ("date_of_birth", "invalid_date")),
        ({"date_of_birth": "04/1995"}, ("date_of_birth", "invalid_date")),
        ({"date_of_birth": "1995-02-30"}, ("date_of_birth", "invalid_date")),
        ({"date_of_birth": "2015-01-01"}, ("date_of_birth", "age_range")),
        ({"date_of_birth": "", "age": 14}, ("age", "age_range")),
        ({"date_of_birth": "", "age": 71}, ("age", "age_range")),
        ({"date_of_birth": "", "age": "twenty"}, ("age", "not_a_whole_number")),
        ({"date_of_birth": "", "age": "25.5"}, ("age", "not_a_whole_number")),
        ({"age": 50}, ("age", "age_mismatch")),
        ({"phone": "12345"}, ("phone", "invalid_phone")),
        ({"phone": "+66 81 234 5678"}, ("phone", "invalid_phone")),
        ({"phone": "1 OR 1=1"}, ("phone", "invalid_phone")),
        ({"national_id": "12345678"}, ("national_id", "nine_digits")),
        ({"home_village_code": ""}, ("home_village_code", "required")),
        ({"home_village_code": "99999999"}, ("home_village_code", "unknown_village")),
        ({"preferred_province_codes": []}, ("preferred_province_codes", "at_least_one")),
        ({"preferred_province_codes": ["99"]}, ("preferred_province_codes", "unknown_code")),
        ({"preferred_province_codes": {"a": 1}}, ("preferred_province_codes", "not_a_list")),
        ({"sectors": ""}, ("sectors", "at_least_one")),
        ({"sectors": ["mining"]}, ("sectors", "unknown_code")),
        ({"training_interests": ["cooking"]}, ("training_interests", "unknown_code")),
        ({"expected_salary_usd": 5001}, ("expected_salary_usd", "out_of_range")),
        ({"expected_salary_usd": -1}, ("expected_salary_usd", "out_of_range")),
        ({"expected_salary_usd": "lots"}, ("expected_salary_usd", "not_a_whole_number")),
        ({"returned_from": "Thailand"}, ("returned_from", "invalid_country")),
        ({"return_date": "2026-12-01"}, ("return_date", "future_date")),
        ({"previous_job": "x" * 501}, ("previous_job", "too_long")),
        ({"skills": "a\x00b"}, ("skills", "control_characters")),
        ({"notes": "n" * 2001}, ("notes", "too_long")),
        ({"channel": ""}, ("channel", "required")),
        ({"channel": "email"}, ("channel", "invalid_choice")),
        ({"consent": False}, ("consent", "must_be_true")),
        ({"consent": "maybe"}, ("consent", "invalid_boolean")),
    ],
)
def test_each_broken_rule_is_named(changes, expected):
    assert expected in rules(**changes)


def test_every_wrong_field_is_reported_at_once():
    found = rules(sex="", phone="1", sectors=[], consent=False)
    assert {f for f, _ in found} == {"sex", "phone", "sectors", "consent"}


@pytest.mark.parametrize(
    "changes,key,value",
    [
        ({"phone": "០១២ ៣៤៥ ៦៧៨"}, "phone", "+85512345678"),
        ({"phone": "+855 12 345 678"}, "phone", "+85512345678"),
        ({"phone": "(012) 345-678"}, "phone", "+85512345678"),
        ({"date_of_birth": "", "age": "២៥"}, "age", 25),
        ({"expected_salary_usd": "៣០០"}, "expected_salary_usd", 300),
        ({"national_id": "០១២៣៤៥៦៧៨"}, "national_id", "012345678"),
        ({"date_of_birth": "១៩៩៥-០៤-១២"}, "date_of_birth", "1995-04-12"),
        # Every form the rule's message promises ("YYYY-MM-DD or DD/MM/YYYY"), as the form
        # takes them: day first with slashes, dots or dashes, in either digit set.
        ({"date_of_birth": "12/04/1995"}, "date_of_birth", "1995-04-12"),
        ({"date_of_birth": "2/4/1995"}, "date_of_birth", "1995-04-02"),
        ({"date_of_birth": "១២/០៤/១៩៩៥"}, "date_of_birth", "1995-04-12"),
        ({"return_date": "01.07.2026"}, "return_date", "2026-07-01"),
        ({"sectors": "construction;garment"}, "sectors", ["construction", "garment"]),
        ({"consent": "true"}, "consent", True),
        ({"returned_from": "my"}, "returned_from", "MY"),
    ],
)
def test_khmer_digits_and_file_forms_are_accepted(changes, key, value):
    rec, errors = validate_registration(good(**changes), today=TODAY, places=PLACES)
    assert errors == []
    assert rec[key] == value


def test_age_alone_is_enough_and_birth_year_is_estimated():
    rec, errors = validate_registration(good(date_of_birth=None, age=30), today=TODAY,
                                        places=PLACES)
    assert errors == []
    assert birth_year(rec, TODAY) == 1996


def test_only_one_name_is_enough():
    assert rules(name_km="") == set()
    assert rules(name_latin="") == set()


def test_phones_already_in_e164_are_judged_as_phonenumbers_judges_them():
    """Pushed phones are E.164 already and skip the whole parse: for every prefix a
    Cambodian number may start with, at every length the fast answer is the library's."""
    import random

    import phonenumbers

    from app.domain.registration import normalise_phone

    rng = random.Random(18)
    checked = valid = 0
    for first in range(1, 100):
        for length in (8, 9, 10):
            for _ in range(12):
                national = str(first) + "".join(
                    rng.choice("0123456789") for _ in range(length - len(str(first))))
                text = "+855" + national
                number = phonenumbers.parse(text, "KH")
                expected = (phonenumbers.format_number(number,
                                                       phonenumbers.PhoneNumberFormat.E164)
                            if phonenumbers.is_valid_number(number) else None)
                assert normalise_phone(text) == expected, text
                checked += 1
                valid += expected is not None
    assert valid > 500 and checked - valid > 500  # both answers were tried
    assert normalise_phone("+855012345678") == "+85512345678"  # the trunk 0: slow path
    assert normalise_phone("+8551234567") is None
