"""Training demand: how many returnees in each district want each course, so courses
can be planned near home."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.codes import COURSES
from app.services.desk import Desk
from app.store import training as store


@dataclass(frozen=True)
class DistrictDemand:
    district_code: str
    by_course: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_course.values())


def demand(desk: Desk) -> list[DistrictDemand]:
    """One row per home district with any interest, most wanted first; every course of
    the catalogue has a count (0 when nobody asked)."""
    rows: dict[str, dict[str, int]] = {}
    for district, course, count in store.demand_by_district(desk.conn):
        if course in COURSES:
            rows.setdefault(district, dict.fromkeys(COURSES, 0))[course] = count
    out = [DistrictDemand(d, counts) for d, counts in rows.items()]
    out.sort(key=lambda row: (-row.total, row.district_code))
    return out
