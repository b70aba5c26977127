"""`jobcentre inbox`, `inbox accept` and `inbox decline`, run as an officer runs them:
the installed script in a subprocess, a real data folder, a real headquarters."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync.server import qr_submissions as qs
from tests.conftest import OFFICE
from tests.console import documented, jobcentre
from tests.sync.conftest import LiveServer
from tests.sync.test_qr_api import returnee

NOW = datetime.now(UTC)


@pytest.fixture
def data_dir(tmp_path: Path, hq: LiveServer) -> Path:
    d = tmp_path / "desk"
    done = jobcentre(d, "init", "--office", OFFICE, "--officer", "Sokha", "--password-stdin",
                     stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    done = jobcentre(d, "enrol", "--server", hq.url, "--code", hq.code())
    assert done.returncode == 0, done.stderr
    return d


def submit(hq: LiveServer, **changes: str) -> str:
    made, errors = qs.submit_registration(hq.engine, returnee(**changes), now=NOW)
    assert not errors and made is not None
    return made.ref


@documented("jobcentre inbox", "jobcentre inbox --json", "jobcentre inbox accept REF")
def test_listing_and_accepting_from_the_command_line(hq: LiveServer, data_dir: Path) -> None:
    ref = submit(hq)
    other = submit(hq, phone="012 777 666", name_km="ចាន់ ធី", name_latin="Chan Thy")
    assert jobcentre(data_dir, "sync").returncode == 0

    listed = jobcentre(data_dir, "inbox")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert sorted(lines) == sorted([ref, other])  # submitted together: by reference
    assert "សុខ ដារ៉ា / Sok Dara" in lines[ref] and "012 345 678" in lines[ref]
    assert "ចាន់ ធី / Chan Thy" in lines[other]

    as_json = jobcentre(data_dir, "inbox", "--json")
    items = {i["ref"]: i for i in json.loads(as_json.stdout)}
    assert sorted(items) == sorted([ref, other])
    assert items[ref]["fields"]["phone"] == "+85512345678"
    assert items[ref]["taken_here"] is False and items[ref]["kind"] == "registration"

    done = jobcentre(data_dir, "inbox", "accept", ref.lower().replace("-", ""))
    assert done.returncode == 0, done.stderr
    number = re.fullmatch(rf"accepted {ref}: registration ({OFFICE}-\S+)", done.stdout.strip())
    assert number, done.stdout
    found = json.loads(jobcentre(data_dir, "search", number[1], "--json").stdout)
    assert [(r["registration_no"], r["channel"]) for r in found] == [(number[1], "qr")]
    assert [i["ref"] for i in json.loads(
        jobcentre(data_dir, "inbox", "--json").stdout)] == [other]

    again = jobcentre(data_dir, "inbox", "accept", ref)
    assert again.returncode == 1
    assert again.stderr.strip() == f"error: {ref} was already accepted on this desk"


@documented("jobcentre inbox decline REF --reason TEXT")
def test_declining_from_the_command_line(hq: LiveServer, data_dir: Path) -> None:
    ref = submit(hq)
    assert jobcentre(data_dir, "sync").returncode == 0
    done = jobcentre(data_dir, "inbox", "decline", ref, "--reason", "Not a returnee")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"turned down {ref}"
    assert qs.get(hq.engine, ref)["data"]["decline_reason"] == "Not a returnee"
    assert json.loads(jobcentre(data_dir, "inbox", "--json").stdout) == []

    empty = jobcentre(data_dir, "inbox", "decline", ref, "--reason", " ")
    assert empty.returncode == 1
    assert empty.stderr.strip() == "error: Reason for turning down: Give a reason"


def test_a_failing_rule_is_named_by_field_and_nothing_saved(
        hq: LiveServer, data_dir: Path) -> None:
    ref = submit(hq)
    # The desk already holds this phone: accepting as is would make a duplicate.
    rec = returnee()
    line = json.dumps({**rec, "date_of_birth": "1995-04-12", "age": None, "channel": "field",
                       "consent": True}, ensure_ascii=False)
    (data_dir / "one.jsonl").write_text(line + "\n", encoding="utf-8")
    assert jobcentre(data_dir, "import", data_dir / "one.jsonl").returncode == 0
    assert jobcentre(data_dir, "sync").returncode == 0
    done = jobcentre(data_dir, "inbox", "accept", ref)
    assert done.returncode == 1
    assert done.stderr.startswith("error: Record: Likely a duplicate of 0502-"), done.stderr
    assert "same phone" in done.stderr
    exported = jobcentre(data_dir, "export").stdout.splitlines()
    assert len(exported) == 1
    # Still this desk's to finish, and said so.
    assert "[taken by this desk, not saved yet]" in jobcentre(data_dir, "inbox").stdout


def test_a_wrong_reference_and_a_second_desk_in_khmer(
        hq: LiveServer, data_dir: Path, tmp_path: Path) -> None:
    ref = submit(hq)
    assert jobcentre(data_dir, "sync").returncode == 0
    bad = jobcentre(data_dir, "inbox", "accept", "Q1234-5678")
    assert bad.returncode == 1 and "is not a reference code" in bad.stderr
    assert jobcentre(data_dir, "inbox", "accept", ref).returncode == 0

    second = tmp_path / "second"
    assert jobcentre(second, "init", "--office", OFFICE, "--officer", "Dara",
                     "--password-stdin", stdin="secret123\n").returncode == 0
    assert jobcentre(second, "enrol", "--server", hq.url, "--code", hq.code()).returncode == 0
    taken = jobcentre(second, "inbox", "accept", ref, env={"LANG": "km_KH.UTF-8"})
    assert taken.returncode == 1
    assert "0502" in taken.stderr and "Already taken" not in taken.stderr
    assert re.search(r"[\u1780-\u17ff]", taken.stderr), taken.stderr
