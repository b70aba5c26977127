"""The documented desk and headquarters commands, run as a user runs them: the installed
`jobcentre` and `jobcentre-hq` scripts in a subprocess, a real data folder, a real
headquarters on loopback."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests

from app.resources import resource_path
from tests.conftest import OFFICE, village_in
from tests.console import (
    ROOT,
    documented,
    english,
    initialised,
    jobcentre,
    jobcentre_hq,
    script,
    start,
)
from tests.sync.conftest import LiveServer

CODE_LINE = re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return initialised(tmp_path / "desk")


def new_code(db_url: str) -> str:
    done = jobcentre_hq(db_url, "enrolment-code", "--district", OFFICE)
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip().splitlines()[-1]
    assert CODE_LINE.fullmatch(code), done.stdout
    return code


@documented("jobcentre-hq --db URL enrolment-code --district 0502",
            "jobcentre --data-dir DIR enrol --server https://hq.example --code CODE")
def test_enrol_exits_0_and_says_what_it_did(hq: LiveServer, hq_db_url: str,
                                           data_dir: Path, tmp_path: Path) -> None:
    # `jobcentre enrol` used to enrol and then crash on the closed database (exit 1),
    # because the tests enrolled through the service, never through the command.
    done = jobcentre(data_dir, "enrol", "--server", hq.url, "--code", new_code(hq_db_url))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    status = jobcentre(data_dir, "status")
    device = re.search(r"device\s+(\S+) \(tag (\S+)\)", status.stdout)
    assert device, status.stdout
    assert done.stdout.splitlines()[0] == (
        f"enrolled with {hq.url} as device {device[1]} (tag {device[2]})")

    # An unknown code on a desk not enrolled yet is refused in words, exit 1.
    other = tmp_path / "other"
    assert jobcentre(other, "init", "--office", OFFICE, "--officer", "Dara",
                     "--password-stdin", stdin="secret123\n").returncode == 0
    refused = jobcentre(other, "enrol", "--server", hq.url, "--code", "AAAA-BBBB-CCCC")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and "Traceback" not in refused.stderr


GARMENT = {
    "employer_name": "Kampong Speu Garment Co.", "contact_person": "Chan Sophea",
    "contact_phone": "012 345 678", "province_code": "05", "district_code": "0502",
    "sector": "garment", "job_title": "Sewing machine operator", "workers_needed": 30,
    "gender": "any", "salary_usd": 220, "start_date": "2027-03-01",
    "accommodation": True, "transport": False,
}


@documented("jobcentre --data-dir DIR sync",
            "jobcentre-hq --db URL export --format csv",
            "jobcentre-hq --db URL requests add requests.jsonl",
            "jobcentre-hq --db URL match REQUEST_ID [--json] [--limit N]",
            "jobcentre-hq --db URL training demand --format csv",
            "jobcentre-hq --db URL training seats",
            "jobcentre-hq --db URL reference publish reference.json",
            "jobcentre-hq --db URL revoke DEVICE_ID")
def test_a_district_day_through_the_commands(hq: LiveServer, hq_db_url: str,
                                             data_dir: Path, tmp_path: Path) -> None:
    assert jobcentre(data_dir, "demo-data", "--count", "149", "--seed", "3").returncode == 0
    formula = tmp_path / "formula.jsonl"
    formula.write_text(json.dumps({
        "name_latin": "Sok Dara", "sex": "male", "age": 30, "phone": "012 999 888",
        "home_village_code": village_in(OFFICE), "preferred_province_codes": ["05"],
        "sectors": ["garment"], "channel": "walk_in", "consent": True,
        "skills": "=HYPERLINK(\"http://evil.example\")"}) + "\n", encoding="utf-8")
    assert jobcentre(data_dir, "import", formula).returncode == 0
    enrol = jobcentre(data_dir, "enrol", "--server", hq.url, "--code", new_code(hq_db_url))
    assert enrol.returncode == 0, enrol.stderr

    synced = jobcentre(data_dir, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "pushed 150 " in synced.stdout and "150 stored" in synced.stdout
    assert "pending      0" in jobcentre(data_dir, "status").stdout

    exported = jobcentre_hq(hq_db_url, "export", "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    table = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    assert len(table) == 150 and all(r["received_at"] for r in table)
    # Headquarters' CSV is as safe in a spreadsheet as the desk's (app.domain.spreadsheet).
    assert '\'=HYPERLINK("http://evil.example")' in [r["skills"] for r in table]
    device_id = table[0]["device_id"]
    assert jobcentre_hq(hq_db_url, "export").stdout.count("\n") == 150
    # Into `head` through a real pipe (150 records are more than a pipe holds): quietly.
    piped = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {script('jobcentre-hq')} --db '{hq_db_url}' "
                       "export | head -n 1 >/dev/null"],
        capture_output=True, text=True, env=english(), timeout=120)
    assert piped.stderr == "" and piped.returncode in (0, 141), piped.stderr

    requests_file = tmp_path / "requests.jsonl"
    requests_file.write_text(json.dumps(GARMENT) + "\n" + json.dumps(GARMENT | {"gender": "x"})
                             + "\n", encoding="utf-8")
    added = jobcentre_hq(hq_db_url, "requests", "add", requests_file)
    assert added.returncode == 1  # line 2 is refused, line 1 is kept
    request_id = added.stdout.strip()
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id), added.stdout
    assert f"{requests_file}:2: gender: invalid_choice" in added.stderr

    matched = jobcentre_hq(hq_db_url, "match", request_id, "--json", "--limit", "5")
    assert matched.returncode == 0, matched.stderr
    ranked = json.loads(matched.stdout)  # one JSON array, as `jobcentre search --json`
    assert isinstance(ranked, list) and 0 < len(ranked) <= 5
    assert {"registration_no", "score", "reasons"} <= set(ranked[0])
    assert [r["score"] for r in ranked] == sorted((r["score"] for r in ranked), reverse=True)

    demand = jobcentre_hq(hq_db_url, "training", "demand", "--format", "csv")
    assert demand.returncode == 0, demand.stderr
    assert demand.stdout.lstrip("\ufeff").startswith("district_code,district,province,")
    seats = jobcentre_hq(hq_db_url, "training", "seats")
    assert seats.returncode == 0 and seats.stdout.split()[:3] == ["session", "course", "place"]

    reference = json.loads(Path(resource_path("reference/reference.json")).read_text("utf-8"))
    newer = tmp_path / "reference.json"
    newer.write_text(json.dumps(reference | {"version": "2099.1"}, ensure_ascii=False),
                     encoding="utf-8")
    published = jobcentre_hq(hq_db_url, "reference", "publish", newer)
    assert published.returncode == 0, published.stderr
    assert "published reference data 2099.1" in published.stdout
    pulled = jobcentre(data_dir, "sync")
    assert pulled.returncode == 0, pulled.stderr
    assert "reference    2099.1" in jobcentre(data_dir, "status").stdout

    revoked = jobcentre_hq(hq_db_url, "revoke", device_id)
    assert revoked.returncode == 0 and revoked.stdout.strip() == f"revoked {device_id}"
    refused = jobcentre(data_dir, "sync")
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: ") and "Traceback" not in refused.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(port: int, proc: subprocess.Popen[str]) -> dict:
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, proc.communicate()[1]
        try:
            return requests.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).json()
        except requests.RequestException:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)


@documented("jobcentre-hq serve")
def test_serve_uses_a_sqlite_file_in_the_user_data_folder(tmp_path: Path) -> None:
    port = free_port()
    proc = start("jobcentre-hq", "serve", "--port", str(port), "--log-level", "warning",
                 env={"XDG_DATA_HOME": str(tmp_path), "JOBCENTRE_HQ_DB": ""})
    try:
        assert wait_for_health(port, proc)["status"] == "ok"
        assert (tmp_path / "JobCentreHQ" / "hq.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(10)


@documented("jobcentre-hq --db postgresql+psycopg://hq@db/jobcentre serve --host 0.0.0.0 "
            "--port 8000 --workers 2")
def test_serve_with_workers_answers_on_the_given_address(hq_db_url: str) -> None:
    port = free_port()
    proc = start("jobcentre-hq", "--db", hq_db_url, "serve", "--host", "127.0.0.1",
                 "--port", str(port), "--workers", "2", "--log-level", "warning")
    try:
        assert wait_for_health(port, proc)["status"] == "ok"
        assert requests.get(f"http://127.0.0.1:{port}/openapi.json", timeout=5).ok
    finally:
        proc.terminate()
        proc.wait(20)


def test_the_documented_curl_enrolment_answers_as_documented(hq: LiveServer,
                                                            hq_db_url: str) -> None:
    # docs/api.md's example, run as written with its placeholders filled in.
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    example = re.search(r"```\n(curl -s https://hq\.example\.gov\.kh/v1/enrol .*?)\n```",
                        text, re.S)
    assert example, "the curl example in docs/api.md moved"
    answer_doc = re.search(r"```json\n(\{\"protocol\": 1, .*?\"hq_max_seq\": 0\})\n```",
                           text[example.end():], re.S)
    assert answer_doc
    device_id = str(uuid.uuid4())
    command = (example[1].replace("https://hq.example.gov.kh", hq.url)
               .replace("K7QM-2XRT-9ABC", new_code(hq_db_url))
               .replace("<the desk device_id>", device_id))
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    documented_keys = set(json.loads(answer_doc[1].replace("...", "x")))
    assert set(answer) == documented_keys
    assert answer["device_id"] == device_id and answer["district_code"] == OFFICE
    assert answer["token"].startswith("jcd1_")
