"""Registering, editing, withdrawing and finding returnees: the use cases the window
and the CLI share."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.domain import audit as audit_rules
from app.domain import duplicates as dup
from app.domain import search as search_rules
from app.domain.errors import FieldError, ValidationFailed
from app.domain.registration import REASON_MAX, birth_year, validate_registration
from app.services import audit
from app.services.desk import Desk, places
from app.store import registrations as store
from app.store.connection import transaction

SEARCH_CANDIDATES = 300


@dataclass(frozen=True)
class LikelyDuplicate:
    record: dict[str, Any]
    reasons: list[str]


class DuplicatesFound(Exception):
    """Saving was stopped because the record looks like one already saved."""

    def __init__(self, matches: list[LikelyDuplicate]):
        super().__init__(", ".join(m.record["registration_no"] for m in matches))
        self.matches = matches


def check(desk: Desk, raw: Mapping[str, Any], *, today: date | None = None
          ) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate without saving: what the form calls as the officer types. ``today``
    (Phnom Penh) spares a bulk caller asking the clock for every row."""
    today = today or desk.today()
    rec, errors = validate_registration(raw, today=today, places=places())
    rec["birth_year"] = birth_year(rec, today) if not errors else None
    return rec, errors


def _valid(desk: Desk, raw: Mapping[str, Any]) -> dict[str, Any]:
    rec, errors = check(desk, raw)
    if errors:
        raise ValidationFailed(errors)
    return rec


def likely_duplicates(
    desk: Desk, rec: Mapping[str, Any], *, exclude_id: str | None = None
) -> list[LikelyDuplicate]:
    person = dup.Person.of("new", rec)
    index = dup.DuplicateIndex()
    rows = store.duplicate_candidates(
        desk.conn,
        phones=[person.phone or ""],
        national_ids=[person.national_id or ""],
        places=[(person.commune, person.sex, person.birth_year)],
    )
    for row in rows:
        if row["id"] != exclude_id:
            index.add(dup.Person.of(row["rid"], dict(row)))
    matches = index.matches(person)
    full = {r["rid"]: r for r in store.get_many(desk.conn, [p.ref for p, _ in matches])}
    return [LikelyDuplicate(full[p.ref], why) for p, why in matches]


def register(desk: Desk, raw: Mapping[str, Any], *,
             within: Callable[[sqlite3.Connection, str], None] | None = None
             ) -> dict[str, Any]:
    """Validate and save a new registration; returns it with its registration number.

    Raises ``ValidationFailed`` for broken rules and ``DuplicatesFound`` when the record
    looks like one already saved, unless ``duplicate_override_reason`` says why it is not.
    ``within(conn, record_id)`` runs in the saving transaction (the inbox links the QR
    submission the record was made of); if it raises, nothing is saved.
    """
    officer = desk.require_officer()
    rec = _valid(desk, raw)
    if not rec.get("duplicate_override_reason"):
        matches = likely_duplicates(desk, rec)
        if matches:
            raise DuplicatesFound(matches)
    rec["id"] = str(uuid.uuid4())
    stamp = {
        "device_id": desk.device_id, "officer_id": officer.officer_id,
        "created_at": desk.now_iso(), "created_on": desk.today().isoformat(),
    }
    with transaction(desk.conn):
        store.insert_many(
            desk.conn, [rec], district=desk.office_code, tag=desk.device_tag, stamp=stamp
        )
        if within is not None:
            within(desk.conn, rec["id"])
    return store.get(desk.conn, rec["id"])


def _owned(desk: Desk, record_id: str) -> dict[str, Any]:
    current = store.get(desk.conn, record_id)
    if current is None:
        raise KeyError(record_id)
    if current["device_id"] != desk.device_id:
        raise PermissionError("only the desk that made a record edits it")
    return current


def edit(
    desk: Desk, record_id: str, raw: Mapping[str, Any], *, expected_version: int
) -> dict[str, Any]:
    """Save an edit as a new version. Raises ``store.VersionConflict`` when the record
    changed since ``expected_version`` was read."""
    officer = desk.require_officer()
    current = _owned(desk, record_id)
    if "training_enrolments" not in raw:  # the form does not show them: keep them
        raw = dict(raw, training_enrolments=current["training_enrolments"])
    rec = _valid(desk, raw)
    rec["withdrawn"], rec["withdrawn_reason"] = current["withdrawn"], current["withdrawn_reason"]
    with transaction(desk.conn):
        saved = store.update(
            desk.conn, record_id, rec, expected_version=expected_version,
            officer_id=officer.officer_id, now=desk.now_iso(),
        )
        audit.append_in_transaction(desk, [audit.event(desk, audit_rules.EDIT, saved)])
        return saved


def withdraw(desk: Desk, record_id: str, reason: str, *, expected_version: int) -> dict[str, Any]:
    """Withdraw a record with a reason. Nothing is deleted; the record stays searchable."""
    officer = desk.require_officer()
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed([FieldError("withdrawn_reason", "required")])
    if len(reason) > REASON_MAX:
        raise ValidationFailed([FieldError("withdrawn_reason", "too_long", {"max": REASON_MAX})])
    current = _owned(desk, record_id)
    rec = dict(current) | {"withdrawn": True, "withdrawn_reason": reason}
    with transaction(desk.conn):
        saved = store.update(
            desk.conn, record_id, rec, expected_version=expected_version,
            officer_id=officer.officer_id, now=desk.now_iso(), action="withdrawn",
        )
        audit.append_in_transaction(desk, [audit.event(desk, audit_rules.WITHDRAW, saved)])
        return saved


def get(desk: Desk, record_id: str) -> dict[str, Any] | None:
    return store.get(desk.conn, record_id)


def history(desk: Desk, record_id: str) -> list[dict[str, Any]]:
    return store.history(desk.conn, record_id)


def search(desk: Desk, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Best first: the query as typed (exact, then prefix, then anywhere, newest first
    within each); when that finds fewer than ``limit``, its forgiving readings follow in
    rank order (words in another order, Latin words joined, one typo, romanisation
    variants and Khmer near-misses, the other script)."""
    ranked = _ranked_rids(desk, text, limit)
    by_rid = {r["rid"]: r for r in store.get_many(desk.conn, ranked)}
    audit.searched(desk, text, len(ranked))
    return [by_rid[rid] for rid in ranked]


def _ranked_rids(desk: Desk, text: str, limit: int, *, widen: bool = True) -> list[int]:
    query = search_rules.parse_query(text)
    if query is None:
        return []
    scored = _scored(desk, query)
    if widen and len(scored) < limit:
        wider = search_rules.forgiving_queries(query) + search_rules.typo_queries(
            query, lambda lo, hi: store.words_of_length(desk.conn, lo, hi))
        for fixed in sorted(wider, key=lambda q: q.band):
            if len(scored) >= limit:
                break
            for rid, score in _scored(desk, fixed).items():
                scored.setdefault(rid, score)
    return sorted(scored, key=lambda rid: (scored[rid], -rid))[:limit]


def _scored(desk: Desk, query: search_rules.SearchQuery) -> dict[int, int]:
    candidates = store.search_candidates(desk.conn, query, SEARCH_CANDIDATES)
    return {
        rid: search_rules.score(query, search_rules.keys_of(query.column, key))
        for rid, key in candidates
    }


FORGIVING_LIST_LIMIT = 200


def closest_names(desk: Desk, text: str, limit: int = 3) -> list[str]:
    """Known name words nearest to what was typed, for "no one found" (best first)."""
    from rapidfuzz import fuzz, process

    words = search_rules.normalise_name(text).split()
    if not words:
        return []
    word = max(words, key=len)
    known = dict(store.name_words(desk.conn, max(1, len(word) - 3), len(word) + 3))
    found = process.extract(word, list(known), scorer=fuzz.ratio, score_cutoff=50,
                            limit=limit * 4)
    found.sort(key=lambda hit: (-hit[1], -known[hit[0]], hit[0]))
    # Keys are lower case; Latin names are shown as they are usually written.
    return [w.title() if w.isascii() else w for w, _score, _i in found if w != word][:limit]


# --- the registrations list ----------------------------------------------------------

ListFilter = store.ListFilter


def list_filter(
    text: str = "",
    *,
    created_from: str | None = None,
    created_to: str | None = None,
    sector: str | None = None,
    province_code: str | None = None,
    sex: str | None = None,
    sync_state: str | None = None,
    include_withdrawn: bool = True,
    desk: Desk | None = None,
) -> ListFilter:
    """A filter for ``count`` and ``page``; ``text`` is read like the search box. Given
    the ``desk``, a name that matches no one as typed lists what its forgiving readings
    find instead (the best ``FORGIVING_LIST_LIMIT``, newest first), as search does."""
    query = search_rules.parse_query(text) if text.strip() else None
    rids = None
    if desk is not None and query is not None and query.kind == "name" and not (
            store.any_match(desk.conn, query)):
        rids = tuple(_ranked_rids(desk, text, FORGIVING_LIST_LIMIT))
    return ListFilter(
        query, created_from, created_to, sector, province_code, sex, sync_state,
        include_withdrawn, rids,
    )


def count(desk: Desk, f: ListFilter) -> int:
    return store.count(desk.conn, f)


def page(desk: Desk, f: ListFilter, offset: int, limit: int, *,
         below: int | None = None, above: int | None = None) -> list[dict[str, Any]]:
    """One page of list rows (newest first): rid, id, registration_no, names, sex,
    date_of_birth, age, phone, home_village_code, sectors (list), created_on,
    sync_state, withdrawn, version. ``below``/``above``: keyset paging from a row id
    (see ``store.page``)."""
    return page_rows(desk.conn, f, offset, limit, below=below, above=above)


def page_rows(conn: sqlite3.Connection, f: ListFilter, offset: int, limit: int, *,
              below: int | None = None, above: int | None = None) -> list[dict[str, Any]]:
    """``page`` on a given connection (the window's database worker has its own)."""
    rows = []
    for row in store.page(conn, f, offset, limit, below=below, above=above):
        item = dict(row)
        item["sectors"] = json.loads(item["sectors"])
        rows.append(item)
    return rows


def sync_counts(desk: Desk) -> dict[str, int]:
    return store.sync_counts(desk.conn)


def next_number(desk: Desk) -> str:
    """The registration number the next saved record will get (nothing is taken)."""
    from app.domain import regno

    return regno.format_number(desk.office_code, desk.device_tag,
                               store.next_sequence(desk.conn))
