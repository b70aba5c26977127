"""Set-wise writing of a pushed batch at headquarters: rows go to PostgreSQL by COPY,
into the table itself or into a temporary table that one ``INSERT ... SELECT ... ON
CONFLICT`` then merges, in the caller's transaction. COPY sends the rows as text the
server parses column by column: no statement per row, and none of the cost of encoding
and decoding a JSON array of the whole batch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.engine import Connection


def copy_rows(conn: Connection, table: str, columns: Sequence[str],
              rows: Iterable[Sequence[Any]]) -> None:
    """COPY ``rows`` (values in ``columns`` order; dicts and lists as JSON text) into
    ``table``, in the transaction ``conn`` is in."""
    raw = conn.connection.driver_connection
    with raw.cursor() as cur, cur.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def staging(conn: Connection, name: str, columns: str) -> str:
    """An empty temporary table ``name`` (``columns`` as in CREATE TABLE) for this
    connection: made the first time, emptied at each commit and before each use (by
    DELETE: TRUNCATE would give the table a new file, a catalogue write, each time)."""
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} ({columns}) ON COMMIT DELETE ROWS")
    conn.exec_driver_sql(f"DELETE FROM {name}")
    return name
