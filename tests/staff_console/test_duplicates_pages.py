"""The console's duplicates pages over the real server (SQLite and PostgreSQL): data
officers see the pairs with their reasons, open one side by side (audited) and decide it
through the form (CSRF checked, audited); viewers and strangers never see them. And in a
real Chromium at 1366x768, in Khmer and English."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.services import registrations
from app.services import sync as sync_service
from app.services.desk import Desk
from sync.server import db, duplicates
from tests.browser import LAPTOP, at_size
from tests.staff_console.conftest import Console, browser_sign_in, csrf_of
from tests.sync.conftest import enrolled
from tests.sync.test_duplicates import other_district, the_same_person_by_phone


@pytest.fixture
def pair(console: Console, make_desk, fixed_now, raw) -> dict[str, Any]:
    """A village desk and a hotline desk in another province pushed the same man."""
    village = enrolled(make_desk("village"), console.url, console.server.code())
    hotline: Desk = make_desk("hotline", office=other_district())
    hotline._clock = lambda: fixed_now + timedelta(days=2)
    enrolled(hotline, console.url, console.server.code(hotline.office_code))
    first = registrations.register(village, raw)
    second = registrations.register(hotline, the_same_person_by_phone(raw))
    sync_service.run(village.data_dir)
    sync_service.run(hotline.data_dir)
    a, b = duplicates.ordered(first["id"], second["id"])
    return {"first": first, "second": second, "hotline": hotline,
            "path": f"/console/duplicates/{a}/{b}"}


def audit_rows(console: Console, action: str) -> list[tuple[str, str]]:
    t = db.audit_log
    with console.engine.connect() as conn:
        return [(r.actor, r.target) for r in conn.execute(
            sa.select(t.c.actor, t.c.target).where(t.c.action == action))]


def test_a_data_officer_sees_the_pair_with_its_reasons_and_decides_it(
        console: Console, pair: dict[str, Any]) -> None:
    officer = console.session("data_officer")
    listed = officer.get(console.url + "/console/duplicates?lang=en", timeout=10)
    assert listed.status_code == 200
    for rec in (pair["first"], pair["second"]):
        assert rec["registration_no"] in listed.text
    assert "same phone" in listed.text
    assert "similar name, same sex, birth year and commune" in listed.text
    assert pair["path"] in listed.text
    assert listed.headers["Cache-Control"] == "no-store"
    assert audit_rows(console, "view_duplicates") == [(console.staff["data_officer"], "open")]

    shown = officer.get(console.url + pair["path"] + "?lang=en", timeout=10)
    assert shown.status_code == 200
    assert "012 345 678" in shown.text  # both phones, side by side
    assert "(registered first)" in shown.text
    assert len(audit_rows(console, "view_duplicate_pair")) == 1

    # Without the form's token the decision is refused and nothing changes.
    refused = officer.post(console.url + pair["path"], timeout=10, allow_redirects=False,
                           data={"decision": f"keep:{pair['first']['id']}"})
    assert refused.status_code == 403
    with console.engine.connect() as conn:
        assert duplicates.count(conn) == 1

    done = officer.post(console.url + pair["path"], timeout=10, allow_redirects=False,
                        data={"decision": f"keep:{pair['first']['id']}",
                              "csrf": csrf_of(shown.text)})
    assert done.status_code == 303
    after = officer.get(console.url + done.headers["location"], timeout=10)
    assert (f"{pair['second']['registration_no']} is a duplicate of "
            f"{pair['first']['registration_no']}") in after.text
    with console.engine.connect() as conn:
        assert duplicates.count(conn) == 0
        assert duplicates.record(conn, pair["second"]["id"])["duplicate_of"] == pair["first"]["id"]
    assert [actor for actor, _ in audit_rows(console, "duplicate_same")] == [
        console.staff["data_officer"]]

    # The same form sent again (a second tab, a double click) is refused in words.
    again = officer.post(console.url + pair["path"] + "?lang=en", timeout=10,
                         allow_redirects=False,
                         data={"decision": "different", "csrf": csrf_of(shown.text)})
    assert again.status_code == 409
    assert "This pair was already decided (same person)" in again.text

    # The hotline desk learns it at its next sync.
    sync_service.run(pair["hotline"].data_dir)
    marked = registrations.get(pair["hotline"], pair["second"]["id"])
    assert marked["duplicate_of_no"] == pair["first"]["registration_no"]


def test_viewers_and_strangers_never_see_the_pairs(console: Console,
                                                   pair: dict[str, Any]) -> None:
    stranger = console.anonymous()
    for path in ("/console/duplicates", pair["path"]):
        answer = stranger.get(console.url + path, timeout=10, allow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/console/login?next=")
    viewer = console.session("viewer")
    for path in ("/console/duplicates", pair["path"]):
        answer = viewer.get(console.url + path, timeout=10)
        assert answer.status_code == 403
        assert pair["first"]["registration_no"] not in answer.text
        assert "012 345 678" not in answer.text
    assert audit_rows(console, "view_duplicate_pair") == []


def test_different_people_leave_the_list_and_stay_apart(console: Console,
                                                        pair: dict[str, Any]) -> None:
    officer = console.session("data_officer")
    done = console.post_form(officer, pair["path"], pair["path"], {"decision": "different"})
    assert done.status_code == 303
    listed = officer.get(console.url + "/console/duplicates?lang=en", timeout=10)
    assert pair["first"]["registration_no"] not in listed.text
    decided = officer.get(console.url + "/console/duplicates?status=different&lang=en",
                          timeout=10)
    assert pair["first"]["registration_no"] in decided.text
    assert f"decided by {console.staff['data_officer']}" in decided.text
    # A form with no choice is answered with the rule, not a decision.
    empty = console.post_form(officer, pair["path"], pair["path"] + "?lang=en", {})
    assert empty.status_code in (409, 422)


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_in_the_browser_a_data_officer_opens_a_pair_and_resolves_it(
        browser: Any, console: Console, pair: dict[str, Any], tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = Path(os.environ.get("JOBCENTRE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    at_size(browser, LAPTOP)
    browser.delete_all_cookies()
    browser.get(f"{console.url}/console/duplicates")
    assert "/console/login?next=/console/duplicates" in browser.current_url
    browser_sign_in(browser, console, "data_officer", lang="km")
    browser.get(f"{console.url}/console/duplicates")
    assert browser.find_element(By.TAG_NAME, "h1").text == "ការចុះឈ្មោះស្ទួន"
    assert "ទូរស័ព្ទដូចគ្នា" in browser.page_source  # "same phone", the desks' words
    for lang in ("km", "en"):
        browser.get(f"{console.url}/console/duplicates?lang={lang}")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= LAPTOP[0]
        browser.save_screenshot(str(shots / f"console-duplicates-{lang}.png"))
        browser.get(f"{console.url}{pair['path']}?lang={lang}")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= LAPTOP[0]
        browser.save_screenshot(str(shots / f"console-duplicate-pair-{lang}.png"))

    # English now (the cookie remembers it): open the pair from the list and decide.
    browser.get(f"{console.url}/console/duplicates")
    browser.find_element(By.LINK_TEXT, "Open").click()
    WebDriverWait(browser, 20).until(lambda b: b.current_url.startswith(console.url + pair["path"]))
    keep_first = browser.find_element(
        By.CSS_SELECTOR, f"input[value='keep:{pair['first']['id']}']")
    assert keep_first.is_selected()  # the one registered first, unless the officer picks
    browser.find_element(By.CSS_SELECTOR, "form.decide button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: "/console/duplicates?done=same" in b.current_url)
    notice = browser.find_element(By.CSS_SELECTOR, "p.notice").text
    assert notice == (f"Saved: {pair['second']['registration_no']} is a duplicate of "
                      f"{pair['first']['registration_no']}.")
    browser.save_screenshot(str(shots / "console-duplicates-decided-en.png"))
    with console.engine.connect() as conn:
        assert duplicates.record(conn, pair["second"]["id"])["duplicate_of"] == pair["first"]["id"]
