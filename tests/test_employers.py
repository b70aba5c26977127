from __future__ import annotations

from datetime import date

import pytest

from app.domain.employers import (
    REFERRAL_STATUSES,
    WorkPlaces,
    can_move,
    hire_summary,
    validate_referral,
    validate_request,
)

TODAY = date(2026, 11, 25)
PLACES = WorkPlaces(is_province={"05", "12"}.__contains__,
                    is_district={"0502", "1201"}.__contains__)
REG = "0b0f4c1e-7d1a-4b55-9a55-2f0f4a8f0c01"
REQ = "5e6a1c9d-3f4b-4d2e-8a7c-1b2c3d4e5f60"


def good(**changes):
    raw = {
        "employer_name": "Kampong Speu Garment Co.", "contact_person": "Chan Sophea",
        "contact_phone": "012 345 678", "province_code": "05", "district_code": "0502",
        "sector": "garment", "job_title": "Sewing machine operator", "workers_needed": 30,
        "gender": "female", "salary_usd": 220, "start_date": "2026-12-15",
        "accommodation": True, "transport": "false", "notes": "",
    }
    raw.update(changes)
    return raw


def rules(**changes):
    _, errors = validate_request(good(**changes), today=TODAY, places=PLACES)
    return {(e.field, e.rule) for e in errors}


def test_a_complete_request_is_valid_and_cleaned():
    rec, errors = validate_request(good(employer_name="  Kampong  Speu Garment Co. ",
                                        workers_needed="៣០"), today=TODAY, places=PLACES)
    assert errors == []
    assert rec["employer_name"] == "Kampong Speu Garment Co."
    assert rec["contact_phone"] == "+85512345678"
    assert rec["workers_needed"] == 30
    assert rec["status"] == "open"
    assert rec["accommodation"] is True and rec["transport"] is False


@pytest.mark.parametrize(
    "changes,expected",
    [
        ({"employer_name": ""}, ("employer_name", "required")),
        ({"employer_name": "E" * 201}, ("employer_name", "too_long")),
        ({"contact_phone": ""}, ("contact_phone", "required")),
        ({"contact_phone": "12"}, ("contact_phone", "invalid_phone")),
        ({"province_code": ""}, ("province_code", "required")),
        ({"province_code": "99"}, ("province_code", "unknown_code")),
        ({"district_code": "9999"}, ("district_code", "unknown_code")),
        ({"district_code": "1201"}, ("district_code", "unknown_code")),  # not in province 05
        ({"sector": "mining"}, ("sector", "invalid_choice")),
        ({"job_title": ""}, ("job_title", "required")),
        ({"workers_needed": 0}, ("workers_needed", "out_of_range")),
        ({"workers_needed": "many"}, ("workers_needed", "not_a_whole_number")),
        ({"workers_needed": None}, ("workers_needed", "required")),
        ({"gender": "other"}, ("gender", "invalid_choice")),
        ({"gender": ""}, ("gender", "required")),
        ({"salary_usd": 0}, ("salary_usd", "out_of_range")),
        ({"salary_usd": 99999}, ("salary_usd", "out_of_range")),
        ({"start_date": "31/13/2026"}, ("start_date", "invalid_date")),
        ({"start_date": "2035-01-01"}, ("start_date", "too_far_ahead")),
        ({"accommodation": "maybe"}, ("accommodation", "invalid_boolean")),
        ({"notes": "n" * 2001}, ("notes", "too_long")),
        ({"status": "filled"}, ("status", "invalid_choice")),
    ],
)
def test_each_broken_rule_is_reported(changes, expected):
    assert expected in rules(**changes)


@pytest.mark.parametrize("optional", ["district_code", "contact_person", "start_date", "notes"])
def test_optional_fields_may_be_empty(optional):
    assert rules(**{optional: ""}) == set()


@pytest.mark.parametrize(
    "old,new,allowed",
    [
        ("referred", "interviewed", True),
        ("referred", "hired", True),
        ("referred", "declined", True),
        ("interviewed", "hired", True),
        ("interviewed", "declined", True),
        ("interviewed", "referred", False),
        ("hired", "declined", False),
        ("declined", "hired", False),
        ("hired", "referred", False),
    ],
)
def test_referral_transitions(old, new, allowed):
    assert can_move(old, new) is allowed


def test_a_new_referral_is_valid_and_referred_by_default():
    rec, errors = validate_referral(
        {"registration_id": REG, "request_id": REQ, "status_date": "2026-11-25"}, today=TODAY)
    assert errors == []
    assert rec["status"] == "referred"


@pytest.mark.parametrize(
    "changes,previous,expected",
    [
        ({"registration_id": "x"}, None, ("registration_id", "invalid_id")),
        ({"request_id": ""}, None, ("request_id", "required")),
        ({"status": "lost"}, None, ("status", "invalid_choice")),
        ({"status_date": "2026-11-26"}, None, ("status_date", "future_date")),
        ({"status_date": ""}, None, ("status_date", "required")),
        ({"status": "referred"}, "hired", ("status", "invalid_transition")),
    ],
)
def test_referral_rules(changes, previous, expected):
    raw = {"registration_id": REG, "request_id": REQ, "status": "referred",
           "status_date": "2026-11-25"} | changes
    _, errors = validate_referral(raw, today=TODAY, previous=previous)
    assert expected in {(e.field, e.rule) for e in errors}


def test_every_status_has_its_transitions():
    assert all(isinstance(can_move(s, "hired"), bool) for s in REFERRAL_STATUSES)


@pytest.mark.parametrize(
    "needed,statuses,status,shown,hired",
    [
        (3, ["hired", "hired", "referred"], "open", "open", 2),
        (3, ["hired", "hired", "hired", "declined"], "open", "filled", 3),
        (1, ["hired"], "closed", "closed", 1),
        (2, [], "open", "open", 0),
    ],
)
def test_hire_summary_marks_filled_when_enough_are_hired(needed, statuses, status, shown,
                                                         hired):
    out = hire_summary(needed, statuses, status)
    assert out["status"] == shown and out["hired"] == hired
