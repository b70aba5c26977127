"""Tests of app.domain.digits and app.domain.khmerdate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from app.domain import khmerdate
from app.domain.digits import parse_int, to_ascii_digits, to_khmer_digits
from app.domain.khmerdate import (
    MONTHS_EN,
    MONTHS_KM,
    PHNOM_PENH,
    format_date,
    format_number,
    to_local,
    today_phnom_penh,
)

# ---- digits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ascii"),
    [
        ("០១២៣៤៥៦៧៨៩", "0123456789"),  # Khmer
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),  # Thai
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),  # Arabic-Indic
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),  # Extended Arabic-Indic
        ("０１２", "012"),  # fullwidth
        ("លេខ ១២ abc", "លេខ 12 abc"),
        ("0123456789", "0123456789"),
        ("", ""),
        ("ស្រី", "ស្រី"),
    ],
)
def test_to_ascii_digits(text: str, ascii: str) -> None:
    assert to_ascii_digits(text) == ascii


@pytest.mark.parametrize(
    ("text", "khmer"),
    [
        ("0123456789", "០១២៣៤៥៦៧៨៩"),
        ("2026", "២០២៦"),
        ("tel 012 345", "tel ០១២ ៣៤៥"),
        ("๑๒", "១២"),  # other digit sets become Khmer too
        ("១២", "១២"),
        ("abc", "abc"),
    ],
)
def test_to_khmer_digits(text: str, khmer: str) -> None:
    assert to_khmer_digits(text) == khmer


def test_digit_round_trip() -> None:
    for n in range(0, 100_000, 7):
        text = str(n)
        khmer = to_khmer_digits(text)
        assert all("\u17e0" <= ch <= "\u17e9" for ch in khmer)
        assert to_ascii_digits(khmer) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5),
        (0, 0),
        (-4, -4),
        ("5", 5),
        (" ១២៣ ", 123),
        ("1,500", 1500),
        ("១,៥០០", 1500),
        ("1 500", 1500),
        ("១ ៥០០", 1500),
        ("1\u00a0500", 1500),  # no-break space from spreadsheets
        ("1\u202f500", 1500),  # narrow no-break space
        ("12,345,678", 12_345_678),
        ("๑๒", 12),
        ("٤٢", 42),
        ("-3", -3),
        ("+7", 7),
        ("007", 7),
        ("\ufeff42", 42),
        ("\u200b42\u200b", 42),
        ("\t42\n", 42),
        ("1២", 12),
    ],
)
def test_parse_int_accepts(value: object, expected: int) -> None:
    result = parse_int(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        1.0,
        1.5,
        Decimal("1"),
        [1],
        "",
        "   ",
        "1.5",
        "12.0",
        "1e3",
        "1_000",
        "abc",
        "12a",
        "1,00",  # decimal comma in some locales, not a grouping
        "1,0000",
        "12 34",
        "1,000 000",  # mixed separators
        ",100",
        "100,",
        "--1",
        "- 1",
        "+",
        "0x1F",
        "١٢.٥",
        "1" * 5000,  # more digits than Python converts
    ],
)
def test_parse_int_rejects(value: object) -> None:
    assert parse_int(value) is None


# ---- dates and numbers ----------------------------------------------------------------


def test_khmer_month_names() -> None:
    assert list(MONTHS_KM) == [
        "មករា",
        "កុម្ភៈ",
        "មីនា",
        "មេសា",
        "ឧសភា",
        "មិថុនា",
        "កក្កដា",
        "សីហា",
        "កញ្ញា",
        "តុលា",
        "វិច្ឆិកា",
        "ធ្នូ",
    ]
    assert len(MONTHS_EN) == 12
    assert MONTHS_EN[10] == "November"


@pytest.mark.parametrize(
    ("d", "lang", "khmer_digits", "expected"),
    [
        (date(2026, 11, 25), "km", True, "២៥ វិច្ឆិកា ២០២៦"),
        (date(2026, 11, 25), "km", False, "25 វិច្ឆិកា 2026"),
        (date(2026, 11, 25), "en", False, "25 November 2026"),
        (date(2026, 11, 25), "en", True, "25 November 2026"),  # never Khmer digits in English
        (date(2026, 1, 5), "km", True, "៥ មករា ២០២៦"),
        (date(2025, 2, 28), "km_KH.UTF-8", False, "28 កុម្ភៈ 2025"),
        (date(2025, 12, 31), "km-KH", True, "៣១ ធ្នូ ២០២៥"),
        (date(2024, 2, 29), "en_GB", False, "29 February 2024"),
        (datetime(2026, 4, 14, 23, 0), "km", True, "១៤ មេសា ២០២៦"),
    ],
)
def test_format_date(d: date, lang: str, khmer_digits: bool, expected: str) -> None:
    assert format_date(d, lang, khmer_digits) == expected


def test_format_date_defaults_to_khmer_with_khmer_digits() -> None:
    assert format_date(date(2026, 7, 9)) == "៩ កក្កដា ២០២៦"


@pytest.mark.parametrize("month", range(1, 13))
def test_format_date_every_month(month: int) -> None:
    expected_km = [
        "មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា",
        "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ",
    ][month - 1]  # fmt: skip
    expected_en = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ][month - 1]  # fmt: skip
    assert format_date(date(2026, month, 1), "km", False) == f"1 {expected_km} 2026"
    assert format_date(date(2026, month, 1), "en") == f"1 {expected_en} 2026"


@pytest.mark.parametrize(
    ("n", "khmer_digits", "expected"),
    [
        (0, True, "០"),
        (1500, True, "១៥០០"),
        (1500, False, "1500"),
        (-3, True, "-៣"),
        (910000, True, "៩១០០០០"),
    ],
)
def test_format_number(n: int, khmer_digits: bool, expected: str) -> None:
    assert format_number(n, khmer_digits) == expected


@pytest.mark.parametrize("bad", [True, 1.5, "12", None])
def test_format_number_rejects_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        format_number(bad)  # type: ignore[arg-type]


# ---- Phnom Penh clock ---------------------------------------------------------------


@pytest.mark.parametrize("month", [1, 4, 7, 10])
def test_phnom_penh_is_utc_plus_7_all_year(month: int) -> None:
    moment = datetime(2026, month, 15, 12, 0, tzinfo=UTC)
    assert moment.astimezone(PHNOM_PENH).utcoffset() == timedelta(hours=7)


def test_phnom_penh_uses_the_time_zone_database_when_present() -> None:
    # tzdata is a dependency, so the real zone must load, not the fallback.
    assert isinstance(PHNOM_PENH, ZoneInfo)
    assert PHNOM_PENH.key == "Asia/Phnom_Penh"


@pytest.mark.parametrize("error", [ZoneInfoNotFoundError, OSError, ValueError])
def test_phnom_penh_falls_back_to_fixed_offset(error: type[Exception]) -> None:
    def missing(key: str) -> ZoneInfo:
        raise error(key)

    zone = khmerdate._load_phnom_penh(missing)
    assert zone is khmerdate.PHNOM_PENH_FIXED
    for month in (1, 7):
        moment = datetime(2026, month, 1, tzinfo=UTC)
        assert moment.astimezone(zone).utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    ("dt", "local"),
    [
        (datetime(2026, 11, 24, 20, 0, tzinfo=UTC), datetime(2026, 11, 25, 3, 0)),
        (datetime(2026, 11, 24, 20, 0), datetime(2026, 11, 25, 3, 0)),  # naive is UTC
        (datetime(2026, 11, 24, 10, 0), datetime(2026, 11, 24, 17, 0)),
        (
            datetime(2026, 11, 24, 15, 0, tzinfo=timezone(timedelta(hours=-5))),
            datetime(2026, 11, 25, 3, 0),
        ),
    ],
)
def test_to_local(dt: datetime, local: datetime) -> None:
    result = to_local(dt)
    assert result.utcoffset() == timedelta(hours=7)
    assert result.replace(tzinfo=None) == local


@pytest.mark.parametrize(
    ("now", "today"),
    [
        (datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC), date(2026, 12, 31)),
        (datetime(2026, 12, 31, 17, 0, 0, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2026, 12, 31, 17, 0, 0), date(2027, 1, 1)),
        (datetime(2026, 6, 1, 0, 0, tzinfo=UTC), date(2026, 6, 1)),
    ],
)
def test_today_phnom_penh_at_a_given_instant(now: datetime, today: date) -> None:
    assert today_phnom_penh(now=now) == today


def test_today_phnom_penh_now() -> None:
    before = datetime.now(UTC)
    today = today_phnom_penh()
    after = datetime.now(UTC)
    assert today in {(before + timedelta(hours=7)).date(), (after + timedelta(hours=7)).date()}


@pytest.mark.parametrize(("lang", "khmer_digits"), [("km", True), ("km", False), ("en", False)])
def test_a_date_the_window_writes_reads_back(lang, khmer_digits):
    from app.domain.khmerdate import read_date_words

    for day in (date(1995, 3, 15), date(2026, 11, 25), date(2000, 2, 29), date(1990, 1, 1)):
        assert read_date_words(format_date(day, lang, khmer_digits)) == day.isoformat()


@pytest.mark.parametrize("text", ["15 Mar 1995", "15 march 1995", " 15  March 1995 ",
                                  "១៥ មីនា ១៩៩៥", "15 មីនា 1995"])
def test_date_words_take_the_usual_spellings(text):
    from app.domain.khmerdate import read_date_words

    assert read_date_words(text) == "1995-03-15"


@pytest.mark.parametrize("text", ["31 February 1995", "15 Marchh 1995", "15/03/1995",
                                  "1995-03-15", "March 1995", ""])
def test_other_text_is_no_date_in_words(text):
    from app.domain.khmerdate import read_date_words

    assert read_date_words(text) is None


def test_the_command_line_writes_a_submission_time_as_the_window_writes_dates():
    from app.cli import _when

    # The CLI's words are English unless LANG names Khmer; Phnom Penh is UTC+7.
    assert _when("2026-11-25T07:05:00Z") == "25 November 2026 14:05"
    assert _when("not a time") == "not a time"
