from __future__ import annotations

import copy
from typing import Any

import pytest

from app.domain.errors import ValidationFailed
from app.domain.matching import Filters
from app.services import employers
from app.services import registrations as regs
from app.services.desk import Desk
from app.store import employers as store
from app.store.connection import transaction
from tests.conftest import village_in

GARMENT = {
    "employer_name": "Kampong Speu Garment Co.", "contact_person": "Chan Sophea",
    "contact_phone": "012 345 678", "province_code": "05", "district_code": "0502",
    "sector": "garment", "job_title": "Sewing machine operator", "workers_needed": 30,
    "gender": "female", "salary_usd": 220, "start_date": "2026-12-15",
    "accommodation": True, "transport": False,
}
NAMES = ["Sok Dara", "Chan Thida", "Keo Sophal", "Lim Srey", "Meas Nary", "Heng Vanna",
         "Ouk Sreymom", "Phan Bopha", "Ros Kanha", "Seng Mealea", "Tep Rachana", "Vong Lina"]


def returnee(raw: dict[str, Any], i: int, **changes: Any) -> dict[str, Any]:
    rec = copy.deepcopy(raw) | {
        "name_km": "", "name_latin": NAMES[i % len(NAMES)] + " " + "abcdefghijklmnop"[i],
        "sex": "female", "phone": "", "date_of_birth": f"{1990 + i}-01-0{1 + i % 9}",
        "home_village_code": village_in("0502"), "preferred_province_codes": ["05"],
        "sectors": ["garment"], "expected_salary_usd": 200, "duplicate_override_reason": "test",
    }
    rec.update(changes)
    return rec


@pytest.fixture
def request_id(desk: Desk) -> str:
    return employers.record_request(desk, GARMENT)["id"]


def test_a_recorded_request_is_saved_pending_and_owned(desk: Desk, request_id: str):
    saved = employers.get_request(desk, request_id)
    assert saved["version"] == 1 and saved["sync_state"] == "pending"
    assert saved["device_id"] == desk.device_id
    assert saved["contact_phone"] == "+85512345678"
    assert [r["id"] for r in employers.list_requests(desk)] == [request_id]


def test_a_bad_request_is_not_saved(desk: Desk):
    with pytest.raises(ValidationFailed) as failed:
        employers.record_request(desk, GARMENT | {"workers_needed": 0, "gender": "x"})
    assert {e.field for e in failed.value.errors} == {"workers_needed", "gender"}
    assert employers.list_requests(desk) == []


def test_editing_a_request_makes_a_new_version(desk: Desk, request_id: str):
    saved = employers.edit_request(desk, request_id, GARMENT | {"salary_usd": 230},
                                   expected_version=1)
    assert saved["version"] == 2 and saved["salary_usd"] == 230
    with pytest.raises(ValidationFailed):
        employers.edit_request(desk, request_id, GARMENT, expected_version=1)


def test_matching_ranks_fitting_returnees_and_leaves_out_the_rest(desk, raw, request_id):
    fits = regs.register(desk, returnee(raw, 0))
    regs.register(desk, returnee(raw, 1, sex="male"))
    regs.register(desk, returnee(raw, 2, expected_salary_usd=300))
    partial = regs.register(desk, returnee(raw, 3, preferred_province_codes=["12"],
                                           sectors=["construction"],
                                           previous_job="sewing in a factory"))
    found = employers.match(desk, request_id)
    assert [m.registration_id for m in found] == [fits["id"], partial["id"]]
    assert "province_preferred" in found[0].reasons
    assert "sector_fits" in found[0].reasons
    assert "skills_fit" in found[1].reasons
    assert found[0].score > found[1].score


def test_filters_narrow_the_matches(desk, raw, request_id):
    young = regs.register(desk, returnee(raw, 0, date_of_birth="2004-05-05",
                                         training_interests=["agro_processing"]))
    regs.register(desk, returnee(raw, 1, date_of_birth="1980-05-05"))
    by_age = employers.match(desk, request_id, filters=Filters(age_min=18, age_max=25))
    assert [m.registration_id for m in by_age] == [young["id"]]
    by_course = employers.match(desk, request_id,
                                filters=Filters(training="agro_processing"))
    assert [m.registration_id for m in by_course] == [young["id"]]
    assert employers.match(desk, request_id, filters=Filters(home_district_code="1201")) == []


def test_shortlist_refers_returnees_and_they_leave_the_matches(desk, raw, request_id):
    people = [regs.register(desk, returnee(raw, i)) for i in range(4)]
    made = employers.shortlist(desk, request_id, [p["id"] for p in people[:3]])
    assert len(made) == 3 and all(r["status"] == "referred" for r in made)
    again = employers.shortlist(desk, request_id, [people[0]["id"]])
    assert again == []
    assert [m.registration_id for m in employers.match(desk, request_id)] == [people[3]["id"]]
    assert len(employers.referrals_of(desk, people[0]["id"])) == 1


def test_referral_statuses_move_forward_with_dates(desk, raw, request_id):
    person = regs.register(desk, returnee(raw, 0))
    ref = employers.shortlist(desk, request_id, [person["id"]])[0]
    moved = employers.set_status(desk, ref["id"], "interviewed", "2026-11-24")
    assert moved["version"] == 2
    hired = employers.set_status(desk, ref["id"], "hired")
    assert hired["status"] == "hired" and hired["status_date"] == "2026-11-25"
    assert [h[0] for h in hired["history"]] == ["referred", "interviewed", "hired"]
    with pytest.raises(ValidationFailed) as failed:
        employers.set_status(desk, ref["id"], "referred")
    assert failed.value.errors[0].rule == "invalid_transition"
    assert employers.progress(desk, request_id).hired == 1


def test_a_hired_returnee_is_not_matched_again(desk, raw, request_id):
    person = regs.register(desk, returnee(raw, 0))
    ref = employers.shortlist(desk, request_id, [person["id"]])[0]
    employers.set_status(desk, ref["id"], "hired")
    other = employers.record_request(desk, GARMENT | {"employer_name": "Other"})
    assert employers.match(desk, other["id"]) == []


def test_referral_list_csv_has_khmer_names_and_numbers(desk, raw, request_id):
    person = regs.register(desk, returnee(raw, 0, name_km="សុខ ធីតា", phone="012 345 679"))
    employers.shortlist(desk, request_id, [person["id"]])
    text = employers.referral_list_csv(desk, request_id)
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].split(",")[:3] == ["registration_no", "name_km", "name_latin"]
    assert person["registration_no"] in lines[1] and "សុខ ធីតា" in lines[1]
    assert "012 345 679" in lines[1]


def test_outbox_gives_requests_after_registrations_then_referrals(desk, raw, request_id):
    person = regs.register(desk, returnee(raw, 0))
    employers.shortlist(desk, request_id, [person["id"]])
    batch = store.pending(desk.conn, 0, 10)
    assert [kind for _, kind, _ in batch] == ["employer_request", "referral"]
    assert store.pending(desk.conn, batch[0][0], 10)[0][1] == "referral"
    assert store.pending(desk.conn, batch[1][0], 10) == []


def test_a_refused_request_or_referral_keeps_when_it_was_refused(desk, raw, request_id):
    person = regs.register(desk, returnee(raw, 0))
    [ref] = employers.shortlist(desk, request_id, [person["id"]])
    refusal = [{"field": "salary_usd", "rule": "out_of_range", "params": {}}]
    with transaction(desk.conn):
        store.quarantine(desk.conn, "employer_request", request_id, 1, refusal,
                         "2026-11-25T03:00:00Z")
        store.quarantine(desk.conn, "referral", ref["id"], ref["version"], refusal,
                         "2026-11-25T03:05:00Z")
    assert {i["type"]: i["refused_at"] for i in store.quarantined(desk.conn)} == {
        "employer_request": "2026-11-25T03:00:00Z", "referral": "2026-11-25T03:05:00Z"}
    # Sent again, it no longer counts as refused, nor keeps the old time.
    with transaction(desk.conn):
        assert store.requeue(desk.conn, "employer_request", request_id)
    assert store.get_request(desk.conn, request_id)["refused_at"] is None
    assert [i["type"] for i in store.quarantined(desk.conn)] == ["referral"]
