"""The audit trail: a desk records who searched, opened, printed, exported, edited or
withdrew which record in a table that only grows, and sync takes it to headquarters,
which keeps it apart from its own staff audit log."""

from __future__ import annotations

import io
import re

import pytest

from app.services import audit, registrations, slips, transfer
from app.services import sync as sync_service
from app.store import audit as audit_store
from sync.server.desk_audit import events as hq_events
from tests.sync.conftest import LiveServer, enrolled


def actions(desk) -> list[tuple[str, str | None]]:
    return [(e["action"], e["registration_no"]) for e in reversed(audit.trail(desk))]


def test_each_act_on_a_record_is_in_the_trail_and_search_text_is_not(desk, raw, tmp_path):
    saved = registrations.register(desk, raw)
    no = saved["registration_no"]
    found = registrations.search(desk, "012 345 678")
    assert [r["id"] for r in found] == [saved["id"]]
    registrations.edit(desk, saved["id"], raw | {"expected_salary_usd": 300},
                       expected_version=1)
    slips.save_pdf(desk, [no], tmp_path / "slip.pdf")
    transfer.export(desk, io.StringIO())
    registrations.withdraw(desk, saved["id"], "found a job", expected_version=2)

    assert actions(desk) == [("search", None), ("edit", no), ("print", no), ("export", None),
                             ("withdraw", no)]
    events = audit.trail(desk)
    assert {e["officer_name"] for e in events} == {"Sokha"}
    search = events[-1]
    assert (search["query_kind"], search["result_count"]) == ("phone", 1)
    assert events[1]["result_count"] == 1  # the export: how many records left the desk
    # Nothing typed into the search box is kept, in any form.
    trail_rows = [repr(tuple(r)) for r in desk.conn.execute("SELECT * FROM audit_events")]
    assert len(trail_rows) == 5
    # (Ids and stamps are random or dated, so look for the typed number itself.)
    assert not any(re.search(r"345\D?678", line) for line in trail_rows)


def test_the_trail_only_grows(desk, raw):
    registrations.search(desk, "Sok Dara")
    with pytest.raises(Exception, match="never changed"):
        desk.conn.execute("UPDATE audit_events SET officer_id = 'someone else'")
    with pytest.raises(Exception, match="never deleted"):
        desk.conn.execute("DELETE FROM audit_events")
    assert len(audit.trail(desk)) == 1


def test_a_failed_edit_leaves_no_event(desk, raw):
    saved = registrations.register(desk, raw)
    with pytest.raises(Exception):  # noqa: B017 (a stale version: the edit is refused)
        registrations.edit(desk, saved["id"], raw | {"expected_salary_usd": 300},
                           expected_version=7)
    assert actions(desk) == []


def test_the_trail_filters_by_officer_record_and_day(desk, raw):
    from app.services import officers

    one = registrations.register(desk, raw)
    registrations.search(desk, "Sok")
    dara = officers.add_officer(desk, "Dara", "secret123", "officer")
    officers.sign_in(desk, "Dara", "secret123")
    registrations.edit(desk, one["id"], raw | {"skills": "tiling"}, expected_version=1)
    assert [e["action"] for e in audit.trail(desk, officer_id=dara.officer_id)] == ["edit"]
    assert [e["action"] for e in audit.trail(desk, registration_no=one["registration_no"])
            ] == ["edit"]
    today = desk.today()
    assert len(audit.trail(desk, day_from=today, day_to=today)) == 2
    from datetime import timedelta

    assert audit.trail(desk, day_from=today + timedelta(days=1)) == []


def test_sync_takes_the_trail_to_headquarters_once(hq: LiveServer, make_desk, raw) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    saved = registrations.register(desk, raw)
    registrations.search(desk, "Sok Dara")
    registrations.edit(desk, saved["id"], raw | {"skills": "tiling"}, expected_version=1)
    staff_acts = hq.count("audit_log")  # the enrolment code's making
    report = sync_service.run(desk.data_dir)
    assert report.audit_events == 2
    assert report.counts["stored"] == 1  # the registration; events are not records
    assert audit_store.waiting(desk.conn) == 0

    rows = _hq_rows(hq)
    assert sorted(r["action"] for r in rows) == ["edit", "search"]
    assert {r["device_id"] for r in rows} == {desk.device_id}
    edit = next(r for r in rows if r["action"] == "edit")
    assert edit["registration_no"] == saved["registration_no"]
    assert edit["officer_id"] == desk.officer.officer_id
    search = next(r for r in rows if r["action"] == "search")
    assert (search["query_kind"], search["result_count"]) == ("name", 1)

    # Nothing left to send: a second sync sends no event again; a replay stores nothing.
    again = sync_service.run(desk.data_dir)
    assert again.audit_events == 0
    desk.conn.execute("INSERT INTO audit_outbox (seq) SELECT seq FROM audit_events")
    replay = sync_service.run(desk.data_dir)
    assert replay.audit_events == 2
    assert len(_hq_rows(hq)) == 2
    # Kept apart from headquarters' own staff audit log.
    assert hq.count("audit_log") == staff_acts


def _hq_rows(hq: LiveServer) -> list[dict]:
    with hq.engine.connect() as conn:
        return hq_events(conn)
