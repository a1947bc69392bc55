"""The progress reports page says what is true: which periods take reports, what a column holds."""

import re
from datetime import date

from django.urls import reverse

from gridpact.monitoring import services


def _page(client, world):
    client.force_login(world.coordinator)
    return client.get(
        reverse("reports", kwargs={"pk": world.programme.pk}),
        {"period": world.open_period.pk},
        HTTP_ACCEPT_LANGUAGE="nl",
    ).content.decode()


def test_a_period_is_open_or_closed_for_reports_never_still_running(client, world):
    world.period.refresh_from_db()
    services.close_period(
        actor=world.coordinator,
        period=world.period,
        expected_version=world.period.version,
        today=date(2026, 4, 20),
    )
    options = re.findall(r"<option [^>]*>([^<]+)</option>", _page(client, world))
    assert "2026-K1 (gesloten voor rapportages)" in options
    assert "2026-K2 (open voor rapportages)" in options
    assert not any("loopt" in o or "afgelopen" in o for o in options)


def test_report_column_has_a_heading_of_its_own_not_the_button_word(client, world):
    html = _page(client, world)
    headings = re.findall(r'<th class="utrecht-table__header-cell" scope="col">([^<]+)</th>', html)
    assert "Laatste rapportage" in headings
    assert "Rapporteren" not in headings
    assert re.search(r">Rapporteren<span class=\"gp-visually-hidden\"> Station Noord", html)
