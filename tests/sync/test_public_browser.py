"""The public QR pages in a real headless Chromium at phone size (360x640), against the
real server on loopback: a returnee fills the form in Khmer, sees a wrong phone marked,
corrects it and gets a reference; an employer asks for workers; too many tries get the
429 page. Screenshots of every page in Khmer and English, phone and laptop size, go to
``$JOBCENTRE_SCREENSHOTS`` (or the test's temporary folder) to be looked at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from app.domain import qrref
from sync.server.ratelimit import RateLimiter
from tests.browser import LAPTOP, PHONE, at_size
from tests.conftest import OFFICE, village_in
from tests.sync.conftest import LiveServer

VILLAGE = village_in(OFFICE)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("hq")
    server = LiveServer(f"sqlite:///{(folder / 'hq.sqlite3').as_posix()}",
                        limiter=RateLimiter(rates={"join": "10/hour", "hire": "10/hour",
                                                   "page": "1000/minute"})).start()
    yield server
    server.stop()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("JOBCENTRE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(autouse=True)
def fresh_limits(site: LiveServer) -> None:
    site.app.state.limiter.clear()


def shoot(browser: Any, folder: Path, name: str, size: tuple[int, int]) -> Path:
    """The whole page at ``size``'s width (taller than the screen when it scrolls)."""
    at_size(browser, size)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    at_size(browser, (size[0], max(size[1], int(height))))
    path = folder / f"{name}-{size[0]}x{size[1]}.png"
    browser.save_screenshot(str(path))
    at_size(browser, size)
    return path


def submissions(site: LiveServer) -> list[tuple[str, str]]:
    with site.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text("SELECT ref, kind FROM qr_submissions"))]


def arrived(browser: Any, css: str) -> Any:
    """The element once the page a click sent for has loaded (a click does not wait)."""
    return WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.CSS_SELECTOR, css))[0]


def wait_for_option(browser: Any, select_id: str, value: str) -> None:
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(
        By.CSS_SELECTOR, f"#{select_id} option[value='{value}']"))


def test_a_returnee_registers_in_khmer_on_a_phone(browser: Any, site: LiveServer,
                                                  shots: Path) -> None:
    browser.get(f"{site.url}/join?d={OFFICE}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "ចុះឈ្មោះស្វែងរកការងារ"
    # With script the "show" buttons are gone and the lists fill as they are chosen.
    assert not browser.find_element(By.CSS_SELECTOR, "button.step").is_displayed()
    assert Select(browser.find_element(By.ID, "f-district")).first_selected_option \
        .get_attribute("value") == OFFICE
    browser.find_element(By.ID, "f-name_km").send_keys("សុខ ដារ៉ា")
    browser.find_element(By.CSS_SELECTOR, "input[name=sex][value=female]").click()
    browser.find_element(By.ID, "f-age").send_keys("២៩")
    browser.find_element(By.ID, "f-phone").send_keys("12345")
    Select(browser.find_element(By.ID, "f-commune")).select_by_value(VILLAGE[:6])
    wait_for_option(browser, "f-village", VILLAGE)
    Select(browser.find_element(By.ID, "f-village")).select_by_value(VILLAGE)
    for name, value in (("preferred_province_codes", "05"), ("sectors", "garment"),
                        ("training_interests", "motorcycle_repair")):
        box = browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']")
        browser.execute_script("arguments[0].scrollIntoView()", box)
        box.click()
    browser.find_element(By.CSS_SELECTOR, "input[name=consent]").click()
    shoot(browser, shots, "join-filled-km", PHONE)
    browser.find_element(By.CSS_SELECTOR, "button.send").click()

    mark = arrived(browser, "#e-phone")
    assert mark.text == "សូមបញ្ចូលលេខទូរស័ព្ទនៅកម្ពុជា ឧ. 012 345 678"
    phone = browser.find_element(By.ID, "f-phone")
    assert phone.get_attribute("aria-invalid") == "true"
    assert browser.find_element(By.ID, "f-name_km").get_attribute("value") == "សុខ ដារ៉ា"
    assert Select(browser.find_element(By.ID, "f-village")).first_selected_option \
        .get_attribute("value") == VILLAGE
    assert browser.find_element(By.ID, "errors").is_displayed()
    assert submissions(site) == []
    shoot(browser, shots, "join-wrong-phone-km", PHONE)

    phone.clear()
    phone.send_keys("០១២ ៣៤៥ ៦៧៨")
    browser.find_element(By.CSS_SELECTOR, "button.send").click()
    ref = arrived(browser, "#ref").text
    assert qrref.PATTERN.match(ref)
    assert "មន្ត្រីមកពីស្រុករបស់អ្នកនឹងទូរស័ព្ទមកអ្នក" in browser.page_source
    assert (ref, "registration") in submissions(site)
    # The reference fits the phone's width, unbroken.
    assert browser.find_element(By.ID, "ref").size["width"] <= PHONE[0]
    shoot(browser, shots, "join-done-km", PHONE)


def test_without_javascript_the_lists_come_one_at_a_time(browser: Any, site: LiveServer,
                                                         shots: Path) -> None:
    """A phone with script off: each "show" button brings the next list, what was typed
    stays, and the form still ends with a reference."""
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(f"{site.url}/join?lang=en")
        browser.find_element(By.ID, "f-name_latin").send_keys("Sok Dara")
        Select(browser.find_element(By.ID, "f-province")).select_by_value("05")
        for step, select_id, value in (("district", "f-district", OFFICE),
                                       ("commune", "f-commune", VILLAGE[:6]),
                                       ("village", "f-village", VILLAGE)):
            button = browser.find_element(By.CSS_SELECTOR, f"button.step[value={step}]")
            assert button.is_displayed()
            button.click()
            wait_for_option(browser, select_id, value)
            # The page comes back where the lists are, not at the top.
            assert browser.execute_script("return window.scrollY") > 0
            Select(browser.find_element(By.ID, select_id)).select_by_value(value)
        assert browser.find_element(By.ID, "f-name_latin").get_attribute("value") == "Sok Dara"
        shoot(browser, shots, "join-no-script-en", PHONE)
        browser.find_element(By.CSS_SELECTOR, "input[name=sex][value=male]").click()
        browser.find_element(By.ID, "f-age").send_keys("31")
        browser.find_element(By.ID, "f-phone").send_keys("097 765 4321")
        for name, value in (("preferred_province_codes", "12"), ("sectors", "security")):
            box = browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']")
            browser.execute_script("arguments[0].scrollIntoView()", box)
            box.click()
        browser.find_element(By.CSS_SELECTOR, "input[name=consent]").click()
        browser.find_element(By.CSS_SELECTOR, "button.send").click()
        ref = arrived(browser, "#ref").text
        assert qrref.PATTERN.match(ref) and (ref, "registration") in submissions(site)
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_an_employer_asks_for_workers_in_english(browser: Any, site: LiveServer,
                                                 shots: Path) -> None:
    browser.get(f"{site.url}/hire?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Request workers"
    for field, value in (("employer_name", "Angkor Bricks Co."), ("contact_person", "Chan Thy"),
                         ("contact_phone", "097 765 4321"), ("job_title", "Bricklayer"),
                         ("workers_needed", "12"), ("salary_usd", "320")):
        browser.find_element(By.ID, f"f-{field}").send_keys(value)
    Select(browser.find_element(By.ID, "f-province_code")).select_by_value("05")
    wait_for_option(browser, "f-district_code", OFFICE)
    Select(browser.find_element(By.ID, "f-district_code")).select_by_value(OFFICE)
    Select(browser.find_element(By.ID, "f-sector")).select_by_value("construction")
    browser.find_element(By.CSS_SELECTOR, "input[name=gender][value=any]").click()
    box = browser.find_element(By.CSS_SELECTOR, "input[name=accommodation]")
    browser.execute_script("arguments[0].scrollIntoView()", box)
    box.click()
    browser.find_element(By.CSS_SELECTOR, "button.send").click()
    ref = arrived(browser, "#ref").text
    assert qrref.PATTERN.match(ref)
    assert (ref, "employer_request") in submissions(site)
    assert "job centre will call you" in browser.page_source
    shoot(browser, shots, "hire-done-en", PHONE)


def test_too_many_tries_get_the_429_page_in_khmer(browser: Any, site: LiveServer,
                                                  shots: Path) -> None:
    limiter = site.app.state.limiter
    while limiter.hit("join", "127.0.0.1") is None:
        pass
    browser.get(f"{site.url}/join")
    browser.find_element(By.CSS_SELECTOR, "button.send").click()
    assert arrived(browser, ".notice") and browser.find_element(
        By.TAG_NAME, "h1").text == "ព្យាយាមច្រើនដងពេក"
    assert "1297" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    shoot(browser, shots, "too-many-km", PHONE)


@pytest.mark.parametrize("lang", ["km", "en"])
def test_screenshots_of_every_page(browser: Any, site: LiveServer, shots: Path,
                                   lang: str) -> None:
    """Each page at both sizes, for people to look at; and nothing wider than the phone."""
    pages = {"join": f"/join?d={OFFICE}&lang={lang}", "hire": f"/hire?lang={lang}"}
    for name, path in pages.items():
        browser.get(site.url + path)
        for size in (PHONE, LAPTOP):
            shoot(browser, shots, f"{name}-{lang}", size)
        at_size(browser, PHONE)
        assert browser.execute_script(
            "return document.documentElement.scrollWidth") <= PHONE[0]
    # The form sent empty: every rule marked.
    browser.get(site.url + pages["join"])
    browser.find_element(By.CSS_SELECTOR, "button.send").click()
    arrived(browser, "#errors")
    assert len(browser.find_elements(By.CSS_SELECTOR, "p.err")) >= 6
    for size in (PHONE, LAPTOP):
        shoot(browser, shots, f"join-errors-{lang}", size)
    site.app.state.limiter.clear()
    limiter = site.app.state.limiter
    while limiter.hit("hire", "127.0.0.1") is None:
        pass
    browser.get(site.url + pages["hire"])
    browser.find_element(By.CSS_SELECTOR, "button.send").click()
    arrived(browser, ".notice")
    for size in (PHONE, LAPTOP):
        shoot(browser, shots, f"too-many-{lang}", size)
