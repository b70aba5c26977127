"""Every rule code an employer request or referral can be refused with has words.

The codes are read from the code that produces them (the domain, the desk's service,
headquarters' checks and the protocol's own codes), so a rule added later without
words fails here instead of reaching the officer as "Not accepted (code)".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.domain.errors import FieldError
from app.messages import error_line, field_error_text, field_label
from app.services import sync as sync_service
from sync import protocol as p

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("app/domain/employers.py", "app/services/employers.py", "sync/server/records.py")
_CODE = re.compile(r'FieldError\(\s*("[a-z_]+"|[a-z_]+),\s*("[a-z_]+"|p\.RULE_[A-Z_]+)')


def produced() -> set[tuple[str, str]]:
    """(field, rule) pairs the sources build, with a field of a variable as "record"."""
    pairs = set()
    for name in SOURCES:
        for field, rule in _CODE.findall((ROOT / name).read_text(encoding="utf-8")):
            rule = getattr(p, rule[2:]) if rule.startswith("p.") else rule.strip('"')
            pairs.add((field.strip('"') if field.startswith('"') else "record", rule))
    return pairs


# Headquarters' own rules, worded by app.services.sync for what it refused.
HQ_RULES = {getattr(p, name) for name in dir(p) if name.startswith("RULE_")}
PAIRS = sorted(produced() | {(field, rule) for rule in (
    p.RULE_NOT_OWNER, p.RULE_VERSION_TAKEN, p.RULE_INVALID_ID, p.RULE_HASH_MISMATCH,
    p.RULE_SCHEMA_UNSUPPORTED, p.RULE_TYPE_UNSUPPORTED, p.RULE_INVALID_TIMESTAMP,
) for field in ("id",)})


def test_the_sources_are_read():
    rules = {rule for _, rule in PAIRS}
    assert {"edited_elsewhere", "invalid_id", "version_taken", "invalid_transition",
            "too_far_ahead", "retry"} <= rules


@pytest.mark.parametrize(("field", "rule"), PAIRS)
def test_every_rule_has_words(qapp, field, rule):
    error = FieldError(field, rule, {"version": 3, "from": "hired", "to": "referred",
                                      "max": 5, "length": 9, "min": 1, "codes": ["99"]})
    texts = [sync_service.reason_text(error)]  # what the To fix tab and sync show
    if rule not in HQ_RULES:  # the domain's and the desk's rules are also shown on forms
        texts += [field_error_text(error), error_line(error)]
    for text in texts:
        assert "Not accepted" not in text
        assert rule not in text


@pytest.mark.parametrize("field", ["registration_id", "request_id", "version", "status",
                                   "status_date", "officer_id", "created_at", "updated_at"])
def test_referral_fields_have_labels(qapp, field):
    assert field_label(field) != field


def test_an_id_inside_a_referral_is_not_called_the_record_id(qapp):
    text = sync_service.reason_text(FieldError("registration_id", p.RULE_INVALID_ID))
    assert text.startswith(field_label("registration_id"))


def test_going_back_is_told_apart_from_a_final_status(qapp):
    final = field_error_text(FieldError("status", "invalid_transition",
                                        {"from": "hired", "to": "declined"}))
    back = field_error_text(FieldError("status", "invalid_transition",
                                       {"from": "interviewed", "to": "referred"}))
    assert final != back
