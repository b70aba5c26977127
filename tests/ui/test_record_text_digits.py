"""Record values shown as text follow the Khmer digits choice whatever the field: a
number the formatter has no special case for too; typed text and codes keep theirs."""

from __future__ import annotations

import pytest

from app.ui.record_text import value_text


@pytest.mark.parametrize(("khmer_digits", "twelve"), [(True, "១២"), (False, "12")])
def test_numbers_in_any_field_follow_the_khmer_digits_choice(khmer_digits: bool,
                                                              twelve: str) -> None:
    assert value_text("version", 12, "km", khmer_digits) == twelve
    assert value_text("age", 12, "km", khmer_digits) == twelve
    # What the officer typed (an ID card number, notes) is shown as it was typed.
    assert value_text("national_id", "012345678", "km", khmer_digits) == "012345678"
    assert value_text("notes", "Room 12", "km", khmer_digits) == "Room 12"
