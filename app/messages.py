"""Rule codes in words: field labels, validation and account messages for people to read.

The domain returns errors as (field, rule code, parameters); this module is the one place
that turns them into sentences. It uses only ``QCoreApplication.translate`` (no widgets),
so the CLI and the quarantine view share it; the strings are English source text that the
.ts files translate to Khmer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.domain.errors import FieldError

# Every call spells out QCoreApplication.translate, its context and its text as
# literals: lupdate reads them from the source and cannot follow aliases or variables.


def field_label(field: str) -> str:
    """The name of a registration field as the form shows it."""
    labels = {
        "registration_no": QCoreApplication.translate("FieldError", "Registration number"),
        "name_km": QCoreApplication.translate("FieldError", "Name in Khmer"),
        "name_latin": QCoreApplication.translate("FieldError", "Name in Latin letters"),
        "sex": QCoreApplication.translate("FieldError", "Sex"),
        "date_of_birth": QCoreApplication.translate("FieldError", "Date of birth"),
        "age": QCoreApplication.translate("FieldError", "Age"),
        "phone": QCoreApplication.translate("FieldError", "Phone"),
        "national_id": QCoreApplication.translate("FieldError", "National ID"),
        "home_village_code": QCoreApplication.translate("FieldError", "Home village"),
        "preferred_province_codes": QCoreApplication.translate("FieldError", "Preferred provinces"),
        "sectors": QCoreApplication.translate("FieldError", "Sectors"),
        "expected_salary_usd": QCoreApplication.translate(
            "FieldError", "Expected salary (USD a month)"
        ),
        "returned_from": QCoreApplication.translate("FieldError", "Returned from"),
        "return_date": QCoreApplication.translate("FieldError", "Return date"),
        "previous_job": QCoreApplication.translate("FieldError", "Previous job"),
        "skills": QCoreApplication.translate("FieldError", "Skills"),
        "training_interests": QCoreApplication.translate("FieldError", "Training wanted"),
        "training_enrolments": QCoreApplication.translate("FieldError", "Enrolled in training"),
        "channel": QCoreApplication.translate("FieldError", "Registered through"),
        "consent": QCoreApplication.translate("FieldError", "Consent"),
        "notes": QCoreApplication.translate("FieldError", "Notes"),
        "duplicate_override_reason": QCoreApplication.translate(
            "FieldError", "Reason for saving a likely duplicate"
        ),
        "withdrawn_reason": QCoreApplication.translate("FieldError", "Reason for withdrawing"),
        "decline_reason": QCoreApplication.translate("FieldError", "Reason for turning down"),
        "record": QCoreApplication.translate("FieldError", "Record"),
        "line": QCoreApplication.translate("FieldError", "Line"),
        # Employer requests and referrals.
        "employer_name": QCoreApplication.translate("FieldError", "Employer"),
        "contact_person": QCoreApplication.translate("FieldError", "Contact person"),
        "contact_phone": QCoreApplication.translate("FieldError", "Contact phone"),
        "province_code": QCoreApplication.translate("FieldError", "Workplace province"),
        "district_code": QCoreApplication.translate("FieldError", "Workplace district"),
        "sector": QCoreApplication.translate("FieldError", "Sector"),
        "job_title": QCoreApplication.translate("FieldError", "Job title"),
        "workers_needed": QCoreApplication.translate("FieldError", "Workers needed"),
        "gender": QCoreApplication.translate("FieldError", "Gender wanted"),
        "salary_usd": QCoreApplication.translate("FieldError", "Monthly salary offered (USD)"),
        "start_date": QCoreApplication.translate("FieldError", "Start date"),
        "accommodation": QCoreApplication.translate("FieldError", "Accommodation provided"),
        "transport": QCoreApplication.translate("FieldError", "Transport provided"),
        "status": QCoreApplication.translate("FieldError", "Status"),
        "status_date": QCoreApplication.translate("FieldError", "Date"),
        "registration_id": QCoreApplication.translate("FieldError", "Returnee"),
        "request_id": QCoreApplication.translate("FieldError", "Employer request"),
        "version": QCoreApplication.translate("FieldError", "Version"),
        "officer_id": QCoreApplication.translate("FieldError", "Officer"),
        "created_at": QCoreApplication.translate("FieldError", "Time created"),
        "updated_at": QCoreApplication.translate("FieldError", "Time changed"),
    }
    return labels.get(field, field)


def _required_text(field: str) -> str:
    # "Required" alone does not tell a hurried officer what to do; say it per field.
    texts = {
        "sex": QCoreApplication.translate("FieldError", "Choose male or female"),
        "home_village_code": QCoreApplication.translate(
            "FieldError", "Choose the home village from the lists"
        ),
        "channel": QCoreApplication.translate("FieldError", "Choose how the person was registered"),
        "withdrawn_reason": QCoreApplication.translate("FieldError", "Give a reason"),
        "decline_reason": QCoreApplication.translate("FieldError", "Give a reason"),
    }
    return texts.get(field) or QCoreApplication.translate("FieldError", "Required")


def _at_least_one_text(field: str) -> str:
    texts = {
        "sectors": QCoreApplication.translate("FieldError", "Choose at least one sector"),
        "preferred_province_codes": QCoreApplication.translate(
            "FieldError", "Choose at least one preferred province"
        ),
    }
    return texts.get(field) or QCoreApplication.translate("FieldError", "Choose at least one")


def field_error_text(error: FieldError) -> str:
    """One sentence that names the broken rule, e.g. "Age must be between 15 and 70"."""
    p = error.params
    rule, field = error.rule, error.field
    if rule == "required":
        return _required_text(field)
    if rule == "at_least_one":
        return _at_least_one_text(field)
    if rule == "name_required":
        return QCoreApplication.translate(
            "FieldError", "Enter the name in Khmer or in Latin letters"
        )
    if rule == "too_long":
        return QCoreApplication.translate(
            "FieldError", "At most {max} characters (now {length})"
        ).format(max=p.get("max", "?"), length=p.get("length", "?"))
    if rule == "wrong_script":
        if p.get("script") == "khmer":
            return QCoreApplication.translate("FieldError", "Use Khmer letters only")
        return QCoreApplication.translate("FieldError", "Use Latin letters only (A to Z)")
    if rule == "invalid_choice":
        return QCoreApplication.translate("FieldError", "Choose one of the options")
    if rule == "invalid_date":
        return QCoreApplication.translate(
            "FieldError", "Enter a date as YYYY-MM-DD or DD/MM/YYYY, e.g. 1990-04-25"
        )
    if rule == "future_date":
        return QCoreApplication.translate("FieldError", "The date cannot be in the future")
    if rule == "not_a_whole_number":
        return QCoreApplication.translate("FieldError", "Enter a whole number")
    if rule == "dob_or_age_required":
        return QCoreApplication.translate("FieldError", "Enter the date of birth or the age")
    if rule == "age_range":
        if field == "date_of_birth":
            return QCoreApplication.translate(
                "FieldError", "Age from this date of birth must be between {min} and {max}"
            ).format(min=p.get("min", 15), max=p.get("max", 70))
        return QCoreApplication.translate(
            "FieldError", "Age must be between {min} and {max}"
        ).format(min=p.get("min", 15), max=p.get("max", 70))
    if rule == "age_mismatch":
        return QCoreApplication.translate(
            "FieldError", "Does not match the date of birth (age {age})"
        ).format(age=p.get("from_date_of_birth", "?"))
    if rule == "invalid_phone":
        return QCoreApplication.translate(
            "FieldError", "Enter a Cambodian phone number, e.g. 012 345 678"
        )
    if rule == "nine_digits":
        return QCoreApplication.translate("FieldError", "A national ID has 9 digits")
    if rule == "unknown_village":
        return QCoreApplication.translate("FieldError", "Choose the home village from the lists")
    if rule == "unknown_code":
        return QCoreApplication.translate("FieldError", "Unknown choice: {codes}").format(
            codes=", ".join(map(str, p.get("codes", [])))
        )
    if rule == "not_a_list":
        return QCoreApplication.translate("FieldError", "Choose from the list")
    if rule == "out_of_range":
        return QCoreApplication.translate("FieldError", "Must be between {min} and {max}").format(
            min=p.get("min", "?"), max=p.get("max", "?")
        )
    if rule == "invalid_country":
        return QCoreApplication.translate("FieldError", "Choose a country from the list")
    if rule == "control_characters":
        return QCoreApplication.translate(
            "FieldError", "Contains characters that cannot be saved; retype the text"
        )
    if rule == "invalid_boolean":
        return QCoreApplication.translate("FieldError", "Tick or untick the box")
    if rule == "must_be_true":
        return QCoreApplication.translate(
            "FieldError", "The person must agree before they can be registered"
        )
    if rule == "unreadable_row":
        return QCoreApplication.translate("FieldError", "This line is not a readable record")
    if rule == "likely_duplicate":
        reasons = ", ".join(reason_text(r) for r in p.get("reasons", []))
        others = [str(n) for n in p.get("of", [])] + [
            QCoreApplication.translate("FieldError", "line {line}").format(line=n)
            for n in p.get("lines", [])
        ]
        return QCoreApplication.translate(
            "FieldError", "Likely a duplicate of {of} ({reasons})"
        ).format(of=", ".join(others), reasons=reasons)
    if rule == "too_far_ahead":
        return QCoreApplication.translate("FieldError", "The date is too far ahead")
    if rule == "invalid_transition":
        if p.get("from") in ("hired", "declined"):
            return QCoreApplication.translate(
                "FieldError", "A referral that is hired or declined cannot change again")
        return QCoreApplication.translate(
            "FieldError", "A referral cannot go back to an earlier step")
    if rule == "invalid_id":
        return QCoreApplication.translate(
            "FieldError", "Not a valid record id; choose the record from the list again")
    if rule == "edited_elsewhere":
        return QCoreApplication.translate(
            "FieldError", "Someone else changed this record since you opened it; "
            "open it again and redo the change")
    if rule == "version_taken":
        return QCoreApplication.translate(
            "FieldError", "Headquarters already holds another change under version {version}; "
            "open the record again and redo the change").format(version=p.get("version", "?"))
    if rule == "unknown_session":
        return QCoreApplication.translate(
            "FieldError", "This training session is not in the course catalogue")
    if rule == "already_enrolled":
        return QCoreApplication.translate(
            "FieldError", "Already enrolled in this training session")
    if rule == "session_full":
        return QCoreApplication.translate(
            "FieldError", "All {seats} seats of this session are taken").format(
                seats=p.get("seats", "?"))
    if rule == "retry":
        return QCoreApplication.translate(
            "FieldError", "Headquarters could not store this at the moment; send it again")
    if rule == "not_json":
        return QCoreApplication.translate("FieldError", "This line is not a readable record")
    if rule == "not_an_object":
        return QCoreApplication.translate(
            "FieldError", "This line is not a record: it must be one JSON object {...}")
    if rule == "nested_too_deep":
        return QCoreApplication.translate(
            "FieldError", "This line is nested too deeply to be a record")
    if rule == "number_too_long":
        return QCoreApplication.translate(
            "FieldError", "This line has a number too long to be a real value")
    if rule == "line_too_long":
        return QCoreApplication.translate(
            "FieldError", "This line is longer than {max} characters; no record is that long"
        ).format(max=p.get("max", "?"))
    if rule == "too_many_cells":
        return QCoreApplication.translate(
            "FieldError", "This row has {count} cells but the header names {columns} columns"
        ).format(count=p.get("count", "?"), columns=p.get("columns", "?"))
    if rule == "unknown_field":
        return QCoreApplication.translate(
            "FieldError", "Not a field of a registration; check its spelling in docs/import.md")
    # A rule added to the domain later still reaches the officer, if less kindly.
    return QCoreApplication.translate("FieldError", "Not accepted ({rule})").format(rule=rule)


def error_line(error: FieldError) -> str:
    """The field and the rule on one line, for the CLI and lists: "Age: Age must be..."."""
    return f"{field_label(error.field)}: {field_error_text(error)}"


def reason_text(reason: str) -> str:
    """Why two records look like the same person."""
    texts = {
        "same_phone": QCoreApplication.translate("FieldError", "same phone"),
        "same_national_id": QCoreApplication.translate("FieldError", "same national ID"),
        "similar_name": QCoreApplication.translate(
            "FieldError", "similar name, same sex, birth year and commune"
        ),
    }
    return texts.get(reason, reason)


def wait_words(seconds: int) -> str:
    """How long to wait, in words: "40 seconds", "1 minute", "15 minutes", "1 hour"."""
    if seconds < 60:
        return (QCoreApplication.translate("Wait", "1 second") if seconds == 1 else
                QCoreApplication.translate("Wait", "{n} seconds").format(n=seconds))
    minutes = (seconds + 59) // 60
    if minutes < 60:
        return (QCoreApplication.translate("Wait", "1 minute") if minutes == 1 else
                QCoreApplication.translate("Wait", "{n} minutes").format(n=minutes))
    hours = (minutes + 59) // 60
    return (QCoreApplication.translate("Wait", "1 hour") if hours == 1 else
            QCoreApplication.translate("Wait", "{n} hours").format(n=hours))


def account_error_text(code: str, params: dict) -> str:
    """Words for an ``AccountError`` code (setup, sign-in, officer management)."""
    texts = {
        "already_set_up": QCoreApplication.translate(
            "AccountError", "This data folder is already set up"),
        "name_required": QCoreApplication.translate("AccountError", "Enter the officer's name"),
        "name_taken": QCoreApplication.translate(
            "AccountError", "An officer named {name} already exists"),
        "name_too_long": QCoreApplication.translate(
            "AccountError", "The name must be at most {max} characters"),
        "unknown_role": QCoreApplication.translate("AccountError", "Unknown role"),
        "password_too_short": QCoreApplication.translate(
            "AccountError", "The password must be at least {min} characters"),
        "wrong_name_or_password": QCoreApplication.translate(
            "AccountError", "Wrong name or password"),
        "supervisor_only": QCoreApplication.translate(
            "AccountError", "Only a supervisor can do this"),
        "unknown_officer": QCoreApplication.translate(
            "AccountError", "There is no officer named {name}"),
        "no_officer": QCoreApplication.translate("AccountError", "No officer account exists yet"),
        "officer_disabled": QCoreApplication.translate(
            "AccountError", "The account of {name} is disabled: a supervisor turned it off. "
            "Ask your supervisor to turn it on again if you still work here."),
        "cannot_disable_self": QCoreApplication.translate(
            "AccountError", "You cannot disable your own account while signed in with it"),
        "locked_out": QCoreApplication.translate(
            "AccountError", "Too many wrong passwords for {name}: try again in {wait}, or "
            "ask a supervisor to unlock the account"),
        "wrong_recovery_key": QCoreApplication.translate(
            "AccountError", "That recovery key does not open this desk"),
        "no_recovery_key": QCoreApplication.translate(
            "AccountError", "This desk has no recovery key"),
    }
    if code == "locked_out":
        params = dict(params, wait=wait_words(int(params.get("seconds", 0))))
    return _filled(texts, code, params)


def keys_lost_text(folder: object, *, damaged: bool) -> str:
    """The one message for a data folder whose keys file (what opens the database) is
    missing or cannot be read: the records are still there, and how to get back in."""
    if damaged:
        text = QCoreApplication.translate(
            "Keys", "The keys file in {folder} is damaged, so the desk's records cannot be "
            "opened (they are still there). A supervisor can make it again with the desk's "
            "recovery key: run `jobcentre recover --officer NAME`.")
    else:
        text = QCoreApplication.translate(
            "Keys", "The keys file in {folder} is missing, so the desk's records cannot be "
            "opened (they are still there). A supervisor can make it again with the desk's "
            "recovery key: run `jobcentre recover --officer NAME`.")
    return text.format(folder=folder)


def _filled(texts: Mapping[str, str], code: str, params: Mapping[str, Any]) -> str:
    """The text for ``code`` with ``params`` filled in: the code itself when there is no
    text, the text unfilled when a parameter it names is missing."""
    text = texts.get(code)
    if text is None:
        return code
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def restore_refused_text(code: str, params: Mapping[str, Any]) -> str:
    """Why a backup was not written or not restored (app.services.backup codes)."""
    texts = {
        "backup_missing": QCoreApplication.translate(
            "Backup", "{file}: there is no such file"),
        "backup_target_is_folder": QCoreApplication.translate(
            "Backup", "{file} is a folder: give the name of the backup file to write"),
        "backup_unreadable": QCoreApplication.translate(
            "Backup", "{file} is not a Job Centre Desk backup (it cannot be read as a "
            "database with this desk's key). Nothing was changed."),
        "backup_damaged": QCoreApplication.translate(
            "Backup", "{file} is damaged (SQLite's check says: {why}). Nothing was changed; "
            "restore an older backup."),
        "backup_not_a_desk": QCoreApplication.translate(
            "Backup", "{file} is a database but not a Job Centre Desk backup (it has no "
            "device). Nothing was changed."),
        "backup_from_newer_version": QCoreApplication.translate(
            "Backup", "{file} was made by a newer version of Job Centre Desk (it has schema "
            "step {step}). Install the newer version, then restore. Nothing was changed."),
        "backup_from_other_device": QCoreApplication.translate(
            "Backup", "{file} is the backup of laptop {theirs}, not of this one ({ours}). "
            "Restoring it would give this laptop the other one's identity and registration "
            "numbers. Restore it into an empty data folder on the laptop that replaces {theirs}. "
            "Nothing was changed."),
    }
    return _filled(texts, code, params)


def match_reason_text(reason: str) -> str:
    """Why a returnee matched an employer request (app.domain.matching reason codes)."""
    texts = {
        "province_preferred": QCoreApplication.translate(
            "Matching", "wants to work in the province"),
        "home_province": QCoreApplication.translate("Matching", "lives in the province"),
        "sector_fits": QCoreApplication.translate("Matching", "wants this sector"),
        "skills_fit": QCoreApplication.translate(
            "Matching", "previous job or skills fit the sector"),
        "gender_fits": QCoreApplication.translate("Matching", "sex as asked"),
        "salary_within_offer": QCoreApplication.translate(
            "Matching", "expects no more than the offer"),
        "salary_slightly_above": QCoreApplication.translate(
            "Matching", "expects a little more than the offer"),
        "salary_unknown": QCoreApplication.translate("Matching", "expected salary not given"),
        "recently_registered": QCoreApplication.translate(
            "Matching", "registered in the last 90 days"),
        "not_referred": QCoreApplication.translate("Matching", "not referred yet"),
        "already_referred": QCoreApplication.translate(
            "Matching", "already referred to another employer"),
    }
    return texts.get(reason, reason)


def _encoding_name(code: str) -> str:
    names = {
        "utf-16-le": QCoreApplication.translate("FileProblem", "UTF-16 (Unicode text)"),
        "utf-16-be": QCoreApplication.translate("FileProblem", "UTF-16 (Unicode text)"),
        "utf-32-le": "UTF-32",
        "utf-32-be": "UTF-32",
        "latin-1": QCoreApplication.translate(
            "FileProblem", "Latin-1 or Windows-1252 (an older spreadsheet format)"),
    }
    return names.get(code, code)


def file_problem_text(rule: str, params: Mapping[str, Any], field: str | None = None) -> str:
    """Why a whole file was refused (app.domain.datafile.FileRefused), in one sentence."""
    save_as_utf8 = QCoreApplication.translate(
        "FileProblem", "Save it as UTF-8: in LibreOffice Calc choose File, Save As, "
        "Text CSV, then Character set: Unicode (UTF-8); in Excel choose File, Save As, "
        "CSV UTF-8 (Comma delimited).")
    if rule == "empty_file":
        return QCoreApplication.translate("FileProblem", "The file is empty.")
    if rule == "no_rows":
        return QCoreApplication.translate(
            "FileProblem", "The file has a header line but no rows.")
    if rule == "not_utf8":
        return QCoreApplication.translate(
            "FileProblem", "The file is not UTF-8 text: it looks like {encoding}."
        ).format(encoding=_encoding_name(str(params.get("encoding", "?")))) + " " + save_as_utf8
    if rule == "binary_file":
        return QCoreApplication.translate(
            "FileProblem", "This is not a text file (it looks like a binary file, such as a "
            "spreadsheet's own .xlsx or .ods format).") + " " + save_as_utf8
    if rule == "nul_byte":
        return QCoreApplication.translate(
            "FileProblem", "The line has a NUL byte, which no text file has: the file is "
            "damaged or not UTF-8.") + " " + save_as_utf8
    if rule == "field_too_large":
        return QCoreApplication.translate(
            "FileProblem", "A cell is longer than {max} characters (a quote mark may be "
            "missing its partner).").format(max=params.get("max", "?"))
    if rule == "unreadable_csv":
        return QCoreApplication.translate(
            "FileProblem", "Not readable as CSV ({detail}).").format(
                detail=params.get("detail", ""))
    if rule == "empty_column_name":
        return QCoreApplication.translate(
            "FileProblem", "A column in the header line has no name.")
    if rule == "duplicate_column":
        return QCoreApplication.translate(
            "FileProblem", "The column {column} appears twice in the header line.").format(
                column=field)
    if rule == "unknown_column":
        return QCoreApplication.translate(
            "FileProblem", "{column} is not a column an import knows; docs/import.md lists "
            "the columns.").format(column=field)
    if rule == "wrong_separator":
        return QCoreApplication.translate(
            "FileProblem", "The columns are separated by {separator}, but a CSV file must "
            "separate them with commas (,). Save it again as CSV with a comma as the field "
            "separator.").format(separator=f"\"{params.get('separator', '?')}\"")
    if rule == "unsupported_file_type":
        return QCoreApplication.translate(
            "FileProblem", "Unsupported file type {suffix}: use .jsonl or .csv.").format(
                suffix=params.get("suffix", "?"))
    if rule == "cannot_open":
        return QCoreApplication.translate(
            "FileProblem", "The file cannot be opened ({detail}).").format(
                detail=params.get("detail", ""))
    if rule == "not_json":
        return QCoreApplication.translate(
            "FileProblem", "The file is not valid JSON.")
    if rule == "nested_too_deep":
        return QCoreApplication.translate("FileProblem", "The JSON is nested too deeply.")
    if rule == "number_too_long":
        return QCoreApplication.translate(
            "FileProblem", "The file has a number too long to be a real value.")
    return QCoreApplication.translate("FileProblem", "The file cannot be read ({rule}).").format(
        rule=rule)


def file_problem_line(file: str, refused: Any) -> str:
    """``FILE:LINE: [column: ]sentence`` for a refused file, as the CLI prints it; the
    file name, line number and column name are never translated."""
    where = file if refused.line is None else f"{file}:{refused.line}"
    column = f"{refused.field}: " if refused.field and refused.rule not in (
        "duplicate_column", "unknown_column") else ""
    return f"{where}: {column}{file_problem_text(refused.rule, refused.params, refused.field)}"
def duplicate_error_text(code: str, params: dict) -> str:
    """Why headquarters refused a decision on a pair of likely duplicates
    (``sync.server.duplicates.ResolveRefused``)."""
    texts = {
        "same_record": QCoreApplication.translate(
            "Duplicates", "A record cannot be a duplicate of itself"),
        "unknown_registration": QCoreApplication.translate(
            "Duplicates", "Headquarters has no registration {id}"),
        "already_decided": QCoreApplication.translate(
            "Duplicates", "This pair was already decided ({status}) by {by} at {at}"),
        "already_duplicate": QCoreApplication.translate(
            "Duplicates", "{registration_no} is already marked a duplicate of {of}; "
            "decide against {of} instead"),
        "survivor_not_in_pair": QCoreApplication.translate(
            "Duplicates", "The record to keep must be one of the two"),
    }
    text = texts.get(code)
    if text is None:
        return code
    shown = dict(params)
    if "status" in shown:
        shown["status"] = duplicate_status_text(str(shown["status"]))
    try:
        return text.format(**shown)
    except (KeyError, IndexError):
        return text


def duplicate_status_text(status: str) -> str:
    """A pair's state: open, or what the data officer decided."""
    texts = {
        "open": QCoreApplication.translate("Duplicates", "not decided yet"),
        "same": QCoreApplication.translate("Duplicates", "same person"),
        "different": QCoreApplication.translate("Duplicates", "different people"),
    }
    return texts.get(status, status)


def duplicate_of_text(registration_no: str) -> str:
    """What a record found to be a duplicate at headquarters shows."""
    return QCoreApplication.translate("Duplicates", "Duplicate of {registration_no}").format(
        registration_no=registration_no)


def duplicate_decision_text(status: str, **params: str) -> str:
    """What deciding a pair did: ``same`` (duplicate, survivor) or ``different`` (a, b)."""
    if status == "same":
        return QCoreApplication.translate(
            "Duplicates", "Same person: {duplicate} is now a duplicate of {survivor}; "
            "its desk learns it at its next sync").format(**params)
    return QCoreApplication.translate(
        "Duplicates", "Different people: {a} and {b} will not be paired again").format(**params)
