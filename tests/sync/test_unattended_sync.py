"""A scheduled `jobcentre sync` with nobody to type a password: it opens the desk with
the device key a supervisor put in the keyring, and without one it says what it needs.
The keyring is the real `keyring` package with a file backend (tests/keyring_backend.py)
chosen by keyring's own PYTHON_KEYRING_BACKEND setting."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from app.services import device_key
from tests.console import documented, jobcentre, path_with_the_tests
from tests.keyring_backend import FILE_ENV, FileKeyring
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import register_some


@documented("jobcentre --data-dir DIR sync")
@pytest.mark.parametrize("hq_db_url", ["sqlite"], indirect=True)
def test_a_scheduled_sync_opens_the_desk_with_the_keyrings_device_key(
        hq: LiveServer, make_desk, raw, tmp_path: Path, monkeypatch) -> None:
    store = tmp_path / "keyring.json"
    monkeypatch.setenv(FILE_ENV, str(store))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    try:
        desk = enrolled(make_desk(), hq.url, hq.code())
        register_some(desk, raw, 3)
        device_key.enable(desk)
        unattended = {"JOBCENTRE_PASSWORD": "", FILE_ENV: str(store), "PYTHONPATH": path_with_the_tests(),
                      "PYTHON_KEYRING_BACKEND": "tests.keyring_backend.FileKeyring"}
        done = jobcentre(desk.data_dir, "sync", env=unattended)
        assert done.returncode == 0, done.stderr
        assert "pushed 3 in" in done.stdout
        assert hq.count() == 3

        device_key.disable(desk)
        refused = jobcentre(desk.data_dir, "sync", env=unattended)
        assert refused.returncode == 1
        assert refused.stderr == (
            "error: Sokha's password is needed: give it with --password-stdin, in "
            "JOBCENTRE_PASSWORD, or type it at a terminal\n")
    finally:
        keyring.set_keyring(previous)
