"""Headquarters trusts only what a device can prove (issue 17): an attacker with one
enrolment code and another laptop's device id (every desk learns other desks' ids) can
neither take that laptop over, nor block its numbering, nor forge referrals. Each test
is one attack and what headquarters now answers, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from app.domain import regno
from app.services import sync as sync_service
from app.store import meta
from app.store.connection import transaction
from sync import client as wire
from sync import protocol as p
from sync.server import audit, db, records
from sync.server.records import SEQUENCE_STEP
from tests.conftest import OFFICE
from tests.console import documented, jobcentre_hq
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import register_some
from tests.sync.test_server_api import HEADERS, enrol, push, record, statuses
from tests.test_employers_store import GARMENT


def enrol_call(hq: LiveServer, device_id: str, *, code: str | None = None,
               token: str | None = None, office: str = OFFICE, tag: str = "CCCCCC"
               ) -> requests.Response:
    headers = dict(HEADERS)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(hq.url + "/v1/enrol", headers=headers, timeout=5, json={
        "code": code, "device_id": device_id, "device_tag": tag, "office_code": office})


def assert_still_works(hq: LiveServer, device: dict[str, Any], seq: int) -> None:
    """The device's own token still pushes (and the record is its)."""
    assert statuses(push(hq, device["token"], [record(device, seq)])) == ["stored"]


def error_of(answer: requests.Response) -> tuple[int, str]:
    return answer.status_code, answer.json()["error"]


# --- taking a device over -------------------------------------------------------------------


def test_a_fresh_code_cannot_take_over_an_enrolled_device(hq: LiveServer) -> None:
    victim = enrol(hq, tag="VVVVVV")
    # The attacker's own code, for the victim's district, then for another district.
    code = hq.code()
    assert error_of(enrol_call(hq, victim["device_id"], code=code)) == (
        409, "device_already_enrolled")
    # (saying it is an office of that district does not help: the device's is 0502)
    assert error_of(enrol_call(hq, victim["device_id"], code=hq.code("0101"),
                               office="0101")) == (409, "district_mismatch")
    assert error_of(enrol_call(hq, victim["device_id"], code=hq.code("0101"))) == (
        409, "district_mismatch")
    assert_still_works(hq, victim, 1)
    # The refused code was not used up: it still enrols a new device.
    assert enrol_call(hq, str(uuid.uuid4()), code=code).status_code == 200


def test_another_devices_token_is_no_proof(hq: LiveServer) -> None:
    victim, attacker = enrol(hq, tag="VVVVVV"), enrol(hq, tag="AAAAAA")
    answer = enrol_call(hq, victim["device_id"], token=attacker["token"])
    assert error_of(answer) == (403, "enrolment_code_invalid")
    answer = enrol_call(hq, victim["device_id"], token=attacker["token"], code=hq.code())
    assert error_of(answer) == (409, "device_already_enrolled")
    assert_still_works(hq, victim, 1)
    assert_still_works(hq, attacker, 1)


def test_the_current_token_rotates_and_the_old_one_stops(hq: LiveServer) -> None:
    device = enrol(hq, tag="VVVVVV")
    assert statuses(push(hq, device["token"], [record(device, 7)])) == ["stored"]
    answer = enrol_call(hq, device["device_id"], token=device["token"])
    assert answer.status_code == 200, answer.text
    rotated = answer.json()
    assert rotated["token"] != device["token"]
    assert rotated["device_tag"] == "VVVVVV" and rotated["hq_max_seq"] == 7
    assert push(hq, device["token"], []).status_code == 401
    assert_still_works(hq, device | {"token": rotated["token"]}, 8)
    # Rotation keeps the device in its district.
    again = enrol_call(hq, device["device_id"], token=rotated["token"], office="0101")
    assert error_of(again) == (409, "district_mismatch")
    assert push(hq, rotated["token"], []).status_code == 200


def test_a_rotation_whose_answer_was_lost_can_be_asked_again(hq: LiveServer) -> None:
    device = enrol(hq)
    lost = enrol_call(hq, device["device_id"], token=device["token"]).json()["token"]
    # The desk never got ``lost``: it asks again with the token it holds.
    answer = enrol_call(hq, device["device_id"], token=device["token"])
    assert answer.status_code == 200
    newest = answer.json()["token"]
    assert push(hq, lost, []).status_code == 401
    assert push(hq, device["token"], []).status_code == 401  # never for push or pull
    assert push(hq, newest, []).status_code == 200
    # Once the new token has been used, the old one proves nothing any more.
    assert error_of(enrol_call(hq, device["device_id"], token=device["token"])) == (
        403, "enrolment_code_invalid")
    assert push(hq, newest, []).status_code == 200


def test_a_revoked_device_cannot_rotate_its_token(hq: LiveServer) -> None:
    device = enrol(hq)
    assert hq.revoke(device["device_id"])
    assert error_of(enrol_call(hq, device["device_id"], token=device["token"])) == (
        403, "device_revoked")


@documented("jobcentre-hq --db URL enrolment-code --device DEVICE_ID")
def test_a_reenrolment_code_is_for_its_device_only_and_audited(
        hq: LiveServer, hq_db_url: str) -> None:
    victim = enrol(hq, tag="VVVVVV")
    assert_still_works(hq, victim, 3)
    made = jobcentre_hq(hq_db_url, "enrolment-code", "--device", victim["device_id"])
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().splitlines()[-1]
    assert victim["device_id"] in made.stdout and OFFICE in made.stdout
    with hq.engine.connect() as conn:
        logged = list(audit.newest(conn))
    assert [(r["actor"], r["action"], r["target"]) for r in logged][0] == (
        audit.CLI, "reenrolment_code", victim["device_id"])

    # Someone else holding the code cannot enrol with it, neither as a new device nor in
    # another district; the victim keeps working.
    assert error_of(enrol_call(hq, str(uuid.uuid4()), code=code)) == (
        409, "enrolment_code_other_device")
    assert_still_works(hq, victim, 4)
    # The laptop that lost its token gets a new one; the old one stops; tag and floor stay.
    answer = enrol_call(hq, victim["device_id"], code=code, tag="ZZZZZZ")
    assert answer.status_code == 200, answer.text
    back = answer.json()
    assert back["device_tag"] == "VVVVVV" and back["hq_max_seq"] == 4
    assert push(hq, victim["token"], []).status_code == 401
    assert_still_works(hq, victim | {"token": back["token"]}, 5)

    missing = jobcentre_hq(hq_db_url, "enrolment-code", "--device", str(uuid.uuid4()))
    assert missing.returncode == 1 and "no device" in missing.stderr
    assert hq.revoke(victim["device_id"])
    revoked = jobcentre_hq(hq_db_url, "enrolment-code", "--device", victim["device_id"])
    assert revoked.returncode == 1 and "revoked" in revoked.stderr


def test_a_district_code_is_audited(hq: LiveServer, hq_db_url: str) -> None:
    made = jobcentre_hq(hq_db_url, "enrolment-code", "--district", OFFICE)
    assert made.returncode == 0, made.stderr
    with hq.engine.connect() as conn:
        row = next(audit.newest(conn))
    assert (row["action"], row["target"]) == ("enrolment_code", OFFICE)


# --- numbering --------------------------------------------------------------------------------


def numbered(device: dict[str, Any], number: str, **changes: Any) -> dict[str, Any]:
    return record(device, 1, id=str(uuid.uuid4()), registration_no=number, **changes)


def rules(answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [e["rule"] for r in answer.json()["results"] for e in r.get("errors", [])]


def test_a_poisoned_sequence_cannot_block_a_laptops_numbering(hq: LiveServer) -> None:
    device = enrol(hq)
    tag = device["device_tag"]
    assert statuses(push(hq, device["token"], [record(device, 1)])) == ["stored"]
    poison = numbered(device, regno.format_number(OFFICE, tag, 999_999_999))
    answer = push(hq, device["token"], [poison])
    assert rules(answer) == [p.RULE_SEQUENCE_TOO_FAR]
    assert answer.json()["hq_max_seq"] == 1
    # The laptop's next number is still taken; the furthest a push may go is the step.
    assert statuses(push(hq, device["token"], [record(device, 2)])) == ["stored"]
    edge = numbered(device, regno.format_number(OFFICE, tag, 2 + SEQUENCE_STEP))
    past = numbered(device, regno.format_number(OFFICE, tag, 3 + SEQUENCE_STEP))
    answer = push(hq, device["token"], [past, edge])
    assert [r["status"] for r in answer.json()["results"]] == ["rejected", "stored"]
    assert answer.json()["hq_max_seq"] == 2 + SEQUENCE_STEP


def test_a_number_must_carry_the_devices_district(hq: LiveServer) -> None:
    device = enrol(hq)
    elsewhere = numbered(device, regno.format_number("0101", device["device_tag"], 5))
    assert rules(push(hq, device["token"], [elsewhere])) == [p.RULE_WRONG_DISTRICT]
    assert hq.count() == 0


def test_an_officer_belongs_to_the_device_that_sent_it_first(hq: LiveServer) -> None:
    a, b = enrol(hq, tag="AAAAAA"), enrol(hq, tag="BBBBBB")
    assert statuses(push(hq, a["token"], [record(a, 1, officer_id="officer-sokha")])) == [
        "stored"]
    # b signs its record with a's officer; a new officer of b's own in the same batch is
    # b's from now on.
    answer = push(hq, b["token"], [record(b, 1, officer_id="officer-sokha"),
                                   record(b, 2, officer_id="officer-dara")])
    assert [r["status"] for r in answer.json()["results"]] == ["rejected", "stored"]
    assert rules(answer) == [p.RULE_OFFICER_OF_OTHER_DEVICE]
    assert rules(push(hq, a["token"], [record(a, 2, officer_id="officer-dara")])) == [
        p.RULE_OFFICER_OF_OTHER_DEVICE]
    assert statuses(push(hq, a["token"], [record(a, 3, officer_id="officer-sokha")])) == [
        "stored"]
    assert {r["officer_id"] for r in hq.export()} == {"officer-sokha", "officer-dara"}


# --- referrals --------------------------------------------------------------------------------

STAMP = "2026-11-20T03:00:00.000Z"


def referral(device: dict[str, Any], registration_id: str, request_id: str,
             status: str = "hired") -> dict[str, Any]:
    return p.wire_record(p.REFERRAL, {
        "id": str(uuid.uuid4()), "version": 1, "registration_id": registration_id,
        "request_id": request_id, "status": status, "status_date": "2026-11-20",
        "notes": "", "created_at": STAMP, "updated_at": STAMP,
        "officer_id": f"officer-{device['device_tag']}"})


def hire_counts(hq: LiveServer, request_id: str) -> dict[str, Any]:
    with hq.engine.connect() as conn:
        row = conn.execute(sa.select(db.employer_requests.c.data)
                           .where(db.employer_requests.c.id == request_id)).scalar_one()
    data = row if isinstance(row, dict) else json.loads(row)
    return {k: data[k] for k in ("hired", "referred", "filled")}


def test_forged_referrals_are_refused_and_never_counted(hq: LiveServer) -> None:
    victim, attacker = enrol(hq, tag="VVVVVV"), enrol(hq, tag="AAAAAA")
    request_id, _ = records.add_request(hq.engine, GARMENT | {"workers_needed": 1},
                                        datetime(2026, 11, 20, 3, tzinfo=UTC))
    theirs = record(victim, 1, sex="female")
    mine = record(attacker, 1, sex="female")
    assert statuses(push(hq, victim["token"], [theirs])) == ["stored"]
    forged = [
        referral(attacker, str(uuid.uuid4()), request_id),        # a returnee nowhere
        referral(attacker, theirs["id"], request_id),              # another district's
        referral(attacker, mine["id"], str(uuid.uuid4())),         # a request nowhere
    ]
    answer = push(hq, attacker["token"], [mine, *forged])
    assert [r["status"] for r in answer.json()["results"]] == ["stored"] + ["rejected"] * 3
    assert rules(answer) == [p.RULE_UNKNOWN_REGISTRATION, p.RULE_NOT_OWN_REGISTRATION,
                             p.RULE_UNKNOWN_REQUEST]
    assert hq.count("referrals") == 0
    assert hire_counts(hq, request_id) == {"hired": 0, "referred": 0, "filled": False}

    # A referral stored before headquarters checked (an older server) counts for
    # nothing either: only the registration's own device's referrals are counted.
    with db.writing(hq.engine) as conn:
        data = {"registration_id": theirs["id"], "request_id": request_id,
                "status": "hired", "device_id": attacker["device_id"]}
        conn.execute(sa.insert(db.referrals).values(
            id=str(uuid.uuid4()), version=1, hash="0" * 64, registration_id=theirs["id"],
            request_id=request_id, data=data, updated_at=STAMP,
            change_no=records.take_change_numbers(conn, 1)))
    own = referral(attacker, mine["id"], request_id, status="referred")
    assert statuses(push(hq, attacker["token"], [own])) == ["stored"]
    assert hire_counts(hq, request_id) == {"hired": 0, "referred": 1, "filled": False}
    # The victim's real hire fills the one place.
    hired = referral(victim, theirs["id"], request_id)
    assert statuses(push(hq, victim["token"], [hired])) == ["stored"]
    assert hire_counts(hq, request_id) == {"hired": 1, "referred": 2, "filled": True}


def test_a_referral_and_its_registration_may_travel_in_one_batch(hq: LiveServer) -> None:
    device = enrol(hq)
    request_id, _ = records.add_request(hq.engine, GARMENT | {"workers_needed": 5},
                                        datetime(2026, 11, 20, 3, tzinfo=UTC))
    rec = record(device, 1, sex="female")
    answer = push(hq, device["token"], [referral(device, rec["id"], request_id), rec])
    assert statuses(answer) == ["stored", "stored"]
    assert hire_counts(hq, request_id)["hired"] == 1


# --- the desk's side ------------------------------------------------------------------------


def test_an_enrolled_desk_enrols_again_with_its_token(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    register_some(desk, raw, 2)
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 2
    old = meta.get(desk.conn, "sync.token")
    code = hq.code()
    # The officer enrols again with a new district code (Settings, or `jobcentre
    # enrol`): the token proves it is this laptop.
    sync_service.enrol(desk, hq.url, code)
    new = meta.get(desk.conn, "sync.token")
    assert new != old
    assert push(hq, old, []).status_code == 401
    register_some(desk, raw, 1, start=2)
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 1
    # The code was checked and used up; a mistyped one is refused, the token still good.
    assert error_of(enrol_call(hq, str(uuid.uuid4()), code=code)) == (
        409, "enrolment_code_used")
    with pytest.raises(wire.Refused) as caught:
        sync_service.enrol(desk, hq.url, "AAAA-BBBB-CCCC")
    assert caught.value.params["error"] == "enrolment_code_invalid"
    assert meta.get(desk.conn, "sync.token") == new
    assert push(hq, new, []).status_code == 200


def test_a_desk_with_a_copied_device_id_is_refused_in_words(hq: LiveServer, make_desk,
                                                            raw) -> None:
    victim = enrolled(make_desk(), hq.url, hq.code())
    attacker = make_desk("attacker")
    with transaction(attacker.conn):
        meta.put(attacker.conn, "device_id", victim.device_id)  # read off an export row
    with pytest.raises(wire.Refused) as caught:
        sync_service.enrol(attacker, hq.url, hq.code())
    assert caught.value.params["error"] == "device_already_enrolled"
    # Words of the desk's own, in whichever language is installed, not the server's detail.
    words = sync_service.failure_text(caught.value)
    assert "re-enrolment code for this laptop" in words or "លេខកូដចុះបញ្ជីឡើងវិញ" in words
    assert meta.get(attacker.conn, "sync.token") is None
    register_some(victim, raw, 1)
    assert sync_service.run(victim.data_dir).counts[p.STORED] == 1
