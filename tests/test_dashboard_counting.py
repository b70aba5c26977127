"""What one registration counts for on the national dashboard (pure rules)."""

from __future__ import annotations

from collections import Counter

import pytest

from app.domain import dashboard_figures as f

BASE = {"sex": "female", "date_of_birth": "2000-11-25", "age": None,
        "home_village_code": "05020101", "preferred_province_codes": ["12", "05", "12"],
        "sectors": ["garment"], "expected_salary_usd": 300, "channel": "qr",
        "training_interests": ["mechanics"], "withdrawn": False}


def keys(counted: Counter[f.Count], figure: str) -> dict[str, int]:
    return {c.key: n for c, n in counted.items() if c.figure == figure}


def test_an_active_registration_counts_once_in_each_figure() -> None:
    counted = f.counts_of(BASE, "2026-11-24T17:30:00Z", referral_statuses=["hired", "declined"])
    assert {(c.day, c.province, c.channel) for c in counted
            if c.figure != f.SECTOR_PROVINCE} == {("2026-11-25", "05", "qr")}
    # where they want to work, by sector: counted by day only
    assert {(c.day, c.province, c.channel) for c in counted
            if c.figure == f.SECTOR_PROVINCE} == {("2026-11-25", "", "")}
    assert keys(counted, f.REGISTERED) == {"active": 1}
    assert keys(counted, f.PREFERRED_PROVINCE) == {"05": 1, "12": 1}  # a repeat counts once
    assert keys(counted, f.SECTOR_PROVINCE) == {"05|garment": 1, "12|garment": 1}
    # 26 on the day registered (in Cambodia), though 25 the day before in UTC
    assert keys(counted, f.SEX_AGE) == {"female|25-34": 1}
    assert keys(counted, f.SALARY) == {"300-399": 1}
    assert keys(counted, f.FUNNEL) == {"referred": 2, "interviewed": 1, "hired": 1,
                                       "placed": 1}


@pytest.mark.parametrize(("data", "duplicate", "state"), [
    (BASE | {"withdrawn": True}, False, "withdrawn"),
    (BASE, True, "duplicate"),
    (BASE | {"withdrawn": True}, True, "withdrawn"),
])
def test_withdrawn_and_duplicate_registrations_count_only_as_received(
        data: dict, duplicate: bool, state: str) -> None:
    counted = f.counts_of(data, "2026-11-25T03:00:00Z", duplicate=duplicate,
                          referral_statuses=["hired"])
    assert {c.figure: c.key for c in counted} == {f.REGISTERED: state}


@pytest.mark.parametrize(("value", "band"), [
    (0, "0-199"), (199, "0-199"), (200, "200-299"), (999, "700-999"), (1000, "1000+"),
    (5000, "1000+"), (None, "not_given"), (True, "not_given"), ("300", "not_given")])
def test_salary_bands(value: object, band: str) -> None:
    assert f.salary_band(value) == band


def test_the_age_given_is_used_without_a_date_of_birth() -> None:
    counted = f.counts_of(BASE | {"date_of_birth": None, "age": 17, "sex": "male"},
                          "2026-11-25T03:00:00Z")
    assert keys(counted, f.SEX_AGE) == {"male|15-17": 1}


def test_difference_is_what_moves() -> None:
    before = f.counts_of(BASE, "2026-11-25T03:00:00Z")
    after = f.counts_of(BASE | {"sectors": ["construction"]}, "2026-11-25T03:00:00Z")
    moved = {(c.figure, c.key): n for c, n in f.difference(before, after).items()}
    assert moved == {("sector", "garment"): -1, ("sector", "construction"): 1,
                     ("sector_province", "05|garment"): -1,
                     ("sector_province", "12|garment"): -1,
                     ("sector_province", "05|construction"): 1,
                     ("sector_province", "12|construction"): 1}
    assert f.difference(before, before) == {}
