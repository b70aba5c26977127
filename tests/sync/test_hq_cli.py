"""The ``jobcentre-hq`` command: codes, revocation, export, and `serve` answering."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from app.services import sync as sync_service
from sync.server.cli import main as hq_main
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_end_to_end import register_some

ROOT = Path(__file__).resolve().parents[2]


def test_enrolment_code_is_the_last_line(hq: LiveServer, hq_db_url: str, capsys) -> None:
    assert hq_main(["--db", hq_db_url, "enrolment-code", "--district", "0502"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", last)
    assert hq_main(["--db", hq_db_url, "enrolment-code", "--district", "05"]) == 1


def test_revoke_and_export(hq: LiveServer, hq_db_url: str, make_desk, raw, capsys) -> None:
    desk = enrolled(make_desk(), hq.url, hq.code())
    register_some(desk, raw, 3)
    sync_service.run(desk.data_dir)
    capsys.readouterr()
    assert hq_main(["--db", hq_db_url, "export"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 3
    assert {r["device_id"] for r in lines} == {desk.device_id}
    assert all(r["received_at"] and r["name_km"] == "សុខ ដារ៉ា" for r in lines)
    assert hq_main(["--db", hq_db_url, "export", "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3 and rows[0]["received_at"] and rows[0]["consent"] == "true"

    assert hq_main(["--db", hq_db_url, "revoke", desk.device_id]) == 0
    assert hq_main(["--db", hq_db_url, "revoke", "no-such-device"]) == 1


def test_serve_answers_health(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "--db", url, "serve", "--port", str(port),
         "--log-level", "warning"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1)
                break
            except requests.RequestException:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert answer.json()["status"] == "ok"
        assert requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).ok
    finally:
        proc.terminate()
        proc.wait(10)
