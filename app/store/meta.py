"""Key-value facts about this desk: device id and tag, office, sequences, settings."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def get(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def put(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def get_all(conn: sqlite3.Connection) -> dict[str, str]:
    return {row[0]: row[1] for row in conn.execute("SELECT key, value FROM meta")}


def peek(db_file: Path, key: str) -> str | None:
    """One meta value read without opening the desk (no migrations, no writes), or None
    when the file is missing or unreadable. For the window's refusal when another window
    has the folder: it still speaks the officer's chosen language."""
    if not db_file.exists():
        return None
    try:
        conn = sqlite3.connect(f"{db_file.resolve().as_uri()}?mode=ro", uri=True, timeout=2)
        try:
            return get(conn, key)
        finally:
            conn.close()
    except sqlite3.Error:
        return None
