"""Training: the course catalogue with this desk's enrolments, enrolling returnees in a
session, and demand (how many returnees in each district want each course), so courses
can be planned near home."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.errors import FieldError, ValidationFailed
from app.domain.reference import Session
from app.domain.training import DistrictDemand, by_district
from app.services import registrations
from app.services.desk import Desk, reference
from app.store import registrations as reg_store
from app.store import training as store


@dataclass(frozen=True)
class SessionRow:
    session: Session
    enrolled: int  # returnees this desk enrolled
    wanted_in_province: int  # returnees of the session's province who want its course
    # Every district's enrolments as headquarters counted them at the last sync; None
    # before headquarters has sent a count.
    enrolled_everywhere: int | None = None

    @property
    def taken(self) -> int:
        """Seats known to be taken: headquarters' count, or this desk's own when more
        were enrolled here since the last sync."""
        return max(self.enrolled, self.enrolled_everywhere or 0)

    @property
    def seats_left(self) -> int:
        return max(self.session.seats - self.taken, 0)


def demand_counts(desk: Desk) -> list[tuple[str, str, int]]:
    """(home district, course, returnees who want it): what ``demand`` and ``sessions``
    are made from, read once when a screen shows both."""
    return store.demand_by_district(desk.conn)


def demand(desk: Desk, counts: list[tuple[str, str, int]] | None = None
           ) -> list[DistrictDemand]:
    """One row per home district with any interest, most wanted first; every course of
    the catalogue has a count (0 when nobody asked)."""
    return by_district(demand_counts(desk) if counts is None else counts)


def sessions(desk: Desk, counts: list[tuple[str, str, int]] | None = None
             ) -> list[SessionRow]:
    """Every session of the catalogue in use, in catalogue order, with this desk's
    enrolments and the demand for its course in its province."""
    enrolled = store.enrolled_counts(desk.conn)
    everywhere = store.enrolled_everywhere(desk.conn)
    wanted: dict[tuple[str, str], int] = {}
    for district, course, count in demand_counts(desk) if counts is None else counts:
        key = (district[:2], course)
        wanted[key] = wanted.get(key, 0) + count
    return [SessionRow(s, enrolled.get(s.code, 0), wanted.get((s.province_code, s.course), 0),
                       everywhere.get(s.code))
            for s in reference().sessions]


def enrolled_in(desk: Desk, session_code: str) -> list[dict[str, Any]]:
    return store.enrolled_in(desk.conn, session_code)


def enrol(desk: Desk, record_id: str, session_code: str, *, expected_version: int
          ) -> dict[str, Any]:
    """Enrol a returnee in a session: a new version of their registration, synced like
    any edit. Only the desk that made the registration enrols (``PermissionError``)."""
    session = reference().session(session_code)
    if session is None:
        raise ValidationFailed([FieldError("training_enrolments", "unknown_session")])
    current = _current(desk, record_id)
    if session_code in current["training_enrolments"]:
        raise ValidationFailed([FieldError("training_enrolments", "already_enrolled")])
    row = next(r for r in sessions(desk, counts=[]) if r.session.code == session_code)
    if row.seats_left == 0:
        raise ValidationFailed([FieldError("training_enrolments", "session_full",
                                           {"seats": session.seats})])
    return _save(desk, current, [*current["training_enrolments"], session_code],
                 expected_version)


def unenrol(desk: Desk, record_id: str, session_code: str, *, expected_version: int
            ) -> dict[str, Any]:
    """Take a returnee off a session (they dropped out or were enrolled by mistake); the
    history keeps that they were on it."""
    current = _current(desk, record_id)
    codes = [c for c in current["training_enrolments"] if c != session_code]
    return _save(desk, current, codes, expected_version)


def _current(desk: Desk, record_id: str) -> dict[str, Any]:
    current = registrations.get(desk, record_id)
    if current is None:
        raise KeyError(record_id)
    return current


def _save(desk: Desk, current: dict[str, Any], codes: list[str], expected_version: int
          ) -> dict[str, Any]:
    raw = reg_store.export_view(current) | {"training_enrolments": codes}
    return registrations.edit(desk, current["id"], raw, expected_version=expected_version)
