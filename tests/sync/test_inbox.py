"""The desk's Inbox against a real headquarters on loopback: QR submissions arrive by
pull, one desk takes each, accepting makes a normal registration (or employer request)
that the next push sends, and nothing is left half done when a rule fails or the link
is down."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from app.domain import qrref
from app.domain.errors import ValidationFailed
from app.services import employers, inbox
from app.services import registrations as regs
from app.services import sync as sync_service
from app.services.desk import Desk
from app.store import inbox as inbox_store
from sync import protocol as p
from sync.server import qr_submissions as qs
from tests.conftest import OFFICE, village_in
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_qr_api import employer, returnee

NOW = datetime.now(UTC)


def submit(hq: LiveServer, **changes: Any) -> qs.Submission:
    made, errors = qs.submit_registration(hq.engine, returnee(**changes), now=NOW)
    assert not errors and made is not None
    return made


def test_pulled_submissions_wait_in_the_inbox_once(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    made = submit(hq)
    sync_service.run(desk.data_dir)
    sync_service.run(desk.data_dir)  # a repeat pull changes nothing
    items = inbox.open_items(desk)
    assert [i["ref"] for i in items] == [made.ref]
    item = items[0]
    assert (item["kind"], item["status"], item["taken_here"]) == ("registration", "waiting",
                                                                  False)
    assert item["fields"]["name_km"] == "សុខ ដារ៉ា" and item["fields"]["phone"] == "+85512345678"
    assert inbox.count_open(desk) == 1
    assert desk.conn.execute("SELECT count(*) FROM inbox").fetchone()[0] == 1


def test_accepting_makes_a_qr_registration_that_the_next_push_sends(
        hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    made = submit(hq)
    sync_service.run(desk.data_dir)

    rec = inbox.accept(desk, made.ref.lower().replace("-", " "))  # as read over the phone
    assert rec["channel"] == "qr" and rec["registration_no"].startswith(OFFICE + "-")
    assert rec["name_km"] == "សុខ ដារ៉ា" and rec["sync_state"] == "pending"
    assert inbox.open_items(desk) == [] and inbox.count_open(desk) == 0
    assert inbox.source_of(desk, rec["id"])["ref"] == made.ref

    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 1
    held = [r for r in hq.export() if r["id"] == rec["id"]]
    assert len(held) == 1 and held[0]["channel"] == "qr"
    assert qs.get(hq.engine, made.ref)["data"]["status"] == "taken"

    # Accepting again neither takes again nor saves a second registration.
    with pytest.raises(inbox.InboxError) as again:
        inbox.accept(desk, made.ref)
    assert again.value.code == "accepted_here"
    assert regs.count(desk, regs.list_filter()) == 1


def test_a_second_desk_is_told_who_took_it(hq: LiveServer, make_desk) -> None:
    first = enrolled(make_desk("first"), hq.url, hq.code())
    second = enrolled(make_desk("second"), hq.url, hq.code())
    made = submit(hq)
    for desk in (first, second):
        sync_service.run(desk.data_dir)
    inbox.accept(first, made.ref)

    with pytest.raises(inbox.InboxError) as refused:
        inbox.accept(second, made.ref)
    assert refused.value.code == "already_taken"
    assert refused.value.params == {"district": OFFICE, "tag": first.device_tag}
    assert inbox.error_text(refused.value) == (
        f"Already taken by another desk: district {OFFICE} (laptop {first.device_tag})")
    assert regs.count(second, regs.list_filter()) == 0
    # It has left the second desk's inbox at once, and stays gone after its next pull.
    assert inbox.open_items(second) == []
    sync_service.run(second.data_dir)
    assert inbox.open_items(second) == []
    assert inbox_store.get_by_ref(second.conn, made.ref)["version"] == 2


def test_a_failing_rule_saves_nothing_and_leaves_it_taken_here(
        hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    made = submit(hq)
    sync_service.run(desk.data_dir)

    with pytest.raises(ValidationFailed) as failed:
        inbox.accept(desk, made.ref, {"age": "12"})  # the officer mistyped the correction
    assert [(e.field, e.rule) for e in failed.value.errors] == [("age", "age_range")]
    assert regs.count(desk, regs.list_filter()) == 0
    [item] = inbox.open_items(desk)
    assert item["taken_here"] and item["status"] == "taken"

    # The officer fixes the form and saves; headquarters' answer is already in hand, so
    # this works even with the link down.
    hq.stop()
    rec = inbox.complete(desk, made.ref, {"age": "31", "name_latin": "Sok Dara Ly"})
    assert (rec["age"], rec["name_latin"], rec["channel"]) == (31, "Sok Dara Ly", "qr")
    assert inbox.open_items(desk) == []


def test_a_likely_duplicate_is_not_saved(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    first = regs.register(desk, raw)  # the same phone, registered at the desk before
    made = submit(hq)
    sync_service.run(desk.data_dir)
    with pytest.raises(regs.DuplicatesFound) as found:
        inbox.accept(desk, made.ref)
    assert [m.record["registration_no"] for m in found.value.matches] == [
        first["registration_no"]]
    assert regs.count(desk, regs.list_filter()) == 1
    # Saved with a reason, as the form's duplicate warning lets the officer do.
    rec = inbox.complete(desk, made.ref, {"duplicate_override_reason": "brother, same phone"})
    assert rec["duplicate_override_reason"] == "brother, same phone"


def test_declining_needs_a_reason_and_tells_headquarters(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    made = submit(hq)
    sync_service.run(desk.data_dir)
    with pytest.raises(ValidationFailed) as failed:
        inbox.decline(desk, made.ref, "   ")
    assert [(e.field, e.rule) for e in failed.value.errors] == [("decline_reason", "required")]
    assert qs.get(hq.engine, made.ref)["data"]["status"] == "waiting"

    item = inbox.decline(desk, made.ref, "Number is not in service; called three times")
    assert item["status"] == "declined" and inbox.open_items(desk) == []
    held = qs.get(hq.engine, made.ref)["data"]
    assert (held["status"], held["decline_reason"]) == (
        "declined", "Number is not in service; called three times")
    with pytest.raises(inbox.InboxError) as again:
        inbox.accept(desk, made.ref)
    assert again.value.code == "declined_here"


def test_offline_accept_says_a_connection_is_needed(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    made = submit(hq)
    sync_service.run(desk.data_dir)
    desk.conn.execute("UPDATE meta SET value = 'http://127.0.0.1:9' WHERE key = "
                      "'sync.server_url'")  # nothing listens on the discard port
    with pytest.raises(inbox.InboxError) as offline:
        inbox.accept(desk, made.ref)
    assert offline.value.code == "needs_connection"
    assert inbox.error_text(offline.value).startswith(
        "Accepting or turning down needs a connection to headquarters: ")
    assert regs.count(desk, regs.list_filter()) == 0
    assert [i["taken_here"] for i in inbox.open_items(desk)] == [False]


def test_unenrolled_desk_and_bad_reference(desk: Desk) -> None:
    with pytest.raises(inbox.InboxError) as bad:
        inbox.accept(desk, "Q7KQ2-MXA5")  # wrong check character
    assert bad.value.code == "bad_ref"
    with pytest.raises(inbox.InboxError) as offline:
        inbox.accept(desk, qrref.new_ref())
    assert offline.value.code == "needs_connection"


def test_an_employer_request_becomes_an_open_request_here(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    made, errors = qs.submit_employer_request(hq.engine, employer(), now=NOW)
    assert not errors and made is not None
    sync_service.run(desk.data_dir)
    [item] = inbox.open_items(desk)
    assert item["kind"] == "employer_request"
    request = inbox.accept(desk, made.ref)
    assert (request["employer_name"], request["workers_needed"], request["status"]) == (
        "Angkor Bricks Co.", 12, "open")
    assert employers.get_request(desk, request["id"]) is not None
    report = sync_service.run(desk.data_dir)
    assert report.counts[p.STORED] == 1


def test_a_submission_from_another_district_never_arrives(hq: LiveServer, make_desk) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    submit(hq, home_village_code=village_in("1201"), phone="012 999 888")
    sync_service.run(desk.data_dir)
    assert inbox.open_items(desk) == []
