"""Logs never hold names, phones, national ids, passwords or tokens: a day's work (register,
search, sync against a real headquarters, import, export, a slip, the commands an officer
runs) with every logger at DEBUG, then every log line and everything printed to stderr
is searched for each of them."""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

from app.services import registrations, slips, transfer
from app.services import sync as sync_service
from app.store import meta
from tests.console import initialised, jobcentre
from tests.sync.conftest import LiveServer, enrolled

PEOPLE = [
    {"name_km": "ហេង សុភា", "name_latin": "Heng Sophea", "phone": "012 987 654",
     "national_id": "110456789"},
    {"name_km": "ម៉ៅ ចន្ធូ", "name_latin": "Mao Chanthou", "phone": "+855 97 765 4321",
     "national_id": "120987654"},
]
IMPORTED = {"name_km": "សួន វណ្ណា", "name_latin": "Suon Vanna", "phone": "088 444 3322",
            "national_id": "130111222"}


def secrets_of(person: dict) -> list[str]:
    """Every way a person's details could show in text."""
    digits = re.sub(r"\D", "", person["phone"])
    local = "0" + digits[3:] if digits.startswith("855") else digits
    return [person["name_km"], person["name_latin"], person["name_latin"].split()[1],
            person["national_id"], local, local[1:], "+855" + local[1:],
            person["name_km"].split()[1]]


def test_a_days_work_at_debug_leaves_no_personal_data_in_logs(
        hq: LiveServer, make_desk, raw, tmp_path: Path, capfd) -> None:
    log_file = tmp_path / "debug.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(args)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        desk = enrolled(make_desk(), hq.url, hq.code())
        saved = [registrations.register(desk, raw | p) for p in PEOPLE]
        registrations.search(desk, PEOPLE[0]["phone"])
        registrations.search(desk, PEOPLE[1]["name_latin"])
        registrations.edit(desk, saved[0]["id"], raw | PEOPLE[0] | {"skills": "welding"},
                           expected_version=1)
        sync_service.run(desk.data_dir)
        source = tmp_path / "one.jsonl"
        source.write_text(json.dumps(raw | IMPORTED, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        report = transfer.import_file(desk, source)
        assert len(report.saved) == 1, report.problems
        transfer.export(desk, io.StringIO(), "csv")
        slips.save_pdf(desk, [saved[1]["registration_no"]], tmp_path / "slip.pdf")
        sync_service.run(desk.data_dir)
        token = meta.get(desk.conn, "sync.token")
        assert token and registrations.sync_counts(desk)["sent"] == 3
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()

    # The same as commands, as a scheduled job or the IT officer runs them.
    folder = initialised(tmp_path / "cli")
    cli_person = {"name_km": "គឹម ស្រីនិច", "name_latin": "Kim Sreynich",
                  "phone": "077 123 456", "national_id": "140222333"}
    cli_file = tmp_path / "cli.jsonl"
    cli_file.write_text(json.dumps(raw | cli_person, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    runs = [jobcentre(folder, "import", cli_file),
            jobcentre(folder, "search", cli_person["phone"]),
            jobcentre(folder, "export", "--out", tmp_path / "all.jsonl"),
            jobcentre(folder, "backup", "--out", tmp_path / "cli.backup"),
            jobcentre(folder, "sync")]  # not enrolled: fails, and says why
    assert [r.returncode for r in runs[:4]] == [0, 0, 0, 0], [r.stderr for r in runs]
    assert runs[1].stdout.count(cli_person["name_latin"]) == 1  # output is not a log

    logged = log_file.read_text(encoding="utf-8")
    assert "jobcentre" in logged or "urllib3" in logged, "nothing was logged at all"
    captured = capfd.readouterr()
    texts = {"debug log": logged, "stderr": captured.err,
             **{f"jobcentre {r.args[3]} stderr": r.stderr for r in runs}}
    forbidden = [s for p in (*PEOPLE, IMPORTED, cli_person) for s in secrets_of(p)]
    forbidden += [token, "secret123"]
    for where, text in texts.items():
        for secret in forbidden:
            assert secret not in text, f"{secret!r} is in the {where}"
