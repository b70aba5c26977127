"""What one registration counts for on headquarters' national dashboard.

Every number on the dashboard is a sum of counts kept per (figure, day, home province,
channel, key): the day the desk registered the returnee (in Cambodia), where the
returnee lives, how they were registered, and what is counted (a sector, an age band, a
funnel stage...). The filters (date range, province, channel) pick those rows; the
figures are summed over them. This module says, for one registration and the statuses of
its referrals, which counts it adds one to; headquarters keeps the sums current by
applying the difference between what a record counted for before a change and after it.

Who is counted: every registration received counts once under ``registered`` with its
state (``active``, ``withdrawn``, ``duplicate``), so the dashboard's total equals the
number of rows ``jobcentre-hq export`` writes. Every other figure counts active
registrations only: a withdrawn returnee no longer looks for work, and a registration
marked a duplicate of another is the same person, who is already counted once through
the surviving record (whose referrals they now share).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from app.domain.registration import age_on

# Asia/Phnom_Penh has kept UTC+7 without daylight saving since 1920: a fixed offset
# here keeps this module free of the time zone database.
_CAMBODIA = timezone(timedelta(hours=7))

REGISTERED = "registered"
PREFERRED_PROVINCE = "preferred_province"
SECTOR = "sector"
SECTOR_PROVINCE = "sector_province"  # key "PP|sector": wanted in that workplace province
SEX_AGE = "sex_age"  # key "sex|band"
SALARY = "salary"  # key a SALARY_BANDS code
TRAINING = "training"  # key a course code
FUNNEL = "funnel"  # key a FUNNEL_STAGES code
FIGURES = (REGISTERED, PREFERRED_PROVINCE, SECTOR, SECTOR_PROVINCE, SEX_AGE, SALARY,
           TRAINING, FUNNEL)

ACTIVE, WITHDRAWN, DUPLICATE = "active", "withdrawn", "duplicate"
STATES = (ACTIVE, WITHDRAWN, DUPLICATE)

# (code, lowest age, highest age): 15 to 70 is what registration accepts.
AGE_BANDS = (("15-17", 15, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44),
             ("45-54", 45, 54), ("55-70", 55, 70))
UNKNOWN = "unknown"

# (code, lowest, highest) in US dollars a month; the salary is optional.
SALARY_BANDS = (("0-199", 0, 199), ("200-299", 200, 299), ("300-399", 300, 399),
                ("400-499", 400, 499), ("500-699", 500, 699), ("700-999", 700, 999),
                ("1000+", 1000, 5000))
NOT_GIVEN = "not_given"

# Each referral counts at every stage it has reached (a hire was referred and, the desk
# records it in that order, interviewed); a declined referral counts as referred only,
# since its status no longer says how far it got. ``placed`` counts returnees with at
# least one hire: the placement rate is placed over active registrations.
REFERRED, INTERVIEWED, HIRED, PLACED = "referred", "interviewed", "hired", "placed"
FUNNEL_STAGES = (REFERRED, INTERVIEWED, HIRED, PLACED)
_REACHED = {"referred": (REFERRED,), "interviewed": (REFERRED, INTERVIEWED),
            "hired": (REFERRED, INTERVIEWED, HIRED), "declined": (REFERRED,)}


class Count(NamedTuple):
    """One counted row: a figure's key on a day, for a home province and channel."""

    figure: str
    day: str  # YYYY-MM-DD in Cambodia
    province: str  # NCDD 2-digit home province code
    channel: str
    key: str


# Counted by day only: crossed with home province and channel, its 25 x 15 keys would
# make the counts table ten times larger (and the dashboard ten times slower) for a
# chart about where people want to work, not where they come from.
DAY_ONLY = frozenset({SECTOR_PROVINCE})


def registration_day(created_at: Any) -> str:
    """The day (in Cambodia) a registration was made, from its UTC ``created_at``."""
    try:
        stamp = datetime.fromisoformat(str(created_at).replace("Z", "+00:00"))
    except ValueError:
        return str(created_at)[:10]
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(_CAMBODIA).date().isoformat()


def age_band(data: Mapping[str, Any], on: date) -> str:
    """The band of the returnee's age on the day registered (from the date of birth when
    there is one, else the age given)."""
    age: int | None = None
    born = data.get("date_of_birth")
    if isinstance(born, str):
        try:
            age = age_on(date.fromisoformat(born), on)
        except ValueError:
            age = None
    if age is None and isinstance(data.get("age"), int) and not isinstance(data["age"], bool):
        age = data["age"]
    for code, low, high in AGE_BANDS:
        if age is not None and low <= age <= high:
            return code
    return UNKNOWN


def salary_band(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return NOT_GIVEN
    for code, low, high in SALARY_BANDS:
        if low <= value <= high:
            return code
    return NOT_GIVEN


def state_of(data: Mapping[str, Any], duplicate: bool) -> str:
    if data.get("withdrawn") is True:
        return WITHDRAWN
    return DUPLICATE if duplicate else ACTIVE


def _codes(data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return sorted({c for c in value if isinstance(c, str) and c})


def counts_of(data: Mapping[str, Any], created_at: Any, *, duplicate: bool = False,
              referral_statuses: Iterable[str] = ()) -> Counter[Count]:
    """Every count one registration (at its stored version) adds one to, with the
    statuses of the referrals made for it."""
    day = registration_day(created_at)
    province = str(data.get("home_village_code") or "")[:2]
    channel = str(data.get("channel") or "")
    out: Counter[Count] = Counter()

    def add(figure: str, key: str) -> None:
        if figure in DAY_ONLY:
            out[Count(figure, day, "", "", key)] += 1
        else:
            out[Count(figure, day, province, channel, key)] += 1

    state = state_of(data, duplicate)
    add(REGISTERED, state)
    if state != ACTIVE:
        return out
    preferred = _codes(data, "preferred_province_codes")
    sectors = _codes(data, "sectors")
    for code in preferred:
        add(PREFERRED_PROVINCE, code)
    for sector in sectors:
        add(SECTOR, sector)
        for code in preferred:
            add(SECTOR_PROVINCE, f"{code}|{sector}")
    sex = data.get("sex") if data.get("sex") in ("male", "female") else UNKNOWN
    try:
        on = date.fromisoformat(day)
    except ValueError:
        on = date.today()
    add(SEX_AGE, f"{sex}|{age_band(data, on)}")
    add(SALARY, salary_band(data.get("expected_salary_usd")))
    for course in _codes(data, "training_interests"):
        add(TRAINING, course)
    hired = False
    for status in referral_statuses:
        for stage in _REACHED.get(status, ()):
            add(FUNNEL, stage)
        hired = hired or status == "hired"
    if hired:
        add(FUNNEL, PLACED)
    return out


def difference(before: Counter[Count], after: Counter[Count]) -> dict[Count, int]:
    """What to add to each stored count when ``before`` became ``after`` (non-zero only)."""
    delta: Counter[Count] = Counter(after)
    delta.subtract(before)
    return {count: n for count, n in delta.items() if n}
