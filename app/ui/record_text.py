"""Record values as people read them on screen: phones, places, sectors, dates, ages,
sync states, in the chosen language and digit set.

The list, the record dialog and the history all show the same values; keeping the
formatting here means a phone or a date looks the same wherever it appears. Codes and
registration numbers are never translated and keep ASCII digits (DESIGN.md, "Language").
``khmer_digits`` here is the effective choice: callers pass the setting only while the
window is in Khmer, since Khmer digits inside English text help nobody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.digits import to_khmer_digits
from app.domain.khmerdate import format_date, to_local
from app.domain.registration import age_on, display_phone
from app.services.desk import gazetteer, reference

# NCDD codes nest: the first 2, 4 and 6 digits of a village are its province, district
# and commune.
_PLACE_PREFIXES = (8, 6, 4, 2)


def digits(text: str, khmer_digits: bool) -> str:
    return to_khmer_digits(text) if khmer_digits else text


def person_name(rec: Mapping[str, Any]) -> str:
    """Both names of a returnee, Khmer first: "សុខ ធីតា / Sok Thida"."""
    return " / ".join(n for n in (rec.get("name_km"), rec.get("name_latin")) if n)


def phone_text(e164: str | None, khmer_digits: bool = False) -> str:
    """+85512345678 as people write it: 012 345 678."""
    return digits(display_phone(e164), khmer_digits)


@lru_cache(maxsize=4096)
def place_label(code: str | None, language: str) -> str:
    """The name of one place (village, commune, district or province), or its code when
    the gazetteer does not know it (a code from a newer gazetteer at headquarters)."""
    if not code:
        return ""
    return gazetteer().label(code, language) or code


@lru_cache(maxsize=4096)
def place_path(code: str | None, language: str) -> str:
    """Village, commune, district, province: the whole address of a village code."""
    if not code:
        return ""
    parts = [place_label(code[:n], language) for n in _PLACE_PREFIXES if len(code) >= n]
    return ", ".join(p for p in parts if p)


def office_text(district_code: str, language: str) -> str:
    """A district office with its province: "ច្បារមន, កំពង់ស្ពឺ"."""
    return place_path(district_code, language)


def sector_labels(codes: Iterable[str], language: str) -> str:
    ref = reference()
    return ", ".join(ref.label("sectors", c, language) for c in codes)


def course_labels(codes: Iterable[str], language: str) -> str:
    ref = reference()
    return ", ".join(ref.label("courses", c, language) for c in codes)


def session_text(code: str, language: str, khmer_digits: bool) -> str:
    """A training session as people name it: course, centre, start date (or its code
    when the catalogue in use no longer lists it)."""
    ref = reference()
    session = ref.session(code)
    if session is None:
        return code
    start = date_text(session.start_date.isoformat(), language, khmer_digits)
    return (f"{ref.label('courses', session.course, language)}, "
            f"{session.place(language)}, {start}")


def session_labels(codes: Iterable[str], language: str, khmer_digits: bool) -> str:
    return "; ".join(session_text(c, language, khmer_digits) for c in codes)


def country_label(code: str | None, language: str) -> str:
    return reference().label("countries", code, language) if code else ""


def province_labels(codes: Iterable[str], language: str) -> str:
    return ", ".join(place_label(c, language) for c in codes)


@lru_cache(maxsize=1024)
def date_text(iso: str | None, language: str, khmer_digits: bool) -> str:
    """A stored YYYY-MM-DD as "25 វិច្ឆិកា 2026" (Khmer) or "25 November 2026"."""
    if not iso:
        return ""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return format_date(day, language, khmer_digits)


def when_text(utc_iso: str | None, language: str, khmer_digits: bool) -> str:
    """A stored UTC timestamp as the date and time in Phnom Penh."""
    if not utc_iso:
        return ""
    try:
        moment = to_local(datetime.fromisoformat(utc_iso.replace("Z", "+00:00")))
    except ValueError:
        return utc_iso
    clock = digits(moment.strftime("%H:%M"), khmer_digits)
    return f"{format_date(moment.date(), language, khmer_digits)} {clock}"


def age_of(rec: Mapping[str, Any], today: date) -> int | None:
    """Age today: from the date of birth when known, else the age as it was given."""
    born = rec.get("date_of_birth")
    if born:
        try:
            return age_on(date.fromisoformat(born), today)
        except ValueError:
            pass
    age = rec.get("age")
    return int(age) if age is not None else None


def sex_text(sex: str | None) -> str:
    if sex == "male":
        return QCoreApplication.translate("RecordText", "Male")
    if sex == "female":
        return QCoreApplication.translate("RecordText", "Female")
    return sex or ""


def sync_text(state: str | None) -> str:
    """Where a record stands with headquarters, in the officer's words."""
    if state == "pending":
        return QCoreApplication.translate("RecordText", "Waiting to send")
    if state == "sent":
        return QCoreApplication.translate("RecordText", "Sent")
    if state == "quarantined":
        return QCoreApplication.translate("RecordText", "Needs correction")
    return state or ""


def channel_text(channel: str | None) -> str:
    names = {
        "field": QCoreApplication.translate("RecordText", "Field visit"),
        "hotline_1297": QCoreApplication.translate("RecordText", "Hotline 1297"),
        "walk_in": QCoreApplication.translate("RecordText", "Walk-in"),
        "telegram": QCoreApplication.translate("RecordText", "Telegram"),
        "qr": QCoreApplication.translate("RecordText", "QR code"),
    }
    return names.get(channel or "", channel or "")


def yes_no(value: object) -> str:
    return (
        QCoreApplication.translate("RecordText", "Yes")
        if value
        else QCoreApplication.translate("RecordText", "No")
    )


def value_text(key: str, value: Any, language: str, khmer_digits: bool) -> str:
    """Any stored field of a registration, as the record view and the history show it."""
    if value is None or value == "" or value == []:
        return "—"
    if key == "phone":
        return phone_text(value, khmer_digits)
    if key == "home_village_code":
        return place_path(value, language)
    if key == "preferred_province_codes":
        return province_labels(value, language)
    if key == "sectors":
        return sector_labels(value, language)
    if key == "training_interests":
        return course_labels(value, language)
    if key == "training_enrolments":
        return session_labels(value, language, khmer_digits)
    if key == "returned_from":
        return country_label(value, language)
    if key in ("date_of_birth", "return_date", "created_on"):
        return date_text(value, language, khmer_digits)
    if key == "sex":
        return sex_text(value)
    if key == "channel":
        return channel_text(value)
    if key in ("consent", "withdrawn"):
        return yes_no(value)
    if key in ("age", "expected_salary_usd"):
        return digits(str(value), khmer_digits)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return digits(str(value), khmer_digits)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)
