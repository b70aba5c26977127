"""One window per data folder: a second window refuses, in words, naming the process
that has the folder; a lock left by a window that died is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.i18n import qm_path
from app.services import officers
from app.services.desk import Desk
from app.services.window_lock import LOCK_FILENAME, FolderInUse, WindowLock
from tests.console import PASSWORD, english, initialised, jobcentre, script
from tests.test_translations import TS, read_ts, tool, translated


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return initialised(tmp_path / "desk")


def open_window(folder: Path) -> subprocess.Popen[str]:
    """The real window in its own process, waiting at the sign-in dialog."""
    window = subprocess.Popen([str(script("jobcentre")), "--data-dir", str(folder), "gui"],
                              env=english({"QT_QPA_PLATFORM": "offscreen"}),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = folder / LOCK_FILENAME
    deadline = time.monotonic() + 60
    while f"pid={window.pid}" not in (lock.read_text() if lock.exists() else ""):
        assert window.poll() is None, "the first window ended"
        assert time.monotonic() < deadline, "the first window never took the folder"
        time.sleep(0.1)
    return window


def second_window(folder: Path, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    return jobcentre(folder, "gui", "--quit-after-show",
                     env={"QT_QPA_PLATFORM": "offscreen", "LANG": lang})


def test_a_second_window_on_the_same_folder_is_refused_in_words(folder: Path) -> None:
    with Desk(folder) as desk:
        officers.sign_in(desk, "Sokha", PASSWORD)
        desk.set_setting("language", "en")  # the officer chose English
    first = open_window(folder)
    try:
        refused = second_window(folder)
        assert refused.returncode == 1
        assert (f"This data folder is already open in another Job Centre Desk window "
                f"(process {first.pid}, open since ") in refused.stderr
        assert f"Data folder: {folder.resolve()}" in refused.stderr
        assert "Traceback" not in refused.stderr
        # The folder was not touched by the refused window.
        assert f"pid={first.pid}" in (folder / LOCK_FILENAME).read_text()
    finally:
        first.terminate()
        first.wait(30)
    # SIGTERM ends Qt without closing the window: its pid stays in the file, the OS lock
    # is gone. The next window takes the stale lock over and opens.
    assert f"pid={first.pid}" in (folder / LOCK_FILENAME).read_text()
    assert second_window(folder).returncode == 0
    assert (folder / LOCK_FILENAME).read_text() == ""  # released on closing


def test_the_refusal_speaks_the_windows_language(folder: Path) -> None:
    qm = qm_path("km")
    if not qm.exists() or qm.stat().st_mtime < TS.stat().st_mtime:
        done = subprocess.run([tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    committed = read_ts(TS)
    first = open_window(folder)
    try:
        # The window's language is the desk's setting (Khmer unless changed), not LANG.
        refused = second_window(folder, lang="C.UTF-8")
        assert refused.returncode == 1
        text = translated(committed, "App", "This data folder is already open in another Job "
                          "Centre Desk window (process {pid}, open since {since}). Switch to "
                          "that window, or close it and start again.")
        head = text.split("{pid}")[0]
        assert refused.stderr.startswith(head + str(first.pid)), refused.stderr
    finally:
        first.terminate()
        first.wait(30)


def test_a_lock_naming_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (tmp_path / LOCK_FILENAME).write_text(f"pid={gone.pid}\nhost=x\nsince=yesterday\n")
    with WindowLock(tmp_path) as lock:
        assert lock.took_over is not None and lock.took_over.pid == gone.pid
        assert f"pid={os.getpid()}" in (tmp_path / LOCK_FILENAME).read_text()
        # A second holder in this same process is refused too (one lock per open file).
        with pytest.raises(FolderInUse) as busy:
            WindowLock(tmp_path).acquire()
        assert busy.value.holder.pid == os.getpid()
