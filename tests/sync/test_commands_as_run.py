"""The documented desk and headquarters commands, run as a user runs them: the installed
`jobcentre` and `jobcentre-hq` scripts in a subprocess, a real data folder, a real
headquarters on loopback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import OFFICE
from tests.console import documented, jobcentre, jobcentre_hq
from tests.sync.conftest import LiveServer

CODE_LINE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "desk"
    done = jobcentre(d, "init", "--office", OFFICE, "--officer", "Sokha", "--password-stdin",
                     stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    return d


def new_code(db_url: str) -> str:
    done = jobcentre_hq(db_url, "enrolment-code", "--district", OFFICE)
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip().splitlines()[-1]
    assert CODE_LINE.fullmatch(code), done.stdout
    return code


@documented("jobcentre-hq --db URL enrolment-code --district 0502",
            "jobcentre --data-dir DIR enrol --server https://hq.example --code CODE")
def test_enrol_exits_0_and_says_what_it_did(hq: LiveServer, hq_db_url: str,
                                           data_dir: Path) -> None:
    # `jobcentre enrol` used to enrol and then crash on the closed database (exit 1),
    # because the tests enrolled through the service, never through the command.
    done = jobcentre(data_dir, "enrol", "--server", hq.url, "--code", new_code(hq_db_url))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    status = jobcentre(data_dir, "status")
    device = re.search(r"device\s+(\S+) \(tag (\S+)\)", status.stdout)
    assert device, status.stdout
    assert done.stdout.splitlines()[0] == (
        f"enrolled with {hq.url} as device {device[1]} (tag {device[2]})")

    # A used code is refused in words, exit 1, still no traceback.
    again = jobcentre(data_dir, "enrol", "--server", hq.url, "--code", "AAAA-BBBB-CCCC")
    assert again.returncode == 1
    assert again.stderr.startswith("error: ") and "Traceback" not in again.stderr
