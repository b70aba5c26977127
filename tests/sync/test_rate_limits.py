"""Per-address rate limits at headquarters: guessing enrolment codes gets 429 with
Retry-After after a handful of refusals (only refusals count), pushes are limited too,
and the desk waits as long as headquarters asks before it tries again."""

from __future__ import annotations

import math
import re
import threading
import time
import uuid
from collections.abc import Iterator

import pytest
import requests

from app.services import registrations
from app.services import sync as sync_service
from sync.server.ratelimit import RateLimiter
from tests.conftest import OFFICE
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import assert_hq_holds_exactly, register_some
from tests.sync.test_server_api import HEADERS, push
from tests.sync.test_sync_command import jobcentre


class RecordingLimiter(RateLimiter):
    """The real limiter, noting when each hit came and what it answered."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.hits: list[tuple[str, str, float, int | None]] = []
        self._lock = threading.Lock()

    def hit(self, scope: str, address: str) -> int | None:
        wait = super().hit(scope, address)
        with self._lock:
            self.hits.append((scope, address, time.time(), wait))
        return wait


@pytest.fixture
def limited(hq_db_url: str, request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    server = LiveServer(hq_db_url, limiter=RecordingLimiter(rates=request.param)).start()
    yield server
    server.stop()


def enrol_body(code: str, **changes: str) -> dict[str, str]:
    return {"code": code, "device_id": str(uuid.uuid4()), "device_tag": "AAAAAA",
            "office_code": OFFICE, **changes}


def post_enrol(hq: LiveServer, body: dict, address: str | None = None) -> requests.Response:
    # uvicorn trusts X-Forwarded-For from 127.0.0.1, as from a reverse proxy on the same
    # machine: so a test can speak from several addresses.
    headers = dict(HEADERS, **({"X-Forwarded-For": address} if address else {}))
    return requests.post(hq.url + "/v1/enrol", headers=headers, json=body, timeout=5)


@pytest.mark.parametrize("limited", [{"enrol_failed": "3/10 minutes"}], indirect=True)
def test_guessing_enrolment_codes_gets_429_with_retry_after(limited: LiveServer) -> None:
    hq = limited
    # Malformed requests and a good enrolment are not guesses: they count for nothing.
    for _ in range(5):
        assert post_enrol(hq, {"code": "x"}).status_code == 422
    assert post_enrol(hq, enrol_body(hq.code())).status_code == 200
    for guess in ("AAAA-BBBB-CCCC", "AAAA-BBBB-CCCD", "AAAA-BBBB-CCCE"):
        assert post_enrol(hq, enrol_body(guess)).status_code == 403
    # The fourth is refused before it is even looked at, a real code included.
    answer = post_enrol(hq, enrol_body(hq.code()))
    assert answer.status_code == 429
    assert answer.json()["error"] == "rate_limited"
    assert 1 <= int(answer.headers["Retry-After"]) <= 600
    assert answer.headers["X-JCD-Protocol"] == "1"
    # Another address is not held back by this one's guesses.
    assert post_enrol(hq, enrol_body(hq.code()), address="203.0.113.9").status_code == 200
    assert post_enrol(hq, enrol_body("AAAA-BBBB-CCCF")).status_code == 429


@pytest.mark.parametrize("limited", [{"enrol_failed": "2/10 minutes"}], indirect=True)
def test_the_desk_says_how_long_to_wait_after_too_many_wrong_codes(
        limited: LiveServer, make_desk) -> None:
    desk = make_desk()
    for _ in range(2):
        with pytest.raises(sync_service.wire.Refused):
            sync_service.enrol(desk, limited.url, "AAAA-BBBB-CCCC")
    with pytest.raises(sync_service.wire.TooManyWrongCodes) as caught:
        sync_service.enrol(desk, limited.url, limited.code())
    assert 1 <= caught.value.retry_after <= 600
    minutes = math.ceil(caught.value.retry_after / 60)
    assert sync_service.failure_text(caught.value) == (
        f"Too many wrong enrolment codes from this computer: wait {minutes} minutes and "
        "try again")
    # The command says the same, in Khmer under a Khmer LANG, and exits 1.
    done = jobcentre(desk.data_dir, "enrol", "--server", limited.url, "--code",
                     limited.code(), lang="km_KH.UTF-8")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert re.search(r"កុំព្យូទ័រនេះបានវាយកូដចុះបញ្ជីខុសច្រើនដងពេក៖ សូមរង់ចាំ \d+ នាទី",
                     done.stderr), done.stderr


@pytest.mark.parametrize("limited", [{"push": "1/hour"}], indirect=True)
def test_a_push_told_to_wait_longer_than_the_run_may_gives_up_and_says_why(
        limited: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), limited.url, limited.code())
    for key, value in {"batch_size": "10", "max_batch": "10", "in_flight": "1"}.items():
        desk.set_setting(f"sync.{key}", value)
    register_some(desk, raw, 15)
    with pytest.raises(sync_service.wire.GaveUp) as caught:
        sync_service.run(desk.data_dir)
    assert registrations.sync_counts(desk) == {"pending": 5, "sent": 10, "quarantined": 0}
    assert sync_service.failure_text(caught.value) == (
        "Gave up for now: Headquarters asks this computer to wait 60 minutes before trying "
        "again (too many requests)")


@pytest.mark.parametrize("limited", [{"push": "3/minute"}], indirect=True)
def test_pushes_are_limited_per_address(limited: LiveServer) -> None:
    from tests.sync.test_server_api import enrol

    device = enrol(limited)
    assert [push(limited, device["token"], []).status_code for _ in range(4)] == [
        200, 200, 200, 429]
    other = push(limited, device["token"], [], headers={"X-Forwarded-For": "203.0.113.9"})
    assert other.status_code == 200


@pytest.mark.parametrize("limited", [{"push": "2/2 seconds"}], indirect=True)
def test_the_desk_waits_as_long_as_a_429_asks_then_finishes(limited: LiveServer,
                                                            make_desk, raw) -> None:
    desk = enrolled(make_desk(), limited.url, limited.code())
    for key, value in {"batch_size": "10", "max_batch": "10", "in_flight": "1",
                       "give_up_after": "30"}.items():
        desk.set_setting(f"sync.{key}", value)
    register_some(desk, raw, 45)
    report = sync_service.run(desk.data_dir)
    assert registrations.sync_counts(desk) == {"pending": 0, "sent": 45, "quarantined": 0}
    assert_hq_holds_exactly(limited, desk)
    pushes = [(when, wait) for scope, _, when, wait in limited.limiter.hits
              if scope == "push"]
    refused = [(when, wait) for when, wait in pushes if wait is not None]
    assert refused and report.retries >= len(refused)
    # After each 429, the desk's next push came no sooner than Retry-After said.
    for when, wait in refused:
        later = [t for t, _ in pushes if t > when]
        assert later and min(later) >= when + wait
