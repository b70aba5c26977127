"""Officer accounts. Password hashes never leave this table."""

from __future__ import annotations

import sqlite3
from typing import Any

_PUBLIC = "officer_id, name, office, role, active, version, created_at, updated_at, device_id"


def insert(conn: sqlite3.Connection, officer: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO officers (officer_id, name, office, role, password_hash, active, version,"
        " created_at, updated_at, device_id) VALUES (:officer_id, :name, :office, :role,"
        " :password_hash, 1, 1, :created_at, :created_at, :device_id)",
        officer,
    )


def by_name(conn: sqlite3.Connection, name: str) -> sqlite3.Row | None:
    return conn.execute(
        f"SELECT {_PUBLIC}, password_hash FROM officers WHERE name = ?", (name,)
    ).fetchone()


def by_id(conn: sqlite3.Connection, officer_id: str) -> sqlite3.Row | None:
    return conn.execute(
        f"SELECT {_PUBLIC} FROM officers WHERE officer_id = ?", (officer_id,)
    ).fetchone()


def all_officers(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(f"SELECT {_PUBLIC} FROM officers ORDER BY name").fetchall()


def set_password(conn: sqlite3.Connection, officer_id: str, password_hash: str, now: str) -> None:
    conn.execute(
        "UPDATE officers SET password_hash = ?, updated_at = ?, version = version + 1"
        " WHERE officer_id = ?",
        (password_hash, now, officer_id),
    )


def set_active(conn: sqlite3.Connection, officer_id: str, active: bool, now: str) -> None:
    conn.execute(
        "UPDATE officers SET active = ?, updated_at = ?, version = version + 1"
        " WHERE officer_id = ?",
        (int(active), now, officer_id),
    )


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM officers").fetchone()[0]
