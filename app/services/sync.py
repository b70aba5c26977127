"""Sync with headquarters, as the window and the CLI use it: enrol, run one push and
pull, and what the officer sees and does afterwards (status, quarantine, conflicts).

``run`` works on its own SQLite connection (the window's worker thread opens one; the
CLI gets one) and holds a file lock on the data folder, so a scheduled ``jobcentre
sync`` and the window never sync the same folder at once.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.errors import FieldError
from app.domain.khmerdate import PHNOM_PENH
from app.domain.registration import birth_year
from app.services.desk import Desk, use_newest_reference
from app.services.desk import connection as desk_connection
from app.store import audit as audit_store
from app.store import employers as emp_store
from app.store import inbox as inbox_store
from app.store import meta
from app.store import outbox as store
from app.store import registrations as reg_store
from app.store.connection import sqlite3, transaction
from app.store.private_files import open_private
from sync import client as wire
from sync import protocol as p

CLOCK_WARNING_S = 600  # the desk warns when its clock is this far from the server's
LOCK_FILENAME = "sync.lock"

# Settings (Desk.setting keys "sync.<name>"), so tests and slow links can change them.
SETTING_NAMES = {
    "connect_timeout": float, "read_timeout": float, "give_up_after": float,
    "batch_size": int, "min_batch": int, "max_batch": int, "quick_answer": float,
    "backoff_base": float, "backoff_cap": float, "pull_limit": int, "in_flight": int,
    "give_up_no_connection": float,
}
# The window's schedule (milliseconds), read by app.ui.sync_controller.
PROBE_EVERY_MS = 30_000
SYNC_EVERY_MS = 5 * 60_000


class SyncBusy(wire.SyncError):
    code = "busy_elsewhere"


def client_settings(conn: sqlite3.Connection) -> wire.ClientSettings:
    settings = wire.ClientSettings()
    for name, kind in SETTING_NAMES.items():
        raw = meta.get(conn, f"setting.sync.{name}")
        if raw is not None:
            with contextlib.suppress(ValueError):  # a hand-edited bad value: keep the default
                setattr(settings, name, kind(raw))
    return settings


# --- one sync at a time per data folder ---------------------------------------------------


class FolderLock:
    """An exclusive, non-blocking lock on a file in the data folder (released when the
    holder ends, even by a crash, since the operating system drops it)."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / LOCK_FILENAME
        self._fh: Any = None

    def acquire(self) -> None:
        fh = open_private(self.path)  # held open while locked; 0600 like the database
        try:
            if os.name == "nt":
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise SyncBusy("another sync of this data folder is running") from None
        self._fh = fh

    def release(self) -> None:
        if self._fh is None:
            return
        try:
            if os.name == "nt":
                import msvcrt

                self._fh.seek(0)
                msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
        finally:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# --- the desk's outbox, as the sync loop sees it -------------------------------------------


def _now_iso() -> str:
    return p.utc_stamp(datetime.now(UTC))


def _server_rec(server: Mapping[str, Any]) -> dict[str, Any]:
    """Headquarters' copy as a record ``reg_store.update`` can save."""
    data = dict(server["data"])
    stamp = p.parse_timestamp(data.get("updated_at"))
    on = stamp.astimezone(PHNOM_PENH).date() if stamp else date.today()
    data["birth_year"] = birth_year(data, on)
    data["withdrawn"] = bool(data.get("withdrawn"))
    return data


class DeskOutbox:
    """``sync.client.Outbox`` over the desk's SQLite file."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def next_batch(self, after: int, limit: int) -> list[tuple[int, dict[str, Any]]]:
        """Registrations first, then employer requests, then referrals (which name
        both): each kind has its own range of positions (app.store.employers)."""
        batch: list[tuple[int, dict[str, Any]]] = []
        if after < emp_store.REQUEST_BASE:
            batch = store.pending_wire(self.conn, after, limit)
        if len(batch) < limit and after < audit_store.AUDIT_BASE:
            batch += [(pos, p.wire_record(kind, rec)) for pos, kind, rec
                      in emp_store.pending(self.conn, after, limit - len(batch))]
        if len(batch) < limit:  # the audit trail last: records matter more on a weak link
            batch += [(pos, p.wire_record(p.AUDIT_EVENT, rec | {"version": 1}))
                      for pos, rec in audit_store.pending(self.conn, after, limit - len(batch))]
        return batch

    def record_results(self, sent: Sequence[Mapping[str, Any]], answer: Mapping[str, Any],
                       server_copies: Mapping[str, Mapping[str, Any]]) -> None:
        now = _now_iso()
        results = answer["results"]
        with transaction(self.conn):
            store.mark_sent(self.conn, [
                (w["id"], w["version"]) for w, r in zip(sent, results, strict=True)
                if r["status"] in (p.STORED, p.ALREADY_HAD) and w["type"] == p.REGISTRATION
            ])
            for kind in (p.EMPLOYER_REQUEST, p.REFERRAL):
                emp_store.mark_sent(self.conn, kind, [
                    (w["id"], w["version"]) for w, r in zip(sent, results, strict=True)
                    if r["status"] in (p.STORED, p.ALREADY_HAD) and w["type"] == kind
                ])
            audit_store.mark_sent(self.conn, [
                w["id"] for w, r in zip(sent, results, strict=True)
                if r["status"] in (p.STORED, p.ALREADY_HAD) and w["type"] == p.AUDIT_EVENT])
            for w, r in zip(sent, results, strict=True):
                if w["type"] == p.AUDIT_EVENT:
                    if r["status"] not in (p.STORED, p.ALREADY_HAD):
                        audit_store.refuse(self.conn, w["id"], json.dumps(
                            r.get("errors") or r["status"], ensure_ascii=False)[:2000])
                    continue
                if w["type"] != p.REGISTRATION:
                    if r["status"] not in (p.STORED, p.ALREADY_HAD):
                        emp_store.quarantine(self.conn, w["type"], w["id"], w["version"],
                                             r.get("errors") or [{"field": "record",
                                                                  "rule": r["status"]}],
                                             now)
                    continue
                if r["status"] == p.REJECTED:
                    store.quarantine(self.conn, w["id"], w["version"],
                                     r.get("errors") or [], now)
                elif r["status"] in (p.STALE, p.CONFLICT) and w["id"] in server_copies:
                    self._settle(w, r["status"], server_copies[w["id"]], now)

    def _settle(self, sent: Mapping[str, Any], kind: str, server: Mapping[str, Any],
                now: str) -> None:
        """Headquarters holds another version: adopt it when that loses nothing of ours,
        else set the record aside for the officer to choose."""
        local = reg_store.get(self.conn, sent["id"])
        if local is None or local["version"] != sent["version"]:
            return  # edited while in flight: the new version goes next
        server_version = int(server["version"])
        if server.get("hash") == sent["hash"]:
            # Same content under headquarters' number (a restored backup): adopt it.
            if server_version > local["version"]:
                store.set_version(self.conn, local["id"], local["version"], server_version,
                                  sent=True)
            return
        if local["sent_version"] == local["version"]:
            # Nothing unsent here: take headquarters' newer copy as it is.
            saved = reg_store.update(
                self.conn, local["id"], _server_rec(server), expected_version=local["version"],
                officer_id=str(server["data"].get("officer_id") or local["officer_id"]),
                now=str(server["data"].get("updated_at") or now))
            store.set_version(self.conn, local["id"], saved["version"], server_version,
                              sent=True)
            return
        store.set_conflict(self.conn, local["id"], local["version"], kind, server, now)

    def cursor(self) -> int:
        return int(meta.get(self.conn, "sync.cursor", "0"))

    def waiting(self) -> int:
        return store.counts(self.conn).get("pending", 0)

    def record_changes(self, answer: Mapping[str, Any]) -> None:
        rows = []
        for kind, items in answer["changes"].items():
            if isinstance(items, list):
                rows += [dict(item, type=kind) for item in items if isinstance(item, dict)]
        with transaction(self.conn):
            store.store_pulled(self.conn, rows, _now_iso())
            for row in rows:
                if not isinstance(row.get("data"), dict) or not p.is_uuid(row.get("id")):
                    continue
                rec = dict(row["data"], id=row["id"], version=int(row["version"]))
                with contextlib.suppress(KeyError, ValueError, TypeError,
                                         sqlite3.IntegrityError):
                    if row["type"] == p.EMPLOYER_REQUEST:
                        emp_store.apply_pulled_request(self.conn, rec)
                    elif row["type"] == p.REFERRAL:
                        emp_store.apply_pulled_referral(self.conn, rec)
                    elif row["type"] == p.DUPLICATE_MARK:
                        reg_store.apply_duplicate_mark(
                            self.conn, row["id"], int(row["version"]),
                            str(rec["duplicate_of"]), str(rec["duplicate_of_no"]))
            inbox_store.apply_pulled(self.conn, [
                row for row in rows
                if row["type"] == p.QR_SUBMISSION and p.is_uuid(row.get("id"))
                and isinstance(row.get("version"), int)], _now_iso())
            meta.put(self.conn, "sync.cursor", str(int(answer["cursor"])))
        if any(row["type"] == p.REFERENCE_DATA for row in rows):
            use_newest_reference(self.conn)

    def record_server(self, answer: Mapping[str, Any], offset_s: float) -> None:
        with transaction(self.conn):
            hq = answer.get("hq_max_seq")
            if isinstance(hq, int):
                current = int(meta.get(self.conn, "hq_max_seq", "0"))
                meta.put(self.conn, "hq_max_seq", str(max(current, hq)))
            meta.put(self.conn, "sync.clock_offset_s", f"{offset_s:.1f}")


# --- use cases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnrolResult:
    server_url: str
    device_tag: str
    tag_changed: bool


def enrol(desk: Desk, server_url: str, code: str,
          settings: wire.ClientSettings | None = None) -> EnrolResult:
    """Redeem a one-time code; keeps the token, and the device tag headquarters gave.

    An enrolled desk sends its current token along (to the server it was enrolled with
    only): headquarters enrols a known device again only with that proof, or with a
    re-enrolment code it issued for this device."""
    base = wire.check_server_url(server_url)
    held = meta.get(desk.conn, "sync.token") if meta.get(
        desk.conn, "sync.server_url") == base else None
    client = wire.HqClient(base, held, settings=settings or client_settings(desk.conn))
    try:
        answer = client.enrol(code.strip(), desk.device_id, desk.device_tag, desk.office_code)
    finally:
        client.close()
    old_tag = desk.device_tag
    with transaction(desk.conn):
        meta.put(desk.conn, "sync.server_url", base)
        meta.put(desk.conn, "sync.token", answer["token"])
        meta.put(desk.conn, "sync.enrolled_at", _now_iso())
        if answer["device_tag"] != old_tag:
            # Our random tag was another device's: later numbers use the one issued.
            meta.put(desk.conn, "device_tag", answer["device_tag"])
        current = int(meta.get(desk.conn, "hq_max_seq", "0"))
        meta.put(desk.conn, "hq_max_seq", str(max(current, int(answer["hq_max_seq"]))))
    return EnrolResult(base, answer["device_tag"], answer["device_tag"] != old_tag)


def _record_failure(conn: sqlite3.Connection, exc: wire.SyncError) -> None:
    code = exc.params.get("last", exc.code) if isinstance(exc, wire.GaveUp) else exc.code
    note = {"code": code, "detail": exc.detail[:300], "at": _now_iso()}
    if isinstance(exc, wire.GaveUp):
        note["gave_up"] = True
    with transaction(conn):
        meta.put(conn, "sync.last_error", json.dumps(note, ensure_ascii=False))
        meta.put(conn, "sync.last_attempt", note["at"])


def run(
    data_dir: Path,
    *,
    conn: sqlite3.Connection | None = None,
    settings: wire.ClientSettings | None = None,
    cancel: threading.Event | None = None,
    on_progress: Callable[[wire.SyncReport], None] | None = None,
) -> wire.SyncReport:
    """One push and pull. Raises ``SyncError`` (its ``code`` says why) when it could not
    finish; whatever was sent before that stays sent."""
    own = conn is None
    conn = conn or desk_connection(data_dir)
    try:
        with FolderLock(Path(data_dir)):
            url = meta.get(conn, "sync.server_url")
            token = meta.get(conn, "sync.token")
            if not url or not token:
                raise wire.NotEnrolled("enrol this desk first")
            client = wire.HqClient(url, token, settings or client_settings(conn))
            try:
                syncer = wire.Syncer(client, DeskOutbox(conn), cancel=cancel,
                                     on_progress=on_progress)
                syncer.report.to_send = store.pending_count(conn)
                report = syncer.run()
            except wire.SyncError as exc:
                _record_failure(conn, exc)
                raise
            finally:
                client.close()
            with transaction(conn):
                meta.put(conn, "sync.last_success", _now_iso())
                meta.put(conn, "sync.last_attempt", _now_iso())
                conn.execute("DELETE FROM meta WHERE key = 'sync.last_error'")
            return report
    finally:
        if own:
            conn.close()


def probe(conn: sqlite3.Connection, settings: wire.ClientSettings | None = None) -> bool:
    """Whether headquarters answers its health check now (short timeouts)."""
    url = meta.get(conn, "sync.server_url")
    if not url:
        return False
    base = settings or client_settings(conn)
    quick = wire.ClientSettings(connect_timeout=min(base.connect_timeout, 5.0),
                                read_timeout=min(base.read_timeout, 5.0))
    client = wire.HqClient(url, settings=quick)
    try:
        client.health()
        return True
    except wire.SyncError:
        return False
    finally:
        client.close()


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str | None
    counts: dict[str, int] = field(default_factory=dict)
    last_success: str | None = None
    last_error: dict[str, Any] | None = None
    clock_offset_s: float | None = None

    @property
    def clock_warning(self) -> bool:
        return self.clock_offset_s is not None and abs(self.clock_offset_s) > CLOCK_WARNING_S


def status(conn: sqlite3.Connection) -> SyncStatus:
    error = meta.get(conn, "sync.last_error")
    offset = meta.get(conn, "sync.clock_offset_s")
    return SyncStatus(
        enrolled=meta.get(conn, "sync.token") is not None,
        server_url=meta.get(conn, "sync.server_url"),
        counts=store.counts(conn),
        last_success=meta.get(conn, "sync.last_success"),
        last_error=json.loads(error) if error else None,
        clock_offset_s=float(offset) if offset else None,
    )


# --- what the officer does about refused and conflicting records -----------------------


def _with_birth_year(rec: Mapping[str, Any]) -> dict[str, Any]:
    """``reg_store.update`` stores the birth year it is given (duplicate checks use it);
    a record read back does not carry it."""
    out = dict(rec)
    on = date.fromisoformat(rec["created_on"]) if rec.get("created_on") else date.today()
    out["birth_year"] = birth_year(out, on)
    return out


def quarantined(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Refused records: id, registration_no, names, errors (as FieldError), refused_at,
    edited_since."""
    items = store.quarantined(conn)
    for item in items:
        item["errors"] = [FieldError(e.get("field", "record"), e.get("rule", "?"),
                                     dict(e.get("params") or {})) for e in item["errors"]]
    return items


def conflicts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return store.conflicts(conn)


def resend(desk: Desk, record_id: str) -> bool:
    """Queue a quarantined record again (after the officer fixed it)."""
    with transaction(desk.conn):
        return store.requeue(desk.conn, record_id)


def refused_employer_records(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Employer requests and referrals headquarters refused, with errors as FieldError
    and when (``refused_at``, UTC)."""
    items = emp_store.quarantined(conn)
    for item in items:
        item["errors"] = [FieldError(e.get("field", "record"), e.get("rule", "?"),
                                     dict(e.get("params") or {})) for e in item["errors"]]
    return items


def resend_employer_record(desk: Desk, record_type: str, record_id: str) -> bool:
    """Queue a refused request or referral again."""
    with transaction(desk.conn):
        return emp_store.requeue(desk.conn, record_type, record_id)


NEEDS_NEW_NUMBER = (p.RULE_REGISTRATION_NO_TAKEN, p.RULE_WRONG_DEVICE_TAG)


def renumber(desk: Desk, record_id: str) -> str:
    """Give a record refused for its number a new one and queue it; returns the number
    (the officer reprints the slip)."""
    officer = desk.require_officer()
    with transaction(desk.conn):
        current = reg_store.get(desk.conn, record_id)
        if current is None:
            raise KeyError(record_id)
        if current["device_id"] != desk.device_id:
            raise PermissionError("only the desk that made a record edits it")
        # A new version, so headquarters sees the change (the number is content).
        reg_store.update(desk.conn, record_id, _with_birth_year(current),
                         expected_version=current["version"],
                         officer_id=officer.officer_id, now=desk.now_iso())
        number = store.renumber(desk.conn, record_id, district=desk.office_code,
                                tag=desk.device_tag)
        store.requeue(desk.conn, record_id)
    return number


KEEP_DESK = "desk"
KEEP_HQ = "hq"


def resolve(desk: Desk, record_id: str, keep: str) -> dict[str, Any]:
    """The officer's choice between this desk's copy and headquarters': saved as
    headquarters' version + 1 and sent."""
    officer = desk.require_officer()
    with transaction(desk.conn):
        found = store.get_conflict(desk.conn, record_id)
        local = reg_store.get(desk.conn, record_id)
        if found is None or local is None:
            raise KeyError(record_id)
        if keep not in (KEEP_DESK, KEEP_HQ):
            raise ValueError(f"keep must be {KEEP_DESK!r} or {KEEP_HQ!r}")
        chosen = (_with_birth_year(local) if keep == KEEP_DESK
                  else _server_rec(found["server_record"]))
        saved = reg_store.update(desk.conn, record_id, chosen,
                                 expected_version=local["version"],
                                 officer_id=officer.officer_id, now=desk.now_iso())
        target = int(found["server_version"]) + 1
        store.set_version(desk.conn, record_id, saved["version"], target, sent=False)
        store.clear_conflict(desk.conn, record_id)
    result = reg_store.get(desk.conn, record_id)
    assert result is not None
    return result


# --- words ----------------------------------------------------------------------------------

_ERRORS = {
    "unreachable": QT_TRANSLATE_NOOP("Sync", "Cannot reach headquarters (no connection?)"),
    "connection_refused": QT_TRANSLATE_NOOP(
        "Sync", "Nothing answers at {detail}: headquarters may be down, or the address is wrong"),
    "unknown_host": QT_TRANSLATE_NOOP(
        "Sync", "The server name {detail} cannot be found: no internet connection, or a "
        "mistyped address"),
    "rate_limited": QT_TRANSLATE_NOOP(
        "Sync", "Headquarters asks this computer to wait before trying again (too many "
        "requests)"),
    "enrol_rate_limited": QT_TRANSLATE_NOOP(
        "Sync", "Too many wrong enrolment codes from this computer: wait a while and try "
        "again"),
    "timed_out": QT_TRANSLATE_NOOP("Sync", "Headquarters did not answer in time"),
    "server_busy": QT_TRANSLATE_NOOP("Sync", "Headquarters is busy; will try again later"),
    "bad_answer": QT_TRANSLATE_NOOP(
        "Sync", "Got an answer that is not from headquarters (a Wi-Fi login page?)"),
    "too_large": QT_TRANSLATE_NOOP("Sync", "Headquarters refused a batch as too large"),
    "update_needed": QT_TRANSLATE_NOOP(
        "Sync", "Headquarters no longer accepts this version of the app: please update it"),
    "not_enrolled": QT_TRANSLATE_NOOP(
        "Sync", "This laptop is not enrolled: enter the code from headquarters in Settings"),
    "unauthorized": QT_TRANSLATE_NOOP(
        "Sync", "Headquarters does not know this laptop: enrol it again"),
    "revoked": QT_TRANSLATE_NOOP(
        "Sync", "Headquarters has blocked this laptop: call the data team"),
    "refused": QT_TRANSLATE_NOOP("Sync", "Headquarters refused: {detail}"),
    "insecure_server": QT_TRANSLATE_NOOP("Sync", "Not a safe server address: {detail}"),
    "redirected": QT_TRANSLATE_NOOP(
        "Sync", "Headquarters' address sent this laptop elsewhere ({detail}); nothing was"
        " sent there. Check the address in Settings"),
    "busy_elsewhere": QT_TRANSLATE_NOOP("Sync", "Another sync of this data is running"),
    "cancelled": QT_TRANSLATE_NOOP("Sync", "Sync was stopped"),
}

# Why headquarters refused an enrolment (the ``error`` of its answer), in words.
_REFUSALS = {
    "device_already_enrolled": QT_TRANSLATE_NOOP(
        "Sync", "headquarters already knows this laptop: a new district code cannot enrol it"
        " again. Ask the data team for a re-enrolment code for this laptop"),
    "enrolment_code_other_device": QT_TRANSLATE_NOOP(
        "Sync", "this re-enrolment code was made for another laptop"),
    "district_mismatch": QT_TRANSLATE_NOOP(
        "Sync", "this code is for another district than this laptop's office"),
    "enrolment_code_used": QT_TRANSLATE_NOOP(
        "Sync", "this enrolment code has already been used"),
    "enrolment_code_invalid": QT_TRANSLATE_NOOP(
        "Sync", "this enrolment code is unknown or has expired"),
}

_RULES = {
    p.RULE_REGISTRATION_NO_TAKEN: QT_TRANSLATE_NOOP(
        "Sync", "Another record at headquarters has this number: give it a new number"),
    p.RULE_WRONG_DEVICE_TAG: QT_TRANSLATE_NOOP(
        "Sync", "The number was made before this laptop was enrolled: give it a new number"),
    p.RULE_INVALID_REGISTRATION_NO: QT_TRANSLATE_NOOP("Sync", "The number is not valid"),
    p.RULE_NOT_OWNER: QT_TRANSLATE_NOOP(
        "Sync", "Another laptop sent this record first; it cannot be changed here"),
    p.RULE_HASH_MISMATCH: QT_TRANSLATE_NOOP("Sync", "The record was damaged on the way"),
    p.RULE_SCHEMA_UNSUPPORTED: QT_TRANSLATE_NOOP("Sync", "Headquarters cannot read this record"),
    p.RULE_TYPE_UNSUPPORTED: QT_TRANSLATE_NOOP("Sync", "Headquarters cannot read this record"),
    p.RULE_INVALID_TIMESTAMP: QT_TRANSLATE_NOOP("Sync", "The record's time is not readable"),
    p.RULE_INVALID_ID: QT_TRANSLATE_NOOP("Sync", "The record's id is not readable"),
    p.RULE_WRONG_DISTRICT: QT_TRANSLATE_NOOP(
        "Sync", "The number carries another district than this laptop's office: give it a"
        " new number"),
    p.RULE_SEQUENCE_TOO_FAR: QT_TRANSLATE_NOOP(
        "Sync", "The number is far past the last one headquarters holds for this laptop:"
        " send the earlier records first"),
    p.RULE_OFFICER_OF_OTHER_DEVICE: QT_TRANSLATE_NOOP(
        "Sync", "The officer on this record belongs to another laptop"),
    p.RULE_UNKNOWN_REGISTRATION: QT_TRANSLATE_NOOP(
        "Sync", "Headquarters does not hold this returnee yet: send the registration first,"
        " then this referral again"),
    p.RULE_NOT_OWN_REGISTRATION: QT_TRANSLATE_NOOP(
        "Sync", "This returnee was registered on another laptop; only that laptop can"
        " refer them"),
    p.RULE_UNKNOWN_REQUEST: QT_TRANSLATE_NOOP(
        "Sync", "Headquarters does not know this employer request"),
}


def error_text(code: str, detail: str = "") -> str:
    """A sync failure in plain words, in the user's language."""
    template = _ERRORS.get(code)
    if template is None:
        return QCoreApplication.translate("Sync", "Sync failed: {detail}").format(
            detail=detail or code)
    return QCoreApplication.translate("Sync", template).format(detail=detail)


def failure_text(exc: wire.SyncError) -> str:
    """Why a sync run stopped, for the status bar and ``jobcentre sync``."""
    if isinstance(exc, wire.GaveUp):
        last = exc.params.get("last") or "unreachable"
        cause = exc.__cause__
        why = (failure_text(cause) if isinstance(cause, wire.SyncError)
               else error_text(last, exc.detail))
        return QCoreApplication.translate("Sync", "Gave up for now: {why}").format(why=why)
    if isinstance(exc, wire.RateLimited) and exc.retry_after:
        minutes = max(1, math.ceil(exc.retry_after / 60))
        if isinstance(exc, wire.TooManyWrongCodes):
            return QCoreApplication.translate(
                "Sync", "Too many wrong enrolment codes from this computer: wait {minutes} "
                "minutes and try again").format(minutes=minutes)
        return QCoreApplication.translate(
            "Sync", "Headquarters asks this computer to wait {minutes} minutes before "
            "trying again (too many requests)").format(minutes=minutes)
    if isinstance(exc, wire.Refused) and exc.params.get("error") in _REFUSALS:
        return error_text("refused", QCoreApplication.translate(
            "Sync", _REFUSALS[exc.params["error"]]))
    return error_text(exc.code, exc.detail)


def describe_last_error(note: Mapping[str, Any]) -> str:
    """The stored last error (``SyncStatus.last_error``) in words."""
    text = error_text(str(note.get("code", "")), str(note.get("detail", "")))
    if note.get("gave_up"):
        return QCoreApplication.translate("Sync", "Gave up for now: {why}").format(why=text)
    return text


def reason_text(error: FieldError) -> str:
    """Why headquarters refused a record, in plain words (the domain's rules by
    app.messages, headquarters' own here)."""
    if error.rule in _RULES and (error.rule != p.RULE_INVALID_ID or error.field == "id"):
        return QCoreApplication.translate("Sync", _RULES[error.rule])
    from app.messages import error_line

    return error_line(error)
