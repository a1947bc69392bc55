"""The public promise and who waits for it: plain functions over plain values, no Django.

The capacity map (*capaciteitskaart*) tells the public when a grid work is expected, as text
("2027", "2033 - 2035", "Tussen 2031 en 2033"), sometimes with a start and end date. This module
reads that text into a `PublicRange`, compares a forecast with it, decides which public date is in
force while the published dates churn, and does the waiting-list arithmetic. Decision 0028
explains the choices (docs/decisions/0028-public-promise.md).

Months are counted as everywhere else in GridPact: days divided by the average month
(`core.calendar.DAYS_PER_MONTH`), to one decimal (`projects.schedule.delay_months`).
"""

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from gridpact.projects.schedule import delay_months

INSIDE, EARLIER, LATER = "inside", "earlier", "later"

# Years outside this window are typing errors, not promises.
_FIRST_YEAR, _LAST_YEAR = 1900, 2199
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_ONE_YEAR = re.compile(r"(\d{4})")
# "2033 - 2035", "2033-2035", "Tussen 2031 en 2033", "van 2031 tot 2033", "2031 t/m 2033"
_TWO_YEARS = re.compile(r"(?:tussen |van )?(\d{4}) ?(?:-|en|tot en met|t/m|tot) ?(\d{4})")
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


@dataclass(frozen=True, eq=False)
class PublicRange:
    """A public date range: from 1 January of the first year to 31 December of the last.

    Exact `start` and `end` dates, when the publication gives them, narrow the range within
    those years. Two ranges are the same promise when they cover the same days.
    """

    first_year: int
    last_year: int
    start: date | None = None
    end: date | None = None

    @property
    def earliest_day(self) -> date:
        return self.start or date(self.first_year, 1, 1)

    @property
    def latest_day(self) -> date:
        return self.end or date(self.last_year, 12, 31)

    @property
    def label(self) -> str:
        """The years as a reader writes them: "2027" or "2033–2035"."""
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicRange):
            return NotImplemented
        return (self.earliest_day, self.latest_day) == (other.earliest_day, other.latest_day)

    def __hash__(self) -> int:
        return hash((self.earliest_day, self.latest_day))


def _years(text: str) -> tuple[int, int] | None:
    cleaned = " ".join(text.replace("\u00a0", " ").translate(_DASHES).lower().split())
    if found := _ONE_YEAR.fullmatch(cleaned):
        first = last = int(found.group(1))
    elif found := _TWO_YEARS.fullmatch(cleaned):
        first, last = int(found.group(1)), int(found.group(2))
    else:
        return None
    if not _FIRST_YEAR <= first <= last <= _LAST_YEAR:
        return None
    return first, last


class _Unreadable(ValueError):
    pass


def _day(value: date | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    found = _ISO_DAY.fullmatch(text)
    if not found:
        raise _Unreadable(text)
    try:
        return date.fromisoformat(found.group(1))
    except ValueError as error:
        raise _Unreadable(text) from error


def parse_public_date(
    text: str | None, start: date | str | None = None, end: date | str | None = None
) -> PublicRange | None:
    """Read the public map's date text (and its start and end date when given) as a range.

    Accepts a year ("2027"), two years with a dash of any kind or spacing ("2033 - 2035",
    "2033–2035") and the Dutch forms "Tussen 2031 en 2033", "van 2031 tot 2033", "2031 t/m 2033".
    `start` and `end` are dates, datetimes or ISO text ("2029-01-01 00:00:00"); `end` is the
    last day (inclusive), as the map's `endDate` is. Without text the dates alone make the range
    (an end date is then required).

    Returns None when anything given cannot be read, when the years run backwards, or when the
    dates contradict the text (the start not in the first year, the end not in the last): the
    caller reports the problem with the value it read.
    """
    try:
        first_day, last_day = _day(start), _day(end)
    except _Unreadable:
        return None
    if first_day and last_day and first_day > last_day:
        return None
    if text is not None and text.strip():
        years = _years(text)
        if years is None:
            return None
        first, last = years
        if (first_day and first_day.year != first) or (last_day and last_day.year != last):
            return None
        return PublicRange(first, last, first_day, last_day)
    if last_day is None:
        return None
    first = first_day.year if first_day else last_day.year
    if not _FIRST_YEAR <= first <= last_day.year <= _LAST_YEAR:
        return None
    return PublicRange(first, last_day.year, first_day, last_day)


def range_from_interval(
    *,
    start: date | str | None = None,
    end: date | str | None = None,
    year: int | None = None,
    quarter: int | None = None,
) -> PublicRange | None:
    """A range from the information model's `DateTimeInterval` (start, end, year, quarter).

    The model's `end` is exclusive, so the range ends the day before it. A year with a quarter is
    that quarter; a year alone is that year. None when the interval cannot be read.
    """
    if year is not None:
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            return None
        if quarter is None:
            return PublicRange(year, year)
        if not 1 <= quarter <= 4:
            return None
        first_day = date(year, 3 * quarter - 2, 1)
        after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return PublicRange(year, year, first_day, after - timedelta(days=1))
    try:
        after = _day(end)
    except _Unreadable:
        return None
    if after is None:
        return None
    return parse_public_date(None, start, after - timedelta(days=1))


def _half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def years_and_months(months: float) -> tuple[int, int]:
    """A number of months as whole years and the months left, for wording: 42.1 → (3, 6)."""
    return divmod(_half_up(abs(months)), 12)


def about_years(months: float) -> int:
    """A number of months as the nearest whole number of years (half up): 42.1 → 4."""
    return _half_up(abs(months) / 12)


@dataclass(frozen=True)
class Comparison:
    """Where a forecast lies against the public range, and how far outside it."""

    direction: str  # INSIDE, EARLIER or LATER
    days_outside: int  # 0 inside; else days before the earliest or after the latest day
    public: PublicRange

    @property
    def months_outside(self) -> float:
        return delay_months(self.days_outside)

    def wording(self) -> tuple[str, dict]:
        """A code and its values for the page to translate.

        Codes: "inside_public", "earlier_than_public", "later_than_public". Values: the range
        label, months outside (one decimal), the same as whole years plus months, and as about
        a whole number of years: June 2029 against "2033 - 2035" gives months 42.1, years 3,
        extra_months 6, about_years 4 ("4 jaar eerder dan publiek").
        """
        months = self.months_outside
        years, extra = years_and_months(months)
        code = "inside_public" if self.direction == INSIDE else f"{self.direction}_than_public"
        values = {
            "range": self.public.label,
            "months": months,
            "years": years,
            "extra_months": extra,
            "about_years": about_years(months),
        }
        return code, values


def compare(forecast: date, public: PublicRange) -> Comparison:
    """Is the forecast inside the public range, or earlier or later, and by how many days?"""
    if forecast < public.earliest_day:
        return Comparison(EARLIER, (public.earliest_day - forecast).days, public)
    if forecast > public.latest_day:
        return Comparison(LATER, (forecast - public.latest_day).days, public)
    return Comparison(INSIDE, 0, public)


@dataclass(frozen=True)
class Settled:
    """The public range in force, since when, and a newer value that is not confirmed yet."""

    range: PublicRange | None
    since: date | None  # the publication that put it in force
    pending: PublicRange | None = None  # the latest publication's value, when it differs

    @property
    def change_pending(self) -> bool:
        return self.pending is not None


def settled_public_range(history: Iterable[tuple[date, PublicRange | None]]) -> Settled:
    """The public date in force over a series of publications (snapshot date, range).

    Published dates churn, so a change counts only when two consecutive publications show the same
    new range; a single new value stays pending. The first publication is in force from the
    start (there is nothing earlier to change from). A publication without a readable range
    (None) neither confirms nor breaks a pair: it is left out.
    """
    readable = sorted(((day, r) for day, r in history if r is not None), key=lambda p: p[0])
    if not readable:
        return Settled(None, None)
    since, settled = readable[0]
    for (_, before), (day, after) in pairwise(readable):
        if after == before and after != settled:
            since, settled = day, after
    latest = readable[-1][1]
    return Settled(settled, since, latest if latest != settled else None)


@dataclass(frozen=True)
class AreaLink:
    """A project relieves a service area, whose waiting list holds this many MW and requests."""

    project: Hashable
    area: Hashable
    waiting_mw: Decimal
    requests: int


@dataclass(frozen=True)
class Waiting:
    mw: Decimal = Decimal(0)
    requests: int = 0
    areas: int = 0

    def __add__(self, other: "Waiting") -> "Waiting":
        return Waiting(self.mw + other.mw, self.requests + other.requests, self.areas + other.areas)


@dataclass(frozen=True)
class WaitingTotals:
    per_project: dict[Hashable, Waiting]
    programme: Waiting


def _areas(links: Iterable[AreaLink]) -> tuple[dict, dict]:
    """Each area's waiting list once, and each project's areas in the order first linked."""
    areas: dict[Hashable, Waiting] = {}
    projects: dict[Hashable, dict[Hashable, None]] = {}
    for link in links:
        waiting = Waiting(Decimal(link.waiting_mw), link.requests, 1)
        if areas.setdefault(link.area, waiting) != waiting:
            raise ValueError(f"area {link.area!r} is linked with two different waiting lists")
        projects.setdefault(link.project, {})[link.area] = None
    return areas, projects


def waiting_totals(links: Iterable[AreaLink]) -> WaitingTotals:
    """Who waits for each project and for the programme: every area counted once in every total.

    A project's figure is the sum over the distinct areas it relieves; the programme's is the
    sum over the distinct areas any project relieves, so an area relieved by three projects
    counts once there, not three times. Two links of one area must carry the same waiting list.
    """
    areas, projects = _areas(links)
    per_project = {
        project: sum((areas[a] for a in linked), Waiting()) for project, linked in projects.items()
    }
    return WaitingTotals(per_project, sum(areas.values(), Waiting()))


def slip_months(slip_days: int | None) -> Decimal:
    """Months of slip against the baseline, one decimal as shown everywhere; 0 for none or gain."""
    if slip_days is None or slip_days <= 0:
        return Decimal(0)
    return Decimal(str(delay_months(slip_days)))


def mw_months(waiting_mw: Decimal, slip_days: int | None) -> Decimal:
    """Waiting MW times months of slip: `waiting_mw × slip_months(slip_days)`, exact.

    0 when the project does not slip or is earlier than its baseline.
    """
    return Decimal(waiting_mw) * slip_months(slip_days)


@dataclass(frozen=True)
class MwMonthsRow:
    project: Hashable
    waiting_mw: Decimal  # the MW waiting in all areas the project relieves
    attributed_mw: Decimal  # the MW of the areas whose delay this project determines
    slip_months: Decimal
    mw_months: Decimal  # attributed_mw × slip_months


@dataclass(frozen=True)
class MwMonths:
    rows: list[MwMonthsRow]
    total: Decimal


def mw_months_by_project(
    links: Iterable[AreaLink], slip_days: Mapping[Hashable, int | None]
) -> MwMonths:
    """MW-months of delay per project and for the programme, each area counted once.

    An area waits for the last of the projects that relieve it, so its MW count once, with the
    largest slip among those projects; the area is *attributed* to that project (on a tie, the
    one linked first). Per project: `attributed_mw × slip_months`; the programme total is the
    sum of the rows. A CSV with one row per project and the columns attributed MW and slip in
    months (one decimal) lets anyone recompute every row and the total by hand, and the
    attributed MW add up to the programme's waiting MW. A project without a known slip counts
    as no slip.
    """
    areas, projects = _areas(links)
    months = {project: slip_months(slip_days.get(project)) for project in projects}
    relieving: dict[Hashable, list] = {}
    for project, linked in projects.items():
        for area in linked:
            relieving.setdefault(area, []).append(project)
    attributed = dict.fromkeys(projects, Decimal(0))
    for area, waiting in areas.items():
        attributed[max(relieving[area], key=lambda p: months[p])] += waiting.mw
    rows = [
        MwMonthsRow(
            project=project,
            waiting_mw=sum((areas[a].mw for a in linked), Decimal(0)),
            attributed_mw=attributed[project],
            slip_months=months[project],
            mw_months=attributed[project] * months[project],
        )
        for project, linked in projects.items()
    ]
    return MwMonths(rows, sum((r.mw_months for r in rows), Decimal(0)))
