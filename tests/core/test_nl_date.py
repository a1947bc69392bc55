"""The fast date formatter gives exactly what Django's `date_format(value, "j F Y")` gives."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.formats import date_format

from gridpact.core.formatting import nl_date

DAYS = [date(1999, 12, 25) + timedelta(days=n * 7 + n % 5) for n in range(2_000)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_same_text_as_django_for_every_month_and_many_days(language):
    with translation.override(language):
        assert [nl_date(d) for d in DAYS] == [date_format(d, "j F Y") for d in DAYS]
        assert {d.month for d in DAYS} == set(range(1, 13))


def test_dutch_text_from_a_date_a_datetime_and_an_iso_string():
    with translation.override("nl"):
        assert nl_date(date(2025, 3, 25)) == "25 maart 2025"
        assert nl_date(datetime(2029, 12, 1, 23, 30)) == "1 december 2029"
        assert nl_date("2026-04-27") == "27 april 2026"
        assert nl_date(None) == "–"
