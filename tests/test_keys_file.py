"""The keys file: two processes changing it at once lose neither's change; losing or
damaging it is one message naming `jobcentre recover`, which rebuilds it from the
database with the recovery key."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from app.services import officers
from app.services.desk import Desk
from app.store import keys as keyfile
from tests.conftest import OFFICE
from tests.console import ROOT, english, jobcentre

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
    env = english({"PYTHONPATH": str(ROOT)})
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
