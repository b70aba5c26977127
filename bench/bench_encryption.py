"""Save, search and list on the encrypted database against the same data in plain SQLite.

For each size, one cached demo desk (encrypted) is copied to a plain file with
``sqlcipher_export``; then the same operations run through the same service code
(``registrations.register``, ``search``, ``page`` and ``count``), alternating between
the encrypted connection and the plain one, in one process, so the ratio is fair on a
busy machine. The plain connection is what the desk used before encryption. A list page
is read as the window reads one: 200 rows by key, below the last row id of the page
before (``RegistrationsModel``), from a random place in the list.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from app.services import demo, registrations
from app.store.connection import connect, is_plain
from app.ui.registrations_model import PAGE_SIZE
from bench.common import cached_desk, discard, machine_load, p50, pct

SIZES = [int(n) for n in os.environ.get("JCD_BENCH_ENC_SIZES", "100000,1000000").split(",")]
ROUNDS = int(os.environ.get("JCD_BENCH_ENC_ROUNDS", "40"))
QUERIES = ["ស្រីមុំ", "សុខ ដារ៉ា", "ចាន់ធីតា", "sreymom", "sok dara", "chantha", "keo pisey"]


def _ms(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def _plain_copy(desk) -> Path:  # noqa: ANN001
    target = desk.data_dir / "plain.sqlite3"
    conn = connect(desk.db_path, desk.database_key(), wal=False)
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    assert is_plain(target)
    return target


def _measure(desk, count: int) -> list[tuple[str, list[float], list[float]]]:  # noqa: ANN001
    encrypted = desk.conn
    plain = connect(_plain_copy(desk), None)
    rng = random.Random(11)
    records = demo.make_records(ROUNDS * 2, rng, desk)
    filters = registrations.list_filter(include_withdrawn=False)  # as the window opens
    top = encrypted.execute("SELECT max(rid) FROM registrations").fetchone()[0]
    belows = [rng.randrange(PAGE_SIZE, top) for _ in range(ROUNDS)]
    results = {"save": ([], []), "search": ([], []), "list page": ([], []),
               "list count": ([], [])}

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
    for i in range(ROUNDS):
        for which, conn in ((0, encrypted), (1, plain)):
            desk.conn = conn
            rec = records[2 * i + which]
            raw = {k: v for k, v in rec.items() if k not in ("created_at", "created_on", "id")}
            results["save"][which].append(_ms(lambda raw=raw: save(raw)))
            q = QUERIES[i % len(QUERIES)]
            results["search"][which].append(
                _ms(lambda q=q: registrations.search(desk, q, limit=50)))
            results["list page"][which].append(
                _ms(lambda b=belows[i]: registrations.page(desk, filters, 0, PAGE_SIZE,
                                                           below=b)))
            results["list count"][which].append(
                _ms(lambda: registrations.count(desk, filters)))
    desk.conn = encrypted
    plain.close()
    return [(name, enc, pl) for name, (enc, pl) in results.items()]


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
        f"before). Machine: {load}; read the ratios, measured side by side. "
        "Target: encrypted within 10% of plain (ratio at most 1.10).",
        "",
        "| records | operation | plain p50 ms | encrypted p50 ms | p50 ratio |"
        " plain p95 ms | encrypted p95 ms | p95 ratio |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    over: list[str] = []
    for count in SIZES:
        desk = cached_desk(count)
        try:
            rows = _measure(desk, count)
        finally:
            discard(desk)
        for name, enc, plain in rows:
            ratio = p50(enc) / p50(plain)
            if ratio > 1.10:
                over.append(f"{name} at {count:,} ({ratio:.2f})")
            lines.append(
                f"| {count:,} | {name} | {p50(plain):.2f} | {p50(enc):.2f} |"
                f" {ratio:.2f} | {pct(plain, 95):.2f} | {pct(enc, 95):.2f} |"
                f" {pct(enc, 95) / pct(plain, 95):.2f} |")
    lines += ["", "Over the target at p50: " + ", ".join(over) + "." if over
              else "Every operation is within the target at p50."]
    return "\n".join(lines)
