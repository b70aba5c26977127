"""Correcting a referral headquarters refused: a move the transitions allow or another
date for the status it has, each a new version; the buttons of the Employers tab still
only move a referral on."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationFailed
from app.services import employers
from app.services import registrations as regs
from app.services.desk import Desk
from tests.test_employers_store import GARMENT, returnee


@pytest.fixture
def referral(desk: Desk, raw) -> dict:
    person = regs.register(desk, returnee(raw, 0))
    request = employers.record_request(desk, GARMENT)
    ref = employers.shortlist(desk, request["id"], [person["id"]])[0]
    return employers.set_status(desk, ref["id"], "hired", "2026-11-20")


def test_a_hire_date_is_corrected_as_a_new_version(desk: Desk, referral: dict):
    fixed = employers.correct_referral(desk, referral["id"], "hired", "2026-11-21")
    assert fixed["status"] == "hired" and fixed["status_date"] == "2026-11-21"
    assert fixed["version"] == referral["version"] + 1
    assert fixed["sync_state"] == "pending"


def test_a_correction_that_changes_nothing_saves_nothing(desk: Desk, referral: dict):
    same = employers.correct_referral(desk, referral["id"], "hired", "2026-11-20")
    assert same["version"] == referral["version"]


def test_a_correction_still_cannot_go_back(desk: Desk, referral: dict):
    with pytest.raises(ValidationFailed) as failed:
        employers.correct_referral(desk, referral["id"], "referred", "2026-11-21")
    assert failed.value.errors[0].rule == "invalid_transition"


def test_moving_on_to_the_same_status_is_still_refused(desk: Desk, referral: dict):
    with pytest.raises(ValidationFailed):
        employers.set_status(desk, referral["id"], "hired", "2026-11-21")
    assert employers.get_referral(desk, referral["id"])["status_date"] == "2026-11-20"
