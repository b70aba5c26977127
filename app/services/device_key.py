"""Unattended sync: a device key kept in the operating system's keyring.

A scheduled ``jobcentre sync`` runs with nobody there to type a password. When a
supervisor turns it on (Settings), a random device secret is stored in the keyring of
the user the desk runs as (Windows Credential Locker, the Secret Service on Linux,
macOS Keychain) and the database key is wrapped under it in the keys file. A command
given no password then opens the desk with it. Turning it off deletes both.

Whoever can read that user's keyring can open the desk: the same person who is signed
in to the laptop as that user. A laptop that is stolen switched off, or used by another
account, has neither.
"""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError

from app.services.desk import Desk
from app.store import keys as keyfile

SERVICE = "Job Centre Desk"
SETTING = "unattended_sync"

log = logging.getLogger("jobcentre.device_key")


class KeyringUnavailable(Exception):
    """No usable keyring on this computer (or it refused); the reason is ``args[0]``."""


def _user(desk: Desk) -> str:
    return f"database key {desk.device_id}"


def enabled(desk: Desk) -> bool:
    keys = desk.keys
    return keys is not None and keys.device is not None


def enable(desk: Desk) -> None:
    """A supervisor lets scheduled syncs open this desk without a password."""
    if not desk.require_officer().is_supervisor:
        from app.services.officers import AccountError

        raise AccountError("supervisor_only")
    secret = keyfile.new_device_secret()
    user = _user(desk)
    try:
        keyring.set_password(SERVICE, user, secret)
    except KeyringError as exc:
        raise KeyringUnavailable(str(exc) or type(exc).__name__) from exc
    wrapped = keyfile.wrap_with_secret(desk.database_key(), secret, keyfile.DEVICE_AAD)

    def change(keys: keyfile.KeysFile) -> None:
        keys.device, keys.device_keyring_user = wrapped, user

    desk.update_keys(change)
    desk.set_setting(SETTING, "1")


def disable(desk: Desk) -> None:
    """Stop it: the wrapped copy and the keyring's secret are both removed."""
    if not desk.require_officer().is_supervisor:
        from app.services.officers import AccountError

        raise AccountError("supervisor_only")
    def change(keys: keyfile.KeysFile) -> str | None:
        was = keys.device_keyring_user
        keys.device, keys.device_keyring_user = None, None
        return was

    user = desk.update_keys(change) or _user(desk)
    desk.set_setting(SETTING, "0")
    try:
        keyring.delete_password(SERVICE, user)
    except KeyringError:
        log.info("the keyring had no device key to delete")


def open_with_device_key(desk: Desk) -> bool:
    """Open a locked desk with the keyring's device key; False when it is off, missing
    from the keyring, or no longer matches."""
    keys = desk.reload_keys()
    if keys is None or keys.device is None or not keys.device_keyring_user:
        return False
    try:
        secret = keyring.get_password(SERVICE, keys.device_keyring_user)
    except KeyringError as exc:
        log.warning("the keyring could not be read: %s", type(exc).__name__)
        return False
    if not secret:
        return False
    try:
        key = keyfile.unwrap_with_secret(keys.device, secret, keyfile.DEVICE_AAD)
    except keyfile.WrongSecret:
        return False
    desk.unlock(key)
    return True
