"""Save, search and list on the encrypted database against the same data in plain SQLite.

For each size, one cached demo desk is copied with ``sqlcipher_export`` twice, to an
encrypted file and to a plain one laid out alike; then the same operations run through
the same service code (``registrations.register``, ``search``, ``page`` and ``count``),
alternating between the encrypted connection and the plain one, in one process, so the
ratio is fair on a busy machine. The plain connection is what the desk used before encryption. Saves run
as the window runs them: checkpoints deferred, and after each save, untimed, what the
window does when idle (one step of search merging, then a PASSIVE checkpoint). A list
page is read as the window reads one: 200 rows by key, below the last row id of the page
before (``RegistrationsModel``), from a random place in the list. Beside them, what one
page written costs each way, to read the save's gap against the pages a save writes.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from app.services import demo, registrations
from app.store.connection import (
    checkpoint,
    connect,
    defer_checkpoints,
    is_plain,
    key_pragma,
    transaction,
)
from app.ui.registrations_model import PAGE_SIZE
from bench.common import cached_desk, discard, machine_load, p50, pct

SIZES = [int(n) for n in os.environ.get("JCD_BENCH_ENC_SIZES", "100000,1000000").split(",")]
ROUNDS = int(os.environ.get("JCD_BENCH_ENC_ROUNDS", "40"))
PAGE_ROWS = 5_000  # rows of one page each in the page cost measurement
QUERIES = ["ស្រីមុំ", "សុខ ដារ៉ា", "ចាន់ធីតា", "sreymom", "sok dara", "chantha", "keo pisey"]


def _ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _export(desk, name: str, key: bytes | None) -> Path:  # noqa: ANN001
    """A copy of the desk's database made by ``sqlcipher_export``, encrypted with ``key``
    or plain. Both sides are exported the same way, so their pages are laid out alike
    (an exported file's pages are full; a grown one's are not, and that alone changes
    how many pages a save writes)."""
    target = desk.data_dir / name
    conn = connect(desk.db_path, desk.database_key(), wal=False)
    try:
        copy_key = key_pragma(key) if key else "''"
        conn.execute(f"ATTACH DATABASE ? AS copy KEY {copy_key}", (str(target),))
        conn.execute("SELECT sqlcipher_export('copy')")
        conn.execute("DETACH DATABASE copy")
    finally:
        conn.close()
    assert is_plain(target) == (key is None)
    return target


def _page_write_us(key: bytes | None) -> float:
    """µs per page of writing ``PAGE_ROWS`` rows of one page each in one transaction to a
    new file, encrypted with ``key`` or plain (no fsync: the cost of the pages alone)."""
    with tempfile.TemporaryDirectory(prefix="jcd-pages-") as folder:
        conn = connect(Path(folder) / "pages.sqlite3", key)
        try:
            conn.execute("PRAGMA synchronous = OFF")
            defer_checkpoints(conn)
            conn.execute("CREATE TABLE t (b BLOB)")
            rows = [(os.urandom(3_000),)] * PAGE_ROWS
            started = time.perf_counter()
            with transaction(conn):
                conn.executemany("INSERT INTO t VALUES (?)", rows)
            return (time.perf_counter() - started) * 1e6 / PAGE_ROWS
        finally:
            conn.close()


def _measure(desk) -> tuple[list[tuple[str, list[float], list[float]]],  # noqa: ANN001
                            tuple[list[int], list[int]]]:
    kept = desk.conn
    key = desk.database_key()
    encrypted = connect(_export(desk, "encrypted.sqlite3", key), key)
    plain = connect(_export(desk, "plain.sqlite3", None), None)
    for conn in (encrypted, plain):
        defer_checkpoints(conn)  # as the window does (Desk.defer_checkpoints)
    rng = random.Random(11)
    records = demo.make_records(ROUNDS * 2, rng, desk)
    filters = registrations.list_filter(include_withdrawn=False)  # as the window opens
    top = encrypted.execute("SELECT max(rid) FROM registrations").fetchone()[0]
    belows = [rng.randrange(PAGE_SIZE, top) for _ in range(ROUNDS)]
    results = {"save": ([], []), "search": ([], []), "list page": ([], []),
               "list count": ([], [])}
    pages: tuple[list[int], list[int]] = ([], [])  # log pages each save wrote

    def save(raw) -> None:  # noqa: ANN001
        try:
            registrations.register(desk, raw)
        except registrations.DuplicatesFound:
            registrations.register(desk, raw | {"duplicate_override_reason": "bench"})

    for conn in (encrypted, plain):  # warm both page caches the same way first
        desk.conn = conn
        for q in QUERIES:
            registrations.search(desk, q, limit=50)
        registrations.count(desk, filters)
        checkpoint(conn)  # so that each save's log starts empty
    for i in range(ROUNDS):
        for which, conn in ((0, encrypted), (1, plain)):
            desk.conn = conn
            rec = records[2 * i + which]
            raw = {k: v for k, v in rec.items() if k not in ("created_at", "created_on", "id")}
            results["save"][which].append(_ms(lambda raw=raw: save(raw)))
            pages[which].append(checkpoint(conn)[1])  # the log began empty: the save's
            desk.merge_search()  # the window's idle upkeep, untimed
            checkpoint(conn)
            q = QUERIES[i % len(QUERIES)]
            results["search"][which].append(
                _ms(lambda q=q: registrations.search(desk, q, limit=50)))
            results["list page"][which].append(
                _ms(lambda b=belows[i]: registrations.page(desk, filters, 0, PAGE_SIZE,
                                                           below=b)))
            results["list count"][which].append(
                _ms(lambda: registrations.count(desk, filters)))
    desk.conn = kept
    encrypted.close()
    plain.close()
    return [(name, enc, pl) for name, (enc, pl) in results.items()], pages


def main() -> str:
    load = machine_load()
    lines = [
        "## Encryption at rest (SQLCipher)",
        "",
        "The same operations through the same service code on the encrypted database "
        "and on a plain copy of it (`sqlcipher_export`), alternating, in one process, "
        f"{ROUNDS} of each per size; raw 32-byte key (no PBKDF2 on open), SQLCipher 4 "
        "defaults (4096-byte pages, HMAC-SHA512), a 64 MiB page cache on the encrypted "
        "connection (`ENCRYPTED_CACHE_KIB`; the plain one keeps SQLite's default, as "
        "before). Both files are exported the same way, so their pages are laid out "
        "alike; an exported file's pages are full, so a save splits more of them than on "
        "a desk that grew by saving (the page counts below). Saves as the window makes "
        "them: checkpoints deferred on both connections, and after each save, untimed, "
        "the window's idle upkeep (one step of search merging, then a PASSIVE "
        "checkpoint). "
        f"Machine: {load}; read the ratios, measured side by side. "
        "Target: encrypted within 10% of plain (ratio at most 1.10).",
        "",
        "| records | operation | plain p50 ms | encrypted p50 ms | p50 ratio |"
        " plain p95 ms | encrypted p95 ms | p95 ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    over: list[str] = []
    gaps: list[str] = []
    for count in SIZES:
        desk = cached_desk(count)
        try:
            rows, (enc_pages, plain_pages) = _measure(desk)
            key = desk.database_key()
        finally:
            discard(desk)
        page_cost = p50([_page_write_us(key) - _page_write_us(None) for _ in range(3)])
        enc_saves, plain_saves = next((e, p) for name, e, p in rows if name == "save")
        save_gap = p50(enc_saves) - p50(plain_saves)
        gaps.append(
            f"at {count:,}, a save wrote a median of {p50(enc_pages):.0f} log pages"
            f" ({p50(plain_pages):.0f} plain); writing a page costs {page_cost:.1f} µs more"
            f" encrypted, so {p50(enc_pages) * page_cost / 1000:.2f} ms of the save's"
            f" {save_gap:.2f} ms gap at p50")
        for name, enc, plain in rows:
            ratio = p50(enc) / p50(plain)
            if ratio > 1.10:
                over.append(f"{name} at {count:,} ({ratio:.2f})")
            lines.append(
                f"| {count:,} | {name} | {p50(plain):.2f} | {p50(enc):.2f} |"
                f" {ratio:.2f} | {pct(plain, 95):.2f} | {pct(enc, 95):.2f} |"
                f" {pct(enc, 95) / pct(plain, 95):.2f} |")
    lines += ["", "Over the target at p50: " + ", ".join(over) + "." if over
              else "Every operation is within the target at p50.",
              "", "Where a save's gap goes: " + "; ".join(gaps) + "."]
    return "\n".join(lines)
