from __future__ import annotations

import pytest

from app.domain import qrref, regno

REF = qrref.format_ref("7KQ2MXA")


def test_reference_has_the_designed_shape():
    assert qrref.PATTERN.match(REF)
    assert REF.startswith("Q7KQ2-MXA")
    assert len(REF) == 10
    assert REF[-1] == regno.check_character("7KQ2MXA")


def test_new_references_are_valid_and_different():
    refs = {qrref.new_ref() for _ in range(200)}
    assert len(refs) == 200
    assert all(qrref.PATTERN.match(ref) and qrref.is_valid(ref) for ref in refs)


@pytest.mark.parametrize(
    "typed",
    [
        REF,
        REF.lower(),
        REF.replace("-", ""),
        " " + REF.replace("-", " ") + " ",
        REF[1:],  # the leading Q left out
        REF.replace("-", "").lower()[1:],
        "q 7kq2 mxa " + REF[-1],
        REF.replace("-", ".").replace("7", "៧").replace("2", "២"),  # Khmer digits
    ],
)
def test_reference_reads_back_however_it_was_typed(typed):
    assert qrref.parse(typed) == REF


def test_look_alike_letters_read_as_digits():
    ref = qrref.format_ref("01A1B0C")
    assert qrref.parse(ref.replace("0", "O").replace("1", "I")) == ref
    assert qrref.parse(ref.replace("1", "l").replace("0", "o")) == ref


def test_a_body_that_starts_with_q_reads_back_without_the_prefix():
    ref = qrref.format_ref("QQ12345")
    assert ref.startswith("QQQ12")
    assert qrref.parse(ref) == ref
    assert qrref.parse(ref[1:]) == ref


def _one_wrong(compact: str):
    for i, ch in enumerate(compact):
        for other in regno.ALPHABET:
            if other != ch:
                yield compact[:i] + other + compact[i + 1:]


@pytest.mark.parametrize("body", ["7KQ2MXA", "0000000", "ZZZZZZZ", "QABCDEF"])
def test_every_single_wrong_character_after_the_prefix_is_caught(body):
    compact = qrref.format_ref(body).replace("-", "")
    for wrong in _one_wrong(compact[1:]):
        assert qrref.parse("Q" + wrong) is None, wrong


@pytest.mark.parametrize("body", ["7KQ2MXA", "0123456", "ZYXWVTS"])
def test_every_swap_of_neighbours_is_caught(body):
    compact = qrref.format_ref(body).replace("-", "")[1:]
    for i in range(len(compact) - 1):
        a, b = compact[i], compact[i + 1]
        if a == b:
            continue
        swapped = compact[:i] + b + a + compact[i + 2:]
        assert qrref.parse("Q" + swapped) is None, swapped


@pytest.mark.parametrize(
    "text",
    ["", "Q", "Q7KQ2-MXA", "Q7KQ2-MXA44", "R7KQ2-MXA4", "Q7KQ2-MXAU", "0502-7KQ2MX-00042-X", None],
)
def test_what_is_not_a_reference_is_refused(text):
    assert qrref.parse(text) is None


def test_registration_number_is_not_mistaken_for_a_reference():
    number = regno.format_number("0502", "7KQ2MX", 42)
    assert not qrref.is_valid(number)


@pytest.mark.parametrize("body", ["", "7KQ2MX", "7KQ2MXAB", "7KQ2MXU", "7kq2mxa"])
def test_format_refuses_a_malformed_body(body):
    with pytest.raises(ValueError):
        qrref.format_ref(body)
