"""The desk's data folder and what the store writes in it belong to the signed-in user
alone: the database holds returnees' names, phones and national ids, and the device
token.

On POSIX the folder is 0700 and every file 0600, set when each is made (``os.open``
with the mode, never "create then narrow") and tightened again on open, so a folder an
older version left world-readable is fixed on first use. SQLite makes its ``-wal`` and
``-shm`` files with the database's own mode. On Windows the folder lives in the user's
profile (``%LOCALAPPDATA%``), whose inherited ACLs already keep other users out; these
calls then only make the folder and files.
"""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_POSIX = os.name == "posix"
# What SQLite writes beside a database file.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(path: Path) -> Path:
    """Make ``path`` (and missing parents) if needed; the folder itself is the user's only."""
    path = Path(path)
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if _POSIX:
        os.chmod(path, FOLDER_MODE)
    return path


def folder_for(path: Path) -> Path:
    """Make the folder ``path`` if it is missing, the user's only; an existing folder,
    such as the one an officer chose for a backup (a USB stick, /tmp), is left as it is."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if it is missing (never truncating one that exists), and
    make it the user's only."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(fd)
    if _POSIX:
        os.chmod(path, FILE_MODE)
    return path


def private_database(path: Path) -> Path:
    """The database file before SQLite opens it, and the files SQLite keeps beside it."""
    path = Path(path)
    private_file(path)
    if _POSIX:
        for suffix in SQLITE_COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.chmod(companion, FILE_MODE)
    return path


def open_private(path: Path, mode: str = "r+b"):  # noqa: ANN201  (a file object)
    """Open ``path`` for reading and writing, created 0600 when missing."""
    return os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE), mode)
