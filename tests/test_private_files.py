"""The data folder holds returnees' names, phones and national ids and the device token:
on POSIX it is the user's alone, folder 0700 and every file in it 0600, whatever the
umask, and a folder an older version left readable is tightened on first use (issue 17).
Windows keeps it in the user's profile, whose ACLs keep other users out."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from app.store.connection import DB_FILENAME, connect
from app.store.migrations import backup
from tests import console
from tests.conftest import OFFICE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def jobcentre(data_dir: Path, *args: str, stdin: str | None = None
              ) -> subprocess.CompletedProcess[str]:
    """The installed command, run by a user whose umask lets anyone read new files."""
    before = os.umask(0o022)  # the child inherits it
    try:
        return console.jobcentre(data_dir, *args, stdin=stdin)
    finally:
        os.umask(before)


def modes(folder: Path) -> dict[str, int]:
    """Every entry under ``folder`` (itself as ".") and its permission bits."""
    found = {".": stat.S_IMODE(folder.stat().st_mode)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = stat.S_IMODE(path.stat().st_mode)
    return found


def assert_private(folder: Path) -> None:
    for name, mode in modes(folder).items():
        path = folder / name
        wanted = 0o700 if path.is_dir() else 0o600
        assert mode == wanted, f"{name}: {oct(mode)}, wanted {oct(wanted)}"


def test_the_data_folder_and_its_files_are_the_users_alone(tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    done = jobcentre(data_dir, "init", "--office", OFFICE, "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    # A sync attempt takes the lock file; this one stops at "not enrolled".
    assert jobcentre(data_dir, "sync").returncode != 0
    # An open connection keeps the WAL and shared-memory files beside the database.
    conn = console.database(data_dir)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    try:
        names = set(modes(data_dir))
        assert {DB_FILENAME, DB_FILENAME + "-wal", DB_FILENAME + "-shm", "sync.lock"} <= names
        assert_private(data_dir)
    finally:
        conn.close()


def test_backups_are_private_like_the_database(tmp_path: Path, desk) -> None:
    copy = backup(desk.conn, desk.data_dir / "backups" / "before-0009.sqlite3")
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert connect(copy, desk.database_key()).execute(
        "SELECT count(*) FROM meta").fetchone()[0] > 0


def test_a_folder_left_readable_by_an_older_version_is_tightened(tmp_path: Path) -> None:
    data_dir = tmp_path / "desk"
    assert jobcentre(data_dir, "init", "--office", OFFICE, "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n").returncode == 0
    os.chmod(data_dir, 0o755)
    for path in data_dir.iterdir():
        if path.is_file():
            os.chmod(path, 0o644)
    done = jobcentre(data_dir, "status")
    assert done.returncode == 0, done.stderr
    assert_private(data_dir)


def test_a_backup_leaves_the_folder_the_officer_chose_as_it_was(tmp_path: Path) -> None:
    """A backup to a USB stick or a shared folder is private itself, and the folder it
    goes into keeps its own mode (a backup to /tmp once closed /tmp to everyone else)."""
    data_dir = tmp_path / "desk"
    assert jobcentre(data_dir, "init", "--office", OFFICE, "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n").returncode == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    os.chmod(stick, 0o1777)
    done = jobcentre(data_dir, "backup", "--out", str(stick / "friday.backup"))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(stick.stat().st_mode) == 0o1777
    assert stat.S_IMODE((stick / "friday.backup").stat().st_mode) == 0o600
    made = stick / "new" / "deeper"
    done = jobcentre(data_dir, "backup", "--out", str(made / "monday.backup"))
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(made.stat().st_mode) == 0o700
