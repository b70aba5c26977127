from __future__ import annotations

import itertools

import pytest

from app.domain import regno

NUMBER = regno.format_number("0502", "7KQ2MX", 42)


def test_number_has_the_designed_shape():
    district, tag, seq, check = NUMBER.split("-")
    assert (district, tag, seq) == ("0502", "7KQ2MX", "00042")
    assert len(check) == 1 and check in regno.ALPHABET


def test_number_reads_back_with_or_without_dashes_and_in_lower_case():
    parsed = regno.parse(NUMBER)
    assert parsed == regno.RegistrationNumber("0502", "7KQ2MX", 42)
    assert regno.parse(NUMBER.replace("-", "").lower()) == parsed
    assert regno.parse(" " + NUMBER.replace("-", " ") + " ") == parsed


def test_khmer_digits_are_read():
    khmer = NUMBER.translate(str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩"))
    assert regno.parse(khmer) == regno.parse(NUMBER)


def _variants_one_wrong(body: str):
    for i, ch in enumerate(body):
        for other in regno.ALPHABET:
            if other != ch:
                yield body[:i] + other + body[i + 1:]


@pytest.mark.parametrize("seq", [1, 42, 99999, 123456])
def test_every_single_wrong_character_is_caught(seq):
    compact = regno.compact(regno.format_number("1204", "ABCDEF", seq))
    for wrong in _variants_one_wrong(compact):
        assert regno.parse(wrong) is None, (compact, wrong)


@pytest.mark.parametrize("seq", [7, 31337, 100001])
def test_every_swap_of_neighbours_is_caught(seq):
    compact = regno.compact(regno.format_number("0102", "Z9Y8X7", seq))
    for i in range(len(compact) - 1):
        swapped = compact[:i] + compact[i + 1] + compact[i] + compact[i + 2:]
        if swapped != compact:
            assert regno.parse(swapped) is None, (compact, swapped)


def test_sequence_grows_past_five_digits():
    number = regno.format_number("0502", "7KQ2MX", 100_000)
    assert number.split("-")[2] == "100000"
    assert regno.parse(number).seq == 100_000


def test_look_alike_letters_are_read_as_digits():
    district, tag, seq, check = regno.format_number("0101", "10ABCD", 5).split("-")
    typed = f"{district}-{tag.replace('1', 'I').replace('0', 'O')}-{seq}-{check}"
    assert regno.parse(typed) == regno.RegistrationNumber("0101", "10ABCD", 5)


@pytest.mark.parametrize(
    "bad", ["", "0502", "0502-7KQ2MX-00042", "0502-7KQ2MX-00042-", "x" * 200, "'; DROP TABLE"]
)
def test_malformed_numbers_are_refused(bad):
    assert regno.parse(bad) is None


@pytest.mark.parametrize("district,tag,seq", [("502", "7KQ2MX", 1), ("0502", "7KQ2M", 1),
                                              ("0502", "7KQ2MU", 1), ("0502", "7KQ2MX", 0)])
def test_format_refuses_bad_parts(district, tag, seq):
    with pytest.raises(ValueError):
        regno.format_number(district, tag, seq)


def test_device_tags_are_random_crockford():
    tags = {regno.new_device_tag() for _ in range(200)}
    assert len(tags) == 200
    assert all(regno.is_device_tag(t) for t in tags)
    assert not set(itertools.chain.from_iterable(tags)) & set("ILOU")
