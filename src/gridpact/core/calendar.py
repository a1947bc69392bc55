"""The calendar of the Algemene termijnenwet (Atw): which days are not working days. No Django here.

A day is not a working day when it is a Saturday, a Sunday or an *algemeen erkende feestdag*
(art. 3 Atw), which includes Good Friday (art. 3 lid 2) and the days a royal decree puts on a par
(art. 3 lid 3). Decreed days are data: `DECREED_DAYS` holds the known ones and every calendar takes
its own mapping, so that an administrator can add the next decree without a code change.
See docs/calendar.md for sources and worked examples.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

# The average month (in days) that delays are reported in: the schedule, the status rules and the
# delay labels on every page use this one number, so a row and its total agree.
DAYS_PER_MONTH = 365.25 / 12

DAY_NAMES_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTH_NAMES_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# King's Day on 27 April (with the Sunday exception) exists since 2014; earlier years had
# Koninginnedag on other dates, which this calendar does not model.
FIRST_SUPPORTED_YEAR = 2014

_DECREE_2023_2025 = "gelijkgestelde dag (Besluit gelijkstelling 2023-2025)"
_DECREE_2026_2028 = "gelijkgestelde dag (Besluit gelijkstelling 2026-2028)"

DECREED_DAYS: dict[date, str] = {
    date(2023, 4, 28): _DECREE_2023_2025,
    date(2023, 5, 19): _DECREE_2023_2025,
    date(2024, 5, 10): _DECREE_2023_2025,
    date(2024, 12, 27): _DECREE_2023_2025,
    date(2025, 5, 30): _DECREE_2023_2025,
    date(2026, 1, 2): _DECREE_2026_2028,
    date(2026, 5, 15): _DECREE_2026_2028,
    date(2027, 5, 7): _DECREE_2026_2028,
    date(2028, 4, 28): _DECREE_2026_2028,
    date(2028, 5, 26): _DECREE_2026_2028,
}
"""Days put on a par with a feast day by royal decree (art. 3 lid 3 Atw), as known in 2025."""

ONE_DAY = timedelta(days=1)


def format_date_nl(day: date, *, weekday: bool = True) -> str:
    """A date the way Dutch users read it: "maandag 27 april 2026" (or "27 april 2026")."""
    text = f"{day.day} {MONTH_NAMES_NL[day.month - 1]} {day.year}"
    return f"{DAY_NAMES_NL[day.weekday()]} {text}" if weekday else text


def easter_sunday(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher)."""
    if year < 1583:
        raise ValueError(f"the Gregorian computus starts in 1583, not {year}")
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    moon_correction = (century - (century + 8) // 25 + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon_correction + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    to_sunday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * to_sunday) // 451
    month, day = divmod(epact + to_sunday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day King's Day is celebrated: 27 April, or Saturday 26 April when the 27th is a Sunday.

    Source: Besluit van 30 januari 2013 houdende vaststelling en aanduiding van de
    zevenentwintigste april als Koningsdag (Stcrt. 2013, 4075), "behoudens uitzonderingen in
    verband met zondagen"; the Sunday exception moves the celebration to the day before.
    """
    _check_supported(year)
    day = date(year, 4, 27)
    return day - ONE_DAY if day.weekday() == 6 else day


def atw_feast_days(year: int, decreed_days: Mapping[date, str] = DECREED_DAYS) -> dict[date, str]:
    """All feast days of `year` in the sense of art. 3 Atw, by date, with their Dutch names.

    The statutory days (lid 1), Good Friday (lid 2), the decreed days of that year taken from
    `decreed_days` (lid 3), and Easter Sunday and Whit Sunday, which are Sundays anyway. Two
    feasts on one date (Ascension on 5 May) share the entry: "Hemelvaartsdag en Bevrijdingsdag".
    """
    days = dict(_statutory_feast_days(year))
    for day, name in decreed_days.items():
        if day.year == year:
            days[day] = _joined(days.get(day), name)
    return dict(sorted(days.items()))


@lru_cache(maxsize=256)
def _statutory_feast_days(year: int) -> Mapping[date, str]:
    _check_supported(year)
    easter = easter_sunday(year)
    named = [
        (date(year, 1, 1), "Nieuwjaarsdag"),
        (easter - timedelta(days=2), "Goede Vrijdag"),
        (easter, "Eerste Paasdag"),
        (easter + ONE_DAY, "Tweede Paasdag"),
        (kings_day(year), "Koningsdag"),
        (date(year, 5, 5), "Bevrijdingsdag"),
        (easter + timedelta(days=39), "Hemelvaartsdag"),
        (easter + timedelta(days=49), "Eerste Pinksterdag"),
        (easter + timedelta(days=50), "Tweede Pinksterdag"),
        (date(year, 12, 25), "Eerste Kerstdag"),
        (date(year, 12, 26), "Tweede Kerstdag"),
    ]
    days: dict[date, str] = {}
    for day, name in named:
        days[day] = _joined(days.get(day), name)
    return MappingProxyType(days)


def _joined(existing: str | None, name: str) -> str:
    return name if existing is None else f"{existing} en {name}"


def _check_supported(year: int) -> None:
    if year < FIRST_SUPPORTED_YEAR:
        raise ValueError(
            f"the Atw calendar is modelled from {FIRST_SUPPORTED_YEAR} (King's Day on 27 April); "
            f"{year} is earlier"
        )


@dataclass(frozen=True)
class AtwCalendar:
    """The Atw calendar with a given set of decreed days (default: the known `DECREED_DAYS`).

    The Django layer builds one from its table of decreed days, which an administrator extends
    when a new decree is published; tests build one with the days they need.
    """

    decreed_days: Mapping[date, str] = field(default_factory=lambda: DECREED_DAYS)

    def __post_init__(self) -> None:
        # A private read-only copy: a caller mutating its dict later must not change this calendar.
        object.__setattr__(self, "decreed_days", MappingProxyType(dict(self.decreed_days)))

    def reason_not_working(self, day: date) -> str | None:
        """Why `day` is not a working day ("Koningsdag", "zaterdag", …), or None if it is one.

        A feast day's name wins over the weekday: Saturday 26 April 2025 gives "Koningsdag".
        """
        feasts = [
            name
            for name in (_statutory_feast_days(day.year).get(day), self.decreed_days.get(day))
            if name
        ]
        if feasts:
            return " en ".join(feasts)
        if day.weekday() >= 5:
            return DAY_NAMES_NL[day.weekday()]
        return None

    def is_non_working_day(self, day: date) -> bool:
        """Is `day` a Saturday, Sunday or feast day in the sense of the Atw?"""
        return self.reason_not_working(day) is not None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        day += ONE_DAY
        while self.is_non_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` ("binnen 10 werkdagen"); `day` itself if 0."""
        if count < 0:
            raise ValueError(f"count must be zero or more, not {count}")
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_before(self, day: date, count: int) -> date:
        """The `count`-th working day before `day` (for "alert 10 werkdagen vóór de termijn")."""
        if count < 0:
            raise ValueError(f"count must be zero or more, not {count}")
        for _ in range(count):
            day -= ONE_DAY
            while self.is_non_working_day(day):
                day -= ONE_DAY
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days after `start` up to and including `end`.

        So `working_days_between(d, add_working_days(d, n)) == n`. Negative when `end` lies
        before `start`.
        """
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            not self.is_non_working_day(start + timedelta(days=offset))
            for offset in range(1, (end - start).days + 1)
        )
