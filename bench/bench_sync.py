"""Sync benchmark: push 100,000 registrations from one desk to the headquarters server
over loopback, on SQLite and (when a URL is given) PostgreSQL.

Measures records per second and bytes on the wire per record (requests and answers,
headers included, counted by a TCP relay between desk and server), the peak resident
memory of the headquarters processes during the push, and in the same run the floor:
the same rows, read back from headquarters, inserted raw in batches of the push's size
(an executemany on SQLite, COPY on PostgreSQL, one transaction a batch) into an empty
copy of the table.

The demo desk is made once per count and kept under /tmp (``jcd-bench-sync-desk-N``);
each run pushes a copy of it.

Run alone: `python bench/bench_sync.py [--count N]`; PostgreSQL is used when
JOBCENTRE_BENCH_PG_URL (or JOBCENTRE_TEST_PG_URL) names a database it may fill.
`make bench` runs it with the others and writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

COUNT = 100_000
WORKERS = 2  # server processes: one per core of the 2-core machines this runs on
FLOOR_BATCH = 2_000  # the desk's usual batch size (app.services.sync)
# Records/s before set-wise ingestion (main at 88a87f0, 100,000 records, BENCHMARKS.md).
BEFORE = {"SQLite": 1_590, "PostgreSQL": 1_047}


class CountingRelay:
    """A TCP relay on loopback that counts every byte each way."""

    def __init__(self, upstream_port: int):
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sent = 0  # desk -> server
        self.received = 0  # server -> desk
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        with self._lock:
            self.sent = self.received = 0

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._pump, args=(client, server, "sent"), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, "received"),
                             daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, counter: str) -> None:
        try:
            while True:
                data = src.recv(1 << 16)
                if not data:
                    break
                dst.sendall(data)
                with self._lock:
                    setattr(self, counter, getattr(self, counter) + len(data))
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.listener.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(db_url: str) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "--db", db_url, "serve", "--port", str(port),
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import requests

    deadline = time.monotonic() + 120  # a loaded machine: migrations, two workers
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).ok:
                return proc, port
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _desk(folder: Path, count: int):  # noqa: ANN202
    """A copy of the cached demo desk of ``count`` registrations (made the first time)."""
    from app.services import demo, officers
    from app.services.desk import Desk

    cached = Path(tempfile.gettempdir()) / f"jcd-bench-sync-desk-{count}"
    if not (cached / "done").exists():
        shutil.rmtree(cached, ignore_errors=True)
        desk = Desk(cached)
        officers.setup(desk, "0502", "Bench", "bench-password")
        demo.generate(desk, count, seed=1)
        desk.close()
        (cached / "done").write_text("ok")
    shutil.copytree(cached, folder)
    (folder / "done").unlink()
    desk = Desk(folder)
    officers.sign_in(desk, "Bench", "bench-password")  # the database opens with its key
    return desk


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def _peak_rss_mb(pid: int) -> tuple[float, float]:
    """(largest process, all together) of the peak resident sets (VmHWM) under ``pid``."""
    peaks = []
    for proc in _tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{proc}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return (max(peaks), sum(peaks)) if peaks else (0.0, 0.0)


def _code(db_url: str) -> str:
    from sync.server import db
    from sync.server import devices as dev

    engine = db.make_engine(db_url)
    try:
        return dev.new_code(engine, "0502", datetime.now(UTC))
    finally:
        engine.dispose()


def _push(db_url: str, relay: CountingRelay, folder: Path, count: int) -> dict[str, float]:
    from app.services import sync as sync_service

    desk = _desk(folder, count)
    try:
        sync_service.enrol(desk, f"http://127.0.0.1:{relay.port}", _code(db_url))
        relay.reset()
        started = time.perf_counter()
        report = sync_service.run(desk.data_dir, conn=desk.conn)
        elapsed = time.perf_counter() - started
        assert report.counts["stored"] == count, report.counts
    finally:
        desk.close()
    wire = relay.sent + relay.received
    return {"records": count, "seconds": elapsed, "rate": count / elapsed,
            "bytes": wire / count, "up": relay.sent / count, "down": relay.received / count,
            "batches": report.batches, "final_batch": report.batch_size}


def _floor(db_url: str) -> float:
    """Records/s of a raw insert of the rows the push stored into an empty copy of the
    registrations table (its keys and indexes), ``FLOOR_BATCH`` rows a transaction."""
    import sqlalchemy as sa

    from sync.server import db

    engine = db.make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = [tuple(r) for r in conn.execute(
                sa.select(db.registrations).order_by(db.registrations.c.change_no))]
        columns = [c.name for c in db.registrations.c]
        with db.writing(engine) as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS floor_registrations")
            copy_of = sa.MetaData()
            db.devices.to_metadata(copy_of)  # its foreign key, checked as the real one is
            floor = db.registrations.to_metadata(copy_of, name="floor_registrations")
            for index in list(floor.indexes):
                index.name = f"floor_{index.name}"
            floor.create(conn)
        started = time.perf_counter()
        for start in range(0, len(rows), FLOOR_BATCH):
            part = rows[start:start + FLOOR_BATCH]
            with db.writing(engine) as conn:
                if engine.dialect.name == "postgresql":
                    raw = conn.connection.driver_connection
                    with raw.cursor() as cur, cur.copy(
                            f"COPY floor_registrations ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in part:
                            copy.write_row([json.dumps(v, ensure_ascii=False)
                                            if isinstance(v, dict) else v for v in row])
                else:
                    conn.exec_driver_sql(
                        f"INSERT INTO floor_registrations ({', '.join(columns)}) VALUES "
                        f"({', '.join('?' for _ in columns)})",
                        [tuple(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v
                               for v in row) for row in part])
        elapsed = time.perf_counter() - started
        with db.writing(engine) as conn:
            conn.exec_driver_sql("DROP TABLE floor_registrations")
        return len(rows) / elapsed
    finally:
        engine.dispose()


def _pg_database(base: str) -> tuple[str, str]:
    import sqlalchemy as sa

    schema = "bench_" + uuid.uuid4().hex[:8]
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def _drop_pg(base: str, schema: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def run(count: int = COUNT) -> list[dict[str, object]]:
    backends = [("SQLite", None)]
    pg = os.environ.get("JOBCENTRE_BENCH_PG_URL") or os.environ.get("JOBCENTRE_TEST_PG_URL")
    if pg:
        backends.append(("PostgreSQL", pg))
    rows = []
    for name, pg_base in backends:
        with tempfile.TemporaryDirectory(prefix="jcd-bench-sync-") as tmp:
            schema = None
            if pg_base:
                db_url, schema = _pg_database(pg_base)
            else:
                db_url = f"sqlite:///{(Path(tmp) / 'hq.sqlite3').as_posix()}"
            proc, port = _start_server(db_url)
            relay = CountingRelay(port)
            try:
                pushed = _push(db_url, relay, Path(tmp) / "desk", count)
                biggest, together = _peak_rss_mb(proc.pid)
            finally:
                relay.close()
                proc.terminate()
                proc.wait(10)
            try:
                pushed["floor"] = _floor(db_url)
            finally:
                if schema:
                    _drop_pg(pg_base, schema)
        pushed["rss_max"], pushed["rss_sum"] = biggest, together
        rows.append({"backend": name, "push": pushed})
    return rows


# What ``--stages`` times inside ``sync.server.records.push`` (module, function, label).
STAGES = (
    ("records", "_check", "checking each record (rules, content hash, number)"),
    ("records", "validate_registration", "  of which the domain's rules"),
    ("protocol", "content_json", "  of which the canonical content JSON"),
    ("dashboard_figures", "counts_of", "dashboard counts of each record (before the lock)"),
    ("duplicates", "person_of", "duplicate facts of each record (before the lock)"),
    ("records", "_write", "upserting the registrations (PostgreSQL: with the fits triggers)"),
    ("figures", "held", "reading what the batch's ids hold"),
    ("figures", "Held.moved_by", "dashboard deltas of the batch"),
    ("figures", "apply", "applying the dashboard deltas (one upsert)"),
    ("duplicates", "refresh", "duplicate keys and pairs"),
    ("duplicates", "_sharing_keys", "  of which the join of the batch's keys"),
    ("duplicates", "_likely_pairs", "  of which the rules on those found"),
)


def stages(db_url: str, count: int, batch: int = FLOOR_BATCH) -> tuple[dict[str, float], float]:
    """µs per record of each of ``STAGES`` and of the whole, ``records.push`` called in
    this process on batches of the demo desk's wire records (as parsed by the endpoint)."""
    from app.domain import dashboard_figures
    from app.store import outbox
    from sync import protocol
    from sync.server import db, duplicates, figures, models, records
    from sync.server import devices as dev
    from sync.server.app import default_places

    modules = {"records": records, "protocol": protocol, "figures": figures,
               "duplicates": duplicates, "dashboard_figures": dashboard_figures}
    spent: dict[str, float] = {}
    undo = []

    def timed(owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, wrapper)
        undo.append((owner, name, original))

    with tempfile.TemporaryDirectory(prefix="jcd-bench-stages-") as tmp:
        desk = _desk(Path(tmp) / "desk", count)
        try:
            wire = [w for _, w in outbox.pending_wire(desk.conn, 0, count)]
            ident = (desk.device_id, desk.device_tag, desk.office_code)
        finally:
            desk.close()
    bodies = [models.PUSH_BODY.validate_json(protocol.push_body(wire[i:i + batch]))["records"]
              for i in range(0, len(wire), batch)]
    engine = db.make_engine(db_url)
    try:
        db.migrate(engine)
        now = datetime.now(UTC)
        device, _ = dev.enrol(engine, code=dev.new_code(engine, ident[2], now),
                              device_id=ident[0], device_tag=ident[1], office_code=ident[2],
                              now=now)
        # Lazy tables (the name normaliser's, the gazetteer's) are loaded before timing.
        first = bodies[0][0]
        records.check_record(first, device, default_places(), now.date())
        duplicates.person_of(first["id"], first["data"])
        for module, name, label in STAGES:
            owner = modules[module]
            if "." in name:
                cls, name = name.split(".")
                owner = getattr(owner, cls)
            timed(owner, name, label)
        started = time.perf_counter()
        for part in bodies:
            records.push(engine, device, part, places=default_places(), now=datetime.now(UTC))
        whole = time.perf_counter() - started
    finally:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)
        engine.dispose()
    return ({label: spent.get(label, 0.0) / count * 1e6 for _, _, label in STAGES},
            whole / count * 1e6)


def stages_table(count: int) -> str:
    columns: list[tuple[str, dict[str, float], float]] = []
    pg = os.environ.get("JOBCENTRE_BENCH_PG_URL") or os.environ.get("JOBCENTRE_TEST_PG_URL")
    with tempfile.TemporaryDirectory(prefix="jcd-bench-stages-hq-") as tmp:
        columns.append(("SQLite", *stages(f"sqlite:///{Path(tmp) / 'hq.sqlite3'}", count)))
    if pg:
        url, schema = _pg_database(pg)
        try:
            columns.append(("PostgreSQL", *stages(url, count)))
        finally:
            _drop_pg(pg, schema)
    lines = [f"µs per record inside `records.push`, {count:,} records in batches of "
             f"{FLOOR_BATCH:,}, in one process:", "",
             "| stage | " + " | ".join(name for name, _, _ in columns) + " |",
             "|---|" + "---:|" * len(columns)]
    for _, _, label in STAGES:
        lines.append(f"| {label} | " + " | ".join(f"{spent[label]:,.0f}"
                                                  for _, spent, _ in columns) + " |")
    lines.append("| **the whole push** | " + " | ".join(f"**{whole:,.0f}**"
                                                      for _, _, whole in columns) + " |")
    return "\n".join(lines)


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "## Sync: push to headquarters over loopback",
        "",
        "One desk pushes its registrations (demo data) to `jobcentre-hq serve "
        f"--workers {WORKERS}` in another process; bytes are counted on the wire by a TCP "
        "relay (requests and answers, headers included). The floor is a raw insert of the "
        "same rows in the same run (executemany on SQLite, COPY on PostgreSQL, "
        f"{FLOOR_BATCH:,} rows a transaction, into an empty copy of the table). Peak memory "
        "is the largest VmHWM of the server's processes (and their sum). Aims: at least "
        "20,000 records/s and 0.5× the floor, under 200 bytes per record, under 500 MB.",
        "",
        "| backend | records | seconds | records/s (before) | floor records/s | push / floor "
        "| bytes/record (up + down) | batches (last size) | HQ peak RSS MB (all processes) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        r = row["push"]
        lines.append(
            f"| {row['backend']} | {r['records']:,} | {r['seconds']:.1f} | "
            f"{r['rate']:,.0f} ({BEFORE.get(row['backend'], 0):,}) | {r['floor']:,.0f} | "
            f"{r['rate'] / r['floor']:.2f} | "
            f"{r['bytes']:,.0f} ({r['up']:,.0f} + {r['down']:,.0f}) | "
            f"{r['batches']:,} ({r['final_batch']:,}) | "
            f"{r['rss_max']:,.0f} ({r['rss_sum']:,.0f}) |")
    return "\n".join(lines)


def main(count: int = COUNT) -> str:
    return table(run(count))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--stages", action="store_true",
                        help="time the stages of records.push in this process instead")
    args = parser.parse_args()
    print(stages_table(args.count) if args.stages else main(args.count))
