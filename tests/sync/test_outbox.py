"""The desk's outbox against a real server: edits in flight, quarantine, numbers taken,
stale and conflicting copies, pull by cursor, one sync at a time, safe addresses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from app.domain import regno
from app.services import registrations
from app.services import sync as sync_service
from app.services.desk import Desk
from app.store import meta
from app.store import outbox as outbox_store
from app.store.connection import transaction
from sync import client as wire
from sync import protocol as p
from sync.server import records as hq_records
from tests.sync.conftest import LiveServer, enrolled, fast_settings
from tests.sync.test_end_to_end import assert_hq_holds_exactly, register_some


def edit_notes(desk: Desk, record_id: str, notes: str) -> dict[str, Any]:
    current = registrations.get(desk, record_id)
    raw = dict(current, notes=notes, duplicate_override_reason="test data")
    return registrations.edit(desk, record_id, raw, expected_version=current["version"])


def hq_push(hq: LiveServer, desk: Desk, wires: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push as this desk's device, around the desk (another copy of the folder)."""
    token = meta.get(desk.conn, "sync.token")
    client = wire.HqClient(hq.url, token, fast_settings())
    try:
        return client.push(wires)["results"]
    finally:
        client.close()


def test_record_edited_while_its_batch_is_in_flight_stays_pending(
        hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = register_some(desk, raw, 3)
    target = saved[1]["id"]
    other = Desk(desk.data_dir)  # the officer's window, while the sync thread runs
    other.officer = desk.officer
    edited: list[int] = []

    class EditingClient(wire.HqClient):
        def push(self, records):  # noqa: ANN001, ANN201
            if not edited:
                edited.append(edit_notes(other, target, "edited in flight")["version"])
            return super().push(records)

    conn = desk.reader()
    client = EditingClient(hq.url, meta.get(conn, "sync.token"), fast_settings())
    outbox = sync_service.DeskOutbox(conn)
    syncer = wire.Syncer(client, outbox)
    syncer.push()
    assert edited == [2]
    # v1 reached headquarters, but the desk did not call v2 sent: it went next.
    assert syncer.report.counts[p.STORED] == 4
    rec = registrations.get(desk, target)
    assert (rec["version"], rec["sync_state"], rec["sent_version"]) == (2, "sent", 2)
    assert_hq_holds_exactly(hq, desk)
    other.close()
    conn.close()
    client.close()


def corrupt(desk: Desk, record_id: str, **columns: Any) -> None:
    """Change a saved record behind the rules' back (an old app version, a bad import)."""
    sets = ", ".join(f"{k} = ?" for k in columns)
    with transaction(desk.conn):
        desk.conn.execute(f"UPDATE registrations SET {sets} WHERE id = ?",
                          [*columns.values(), record_id])


def test_refused_record_is_quarantined_and_never_blocks_the_rest(
        hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = register_some(desk, raw, 6)
    bad = saved[2]["id"]
    corrupt(desk, bad, expected_salary_usd=99999)
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 5 and report.counts[p.REJECTED] == 1
    assert registrations.sync_counts(desk) == {"pending": 0, "sent": 5, "quarantined": 1}
    [item] = sync_service.quarantined(desk.conn)
    assert item["id"] == bad and not item["edited_since"]
    assert [(e.field, e.rule) for e in item["errors"]] == [("expected_salary_usd", "out_of_range")]
    assert "5000" in sync_service.reason_text(item["errors"][0])
    # A later sync does not resend it; the officer fixes it and sends it again.
    assert sync_service.run(desk.data_dir).pushed == 0
    corrupt(desk, bad, expected_salary_usd=300)
    edit_notes(desk, bad, "salary fixed")
    assert sync_service.quarantined(desk.conn)[0]["edited_since"]
    assert sync_service.resend(desk, bad)
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 1
    assert registrations.sync_counts(desk)["quarantined"] == 0
    assert_hq_holds_exactly(hq, desk)


def test_number_taken_at_headquarters_gets_a_new_number(hq: LiveServer, make_desk,
                                                         raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    first, second = register_some(desk, raw, 2)
    sync_service.run(desk.data_dir)
    # A copy of this data folder already sent a record under the next number.
    copy = dict(registrations.get(desk, first["id"]), id=str(uuid.uuid4()),
                registration_no=regno.format_number(desk.office_code, desk.device_tag, 3))
    assert hq_push(hq, desk, [p.wire_registration(copy)])[0]["status"] == p.STORED
    third = register_some(desk, raw, 1, start=5)[0]
    assert third["registration_no"] == copy["registration_no"]
    sync_service.run(desk.data_dir)
    [item] = sync_service.quarantined(desk.conn)
    assert item["errors"][0].rule == p.RULE_REGISTRATION_NO_TAKEN
    number = sync_service.renumber(desk, third["id"])
    assert number not in (first["registration_no"], second["registration_no"])
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 1
    assert registrations.search(desk, number)[0]["id"] == third["id"]
    assert len(hq.export()) == 4


def test_desk_never_reissues_a_number_headquarters_has_seen(hq: LiveServer, make_desk,
                                                            raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    register_some(desk, raw, 4)
    sync_service.run(desk.data_dir)
    with transaction(desk.conn):  # as if an old backup were restored
        meta.put(desk.conn, "last_seq", "1")
    fresh = register_some(desk, raw, 1, start=9)[0]
    assert fresh["registration_no"].split("-")[2] == "00005"


def test_conflict_waits_for_the_officer_and_the_choice_is_sent_as_hq_version_plus_one(
        hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    [rec] = register_some(desk, raw, 1)
    sync_service.run(desk.data_dir)
    # Headquarters got a v2 this desk does not have (a copy of the folder sent it).
    theirs = p.wire_registration(dict(registrations.get(desk, rec["id"]), version=2,
                                      notes="made on the copy"))
    assert hq_push(hq, desk, [theirs])[0]["status"] == p.STORED
    edit_notes(desk, rec["id"], "made here")  # local v2, other content
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.CONFLICT] == 1
    [c] = sync_service.conflicts(desk.conn)
    assert c["server_version"] == 2 and c["server_record"]["data"]["notes"] == "made on the copy"
    assert sync_service.run(desk.data_dir).pushed == 0  # waits, does not loop
    assert sync_service.status(desk.conn).counts["conflicts"] == 1

    chosen = sync_service.resolve(desk, rec["id"], sync_service.KEEP_DESK)
    assert (chosen["version"], chosen["notes"]) == (3, "made here")
    assert sync_service.run(desk.data_dir).counts[p.STORED] == 1
    assert_hq_holds_exactly(hq, desk)


def test_taking_headquarters_copy(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    [rec] = register_some(desk, raw, 1)
    sync_service.run(desk.data_dir)
    theirs = p.wire_registration(dict(registrations.get(desk, rec["id"]), version=3,
                                      notes="headquarters' copy"))
    hq_push(hq, desk, [theirs])
    edit_notes(desk, rec["id"], "local")  # local v2 < hq v3: stale
    assert sync_service.run(desk.data_dir).counts[p.STALE] == 1
    chosen = sync_service.resolve(desk, rec["id"], sync_service.KEEP_HQ)
    assert (chosen["version"], chosen["notes"]) == (4, "headquarters' copy")
    sync_service.run(desk.data_dir)
    assert_hq_holds_exactly(hq, desk)
    # the local edit the officer set aside stays in the history
    assert [h["version"] for h in registrations.history(desk, rec["id"])] == [1, 2, 4]


def test_same_content_under_a_newer_number_is_adopted_silently(
        hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    [rec] = register_some(desk, raw, 1)
    same = p.wire_registration(dict(registrations.get(desk, rec["id"]), version=2))
    hq_push(hq, desk, [same])  # headquarters has v2, same content (a restored backup)
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STALE] == 1
    local = registrations.get(desk, rec["id"])
    assert (local["version"], local["sync_state"], local["sent_version"]) == (2, "sent", 2)
    assert not sync_service.conflicts(desk.conn)


def test_pull_stores_reference_data_once_by_cursor(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    hq_records.publish_reference(hq.engine, "reference", {"version": "2026.12"},
                                 datetime.now(UTC))
    assert sync_service.run(desk.data_dir).pulled == 1
    assert outbox_store.pulled(desk.conn, "reference_data")[0]["data"] == {"version": "2026.12"}
    cursor = int(meta.get(desk.conn, "sync.cursor"))
    assert cursor > 0
    assert sync_service.run(desk.data_dir).pulled == 0
    hq_records.publish_reference(hq.engine, "reference", {"version": "2027.01"},
                                 datetime.now(UTC))
    assert sync_service.run(desk.data_dir).pulled == 1
    [row] = outbox_store.pulled(desk.conn, "reference_data")
    assert (row["version"], row["data"]["version"]) == (2, "2027.01")
    # a page applied twice changes nothing
    with transaction(desk.conn):
        outbox_store.store_pulled(desk.conn, [{"type": "reference_data", "id": "reference",
                                               "version": 1, "data": {}}], "now")
    assert outbox_store.pulled(desk.conn, "reference_data")[0]["version"] == 2


def test_changes_answer_has_every_pulled_type(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    answer = requests.get(hq.url + "/v1/changes", timeout=5, headers={
        p.PROTOCOL_HEADER: "1", "Authorization": f"Bearer {meta.get(desk.conn, 'sync.token')}"})
    assert answer.json()["changes"] == {"reference_data": [], "employer_request": [],
                                        "referral": [], "training_session": [],
                                        "qr_submission": [], "duplicate_mark": []}


def test_only_one_sync_per_data_folder(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    with sync_service.FolderLock(desk.data_dir), pytest.raises(sync_service.SyncBusy):
        sync_service.run(desk.data_dir)
    sync_service.run(desk.data_dir)  # free again


def test_clock_far_from_the_servers_is_warned_about(hq_db_url: str, make_desk) -> None:
    hq = LiveServer(hq_db_url, clock=lambda: datetime.now(UTC) + timedelta(hours=1)).start()
    try:
        desk = enrolled(make_desk(), hq.url, hq.code())
        sync_service.run(desk.data_dir)
        status = sync_service.status(desk.conn)
        assert status.clock_warning and status.clock_offset_s == pytest.approx(-3600, abs=60)
    finally:
        hq.stop()


@pytest.mark.parametrize("url, ok", [
    ("https://hq.example.gov.kh", True),
    ("http://127.0.0.1:8000", True),
    ("http://localhost:8000/", True),
    ("http://[::1]:8000", True),
    ("http://hq.example.gov.kh", False),
    ("http://10.0.0.5:8000", False),
    ("ftp://hq.example.gov.kh", False),
    ("hq.example.gov.kh", False),
])
def test_plain_http_only_to_loopback(url: str, ok: bool) -> None:
    if ok:
        assert wire.check_server_url(url) == url.rstrip("/")
    else:
        with pytest.raises(wire.InsecureServer):
            wire.check_server_url(url)


def test_unsupported_protocol_tells_the_officer_to_update(hq: LiveServer, make_desk,
                                                          monkeypatch) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    monkeypatch.setattr(p, "PROTOCOL_VERSION", 99)
    with pytest.raises(wire.ProtocolTooOld) as caught:
        sync_service.run(desk.data_dir)
    assert "update" in sync_service.failure_text(caught.value)
