"""Many clients at once, pushing overlapping and replayed batches: every record is
stored exactly once, and exactly one answer says "stored" for it."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from sync import protocol as p
from sync.server.ratelimit import DEFAULT_RATES, RateLimiter
from tests.sync.conftest import LiveServer
from tests.sync.test_server_api import enrol, push, record

DEVICES = 5
THREADS_PER_DEVICE = 4  # 20 clients at once
RECORDS_PER_DEVICE = 120


@pytest.fixture
def hq(hq_db_url: str) -> Iterator[LiveServer]:
    # Twenty clients on one address retrying 503s at once are a storm no desk makes:
    # no per-address push limit here (tests/sync/test_rate_limits.py tests it).
    rates = {scope: rate for scope, rate in DEFAULT_RATES.items() if scope != "push"}
    server = LiveServer(hq_db_url, limiter=RateLimiter(rates=rates)).start()
    yield server
    server.stop()


def test_many_clients_replaying_overlapping_batches_store_each_record_once(
        hq: LiveServer) -> None:
    devices = [enrol(hq, tag=f"{'ABCDE'[i]}{i}0000") for i in range(DEVICES)]
    records = {d["device_id"]: [record(d, seq) for seq in range(1, RECORDS_PER_DEVICE + 1)]
               for d in devices}
    answers: Counter[tuple[str, str]] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(DEVICES * THREADS_PER_DEVICE)

    def client(device: dict, seed: int) -> None:
        rng = random.Random(seed)
        mine = records[device["device_id"]]
        start.wait()
        for _ in range(6):
            # an overlapping slice, shuffled, with some records twice in the batch
            lo = rng.randrange(0, len(mine) - 40)
            batch = mine[lo:lo + rng.randrange(20, 60)]
            batch = batch + rng.sample(batch, 5)
            rng.shuffle(batch)
            answer = push(hq, device["token"], batch)
            assert answer.status_code in (200, 503), answer.text
            if answer.status_code == 200:
                with lock:
                    for got in answer.json()["results"]:
                        answers[(got["id"], got["status"])] += 1
        # finally every record once more, so every one has surely arrived
        for lo in range(0, len(mine), 60):
            answer = push(hq, device["token"], mine[lo:lo + 60])
            while answer.status_code == 503:
                answer = push(hq, device["token"], mine[lo:lo + 60])
            with lock:
                for got in answer.json()["results"]:
                    answers[(got["id"], got["status"])] += 1

    with ThreadPoolExecutor(DEVICES * THREADS_PER_DEVICE) as pool:
        futures = [pool.submit(client, d, i * 100 + t)
                   for i, d in enumerate(devices) for t in range(THREADS_PER_DEVICE)]
        for f in futures:
            f.result()

    total = DEVICES * RECORDS_PER_DEVICE
    assert hq.count() == total
    exported = hq.export()
    assert len({r["id"] for r in exported}) == len(exported) == total
    assert len({r["registration_no"] for r in exported}) == total
    all_ids = {r["id"] for rs in records.values() for r in rs}
    for record_id in all_ids:
        assert answers[(record_id, p.STORED)] == 1, record_id
    assert {status for _, status in answers} <= {p.STORED, p.ALREADY_HAD}
    # change numbers are unique: a cursor can walk them without ties
    with hq.engine.connect() as conn:
        numbers = conn.execute(sa.text("SELECT change_no FROM registrations")).scalars().all()
    assert len(set(numbers)) == total


def test_many_devices_racing_for_one_number_only_one_wins(hq: LiveServer) -> None:
    # Same tag for all would be refused by enrolment; so one device, many threads, many
    # ids under one number: exactly one record holds it, the others are told it is taken.
    device = enrol(hq, tag="RACE00")
    contenders = [record(device, 7, id=f"00000000-0000-4000-8000-{i:012d}") for i in range(20)]
    start = threading.Barrier(20)

    def go(rec: dict) -> str:
        start.wait()
        answer = push(hq, device["token"], [rec])
        while answer.status_code == 503:
            answer = push(hq, device["token"], [rec])
        return answer.json()["results"][0]["status"]

    with ThreadPoolExecutor(20) as pool:
        got = list(pool.map(go, contenders))
    assert got.count(p.STORED) == 1
    assert got.count(p.REJECTED) == 19
    assert hq.count() == 1


def test_pull_cursor_never_skips_a_late_commit(hq: LiveServer) -> None:
    """Writers take change numbers in commit order, so a reader polling during a storm
    of writes sees numbers only ever grow past its cursor."""
    devices = [enrol(hq, tag=f"PQRS0{i}") for i in range(4)]
    stop = threading.Event()
    seen: list[int] = []
    missing: list[int] = []

    def reader() -> None:
        cursor = 0
        with hq.engine.connect() as conn:
            while not stop.is_set():
                rows = conn.execute(sa.text(
                    "SELECT change_no FROM registrations WHERE change_no > :c ORDER BY change_no"
                ), {"c": cursor}).scalars().all()
                conn.rollback()
                if rows:
                    seen.extend(rows)
                    cursor = rows[-1]
        with hq.engine.connect() as conn:
            final = conn.execute(sa.text("SELECT change_no FROM registrations")).scalars().all()
        missing.extend(sorted(set(final) - set(seen)))

    def writer(device: dict) -> None:
        for lo in range(1, 200, 20):
            push(hq, device["token"], [record(device, s) for s in range(lo, lo + 20)])

    thread = threading.Thread(target=reader)
    thread.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(writer, devices))
    # one more pass of the reader after the last commit
    stop.set()
    thread.join()
    # A reader that skipped a late commit would have moved its cursor past a number it
    # never saw. Whatever it saw during the storm it saw in order, and the final pass
    # found nothing below its cursor that it had missed.
    assert seen == sorted(seen)
    assert not [n for n in missing if n < max(seen, default=0)]


def test_health_answers_while_pushes_run(hq: LiveServer) -> None:
    assert requests.get(hq.url + "/v1/health", timeout=5).json()["status"] == "ok"
