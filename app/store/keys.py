"""The keys file: the database key, wrapped once for each way in, kept beside the database.

The database key is 32 random bytes and never written anywhere as it is. What is
written, in ``keys.json`` in the data folder, is one *wrapped* copy per way of opening
the desk: one for each officer (AES-256-GCM under a key derived from the officer's
password with argon2id), one for the recovery key printed for the supervisor at setup,
and, when a supervisor turns it on, one for the device key kept in the operating
system's keyring (unattended ``jobcentre sync``). It has to live outside the encrypted
database, since it is what opens it.

The file also holds what the window needs before anyone has signed in: the office, the
officers' names and roles (the sign-in list), the language, and the count of wrong
passwords per officer (the lockout must survive a restart, and it is counted before the
database can be opened). It holds nothing about returnees.

It is written whole to a temporary file, flushed to disk and renamed over the old one, so
a crash leaves the old file or the new one, never half of either; 0600 on POSIX. Every
change is made under a lock file beside it (``keys.json.lock``, ``filelock``: an OS lock
on Windows and Linux), on the file as it is on disk inside the lock (``update``): the
window and a scheduled ``jobcentre sync`` never lose each other's wrong-password count or
a new officer's wrapped key.

The recovery key's wrapped copy is also kept in ``recovery.json`` beside it, so losing or
damaging ``keys.json`` does not lose the records: ``jobcentre recover`` rebuilds the keys
file from the database the recovery key opens. The copy is sealed like the one in
``keys.json`` (AES-256-GCM under a key derived from the 160-bit recovery key), so it
tells a thief nothing.
"""

from __future__ import annotations

import base64
import contextlib
import hmac
import json
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from argon2 import Parameters, Type
from argon2.exceptions import InvalidHashError
from argon2.low_level import hash_secret_raw
from argon2.profiles import RFC_9106_LOW_MEMORY
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from filelock import FileLock

from app.store.connection import KEY_BYTES
from app.store.private_files import FILE_MODE, folder_for

KEYS_FILENAME = "keys.json"
RECOVERY_FILENAME = "recovery.json"
LOCK_SUFFIX = ".lock"
# How long a change waits for another process's change to the keys file (each takes
# milliseconds; only a hung process holds it longer).
LOCK_TIMEOUT_S = 30.0
FORMAT = 1
# argon2id as argon2-cffi's PasswordHasher uses it (RFC 9106's low-memory profile: 64 MiB,
# 3 passes): about 50 ms on a district laptop, per sign-in, never per query.
PASSWORD_PARAMS = RFC_9106_LOW_MEMORY
# A recovery key is 20 random bytes (160 bits), written in groups of base32 letters.
RECOVERY_BYTES = 20
# Settings the window needs before the database is open (all harmless to show).
PUBLIC_SETTINGS = ("language", "last_officer")


class WrongSecret(Exception):
    """The password, recovery key or device key does not unwrap the database key."""


class KeysDamaged(ValueError):
    """The keys file is there but cannot be read (cut short, edited, not ours)."""


T = TypeVar("T")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_device_secret() -> str:
    return secrets.token_urlsafe(32)


def new_recovery_key() -> str:
    """Like ``K7QM-2XPA-...``: base32 (no 0/1/8/9 to mistake), 8 groups of 4."""
    letters = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def normalise_recovery_key(text: str) -> str:
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters = letters.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def _hkdf(secret: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=f"jobcentre {purpose}".encode()).derive(secret)


@dataclass(frozen=True)
class Wrapped:
    """The database key sealed under one key-encryption key (AES-256-GCM).

    ``kdf`` says how that key is made from what the person types: ``argon2id`` with the
    salt and cost stored here (passwords), or ``hkdf`` (random secrets: recovery and
    device keys, which need no slow hash)."""

    kdf: str
    nonce: bytes
    ciphertext: bytes
    salt: bytes = b""
    time_cost: int = 0
    memory_cost: int = 0
    parallelism: int = 0
    hash_len: int = 0
    version: int = 0
    # A check value of the password's key (HKDF of it), so a disabled account, whose
    # sealed key is taken out, can still be told "disabled" after the right password.
    check: bytes = b""

    @property
    def sealed(self) -> bool:
        """False for an account whose key was taken out (disabled)."""
        return bool(self.ciphertext)

    def without_key(self) -> Wrapped:
        return replace(self, nonce=b"", ciphertext=b"")

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kdf": self.kdf, "nonce": _b64(self.nonce),
                               "ciphertext": _b64(self.ciphertext)}
        if self.check:
            out["check"] = _b64(self.check)
        if self.kdf == "argon2id":
            out.update(salt=_b64(self.salt), time_cost=self.time_cost,
                       memory_cost=self.memory_cost, parallelism=self.parallelism,
                       hash_len=self.hash_len, version=self.version)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wrapped:
        extra: dict[str, Any] = {}
        if data["kdf"] == "argon2id":
            extra = {"salt": _unb64(data["salt"]), "time_cost": int(data["time_cost"]),
                     "memory_cost": int(data["memory_cost"]),
                     "parallelism": int(data["parallelism"]),
                     "hash_len": int(data["hash_len"]), "version": int(data["version"])}
        if data.get("check"):
            extra["check"] = _unb64(data["check"])
        return cls(kdf=data["kdf"], nonce=_unb64(data["nonce"]),
                   ciphertext=_unb64(data["ciphertext"]), **extra)


def _password_kek(password: str, salt: bytes, params: Parameters) -> bytes:
    raw = hash_secret_raw(password.encode("utf-8"), salt, time_cost=params.time_cost,
                          memory_cost=params.memory_cost, parallelism=params.parallelism,
                          hash_len=params.hash_len, type=Type.ID, version=params.version)
    return _hkdf(raw, "password key")


def _seal(kek: bytes, key: bytes, aad: str) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(12)
    return nonce, AESGCM(kek).encrypt(nonce, key, aad.encode("utf-8"))


def _open(kek: bytes, wrapped: Wrapped, aad: str) -> bytes:
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, aad.encode("utf-8"))
    except InvalidTag:
        raise WrongSecret from None


def wrap_with_password(key: bytes, password: str, aad: str,
                       params: Parameters = PASSWORD_PARAMS) -> Wrapped:
    salt = secrets.token_bytes(params.salt_len)
    kek = _password_kek(password, salt, params)
    nonce, sealed = _seal(kek, key, aad)
    return Wrapped("argon2id", nonce, sealed, salt, params.time_cost, params.memory_cost,
                   params.parallelism, params.hash_len, params.version, _check(kek))


def wrap_with_password_hash(key: bytes, phc_hash: str, aad: str) -> Wrapped:
    """Wrap under the key an officer's stored argon2id hash (from an older, plain data
    folder) already is: the raw hash bytes are what ``_password_kek`` would compute from
    the password with the same salt and cost, so the officer signs in with the same
    password and the hash itself need not be kept."""
    from argon2 import extract_parameters

    try:
        params = extract_parameters(phc_hash)
        _, _, _, _, salt_b64, hash_b64 = phc_hash.split("$")
    except (InvalidHashError, ValueError) as exc:
        raise WrongSecret from exc
    if params.type is not Type.ID:
        raise WrongSecret
    salt = base64.b64decode(salt_b64 + "=" * (-len(salt_b64) % 4))
    raw = base64.b64decode(hash_b64 + "=" * (-len(hash_b64) % 4))
    kek = _hkdf(raw, "password key")
    nonce, sealed = _seal(kek, key, aad)
    return Wrapped("argon2id", nonce, sealed, salt, params.time_cost, params.memory_cost,
                   params.parallelism, len(raw), params.version, _check(kek))


def _check(kek: bytes) -> bytes:
    return _hkdf(kek, "password check")


def _kek_of(wrapped: Wrapped, password: str) -> bytes:
    params = Parameters(type=Type.ID, version=wrapped.version, salt_len=len(wrapped.salt),
                        hash_len=wrapped.hash_len, time_cost=wrapped.time_cost,
                        memory_cost=wrapped.memory_cost, parallelism=wrapped.parallelism)
    return _password_kek(password, wrapped.salt, params)


def unwrap_with_password(wrapped: Wrapped, password: str, aad: str) -> bytes:
    if not wrapped.sealed:
        raise WrongSecret
    return _open(_kek_of(wrapped, password), wrapped, aad)


def password_matches(wrapped: Wrapped, password: str) -> bool:
    """Whether ``password`` is the one ``wrapped`` was made for (by its check value;
    for an account whose key was taken out)."""
    return bool(wrapped.check) and hmac.compare_digest(
        _check(_kek_of(wrapped, password)), wrapped.check)


def wrap_with_secret(key: bytes, secret: str, aad: str) -> Wrapped:
    nonce, sealed = _seal(_hkdf(secret.encode("utf-8"), "secret key"), key, aad)
    return Wrapped("hkdf", nonce, sealed)


def unwrap_with_secret(wrapped: Wrapped, secret: str, aad: str) -> bytes:
    return _open(_hkdf(secret.encode("utf-8"), "secret key"), wrapped, aad)


def officer_aad(officer_id: str) -> str:
    return f"jobcentre officer {officer_id}"


RECOVERY_AAD = "jobcentre recovery"
DEVICE_AAD = "jobcentre device"


@dataclass
class OfficerEntry:
    officer_id: str
    name: str
    role: str
    created_at: str
    wrapped: Wrapped | None  # None: disabled, no way in
    failed: int = 0
    last_failed_at: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"officer_id": self.officer_id, "name": self.name, "role": self.role,
                "created_at": self.created_at,
                "wrapped": self.wrapped.to_json() if self.wrapped else None,
                "failed": self.failed, "last_failed_at": self.last_failed_at}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OfficerEntry:
        return cls(data["officer_id"], data["name"], data["role"], data["created_at"],
                   Wrapped.from_json(data["wrapped"]) if data.get("wrapped") else None,
                   int(data.get("failed", 0)), data.get("last_failed_at"))


@dataclass
class KeysFile:
    office_code: str
    officers: list[OfficerEntry] = field(default_factory=list)
    recovery: Wrapped | None = None
    device: Wrapped | None = None
    device_keyring_user: str | None = None
    settings: dict[str, str] = field(default_factory=dict)

    # -- officers ----------------------------------------------------------------------

    def officer(self, officer_id: str) -> OfficerEntry | None:
        return next((o for o in self.officers if o.officer_id == officer_id), None)

    def by_name(self, name: str) -> OfficerEntry | None:
        return next((o for o in self.officers if o.name == name), None)

    def put_officer(self, entry: OfficerEntry) -> None:
        self.officers = [o for o in self.officers if o.officer_id != entry.officer_id]
        self.officers.append(entry)
        self.officers.sort(key=lambda o: o.name)

    # -- the file ----------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "office_code": self.office_code,
            "officers": [o.to_json() for o in self.officers],
            "recovery": self.recovery.to_json() if self.recovery else None,
            "device": ({"wrapped": self.device.to_json(), "keyring_user":
                        self.device_keyring_user} if self.device else None),
            "settings": {k: v for k, v in self.settings.items() if k in PUBLIC_SETTINGS},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeysFile:
        if data.get("format") != FORMAT:
            raise ValueError(f"keys file format {data.get('format')!r} is not {FORMAT}")
        device = data.get("device") or None
        return cls(
            office_code=data["office_code"],
            officers=[OfficerEntry.from_json(o) for o in data.get("officers", [])],
            recovery=Wrapped.from_json(data["recovery"]) if data.get("recovery") else None,
            device=Wrapped.from_json(device["wrapped"]) if device else None,
            device_keyring_user=device.get("keyring_user") if device else None,
            settings={k: str(v) for k, v in (data.get("settings") or {}).items()},
        )


def beside(backup_file: Path) -> Path:
    """Where a backup's keys file is kept: ``FILE.keys.json`` next to ``FILE``. A backup
    is encrypted with the desk's key, so it restores on a replacement laptop only with the
    wrapped copies (the same passwords then open it); they are as safe beside it as in
    the data folder."""
    backup_file = Path(backup_file)
    return backup_file.with_name(backup_file.name + ".keys.json")


def copy_keys(data_dir: Path, target: Path) -> None:
    """Write the folder's keys file to ``target`` (atomically, 0600)."""
    write_atomically(Path(target), keys_path(data_dir).read_bytes())


def keys_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEYS_FILENAME


def load(data_dir: Path) -> KeysFile | None:
    """The folder's keys file, or None when it has none (a fresh or older folder);
    ``KeysDamaged`` when it is there but cannot be read."""
    path = keys_path(data_dir)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, FILE_MODE)  # left readable by a copy or an unzip: the user's only
    try:
        return KeysFile.from_json(json.loads(raw.decode("utf-8")))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KeysDamaged(f"{path}: {type(exc).__name__}") from exc


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path``, all or nothing: a temporary 0600 file, fsync, rename."""
    folder_for(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _lock(data_dir: Path) -> FileLock:
    path = keys_path(data_dir)
    folder_for(path.parent)
    lock_file = path.with_name(path.name + LOCK_SUFFIX)
    if os.name == "posix":
        with contextlib.suppress(FileNotFoundError):
            if lock_file.stat().st_mode & 0o077:
                os.chmod(lock_file, FILE_MODE)  # empty, but the folder is the user's only
    # One lock object per file in a process (is_singleton), re-entered by the thread
    # holding it; another thread or process waits.
    return FileLock(lock_file, timeout=LOCK_TIMEOUT_S, mode=FILE_MODE, is_singleton=True)


@contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the folder's keys lock: no other process or thread changes the file meanwhile."""
    with _lock(Path(data_dir)):
        yield


def update(data_dir: Path, change: Callable[[KeysFile], T],
           default: KeysFile | None = None) -> tuple[KeysFile, T]:
    """Read the keys file inside its lock, apply ``change`` to it and write it back:
    the one way a read-modify-write of it is done. ``default`` is changed when the
    folder has no keys file yet. Returns the file as written and ``change``'s result."""
    data_dir = Path(data_dir)
    with locked(data_dir):
        keys = load(data_dir) or default
        if keys is None:
            raise FileNotFoundError(keys_path(data_dir))
        result = change(keys)
        save(data_dir, keys)
    return keys, result


def save(data_dir: Path, keys: KeysFile) -> None:
    """Write ``keys`` whole (under the lock), and the recovery copy when it changed."""
    text = json.dumps(keys.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
    with locked(data_dir):
        write_atomically(keys_path(data_dir), text.encode("utf-8"))
        if keys.recovery is not None:
            save_recovery(data_dir, keys.recovery)


# --- the recovery copy ----------------------------------------------------------------------

def recovery_path(data_dir: Path) -> Path:
    return Path(data_dir) / RECOVERY_FILENAME


def save_recovery(data_dir: Path, wrapped: Wrapped) -> None:
    """Keep the recovery key's sealed copy in ``recovery.json`` (unless it is there)."""
    text = json.dumps({"format": FORMAT, "recovery": wrapped.to_json()}, sort_keys=True,
                      indent=1)
    path = recovery_path(data_dir)
    try:
        if path.read_text(encoding="utf-8") == text:
            if os.name == "posix" and path.stat().st_mode & 0o077:
                os.chmod(path, FILE_MODE)
            return
    except (OSError, UnicodeDecodeError):
        pass
    write_atomically(path, text.encode("utf-8"))


def load_recovery(data_dir: Path) -> Wrapped | None:
    """The recovery key's sealed copy: from ``recovery.json``, else from a readable keys
    file; None when neither has one."""
    try:
        data = json.loads(recovery_path(data_dir).read_text(encoding="utf-8"))
        if data.get("format") == FORMAT and data.get("recovery"):
            return Wrapped.from_json(data["recovery"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    try:
        keys = load(data_dir)
    except KeysDamaged:
        return None
    return keys.recovery if keys is not None else None
