"""A real headquarters server on a loopback port, over SQLite or PostgreSQL, and desks
that sync with it.

PostgreSQL tests read the URL from JOBCENTRE_TEST_PG_URL (.ci/run starts a throwaway
cluster); each test gets its own schema. Without the variable they skip on a
developer's machine and fail when CI is set.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import uvicorn

from app.services import officers
from app.services import sync as sync_service
from app.services.desk import Desk
from sync.client import ClientSettings
from sync.server import db, records
from sync.server import devices as dev
from sync.server.app import Limits, create_app
from sync.server.ratelimit import RateLimiter
from tests.conftest import OFFICE

PG_ENV = "JOBCENTRE_TEST_PG_URL"

# Short everything, so a fault costs a second or two, not minutes. The read timeout is
# the longest: a busy test machine can take seconds over an answer, which is not a fault.
FAST = {
    "connect_timeout": "1", "read_timeout": "5", "give_up_after": "8",
    "backoff_base": "0.05", "backoff_cap": "0.4", "quick_answer": "1",
}
# What a test that makes the link hang waits for each answer.
HANG_READ_TIMEOUT = "2"


def pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI runs the PostgreSQL tests: set {PG_ENV}")
        pytest.skip(f"no PostgreSQL ({PG_ENV} is not set)")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hq_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty headquarters database: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}"
        return
    base = pg_base_url()
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


class LiveServer:
    """The real FastAPI app under uvicorn, in a thread, on a free loopback port."""

    def __init__(self, url: str, limits: Limits | None = None,
                 clock: Callable[[], datetime] | None = None,
                 limiter: RateLimiter | None = None):
        self.engine = db.make_engine(url, busy_timeout_ms=2000)
        db.migrate(self.engine)
        # The real default rates unless a test brings its own: the suite's desks must
        # never meet them, as real desks never should.
        self.limiter = limiter or RateLimiter()
        self.app = create_app(self.engine, limits=limits, clock=clock, limiter=self.limiter)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(self.app, log_level="warning", timeout_graceful_shutdown=1,
                                limit_concurrency=200)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()
        self.engine.dispose()

    # what the headquarters data team would do with jobcentre-hq
    def code(self, district: str = OFFICE) -> str:
        return dev.new_code(self.engine, district, datetime.now(UTC))

    def export(self) -> list[dict[str, Any]]:
        return list(records.iter_export(self.engine))

    def revoke(self, device_id: str) -> bool:
        return dev.revoke(self.engine, device_id, datetime.now(UTC))

    def count(self, table: str = "registrations") -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def hq(hq_db_url: str) -> Iterator[LiveServer]:
    server = LiveServer(hq_db_url).start()
    yield server
    server.stop()


@pytest.fixture
def make_desk(tmp_path: Path, fixed_now: datetime) -> Iterator[Callable[..., Desk]]:
    """Desks in their own data folders (office 0502, a supervisor signed in), with
    short sync timeouts."""
    made: list[Desk] = []

    def make(name: str = "laptop", office: str = OFFICE) -> Desk:
        desk = Desk(tmp_path / name, clock=lambda: fixed_now)
        officers.setup(desk, office, "Sokha", "secret123")
        for key, value in FAST.items():
            desk.set_setting(f"sync.{key}", value)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.close()


def fast_settings(**overrides: Any) -> ClientSettings:
    settings = ClientSettings(**{k: float(v) for k, v in FAST.items()})
    for key, value in overrides.items():
        setattr(settings, key, value)
    return settings


def enrolled(desk: Desk, server_url: str, code: str) -> Desk:
    sync_service.enrol(desk, server_url, code)
    return desk
