"""A returnee's registration: its fields, and the rules a record must keep.

``validate_registration`` is the one place those rules live: the form, import and the
headquarters server all call it. It never raises on bad input; it returns the cleaned
record and every broken rule as a ``FieldError``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers

from app.domain.codes import CHANNELS, COURSES, DEFAULT_COUNTRY, SECTORS, SEXES
from app.domain.digits import parse_int, to_ascii_digits
from app.domain.errors import FieldError
from app.domain.reference import is_session_code
from app.domain.spreadsheet import formula_safe

NAME_MAX = 100
TEXT_MAX = 500
NOTES_MAX = 2000
REASON_MAX = 500
AGE_MIN, AGE_MAX = 15, 70
SALARY_MIN, SALARY_MAX = 0, 5000

# The keys of import/export files, in the order the form and the files show them.
FIELDS = (
    "registration_no",
    "name_km",
    "name_latin",
    "sex",
    "date_of_birth",
    "age",
    "phone",
    "national_id",
    "home_village_code",
    "preferred_province_codes",
    "sectors",
    "expected_salary_usd",
    "returned_from",
    "return_date",
    "previous_job",
    "skills",
    "training_interests",
    "training_enrolments",
    "channel",
    "consent",
    "notes",
    "duplicate_override_reason",
)
LIST_FIELDS = ("preferred_province_codes", "sectors", "training_interests",
               "training_enrolments")
# Every key export writes; import ignores the ones a desk assigns itself.
EXPORT_FIELDS = (
    ("id", "version")
    + FIELDS
    + ("withdrawn", "withdrawn_reason", "created_at", "updated_at", "device_id", "officer_id")
)

_KHMER = re.compile(r"[\u1780-\u17FF\u19E0-\u19FF]")
_KHMER_NAME = re.compile(r"^[\u1780-\u17FF\u19E0-\u19FF\u200B-\u200D .\-]+$")
_LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF .'\-]+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_LIST_SEPARATORS = re.compile(r"[;,]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PHONE_CHARS = re.compile(r"[0-9+()\-. ]{6,24}")
_NINE_DIGITS = re.compile(r"\d{9}")
_EIGHT_DIGITS = re.compile(r"\d{8}")
# Unicode's category Cc is exactly these code points (C0, DEL and C1); a newline is allowed.
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Places:
    """What validation needs to know of the gazetteer."""

    is_village: Callable[[str], bool]
    is_province: Callable[[str], bool]


def clean_text(value: Any) -> str:
    """NFC, trimmed, runs of white space collapsed; None becomes ''."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value: Any) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def split_list(value: Any) -> list[str] | None:
    """A list from a JSON list or from ``a;b`` text (CSV); None when it is neither."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items: Iterable[Any] = _LIST_SEPARATORS.split(value)
    elif isinstance(value, list | tuple):
        items = value
    else:
        return None
    seen: list[str] = []
    for item in items:
        if not isinstance(item, str | int) or isinstance(item, bool):
            return None
        text = to_ascii_digits(str(item)).strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def parse_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "yes", "1", "y"):
            return True
        if text in ("false", "no", "0", "n"):
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return None


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")


def typed_date_to_iso(text: str) -> str:
    """YYYY-MM-DD from a date as people write it: 1990-04-25, 25/04/1990, 25.4.1990, in
    any digit set. Text that is no such date comes back trimmed but otherwise as typed, so
    that validation reports it instead of it silently vanishing."""
    plain = to_ascii_digits(text).strip()
    if m := _DMY.fullmatch(plain):
        day, month, year = m.groups()
    elif m := _YMD.fullmatch(plain):
        year, month, day = m.groups()
    else:
        return plain
    return f"{year}-{int(month):02d}-{int(day):02d}"


def parse_date(value: Any) -> date | None:
    """A date from the forms the rule's message promises (YYYY-MM-DD or DD/MM/YYYY, and
    the form's other spellings of them), as typed, imported or pushed alike."""
    if isinstance(value, date):
        return value
    text = typed_date_to_iso(clean_text(value))
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


# The usual ways of writing a Cambodian number, "012 345 678", "+855 12 345 678": a
# national significant number after 0 or +855, grouped by spaces, dots or hyphens.
_PLAIN_KH = re.compile(r"(?:0|\+855)([1-9][0-9]{7,9})")
_KH = phonenumbers.PhoneMetadata.metadata_for_region("KH")


def _desc_test(desc: Any) -> Callable[[str], bool] | None:
    if desc is None or desc.national_number_pattern is None:
        return None
    pattern = re.compile(desc.national_number_pattern)
    lengths = frozenset(desc.possible_length or ())
    return lambda nsn: (not lengths or len(nsn) in lengths) and bool(pattern.fullmatch(nsn))


_KH_GENERAL = _desc_test(_KH.general_desc)
_KH_TYPES = [t for t in (
    _desc_test(getattr(_KH, name)) for name in (
        "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager",
        "uan", "voicemail", "fixed_line", "mobile",
    )
) if t is not None]


def _cambodian_e164(text: str) -> str | None:
    """E.164 for a number in one of the usual shapes that phonenumbers' Cambodian metadata
    calls valid, tested with that metadata's own patterns (what ``is_valid_number``
    does) without parsing; None means "ask phonenumbers", never "invalid"."""
    match = _PLAIN_KH.fullmatch(text.replace(" ", "").replace("-", "").replace(".", ""))
    if match is None or _KH_GENERAL is None:
        return None
    nsn = match.group(1)
    if _KH_GENERAL(nsn) and any(test(nsn) for test in _KH_TYPES):
        return "+855" + nsn
    return None


def normalise_phone(value: Any) -> str | None:
    """E.164 for a valid Cambodian number written any usual way; None if it is not one."""
    text = to_ascii_digits(clean_text(value))
    if not _PHONE_CHARS.fullmatch(text):
        return None
    quick = _cambodian_e164(text)
    if quick is not None:
        return quick
    try:
        number = phonenumbers.parse(text, "KH")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 855 or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str | None) -> str:
    """A stored +855 number as Cambodians write it: "+85512345678" -> "012 345 678"."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, "KH")
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _check_length(errors: list[FieldError], key: str, text: str, limit: int) -> None:
    if len(text) > limit:
        errors.append(FieldError(key, "too_long", {"max": limit, "length": len(text)}))


def _check_no_controls(errors: list[FieldError], key: str, text: str) -> None:
    if _CONTROLS.search(text):
        errors.append(FieldError(key, "control_characters"))


def _validate_names(rec: dict[str, Any], errors: list[FieldError]) -> None:
    for key, pattern, script in (
        ("name_km", _KHMER_NAME, "khmer"),
        ("name_latin", _LATIN_NAME, "latin"),
    ):
        text = rec[key].translate(_ZERO_WIDTH) if key == "name_latin" else rec[key]
        rec[key] = text
        if not text:
            continue
        if len(text) > NAME_MAX:
            errors.append(FieldError(key, "too_long", {"max": NAME_MAX, "length": len(text)}))
        elif not pattern.match(text) or (script == "khmer" and not _KHMER.search(text)):
            errors.append(FieldError(key, "wrong_script", {"script": script}))
    if not rec["name_km"] and not rec["name_latin"]:
        errors.append(FieldError("name_km", "name_required"))


def _validate_age(
    raw: Mapping[str, Any], rec: dict[str, Any], errors: list[FieldError], today: date
) -> None:
    raw_dob, raw_age = raw.get("date_of_birth"), raw.get("age")
    dob = parse_date(raw_dob) if raw_dob not in (None, "") else None
    age = parse_int(raw_age) if raw_age not in (None, "") else None
    if raw_dob not in (None, "") and dob is None:
        errors.append(FieldError("date_of_birth", "invalid_date"))
        return
    if raw_age not in (None, "") and age is None:
        errors.append(FieldError("age", "not_a_whole_number"))
        return
    rec["date_of_birth"] = dob.isoformat() if dob else None
    rec["age"] = age
    if dob is None and age is None:
        errors.append(FieldError("date_of_birth", "dob_or_age_required"))
        return
    if dob is not None:
        if dob > today:
            errors.append(FieldError("date_of_birth", "future_date"))
            return
        derived = age_on(dob, today)
        if not AGE_MIN <= derived <= AGE_MAX:
            errors.append(
                FieldError("date_of_birth", "age_range", {"min": AGE_MIN, "max": AGE_MAX})
            )
        elif age is not None and abs(age - derived) > 1:
            errors.append(FieldError("age", "age_mismatch", {"from_date_of_birth": derived}))
        return
    if not AGE_MIN <= age <= AGE_MAX:
        errors.append(FieldError("age", "age_range", {"min": AGE_MIN, "max": AGE_MAX}))


def _validate_codes(
    raw: Mapping[str, Any],
    rec: dict[str, Any],
    errors: list[FieldError],
    key: str,
    allowed: Callable[[str], bool],
    required: bool,
) -> None:
    items = split_list(raw.get(key))
    if items is None:
        errors.append(FieldError(key, "not_a_list"))
        rec[key] = []
        return
    rec[key] = items
    unknown = [item for item in items if not allowed(item)]
    if unknown:
        errors.append(FieldError(key, "unknown_code", {"codes": unknown}))
    elif required and not items:
        errors.append(FieldError(key, "at_least_one"))


def validate_registration(
    raw: Mapping[str, Any], *, today: date, places: Places
) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean ``raw`` (form, JSON or CSV values) and check every rule.

    Returns the cleaned record (only the keys of ``FIELDS`` but ``registration_no``) and
    the list of errors; the record is fit to save only when the list is empty.
    """
    errors: list[FieldError] = []
    rec: dict[str, Any] = {}

    rec["name_km"] = clean_text(raw.get("name_km"))
    rec["name_latin"] = clean_text(raw.get("name_latin"))
    _validate_names(rec, errors)

    sex = clean_text(raw.get("sex")).lower()
    rec["sex"] = sex
    if not sex:
        errors.append(FieldError("sex", "required"))
    elif sex not in SEXES:
        errors.append(FieldError("sex", "invalid_choice", {"allowed": list(SEXES)}))

    _validate_age(raw, rec, errors, today)

    phone_text = clean_text(raw.get("phone"))
    rec["phone"] = None
    if phone_text:
        rec["phone"] = normalise_phone(phone_text)
        if rec["phone"] is None:
            errors.append(FieldError("phone", "invalid_phone"))

    national_id = to_ascii_digits(clean_text(raw.get("national_id"))).replace(" ", "")
    rec["national_id"] = national_id or None
    if national_id and not _NINE_DIGITS.fullmatch(national_id):
        errors.append(FieldError("national_id", "nine_digits"))

    village = to_ascii_digits(clean_text(raw.get("home_village_code")))
    rec["home_village_code"] = village
    if not village:
        errors.append(FieldError("home_village_code", "required"))
    elif not _EIGHT_DIGITS.fullmatch(village) or not places.is_village(village):
        errors.append(FieldError("home_village_code", "unknown_village"))

    _validate_codes(raw, rec, errors, "preferred_province_codes", places.is_province, True)
    _validate_codes(raw, rec, errors, "sectors", SECTORS.__contains__, True)
    _validate_codes(raw, rec, errors, "training_interests", COURSES.__contains__, False)
    # Sessions come and go with the catalogue, so any well-formed code is kept.
    _validate_codes(raw, rec, errors, "training_enrolments", is_session_code, False)

    raw_salary = raw.get("expected_salary_usd")
    rec["expected_salary_usd"] = None
    if raw_salary not in (None, ""):
        salary = parse_int(raw_salary)
        if salary is None:
            errors.append(FieldError("expected_salary_usd", "not_a_whole_number"))
        elif not SALARY_MIN <= salary <= SALARY_MAX:
            errors.append(
                FieldError(
                    "expected_salary_usd", "out_of_range", {"min": SALARY_MIN, "max": SALARY_MAX}
                )
            )
        else:
            rec["expected_salary_usd"] = salary

    country = clean_text(raw.get("returned_from")).upper() or DEFAULT_COUNTRY
    rec["returned_from"] = country
    if not _COUNTRY.match(country):
        errors.append(FieldError("returned_from", "invalid_country"))

    raw_return = raw.get("return_date")
    rec["return_date"] = None
    if raw_return not in (None, ""):
        returned = parse_date(raw_return)
        if returned is None:
            errors.append(FieldError("return_date", "invalid_date"))
        elif returned > today:
            errors.append(FieldError("return_date", "future_date"))
        else:
            rec["return_date"] = returned.isoformat()

    for key, limit in (("previous_job", TEXT_MAX), ("skills", TEXT_MAX), ("notes", NOTES_MAX)):
        text = clean_multiline(raw.get(key))
        rec[key] = text
        _check_length(errors, key, text, limit)
        _check_no_controls(errors, key, text)

    channel = clean_text(raw.get("channel")).lower()
    rec["channel"] = channel
    if not channel:
        errors.append(FieldError("channel", "required"))
    elif channel not in CHANNELS:
        errors.append(FieldError("channel", "invalid_choice", {"allowed": list(CHANNELS)}))

    consent = parse_bool(raw.get("consent"))
    rec["consent"] = bool(consent)
    if consent is None:
        errors.append(FieldError("consent", "invalid_boolean"))
    elif not consent:
        errors.append(FieldError("consent", "must_be_true"))

    reason = clean_text(raw.get("duplicate_override_reason"))
    rec["duplicate_override_reason"] = reason or None
    _check_length(errors, "duplicate_override_reason", reason, REASON_MAX)

    for key in ("name_km", "name_latin"):
        _check_no_controls(errors, key, rec[key])
    return rec, errors


def csv_cell(value: Any) -> str:
    """A value as import/export CSV writes it: lists joined with ";", booleans
    true/false, nothing for None; text a spreadsheet would run as a formula behind an
    apostrophe (app.domain.spreadsheet), which the desk's import takes off again."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return formula_safe(";".join(str(v) for v in value))
    return formula_safe(str(value))


def birth_year(rec: Mapping[str, Any], registered_on: date) -> int | None:
    """Year of birth, from the date or estimated from the age when registered."""
    if rec.get("date_of_birth"):
        return int(str(rec["date_of_birth"])[:4])
    if rec.get("age") is not None:
        return registered_on.year - int(rec["age"])
    return None
