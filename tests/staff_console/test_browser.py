"""The console in a real headless Chromium at the console's 1366x768: signing in through
the form, the navigation, the devices page in Khmer and English; screenshots of each
page are kept for people to look at, in ``$JOBCENTRE_SCREENSHOTS`` (or the test's
temporary folder)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from app.services import sync as sync_service
from tests.browser import LAPTOP, at_size
from tests.staff_console.conftest import Console, browser_sign_in
from tests.sync.conftest import enrolled


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_an_admin_signs_in_and_sees_the_navigation_and_the_devices(
        browser: Any, console: Console, make_desk, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    desk = enrolled(make_desk(), console.url, console.server.code())
    sync_service.run(desk.data_dir)
    at_size(browser, LAPTOP)
    browser.get(f"{console.url}/console/devices")
    assert "/console/login?next=/console/devices" in browser.current_url
    browser_sign_in(browser, console, "admin", lang="km")
    # Signing in lands on the dashboard, its link current in the navigation.
    assert browser.current_url == f"{console.url}/console/"
    current = browser.find_element(By.CSS_SELECTOR, 'nav a[aria-current="page"]')
    assert current.text == "ផ្ទាំងសង្ខេប"
    # Back where the sign-in began: the devices page, in Khmer.
    browser.get(f"{console.url}/console/devices")
    assert browser.find_element(By.TAG_NAME, "h1").text == "កុំព្យូទ័រដែលបានចុះឈ្មោះ"
    nav = {a.text: a.get_attribute("href")
           for a in browser.find_elements(By.CSS_SELECTOR, "nav a")}
    assert nav["ផ្ទាំងសង្ខេប"].endswith("/console/")  # the dashboard
    assert nav["កំណត់ត្រាសកម្មភាព"].endswith("/console/audit")
    row = browser.find_element(By.ID, f"device-{desk.device_tag}")
    assert "ធម្មតា" in row.text and "0502" in row.text
    # The session cookie is HttpOnly: no script on the page could read it.
    cookies = {c["name"]: c for c in browser.get_cookies()}
    assert cookies["jcd_session"]["httpOnly"] and cookies["jcd_session"]["sameSite"] == "Strict"
    assert browser.execute_script("return document.cookie").find("jcd_session") < 0
    # Nothing on the page is wider than the screen.
    assert browser.execute_script(
        "return document.documentElement.scrollWidth") <= LAPTOP[0]

    shots = Path(os.environ.get("JOBCENTRE_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for lang in ("km", "en"):
        for page in ("devices", "requests", "training", "reference", "audit"):
            browser.get(f"{console.url}/console/{page}?lang={lang}")
            assert browser.execute_script(
                "return document.documentElement.scrollWidth") <= LAPTOP[0], (page, lang)
            browser.save_screenshot(str(shots / f"console-{page}-{lang}.png"))
    browser.get(f"{console.url}/console/devices?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Enrolled devices"
    # Signing out from the header's button lands on the sign-in form.
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.CSS_SELECTOR, "header form button").click()
    WebDriverWait(browser, 20).until(lambda b: "/console/login" in b.current_url)
    assert "You have signed out." in browser.page_source
    browser.save_screenshot(str(shots / "console-login-en.png"))
    browser.get(f"{console.url}/console/devices")
    assert "/console/login" in browser.current_url
