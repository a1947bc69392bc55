"""Statutory terms: worked examples checked against the real calendar, and their properties.

Each row names the weekday of the plain end (from the standard library's calendar) so that the
reasoning behind the expected deadline can be checked by reading it.
"""

import calendar as gregorian
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gridpact.core.calendar import AtwCalendar, format_date_nl
from gridpact.core.terms import (
    OBJECTION_TERM,
    Step,
    Suspension,
    TermError,
    TermLength,
    compute_term,
    explain_nl,
    objection_term_end,
)

ATW = AtwCalendar()


def weekday(day: date) -> str:
    return gregorian.day_name[day.weekday()]


def term(start_event, amount, unit, *, suspensions=(), extension=None, calendar=ATW):
    return compute_term(
        start_event=start_event,
        length=TermLength(amount, unit),
        suspensions=suspensions,
        extension=extension,
        calendar=calendar,
    )


@pytest.mark.parametrize(
    ("start_event", "amount", "unit", "plain_end", "plain_weekday", "end"),
    [
        # Koningsdag 2026 is Monday 27 April.
        (date(2026, 3, 2), 8, "weken", date(2026, 4, 27), "Monday", date(2026, 4, 28)),
        # Good Friday 3 April 2026, Easter weekend, Easter Monday 6 April.
        (date(2026, 3, 20), 2, "weken", date(2026, 4, 3), "Friday", date(2026, 4, 7)),
        (date(2026, 2, 23), 6, "weken", date(2026, 4, 6), "Monday", date(2026, 4, 7)),
        # Ascension Thursday 14 May 2026 and the decreed Friday 15 May, then the weekend.
        (date(2026, 4, 2), 6, "weken", date(2026, 5, 14), "Thursday", date(2026, 5, 18)),
        # Whit Monday 25 May 2026.
        (date(2026, 3, 30), 8, "weken", date(2026, 5, 25), "Monday", date(2026, 5, 26)),
        # 5 May in a year that is no lustrum year.
        (date(2026, 4, 21), 2, "weken", date(2026, 5, 5), "Tuesday", date(2026, 5, 6)),
        # Christmas 2025 on Thursday and Friday, then the weekend.
        (date(2025, 12, 11), 2, "weken", date(2025, 12, 25), "Thursday", date(2025, 12, 29)),
        # New Year's Day 2026 on Thursday, the decreed Friday 2 January, then the weekend.
        (date(2025, 12, 18), 2, "weken", date(2026, 1, 1), "Thursday", date(2026, 1, 5)),
        # Boxing Day 2026 is a Saturday; the term crosses no further feast.
        (date(2026, 12, 12), 2, "weken", date(2026, 12, 26), "Saturday", date(2026, 12, 28)),
        # New Year's Day 2027 on Friday, with no decreed day around it.
        (date(2026, 12, 18), 2, "weken", date(2027, 1, 1), "Friday", date(2027, 1, 4)),
        # Koningsdag 2025 on Saturday 26 April, because 27 April was a Sunday.
        (date(2025, 4, 12), 2, "weken", date(2025, 4, 26), "Saturday", date(2025, 4, 28)),
        # Months: the same day number, or the month's last day when that number does not exist.
        (date(2026, 1, 31), 1, "maanden", date(2026, 2, 28), "Saturday", date(2026, 3, 2)),
        (date(2028, 1, 31), 1, "maanden", date(2028, 2, 29), "Tuesday", date(2028, 2, 29)),
        (date(2026, 8, 31), 6, "maanden", date(2027, 2, 28), "Sunday", date(2027, 3, 1)),
        (date(2026, 3, 15), 6, "maanden", date(2026, 9, 15), "Tuesday", date(2026, 9, 15)),
        # The Hoge Raad's case (ECLI:NL:HR:2017:2225): three months after 29 February 2016.
        (date(2016, 2, 29), 3, "maanden", date(2016, 5, 29), "Sunday", date(2016, 5, 30)),
        # Days.
        (date(2026, 3, 4), 10, "dagen", date(2026, 3, 14), "Saturday", date(2026, 3, 16)),
        # An end on an ordinary working day stays where it is.
        (date(2026, 3, 19), 6, "weken", date(2026, 4, 30), "Thursday", date(2026, 4, 30)),
    ],
)
def test_worked_examples(start_event, amount, unit, plain_end, plain_weekday, end):
    result = term(start_event, amount, unit)
    assert weekday(plain_end) == plain_weekday
    assert result.first_day == start_event + timedelta(days=1)
    assert result.plain_end == plain_end
    assert result.end == end


def test_decreed_days_come_from_the_calendar_passed_in():
    # Without the decree of 2026, Friday 15 May 2026 is a working day.
    result = term(date(2026, 4, 2), 6, "weken", calendar=AtwCalendar(decreed_days={}))
    assert result.end == date(2026, 5, 15)


def test_atw_can_be_switched_off_for_a_term_a_statute_excludes():
    result = compute_term(
        start_event=date(2026, 3, 2),
        length=TermLength(8, "weken"),
        calendar=ATW,
        apply_atw=False,
    )
    assert result.end == result.plain_end == date(2026, 4, 27)
    assert [step.kind for step in result.steps] == ["start", "plain_end"]


def test_steps_explain_the_koningsdag_example():
    result = term(date(2026, 3, 2), 8, "weken")
    assert result.steps == (
        Step("start", date(2026, 3, 2), date(2026, 3, 3), days=1),
        Step("plain_end", date(2026, 3, 2), date(2026, 4, 27), days=56, length=result.length),
        Step(
            "atw_art1",
            date(2026, 4, 27),
            date(2026, 4, 28),
            days=1,
            skipped=((date(2026, 4, 27), "Koningsdag"),),
        ),
    )


def test_atw_art1_step_lists_every_day_passed_over():
    result = term(date(2026, 4, 2), 6, "weken")
    (art1,) = (step for step in result.steps if step.kind == "atw_art1")
    assert art1.skipped == (
        (date(2026, 5, 14), "Hemelvaartsdag"),
        (date(2026, 5, 15), "gelijkgestelde dag (Besluit gelijkstelling 2026-2028)"),
        (date(2026, 5, 16), "zaterdag"),
        (date(2026, 5, 17), "zondag"),
    )


# Suspensions (art. 4:15 Awb) and extension.

RECEIVED = date(2026, 3, 2)  # Monday; 8 weeks end on Monday 27 April 2026 (Koningsdag)


@pytest.mark.parametrize(
    ("suspensions", "extension", "plain_end", "end"),
    [
        # Art. 4:15 lid 1 Awb: suspended "met ingang van de dag na" the request "tot de dag
        # waarop de aanvraag is aangevuld". Asked Friday 13 March, completed Friday 27 March:
        # suspended 14 up to and including 26 March, 13 days; the term runs again on 27 March.
        # 27 April + 13 days = Sunday 10 May, which moves to Monday 11 May.
        ([(date(2026, 3, 13), date(2026, 3, 27))], None, date(2026, 5, 10), date(2026, 5, 11)),
        # Two suspensions, 13 + 6 days: Saturday 16 May, moves to Monday 18 May.
        (
            [(date(2026, 3, 13), date(2026, 3, 27)), (date(2026, 4, 1), date(2026, 4, 8))],
            None,
            date(2026, 5, 16),
            date(2026, 5, 18),
        ),
        # The same two, given in the other order.
        (
            [(date(2026, 4, 1), date(2026, 4, 8)), (date(2026, 3, 13), date(2026, 3, 27))],
            None,
            date(2026, 5, 16),
            date(2026, 5, 18),
        ),
        # Adjacent suspensions (the second asked on the day the first was completed): 13 + 2
        # days end on Tuesday 12 May.
        (
            [(date(2026, 3, 13), date(2026, 3, 27)), (date(2026, 3, 27), date(2026, 3, 30))],
            None,
            date(2026, 5, 12),
            date(2026, 5, 12),
        ),
        # 7 days suspended (11-17 March): Monday 4 May.
        ([(date(2026, 3, 10), date(2026, 3, 18))], None, date(2026, 5, 4), date(2026, 5, 4)),
        # Asked on the day of receipt: suspended 3-8 March, 6 days: Sunday 3 May -> Monday 4 May.
        ([(date(2026, 3, 2), date(2026, 3, 9))], None, date(2026, 5, 3), date(2026, 5, 4)),
        # A second request after the original end but within the suspended-lengthened term.
        (
            [(date(2026, 3, 13), date(2026, 3, 27)), (date(2026, 5, 5), date(2026, 5, 7))],
            None,
            date(2026, 5, 11),
            date(2026, 5, 11),
        ),
        # Completed on the day of the request, or the day after: nothing is suspended.
        ([(date(2026, 3, 13), date(2026, 3, 13))], None, date(2026, 4, 27), date(2026, 4, 28)),
        ([(date(2026, 3, 13), date(2026, 3, 14))], None, date(2026, 4, 27), date(2026, 4, 28)),
        # Extension by 6 weeks: Monday 8 June.
        ([], TermLength(6, "weken"), date(2026, 6, 8), date(2026, 6, 8)),
        # Suspension, then extension: 10 May + 6 weeks = Sunday 21 June -> Monday 22 June.
        (
            [(date(2026, 3, 13), date(2026, 3, 27))],
            TermLength(6, "weken"),
            date(2026, 6, 21),
            date(2026, 6, 22),
        ),
        # A suspension requested during the extension: 3 days (2-4 June), Thursday 11 June.
        (
            [(date(2026, 6, 1), date(2026, 6, 5))],
            TermLength(6, "weken"),
            date(2026, 6, 11),
            date(2026, 6, 11),
        ),
    ],
)
def test_suspensions_and_extension(suspensions, extension, plain_end, end):
    result = term(RECEIVED, 8, "weken", suspensions=suspensions, extension=extension)
    assert result.plain_end == plain_end
    assert result.end == end
    assert not ATW.is_non_working_day(result.end)


def test_suspension_step_records_the_period():
    result = term(
        RECEIVED, 8, "weken", suspensions=[Suspension(date(2026, 3, 13), date(2026, 3, 27))]
    )
    (step,) = (step for step in result.steps if step.kind == "suspension")
    assert (step.from_date, step.to_date, step.days) == (date(2026, 4, 27), date(2026, 5, 10), 13)
    assert step.suspension.first_day == date(2026, 3, 14)
    assert step.suspension.last_day == date(2026, 3, 26)
    assert result.suspended_days == 13


@pytest.mark.parametrize(
    ("suspensions", "code", "values"),
    [
        (
            [(date(2026, 3, 1), date(2026, 3, 5))],
            "suspension_before_start",
            {"requested_on": date(2026, 3, 1), "start_event": RECEIVED},
        ),
        (
            # Asked on the last day of the term: there is no day left to suspend.
            [(date(2026, 4, 27), date(2026, 5, 4))],
            "suspension_after_end",
            {"requested_on": date(2026, 4, 27), "term_end": date(2026, 4, 27)},
        ),
        (
            [(date(2026, 6, 1), date(2026, 6, 5))],
            "suspension_after_end",
            {"requested_on": date(2026, 6, 1), "term_end": date(2026, 4, 27)},
        ),
        (
            [(date(2026, 3, 13), date(2026, 3, 27)), (date(2026, 3, 20), date(2026, 4, 3))],
            "suspensions_overlap",
            {
                "requested_on": date(2026, 3, 20),
                "previous_requested_on": date(2026, 3, 13),
                "previous_completed_on": date(2026, 3, 27),
            },
        ),
        (
            [(date(2026, 3, 27), date(2026, 3, 13))],
            "suspension_reversed",
            {"requested_on": date(2026, 3, 27), "completed_on": date(2026, 3, 13)},
        ),
    ],
)
def test_invalid_suspensions_are_refused_with_a_code(suspensions, code, values):
    with pytest.raises(TermError) as raised:
        term(RECEIVED, 8, "weken", suspensions=suspensions)
    assert isinstance(raised.value, ValueError)
    assert raised.value.code == code
    assert raised.value.values == values


@pytest.mark.parametrize(
    ("amount", "unit", "code"),
    [(0, "weken", "invalid_amount"), (-2, "dagen", "invalid_amount"), (3, "jaren", "invalid_unit")],
)
def test_invalid_lengths_are_refused(amount, unit, code):
    with pytest.raises(TermError) as raised:
        TermLength(amount, unit)
    assert raised.value.code == code


# Art. 2 Atw: a term of at least three days holds at least two working days.


@pytest.mark.parametrize(
    ("start_event", "amount", "after_art1", "end"),
    [
        # Thursday 14 May (Ascension), Friday 15 May (decreed), Saturday 16 May: art. 1 moves
        # the end to Monday 18 May, the term's only working day; art. 2 adds Tuesday 19 May.
        (date(2026, 5, 13), 3, date(2026, 5, 18), date(2026, 5, 19)),
        # Christmas 2026 on Friday, Boxing Day on Saturday, Sunday 27th: Monday 28th, then 29th.
        (date(2026, 12, 24), 3, date(2026, 12, 28), date(2026, 12, 29)),
        # Saturday 25 and Sunday 26 December 2027, Monday 27th a working day: art. 1 does not
        # apply, but the term holds one working day, so art. 2 lengthens it to Tuesday 28th.
        (date(2027, 12, 24), 3, None, date(2027, 12, 28)),
    ],
)
def test_art2_two_working_days(start_event, amount, after_art1, end):
    result = term(start_event, amount, "dagen")
    kinds = [step.kind for step in result.steps]
    assert kinds[-1] == "atw_art2"
    assert ("atw_art1" in kinds) == (after_art1 is not None)
    if after_art1:
        assert result.steps[-2].to_date == after_art1
    assert result.end == end


def test_art2_does_not_apply_to_a_term_of_two_days():
    # Two days after Wednesday 13 May 2026 is the decreed Friday; art. 1 gives Monday 18 May,
    # and the term holds only that one working day.
    result = term(date(2026, 5, 13), 2, "dagen")
    assert result.end == date(2026, 5, 18)
    assert [step.kind for step in result.steps][-1] == "atw_art1"


# Objection and appeal (art. 6:7, 6:8 Awb).


@pytest.mark.parametrize(
    ("made_known", "end"),
    [
        (date(2026, 3, 24), date(2026, 5, 6)),  # six weeks end on Bevrijdingsdag, Tuesday 5 May
        (date(2026, 3, 19), date(2026, 4, 30)),  # six weeks end on Thursday 30 April
    ],
)
def test_objection_term_end(made_known, end):
    assert TermLength(6, "weken") == OBJECTION_TERM
    assert objection_term_end(made_known, ATW) == end


# The examples of docs/calendar.md, word for word.

DOCUMENTED = [
    (
        {"start_event": date(2026, 3, 2), "length": TermLength(8, "weken")},
        "ontvangst",
        "8 weken na ontvangst op 2 maart 2026 eindigt op maandag 27 april 2026, Koningsdag; "
        "verlengd tot dinsdag 28 april 2026 (Algemene termijnenwet art. 1).",
    ),
    (
        {"start_event": date(2026, 4, 2), "length": TermLength(6, "weken")},
        "ontvangst",
        "6 weken na ontvangst op 2 april 2026 eindigt op donderdag 14 mei 2026, Hemelvaartsdag; "
        "verlengd tot maandag 18 mei 2026 (Algemene termijnenwet art. 1).",
    ),
    (
        {"start_event": date(2026, 1, 31), "length": TermLength(1, "maanden")},
        "ontvangst",
        "1 maand na ontvangst op 31 januari 2026 eindigt op zaterdag 28 februari 2026; "
        "verlengd tot maandag 2 maart 2026 (Algemene termijnenwet art. 1).",
    ),
    (
        {
            "start_event": date(2026, 3, 2),
            "length": TermLength(8, "weken"),
            "suspensions": [(date(2026, 3, 13), date(2026, 3, 27))],
            "extension": TermLength(6, "weken"),
            # 8 + 6 weeks is more than twelve weeks: art. 4 Atw, the Atw does not extend it.
            "apply_atw": False,
        },
        "ontvangst",
        "8 weken na ontvangst op 2 maart 2026 eindigt op maandag 27 april 2026; "
        "opgeschort van zaterdag 14 maart 2026 tot en met donderdag 26 maart 2026 "
        "(13 dagen, Awb art. 4:15 lid 1; de termijn loopt weer vanaf de dag van aanvulling, "
        "27 maart 2026), waardoor de termijn eindigt op zondag 10 mei 2026; "
        "verlengd met 6 weken tot zondag 21 juni 2026.",
    ),
    (
        {"start_event": date(2026, 5, 13), "length": TermLength(3, "dagen")},
        "ontvangst",
        "3 dagen na ontvangst op 13 mei 2026 eindigt op zaterdag 16 mei 2026; "
        "verlengd tot maandag 18 mei 2026 (Algemene termijnenwet art. 1); "
        "verlengd tot dinsdag 19 mei 2026 zodat de termijn twee werkdagen bevat "
        "(Algemene termijnenwet art. 2).",
    ),
    (
        {"start_event": date(2026, 3, 24), "length": OBJECTION_TERM},
        "bekendmaking",
        "6 weken na bekendmaking op 24 maart 2026 eindigt op dinsdag 5 mei 2026, Bevrijdingsdag; "
        "verlengd tot woensdag 6 mei 2026 (Algemene termijnenwet art. 1).",
    ),
]


@pytest.mark.parametrize(("arguments", "event", "sentence"), DOCUMENTED)
def test_documented_examples(arguments, event, sentence):
    assert explain_nl(compute_term(**arguments, calendar=ATW), event=event) == sentence


def test_explanation_without_atw():
    result = term(date(2026, 3, 19), 6, "weken")
    assert (
        explain_nl(result)
        == "6 weken na ontvangst op 19 maart 2026 eindigt op donderdag 30 april 2026."
    )


# Properties.

start_events = st.dates(min_value=date(2015, 1, 1), max_value=date(2034, 12, 31))
lengths = st.one_of(
    st.builds(TermLength, st.integers(1, 60), st.just("dagen")),
    st.builds(TermLength, st.integers(1, 26), st.just("weken")),
    st.builds(TermLength, st.integers(1, 12), st.just("maanden")),
)
extensions = st.one_of(st.none(), lengths)


@given(start_events, lengths, extensions)
def test_deadline_is_a_working_day_not_before_the_plain_end(start_event, length, extension):
    result = compute_term(start_event=start_event, length=length, extension=extension, calendar=ATW)
    assert not ATW.is_non_working_day(result.end)
    assert result.end >= result.plain_end >= length.after(start_event)
    assert format_date_nl(result.end) in explain_nl(result)


@given(start_events, lengths)
def test_a_term_of_three_days_or_more_holds_two_working_days(start_event, length):
    assume((length.after(start_event) - start_event).days >= 3)
    result = compute_term(start_event=start_event, length=length, calendar=ATW)
    assert ATW.working_days_between(start_event, result.end) >= 2


@given(start_events, st.integers(0, 60), lengths, extensions)
def test_a_later_start_event_never_gives_an_earlier_deadline(start_event, delay, length, extension):
    earlier = compute_term(
        start_event=start_event, length=length, extension=extension, calendar=ATW
    )
    later = compute_term(
        start_event=start_event + timedelta(days=delay),
        length=length,
        extension=extension,
        calendar=ATW,
    )
    assert later.end >= earlier.end


@given(start_events, lengths, st.data())
def test_a_suspension_never_brings_the_deadline_forward(start_event, length, data):
    term_days = (length.after(start_event) - start_event).days
    requested = start_event + timedelta(days=data.draw(st.integers(0, term_days - 1)))
    completed = requested + timedelta(days=data.draw(st.integers(0, 90)))
    plain = compute_term(start_event=start_event, length=length, calendar=ATW)
    suspended = compute_term(
        start_event=start_event, length=length, suspensions=[(requested, completed)], calendar=ATW
    )
    suspended_days = max(0, (completed - requested).days - 1)
    assert suspended.plain_end == plain.plain_end + timedelta(days=suspended_days)
    assert suspended.end >= plain.end
    assert not ATW.is_non_working_day(suspended.end)


def test_atw_applies_up_to_three_months_twelve_weeks_or_90_days():
    from gridpact.core.terms import atw_applies

    assert atw_applies(TermLength(8, "weken"))
    assert atw_applies(TermLength(6, "weken"), TermLength(6, "weken"))
    assert not atw_applies(TermLength(8, "weken"), TermLength(6, "weken"))
    assert atw_applies(TermLength(3, "maanden"))
    assert not atw_applies(TermLength(6, "maanden"))
    assert atw_applies(TermLength(90, "dagen"))
    assert not atw_applies(TermLength(2, "maanden"), TermLength(6, "weken"))
