"""The Algemene termijnenwet calendar, checked against the real calendar of 2023-2028."""

import calendar as gregorian
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridpact.core.calendar import (
    DECREED_DAYS,
    AtwCalendar,
    atw_feast_days,
    easter_sunday,
    format_date_nl,
    kings_day,
)

ATW = AtwCalendar()
days_2015_2035 = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def weekday(day: date) -> str:
    """The English weekday name from the standard library, to check the dates used below."""
    return gregorian.day_name[day.weekday()]


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1818, date(1818, 3, 22)),  # earliest possible
        (1943, date(1943, 4, 25)),  # latest possible
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),
        (2285, date(2285, 3, 22)),
    ],
)
def test_easter_sunday_known_years(year, easter):
    assert easter_sunday(year) == easter


def lichtenberg_easter(year: int) -> date:
    """Easter by Gauss's formula in Lichtenberg's form: an independent oracle."""
    century = year // 100
    moon_key = 15 + (3 * century + 3) // 4 - (8 * century + 13) // 25
    sun_key = 2 - (3 * century + 3) // 4
    cycle = year % 19
    full_moon_offset = (19 * cycle + moon_key) % 30
    correction = (full_moon_offset + cycle // 11) // 29
    full_moon = 21 + full_moon_offset - correction
    first_sunday = 7 - (year + year // 4 + sun_key) % 7
    easter_in_march = full_moon + 7 - (full_moon - first_sunday) % 7
    return date(year, 3, 1) + timedelta(days=easter_in_march - 1)


@given(st.integers(min_value=1583, max_value=9999))
def test_easter_sunday_agrees_with_gauss(year):
    easter = easter_sunday(year)
    assert easter == lichtenberg_easter(year)
    assert weekday(easter) == "Sunday"
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


def test_easter_before_the_gregorian_calendar_is_refused():
    with pytest.raises(ValueError, match="1583"):
        easter_sunday(1500)


def test_feast_days_2026_complete():
    gelijkgesteld = "gelijkgestelde dag (Besluit gelijkstelling 2026-2028)"
    assert atw_feast_days(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 1, 2): gelijkgesteld,
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 5): "Eerste Paasdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",  # 2026 is no lustrum year: still a feast day
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 15): gelijkgesteld,
        date(2026, 5, 24): "Eerste Pinksterdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }


def test_feast_days_2026_fall_on_the_expected_weekdays():
    expected = {
        date(2026, 1, 1): "Thursday",
        date(2026, 1, 2): "Friday",
        date(2026, 4, 3): "Friday",
        date(2026, 4, 5): "Sunday",
        date(2026, 4, 6): "Monday",
        date(2026, 4, 27): "Monday",
        date(2026, 5, 5): "Tuesday",
        date(2026, 5, 14): "Thursday",
        date(2026, 5, 15): "Friday",
        date(2026, 5, 24): "Sunday",
        date(2026, 5, 25): "Monday",
        date(2026, 12, 25): "Friday",
        date(2026, 12, 26): "Saturday",
    }
    assert {day: weekday(day) for day in atw_feast_days(2026)} == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2014, date(2014, 4, 26)),  # 27 April 2014 was a Sunday
        (2024, date(2024, 4, 27)),
        (2025, date(2025, 4, 26)),  # 27 April 2025 was a Sunday
        (2026, date(2026, 4, 27)),
        (2031, date(2031, 4, 26)),  # 27 April 2031 is a Sunday
    ],
)
def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday(year, expected):
    assert kings_day(year) == expected
    assert atw_feast_days(year)[expected] == "Koningsdag"
    moved = weekday(date(year, 4, 27)) == "Sunday"
    assert expected.day == (26 if moved else 27)
    assert weekday(expected) != "Sunday"


def test_kings_day_2025_is_saturday_26_april_and_27_april_is_only_a_sunday():
    assert ATW.reason_not_working(date(2025, 4, 26)) == "Koningsdag"
    assert ATW.reason_not_working(date(2025, 4, 27)) == "zondag"


def test_every_known_decreed_day_is_a_friday_and_a_non_working_day():
    assert len(DECREED_DAYS) == 10
    for day, name in DECREED_DAYS.items():
        assert weekday(day) == "Friday"
        assert name.startswith("gelijkgestelde dag")
        assert ATW.reason_not_working(day) == name


def test_decreed_days_are_data_the_caller_supplies():
    without_decrees = AtwCalendar(decreed_days={})
    extra = AtwCalendar(decreed_days={date(2029, 5, 11): "gelijkgestelde dag (Besluit 2029)"})

    assert not without_decrees.is_non_working_day(date(2026, 1, 2))
    assert ATW.is_non_working_day(date(2026, 1, 2))
    assert extra.reason_not_working(date(2029, 5, 11)) == "gelijkgestelde dag (Besluit 2029)"
    assert date(2029, 5, 11) in atw_feast_days(2029, extra.decreed_days)
    assert date(2029, 5, 11) not in atw_feast_days(2029)


def test_a_calendar_keeps_its_own_copy_of_the_decreed_days():
    decreed = {date(2029, 5, 11): "gelijkgestelde dag"}
    calendar = AtwCalendar(decreed_days=decreed)
    decreed[date(2029, 5, 4)] = "later toegevoegd"
    assert not calendar.is_non_working_day(date(2029, 5, 4))


def test_two_feasts_on_one_day_share_the_entry():
    # In 2016 Ascension Day fell on 5 May.
    assert atw_feast_days(2016)[date(2016, 5, 5)] == "Bevrijdingsdag en Hemelvaartsdag"
    assert (
        AtwCalendar({date(2026, 5, 14): "gelijkgesteld"}).reason_not_working(date(2026, 5, 14))
        == "Hemelvaartsdag en gelijkgesteld"
    )


def test_years_before_kings_day_are_refused():
    with pytest.raises(ValueError, match="2014"):
        atw_feast_days(2013)


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2026, 3, 4), None),  # an ordinary Wednesday
        (date(2026, 3, 7), "zaterdag"),
        (date(2026, 3, 8), "zondag"),
        (date(2026, 4, 3), "Goede Vrijdag"),
        (date(2026, 4, 5), "Eerste Paasdag"),  # the feast's name wins over "zondag"
        (date(2026, 4, 6), "Tweede Paasdag"),
        (date(2026, 5, 5), "Bevrijdingsdag"),
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 25), "Tweede Pinksterdag"),
        (date(2026, 12, 26), "Tweede Kerstdag"),  # and over "zaterdag"
        (date(2026, 12, 31), None),
        (date(2027, 1, 1), "Nieuwjaarsdag"),
        (date(2027, 5, 5), "Bevrijdingsdag"),
        (date(2027, 5, 6), "Hemelvaartsdag"),
        (date(2027, 5, 7), "gelijkgestelde dag (Besluit gelijkstelling 2026-2028)"),
    ],
)
def test_reason_not_working(day, reason):
    assert ATW.reason_not_working(day) == reason
    assert ATW.is_non_working_day(day) is (reason is not None)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 4), date(2026, 3, 5)),  # Wednesday → Thursday
        (date(2026, 3, 6), date(2026, 3, 9)),  # Friday → Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # over Easter: Good Friday to Easter Monday
        (date(2026, 5, 13), date(2026, 5, 18)),  # over Ascension and the decreed Friday
        (date(2025, 12, 24), date(2025, 12, 29)),  # Christmas on Thursday and Friday
        (date(2025, 12, 31), date(2026, 1, 5)),  # New Year, decreed 2 January, weekend
    ],
)
def test_next_working_day(day, expected):
    assert ATW.next_working_day(day) == expected


def test_ten_working_days_over_kings_day_and_liberation_day():
    # Raised on Friday 24 April 2026: Monday 27 April (Koningsdag) and Tuesday 5 May
    # (Bevrijdingsdag) do not count, so the tenth working day is Tuesday 12 May.
    assert ATW.add_working_days(date(2026, 4, 24), 10) == date(2026, 5, 12)
    assert ATW.working_days_between(date(2026, 4, 24), date(2026, 5, 12)) == 10


def test_add_working_days_zero_and_negative():
    assert ATW.add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)
    with pytest.raises(ValueError):
        ATW.add_working_days(date(2026, 3, 7), -1)


def test_working_days_between_counts_after_start_up_to_end():
    monday, friday = date(2026, 3, 2), date(2026, 3, 6)
    assert ATW.working_days_between(monday, friday) == 4
    assert ATW.working_days_between(friday, monday) == -4
    assert ATW.working_days_between(monday, monday) == 0
    # The whole of 2026: 261 weekdays, of which 10 are feast or decreed days.
    assert ATW.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 251


@pytest.mark.parametrize(
    ("day", "weekday_too", "text"),
    [
        (date(2026, 4, 27), True, "maandag 27 april 2026"),
        (date(2025, 3, 25), False, "25 maart 2025"),
        (date(2026, 1, 1), True, "donderdag 1 januari 2026"),
    ],
)
def test_format_date_nl(day, weekday_too, text):
    assert format_date_nl(day, weekday=weekday_too) == text


@given(days_2015_2035, st.integers(min_value=0, max_value=60))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(day, count):
    result = ATW.add_working_days(day, count)
    assert ATW.working_days_between(day, result) == count
    if count:
        assert not ATW.is_non_working_day(result)


@given(days_2015_2035)
def test_next_working_day_skips_only_non_working_days(day):
    following = ATW.next_working_day(day)
    assert following > day
    assert not ATW.is_non_working_day(following)
    between = (day + timedelta(days=offset) for offset in range(1, (following - day).days))
    assert all(ATW.is_non_working_day(skipped) for skipped in between)


def test_working_days_before_skips_weekends_and_feast_days():
    calendar = AtwCalendar()
    # 10 working days before Thu 7 May 2026 skips Bevrijdingsdag (5 May) and Koningsdag (27 April).
    assert calendar.working_days_before(date(2026, 5, 7), 10) == date(2026, 4, 21)
    assert calendar.working_days_before(date(2026, 5, 7), 0) == date(2026, 5, 7)
    # and is the inverse of add_working_days from a working day
    assert calendar.add_working_days(date(2026, 4, 21), 10) == date(2026, 5, 7)
