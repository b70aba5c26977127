"""The headquarters API as a desk (or a bad client) meets it: per-record answers,
ownership by token, enrolment, limits, and never a 500 for bad input."""

from __future__ import annotations

import gzip
import json
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from app.domain import regno
from sync import protocol as p
from sync.client import ClientSettings
from sync.server import db
from sync.server.app import Limits
from tests.conftest import OFFICE, village_in
from tests.sync.conftest import LiveServer

HEADERS = {p.PROTOCOL_HEADER: "1"}


def enrol(hq: LiveServer, device_id: str | None = None, tag: str = "AAAAAA",
          code: str | None = None) -> dict[str, Any]:
    answer = requests.post(hq.url + "/v1/enrol", headers=HEADERS, timeout=5, json={
        "code": code or hq.code(), "device_id": device_id or str(uuid.uuid4()),
        "device_tag": tag, "office_code": OFFICE})
    assert answer.status_code == 200, answer.text
    return answer.json()


def record(device: dict[str, Any], seq: int, version: int = 1, **changes: Any) -> dict[str, Any]:
    data = {
        "registration_no": regno.format_number(OFFICE, device["device_tag"], seq),
        "name_km": "សុខ ដារ៉ា", "name_latin": "Sok Dara", "sex": "male",
        "date_of_birth": "1995-04-12", "age": None, "phone": None, "national_id": None,
        "home_village_code": village_in(OFFICE), "preferred_province_codes": ["05"],
        "sectors": ["construction"], "expected_salary_usd": 250, "returned_from": "TH",
        "return_date": "2026-07-01", "previous_job": "", "skills": "",
        "training_interests": [], "channel": "field", "consent": True, "notes": "",
        "duplicate_override_reason": None, "withdrawn": False, "withdrawn_reason": None,
        "created_at": "2026-11-20T03:00:00.000Z", "updated_at": "2026-11-20T03:00:00.000Z",
        # Each desk's own officer: headquarters binds an officer id to its device.
        "officer_id": f"officer-{device['device_tag']}",
    } | changes
    rid = changes.pop("id", None) or str(uuid.uuid5(uuid.NAMESPACE_URL, f"{device['device_id']}/{seq}"))
    schema = p.registration_schema(data)
    return {"type": "registration", "id": rid, "version": version,
            "hash": p.content_hash("registration", data, schema), "schema": schema,
            "data": data}


def push(hq: LiveServer, token: str | None, records: list[dict[str, Any]] | bytes,
         *, gz: bool = True, headers: dict[str, str] | None = None) -> requests.Response:
    body = records if isinstance(records, bytes) else json.dumps(
        {"records": records}, ensure_ascii=False).encode()
    h = dict(HEADERS)
    if token:
        h["Authorization"] = f"Bearer {token}"
    if gz:
        body = gzip.compress(body)
        h["Content-Encoding"] = "gzip"
    h["Content-Type"] = "application/json"
    h.update(headers or {})
    # A desk's own timeouts: the concurrency tests queue twenty pushes behind one lock.
    desk = ClientSettings()
    return requests.post(hq.url + "/v1/push", data=body, headers=h,
                         timeout=(desk.connect_timeout, desk.read_timeout))


def statuses(answer: requests.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [r["status"] for r in answer.json()["results"]]


def test_each_record_gets_its_own_answer(hq: LiveServer) -> None:
    device = enrol(hq)
    token = device["token"]
    assert statuses(push(hq, token, [record(device, 1), record(device, 2)])) == ["stored"] * 2
    # Replay: already had. Same version other content: conflict. Older: stale.
    v2 = record(device, 1, version=2, notes="changed")
    assert statuses(push(hq, token, [v2])) == ["stored"]
    answer = push(hq, token, [
        record(device, 2),                              # replay
        record(device, 2, notes="other"),               # same version, other content
        record(device, 1, version=1),                   # older than the stored v2
        record(device, 3, sex="unknown", age=99),       # broken rules
    ])
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["already_had", "conflict", "stale", "rejected"]
    assert results[1]["version"] == 1 and results[2]["version"] == 2
    rules = {(e["field"], e["rule"]) for e in results[3]["errors"]}
    assert ("sex", "invalid_choice") in rules
    assert answer.json()["hq_max_seq"] == 2
    assert hq.count() == 2


def test_records_belong_to_the_device_that_stored_them_first(hq: LiveServer) -> None:
    a, b = enrol(hq, tag="AAAAAA"), enrol(hq, tag="BBBBBB")
    rec = record(a, 1)
    assert statuses(push(hq, a["token"], [rec])) == ["stored"]
    # b pushes a's id (with its own number) and a's number under a new id
    stolen = record(b, 1, id=rec["id"])
    taken = record(a, 1, id=str(uuid.uuid4()))
    own_number_copy = dict(taken)
    answer = push(hq, b["token"], [stolen, own_number_copy]).json()["results"]
    assert answer[0]["status"] == "rejected"
    assert answer[0]["errors"][0]["rule"] == p.RULE_NOT_OWNER
    assert answer[1]["errors"][0]["rule"] == p.RULE_WRONG_DEVICE_TAG
    # a itself pushing another record under a number it already used
    dup = record(a, 1, id=str(uuid.uuid4()))
    answer = push(hq, a["token"], [dup]).json()["results"]
    assert answer[0]["errors"][0]["rule"] == p.RULE_REGISTRATION_NO_TAKEN
    assert hq.count() == 1


def test_device_comes_from_the_token_never_the_body(hq: LiveServer) -> None:
    a, b = enrol(hq, tag="AAAAAA"), enrol(hq, tag="BBBBBB")
    rec = record(b, 1)
    rec["data"]["device_id"] = a["device_id"]
    rec["device_id"] = a["device_id"]
    assert statuses(push(hq, b["token"], [rec])) == ["stored"]
    assert hq.export()[0]["device_id"] == b["device_id"]


def test_tokens_are_stored_hashed(hq: LiveServer) -> None:
    device = enrol(hq)
    with hq.engine.connect() as conn:
        stored = conn.execute(sa.select(db.devices.c.token_hash)).scalar_one()
    assert device["token"] not in stored and len(stored) == 64


def test_revoked_device_gets_403_and_stores_nothing(hq: LiveServer) -> None:
    device = enrol(hq)
    assert hq.revoke(device["device_id"])
    answer = push(hq, device["token"], [record(device, 1)])
    assert answer.status_code == 403
    assert answer.json()["error"] == "device_revoked"
    assert hq.count() == 0
    # and it cannot come back with a new code
    again = requests.post(hq.url + "/v1/enrol", headers=HEADERS, timeout=5, json={
        "code": hq.code(), "device_id": device["device_id"], "device_tag": "AAAAAA",
        "office_code": OFFICE})
    assert again.status_code == 403


def test_same_device_may_redeem_a_code_again_for_a_day(hq_db_url: str) -> None:
    now = [datetime(2026, 11, 25, 3, 0, tzinfo=UTC)]
    hq = LiveServer(hq_db_url, clock=lambda: now[0]).start()
    try:
        code = hq.code()
        device_id = str(uuid.uuid4())
        first = enrol(hq, device_id, code=code)
        second = enrol(hq, device_id, code=code)  # the first answer was lost
        assert first["token"] != second["token"]
        assert first["device_tag"] == second["device_tag"]
        # the token never received no longer works; the new one does
        assert push(hq, first["token"], []).status_code == 401
        assert push(hq, second["token"], []).status_code == 200
        other = requests.post(hq.url + "/v1/enrol", headers=HEADERS, timeout=5, json={
            "code": code, "device_id": str(uuid.uuid4()), "device_tag": "AAAAAA",
            "office_code": OFFICE})
        assert other.status_code == 409 and other.json()["error"] == "enrolment_code_used"
        now[0] += timedelta(hours=25)
        late = requests.post(hq.url + "/v1/enrol", headers=HEADERS, timeout=5, json={
            "code": code, "device_id": device_id, "device_tag": "AAAAAA",
            "office_code": OFFICE})
        assert late.status_code == 409
    finally:
        hq.stop()


def test_enrolment_refuses_unknown_codes_and_other_districts(hq: LiveServer) -> None:
    body = {"code": "AAAA-BBBB-CCCC", "device_id": str(uuid.uuid4()), "device_tag": "AAAAAA",
            "office_code": OFFICE}
    answer = requests.post(hq.url + "/v1/enrol", headers=HEADERS, json=body, timeout=5)
    assert answer.status_code == 403
    body["code"] = hq.code("0101")
    answer = requests.post(hq.url + "/v1/enrol", headers=HEADERS, json=body, timeout=5)
    assert answer.status_code == 409 and answer.json()["error"] == "district_mismatch"


def test_protocol_header_is_required(hq: LiveServer) -> None:
    device = enrol(hq)
    for value in (None, "0", "2", "x"):
        headers = {"Authorization": f"Bearer {device['token']}"}
        if value is not None:
            headers[p.PROTOCOL_HEADER] = value
        answer = requests.get(hq.url + "/v1/changes", headers=headers, timeout=5)
        assert answer.status_code == 426
        assert answer.json()["supported"] == [1]
    assert requests.get(hq.url + "/v1/health", timeout=5).status_code == 200


def test_unknown_token_gets_401(hq: LiveServer) -> None:
    assert push(hq, None, []).status_code == 401
    assert push(hq, "jcd1_nope", []).status_code == 401


def test_size_limit_counts_decompressed_bytes(hq_db_url: str) -> None:
    hq = LiveServer(hq_db_url, limits=Limits(max_body_bytes=200_000, max_records=50)).start()
    try:
        device = enrol(hq)
        bomb = b'{"records": [' + b" " * 50_000_000 + b"]}"  # 50 MB of spaces, ~50 kB gzip
        answer = push(hq, device["token"], bomb)
        assert answer.status_code == 413
        assert answer.json()["error"] == "body_too_large"
        many = push(hq, device["token"], [record(device, i) for i in range(1, 60)])
        assert many.status_code == 413
        plain = push(hq, device["token"], b"x" * 300_000, gz=False)
        assert plain.status_code == 413
        assert hq.count() == 0
    finally:
        hq.stop()


@pytest.mark.parametrize("body, gz, why", [
    (b"not gzip at all", False, "valid JSON"),
    (b"\x1f\x8b\x08garbage", False, "gzip"),
    (b"{\"records\": 5}", True, "records"),
    (b"{\"records\": [{\"id\": 1}]}", True, "records.0"),
    (b"[1, 2, 3]", True, "body"),
    (b"{\"records\": [", True, "valid JSON"),
])
def test_malformed_bodies_get_422_with_a_reason(hq: LiveServer, body: bytes, gz: bool,
                                               why: str) -> None:
    device = enrol(hq)
    headers = {"Content-Encoding": "gzip"} if not gz and body.startswith(b"\x1f") else None
    answer = push(hq, device["token"], body, gz=gz, headers=headers)
    assert answer.status_code == 422, answer.text
    assert why in answer.json()["detail"]


def test_truncated_gzip_gets_422(hq: LiveServer) -> None:
    device = enrol(hq)
    body = gzip.compress(json.dumps({"records": [record(device, 1)]}).encode())
    answer = push(hq, device["token"], body[: len(body) // 2], gz=False,
                  headers={"Content-Encoding": "gzip"})
    assert answer.status_code == 422


def test_random_garbage_never_gets_a_500(hq: LiveServer) -> None:
    device = enrol(hq)
    rng = random.Random(7)
    good = record(device, 1)
    junk_values: list[Any] = [None, True, -1, 2**70, 1.5, "", "x" * 5000, [], {}, [[[]]],
                              {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {}}}}}}}}},
                              "\u0000", "០១២", float("1e308")]
    for _ in range(150):
        rec = json.loads(json.dumps(good))
        target = rec if rng.random() < 0.3 else rec["data"]
        key = rng.choice(list(target))
        target[key] = rng.choice(junk_values)
        answer = push(hq, device["token"], [rec])
        assert answer.status_code in (200, 413, 422), (key, target[key], answer.text)
    for path in ("/v1/changes?cursor=-1", "/v1/changes?cursor=abc", "/v1/changes?limit=0",
                 "/v1/records/registration/%00", "/v1/records/x/" + "y" * 3000):
        answer = requests.get(hq.url + path, timeout=5, headers=HEADERS | {
            "Authorization": f"Bearer {device['token']}"})
        assert answer.status_code in (404, 422), (path, answer.status_code)


def test_fetch_returns_only_this_devices_records(hq: LiveServer) -> None:
    a, b = enrol(hq, tag="AAAAAA"), enrol(hq, tag="BBBBBB")
    rec = record(a, 1)
    push(hq, a["token"], [rec])
    url = f"{hq.url}/v1/records/registration/{rec['id']}"
    mine = requests.get(url, headers=HEADERS | {"Authorization": f"Bearer {a['token']}"},
                        timeout=5)
    assert mine.status_code == 200
    assert mine.json()["record"]["hash"] == rec["hash"]
    theirs = requests.get(url, headers=HEADERS | {"Authorization": f"Bearer {b['token']}"},
                          timeout=5)
    assert theirs.status_code == 404


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_busy_database_gets_503_with_retry_after(hq: LiveServer, hq_db_url: str) -> None:
    # A held SQLite write lock is the simplest busy database to make.
    device = enrol(hq)
    blocker = sa.create_engine(hq_db_url)
    with blocker.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        answer = push(hq, device["token"], [record(device, 1)])
        conn.exec_driver_sql("ROLLBACK")
    blocker.dispose()
    assert answer.status_code == 503
    assert answer.headers["Retry-After"].isdigit()
    assert statuses(push(hq, device["token"], [record(device, 1)])) == ["stored"]


def test_openapi_document_lists_every_endpoint(hq: LiveServer) -> None:
    doc = requests.get(hq.url + "/openapi.json", timeout=5).json()
    assert set(doc["paths"]) == {"/v1/health", "/v1/enrol", "/v1/push", "/v1/changes",
                                 "/v1/records/{record_type}/{record_id}",
                                 "/v1/qr/{ref}/take", "/v1/qr/{ref}/decline"}
    assert "PushRequest" in doc["components"]["schemas"]
