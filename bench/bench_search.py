"""Search as you type over 1,000,000 registrations, against the index layout before.

Each query in a fixed set of real name fragments, phones and registration numbers is
"typed" one character at a time; every prefix is searched as the search box would
(best 50), and times are reported by query length, beside the same prefixes against
the layout before migration 0009 (one trigram table for every kind of key), built in
the same database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

from app.domain import regno
from app.domain import search as rules
from app.domain.search import INDEX_VERSION
from app.services import demo, officers, registrations
from app.services.desk import Desk
from app.store import meta
from app.store import registrations as store
from app.store.connection import transaction
from bench.common import p50, pct

COUNT = int(os.environ.get("JCD_BENCH_SEARCH_COUNT", "1000000"))
NAME_QUERIES = ["ស្រីមុំ", "សុខ ដារ៉ា", "ចាន់ធីតា", "ម៉ាលី", "sreymom", "sok dara", "chantha",
                "keo pisey", "sopehak"]


def _typed(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1)]


def _time(fn, text: str) -> float:
    started = time.perf_counter()
    fn(text)
    return (time.perf_counter() - started) * 1000


BASE = 100_000  # registrations made by the demo generator; the rest are copies of them
CACHE = Path(os.environ.get("JCD_BENCH_SEARCH_CACHE", "/tmp/jcd-bench-search"))

# The layout before migration 0009: one trigram table over every kind of key.
_LEGACY = "legacy_search"


def _desk_with_records() -> tuple[Desk, float, bool]:
    """A desk with COUNT demo registrations, kept under /tmp between runs (a million take
    minutes to make); made anew when the search keys are built differently."""
    folder = CACHE / f"{COUNT}-{INDEX_VERSION}"
    if (folder / "ready").exists():
        desk = Desk(folder / "data")
        officers.sign_in(desk, "Bench", "bench-password")
        return desk, 0.0, True
    shutil.rmtree(CACHE, ignore_errors=True)
    folder.mkdir(parents=True)
    desk = Desk(folder / "data")
    officers.setup(desk, "0502", "Bench", "bench-password")
    started = time.perf_counter()
    demo.generate(desk, min(COUNT, BASE), seed=3)
    _repeat(desk, COUNT // BASE)
    made = time.perf_counter() - started
    _build_legacy(desk)
    (folder / "ready").write_text("")
    return desk, made, False


def _repeat(desk: Desk, times: int) -> None:
    """Copies 2..times of the first BASE registrations, with new ids and numbers, written
    by SQL with their search keys (a million through the demo generator takes over an hour
    on a loaded machine). Names and phones repeat as the demo's own do."""
    if times <= 1:
        return
    conn = desk.conn
    columns = [r[1] for r in conn.execute("PRAGMA table_info(registrations)")
               if r[1] not in ("rid", "id", "registration_no", "seq")]
    listed = ", ".join(columns)
    with transaction(conn):
        conn.execute("CREATE TEMP TABLE copy_numbers (rid INTEGER PRIMARY KEY, number TEXT,"
                     " compact TEXT)")
        for k in range(1, times):
            rows = []
            for rid in range(k * BASE + 1, (k + 1) * BASE + 1):
                number = regno.format_number(desk.office_code, desk.device_tag, rid)
                rows.append((rid, number, regno.compact(number)))
            conn.executemany("INSERT INTO copy_numbers VALUES (?, ?, ?)", rows)
            conn.execute(
                f"INSERT INTO registrations (rid, id, registration_no, seq, {listed})"
                f" SELECT r.rid + {k * BASE}, r.id || '-{k}', c.number, r.rid + {k * BASE},"
                f" {', '.join('r.' + c for c in columns)} FROM registrations r"
                f" JOIN copy_numbers c ON c.rid = r.rid + {k * BASE} WHERE r.rid <= {BASE}")
            for table, cols in (("search_names", "names"), ("search_fuzzy", "sounds, cross"),
                                ("search_starts", "starts"), ("search_phones", "phones")):
                conn.execute(f"INSERT INTO {table} (rowid, {cols}) SELECT rowid + {k * BASE},"
                             f" {cols} FROM {table} WHERE rowid <= {BASE}")
            conn.execute("INSERT INTO search_numbers (rid, number) SELECT rid, compact"
                         f" FROM copy_numbers WHERE rid > {k * BASE}")
        conn.execute("DROP TABLE copy_numbers")
        meta.put(conn, "last_seq", str(times * BASE))


def _build_legacy(desk: Desk) -> None:
    conn = desk.conn
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_LEGACY} USING fts5("
                 "names, phones, numbers, starts, tokenize = 'trigram')")
    conn.execute(f"DELETE FROM {_LEGACY}")
    conn.execute(
        f"INSERT INTO {_LEGACY} (rowid, names, phones, numbers, starts)"
        " SELECT n.rowid, n.names, coalesce(p.phones, ''), coalesce(r.number, ''),"
        " coalesce(s.starts, '') FROM search_names n"
        " LEFT JOIN search_phones p ON p.rowid = n.rowid"
        " LEFT JOIN search_numbers r ON r.rid = n.rowid"
        " LEFT JOIN search_starts s ON s.rowid = n.rowid")
    conn.commit()


def _legacy_candidates(desk: Desk, query: rules.SearchQuery) -> list[tuple[int, str]]:
    column = "phones" if query.kind == "digits" else query.column
    text = query.text
    if column == "numbers" and rules.regno.parse(text) is None:
        # Before, a number's beginning was read as a name or as phone digits.
        column = "phones" if text.isdigit() else "names"
        text = text.lower()
    match_text = rules.WORD_START + text if column == "starts" else text
    match = f"{{{column}}} : {rules.fts_phrase(match_text)}"
    return [tuple(r) for r in desk.conn.execute(
        f"SELECT rowid, {column if column != 'starts' else 'names'} FROM {_LEGACY}"
        f" WHERE {_LEGACY} MATCH ? ORDER BY rowid DESC LIMIT 300", (match,))]


def _legacy_search(desk: Desk, text: str, limit: int = 50) -> list[int]:
    """Search as it was before migration 0009, with the same reading, ranking, typo
    correction and record fetch as then, against the one table over every key."""
    query = rules.parse_query(text)
    if query is None:
        return []

    def scored(q: rules.SearchQuery, band: int) -> dict[int, int]:
        found = _legacy_candidates(desk, q)
        return {rid: band + rules.score(q, rules.keys_of(q.column, key)) for rid, key in found}

    ranked = scored(query, 0)
    if len(ranked) < limit:
        for fixed in rules.typo_queries(
                query, lambda lo, hi: store.words_of_length(desk.conn, lo, hi)):
            for rid, score in scored(fixed, rules.TYPO).items():
                ranked.setdefault(rid, score)
    best = sorted(ranked, key=lambda rid: (ranked[rid], -rid))[:limit]
    store.get_many(desk.conn, best)
    return best


def _sizes(desk: Desk) -> dict[str, float]:
    """MB of each index (its tables and their shadow tables), read from dbstat."""
    out: dict[str, float] = defaultdict(float)
    try:
        rows = desk.conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        return {}
    for name, size in rows:
        for prefix in ("search_names", "search_fuzzy", "search_starts", "search_phones",
                       "search_numbers", _LEGACY, "registrations"):
            if name == prefix or name.startswith(prefix + "_"):
                out[prefix] += size / 1e6
    return dict(out)


def main() -> str:
    desk, made, cached = _desk_with_records()
    sample = registrations.page(desk, registrations.list_filter(), 1234, 5)
    phones = [r["phone"] for r in sample if r["phone"]][:3]
    local = ["0" + p[4:] for p in phones]
    numbers = [r["registration_no"] for r in sample][:3]
    queries = (
        NAME_QUERIES
        + [f"{p[:3]} {p[3:6]} {p[6:]}" for p in local]
        + [n.replace("-", "") for n in numbers]
        + numbers[:1]
    )

    def best50(text: str):
        return registrations.search(desk, text, limit=50)

    def legacy(text: str):
        return _legacy_search(desk, text)

    by_length: dict[str, dict[int, list[float]]] = {"new": defaultdict(list),
                                                    "old": defaultdict(list)}
    for query in queries:
        for prefix in _typed(query):
            bucket = min(len(prefix), 8)
            # Alternate which runs first, so neither gets the warmer cache every time.
            pair = (("new", best50), ("old", legacy))
            for name, fn in (pair if bucket % 2 else pair[::-1]):
                by_length[name][bucket].append(_time(fn, prefix))

    rows = []
    for length in sorted(by_length["new"]):
        new = by_length["new"][length]
        old = by_length["old"][length]
        label = f"{length}+" if length == 8 else str(length)
        rows.append(f"| {label} | {len(new)} | {p50(new):.1f} / {pct(new, 95):.1f} "
                    f"| {p50(old):.1f} / {pct(old, 95):.1f} |")
    every = [t for ts in by_length["new"].values() for t in ts]
    worst = max(pct(ts, 95) for ts in by_length["new"].values())
    sizes = _sizes(desk)
    size_rows = [f"| {name} | {mb:.0f} |" for name, mb in sorted(sizes.items())]
    dup_ms, dup_found = _duplicate_checks(desk)
    desk.close()
    made_text = (f"made in {made:.0f} s" if not cached
                 else "made by an earlier run and kept under /tmp")
    return "\n".join([
        "## Search as you type",
        "",
        f"{COUNT:,} registrations ({made_text}): {min(COUNT, BASE):,} from the demo "
        f"generator and {max(0, COUNT // BASE - 1)} copies of them with their own ids, "
        "numbers and search keys (written by SQL: the generator alone takes over an hour "
        f"for a million on this loaded machine). Queries: {len(queries)} real "
        "name fragments (Khmer and Latin, one with a typo), phones as people type them and "
        "registration numbers with and without dashes; every prefix is searched as it is "
        "typed, returning the best 50 with the forgiving matching on (word order, joins, "
        "typos, romanisation variants, Khmer near-misses, the other script: each asked "
        "only while fewer than 50 are found). Before: the same prefixes against the layout "
        "before migration 0009 (one trigram table over names, phones, numbers and word "
        "starts, numbers read as names or phone digits), built from the same keys in the "
        "same database and timed in the same run, alternating with the new one. Taken on "
        "a shared machine with other work running: compare the columns, not the runs.",
        "",
        f"Every prefix length: worst p95 {worst:.1f} ms, all searches p50 {p50(every):.1f} ms "
        f"(target: p95 under 50 ms for every length).",
        "",
        "| characters typed | searches | now p50 / p95 ms | before p50 / p95 ms |",
        "|---|---|---|---|",
        *rows,
        "",
        "Index sizes (MB, from SQLite's dbstat; the records themselves for scale):",
        "",
        "| table | MB |",
        "|---|---|",
        *(size_rows or ["| (dbstat not available in this SQLite) | - |"]),
        "",
        "## Duplicate check at entry",
        "",
        f"The check a save runs (same phone, same national ID, or similar name with the same "
        f"sex, birth year +-1 and home commune, with the forgiving name matching) over the "
        f"same {COUNT:,} registrations: "
        f"{len(dup_ms)} checks (half re-entries of saved people, half new people), "
        f"p50 {p50(dup_ms):.1f} ms, p95 {pct(dup_ms, 95):.1f} ms, max {max(dup_ms):.1f} ms "
        f"(target: under 100 ms); {dup_found} of the re-entries were caught.",
    ])


def _duplicate_checks(desk) -> tuple[list[float], int]:
    import random

    from app.services import demo
    from app.store import registrations as store

    rng = random.Random(9)
    total = registrations.count(desk, registrations.list_filter())
    # A saved person typed in again: the same content as a new record.
    again = [store.get(desk.conn, r["id"]) | {"id": None} for r in
             (registrations.page(desk, registrations.list_filter(), rng.randrange(total), 1)[0]
              for _ in range(100))]
    fresh = demo.make_records(100, rng, desk)
    times, caught = [], 0
    for i, rec in enumerate(again + fresh):
        started = time.perf_counter()
        found = registrations.likely_duplicates(desk, rec)
        times.append((time.perf_counter() - started) * 1000)
        if i < len(again) and found:
            caught += 1
    return times, caught


if __name__ == "__main__":
    print(main())
