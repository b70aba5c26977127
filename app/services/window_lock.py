"""One window per data folder.

Two windows on one data folder would each keep their own view of the records, and the
officer would not know which one saved what. The window takes ``window.lock`` in the data
folder before it opens the database: an operating-system lock on the file (dropped by the
system when the holder ends, even by a crash or a power cut) plus the holder's process id
and start time written inside, so that the second window can say who has it.

A lock file left behind by a window that crashed is stale: nothing holds the OS lock any
more, so the next window takes it over and writes its own process id.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOCK_FILENAME = "window.lock"
# Windows locks byte ranges, and a locked range cannot be read by others: lock a byte
# well past the text, so the holder's details stay readable.
_LOCK_OFFSET = 4096


@dataclass(frozen=True)
class Holder:
    pid: int | None
    host: str
    since: str


class FolderInUse(Exception):
    """Another window has this data folder open."""

    def __init__(self, holder: Holder):
        super().__init__(f"data folder in use by process {holder.pid}")
        self.holder = holder


def _read_holder(path: Path) -> Holder:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    fields = dict(line.split("=", 1) for line in lines if "=" in line)
    pid = fields.get("pid", "")
    return Holder(int(pid) if pid.isdigit() else None, fields.get("host", ""),
                  fields.get("since", ""))


def _os_lock(fh: Any) -> bool:
    try:
        if os.name == "nt":
            import msvcrt

            fh.seek(_LOCK_OFFSET)
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class WindowLock:
    """Held by the window for as long as it is open."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_FILENAME
        self._fh: Any = None
        self.took_over: Holder | None = None  # the stale holder replaced, if any

    def acquire(self) -> None:
        """Take the lock, or raise ``FolderInUse`` naming the window that has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")  # noqa: SIM115 held open while the window is open
        if not _os_lock(fh):
            holder = _read_holder(self.path)
            fh.close()
            raise FolderInUse(holder)
        previous = _read_holder(self.path)
        if previous.pid is not None:
            # Its process id is still written but nobody holds the lock: that window
            # ended without closing (a crash, a power cut). Stale: take it over.
            self.took_over = previous
        here = socket.gethostname()
        fh.seek(0)
        fh.truncate()
        since = datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M")
        fh.write(f"pid={os.getpid()}\nhost={here}\nsince={since}\n".encode())
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            self._fh.seek(0)
            self._fh.truncate()  # an empty file: nobody holds it
            self._fh.flush()
        finally:
            self._fh.close()  # closing drops the OS lock
            self._fh = None

    def __enter__(self) -> WindowLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

