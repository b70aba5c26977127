"""Reference data: sector, course and country labels in Khmer and English, and the
training catalogue (where and when each course runs).

The bundled file in resources/reference has a version; headquarters can publish a newer
one, which desks pull. ``check_reference`` is the one place a data set's rules live:
headquarters runs it before publishing and a desk runs it again before using what it
pulled, so a broken file never replaces a good one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.domain.codes import COURSES, SECTORS
from app.domain.gazetteer import Gazetteer

# "2026.1": year, then the release within that year.
VERSION_RE = re.compile(r"^(\d{4})\.(\d{1,3})$")
# A training session's code, as registrations record enrolments: AGP-2027-01-KSP.
SESSION_CODE_RE = re.compile(r"^[A-Z0-9]{2,12}(-[A-Z0-9]{1,12}){0,5}$")
SESSION_CODE_MAX = 40
SEATS_MAX = 1000
PLACE_MAX = 200


@dataclass(frozen=True)
class Label:
    code: str
    km: str
    en: str

    def text(self, lang: str) -> str:
        return self.km if lang == "km" else self.en


@dataclass(frozen=True)
class Session:
    """One run of a course: where (a province, maybe a district, and the centre's name)
    and when, with how many seats."""

    code: str
    course: str
    province_code: str
    district_code: str | None
    place_km: str
    place_en: str
    start_date: date
    end_date: date
    seats: int

    def place(self, lang: str) -> str:
        return self.place_km if lang == "km" else self.place_en


@dataclass(frozen=True)
class Reference:
    version: str
    sectors: tuple[Label, ...]
    courses: tuple[Label, ...]
    countries: tuple[Label, ...]
    sessions: tuple[Session, ...] = ()

    @classmethod
    def from_file(cls, path: Path) -> Reference:
        return cls.from_data(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Reference:
        """A data set that ``check_reference`` passed."""

        def labels(key: str) -> tuple[Label, ...]:
            return tuple(Label(d["code"], d["km"], d["en"]) for d in data[key])

        sessions = tuple(
            Session(
                code=s["code"], course=s["course"], province_code=s["province_code"],
                district_code=s.get("district_code") or None,
                place_km=s["place_km"], place_en=s["place_en"],
                start_date=date.fromisoformat(s["start_date"]),
                end_date=date.fromisoformat(s["end_date"]), seats=int(s["seats"]),
            )
            for s in data.get("sessions", ())
        )
        return cls(str(data["version"]), labels("sectors"), labels("courses"),
                   labels("countries"), tuple(sorted(sessions, key=_session_order)))

    def label(self, kind: str, code: str, lang: str) -> str:
        for item in getattr(self, kind):
            if item.code == code:
                return item.text(lang)
        return code

    def session(self, code: str) -> Session | None:
        return next((s for s in self.sessions if s.code == code), None)

    def sessions_of(self, course: str) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.course == course)


def _session_order(s: Session) -> tuple[int, date, str]:
    """Courses in catalogue order, then soonest first."""
    return (COURSES.index(s.course) if s.course in COURSES else len(COURSES),
            s.start_date, s.code)


def is_session_code(code: str) -> bool:
    return len(code) <= SESSION_CODE_MAX and SESSION_CODE_RE.match(code) is not None


def version_key(version: str) -> tuple[int, int] | None:
    """``"2026.2"`` as ``(2026, 2)``, so versions compare as numbers; None if malformed."""
    m = VERSION_RE.match(version) if isinstance(version, str) else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def is_newer(candidate: str, than: str) -> bool:
    a, b = version_key(candidate), version_key(than)
    return a is not None and (b is None or a > b)


def check_reference(
    data: Any,
    *,
    is_province: Callable[[str], bool],
    is_district: Callable[[str], bool],
) -> list[str]:
    """Every broken rule of a reference data set, as short English sentences naming the
    key (for the headquarters operator and the log); empty when it can be used.

    The sector and course codes are those the app validates registrations with: a data
    set relabels them and schedules sessions but can neither drop nor add a code (a new
    course needs a new app release, or older desks would refuse it).
    """
    if not isinstance(data, Mapping):
        return ["the file must hold one JSON object"]
    problems: list[str] = []
    if version_key(data.get("version")) is None:
        problems.append('version: must look like "2026.1" (year, then release)')
    for key, codes in (("sectors", SECTORS), ("courses", COURSES), ("countries", None)):
        problems += _check_labels(data.get(key), key, codes)
    sessions = data.get("sessions", [])
    if not isinstance(sessions, list):
        return [*problems, "sessions: must be a list"]
    seen: set[str] = set()
    for i, s in enumerate(sessions):
        where = f"sessions[{i}]"
        if not isinstance(s, Mapping):
            problems.append(f"{where}: must be an object")
            continue
        code = s.get("code")
        if not (isinstance(code, str) and is_session_code(code)):
            problems.append(f"{where}.code: capital letters and digits in dash-separated "
                            f"parts, at most {SESSION_CODE_MAX} characters")
        elif code in seen:
            problems.append(f"{where}.code: {code} is used twice")
        else:
            seen.add(code)
        if s.get("course") not in COURSES:
            problems.append(f"{where}.course: must be one of {', '.join(COURSES)}")
        province, district = s.get("province_code"), s.get("district_code")
        if not (isinstance(province, str) and is_province(province)):
            problems.append(f"{where}.province_code: not a province of the gazetteer")
        elif district is not None and not (
                isinstance(district, str) and district.startswith(province)
                and is_district(district)):
            problems.append(f"{where}.district_code: not a district of its province")
        for key in ("place_km", "place_en"):
            text = s.get(key)
            if not (isinstance(text, str) and text.strip() and len(text) <= PLACE_MAX):
                problems.append(f"{where}.{key}: required, at most {PLACE_MAX} characters")
        start, end = _iso_date(s.get("start_date")), _iso_date(s.get("end_date"))
        if start is None:
            problems.append(f"{where}.start_date: must be a date like 2027-01-11")
        if end is None:
            problems.append(f"{where}.end_date: must be a date like 2027-03-05")
        elif start is not None and end < start:
            problems.append(f"{where}.end_date: before the start date")
        seats = s.get("seats")
        if not (isinstance(seats, int) and not isinstance(seats, bool)
                and 1 <= seats <= SEATS_MAX):
            problems.append(f"{where}.seats: a whole number from 1 to {SEATS_MAX}")
    return problems


def _check_labels(items: Any, key: str, codes: tuple[str, ...] | None) -> list[str]:
    if not isinstance(items, list):
        return [f"{key}: must be a list"]
    problems = []
    found = []
    for i, item in enumerate(items):
        if not (isinstance(item, Mapping) and all(
                isinstance(item.get(k), str) and item[k].strip() for k in ("code", "km", "en"))):
            problems.append(f"{key}[{i}]: needs code, km and en")
            continue
        found.append(item["code"])
    if len(set(found)) != len(found):
        problems.append(f"{key}: a code is listed twice")
    if codes is not None:
        missing = [c for c in codes if c not in found]
        unknown = [c for c in found if c not in codes]
        if missing:
            problems.append(f"{key}: missing {', '.join(missing)}")
        if unknown:
            problems.append(f"{key}: unknown to this app version: {', '.join(unknown)}")
    return problems


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None


def check_reference_in(data: Any, gaz: Gazetteer) -> list[str]:
    """``check_reference`` with provinces and districts looked up in ``gaz``: the one check
    desks and headquarters both apply to a data set."""
    return check_reference(
        data, is_province=lambda c: len(c) == 2 and gaz.get(c) is not None,
        is_district=lambda c: len(c) == 4 and gaz.get(c) is not None)
