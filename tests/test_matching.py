from __future__ import annotations

from datetime import date

import pytest

from app.domain.matching import Filters, exclusion, rank, reasons_for, salary_bound

TODAY = date(2026, 11, 25)
REQUEST = {"province_code": "05", "sector": "garment", "gender": "female",
           "salary_usd": 220, "workers_needed": 30}


def cand(n: int = 1, **changes):
    rec = {
        "id": f"00000000-0000-4000-8000-{n:012d}", "sex": "female", "birth_year": 1998,
        "home_province_code": "12", "home_district_code": "1201",
        "preferred_province_codes": ["05"], "sectors": ["garment"],
        "expected_salary_usd": 200, "previous_job": "", "skills": "",
        "training_interests": [], "withdrawn": False, "created_on": "2026-11-01",
        "hired": False, "referral_count": 0, "on_request": False,
    }
    rec.update(changes)
    return rec


@pytest.mark.parametrize(
    "changes,why",
    [
        ({"sex": "male"}, "gender_mismatch"),
        ({"expected_salary_usd": 265}, "salary_far_above"),
        ({"hired": True}, "already_hired"),
        ({"withdrawn": True}, "withdrawn"),
        ({"on_request": True}, "on_shortlist"),
    ],
)
def test_hard_exclusions_are_never_listed(changes, why):
    assert exclusion(REQUEST, cand(**changes)) == why
    assert rank(REQUEST, [cand(**changes)], today=TODAY) == []


@pytest.mark.parametrize("salary,listed", [(220, True), (264, True), (265, False)])
def test_salary_bound_is_twenty_percent_above_the_offer(salary, listed):
    assert salary_bound(220) == 264
    assert bool(rank(REQUEST, [cand(expected_salary_usd=salary)], today=TODAY)) is listed


def test_any_gender_lists_both_sexes():
    any_request = REQUEST | {"gender": "any"}
    found = rank(any_request, [cand(1, sex="male"), cand(2, sex="female")], today=TODAY)
    assert len(found) == 2
    assert all("gender_fits" in m.reasons for m in found)


@pytest.mark.parametrize(
    "changes,present,absent",
    [
        ({}, {"province_preferred", "sector_fits", "gender_fits", "salary_within_offer",
              "recently_registered", "not_referred"}, {"already_referred"}),
        ({"preferred_province_codes": ["12"], "home_province_code": "05"},
         {"home_province"}, {"province_preferred"}),
        ({"sectors": ["construction"], "previous_job": "Sewing in a Bangkok factory"},
         {"skills_fit"}, {"sector_fits"}),
        ({"sectors": ["construction"], "skills": "កាត់ដេរ"}, {"skills_fit"}, set()),
        ({"sectors": ["construction"]}, set(), {"sector_fits", "skills_fit"}),
        ({"expected_salary_usd": 250}, {"salary_slightly_above"}, {"salary_within_offer"}),
        ({"expected_salary_usd": None}, {"salary_unknown"}, set()),
        ({"created_on": "2025-01-01"}, set(), {"recently_registered"}),
        ({"referral_count": 2}, {"already_referred"}, {"not_referred"}),
    ],
)
def test_reasons_say_why_a_candidate_matched(changes, present, absent):
    reasons = set(reasons_for(REQUEST, cand(**changes), TODAY))
    assert present <= reasons
    assert not (absent & reasons)


def test_ranking_prefers_province_sector_salary_recency_and_unreferred():
    best = cand(1)
    other_province = cand(2, preferred_province_codes=["12"])
    skills_only = cand(3, sectors=["construction"], previous_job="garment factory")
    above_offer = cand(4, expected_salary_usd=240)
    older = cand(5, created_on="2026-01-02")
    referred = cand(6, referral_count=1)
    found = rank(REQUEST, [older, referred, above_offer, skills_only, other_province, best],
                 today=TODAY)
    order = [m.registration_id for m in found]
    assert order[0] == best["id"]
    assert order.index(best["id"]) < order.index(referred["id"])
    assert order.index(best["id"]) < order.index(above_offer["id"])
    assert order.index(best["id"]) < order.index(older["id"])
    assert order.index(best["id"]) < order.index(skills_only["id"])
    assert order.index(best["id"]) < order.index(other_province["id"])
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_equal_scores_rank_the_most_recently_registered_first():
    found = rank(REQUEST, [cand(1, created_on="2026-10-01"), cand(2, created_on="2026-11-20")],
                 today=TODAY)
    assert [m.registration_id for m in found] == [cand(2)["id"], cand(1)["id"]]


@pytest.mark.parametrize(
    "filters,ids",
    [
        (Filters(age_min=20, age_max=30), {1}),
        (Filters(age_min=31), {2}),
        (Filters(home_district_code="0502"), {2}),
        (Filters(training="motorcycle_repair"), {1}),
        (Filters(), {1, 2}),
    ],
)
def test_filters_narrow_the_list(filters, ids):
    people = [cand(1, birth_year=2000, training_interests=["motorcycle_repair"]),
              cand(2, birth_year=1980, home_district_code="0502")]
    found = rank(REQUEST, people, today=TODAY, filters=filters)
    assert {int(m.registration_id[-12:]) for m in found} == ids


def test_limit_keeps_the_best():
    people = [cand(i) for i in range(1, 20)]
    assert len(rank(REQUEST, people, today=TODAY, limit=5)) == 5
