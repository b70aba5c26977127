"""The keys file: two processes changing it at once lose neither's change; losing or
damaging it is one message naming `jobcentre recover`, which rebuilds it from the
database with the recovery key."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.services import officers
from app.services.desk import Desk
from app.store import keys as keyfile
from tests.conftest import OFFICE
from tests.console import ROOT, documented, english, jobcentre, on_a_terminal, path_with_the_tests

# One process's wrong passwords: each is a whole sign-in (argon2id, about 50 ms). And
# its bare changes of the file (each a read, a change and an fsynced write).
ATTEMPTS = 12
CHANGES = 150

HAMMER = textwrap.dedent("""
    import sys
    from app.services import desk as desk_module, officers
    from app.store import keys as keyfile

    # The count is what is checked here, not the waits: let every attempt be tried.
    officers.FREE_ATTEMPTS = 10 ** 6
    mode, folder, name, attempts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    desk = desk_module.Desk(folder)
    print("ready", flush=True)
    sys.stdin.readline()  # both processes start together
    for _ in range(attempts):
        if mode == "sign-in":
            try:
                officers.sign_in(desk, name, "not-the-password")
            except officers.AccountError as exc:
                assert exc.code == "wrong_name_or_password", exc.code
        else:  # the bare read-modify-write, as fast as it goes
            def count(keys):
                keys.by_name(name).failed += 1
            keyfile.update(folder, count)
    desk.close()
""")


def _start(*args: str) -> subprocess.Popen[str]:
    env = english({"PYTHONPATH": path_with_the_tests()})
    return subprocess.Popen([sys.executable, "-c", HAMMER, *args], env=env,
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_processes_counting_wrong_passwords_and_adding_officers_lose_nothing(tmp_path):
    folder = tmp_path / "desk"
    with Desk(folder) as desk:
        officers.setup(desk, OFFICE, "Sokha", "secret123")
        officers.add_officer(desk, "Dara", "dara-pass")
        officers.add_officer(desk, "Vanna", "vanna-pass")
    counting = [_start("sign-in", str(folder), "Dara", str(ATTEMPTS)) for _ in range(2)]
    counting += [_start("update", str(folder), "Vanna", str(CHANGES)) for _ in range(2)]
    for proc in counting:
        assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    for proc in counting:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    # Meanwhile the installed command adds officers (each a read-modify-write too).
    added = [jobcentre(folder, "officer", "add", f"Officer {n}", "--password-stdin",
                       stdin="password-1\n") for n in range(3)]
    for proc in counting:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    assert [a.returncode for a in added] == [0, 0, 0], [a.stderr for a in added]

    keys = keyfile.load(folder)
    assert keys is not None
    assert keys.by_name("Dara").failed == 2 * ATTEMPTS
    assert keys.by_name("Vanna").failed == 2 * CHANGES
    assert sorted(e.name for e in keys.officers) == [
        "Dara", "Officer 0", "Officer 1", "Officer 2", "Sokha", "Vanna"]
    # Every new officer's wrapped key is there and opens the desk.
    with Desk(folder) as desk:
        assert officers.sign_in(desk, "Officer 2", "password-1").name == "Officer 2"
    assert not list(folder.glob("*.tmp"))
    if os.name == "posix":
        lock = folder / (keyfile.KEYS_FILENAME + keyfile.LOCK_SUFFIX)
        assert not lock.exists() or lock.stat().st_mode & 0o077 == 0


def test_the_recovery_copy_is_kept_beside_the_keys_file_and_matches_it(desk):
    copy = keyfile.load_recovery(desk.data_dir)
    assert copy is not None and copy == desk.keys.recovery
    assert (desk.data_dir / keyfile.RECOVERY_FILENAME).exists()
    # It opens with the recovery key alone, with keys.json gone.
    recovery = officers.recovery_key(desk)
    keyfile.keys_path(desk.data_dir).unlink()
    again = keyfile.load_recovery(desk.data_dir)
    assert keyfile.unwrap_with_secret(again, recovery, keyfile.RECOVERY_AAD) \
        == desk.database_key()


def test_a_folder_set_up_before_the_recovery_copy_gets_one_when_opened(desk):
    folder: Path = desk.data_dir
    desk.close()
    keyfile.recovery_path(folder).unlink()
    with Desk(folder):
        pass
    assert keyfile.load_recovery(folder) == keyfile.load(folder).recovery


# -- a lost or damaged keys file, and `jobcentre recover` ------------------------------------

def _init_with_recovery_key(folder: Path) -> str:
    done = jobcentre(folder, "init", "--office", OFFICE, "--officer", "Sokha",
                     "--password-stdin", stdin="secret123\n")
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("recovery key "))
    return line.split()[2].rstrip(":")


def _exported(folder: Path, password: str) -> list[str]:
    done = jobcentre(folder, "export", env={"JOBCENTRE_PASSWORD": password})
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@documented("jobcentre --data-dir DIR recover --officer Sokha --recovery-key-stdin "
            "--password-stdin")
def test_with_keys_json_deleted_recover_rebuilds_it_and_the_records_are_all_there(tmp_path):
    from tests.test_cli import rows, write_jsonl

    folder = tmp_path / "desk"
    recovery = _init_with_recovery_key(folder)
    assert jobcentre(folder, "import", write_jsonl(tmp_path / "a.jsonl", rows(5))
                     ).returncode == 0
    assert jobcentre(folder, "officer", "add", "Dara", "--password-stdin",
                     stdin="dara-pass\n").returncode == 0
    before = _exported(folder, "secret123")
    assert len(before) == 5
    keyfile.keys_path(folder).unlink()

    lost = jobcentre(folder, "status")
    assert lost.returncode == 1
    assert lost.stderr == (
        f"error: The keys file in {folder} is missing, so the desk's records cannot be "
        "opened (they are still there). A supervisor can make it again with the desk's "
        "recovery key: run `jobcentre recover --officer NAME`.\n")

    done = jobcentre(folder, "recover", "--officer", "Sokha", "--recovery-key-stdin",
                     "--password-stdin", stdin=recovery.lower() + "\nnew-password-1\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"the keys file of {folder} is made again: Sokha signs in with the new password\n"
        "these officers need a new password from a supervisor before they can sign in "
        "(Settings, Officers): Dara\n")
    assert _exported(folder, "new-password-1") == before
    assert jobcentre(folder, "status").returncode == 1  # the old password opens nothing
    # Dara's way in was only in the lost file: refused until a supervisor sets one.
    assert jobcentre(folder, "--officer", "Dara", "status",
                     env={"JOBCENTRE_PASSWORD": "dara-pass"}).returncode == 1
    # The rebuilt file keeps its recovery copy: the recovery key still opens the desk.
    again = jobcentre(folder, "recover", "--officer", "Sokha", "--recovery-key-stdin",
                      "--password-stdin", stdin=recovery + "\nnew-password-2\n")
    assert again.returncode == 0, again.stderr
    assert _exported(folder, "new-password-2") == before


def test_recover_with_the_keys_file_there_keeps_the_other_officers_passwords(tmp_path):
    folder = tmp_path / "desk"
    recovery = _init_with_recovery_key(folder)
    assert jobcentre(folder, "officer", "add", "Dara", "--password-stdin",
                     stdin="dara-pass\n").returncode == 0
    # Sokha forgot the password: the recovery key stands in for it.
    done = jobcentre(folder, "recover", "--officer", "Sokha", "--recovery-key-stdin",
                     "--password-stdin", stdin=recovery + "\nnew-password-1\n",
                     env={"JOBCENTRE_PASSWORD": ""})
    assert done.returncode == 0, done.stderr
    assert "need a new password" not in done.stdout
    assert jobcentre(folder, "--officer", "Dara", "status",
                     env={"JOBCENTRE_PASSWORD": "dara-pass"}).returncode == 0
    assert jobcentre(folder, "status", env={"JOBCENTRE_PASSWORD": "new-password-1"}
                     ).returncode == 0


def test_a_wrong_recovery_key_or_an_officer_who_is_no_supervisor_is_refused(tmp_path):
    folder = tmp_path / "desk"
    recovery = _init_with_recovery_key(folder)
    assert jobcentre(folder, "officer", "add", "Dara", "--password-stdin",
                     stdin="dara-pass\n").returncode == 0
    keyfile.keys_path(folder).unlink()
    wrong = "AAAA" + recovery[4:] if not recovery.startswith("AAAA") else "BBBB" + recovery[4:]
    done = jobcentre(folder, "recover", "--officer", "Sokha", "--recovery-key-stdin",
                     "--password-stdin", stdin=wrong + "\nnew-password-1\n")
    assert (done.returncode, done.stderr) == (
        1, "error: That recovery key does not open this desk\n")
    assert not keyfile.keys_path(folder).exists()  # nothing written
    done = jobcentre(folder, "recover", "--officer", "Dara", "--recovery-key-stdin",
                     "--password-stdin", stdin=recovery + "\nnew-password-1\n")
    assert (done.returncode, done.stderr) == (1, "error: Only a supervisor can do this\n")
    done = jobcentre(folder, "recover", "--officer", "Sokha", "--recovery-key-stdin",
                     "--password-stdin", stdin=recovery + "\nshort\n")
    assert (done.returncode, done.stderr) == (
        1, "error: The password must be at least 6 characters\n")
    assert not keyfile.keys_path(folder).exists()


def test_a_truncated_keys_file_is_one_message_naming_recover_in_the_desks_language(tmp_path):
    folder = tmp_path / "desk"
    _init_with_recovery_key(folder)
    path = keyfile.keys_path(folder)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    done = jobcentre(folder, "status")
    assert done.returncode == 1
    assert done.stderr == (
        f"error: The keys file in {folder} is damaged, so the desk's records cannot be "
        "opened (they are still there). A supervisor can make it again with the desk's "
        "recovery key: run `jobcentre recover --officer NAME`.\n")
    khmer = jobcentre(folder, "status", env={"LANG": "km_KH.UTF-8"})
    assert khmer.returncode == 1
    assert "jobcentre recover --officer" in khmer.stderr
    assert "ឯកសារ" in khmer.stderr and "Traceback" not in khmer.stderr
    # The window says the same, in Khmer (the language kept in the lost file is unknown).
    window = jobcentre(folder, "gui", "--quit-after-show", env={"JOBCENTRE_PASSWORD": ""})
    assert window.returncode == 1
    # (Qt's offscreen platform may add a line of its own.)
    assert window.stderr.splitlines()[0] == khmer.stderr.removeprefix("error: ").strip(
        ).replace(str(folder), str(folder.resolve()))


@pytest.mark.skipif(os.name != "posix", reason="a POSIX terminal")
def test_on_a_terminal_recover_asks_for_the_key_and_the_new_password_twice(tmp_path):
    folder = tmp_path / "desk"
    recovery = _init_with_recovery_key(folder)
    keyfile.keys_path(folder).unlink()

    def converse(answers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
        return on_a_terminal(folder, "recover", "--officer", "Sokha", answers=answers)

    code, out = converse([(b"Recovery key: ", recovery.encode() + b"\n"),
                          (b"New password for Sokha: ", b"new-password-1\n"),
                          (b"The new password again: ", b"new-password-9\n")])
    assert code == 1 and b"the two passwords are not the same" in out
    assert not keyfile.keys_path(folder).exists()
    code, out = converse([(b"Recovery key: ", recovery.encode() + b"\n"),
                          (b"New password for Sokha: ", b"new-password-1\n"),
                          (b"The new password again: ", b"new-password-1\n")])
    assert code == 0, out
    assert recovery.encode() not in out and b"new-password-1" not in out  # not echoed
    assert _exported(folder, "new-password-1") == []
