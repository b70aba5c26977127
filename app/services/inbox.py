"""The Inbox: QR submissions (returnees' self-registrations, employers' worker
requests) waiting for this desk, and what the officer does with them. The window and
the CLI share these use cases.

Accepting is two steps that never leave anything half done:

1. *Take* it at headquarters (online only). Headquarters gives each submission to one
   desk; a second desk gets ``already_taken`` naming the first. A take whose answer was
   lost can be repeated: headquarters answers the same to the desk that has it.
2. *Make* the record on this desk (``complete``): a normal registration (number, slip,
   outbox, channel ``qr``), or an employer request, with the officer's corrections,
   under the usual rules and duplicate check, linked to the submission in the same
   transaction. If a rule fails, nothing is saved and the submission stays taken by
   this desk (shown so in the Inbox) until the officer fixes the form and saves.

Declining is one step, online only, with a reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain import qrref
from app.domain.errors import FieldError, ValidationFailed
from app.domain.registration import REASON_MAX
from app.services import employers, registrations
from app.services.desk import Desk
from app.services.sync import client_settings, failure_text
from app.store import inbox as store
from app.store import meta
from app.store.connection import transaction
from sync import client as wire

REGISTRATION, EMPLOYER_REQUEST = "registration", "employer_request"
QR_CHANNEL = "qr"
# Someone is waiting at the window: give up sooner than a background sync does.
GIVE_UP_AFTER_S = 20.0


class InboxError(Exception):
    """An accept or decline that could not be done; ``code`` is stable, ``params`` fill
    the words (``error_text``)."""

    def __init__(self, code: str, **params: Any):
        super().__init__(f"{code}: {params}" if params else code)
        self.code = code
        self.params = params


# --- what waits ----------------------------------------------------------------------------


def open_items(desk: Desk) -> list[dict[str, Any]]:
    """Submissions waiting for this desk and those it took but has not finished, oldest
    first: id, ref, kind, version, status, decided_by, submitted_at (UTC), fields,
    and ``taken_here`` (True when this desk took it and still has to save the record)."""
    items = store.open_items(desk.conn, desk.office_code, desk.device_tag)
    for item in items:
        item["taken_here"] = item["status"] == "taken"
    return items


def count_open(desk: Desk) -> int:
    return store.count_open(desk.conn, desk.office_code, desk.device_tag)


def find(desk: Desk, ref: str) -> dict[str, Any] | None:
    canonical = qrref.parse(ref)
    return None if canonical is None else store.get_by_ref(desk.conn, canonical)


def form_values(item: Mapping[str, Any]) -> dict[str, Any]:
    """A submission's fields as the registration form (or ``registrations.register``)
    takes them, always with channel ``qr``."""
    return dict(item["fields"]) | {"channel": QR_CHANNEL}


def _canonical(ref: str) -> str:
    canonical = qrref.parse(ref)
    if canonical is None:
        raise InboxError("bad_ref", ref=ref.strip()[:20])
    return canonical


def _taken_here(desk: Desk, item: Mapping[str, Any] | None) -> bool:
    who = (item or {}).get("decided_by") or {}
    return bool(item) and item["status"] == "taken" and who == {
        "district_code": desk.office_code, "device_tag": desk.device_tag}


# --- talking to headquarters ---------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """What a call to headquarters needs, read on the caller's thread, so the call itself
    can run on another (the window's worker) without touching the database."""

    server_url: str
    token: str
    settings: wire.ClientSettings


def link(desk: Desk) -> Link:
    url, token = meta.get(desk.conn, "sync.server_url"), meta.get(desk.conn, "sync.token")
    if not url or not token:
        raise InboxError("needs_connection", why=failure_text(wire.NotEnrolled()))
    return Link(url, token, client_settings(desk.conn))


def ask(to: Link, action: str, ref: str, reason: str = "") -> dict[str, Any]:
    """One take or decline at headquarters, retried while the failure may pass. Touches
    no database: safe on a worker thread. Raises ``sync.client.SyncError``."""
    client = wire.HqClient(to.server_url, to.token, to.settings)
    try:
        call = (lambda: client.take(ref)) if action == "take" else (
            lambda: client.decline(ref, reason))
        return wire.retried(client, call, give_up_after=GIVE_UP_AFTER_S)
    finally:
        client.close()


def settle(desk: Desk, ref: str, outcome: dict[str, Any] | wire.SyncError) -> dict[str, Any]:
    """Record what headquarters answered to a take or decline and return the submission;
    raises ``InboxError`` for a refusal or a failed call (after noting who has it)."""
    canonical = _canonical(ref)
    now = desk.now_iso()
    if isinstance(outcome, dict):
        with transaction(desk.conn):
            store.apply_pulled(desk.conn, [outcome["submission"]], now)
        item = store.get_by_ref(desk.conn, canonical)
        assert item is not None
        return item
    if isinstance(outcome, wire.AlreadyTaken | wire.AlreadyDeclined):
        taken = isinstance(outcome, wire.AlreadyTaken)
        who = outcome.params.get("taken_by" if taken else "declined_by")
        with transaction(desk.conn):
            store.note_decided(desk.conn, canonical, "taken" if taken else "declined", who)
        mine = who == {"district_code": desk.office_code, "device_tag": desk.device_tag}
        if mine and not taken:
            raise InboxError("declined_here")
        if mine:
            raise InboxError("taken_here_cannot_decline")
        words = {} if who is None else {"district": who["district_code"],
                                        "tag": who["device_tag"]}
        raise InboxError("already_taken" if taken else "already_declined", **words)
    if isinstance(outcome, wire.NotFound):
        raise InboxError("not_found", ref=canonical)
    raise InboxError("needs_connection", why=failure_text(outcome))


def _decide(desk: Desk, action: str, ref: str, reason: str = "") -> dict[str, Any]:
    to = link(desk)
    try:
        outcome: dict[str, Any] | wire.SyncError = ask(to, action, ref, reason)
    except wire.SyncError as exc:
        outcome = exc
    return settle(desk, ref, outcome)


def take(desk: Desk, ref: str) -> dict[str, Any]:
    """Take a submission at headquarters for this desk (nothing is made yet)."""
    canonical = _canonical(ref)
    item = store.get_by_ref(desk.conn, canonical)
    if item is not None and item["record_id"]:
        raise InboxError("accepted_here", ref=canonical)
    if _taken_here(desk, item):
        return item  # headquarters' answer is already in hand
    return _decide(desk, "take", canonical)


def check_reason(reason: str) -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationFailed([FieldError("decline_reason", "required")])
    if len(text) > REASON_MAX:
        raise ValidationFailed([FieldError("decline_reason", "too_long",
                                          {"max": REASON_MAX, "length": len(text)})])
    return text


def decline(desk: Desk, ref: str, reason: str) -> dict[str, Any]:
    """Turn a submission down at headquarters with a reason (1 to 500 characters)."""
    desk.require_officer()
    canonical = _canonical(ref)
    text = check_reason(reason)
    item = store.get_by_ref(desk.conn, canonical)
    if item is not None and item["record_id"]:
        raise InboxError("accepted_here", ref=canonical)
    return _decide(desk, "decline", canonical, text)


# --- making the record ---------------------------------------------------------------------


def complete(desk: Desk, ref: str, corrections: Mapping[str, Any] | None = None
             ) -> dict[str, Any]:
    """Make the registration (or employer request) of a submission this desk has taken:
    its fields with the officer's ``corrections`` over them, by the usual rules.
    Raises ``ValidationFailed`` or ``registrations.DuplicatesFound`` with nothing saved
    (the submission stays taken by this desk), ``InboxError`` if it is not taken here."""
    canonical = _canonical(ref)
    item = store.get_by_ref(desk.conn, canonical)
    if item is None:
        raise InboxError("not_found", ref=canonical)
    if item["record_id"]:
        raise InboxError("accepted_here", ref=canonical)
    if not _taken_here(desk, item):
        raise InboxError("not_taken", ref=canonical)

    def link_record(conn: sqlite3.Connection, record_id: str) -> None:
        if not store.mark_made(conn, item["id"], record_id, desk.now_iso()):
            raise InboxError("accepted_here", ref=canonical)  # rolls the save back

    if item["kind"] == EMPLOYER_REQUEST:
        raw = dict(item["fields"]) | {"status": "open"} | dict(corrections or {})
        return employers.record_request(desk, raw, within=link_record)
    raw = form_values(item) | dict(corrections or {}) | {"channel": QR_CHANNEL}
    return registrations.register(desk, raw, within=link_record)


def accept(desk: Desk, ref: str, corrections: Mapping[str, Any] | None = None
           ) -> dict[str, Any]:
    """Take at headquarters, then make the record (``take`` then ``complete``)."""
    desk.require_officer()
    take(desk, ref)
    return complete(desk, ref, corrections)


def source_of(desk: Desk, record_id: str) -> dict[str, Any] | None:
    """The submission a record on this desk was made of, if any."""
    return store.made_from(desk.conn, record_id)


# --- words -----------------------------------------------------------------------------------

_WORDS = {
    "bad_ref": QT_TRANSLATE_NOOP(
        "Inbox", "{ref} is not a reference code (they look like Q7KQ2-MXA4)"),
    "not_found": QT_TRANSLATE_NOOP(
        "Inbox", "There is no submission {ref} for this desk (sync, then check the code)"),
    "already_taken": QT_TRANSLATE_NOOP(
        "Inbox", "Already taken by another desk: district {district} (laptop {tag})"),
    "already_taken_unknown": QT_TRANSLATE_NOOP("Inbox", "Already taken by another desk"),
    "already_declined": QT_TRANSLATE_NOOP(
        "Inbox", "Already turned down by district {district} (laptop {tag})"),
    "already_declined_unknown": QT_TRANSLATE_NOOP("Inbox", "Already turned down by a desk"),
    "declined_here": QT_TRANSLATE_NOOP("Inbox", "This desk has already turned it down"),
    "taken_here_cannot_decline": QT_TRANSLATE_NOOP(
        "Inbox", "This desk has taken it already: save the record instead of turning it down"),
    "accepted_here": QT_TRANSLATE_NOOP("Inbox", "{ref} was already accepted on this desk"),
    "not_taken": QT_TRANSLATE_NOOP("Inbox", "{ref} is not taken by this desk: accept it first"),
    "needs_connection": QT_TRANSLATE_NOOP(
        "Inbox", "Accepting or turning down needs a connection to headquarters: {why}"),
}


def error_text(exc: InboxError) -> str:
    """An ``InboxError`` in words, in the user's language."""
    code = exc.code
    if code in ("already_taken", "already_declined") and "district" not in exc.params:
        code += "_unknown"
    template = _WORDS.get(code)
    if template is None:
        return code
    return QCoreApplication.translate("Inbox", template).format(**exc.params)
