"""The console's page of the desks' audit events: what a desk's officers did, synced from
a real desk, filtered, paged newest first, downloaded as CSV; for admins only, and each
look written to the staff audit log."""

from __future__ import annotations

import csv
import html
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.services import registrations
from app.services import sync as sync_service
from sync import protocol as p
from sync.server import db
from sync.server import desk_audit as trail
from sync.server.console import desk_audit as page_module
from tests.staff_console.conftest import Console
from tests.sync.conftest import enrolled

BASE = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)  # 10:00 in Phnom Penh


def _events(console: Console, device_id: str, n: int, *, start: datetime = BASE,
            officer: str = "OFF-1", action: str = "open", regno: str | None = None,
            same_time: bool = False) -> list[str]:
    """``n`` events of one device, a minute apart (or all at one moment), as a push
    stores them."""
    rows = []
    for i in range(n):
        at = start if same_time else start + timedelta(minutes=i)
        rows.append({"id": str(uuid.uuid4()), "device_id": device_id, "hash": "0" * 64,
                     "at": p.utc_stamp(at), "officer_id": officer, "action": action,
                     "record_id": str(uuid.uuid4()), "registration_no": regno or f"R-{i:05d}",
                     "result_count": 3 if action == "search" else None,
                     "query_kind": "phone" if action == "search" else None,
                     "received_at": p.utc_stamp(at)})
    with db.writing(console.engine) as conn:
        conn.execute(sa.insert(db.desk_audit_events), rows)
    return [r["id"] for r in rows]


def _staff_log(console: Console, action: str) -> list[dict[str, Any]]:
    with console.engine.connect() as conn:
        return [dict(r) for r in conn.execute(
            sa.select(db.audit_log).where(db.audit_log.c.action == action)
            .order_by(db.audit_log.c.id)).mappings()]


@pytest.fixture
def two_desks(console: Console, make_desk, raw) -> dict[str, Any]:  # noqa: ANN001
    here = enrolled(make_desk("here"), console.url, console.server.code())
    there = enrolled(make_desk("there", office="2006"), console.url, console.server.code("2006"))
    saved = registrations.register(here, raw)
    registrations.search(here, "012 345 678")
    registrations.edit(here, saved["id"], raw | {"skills": "tiling"}, expected_version=1)
    sync_service.run(here.data_dir)
    sync_service.run(there.data_dir)
    return {"here": here, "there": there, "saved": saved}


def test_an_admin_sees_a_desks_synced_acts_with_the_search_text_left_out(
        console: Console, two_desks: dict[str, Any]) -> None:
    here, saved = two_desks["here"], two_desks["saved"]
    admin = console.session("admin")
    page = admin.get(console.url + "/console/desk-audit?lang=en", timeout=10)
    assert page.status_code == 200
    assert 'href="/console/desk-audit"' in page.text  # in the navigation
    assert "2 events, newest first." in page.text
    assert "Edited" in page.text and "Searched" in page.text
    assert "for a phone number: " in page.text  # the kind and the count, never the text
    assert "012 345 678" not in page.text and "012345678" not in page.text
    assert saved["registration_no"] in page.text and here.device_tag in page.text
    assert here.officer.officer_id in page.text
    # In Khmer too, with Khmer digits.
    km = admin.get(console.url + "/console/desk-audit?lang=km", timeout=10)
    assert "បានកែប្រែ" in km.text and "សកម្មភាព ២ ថ្មីបំផុតមុន។" in km.text
    # Each look is in the staff audit log, with what was asked.
    admin.get(console.url + f"/console/desk-audit?action=edit&device={here.device_id}",
              timeout=10)
    looks = _staff_log(console, "view_desk_audit")
    assert [r["actor"] for r in looks] == [console.staff["admin"]] * 3
    assert looks[-1]["detail"] == f"1 events device={here.device_id} action=edit"


def test_only_admins_see_the_desks_audit_events(console: Console) -> None:
    for role in ("viewer", "data_officer"):
        session = console.session(role)
        for path in ("/console/desk-audit", "/console/desk-audit.csv"):
            answer = session.get(console.url + path, timeout=10)
            assert answer.status_code == 403, (role, path)
        home = session.get(console.url + "/console/", timeout=10)
        assert "/console/desk-audit" not in home.text
    answer = console.anonymous().get(console.url + "/console/desk-audit?officer=X",
                                     timeout=10, allow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?next=/console/desk-audit%3Fofficer%3DX"
    assert _staff_log(console, "view_desk_audit") == []


def test_each_filter_narrows_the_events_and_pages_go_back_newest_first(
        console: Console, two_desks: dict[str, Any]) -> None:
    here, there = two_desks["here"], two_desks["there"]
    # 150 opens on one laptop at the same moment (ties broken by id), 30 on the other
    # the next day, and one officer's searches.
    tied = _events(console, here.device_id, 150, same_time=True)
    _events(console, there.device_id, 30, start=BASE + timedelta(days=1), officer="OFF-9",
            action="print", regno="0502-000042")
    _events(console, there.device_id, 5, start=BASE + timedelta(days=2), officer="OFF-9",
            action="search")
    admin = console.session("admin")

    def ids(**query: str) -> list[str]:
        seen, after = [], None
        while True:
            with console.engine.connect() as conn:
                rows, after = trail.page(conn, trail.Filters(**query), after=after, limit=40)
            seen += [r["id"] for r in rows]
            if after is None:
                return seen

    everything = ids()
    assert len(everything) == len(set(everything)) == 2 + 150 + 30 + 5
    # Through the page: 100 a page, following "Older" to the end, none twice.
    shown, url = [], "/console/desk-audit?lang=en"
    while url:
        text = admin.get(console.url + url, timeout=10).text
        shown.append(text.count("<tr><td>"))
        older = re.search(r'<a href="([^"]+)" rel="next">', text)
        url = html.unescape(older.group(1)) if older else None
    assert shown == [100, 87]
    assert sorted(ids(device_id=here.device_id)) == sorted([*tied, *ids(action="edit"),
                                                            *ids(action="search",
                                                                 device_id=here.device_id)])
    assert len(ids(district_code="2006")) == 35
    assert len(ids(officer_id="OFF-9", action="search")) == 5
    assert len(ids(registration_no="0502-000042")) == 30
    day_two = page_module.understood(
        page_module.Asked(day_from="2026-11-21", day_to="2026-11-21"), "en", set(), set())[0]
    assert len(ids(since=day_two.since, until=day_two.until)) == 30
    # Newest first: the searches of the third day lead.
    first = admin.get(console.url + "/console/desk-audit?lang=en&district=2006", timeout=10)
    assert first.text.index("Searched") < first.text.index("Printed the slip")
    assert "35 events, newest first." in first.text


def test_a_filter_that_cannot_be_used_says_which_and_why(
        console: Console, two_desks: dict[str, Any]) -> None:
    admin = console.session("admin")
    page = admin.get(console.url + "/console/desk-audit", timeout=10, params={
        "lang": "en", "from": "2026-13-01", "action": "delete", "district": "9999"})
    assert page.status_code == 200
    assert "From day: write the day as YYYY-MM-DD (for example 2026-12-02)." in page.text
    assert "Action: choose one from the list. This filter was not used." in page.text
    assert "District: choose one from the list." in page.text
    assert "2 events, newest first." in page.text  # the rest of the page still answers
    reversed_days = admin.get(console.url + "/console/desk-audit", timeout=10, params={
        "lang": "km", "from": "2026-11-22", "to": "2026-11-21"})
    assert "ពីថ្ងៃ ត្រូវតែមុន ឬស្មើ ដល់ថ្ងៃ។" in reversed_days.text
    bad_cursor = admin.get(console.url + "/console/desk-audit?after=nonsense", timeout=10)
    assert bad_cursor.status_code == 200  # read as the first page


def test_the_csv_holds_every_filtered_event_across_batches_and_is_logged(
        console: Console, two_desks: dict[str, Any], monkeypatch) -> None:  # noqa: ANN001
    there = two_desks["there"]
    monkeypatch.setattr(page_module, "CSV_BATCH", 7)  # the server runs in this process
    _events(console, there.device_id, 30, officer="OFF-9", action="print",
            regno="0502-000042")
    admin = console.session("admin")
    answer = admin.get(console.url + "/console/desk-audit.csv?officer=OFF-9", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert len(rows) == 30 and {r["officer_id"] for r in rows} == {"OFF-9"}
    assert rows[0]["at_utc"] == p.utc_stamp(BASE + timedelta(minutes=29))  # newest first
    assert rows[0]["at_phnom_penh"] == "2026-11-20 10:29:00"
    assert rows[0]["device_tag"] == there.device_tag and rows[0]["district_code"] == "2006"
    assert [r["detail"] for r in _staff_log(console, "export_desk_audit")] == ["officer=OFF-9"]


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_the_page_reads_an_index_under_each_filter(console: Console) -> None:
    # Newest first under each filter reads an index on (…, at, id): no sort of the
    # matching events, however many there are.
    cases = {"ix_desk_audit_events_at_id": trail.Filters(action="open"),
             "ix_desk_audit_events_device_at_id": trail.Filters(device_id="d"),
             "ix_desk_audit_events_officer_at_id": trail.Filters(officer_id="o"),
             "ix_desk_audit_events_regno_at_id": trail.Filters(registration_no="r")}
    for index, filters in cases.items():
        query = trail._filtered(sa.select(db.desk_audit_events.c.id), filters).order_by(
            db.desk_audit_events.c.at.desc(), db.desk_audit_events.c.id.desc()).limit(5)
        sql = str(query.compile(console.engine, compile_kwargs={"literal_binds": True}))
        with console.engine.connect() as conn:
            plan = " | ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert index in plan, (index, plan)
        assert "TEMP B-TREE" not in plan, plan


def test_migration_0015_replaces_the_indexes_of_0012(hq_db_url: str) -> None:
    engine = sa.create_engine(hq_db_url)
    before = [m for m in db.MIGRATIONS if m[0] != "0015_desk_audit_indexes"]
    with db.writing(engine) as conn:  # a database as 0012 left it
        db._migrations.create(conn, checkfirst=True)
        for name, fn in before:
            if name == "0012_desk_audit_events":
                conn.exec_driver_sql(
                    "CREATE TABLE desk_audit_events (id VARCHAR(36) PRIMARY KEY, "
                    "device_id VARCHAR(36) NOT NULL, hash VARCHAR(64) NOT NULL, "
                    "at VARCHAR(32) NOT NULL, officer_id VARCHAR(64), "
                    "action VARCHAR(10) NOT NULL, record_id VARCHAR(36), "
                    "registration_no VARCHAR(40), result_count INTEGER, "
                    "query_kind VARCHAR(10), received_at VARCHAR(32) NOT NULL)")
                conn.exec_driver_sql("CREATE INDEX ix_desk_audit_events_at "
                                     "ON desk_audit_events (at)")
                conn.exec_driver_sql("CREATE INDEX ix_desk_audit_events_device_at "
                                     "ON desk_audit_events (device_id, at)")
            else:
                fn(conn)
            conn.execute(sa.insert(db._migrations).values(name=name, applied_at="x"))
    assert db.migrate(engine) == ["0015_desk_audit_indexes"]
    names = {i["name"] for i in sa.inspect(engine).get_indexes("desk_audit_events")}
    assert set(db.DESK_AUDIT_INDEXES) <= names
    assert not names & {"ix_desk_audit_events_at", "ix_desk_audit_events_device_at"}
    engine.dispose()


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_in_the_browser_an_admin_filters_and_pages_on_a_laptop_and_a_phone(
        browser: Any, console: Console, two_desks: dict[str, Any], tmp_path) -> None:  # noqa: ANN001
    import os
    from pathlib import Path

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from tests.browser import LAPTOP, PHONE, at_size
    from tests.staff_console.conftest import browser_sign_in

    here, there = two_desks["here"], two_desks["there"]
    _events(console, there.device_id, 120, officer="OFF-9", action="print",
            regno="2006-000042")
    shots = Path(os.environ.get("JOBCENTRE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    at_size(browser, LAPTOP)
    browser_sign_in(browser, console, "admin", lang="en")
    browser.get(f"{console.url}/console/")
    browser.find_element(By.LINK_TEXT, "Desk audit").click()
    WebDriverWait(browser, 20).until(lambda b: "/console/desk-audit" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "What officers did on the desks"
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.desk-audit tbody tr")) == 100
    # Filter by the laptop in Chbar Mon and one action, through the form.
    Select(browser.find_element(By.NAME, "device")).select_by_value(here.device_id)
    Select(browser.find_element(By.NAME, "action")).select_by_value("edit")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    WebDriverWait(browser, 20).until(lambda b: "action=edit" in b.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.desk-audit tbody tr")
    assert len(rows) == 1 and "Edited" in rows[0].text and here.device_tag in rows[0].text
    assert two_desks["saved"]["registration_no"] in rows[0].text
    # The second page of the other laptop's prints, then back to the newest.
    browser.get(f"{console.url}/console/desk-audit?lang=en&district=2006")
    browser.find_element(By.CSS_SELECTOR, 'a[rel="next"]').click()
    WebDriverWait(browser, 20).until(lambda b: "after=" in b.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.desk-audit tbody tr")) == 20
    assert not browser.find_elements(By.CSS_SELECTOR, 'a[rel="next"]')
    for size, name in ((LAPTOP, "laptop"), (PHONE, "phone")):
        at_size(browser, size)
        for lang in ("km", "en"):
            browser.get(f"{console.url}/console/desk-audit?lang={lang}&from=2026-11-01"
                        f"&to=2026-11-30&district=2006")
            assert browser.find_elements(By.CSS_SELECTOR, "table.desk-audit tbody tr")
            # The table scrolls inside its frame; the page is never wider than the screen.
            assert browser.execute_script(
                "return document.documentElement.scrollWidth") <= size[0], (name, lang)
            browser.save_screenshot(str(shots / f"console-desk-audit-{lang}-{name}.png"))
    at_size(browser, LAPTOP)
    browser.get(f"{console.url}/console/desk-audit?lang=km&from=2026-13-40")
    assert "ពីថ្ងៃ៖" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    browser.save_screenshot(str(shots / "console-desk-audit-km-problem.png"))
