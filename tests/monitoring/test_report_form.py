"""The progress report form: no judgement chosen for the reporter, the due date, the last report."""

import re
from datetime import date

from django.urls import reverse

from gridpact.monitoring.models import ProgressReport
from gridpact.projects import services as project_services


def _form(client, world, user=None):
    client.force_login(user or world.lead)
    url = reverse("report-form", kwargs={"pk": world.project.pk, "period_pk": world.open_period.pk})
    return url, client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()


def test_no_assessment_is_preselected_and_one_must_be_chosen(client, world):
    url, html = _form(client, world)
    select = re.search(r'<select name="status".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)<", select) == [
        "Kies groen, oranje of rood"
    ]
    refused = client.post(url, {"progress": "Vergunning aangevraagd"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert refused.status_code == 400
    assert "Geef je eigen oordeel: groen, oranje of rood." in refused.content.decode()
    assert not ProgressReport.objects.filter(period=world.open_period).exists()


def test_form_shows_due_date_and_the_previous_periods_report(client, world):
    _url, html = _form(client, world)
    due = world.open_period.due_on
    assert f"In te dienen uiterlijk op {due.day} " in html
    earlier = html.split('id="earlier-report"', 1)[1].split("</section>", 1)[0]
    assert "Vorige rapportage: 2026-K1, versie 1" in earlier
    assert "Locatieonderzoek afgerond" in earlier


def test_form_lists_forecasts_moved_since_the_previous_report(client, world):
    _url, html = _form(client, world)
    assert "Sindsdien is geen prognose verschoven." in html
    world.milestone.refresh_from_db()
    project_services.forecast_milestone(
        actor=world.coordinator,
        milestone=world.milestone,
        forecast=date(2031, 3, 31),
        reason="Vergunning later verleend",
        expected_version=world.milestone.version,
    )
    _url, html = _form(client, world)
    moved = html.split('id="moved-since"', 1)[1].split("</section>", 1)[0]
    assert "31 maart 2031" in moved
    assert "Vergunning later verleend" in moved


def test_a_closed_period_says_so_instead_of_offering_a_form(client, world):
    from gridpact.monitoring import services

    world.period.refresh_from_db()
    services.close_period(
        actor=world.coordinator,
        period=world.period,
        expected_version=world.period.version,
        today=date(2026, 4, 20),
    )
    client.force_login(world.lead)
    url = reverse("report-form", kwargs={"pk": world.project.pk, "period_pk": world.period.pk})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "2026-K1 is gesloten" in html
    assert 'name="progress"' not in html
