"""Rule codes in words, in the user's language (Qt translation; QtCore only, so the CLI
uses it too). Field names are the import/export keys."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.domain.errors import FieldError

_CONTEXT = "Messages"

FIELD_LABELS = {
    "name_km": QT_TRANSLATE_NOOP("Messages", "Name in Khmer"),
    "name_latin": QT_TRANSLATE_NOOP("Messages", "Name in Latin letters"),
    "sex": QT_TRANSLATE_NOOP("Messages", "Sex"),
    "date_of_birth": QT_TRANSLATE_NOOP("Messages", "Date of birth"),
    "age": QT_TRANSLATE_NOOP("Messages", "Age"),
    "phone": QT_TRANSLATE_NOOP("Messages", "Phone"),
    "national_id": QT_TRANSLATE_NOOP("Messages", "National ID"),
    "home_village_code": QT_TRANSLATE_NOOP("Messages", "Home village"),
    "preferred_province_codes": QT_TRANSLATE_NOOP("Messages", "Preferred provinces"),
    "sectors": QT_TRANSLATE_NOOP("Messages", "Sectors"),
    "expected_salary_usd": QT_TRANSLATE_NOOP("Messages", "Expected salary (USD)"),
    "returned_from": QT_TRANSLATE_NOOP("Messages", "Returned from"),
    "return_date": QT_TRANSLATE_NOOP("Messages", "Return date"),
    "previous_job": QT_TRANSLATE_NOOP("Messages", "Previous job"),
    "skills": QT_TRANSLATE_NOOP("Messages", "Skills"),
    "training_interests": QT_TRANSLATE_NOOP("Messages", "Training interests"),
    "channel": QT_TRANSLATE_NOOP("Messages", "Channel"),
    "consent": QT_TRANSLATE_NOOP("Messages", "Consent"),
    "notes": QT_TRANSLATE_NOOP("Messages", "Notes"),
    "duplicate_override_reason": QT_TRANSLATE_NOOP("Messages", "Reason for saving anyway"),
    "withdrawn_reason": QT_TRANSLATE_NOOP("Messages", "Reason for withdrawal"),
    "record": QT_TRANSLATE_NOOP("Messages", "Record"),
    "line": QT_TRANSLATE_NOOP("Messages", "Line"),
}

RULES = {
    "required": QT_TRANSLATE_NOOP("Messages", "is required"),
    "name_required": QT_TRANSLATE_NOOP(
        "Messages", "enter the name in Khmer or in Latin letters (or both)"),
    "too_long": QT_TRANSLATE_NOOP("Messages", "must be at most {max} characters"),
    "wrong_script": QT_TRANSLATE_NOOP("Messages", "must be written in {script} script only"),
    "control_characters": QT_TRANSLATE_NOOP("Messages", "contains invisible control characters"),
    "invalid_choice": QT_TRANSLATE_NOOP("Messages", "must be one of: {allowed}"),
    "invalid_date": QT_TRANSLATE_NOOP("Messages", "must be a date written YYYY-MM-DD"),
    "future_date": QT_TRANSLATE_NOOP("Messages", "cannot be in the future"),
    "dob_or_age_required": QT_TRANSLATE_NOOP("Messages", "enter the date of birth or the age"),
    "age_range": QT_TRANSLATE_NOOP("Messages", "age must be between {min} and {max}"),
    "age_mismatch": QT_TRANSLATE_NOOP(
        "Messages", "does not match the date of birth (age {from_date_of_birth})"),
    "not_a_whole_number": QT_TRANSLATE_NOOP("Messages", "must be a whole number"),
    "out_of_range": QT_TRANSLATE_NOOP("Messages", "must be between {min} and {max}"),
    "invalid_phone": QT_TRANSLATE_NOOP(
        "Messages", "must be a Cambodian phone number, e.g. 012 345 678"),
    "nine_digits": QT_TRANSLATE_NOOP("Messages", "must be exactly 9 digits"),
    "unknown_village": QT_TRANSLATE_NOOP("Messages", "choose a village from the list"),
    "not_a_list": QT_TRANSLATE_NOOP("Messages", "must be a list of codes"),
    "unknown_code": QT_TRANSLATE_NOOP("Messages", "unknown code: {codes}"),
    "at_least_one": QT_TRANSLATE_NOOP("Messages", "choose at least one"),
    "invalid_country": QT_TRANSLATE_NOOP("Messages", "must be a two-letter country code"),
    "invalid_boolean": QT_TRANSLATE_NOOP("Messages", "must be true or false"),
    "must_be_true": QT_TRANSLATE_NOOP(
        "Messages", "the returnee must agree to registration and sharing with employers"),
    "unreadable_row": QT_TRANSLATE_NOOP("Messages", "is not a readable record"),
    "likely_duplicate": QT_TRANSLATE_NOOP(
        "Messages", "is likely a duplicate of {of} ({reasons})"),
    "same_phone": QT_TRANSLATE_NOOP("Messages", "same phone"),
    "same_national_id": QT_TRANSLATE_NOOP("Messages", "same national ID"),
    "similar_name": QT_TRANSLATE_NOOP("Messages", "similar name, age and commune"),
    "already_set_up": QT_TRANSLATE_NOOP("Messages", "this data folder is already set up"),
    "name_taken": QT_TRANSLATE_NOOP("Messages", "an officer named {name} already exists"),
    "name_too_long": QT_TRANSLATE_NOOP("Messages", "the name must be at most {max} characters"),
    "unknown_role": QT_TRANSLATE_NOOP("Messages", "the role must be one of: {allowed}"),
    "password_too_short": QT_TRANSLATE_NOOP(
        "Messages", "the password must be at least {min} characters"),
    "wrong_name_or_password": QT_TRANSLATE_NOOP("Messages", "wrong name or password"),
    "supervisor_only": QT_TRANSLATE_NOOP("Messages", "only a supervisor can do this"),
    "unknown_officer": QT_TRANSLATE_NOOP("Messages", "there is no officer named {name}"),
    "no_officer": QT_TRANSLATE_NOOP("Messages", "no officer account exists yet"),
    "khmer": QT_TRANSLATE_NOOP("Messages", "Khmer"),
    "latin": QT_TRANSLATE_NOOP("Messages", "Latin"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def field_label(field: str) -> str:
    return tr(FIELD_LABELS[field]) if field in FIELD_LABELS else field


def rule_text(error: FieldError) -> str:
    """The broken rule alone, e.g. "age must be between 15 and 70"."""
    return code_text(error.rule, error.params)


def code_text(code: str, params: dict) -> str:
    """Words for a rule or account code, with its parameters filled in."""
    template = RULES.get(code)
    if template is None:
        return code
    words = {}
    for key, value in params.items():
        if isinstance(value, list):
            value = ", ".join(tr(RULES[v]) if v in RULES else str(v) for v in value)
        elif isinstance(value, str) and value in RULES:
            value = tr(RULES[value])
        words[key] = value
    try:
        return tr(template).format(**words)
    except (KeyError, IndexError):
        return tr(template)


def field_error_text(error: FieldError) -> str:
    """"Age: age must be between 15 and 70": names the field and the rule."""
    return f"{field_label(error.field)}: {rule_text(error)}"
