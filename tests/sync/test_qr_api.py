"""QR submissions as desks meet them over the real headquarters: pulled by the right
district's or province's desks, taken by exactly one desk, declined with a reason, and
a repeat the same day never a second record."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from app.domain import qrref, regno
from sync import protocol as p
from sync.server import qr_submissions as qs
from tests.conftest import OFFICE, village_in
from tests.sync.conftest import LiveServer

HEADERS = {p.PROTOCOL_HEADER: "1"}
NOW = datetime.now(UTC)
NEIGHBOUR = "0503"  # same province (05) as OFFICE
ELSEWHERE = "1201"  # Phnom Penh


def enrol(hq: LiveServer, district: str = OFFICE) -> dict[str, Any]:
    answer = requests.post(hq.url + "/v1/enrol", headers=HEADERS, timeout=5, json={
        "code": hq.code(district), "device_id": str(uuid.uuid4()),
        "device_tag": regno.new_device_tag(), "office_code": district})
    assert answer.status_code == 200, answer.text
    return answer.json()


def auth(device: dict[str, Any]) -> dict[str, str]:
    return HEADERS | {"Authorization": f"Bearer {device['token']}"}


def returnee(**changes: Any) -> dict[str, Any]:
    return {
        "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara", "sex": "male", "age": "29",
        "phone": "012 345 678", "home_village_code": village_in(OFFICE),
        "preferred_province_codes": ["05", "12"], "sectors": ["construction"],
        "expected_salary_usd": "250", "training_interests": ["electrical_wiring"],
        "consent": "true",
    } | changes


def employer(**changes: Any) -> dict[str, Any]:
    return {
        "employer_name": "Angkor Bricks Co.", "contact_person": "Chan Thy",
        "contact_phone": "097 765 4321", "province_code": "05", "district_code": "0502",
        "sector": "construction", "job_title": "Bricklayer", "workers_needed": "12",
        "gender": "any", "salary_usd": "320", "start_date": "", "accommodation": "true",
        "transport": "false", "notes": "",
    } | changes


def submit(hq: LiveServer, **changes: Any) -> qs.Submission:
    made, errors = qs.submit_registration(hq.engine, returnee(**changes), now=NOW)
    assert not errors and made is not None
    return made


def pulled(hq: LiveServer, device: dict[str, Any], cursor: int = 0) -> list[dict[str, Any]]:
    answer = requests.get(hq.url + "/v1/changes", params={"cursor": cursor},
                          headers=auth(device), timeout=5)
    assert answer.status_code == 200, answer.text
    return answer.json()["changes"]["qr_submission"]


def take(hq: LiveServer, device: dict[str, Any], ref: str) -> requests.Response:
    return requests.post(f"{hq.url}/v1/qr/{ref}/take", json={}, headers=auth(device), timeout=5)


def decline(hq: LiveServer, device: dict[str, Any], ref: str, reason: Any
            ) -> requests.Response:
    return requests.post(f"{hq.url}/v1/qr/{ref}/decline", json={"reason": reason},
                         headers=auth(device), timeout=5)


def test_a_self_registration_reaches_only_its_districts_desks(hq: LiveServer) -> None:
    here, neighbour, elsewhere = enrol(hq), enrol(hq, NEIGHBOUR), enrol(hq, ELSEWHERE)
    made = submit(hq)
    assert qrref.PATTERN.match(made.ref)
    rows = pulled(hq, here)
    assert [r["data"]["ref"] for r in rows] == [made.ref]
    row = rows[0]
    assert row["type"] == "qr_submission" and row["id"] == made.id and row["version"] == 1
    data = row["data"]
    assert (data["kind"], data["status"], data["taken_by"], data["decline_reason"]) == (
        "registration", "waiting", None, None)
    assert p.parse_timestamp(data["submitted_at"]) is not None
    assert data["fields"] == {
        "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara", "sex": "male",
        "date_of_birth": None, "age": 29, "phone": "+85512345678",
        "home_village_code": village_in(OFFICE), "preferred_province_codes": ["05", "12"],
        "sectors": ["construction"], "expected_salary_usd": 250,
        "training_interests": ["electrical_wiring"], "consent": True, "channel": "qr"}
    assert pulled(hq, neighbour) == [] and pulled(hq, elsewhere) == []


def test_an_employer_request_reaches_every_desk_of_its_province(hq: LiveServer) -> None:
    here, neighbour, elsewhere = enrol(hq), enrol(hq, NEIGHBOUR), enrol(hq, ELSEWHERE)
    made, errors = qs.submit_employer_request(hq.engine, employer(), now=NOW)
    assert not errors and made is not None
    for device in (here, neighbour):
        rows = pulled(hq, device)
        assert [r["data"]["ref"] for r in rows] == [made.ref]
        fields = rows[0]["data"]["fields"]
        assert rows[0]["data"]["kind"] == "employer_request"
        assert (fields["workers_needed"], fields["gender"], fields["salary_usd"],
                fields["contact_phone"], fields["accommodation"]) == (
            12, "any", 320, "+855977654321", True)
        assert "status" not in fields
    assert pulled(hq, elsewhere) == []


def test_invalid_submissions_are_not_stored(hq: LiveServer) -> None:
    made, errors = qs.submit_registration(
        hq.engine, returnee(phone="12345", consent="", home_village_code="99999999"), now=NOW)
    assert made is None
    assert {(e.field, e.rule) for e in errors} >= {
        ("phone", "invalid_phone"), ("consent", "must_be_true"),
        ("home_village_code", "unknown_village")}
    made, errors = qs.submit_registration(hq.engine, returnee(phone=""), now=NOW)
    assert made is None and ("phone", "required") in {(e.field, e.rule) for e in errors}
    assert hq.count("qr_submissions") == 0


def test_the_same_phone_the_same_day_gets_the_same_reference(hq: LiveServer) -> None:
    first = submit(hq)
    again = submit(hq, phone="+855 12 345 678", name_latin="Sok Dara Again")
    assert (again.ref, again.id, again.new) == (first.ref, first.id, False)
    other = submit(hq, phone="012 999 888")
    assert other.ref != first.ref
    assert hq.count("qr_submissions") == 2
    # Another day (Phnom Penh) is a new submission.
    made, _ = qs.submit_registration(hq.engine, returnee(), now=NOW + timedelta(days=1))
    assert made is not None and made.new and made.ref != first.ref


def test_the_same_employer_request_twice_is_one_but_a_different_one_is_another(
        hq: LiveServer) -> None:
    first, _ = qs.submit_employer_request(hq.engine, employer(), now=NOW)
    again, _ = qs.submit_employer_request(hq.engine, employer(), now=NOW)
    other, _ = qs.submit_employer_request(hq.engine, employer(job_title="Carpenter"), now=NOW)
    assert first and again and other
    assert again.ref == first.ref and other.ref != first.ref
    assert hq.count("qr_submissions") == 2


def test_one_desk_takes_a_submission_and_the_others_see_who(hq: LiveServer) -> None:
    mine, rival = enrol(hq), enrol(hq)
    made = submit(hq)
    answer = take(hq, mine, made.ref.lower().replace("-", " "))  # read over the phone
    assert answer.status_code == 200, answer.text
    body = answer.json()
    taken_by = {"district_code": OFFICE, "device_tag": mine["device_tag"]}
    assert (body["ref"], body["status"], body["taken_by"]) == (made.ref, "taken", taken_by)
    assert body["submission"]["version"] == 2
    assert body["submission"]["data"]["status"] == "taken"
    assert body["submission"]["data"]["fields"]["phone"] == "+85512345678"
    # A lost answer is retried: the same again, nothing changes.
    again = take(hq, mine, made.ref)
    assert again.status_code == 200 and again.json()["submission"]["version"] == 2
    # The other desk of the district is told who has it.
    refused = take(hq, rival, made.ref)
    assert refused.status_code == 409
    assert refused.json()["error"] == "already_taken"
    assert refused.json()["taken_by"] == taken_by
    assert f"district {OFFICE} (laptop {mine['device_tag']})" in refused.json()["detail"]
    # Both desks' next pull carries the change, so it leaves the other desk's inbox.
    for device in (mine, rival):
        rows = pulled(hq, device)
        assert [(r["version"], r["data"]["status"], r["data"]["taken_by"]) for r in rows] == [
            (2, "taken", taken_by)]
    assert decline(hq, rival, made.ref, "not reachable").status_code == 409


def test_a_declined_submission_carries_its_reason(hq: LiveServer) -> None:
    mine, rival = enrol(hq), enrol(hq)
    made = submit(hq)
    # White space and control characters only, by Python's and by JavaScript's \s.
    for blank in (" \t\f", "\x1e", "\x85\u3000", "\ufeff", "\x00\x7f"):
        refused = decline(hq, mine, made.ref, blank)
        assert (refused.status_code, refused.json()["detail"].split(":")[0]) == (
            422, "reason"), repr(blank)
    assert decline(hq, mine, made.ref, "x" * 501).status_code == 422
    assert decline(hq, mine, made.ref, None).status_code == 422
    answer = decline(hq, mine, made.ref, "  Phone number does not answer ")
    assert answer.status_code == 200, answer.text
    data = answer.json()["submission"]["data"]
    assert (answer.json()["status"], data["status"], data["decline_reason"]) == (
        "declined", "declined", "Phone number does not answer")
    assert decline(hq, mine, made.ref, "Phone number does not answer").status_code == 200
    for refused in (take(hq, rival, made.ref), take(hq, mine, made.ref),
                    decline(hq, rival, made.ref, "no")):
        assert refused.status_code == 409
        assert refused.json()["error"] == "already_declined"
    rows = pulled(hq, rival)
    assert [(r["version"], r["data"]["status"]) for r in rows] == [(2, "declined")]


def test_a_submission_of_another_district_or_none_is_not_found(hq: LiveServer) -> None:
    made = submit(hq)
    neighbour, elsewhere = enrol(hq, NEIGHBOUR), enrol(hq, ELSEWHERE)
    for device in (neighbour, elsewhere):
        answer = take(hq, device, made.ref)
        assert answer.status_code == 404 and answer.json()["error"] == "not_found"
    here = enrol(hq)
    unknown = qrref.new_ref()
    assert take(hq, here, unknown).status_code == 404
    assert take(hq, here, "Q7KQ2-MXA0-nonsense").status_code == 404
    wrong_check = made.ref[:-1] + ("0" if made.ref[-1] != "0" else "1")
    assert take(hq, here, wrong_check).status_code == 404
    # Nothing changed for the district's own desk.
    assert pulled(hq, here)[0]["data"]["status"] == "waiting"


def test_take_and_decline_need_a_device_token_and_the_protocol(hq: LiveServer) -> None:
    made = submit(hq)
    no_token = requests.post(f"{hq.url}/v1/qr/{made.ref}/take", json={}, headers=HEADERS,
                             timeout=5)
    assert no_token.status_code == 401
    device = enrol(hq)
    old = requests.post(f"{hq.url}/v1/qr/{made.ref}/take", json={},
                        headers={"Authorization": f"Bearer {device['token']}"}, timeout=5)
    assert old.status_code == 426
    assert hq.revoke(device["device_id"])
    assert take(hq, device, made.ref).status_code == 403
    assert pulled(hq, enrol(hq))[0]["data"]["status"] == "waiting"


def test_desks_racing_for_one_submission_give_it_to_exactly_one(hq: LiveServer) -> None:
    devices = [enrol(hq) for _ in range(4)]
    made = submit(hq)
    answers: list[requests.Response] = []
    start = threading.Barrier(len(devices))

    def race(device: dict[str, Any]) -> None:
        start.wait()
        answers.append(take(hq, device, made.ref))

    threads = [threading.Thread(target=race, args=(d,)) for d in devices]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409, 409, 409], [a.text for a in answers]
    winner = next(a.json()["taken_by"] for a in answers if a.status_code == 200)
    assert all(a.json()["taken_by"] == winner for a in answers if a.status_code == 409)
    row = qs.get(hq.engine, made.ref)
    assert row is not None and row["version"] == 2 and row["data"]["taken_by"] == winner


def test_the_same_phone_sent_at_once_from_many_phones_is_one_record(hq: LiveServer) -> None:
    made: list[qs.Submission] = []
    start = threading.Barrier(4)

    def send(i: int) -> None:
        start.wait()
        found, errors = qs.submit_registration(
            hq.engine, returnee(name_latin=f"Sok Dara {'I' * (i + 1)}"), now=NOW)
        assert not errors and found is not None
        made.append(found)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(made) == 4 and len({m.ref for m in made}) == 1
    assert sorted(m.new for m in made) == [False, False, False, True]
    assert hq.count("qr_submissions") == 1
