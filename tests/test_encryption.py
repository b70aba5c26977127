"""Encryption at rest: nothing about a returnee can be read from the data folder's bytes;
the database opens only with an officer's password (or the recovery key); an older,
plain folder is encrypted in place, safely even when the process is killed mid-way;
commands take the password from stdin, the environment or a terminal; wrong passwords
lock the account for a growing while, which a supervisor can end."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.services import desk as desk_module
from app.services import officers, registrations
from app.services.desk import Desk
from app.services.officers import AccountError
from app.store import keys as keyfile
from app.store.connection import DB_FILENAME, WrongKey, connect, is_plain
from app.store.encryption import STOP_AT_ENV
from tests.conftest import OFFICE
from tests.console import database, documented, initialised, jobcentre, on_a_terminal
from tests.test_cli import rows, write_jsonl

FIXTURE = Path(__file__).parent / "data" / "schema-0001"
ROOT = Path(__file__).resolve().parent.parent


def forget_keys() -> None:
    """As a new process would start: no database key known."""
    desk_module._known_keys.clear()


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def needles(record: dict) -> set[str]:
    """What must not be readable: names (as typed and lower-cased), the phone (as
    stored, and its local digits) and the national id."""
    out = {record["name_km"], record["name_latin"], record["name_latin"].lower()}
    phone = record.get("phone") or ""
    if phone:
        out |= {phone, phone.removeprefix("+855"), "0" + phone.removeprefix("+855")}
    if record.get("national_id"):
        out.add(record["national_id"])
    return {n for n in out if n and len(n) >= 6}


def assert_unreadable(folder: Path, records: list[dict]) -> None:
    files = folder_bytes(folder)
    assert any(name.endswith("-wal") for name in files), sorted(files)
    for record in records:
        for text in needles(record):
            for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
                found = [name for name, data in files.items() if encoded in data]
                assert not found, f"{text!r} readable in {found}"


def exported(data_dir: Path) -> list[dict]:
    done = jobcentre(data_dir, "export")
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


# -- bytes on disk -------------------------------------------------------------------------

def test_after_init_and_an_import_no_name_phone_or_id_is_in_the_folders_bytes(tmp_path):
    data_dir = initialised(tmp_path / "desk")
    people = rows(30)
    for i, person in enumerate(people):
        person["national_id"] = f"{110000000 + i * 7919}"
    done = jobcentre(data_dir, "import", str(write_jsonl(tmp_path / "people.jsonl", people)))
    assert done.returncode == 0, done.stderr
    saved = exported(data_dir)
    assert len(saved) == 30 and saved[0]["phone"].startswith("+855")
    # A window keeps its connection (and so the WAL) open while an officer works; a
    # migration backup sits in backups/.
    forget_keys()
    desk = Desk(data_dir)
    officers.sign_in(desk, "Sokha", "secret123")
    try:
        registrations.register(desk, dict(people[0], name_km="ហេង វិចិត្រា",
                                          name_latin="Wal Only Person", age=51,
                                          phone="097 765 4321", national_id=""))
        from app.store.migrations import backup

        backup(desk.conn, data_dir / "backups" / "before-test.sqlite3")
        wal_only = {"name_km": "ហេង វិចិត្រា", "name_latin": "Wal Only Person", "phone": "+85597765432"}
        assert_unreadable(data_dir, [*saved, wal_only])
    finally:
        desk.close()
    # The same bytes, read with the key, do hold them: the test could have failed.
    with database(data_dir) as conn:
        assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 31


def test_the_database_does_not_open_without_its_key(desk):
    with pytest.raises(WrongKey):
        connect(desk.db_path, b"\x01" * 32)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(desk.db_path).execute("SELECT * FROM registrations").fetchall()
    keys = json.loads((desk.data_dir / "keys.json").read_text(encoding="utf-8"))
    assert desk.database_key().hex() not in json.dumps(keys)
    assert "secret123" not in json.dumps(keys)


# -- the upgrade of a plain folder -----------------------------------------------------------

def plain_records(db: Path) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(
            "SELECT name_km, name_latin, phone, national_id FROM registrations")]
    finally:
        conn.close()


@pytest.fixture
def old_folder(tmp_path: Path) -> Path:
    target = tmp_path / "old"
    shutil.copytree(FIXTURE, target)
    # An older version's migration backup, plain too.
    (target / "backups").mkdir()
    shutil.copy(target / DB_FILENAME, target / "backups" / "before-0002-20261101T000000Z.sqlite3")
    return target


def test_an_old_plain_folder_is_encrypted_in_place_and_every_officer_signs_in(old_folder):
    people = plain_records(old_folder / DB_FILENAME)
    assert len(people) == 25
    done = jobcentre(old_folder, "status")
    assert done.returncode == 0, done.stderr
    assert "records      25" in done.stdout
    assert not is_plain(old_folder / DB_FILENAME)
    backups = sorted(p.name for p in (old_folder / "backups").iterdir())
    assert any(name.startswith("before-encryption-") for name in backups), backups
    assert not any(is_plain(p) for p in (old_folder / "backups").iterdir())
    assert {p.name for p in old_folder.iterdir()} >= {DB_FILENAME, "keys.json", "backups"}
    with database(old_folder) as conn:
        conn.execute("PRAGMA journal_mode = WAL")  # a window's open connection
        conn.execute("CREATE TABLE IF NOT EXISTS probe (x)")
        assert_unreadable(old_folder, people)
    # The officer's old password opens it; another does not.
    assert jobcentre(old_folder, "status", env={"JOBCENTRE_PASSWORD": "not-it"}).returncode == 1


STEPS = ["exported", "checked", "keys-written", "backed-up", "replaced", "backup-encrypted"]


@pytest.mark.parametrize("step", STEPS)
def test_an_upgrade_killed_at_any_step_leaves_the_old_or_the_new_file_usable(old_folder, step):
    killed = jobcentre(old_folder, "status", env={STOP_AT_ENV: step})
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    db = old_folder / DB_FILENAME
    if is_plain(db):  # the old file, untouched and complete
        assert STEPS.index(step) < STEPS.index("replaced")
        assert len(plain_records(db)) == 25
    else:  # the new one, opened by the officer's old password
        assert STEPS.index(step) >= STEPS.index("replaced")
        with database(old_folder) as conn:
            assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 25
    # The next start finishes the work.
    done = jobcentre(old_folder, "status")
    assert done.returncode == 0, done.stderr
    assert "records      25" in done.stdout
    assert not is_plain(db)
    assert not any(is_plain(p) for p in (old_folder / "backups").iterdir())
    assert not list(old_folder.rglob("*.encrypting"))


# -- passwords on the command line -------------------------------------------------------

@pytest.fixture(scope="module")
def cli_desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return initialised(tmp_path_factory.mktemp("cli") / "desk")


@pytest.mark.parametrize("lang, words", [
    ("C.UTF-8", "error: Wrong name or password\n"),
    ("km_KH.UTF-8", "error: ឈ្មោះ ឬពាក្យសម្ងាត់មិនត្រឹមត្រូវ\n"),
], ids=["en", "km"])
def test_a_wrong_password_is_one_clear_message_and_exit_1(cli_desk, lang, words):
    done = jobcentre(cli_desk, "status", env={"JOBCENTRE_PASSWORD": "wrong-one", "LANG": lang})
    assert done.returncode == 1
    assert done.stderr == words
    assert done.stdout == ""


@documented("jobcentre --data-dir DIR --password-stdin status")
def test_the_password_can_come_on_stdin_or_from_the_environment(cli_desk):
    on_stdin = jobcentre(cli_desk, "--password-stdin", "status", stdin="secret123\n",
                         env={"JOBCENTRE_PASSWORD": ""})
    assert on_stdin.returncode == 0, on_stdin.stderr
    assert "office       0502" in on_stdin.stdout
    none = jobcentre(cli_desk, "status", env={"JOBCENTRE_PASSWORD": ""})
    assert none.returncode == 1
    assert none.stderr == ("error: Sokha's password is needed: give it with --password-stdin, "
                           "in JOBCENTRE_PASSWORD, or type it at a terminal\n")


@pytest.mark.skipif(os.name != "posix", reason="a POSIX terminal")
def test_on_a_terminal_the_password_is_asked_for(cli_desk):
    code, out = on_a_terminal(cli_desk, "status",
                              answers=[(b"Password for Sokha: ", b"secret123\n")])
    assert code == 0, out
    assert b"office       0502" in out
    assert b"secret123" not in out  # not echoed


@documented("jobcentre --data-dir DIR recovery-key")
def test_init_prints_the_recovery_key_once_and_it_opens_the_desk(tmp_path):
    data_dir = tmp_path / "desk"
    done = jobcentre(data_dir, "init", "--office", OFFICE, "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    line = [x for x in done.stdout.splitlines() if x.startswith("recovery key ")][0]
    recovery = line.split()[2].rstrip(":")
    assert len(recovery.replace("-", "")) == 32
    again = jobcentre(data_dir, "recovery-key")
    assert again.returncode == 0 and again.stdout == recovery + "\n"
    forget_keys()
    with Desk(data_dir) as desk:
        with pytest.raises(AccountError) as wrong:
            officers.sign_in_with_recovery_key(desk, "AAAA-" + recovery[5:])
        assert wrong.value.code == "wrong_recovery_key"
        officer = officers.sign_in_with_recovery_key(desk, recovery.lower())
        assert officer.is_supervisor
        assert officers.recovery_key(desk) == recovery  # a supervisor can print it again
        assert not officers.recovery_key_unseen(desk)
        officers.reset_password(desk, officer.officer_id, "brand-new-pw")
    forget_keys()
    assert jobcentre(data_dir, "status", env={"JOBCENTRE_PASSWORD": "brand-new-pw"}
                     ).returncode == 0
    assert jobcentre(data_dir, "status").returncode == 1  # the old password no longer


# -- sign-in lockout -------------------------------------------------------------------------

class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def set_up(tmp_path: Path) -> tuple[Path, Clock]:
    clock = Clock()
    with Desk(tmp_path / "desk", clock=clock) as desk:
        officers.setup(desk, OFFICE, "Sokha", "secret123")
        officers.add_officer(desk, "Dara", "dara-pass")
    forget_keys()
    return tmp_path / "desk", clock


def wrong(desk: Desk, name: str = "Dara") -> str:
    with pytest.raises(AccountError) as error:
        officers.sign_in(desk, name, "not-the-password")
    return error.value.code


def test_five_wrong_passwords_make_the_account_wait_longer_each_time(set_up):
    from app.messages import account_error_text

    folder, clock = set_up
    desk = Desk(folder, clock=clock)
    assert desk.locked
    assert [wrong(desk) for _ in range(4)] == ["wrong_name_or_password"] * 4
    with pytest.raises(AccountError) as fifth:
        officers.sign_in(desk, "Dara", "nope-nope")
    assert fifth.value.code == "locked_out"
    assert account_error_text(fifth.value.code, fifth.value.params) == (
        "Too many wrong passwords for Dara: try again in 1 minute, or ask a supervisor to "
        "unlock the account")
    # The right password is refused while the account waits, and counts for nothing.
    with pytest.raises(AccountError) as waiting:
        officers.sign_in(desk, "Dara", "dara-pass")
    assert waiting.value.code == "locked_out" and desk.locked
    desk.close()

    # A restart does not forget: the count is in the keys file.
    clock.now += timedelta(seconds=30)
    desk = Desk(folder, clock=clock)
    with pytest.raises(AccountError) as after_restart:
        officers.sign_in(desk, "Dara", "dara-pass")
    assert account_error_text("locked_out", after_restart.value.params).endswith(
        "try again in 30 seconds, or ask a supervisor to unlock the account")
    # After the wait, one more wrong one waits longer.
    clock.now += timedelta(minutes=1)
    with pytest.raises(AccountError) as sixth:
        officers.sign_in(desk, "Dara", "still-wrong")
    assert account_error_text("locked_out", sixth.value.params).startswith(
        "Too many wrong passwords for Dara: try again in 2 minutes")
    # Another officer is not held up.
    assert officers.sign_in(desk, "Sokha", "secret123").is_supervisor
    assert officers.waiting(desk) and wrong(desk, "Sokha") == "wrong_name_or_password"
    # The supervisor unlocks Dara, who then signs in at once.
    dara = next(o for o in officers.list_officers(desk) if o.name == "Dara")
    officers.unlock_account(desk, dara.officer_id)
    assert officers.sign_in(desk, "Dara", "dara-pass").name == "Dara"
    assert not officers.waiting(desk)
    desk.close()


def test_only_a_supervisor_unlocks_an_account(set_up):
    folder, clock = set_up
    with Desk(folder, clock=clock) as desk:
        officers.sign_in(desk, "Dara", "dara-pass")
        sokha = next(o for o in officers.list_officers(desk) if o.name == "Sokha")
        with pytest.raises(AccountError) as refused:
            officers.unlock_account(desk, sokha.officer_id)
        assert refused.value.code == "supervisor_only"


@documented("jobcentre --data-dir DIR officer unlock Dara")
def test_a_locked_account_is_said_in_words_by_the_command_and_exit_1(set_up):
    folder, _clock = set_up
    for _ in range(4):
        assert jobcentre(folder, "--officer", "Dara", "status",
                         env={"JOBCENTRE_PASSWORD": "bad-bad"}).returncode == 1
    done = jobcentre(folder, "--officer", "Dara", "status", env={"JOBCENTRE_PASSWORD": "bad"})
    assert done.returncode == 1
    assert done.stderr == ("error: Too many wrong passwords for Dara: try again in 1 minute, "
                           "or ask a supervisor to unlock the account\n")
    right = {"JOBCENTRE_PASSWORD": "dara-pass"}
    assert "Too many wrong passwords" in jobcentre(
        folder, "--officer", "Dara", "status", env=right).stderr
    # Dara cannot end their own wait; the supervisor can.
    assert jobcentre(folder, "officer", "unlock", "Dara").stdout == (
        "officer Dara can try their password again now\n")
    assert jobcentre(folder, "--officer", "Dara", "status", env=right).returncode == 0


# -- adding, resetting and disabling officers re-wraps the key ------------------------------

def test_new_passwords_and_disabled_accounts_change_who_can_open_the_desk(set_up):
    folder, clock = set_up
    with Desk(folder, clock=clock) as desk:
        officers.sign_in(desk, "Sokha", "secret123")
        dara = next(o for o in officers.list_officers(desk) if o.name == "Dara")
        officers.reset_password(desk, dara.officer_id, "dara-new-pass")
    forget_keys()
    with Desk(folder, clock=clock) as desk:
        assert wrong(desk) == "wrong_name_or_password"  # the old password
        officers.sign_in(desk, "Dara", "dara-new-pass")
    forget_keys()
    with Desk(folder, clock=clock) as desk:
        officers.sign_in(desk, "Sokha", "secret123")
        officers.disable(desk, "Dara")
    entry = keyfile.load(folder).officer(dara.officer_id)
    assert entry is not None and entry.wrapped is not None
    assert not entry.wrapped.sealed  # no copy of the key left for that password
    assert entry.wrapped.ciphertext == b""
    forget_keys()
    with Desk(folder, clock=clock) as desk:
        with pytest.raises(AccountError) as disabled:
            officers.sign_in(desk, "Dara", "dara-new-pass")
        assert disabled.value.code == "officer_disabled"
        with pytest.raises(AccountError):
            officers.unwrap_key(desk, "Dara", "dara-new-pass")
        assert desk.locked
        officers.sign_in(desk, "Sokha", "secret123")
        officers.enable(desk, "Dara")
    forget_keys()
    with Desk(folder, clock=clock) as desk:
        assert officers.sign_in(desk, "Dara", "dara-new-pass").name == "Dara"


def test_a_folder_whose_keys_file_is_gone_says_so(tmp_path):
    data_dir = initialised(tmp_path / "desk")
    (data_dir / "keys.json").unlink()
    done = jobcentre(data_dir, "status")
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: The keys file in {data_dir} is missing")
    assert "run `jobcentre recover --officer NAME`" in done.stderr
    assert (data_dir / DB_FILENAME).exists()  # left as it is
