"""Which returnees fit an employer's request, best first, and why.

``rank`` is the one place the matching rules live: the desk runs it over the
candidates its store prefilters, and headquarters over every synced registration. A
candidate is a mapping with a registration's keys plus what the store knows of its
referrals (``hired``, ``referral_count``, ``on_request``). Reasons are codes; the window
and the command line turn them into words.

Hard exclusions (never listed): the wrong sex when the employer asks for one, an
expected salary more than ``SALARY_SLACK`` above the offer, already hired, withdrawn,
already on this request's shortlist. Everything else is listed and scored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

SALARY_SLACK = 0.20  # above the offer by at most this share: listed, but ranked lower
RECENT_DAYS = 90

# Points per reason; the score is their sum.
POINTS = {
    "province_preferred": 30,
    "home_province": 20,
    "sector_fits": 30,
    "skills_fit": 15,
    "gender_fits": 10,
    "salary_within_offer": 20,
    "salary_unknown": 8,
    "salary_slightly_above": 5,
    "recently_registered": 10,
    "not_referred": 5,
    "already_referred": -10,
}

# Words in a previous job or skills that show a fit when the sector itself does not.
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "garment": ("garment", "sew", "textile", "tailor", "shoe", "footwear", "ដេរ", "កាត់ដេរ"),
    "construction": ("construct", "build", "mason", "brick", "carpent", "weld", "សំណង់"),
    "agriculture": ("farm", "agri", "plantation", "rubber", "rice", "កសិកម្ម", "ចម្ការ"),
    "fisheries": ("fish", "boat", "នេសាទ", "ត្រី"),
    "food_processing": ("food", "meat", "seafood", "cannery", "packing", "ម្ហូប"),
    "manufacturing": ("factory", "assembly", "machine operator", "រោងចក្រ"),
    "hospitality": ("hotel", "restaurant", "cook", "waiter", "kitchen", "ភោជនីយ"),
    "domestic_work": ("domestic", "housekeep", "maid", "nanny", "cleaner", "មេផ្ទះ"),
    "security": ("security", "guard", "សន្តិសុខ"),
    "transport": ("driver", "driving", "truck", "logistic", "delivery", "បើកបរ"),
    "retail": ("shop", "sales", "cashier", "retail", "លក់"),
    "mechanics": ("mechanic", "repair", "motor", "engine", "ជាង"),
    "electrical": ("electric", "wiring", "electrician", "air-con", "អគ្គិសនី"),
    "services": ("service", "salon", "barber", "laundry"),
    "other": (),
}


@dataclass(frozen=True)
class Filters:
    """The officer's narrowing: age range, home district, a training course wanted."""

    age_min: int | None = None
    age_max: int | None = None
    home_district_code: str | None = None
    training: str | None = None

    def accepts(self, candidate: Mapping[str, Any], today: date) -> bool:
        if self.age_min is not None or self.age_max is not None:
            age = age_of(candidate, today)
            if age is None:
                return False
            if self.age_min is not None and age < self.age_min:
                return False
            if self.age_max is not None and age > self.age_max:
                return False
        if self.home_district_code and \
                candidate.get("home_district_code") != self.home_district_code:
            return False
        return not (self.training and
                    self.training not in (candidate.get("training_interests") or ()))


@dataclass(frozen=True)
class Match:
    registration_id: str
    score: int
    reasons: tuple[str, ...]
    candidate: Mapping[str, Any]


def age_of(candidate: Mapping[str, Any], today: date) -> int | None:
    if candidate.get("date_of_birth"):
        born = date.fromisoformat(str(candidate["date_of_birth"])[:10])
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if candidate.get("birth_year") is not None:
        return today.year - int(candidate["birth_year"])
    return None


def salary_bound(offer: int) -> int:
    """The highest expected salary still listed for an offer (whole dollars)."""
    return int(offer * (1 + SALARY_SLACK))


def exclusion(request: Mapping[str, Any], candidate: Mapping[str, Any]) -> str | None:
    """Why a candidate is never listed for a request, or None."""
    if candidate.get("withdrawn"):
        return "withdrawn"
    if candidate.get("hired"):
        return "already_hired"
    if candidate.get("on_request"):
        return "on_shortlist"
    gender = request.get("gender") or "any"
    if gender != "any" and candidate.get("sex") != gender:
        return "gender_mismatch"
    expected = candidate.get("expected_salary_usd")
    if expected is not None and expected > salary_bound(int(request["salary_usd"])):
        return "salary_far_above"
    return None


def _registered_on(candidate: Mapping[str, Any]) -> str:
    return str(candidate.get("created_on") or candidate.get("created_at") or "")[:10]


def _skills_fit(sector: str, candidate: Mapping[str, Any]) -> bool:
    text = f"{candidate.get('previous_job') or ''} {candidate.get('skills') or ''}".lower()
    return bool(text.strip()) and any(word in text for word in SECTOR_WORDS.get(sector, ()))


def reasons_for(request: Mapping[str, Any], candidate: Mapping[str, Any], today: date
                ) -> tuple[str, ...]:
    """The reason codes of a candidate that is not excluded, strongest kind first."""
    reasons: list[str] = []
    province = request.get("province_code")
    if province in (candidate.get("preferred_province_codes") or ()):
        reasons.append("province_preferred")
    elif province and province == candidate.get("home_province_code"):
        reasons.append("home_province")
    sector = str(request.get("sector") or "")
    if sector in (candidate.get("sectors") or ()):
        reasons.append("sector_fits")
    elif _skills_fit(sector, candidate):
        reasons.append("skills_fit")
    reasons.append("gender_fits")
    expected = candidate.get("expected_salary_usd")
    if expected is None:
        reasons.append("salary_unknown")
    elif expected <= int(request["salary_usd"]):
        reasons.append("salary_within_offer")
    else:
        reasons.append("salary_slightly_above")
    registered = _registered_on(candidate)
    if registered:
        try:
            if (today - date.fromisoformat(registered)).days <= RECENT_DAYS:
                reasons.append("recently_registered")
        except ValueError:
            pass
    reasons.append("already_referred" if candidate.get("referral_count") else "not_referred")
    return tuple(reasons)


# The fields of a registration ``rank`` reads (besides the keys its caller adds: id,
# created_on, home_province_code, hired, on_request, referral_count). Headquarters ranks
# candidates with these alone and reads whole records only for those it lists.
RANKED_FIELDS = ("sex", "expected_salary_usd", "withdrawn", "preferred_province_codes",
                 "home_village_code", "sectors", "previous_job", "skills", "created_at")


def rank(
    request: Mapping[str, Any], candidates: Iterable[Mapping[str, Any]], *, today: date,
    filters: Filters | None = None, limit: int | None = None,
) -> list[Match]:
    """Candidates that fit ``request``, best first: by score, then the most recently
    registered, then by id so the order is the same everywhere."""
    found: list[Match] = []
    for cand in candidates:
        if exclusion(request, cand) is not None:
            continue
        if filters is not None and not filters.accepts(cand, today):
            continue
        reasons = reasons_for(request, cand, today)
        score = sum(POINTS.get(r, 0) for r in reasons)
        found.append(Match(str(cand["id"]), score, reasons, cand))
    # Two stable sorts: the newest first, then by score (highest first) keeping that.
    found.sort(key=lambda m: m.registration_id)
    found.sort(key=lambda m: _registered_on(m.candidate), reverse=True)
    found.sort(key=lambda m: m.score, reverse=True)
    return found[:limit] if limit is not None else found
