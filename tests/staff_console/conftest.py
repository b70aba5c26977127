"""The console over a real headquarters server (SQLite and PostgreSQL), with a staff
member of each role, and ways to be signed in: a ``requests.Session`` or the shared
browser.

    def test_page(console):
        page = console.session("viewer").get(console.url + "/console/devices")

``console.staff[role]`` is the name of that role's member; every one has ``PASSWORD``.
``csrf_of(html)`` reads a page's form token, to POST as the page's own form would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from sync.server import staff as accounts
from tests.sync.conftest import LiveServer, hq_db_url  # noqa: F401  (a fixture)

PASSWORD = "console-pass-1"
STAFF = {"viewer": "Dara Viewer", "data_officer": "Sophea Officer", "admin": "Vanna Admin"}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no form token"
    return found.group(1)


class Console:
    def __init__(self, server: LiveServer):
        self.server = server
        self.url = server.url
        self.engine = server.engine
        self.staff = dict(STAFF)
        self._sessions: list[requests.Session] = []
        now = datetime.now(UTC)
        for role, name in STAFF.items():
            accounts.add(server.engine, name, role, PASSWORD, now)

    def anonymous(self) -> requests.Session:
        session = requests.Session()
        self._sessions.append(session)
        return session

    def sign_in(self, session: requests.Session, name: str, password: str = PASSWORD,
                **params: Any) -> requests.Response:
        """POST the sign-in form as a browser would; the answer is not followed."""
        form = session.get(f"{self.url}/console/login", params=params, timeout=10)
        return session.post(f"{self.url}/console/login", params=params, timeout=10,
                            data={"name": name, "password": password,
                                  "csrf": csrf_of(form.text)}, allow_redirects=False)

    def session(self, role: str) -> requests.Session:
        """A session signed in as the member with ``role``."""
        session = self.anonymous()
        answer = self.sign_in(session, self.staff[role])
        assert answer.status_code == 303, answer.text
        return session

    def post_form(self, session: requests.Session, page: str, action: str,
                  data: dict[str, Any], **kwargs: Any) -> requests.Response:
        """Open ``page`` and POST ``data`` to ``action`` with that page's form token."""
        token = csrf_of(session.get(self.url + page, timeout=10).text)
        return session.post(self.url + action, data={**data, "csrf": token}, timeout=10,
                            allow_redirects=False, **kwargs)

    def close(self) -> None:
        for session in self._sessions:
            session.close()


@pytest.fixture
def console(hq_db_url: str) -> Iterator[Console]:  # noqa: F811
    server = LiveServer(hq_db_url).start()
    made = Console(server)
    yield made
    made.close()
    server.stop()


def browser_sign_in(browser: Any, console: Console, role: str, *, lang: str = "km") -> None:
    """Sign the shared browser in as the member with ``role``, through the form, and
    wait for the page it lands on."""
    from selenium.webdriver.common.by import By

    browser.get(f"{console.url}/console/login?lang={lang}")
    browser.find_element(By.NAME, "name").send_keys(console.staff[role])
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # The click returns before the answer: wait until the browser has left the form.
    WebDriverWait(browser, 20).until(lambda b: "/console/login" not in b.current_url)


from tests.sync.conftest import make_desk  # noqa: E402, F401  (a fixture)
