"""Signing in to the console: sessions, CSRF, lockout, the per-address limit, and that
no console page opens without a session."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import requests

from sync.server import console as console_pages
from sync.server.ratelimit import RateLimiter
from tests.staff_console.conftest import PASSWORD, Console, csrf_of


def console_routes() -> list[tuple[str, str]]:
    """Every (method, path) the console serves but the sign-in form, with path
    parameters filled in: a page added later is covered without editing this."""
    return [(method, re.sub(r"\{[^}]+\}", "00000000-0000-4000-8000-000000000000", path))
            for method, path in console_pages.routes() if path != "/console/login"]


def test_every_console_page_without_a_session_goes_to_the_sign_in(console: Console) -> None:
    routes = console_routes()
    assert ("POST", "/console/logout") in routes
    anonymous = console.anonymous()
    for method, path in routes:
        answer = anonymous.request(method, console.url + path, allow_redirects=False,
                                   timeout=10)
        assert answer.status_code == 303, (method, path, answer.status_code)
        assert answer.headers["location"] == (
            f"/console/login?next={path}" if method == "GET" else "/console/login?next=/console/"
        ), (method, path)
        assert "jcd_session" not in answer.headers.get("set-cookie", "")


def test_signing_in_gives_a_strict_http_only_session_that_expires(console: Console) -> None:
    session = console.anonymous()
    answer = console.sign_in(session, console.staff["viewer"], next="/console/devices")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/devices"
    cookie = answer.headers["set-cookie"]
    assert "jcd_session=" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Max-Age=28800" in cookie and "Path=/console" in cookie
    # Plain HTTP reaches loopback only: over it the cookie cannot be Secure (browsers
    # and clients would not send it back); anywhere else it is.
    assert "Secure" not in cookie


def test_sign_in_never_sends_a_session_elsewhere_than_the_console(console: Console) -> None:
    session = console.anonymous()
    answer = console.sign_in(session, console.staff["viewer"], next="https://evil.example/")
    assert answer.headers["location"] == "/console/"
    answer = console.sign_in(console.anonymous(), console.staff["viewer"],
                             next="//evil.example/console")
    assert answer.headers["location"] == "/console/"


def test_the_sign_in_page_is_khmer_by_default_and_english_by_choice(console: Console) -> None:
    page = console.anonymous().get(console.url + "/console/login", timeout=10)
    assert page.status_code == 200
    assert "ចូលប្រើផ្ទាំងការងារ" in page.text and 'lang="km"' in page.text
    page = console.anonymous().get(console.url + "/console/login?lang=en", timeout=10)
    assert "Sign in to the console" in page.text and 'lang="en"' in page.text


def test_console_pages_forbid_framing_scripts_from_elsewhere_and_caching(
        console: Console) -> None:
    page = console.anonymous().get(console.url + "/console/login", timeout=10)
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text


def test_wrong_password_is_refused_in_words(console: Console) -> None:
    answer = console.sign_in(console.anonymous(), console.staff["viewer"], "not-the-one",
                             lang="en")
    assert answer.status_code == 401
    assert "The name or the password is wrong." in answer.text
    answer = console.sign_in(console.anonymous(), "Nobody At All", PASSWORD)
    assert answer.status_code == 401
    assert "ឈ្មោះ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ" in answer.text


def test_repeated_wrong_passwords_lock_the_account_with_growing_waits(
        console: Console) -> None:
    name = console.staff["data_officer"]
    for _ in range(2):
        assert console.sign_in(console.anonymous(), name, "wrong-wrong").status_code == 401
    third = console.sign_in(console.anonymous(), name, "wrong-wrong", lang="en")
    assert third.status_code == 429
    assert "Try again in 30 seconds." in third.text
    # While it waits, even the right password is refused.
    right = console.sign_in(console.anonymous(), name, PASSWORD, lang="en")
    assert right.status_code == 429
    assert "This account is locked" in right.text
    assert "The name or the password is wrong" not in right.text
    assert int(right.headers["retry-after"]) <= 30
    khmer = console.sign_in(console.anonymous(), name, PASSWORD, lang="km")
    assert re.search(r"សូមព្យាយាមម្តងទៀតក្នុងរយៈពេល [០-៩]+ វិនាទី។", khmer.text)
    # An admin unlocks it from the command line.
    done = subprocess.run(
        [sys.executable, "-m", "sync.server.cli", "--db",
         console.engine.url.render_as_string(hide_password=False), "staff", "unlock", name],
        capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert console.sign_in(console.anonymous(), name, "wrong-wrong").status_code == 401
    assert console.sign_in(console.anonymous(), name, PASSWORD).status_code == 303


def test_the_next_wait_is_twice_as_long(console: Console) -> None:
    from datetime import timedelta

    from sync.server import staff

    assert [staff.wait_after(n) for n in (1, 2, 3, 4, 5)] == [
        timedelta(0), timedelta(0), timedelta(seconds=30), timedelta(minutes=1),
        timedelta(minutes=2)]
    assert staff.wait_after(40) == timedelta(hours=1)


def test_too_many_failures_from_one_address_are_refused_for_a_while(
        console: Console) -> None:
    console.server.app.state.console.limiter = RateLimiter(rates={"login_failed": "3/hour"})
    names = ["Nobody One", "Nobody Two", "Nobody Three"]
    for name in names:
        assert console.sign_in(console.anonymous(), name, "guess-guess").status_code == 401
    limited = console.sign_in(console.anonymous(), console.staff["viewer"], PASSWORD,
                              lang="en")
    assert limited.status_code == 429
    assert "Too many failed sign-ins from this computer" in limited.text
    assert re.search(r"Try again in (\d+ minutes|1 hour)\.", limited.text)
    assert int(limited.headers["retry-after"]) > 60


def test_a_form_without_its_token_is_refused(console: Console) -> None:
    session = console.anonymous()
    session.get(console.url + "/console/login", timeout=10)
    answer = session.post(console.url + "/console/login?lang=en", timeout=10,
                          data={"name": console.staff["admin"], "password": PASSWORD},
                          allow_redirects=False)
    assert answer.status_code == 403
    assert "This form has expired or did not come from this page" in answer.text
    answer = session.post(console.url + "/console/login", timeout=10, allow_redirects=False,
                          data={"name": console.staff["admin"], "password": PASSWORD,
                                "csrf": "forged"})
    assert answer.status_code == 403
    assert "jcd_session" not in answer.headers.get("set-cookie", "")


def test_a_form_posted_from_another_site_is_refused(console: Console) -> None:
    session = console.session("viewer")
    token = csrf_of(_any_console_form(console, session))
    answer = session.post(console.url + "/console/logout", data={"csrf": token}, timeout=10,
                          headers={"Origin": "https://evil.example"}, allow_redirects=False)
    assert answer.status_code == 403
    # The session still works: the forged sign-out did nothing.
    assert session.get(console.url + "/console/login", allow_redirects=False,
                       timeout=10).status_code == 303


def _any_console_form(console: Console, session: requests.Session) -> str:
    # Signed in, the sign-in page sends one on; the page it lands on carries the token.
    page = session.get(console.url + "/console/devices", timeout=10)
    if page.status_code == 404:
        pytest.skip("no page with a form yet")
    return page.text


def test_signing_out_ends_every_copy_of_the_session(console: Console) -> None:
    session = console.session("admin")
    copied = dict(session.cookies)
    page = session.get(console.url + "/console/devices", timeout=10)
    answer = session.post(console.url + "/console/logout", data={"csrf": csrf_of(page.text)},
                          timeout=10, allow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/console/login?bye=1"
    replay = console.anonymous()
    replay.cookies.update(copied)
    assert replay.get(console.url + "/console/devices", allow_redirects=False,
                      timeout=10).status_code == 303


def test_a_disabled_account_loses_its_session(console: Console) -> None:
    from datetime import UTC, datetime

    from sync.server import staff

    session = console.session("data_officer")
    staff.disable(console.engine, console.staff["data_officer"], datetime.now(UTC))
    assert session.get(console.url + "/console/devices", allow_redirects=False,
                       timeout=10).status_code == 303
    assert console.sign_in(console.anonymous(), console.staff["data_officer"]
                           ).status_code == 401
