"""The console's dashboard over a real headquarters (SQLite and PostgreSQL): a viewer
sees the numbers desks pushed, each chart as an SVG with its table and CSV, never a name
or a phone; filters pick what they say and a bad one is named in the reader's words;
and in a real Chromium at 1366x768, in Khmer and in English, the charts draw with the
Khmer font headquarters serves."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from app.services import demo
from app.services import registrations as regs
from app.services import sync as sync_service
from sync.server import figures
from sync.server.console.dashboard import WORDS
from tests.browser import LAPTOP, at_size
from tests.conftest import village_in
from tests.staff_console.conftest import Console, browser_sign_in
from tests.sync.conftest import enrolled
from tests.test_employers_store import returnee

PHONE = "012 345 678"


def _pushed(console: Console, make_desk, raw, office: str = "0502", n: int = 3,
            name: str = "laptop") -> list[dict]:  # noqa: ANN001
    desk = enrolled(make_desk(name, office=office), console.url, console.server.code(office))
    saved = [regs.register(desk, returnee(raw, i, phone=PHONE, name_km="សុខ ចាន់ធីតា",
                                          home_village_code=village_in(office)))
             for i in range(n)]
    assert sync_service.run(desk.data_dir).counts["stored"] == n
    return saved


def _get(session, url: str, **kw):  # noqa: ANN001, ANN202
    answer = session.get(url, timeout=20, allow_redirects=False, **kw)
    assert answer.status_code == 200, (url, answer.status_code, answer.text[:300])
    return answer


def test_a_viewer_sees_the_numbers_each_chart_and_no_personal_data(
        console: Console, make_desk, raw) -> None:
    _pushed(console, make_desk, raw, n=3)
    _pushed(console, make_desk, raw, office="2006", n=2, name="other")
    viewer = console.session("viewer")
    page = _get(viewer, console.url + "/console/", params={"lang": "en"})
    html = page.text
    assert "National dashboard" in html
    assert re.search(r"<dt>Registrations</dt><dd>5</dd>", html)
    assert re.search(r"<dt>Looking for work</dt><dd>5</dd>", html)
    # Counts only: the returnees' names, phones and numbers never reach a viewer.
    for secret in ("សុខ ចាន់ធីតា", "Sok Dara", PHONE, "+85512345678", "0502-"):
        assert secret not in html
    assert page.headers["cache-control"] == "no-store"
    frames = re.findall(r'<iframe src="([^"]+)"', html)
    assert len(frames) == len(figures.CHARTS)
    for chart, src in zip(figures.CHARTS, frames, strict=True):
        assert src.startswith(f"/console/dashboard/{chart}.svg?")
        assert f'href="/console/dashboard/{chart}.csv?lang=en"' in html
        svg = _get(viewer, console.url + src.replace("&amp;", "&"))
        assert svg.headers["content-type"].startswith("image/svg+xml")
        assert "script-src" not in svg.headers["content-security-policy"]
        assert "<script" not in svg.text and "/static/fonts/NotoSansKhmer.ttf" in svg.text
        assert PHONE not in svg.text
    # The provinces' table beside its chart, and the chart in Khmer names.
    assert re.search(r"<td>Kampong Speu</td><td class=\"num\">3</td>", html)
    km_svg = _get(viewer, console.url + "/console/dashboard/provinces.svg?lang=km").text
    assert "កំពង់ស្ពឺ" in km_svg and "ស្វាយរៀង" in km_svg


def test_each_chart_downloads_as_csv_with_the_pages_filters(console: Console, make_desk,
                                                            raw) -> None:
    _pushed(console, make_desk, raw, n=3)
    _pushed(console, make_desk, raw, office="2006", n=2, name="other")
    viewer = console.session("viewer")
    answer = _get(viewer, console.url + "/console/dashboard/provinces.csv",
                  params={"lang": "km"})
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    homes = {r["province"]: (r["province_name"], r["home"]) for r in rows if r["home"] != "0"}
    assert homes == {"05": ("កំពង់ស្ពឺ", "3"), "20": ("ស្វាយរៀង", "2")}
    only = _get(viewer, console.url + "/console/dashboard/provinces.csv",
                params={"province": "20", "lang": "en"}).content.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(only[1:])))
    assert {r["province"]: r["home"] for r in rows if r["home"] != "0"} == {"20": "2"}
    per_day = _get(viewer, console.url + "/console/dashboard/per_day.csv").content
    day_rows = list(csv.DictReader(io.StringIO(per_day.decode("utf-8")[1:])))
    assert sum(int(r["total"]) for r in day_rows) == 5
    assert viewer.get(console.url + "/console/dashboard/nothing.csv", timeout=10,
                      allow_redirects=False).status_code == 404


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "“From”: not a date (write YYYY-MM-DD)"),
    ("km", "«ចាប់ពីថ្ងៃ»៖ មិនមែនជាកាលបរិច្ឆេទ (សរសេរ ឆ្នាំ-ខែ-ថ្ងៃ)"),
])
def test_a_bad_filter_is_named_in_the_readers_language(console: Console, lang: str,
                                                       says: str) -> None:
    viewer = console.session("viewer")
    page = _get(viewer, console.url + "/console/",
                params={"from": "2026-13-01", "channel": "fax", "lang": lang})
    assert says in page.text
    assert WORDS(lang, "unknown_code", field=WORDS(lang, "channel")) in page.text
    assert 'value="2026-13-01"' in page.text  # kept in the form to correct


def test_filters_on_the_page_pick_the_province(console: Console, make_desk, raw) -> None:
    _pushed(console, make_desk, raw, n=3)
    _pushed(console, make_desk, raw, office="2006", n=2, name="other")
    viewer = console.session("viewer")
    html = _get(viewer, console.url + "/console/dashboard",
                params={"province": "20", "lang": "en"}).text
    assert re.search(r"<dt>Registrations</dt><dd>2</dd>", html)
    assert '<option value="20" selected>' in html
    assert "/console/dashboard/per_day.svg?province=20&amp;lang=en" in html


def _fonts_ready_in_frame(browser, index: int) -> bool:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    frame = browser.find_elements(By.TAG_NAME, "iframe")[index]
    browser.execute_script("arguments[0].scrollIntoView()", frame)
    browser.switch_to.frame(frame)
    try:
        # The SVG's own document loads the served font for its Khmer labels.
        return bool(browser.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "document.fonts.load(\"13px 'Noto Sans Khmer'\", 'កំពង់ស្ពឺ')"
            ".then(f => done(f.length > 0 && document.fonts.check("
            "\"13px 'Noto Sans Khmer'\", 'កំពង់ស្ពឺ')), () => done(false));"))
    finally:
        browser.switch_to.default_content()


def test_a_signed_in_viewer_sees_the_dashboard_at_1366x768(
        console: Console, make_desk, raw, browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    desk = enrolled(make_desk(), console.url, console.server.code())
    demo.generate(desk, 300, seed=3)
    sync_service.run(desk.data_dir)
    shots = Path(os.environ.get("JCD_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    for lang, title, first_total in (("km", "ផ្ទាំងព័ត៌មានជាតិ", "៣០០"),
                                     ("en", "National dashboard", "300")):
        browser.delete_all_cookies()
        browser_sign_in(browser, console, "viewer", lang=lang)
        at_size(browser, LAPTOP)
        browser.get(f"{console.url}/console/?lang={lang}")
        assert browser.find_element(By.TAG_NAME, "h1").text == title
        first = browser.find_element(By.CSS_SELECTOR, ".dash-totals dd")
        assert first.text == first_total
        # The filters, the totals and the first chart with its table fit the screen's width.
        assert browser.execute_script(
            "return document.documentElement.scrollWidth") <= LAPTOP[0]
        frames = browser.find_elements(By.TAG_NAME, "iframe")
        assert len(frames) == len(figures.CHARTS)
        table = browser.find_element(By.CSS_SELECTOR, "#per_day .dash-table")
        assert frames[0].rect["x"] + frames[0].rect["width"] <= table.rect["x"]
        browser.save_screenshot(str(shots / f"dashboard-{lang}.png"))
        assert _fonts_ready_in_frame(browser, 1)  # the provinces chart
        browser.switch_to.frame(browser.find_elements(By.TAG_NAME, "iframe")[1])
        labels = browser.execute_script(
            "return [...document.querySelectorAll('text')].map(t => t.textContent)")
        browser.switch_to.default_content()
        assert ("កំពង់ស្ពឺ" if lang == "km" else "Kampong Speu") in labels
        for chart in figures.CHARTS[1:]:
            browser.execute_script(f"document.getElementById('{chart}').scrollIntoView()")
            browser.save_screenshot(str(shots / f"dashboard-{chart}-{lang}.png"))
