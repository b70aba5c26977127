"""Sync benchmark: push 100,000 registrations from one desk to the headquarters server
over loopback, on SQLite and (when a URL is given) PostgreSQL.

Measures records per second and bytes on the wire per record (requests and answers,
headers included, counted by a TCP relay between desk and server), and in the same run
a baseline that sends one record per request on 2,000 records.

Run alone: `python bench/bench_sync.py [--count N]`; PostgreSQL is used when
JOBCENTRE_BENCH_PG_URL (or JOBCENTRE_TEST_PG_URL) names a database it may fill.
`make bench` runs it with the others and writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
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
BASELINE = 2_000
WORKERS = 2  # server processes: one per core of the 2-core machines this runs on


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

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).ok:
                return proc, port
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _desk(folder: Path, count: int, batch: int | None):  # noqa: ANN202
    from app.services import demo, officers
    from app.services.desk import Desk

    desk = Desk(folder)
    officers.setup(desk, "0502", "Bench", "bench-password")
    demo.generate(desk, count, seed=1)
    if batch is not None:
        for key in ("batch_size", "min_batch", "max_batch"):
            desk.set_setting(f"sync.{key}", str(batch))
    return desk


def _code(db_url: str) -> str:
    from sync.server import db
    from sync.server import devices as dev

    engine = db.make_engine(db_url)
    try:
        return dev.new_code(engine, "0502", datetime.now(UTC))
    finally:
        engine.dispose()


def _push(db_url: str, relay: CountingRelay, folder: Path, count: int,
          batch: int | None) -> dict[str, float]:
    from app.services import sync as sync_service

    desk = _desk(folder, count, batch)
    try:
        sync_service.enrol(desk, f"http://127.0.0.1:{relay.port}", _code(db_url))
        relay.reset()
        started = time.perf_counter()
        report = sync_service.run(desk.data_dir)
        elapsed = time.perf_counter() - started
        assert report.counts["stored"] == count, report.counts
    finally:
        desk.close()
    wire = relay.sent + relay.received
    return {"records": count, "seconds": elapsed, "rate": count / elapsed,
            "bytes": wire / count, "up": relay.sent / count, "down": relay.received / count,
            "batches": report.batches, "final_batch": report.batch_size}


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


def run(count: int = COUNT, baseline: int = BASELINE) -> list[dict[str, object]]:
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
                batched = _push(db_url, relay, Path(tmp) / "desk", count, None)
                single = _push(db_url, relay, Path(tmp) / "single", baseline, 1)
            finally:
                relay.close()
                proc.terminate()
                proc.wait(10)
                if schema:
                    _drop_pg(pg_base, schema)
        rows.append({"backend": name, "batched": batched, "single": single})
    return rows


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "## Sync: push to headquarters over loopback",
        "",
        "One desk pushes its registrations (demo data) to `jobcentre-hq serve` in another "
        "process; bytes are counted on the wire by a TCP relay (requests and answers, "
        "headers included). Aim: at least 5,000 records/s and under 300 bytes per record.",
        "",
        "| backend | mode | records | seconds | records/s | bytes/record (up + down) "
        "| batches (last size) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        for mode, key in (("gzip batches", "batched"), ("one per request", "single")):
            r = row[key]
            lines.append(
                f"| {row['backend']} | {mode} | {r['records']:,} | {r['seconds']:.1f} | "
                f"{r['rate']:,.0f} | {r['bytes']:,.0f} ({r['up']:,.0f} + {r['down']:,.0f}) | "
                f"{r['batches']:,} ({r['final_batch']:,}) |")
    lines.append("")
    for row in rows:
        b, s = row["batched"], row["single"]
        lines.append(
            f"- {row['backend']}: batches are {b['rate'] / s['rate']:.0f}× faster than one "
            f"record per request and use {s['bytes'] / b['bytes']:.1f}× fewer bytes per record.")
    return "\n".join(lines)


def main(count: int = COUNT, baseline: int = BASELINE) -> str:
    return table(run(count, baseline))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--baseline", type=int, default=BASELINE)
    args = parser.parse_args()
    print(main(args.count, args.baseline))
