"""Closing a period: offered once the period has ended, flagged while it waits to be closed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from gridpact.monitoring import services


def _page(client, world, period):
    client.force_login(world.coordinator)
    return client.get(
        reverse("reports", kwargs={"pk": world.programme.pk}),
        {"period": period.pk},
        HTTP_ACCEPT_LANGUAGE="nl",
    ).content.decode()


@freeze_time("2026-05-10")
def test_running_period_offers_no_close_button_and_says_when_it_can(client, world):
    html = _page(client, world, world.open_period)
    assert "2026-K2 sluiten" not in html
    assert "2026-K2 loopt tot 30 juni 2026; je kunt de periode daarna sluiten." in html


@freeze_time("2026-05-10")
def test_ended_period_not_yet_closed_is_flagged_and_can_be_closed(client, world):
    html = _page(client, world, world.open_period)
    flagged = html.split('id="periods-to-close"', 1)[1].split("</div>", 1)[0]
    assert "2026-K1" in flagged
    assert "afgelopen op 31 maart 2026" in flagged
    assert "2026-K2" not in flagged
    assert "2026-K1 sluiten" in _page(client, world, world.period)


@freeze_time("2026-05-10")
def test_closed_periods_are_not_flagged(client, world):
    services.close_period(
        actor=world.coordinator, period=world.period, expected_version=world.period.version
    )
    assert 'id="periods-to-close"' not in _page(client, world, world.open_period)


def test_refusal_names_the_end_date_in_words(world):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.close_period(
            actor=world.coordinator,
            period=world.open_period,
            expected_version=world.open_period.version,
            today=date(2026, 5, 10),
        )
    assert "eindigt op 30 juni 2026" in " ".join(refused.value.messages)
