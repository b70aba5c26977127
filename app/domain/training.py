"""Training demand: counts of (home district, course) made into one row per district,
most wanted first, as the desk's Training tab and headquarters' report show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.codes import COURSES


@dataclass(frozen=True)
class DistrictDemand:
    district_code: str
    by_course: dict[str, int]  # every course of the catalogue, 0 when nobody asked

    @property
    def total(self) -> int:
        return sum(self.by_course.values())


def by_district(counts: Iterable[tuple[str, str, int]]) -> list[DistrictDemand]:
    """One row per home district with any interest, most wanted first (then by code);
    courses the app does not know are left out."""
    rows: dict[str, dict[str, int]] = {}
    for district, course, count in counts:
        if course in COURSES:
            rows.setdefault(district, dict.fromkeys(COURSES, 0))[course] = count
    out = [DistrictDemand(d, by_course) for d, by_course in rows.items()]
    out.sort(key=lambda row: (-row.total, row.district_code))
    return out
