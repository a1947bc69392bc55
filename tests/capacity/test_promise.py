"""The public promise: reading the map's dates, comparing forecasts, churn, who waits and MW-months."""

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gridpact.capacity import promise
from gridpact.capacity.promise import (
    EARLIER,
    INSIDE,
    LATER,
    AreaLink,
    PublicRange,
    compare,
    mw_months,
    mw_months_by_project,
    parse_public_date,
    range_from_interval,
    settled_public_range,
    waiting_totals,
    years_and_months,
)

DATA = Path(promise.__file__).parent / "data"
SNAPSHOTS = sorted(DATA.glob("utrecht-*.json"))


def _works(snapshot: Path):
    for area in json.loads(snapshot.read_text(encoding="utf-8"))["areas"].values():
        yield from area["detail"].get("projects") or []


def test_both_real_snapshots_are_here():
    assert [s.name for s in SNAPSHOTS] == ["utrecht-2026-07-29.json", "utrecht-2026-08-08.json"]


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=lambda p: p.stem)
def test_every_public_date_in_the_real_snapshots_reads(snapshot):
    works = list(_works(snapshot))
    assert len(works) > 400
    for work in works:
        found = parse_public_date(work["dateString"], work["startDate"], work["endDate"])
        assert found is not None, work["dateString"]
        assert str(found.first_year) in work["dateString"]
        assert str(found.last_year) in work["dateString"]
        if work["endDate"]:
            assert found.latest_day.isoformat() == work["endDate"][:10]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2027", 2027, 2027),
        ("2033 - 2035", 2033, 2035),
        ("2033-2035", 2033, 2035),
        ("2033 – 2035", 2033, 2035),
        (" 2033\u00a0-\u00a02035 ", 2033, 2035),
        ("Tussen 2031 en 2033", 2031, 2033),
        ("tussen  2031 en 2033", 2031, 2033),
        ("van 2031 tot 2033", 2031, 2033),
        ("2031 t/m 2033", 2031, 2033),
    ],
)
def test_the_public_forms_read_tolerantly(text, first, last):
    found = parse_public_date(text)
    assert (found.first_year, found.last_year) == (first, last)
    assert found.earliest_day == date(first, 1, 1)
    assert found.latest_day == date(last, 12, 31)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("", None, None),
        (None, None, None),
        ("binnenkort", None, None),
        ("2035 - 2033", None, None),
        ("20333", None, None),
        ("Q3 2026", None, None),
        ("2033 - 2035", "2032-01-01", None),  # the start date contradicts the text
        ("2033 - 2035", None, "31-12-2035"),  # not an ISO date
        ("2033 - 2035", "2035-01-01", "2033-12-31"),
        (None, "2030-01-01", None),  # no end: nothing to read a range from
    ],
)
def test_unreadable_dates_give_none_for_the_caller_to_report(text, start, end):
    assert parse_public_date(text, start, end) is None


def test_exact_dates_narrow_the_range_and_alone_make_one():
    found = parse_public_date("2033 - 2035", "2033-04-01", date(2035, 6, 30))
    assert (found.earliest_day, found.latest_day) == (date(2033, 4, 1), date(2035, 6, 30))
    assert found.label == "2033–2035"
    alone = parse_public_date(None, "2029-01-01 00:00:00", "2030-12-31 00:00:00")
    assert alone == parse_public_date("2029 - 2030")


def test_the_information_models_interval_reads_with_its_exclusive_end():
    assert range_from_interval(year=2026, quarter=3) == parse_public_date(
        None, "2026-07-01", "2026-09-30"
    )
    assert range_from_interval(year=2027) == parse_public_date("2027")
    assert range_from_interval(start="2026-01-01", end="2027-01-01") == parse_public_date("2026")
    assert range_from_interval(year=2026, quarter=5) is None
    assert range_from_interval() is None


def test_breukelen_kortrijk_is_years_earlier_than_the_public_map_says():
    comparison = compare(date(2029, 6, 30), parse_public_date("2033 - 2035"))
    assert comparison.direction == EARLIER
    assert comparison.months_outside > 42
    code, values = comparison.wording()
    assert code == "earlier_than_public"
    # "publiek 2033–2035; prognose juni 2029: 4 jaar eerder dan publiek"
    assert values["range"] == "2033–2035"
    assert values["about_years"] == 4
    assert (values["years"], values["extra_months"]) == (3, 6)


def test_soest_baarn_is_earlier_than_the_public_map_says():
    comparison = compare(date(2029, 12, 1), parse_public_date("Tussen 2031 en 2033"))
    assert comparison.direction == EARLIER
    assert comparison.days_outside == 396
    assert comparison.months_outside == 13.0


@pytest.mark.parametrize(
    ("forecast", "text"),
    [
        (date(2033, 12, 31), "2033 - 2035"),  # Utrecht-Noord
        (date(2029, 12, 31), "2029 - 2030"),  # Oudenrijn
        (date(2027, 1, 1), "2027"),
        (date(2027, 12, 31), "2027"),
    ],
)
def test_a_forecast_inside_the_public_range_agrees(forecast, text):
    comparison = compare(forecast, parse_public_date(text))
    assert comparison.direction == INSIDE
    assert comparison.days_outside == 0
    assert comparison.wording()[0] == "inside_public"


def test_a_forecast_after_the_range_is_later_by_the_days_past_its_last_day():
    comparison = compare(date(2036, 3, 31), parse_public_date("2033 - 2035"))
    assert (comparison.direction, comparison.days_outside) == (LATER, 91)
    assert comparison.wording()[0] == "later_than_public"


def test_years_and_months_for_wording():
    assert years_and_months(42.1) == (3, 6)
    assert years_and_months(11.6) == (1, 0)
    assert years_and_months(5.4) == (0, 5)


years = st.integers(2000, 2060)
ranges = st.builds(lambda first, span: PublicRange(first, first + span), years, st.integers(0, 6))


@given(ranges, st.integers(0, 4000))
def test_a_date_inside_the_range_is_never_flagged(public, offset):
    span = (public.latest_day - public.earliest_day).days
    day = public.earliest_day + timedelta(days=offset % (span + 1))
    comparison = compare(day, public)
    assert comparison.direction == INSIDE
    assert comparison.months_outside == 0


@given(ranges, st.integers(1, 5000), st.integers(1, 5000), st.booleans())
def test_months_outside_grows_with_the_distance(public, near, far, later):
    near, far = sorted((near, far))

    def at(distance):
        if later:
            return compare(public.latest_day + timedelta(days=distance), public)
        return compare(public.earliest_day - timedelta(days=distance), public)

    assert at(near).direction == at(far).direction == (LATER if later else EARLIER)
    assert at(near).days_outside == near
    assert at(near).months_outside <= at(far).months_outside


# The churn rule: the public date in force only changes when two consecutive publications agree.

A, B, C = (
    parse_public_date("2029 - 2030"),
    parse_public_date("2033 - 2035"),
    parse_public_date("2035"),
)


def _history(values):
    first = date(2026, 1, 5)
    return [(first + timedelta(days=7 * i), v) for i, v in enumerate(values)]


@pytest.mark.parametrize(
    ("values", "settled", "pending"),
    [
        ([], None, None),
        ([A], A, None),
        ([A, A], A, None),
        ([A, B], A, B),
        ([A, B, B], B, None),
        ([A, B, A], A, None),
        ([A, B, C], A, C),
        ([A, B, C, C], C, None),
        ([A, None, B, None, B], B, None),  # an unreadable publication is left out
        ([A, B, B, C, B], B, None),
        ([None], None, None),
    ],
)
def test_churn_table(values, settled, pending):
    result = settled_public_range(_history(values))
    assert (result.range, result.pending) == (settled, pending)
    assert result.change_pending == (pending is not None)


def test_the_settled_range_is_in_force_from_the_publication_that_confirmed_it():
    history = _history([A, B, B, B])
    assert settled_public_range(history).since == history[2][0]
    assert settled_public_range(reversed(history)).since == history[2][0]


@given(st.lists(st.sampled_from([A, B, C]), min_size=1, max_size=12), st.sampled_from([A, B, C]))
def test_one_odd_publication_never_changes_the_settled_range(values, odd):
    assume(odd != values[-1])
    before = settled_public_range(_history(values))
    after = settled_public_range(_history([*values, odd]))
    assert after.range == before.range
    assert after.pending == (None if odd == before.range else odd)


@given(st.lists(st.sampled_from([A, B, C]), min_size=1, max_size=12), st.sampled_from([A, B, C]))
def test_two_agreeing_publications_always_settle(values, new):
    assert settled_public_range(_history([*values, new, new])).range == new


# Who waits: every area counts once in every total.


def _mw(text: str) -> Decimal:
    number, unit = text.split()
    assert unit == "MW"
    return Decimal(number)


def test_the_real_stedin_waiting_list_counts_each_area_once():
    snapshot = json.loads(SNAPSHOTS[-1].read_text(encoding="utf-8"))
    stedin = [
        (area_id, a["detail"])
        for area_id, a in snapshot["areas"].items()
        if a["area"]["operator"] == "Stedin"
    ]
    assert len(stedin) == 15
    # Three projects relieving overlapping sets of areas, as on the map.
    links = [
        AreaLink(project, area_id, _mw(d["queueWithdrawal"]), int(d["uniqueRequestsWithdrawal"]))
        for project, chosen in [
            ("Utrecht-Noord", stedin),
            ("Breukelen-Kortrijk", stedin[:8]),
            ("Soest–Baarn", stedin[3:5]),
        ]
        for area_id, d in chosen
    ]
    totals = waiting_totals(links)
    assert (totals.programme.mw, totals.programme.requests) == (Decimal("153.2"), 362)
    assert totals.programme.areas == 15
    assert totals.per_project["Soest–Baarn"].areas == 2


area_ids = st.integers(0, 9)
links_strategy = st.lists(
    st.tuples(st.sampled_from(["p1", "p2", "p3", "p4"]), area_ids), min_size=1, max_size=30
)


def _figures(area: int) -> tuple[Decimal, int]:
    return Decimal(area * 7 + 3) / 10, area * 3 + 1


def _links(pairs):
    return [AreaLink(p, a, *_figures(a)) for p, a in pairs]


@given(links_strategy, st.integers(1, 4))
def test_totals_count_an_area_once_however_many_projects_link_it(pairs, repeat):
    totals = waiting_totals(_links(pairs * repeat))
    areas = {a for _p, a in pairs}
    assert totals.programme.mw == sum(_figures(a)[0] for a in areas)
    assert totals.programme.requests == sum(_figures(a)[1] for a in areas)
    for project, waiting in totals.per_project.items():
        own = {a for p, a in pairs if p == project}
        assert waiting.mw == sum(_figures(a)[0] for a in own)
        assert waiting.areas == len(own)
        assert waiting.mw <= totals.programme.mw


def test_two_different_waiting_lists_for_one_area_are_refused():
    with pytest.raises(ValueError, match="two different waiting lists"):
        waiting_totals(
            [AreaLink("p1", "CM10", Decimal(6), 30), AreaLink("p2", "CM10", Decimal(7), 30)]
        )


# MW-months: waiting MW times months of slip against the baseline.


def test_mw_months_is_waiting_mw_times_months_of_slip():
    assert mw_months(Decimal("6"), 1461) == Decimal("288.0")  # 48 months
    assert mw_months(Decimal("1.8"), 91) == Decimal("5.40")  # 3.0 months
    assert mw_months(Decimal("6"), 0) == 0
    assert mw_months(Decimal("6"), -120) == 0
    assert mw_months(Decimal("6"), None) == 0


def test_an_area_shared_by_two_slipping_projects_counts_once_with_the_longest_slip():
    links = [
        AreaLink("noord", "CM10", Decimal("6"), 30),
        AreaLink("breukelen", "CM10", Decimal("6"), 30),
        AreaLink("breukelen", "CM15", Decimal("1.8"), 15),
        AreaLink("soest", "CM37", Decimal("8.2"), 20),
    ]
    result = mw_months_by_project(links, {"noord": 1461, "breukelen": 91, "soest": -120})
    rows = {r.project: r for r in result.rows}
    assert rows["noord"].attributed_mw == Decimal("6")
    assert rows["breukelen"].waiting_mw == Decimal("7.8")
    assert rows["breukelen"].attributed_mw == Decimal("1.8")
    assert rows["soest"].mw_months == 0
    # 6 MW × 48 months + 1.8 MW × 3 months, recomputable from the rows.
    assert result.total == Decimal("293.4")
    assert result.total == sum(r.attributed_mw * r.slip_months for r in result.rows)


@given(
    links_strategy,
    st.dictionaries(st.sampled_from(["p1", "p2", "p3", "p4"]), st.integers(-400, 3000)),
)
def test_mw_months_rows_add_up_and_attribute_each_area_once(pairs, slips):
    links = _links(pairs)
    result = mw_months_by_project(links, slips)
    waiting = waiting_totals(links)
    assert sum(r.attributed_mw for r in result.rows) == waiting.programme.mw
    assert result.total == sum(r.attributed_mw * r.slip_months for r in result.rows)
    # Each area with the longest slip among the projects that relieve it.
    by_area = {}
    for p, a in pairs:
        by_area[a] = max(by_area.get(a, Decimal(0)), promise.slip_months(slips.get(p)))
    assert result.total == sum(_figures(a)[0] * months for a, months in by_area.items())
    assert all(r.mw_months >= 0 for r in result.rows)
