"""Links that fail in every way a mobile link does, injected between the desk and a real
server: after each, a later sync converges with nothing lost and nothing twice."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator

import pytest

from app.cli import main as jobcentre
from app.services import registrations
from app.services import sync as sync_service
from sync import client as wire
from sync import protocol as p
from tests.sync.conftest import HANG_READ_TIMEOUT, LiveServer, enrolled
from tests.sync.fault_proxy import FaultProxy
from tests.sync.test_end_to_end import assert_hq_holds_exactly, register_some


@pytest.fixture
def proxy(hq: LiveServer) -> Iterator[FaultProxy]:
    proxy = FaultProxy(hq.port).start()
    yield proxy
    proxy.stop()


FAULTS = {
    "drop_after_forward": {},
    "slow": {"delay": 1.2},
    "hang": {},
    "status_500": {},
    "status_503": {"retry_after": 1},
    "truncate": {},
    "truncate_fixed_length": {},
    "captive": {},
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_sync_converges_after(fault: str, hq: LiveServer, proxy: FaultProxy, make_desk,
                              raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    desk.set_setting("sync.read_timeout", HANG_READ_TIMEOUT)
    desk.set_setting("sync.batch_size", "10")
    register_some(desk, raw, 25)
    proxy.add("/v1/push", fault, times=2, **FAULTS[fault])
    proxy.add("/v1/changes", fault, times=1, **FAULTS[fault])
    with contextlib.suppress(wire.SyncError):  # may give up; the next run must finish
        sync_service.run(desk.data_dir)
    report = sync_service.run(desk.data_dir)
    assert registrations.sync_counts(desk) == {"pending": 0, "sent": 25, "quarantined": 0}
    assert_hq_holds_exactly(hq, desk)
    assert any(action == fault for _, action in proxy.log)
    if fault == "drop_after_forward":
        # The lost answers' batches were stored; resending them stored nothing twice.
        assert hq.count() == 25
        assert report.counts[p.STORED] + report.counts[p.ALREADY_HAD] <= 25


def test_lost_answer_is_already_had_on_resend(hq: LiveServer, proxy: FaultProxy, make_desk,
                                              raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    register_some(desk, raw, 5)
    proxy.add("/v1/push", "drop_after_forward")
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.ALREADY_HAD] == 5 and report.counts[p.STORED] == 0
    assert report.retries == 1
    assert_hq_holds_exactly(hq, desk)


def test_retry_after_is_honoured(hq: LiveServer, proxy: FaultProxy, make_desk, raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    register_some(desk, raw, 3)
    proxy.add("/v1/push", "status_503", retry_after=1)
    started = time.monotonic()
    sync_service.run(desk.data_dir)
    assert time.monotonic() - started >= 1.0
    assert_hq_holds_exactly(hq, desk)


def test_gives_up_at_once_when_retry_after_is_longer_than_what_is_left(
        hq: LiveServer, proxy: FaultProxy, make_desk, raw, capsys) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    register_some(desk, raw, 3)
    proxy.add("/v1/push", "status_503", retry_after=3600)
    started = time.monotonic()
    assert jobcentre(["--data-dir", str(desk.data_dir), "sync"]) == 1
    assert time.monotonic() - started < 5
    assert "busy" in capsys.readouterr().err
    status = sync_service.status(desk.conn)
    assert status.last_error["code"] == "server_busy" and status.last_error["gave_up"]
    assert registrations.sync_counts(desk)["pending"] == 3


def test_hung_link_shrinks_the_batch_and_gives_up_in_time(
        hq: LiveServer, proxy: FaultProxy, make_desk, raw) -> None:
    desk = enrolled(make_desk(), proxy.url, hq.code())
    desk.set_setting("sync.read_timeout", HANG_READ_TIMEOUT)
    desk.set_setting("sync.give_up_after", "5")
    desk.set_setting("sync.batch_size", "40")
    register_some(desk, raw, 40)
    proxy.add("/v1/push", "hang", times=100)
    sizes: list[int] = []
    started = time.monotonic()
    with pytest.raises(wire.GaveUp):
        sync_service.run(desk.data_dir, on_progress=lambda r: sizes.append(r.batch_size))
    assert time.monotonic() - started < 12
    pushes = [path for path, action in proxy.log if action == "hang"]
    assert len(pushes) >= 2
    assert registrations.sync_counts(desk)["pending"] == 40
    proxy.faults.clear()
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 40
    assert_hq_holds_exactly(hq, desk)


def test_quick_answers_grow_the_batch(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    desk.set_setting("sync.batch_size", "10")
    register_some(desk, raw, 80)
    sizes: list[int] = []
    sync_service.run(desk.data_dir, on_progress=lambda r: sizes.append(r.batch_size))
    assert sizes[0] > 10 and sizes == sorted(sizes)


@pytest.mark.slow
def test_two_laptops_through_every_fault_then_one_is_revoked(
        hq: LiveServer, proxy: FaultProxy, make_desk, raw) -> None:
    a = enrolled(make_desk("a"), proxy.url, hq.code())
    b = enrolled(make_desk("b"), proxy.url, hq.code())
    for desk in (a, b):
        desk.set_setting("sync.batch_size", "7")
    register_some(a, raw, 30)
    register_some(b, raw, 20, start=100)
    for fault, options in FAULTS.items():
        proxy.add("/v1/push", fault, **options)
    for _ in range(4):
        for desk in (a, b):
            with contextlib.suppress(wire.SyncError):
                sync_service.run(desk.data_dir)
        register_some(a, raw, 2, start=200 + len(proxy.log))
    for desk in (a, b):
        sync_service.run(desk.data_dir)
    assert_hq_holds_exactly(hq, a, b)
    assert all(registrations.sync_counts(d)["pending"] == 0 for d in (a, b))

    hq.revoke(b.device_id)
    register_some(b, raw, 1, start=300)
    with pytest.raises(wire.Revoked):
        sync_service.run(b.data_dir)
    assert jobcentre(["--data-dir", str(b.data_dir), "sync"]) == 1
    assert registrations.sync_counts(b)["pending"] == 1
    assert len(hq.export()) == 30 + 20 + 8
