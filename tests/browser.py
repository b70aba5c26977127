"""One headless Chromium for the whole test session, from the distribution's packages
(`chromium`, `chromium-driver`); nothing downloads a browser.

Web tests take the `browser` fixture; each test starts at phone size (360x640) and may
call `at_size` for the console's 1366x768. Cookies are cleared between tests so one
test's session never leaks into the next.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

PHONE = (360, 640)
LAPTOP = (1366, 768)


def _chromium_paths() -> tuple[str, str] | None:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    return (binary, driver) if binary and driver else None


@pytest.fixture(scope="session")
def _chromium() -> Iterator[object]:
    paths = _chromium_paths()
    if paths is None:
        if os.environ.get("CI"):
            pytest.fail("CI runs the browser tests: apt-get install chromium chromium-driver")
        pytest.skip("no chromium / chromium-driver on this machine")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--lang=km",
                f"--window-size={PHONE[0]},{PHONE[1]}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(paths[1]), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def at_size(driver: object, size: tuple[int, int]) -> None:
    """Make the page's viewport exactly `size` (width, height) in CSS pixels."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {  # type: ignore[attr-defined]
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})


@pytest.fixture
def browser(_chromium: object) -> Iterator[object]:
    at_size(_chromium, PHONE)
    yield _chromium
    _chromium.delete_all_cookies()  # type: ignore[attr-defined]
