"""The desk contacts only the address in its settings: a redirect from it (a hijacked
address, a misconfigured proxy) is an error the officer reads, and the body with
returnees' data and the token never goes to the other host (issue 17)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.services import sync as sync_service
from app.store import meta
from app.store.connection import transaction
from sync import client as wire
from tests.console import jobcentre
from tests.sync.conftest import LiveServer, enrolled, fast_settings
from tests.sync.test_end_to_end import register_some

NOTHING_SENT = ("nothing was sent there", "គ្មានអ្វីត្រូវបានផ្ញើទៅទីនោះទេ")


class Loopback:
    """A plain HTTP server on a free loopback port, in a thread, that records each
    request it gets and answers with ``status`` and ``location``."""

    def __init__(self, status: int = 200, location: str = ""):
        self.hits: list[tuple[str, str, bytes, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.hits.append((self.command, self.path, body,
                                   self.headers.get("Authorization", "")))
                self.send_response(status)
                if location:
                    self.send_header("Location", location + self.path)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def elsewhere() -> Iterator[Loopback]:
    """The host a redirect points to: it must never hear from the desk."""
    other = Loopback()
    yield other
    other.close()


@pytest.fixture(params=[301, 302, 307, 308])
def redirector(request: pytest.FixtureRequest, elsewhere: Loopback) -> Iterator[Loopback]:
    """The configured address, answering every request with a redirect."""
    server = Loopback(request.param, elsewhere.url)
    yield server
    server.close()


def test_no_call_follows_a_redirect(redirector: Loopback, elsewhere: Loopback) -> None:
    client = wire.HqClient(redirector.url, "jcd1_secret", fast_settings())
    calls = [
        lambda: client.enrol("AAAA-BBBB-CCCC", "d", "AAAAAA", "0502"),
        lambda: client.push([{"type": "registration", "id": "x", "name_km": "សុខ"}]),
        lambda: client.changes(0, 10),
        lambda: client.fetch("registration", "x"),
        client.health,
    ]
    try:
        for call in calls:
            with pytest.raises(wire.Redirected) as caught:
                call()
            assert caught.value.params["location"].startswith(elsewhere.url)
    finally:
        client.close()
    assert len(redirector.hits) == len(calls)
    assert elsewhere.hits == []


def test_a_redirected_sync_is_an_error_in_words_and_sends_nothing_elsewhere(
        hq: LiveServer, make_desk, raw, elsewhere: Loopback) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    register_some(desk, raw, 3)
    moved = Loopback(307, elsewhere.url)
    try:
        with transaction(desk.conn):
            meta.put(desk.conn, "sync.server_url", moved.url)
        with pytest.raises(wire.Redirected) as caught:
            sync_service.run(desk.data_dir)
        # The words name the other host and say nothing went there (in the language
        # installed: earlier tests in the session may have installed Khmer).
        words = sync_service.failure_text(caught.value)
        assert elsewhere.url in words and any(s in words for s in NOTHING_SENT)
        # The status bar's words for the last error say the same.
        shown = sync_service.describe_last_error(sync_service.status(desk.conn).last_error)
        assert elsewhere.url in shown and any(s in shown for s in NOTHING_SENT)
        assert [hit[1] for hit in moved.hits] == ["/v1/push"]
        # The installed command says the same, in Khmer too.
        done = jobcentre(desk.data_dir, "sync", env={"LANG": "km_KH.UTF-8"})
        assert done.returncode != 0
        assert NOTHING_SENT[1] in done.stderr and elsewhere.url in done.stderr
    finally:
        moved.close()
    assert elsewhere.hits == []
    assert hq.count() == 0
