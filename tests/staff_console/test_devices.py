"""The devices page and `jobcentre-hq devices`: what each laptop last reported, the
silent ones standing out, and an admin revoking one from the page."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.services import registrations
from app.services import sync as sync_service
from app.services.sync import DeskOutbox
from app.store import meta
from sync import client as wire
from sync.server import db
from tests.console import documented, jobcentre_hq
from tests.staff_console.conftest import Console, csrf_of
from tests.sync.conftest import enrolled, fast_settings


def _desk(console: Console, make_desk, name: str = "laptop"):  # noqa: ANN001, ANN202
    return enrolled(make_desk(name), console.url, console.server.code())


def _register(desk, raw, n: int) -> None:  # noqa: ANN001
    for i in range(n):
        registrations.register(desk, dict(raw, name_latin=f"Chan Vuthy {chr(65 + i)}",
                                          phone=None, duplicate_override_reason="test"))


def _pull_only(desk) -> None:  # noqa: ANN001
    # The desk's own pull, as the sync loop runs it, with records still unsent.
    client = wire.HqClient(meta.get(desk.conn, "sync.server_url"),
                           meta.get(desk.conn, "sync.token"), fast_settings())
    try:
        wire.Syncer(client, DeskOutbox(desk.conn)).pull()
    finally:
        client.close()


@documented("jobcentre-hq devices [--json]")
def test_a_synced_laptop_reports_its_version_waiting_records_and_clock(
        console: Console, make_desk, raw) -> None:
    desk = _desk(console, make_desk)
    _register(desk, raw, 2)
    sync_service.run(desk.data_dir)
    _register(desk, raw, 3)
    _pull_only(desk)  # three registered since the push wait for the next one
    listed = jobcentre_hq(console.engine.url.render_as_string(hide_password=False),
                          "devices", "--json")
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert row["device_id"] == desk.device_id
    assert row["device_tag"] == desk.device_tag and row["district_code"] == "0502"
    assert row["pending"] == 3
    assert row["app_version"] == wire.APP_VERSION and row["app_version"] != "unknown"
    assert abs(row["clock_offset_s"]) <= 5  # same machine, same clock
    assert row["last_sync_at"] and not row["silent"] and not row["revoked"]
    text = jobcentre_hq(console.engine.url.render_as_string(hide_password=False), "devices")
    assert desk.device_tag in text.stdout and "in touch" in text.stdout

    page = console.session("viewer").get(console.url + "/console/devices?lang=en", timeout=10)
    assert page.status_code == 200
    assert desk.device_tag in page.text and "Chbar Mon" in page.text
    assert wire.APP_VERSION in page.text and "In touch" in page.text
    assert ">3<" in page.text  # records waiting
    assert "Revoke" not in page.text  # viewers never revoke


def test_a_laptop_silent_for_more_than_three_days_stands_out_first(
        console: Console, make_desk) -> None:
    quiet, busy = _desk(console, make_desk, "quiet"), _desk(console, make_desk, "busy")
    for desk in (quiet, busy):
        sync_service.run(desk.data_dir)
    five_days_ago = (datetime.now(UTC) - timedelta(days=5)).isoformat(timespec="seconds")
    with db.writing(console.engine) as conn:
        conn.execute(sa.update(db.devices).where(db.devices.c.device_id == quiet.device_id)
                     .values(last_sync_at=five_days_ago))
    page = console.session("viewer").get(console.url + "/console/devices?lang=en", timeout=10)
    assert page.text.index(quiet.device_tag) < page.text.index(busy.device_tag)
    row = page.text[page.text.index(f'id="device-{quiet.device_tag}"') - 40:]
    assert 'class="silent"' in row[:60] and "Silent 5 days" in row
    khmer = console.session("viewer").get(console.url + "/console/devices", timeout=10)
    assert "ស្ងាត់ ៥ ថ្ងៃ" in khmer.text


def test_an_admin_revokes_a_laptop_from_the_page_and_its_next_sync_is_refused(
        console: Console, make_desk, raw) -> None:
    desk = _desk(console, make_desk)
    sync_service.run(desk.data_dir)
    admin = console.session("admin")
    page = admin.get(console.url + "/console/devices?lang=en", timeout=10)
    assert "Revoke" in page.text
    answer = admin.post(f"{console.url}/console/devices/{desk.device_id}/revoke?lang=en",
                        data={"csrf": csrf_of(page.text)}, allow_redirects=False, timeout=10)
    assert answer.status_code == 303
    done = admin.get(console.url + answer.headers["location"] + "&lang=en", timeout=10)
    assert f"Device {desk.device_tag} is revoked" in done.text
    _register(desk, raw, 1)
    with pytest.raises(wire.SyncError) as refused:
        sync_service.run(desk.data_dir)
    assert refused.value.status == 403
    with console.engine.connect() as conn:
        rows = [r for r in conn.execute(sa.select(db.audit_log)).mappings()
                if r["action"] == "device_revoke"]
    assert [(r["actor"], r["target"]) for r in rows] == [(console.staff["admin"],
                                                          desk.device_id)]


@pytest.mark.parametrize("role", ["viewer", "data_officer"])
def test_only_an_admin_may_revoke(console: Console, make_desk, role: str) -> None:
    desk = _desk(console, make_desk)
    session = console.session(role)
    answer = console.post_form(session, "/console/devices", f"/console/devices/"
                               f"{desk.device_id}/revoke", {})
    assert answer.status_code == 403
    sync_service.run(desk.data_dir)  # still allowed


def test_a_revoke_without_the_form_token_is_refused(console: Console, make_desk) -> None:
    desk = _desk(console, make_desk)
    admin = console.session("admin")
    answer = admin.post(f"{console.url}/console/devices/{desk.device_id}/revoke",
                        data={"csrf": "guessed"}, allow_redirects=False, timeout=10)
    assert answer.status_code == 403
    answer = admin.post(f"{console.url}/console/devices/{desk.device_id}/revoke",
                        allow_redirects=False, timeout=10)
    assert answer.status_code == 403
    sync_service.run(desk.data_dir)  # not revoked
