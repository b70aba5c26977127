"""`jobcentre sync` as a scheduled job runs it, through the installed script: with no
headquarters to talk to it says so and stops at once (not after the whole give-up
time), and on a long push it reports progress on stderr, in the user's language."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.desk import Desk
from app.store import meta
from app.store.connection import transaction
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import register_some

JOBCENTRE = Path(sys.executable).with_name("jobcentre")
# Far longer than any run below may take: a command that retried a refused connection
# until it gave up would hit the subprocess timeout and fail the test.
PATIENT = "3600"


def jobcentre(data_dir: Path, *args: str, lang: str = "C.UTF-8", timeout: float = 60
              ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([str(JOBCENTRE), "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pointed_at(desk: Desk, url: str) -> Desk:
    """An enrolled desk whose headquarters now lives at ``url``."""
    with transaction(desk.conn):
        meta.put(desk.conn, "sync.server_url", url)
    desk.set_setting("sync.give_up_after", PATIENT)
    desk.set_setting("sync.backoff_cap", "1")
    return desk


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang, words", [
    ("C.UTF-8", "Gave up for now: Nothing answers at http://127.0.0.1:{port}: "
                "headquarters may be down, or the address is wrong"),
    ("km_KH.UTF-8", "គ្មានអ្វីឆ្លើយតបនៅ http://127.0.0.1:{port} ទេ"),
], ids=["en", "km"])
def test_sync_with_nothing_listening_says_so_and_stops(hq: LiveServer, make_desk, raw,
                                                       lang: str, words: str) -> None:
    port = free_port()
    desk = pointed_at(enrolled(make_desk(), hq.url, hq.code()), f"http://127.0.0.1:{port}")
    register_some(desk, raw, 3)
    done = jobcentre(desk.data_dir, "sync", lang=lang)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert words.format(port=port) in done.stderr, done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_sync_with_an_unknown_server_name_says_so_and_stops(hq: LiveServer, make_desk
                                                            ) -> None:
    desk = pointed_at(enrolled(make_desk(), hq.url, hq.code()),
                      "https://hq.no-such-ministry.invalid")
    done = jobcentre(desk.data_dir, "sync")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert ("The server name hq.no-such-ministry.invalid cannot be found: no internet "
            "connection, or a mistyped address") in done.stderr, done.stderr


@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("lang, line", [
    ("C.UTF-8", "sent {done} of 45 records"),
    ("km_KH.UTF-8", "បានផ្ញើ {done} ក្នុងចំណោម 45 កំណត់ត្រា"),
], ids=["en", "km"])
def test_a_long_push_reports_progress_on_stderr(hq: LiveServer, make_desk, raw, lang: str,
                                                line: str) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    for key, value in {"batch_size": "10", "max_batch": "10", "in_flight": "1"}.items():
        desk.set_setting(f"sync.{key}", value)
    register_some(desk, raw, 45)
    done = jobcentre(desk.data_dir, "sync", lang=lang)
    assert done.returncode == 0, done.stderr
    progress = [row for row in done.stderr.splitlines() if re.search(r"\b45\b", row)]
    assert progress == [line.format(done=n) for n in (10, 20, 30, 40, 45)], done.stderr
    assert hq.count() == 45
    # stdout keeps only the summary, for scripts.
    assert "of 45" not in done.stdout and "ក្នុងចំណោម" not in done.stdout
