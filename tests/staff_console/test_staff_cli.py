"""`jobcentre-hq staff ...`: the accounts the console signs in with, made and managed
from the server's command line."""

from __future__ import annotations

import json
from pathlib import Path

from tests.console import documented, jobcentre_hq


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'hq.sqlite3').as_posix()}"


@documented('jobcentre-hq --db URL staff add "Sok Dara" --role admin --password-stdin',
            "jobcentre-hq --db URL staff list [--json]")
def test_staff_added_from_stdin_are_listed_with_their_role(tmp_path: Path) -> None:
    db = _db(tmp_path)
    done = jobcentre_hq(db, "staff", "add", "Sok Dara", "--role", "admin", "--password-stdin",
                        stdin="a long enough secret\n")
    assert done.returncode == 0, done.stderr
    assert "Sok Dara" in done.stdout
    done = jobcentre_hq(db, "staff", "add", "ស៊ុន សុភា", "--role", "viewer",
                        "--password-stdin", stdin="another long secret\n")
    assert done.returncode == 0, done.stderr
    listed = jobcentre_hq(db, "staff", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: r for r in json.loads(listed.stdout)}
    assert rows["Sok Dara"]["role"] == "admin" and rows["ស៊ុន សុភា"]["role"] == "viewer"
    assert not any("password" in key for row in rows.values() for key in row)
    text = jobcentre_hq(db, "staff", "list")
    assert "ស៊ុន សុភា\tviewer\tactive" in text.stdout


def test_a_short_password_a_taken_name_or_an_unknown_role_is_refused(tmp_path: Path) -> None:
    db = _db(tmp_path)
    short = jobcentre_hq(db, "staff", "add", "Dara", "--role", "viewer", "--password-stdin",
                         stdin="short\n")
    assert short.returncode != 0
    assert "at least 10 characters" in short.stderr
    assert jobcentre_hq(db, "staff", "add", "Dara", "--role", "viewer", "--password-stdin",
                        stdin="long enough pass\n").returncode == 0
    again = jobcentre_hq(db, "staff", "add", "Dara", "--role", "admin", "--password-stdin",
                         stdin="long enough pass\n")
    assert again.returncode != 0 and "already a staff member 'Dara'" in again.stderr
    role = jobcentre_hq(db, "staff", "add", "Vanna", "--role", "boss", "--password-stdin",
                        stdin="long enough pass\n")
    assert role.returncode != 0 and "invalid choice" in role.stderr


@documented('jobcentre-hq --db URL staff unlock "Sok Dara"')
def test_unlock_disable_and_enable_change_the_listed_state(tmp_path: Path) -> None:
    db = _db(tmp_path)
    jobcentre_hq(db, "staff", "add", "Sok Dara", "--role", "data_officer", "--password-stdin",
                 stdin="a long enough secret\n")
    assert jobcentre_hq(db, "staff", "disable", "Sok Dara").returncode == 0
    assert json.loads(jobcentre_hq(db, "staff", "list", "--json").stdout)[0]["disabled"]
    assert jobcentre_hq(db, "staff", "enable", "Sok Dara").returncode == 0
    done = jobcentre_hq(db, "staff", "unlock", "Sok Dara")
    assert done.returncode == 0, done.stderr
    assert "the account is active" in done.stdout
    missing = jobcentre_hq(db, "staff", "unlock", "Nobody")
    assert missing.returncode != 0 and "no staff member 'Nobody'" in missing.stderr
