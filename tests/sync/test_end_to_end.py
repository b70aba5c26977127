"""A desk and a real headquarters server on loopback: enrol, register, sync, edit, sync
again, and headquarters' export holds exactly the desk's records at their latest
versions."""

from __future__ import annotations

from typing import Any

from app.services import registrations, transfer
from app.services import sync as sync_service
from app.services.desk import Desk
from app.store import meta
from app.store.connection import transaction
from sync import protocol as p
from tests.sync.conftest import LiveServer, enrolled


def desk_export(desk: Desk) -> dict[str, dict[str, Any]]:
    import io
    import json

    out = io.StringIO()
    transfer.export(desk, out, "jsonl")
    return {rec["id"]: rec for rec in map(json.loads, out.getvalue().splitlines())}


def assert_hq_holds_exactly(hq: LiveServer, *desks: Desk) -> None:
    wanted: dict[str, dict[str, Any]] = {}
    for desk in desks:
        wanted.update(desk_export(desk))
    got = hq.export()
    assert len(got) == len({r["id"] for r in got}), "a record stored twice"
    by_id = {r["id"]: r for r in got}
    assert set(by_id) == set(wanted)
    for record_id, rec in wanted.items():
        have = by_id[record_id]
        assert have["version"] == rec["version"]
        assert have["received_at"]
        for key in rec:
            assert have[key] == rec[key], (key, have[key], rec[key])


def register_some(desk: Desk, raw: dict[str, Any], n: int, start: int = 0) -> list[dict]:
    saved = []
    for i in range(start, start + n):
        rec = dict(raw, name_latin=f"Sok Dara {chr(65 + i % 26)}{chr(65 + i // 26)}",
                   phone=None, duplicate_override_reason="test data")
        saved.append(registrations.register(desk, rec))
    return saved


def test_enrol_register_sync_edit_sync_again(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = register_some(desk, raw, 5)
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 5
    assert registrations.sync_counts(desk) == {"pending": 0, "sent": 5, "quarantined": 0}
    assert_hq_holds_exactly(hq, desk)

    first = saved[0]
    registrations.edit(desk, first["id"], dict(raw, name_latin="Sok Dara Changed", phone=None,
                                              duplicate_override_reason="test data"),
                       expected_version=1)
    registrations.withdraw(desk, saved[1]["id"], "moved abroad", expected_version=1)
    assert registrations.sync_counts(desk)["pending"] == 2
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 2
    assert_hq_holds_exactly(hq, desk)
    by_id = {r["id"]: r for r in hq.export()}
    assert by_id[first["id"]]["version"] == 2
    assert by_id[first["id"]]["name_latin"] == "Sok Dara Changed"
    assert by_id[saved[1]["id"]]["withdrawn"] is True

    # Nothing left: a sync with nothing to send still succeeds and sends nothing.
    assert sync_service.run(desk.data_dir).pushed == 0
    status = sync_service.status(desk.conn)
    assert status.last_success and status.last_error is None


def test_two_laptops_each_reach_headquarters_once(hq: LiveServer, make_desk, raw) -> None:
    a = enrolled(make_desk("a"), hq.url, hq.code())
    b = enrolled(make_desk("b"), hq.url, hq.code())
    assert a.device_tag != b.device_tag
    register_some(a, raw, 7)
    register_some(b, raw, 4)
    for desk in (a, b, a, b):
        sync_service.run(desk.data_dir)
    assert_hq_holds_exactly(hq, a, b)
    devices = {r["device_id"] for r in hq.export()}
    assert devices == {a.device_id, b.device_id}


def test_push_answer_sets_the_sequence_floor(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    register_some(desk, raw, 3)
    sync_service.run(desk.data_dir)
    assert meta.get(desk.conn, "hq_max_seq") == "3"


def test_enrolment_issues_a_free_tag_when_ours_is_taken(hq: LiveServer, make_desk) -> None:
    a = enrolled(make_desk("a"), hq.url, hq.code())
    b = make_desk("b")
    with transaction(b.conn):
        meta.put(b.conn, "device_tag", a.device_tag)  # the same random tag, by bad luck
    result = sync_service.enrol(b, hq.url, hq.code())
    assert result.tag_changed
    assert meta.get(b.conn, "device_tag") == result.device_tag != a.device_tag


def test_jobcentre_sync_exits_non_zero_when_not_enrolled(make_desk, capsys) -> None:
    from app.cli import main

    desk = make_desk()
    assert main(["--data-dir", str(desk.data_dir), "sync"]) == 1
    assert "not enrolled" in capsys.readouterr().err
