"""The pages as a user meets them: what shows, what is refused, and in Dutch."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gridpact.core.audit_display import summarise
from gridpact.core.models import AuditEvent
from gridpact.projects.models import Milestone, MilestoneKind, PartyRole

from ..factories import MilestoneFactory, ProjectFactory, ProjectPartyFactory


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _update_url(milestone):
    return reverse("milestone-update", kwargs={"pk": milestone.pk})


def test_forecast_form_without_reason_shows_dutch_message_and_saves_nothing(client, world):
    client.force_login(world.lead)
    response = client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "2031-01-01",
            "forecast-reason": "",
            "forecast-version": 1,
        },
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    assert "Niets opgeslagen" in response.content.decode()
    assert "Geef de reden" in response.content.decode()
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2029, 6, 30)


def test_unreadable_date_gets_a_clear_message(client, world):
    client.force_login(world.lead)
    response = client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "31-02-2031",
            "forecast-reason": "r",
            "forecast-version": 1,
        },
    )
    assert response.status_code == 400
    assert "25-03-2025" in response.content.decode()  # the message shows the expected format


def test_typed_dutch_date_is_accepted(client, world):
    client.force_login(world.lead)
    response = client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "15-03-2031",
            "forecast-reason": "vergunning",
            "forecast-version": 1,
        },
    )
    assert response.status_code == 302
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2031, 3, 15)


def test_saving_the_same_forecast_says_nothing_changed_and_writes_no_history(client, world):
    client.force_login(world.lead)
    events = AuditEvent.objects.count()
    response = client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "30-06-2029",
            "forecast-reason": "alleen kijken",
            "forecast-version": 1,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Er is niets veranderd" in page
    assert "Opgeslagen" not in page
    assert "geen datum naar geen datum" not in page
    assert AuditEvent.objects.count() == events
    assert Milestone.objects.get(pk=world.milestone.pk).version == 1


def test_saving_the_same_actual_date_writes_no_history(client, world):
    client.force_login(world.lead)
    reached = {"action": "actual", "actual-actual": "02-01-2026", "actual-reason": ""}
    client.post(_update_url(world.milestone), {**reached, "actual-version": 1})
    events = AuditEvent.objects.count()
    response = client.post(
        _update_url(world.milestone), {**reached, "actual-version": 2}, follow=True
    )
    assert "Er is niets veranderd" in response.content.decode()
    assert AuditEvent.objects.count() == events
    assert Milestone.objects.get(pk=world.milestone.pk).version == 2


def test_an_old_event_without_a_change_does_not_read_as_a_move_from_no_date(world):
    event = AuditEvent(action="milestone.forecast", object_repr="Start bouw", changes={})
    with translation.override("nl"):
        text = summarise(event)
    assert "geen datum" not in text
    assert "zonder wijziging" in text


def test_stale_edit_shows_the_newer_values_and_saves_nothing(client, world):
    client.force_login(world.lead)
    client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "2030-01-01",
            "forecast-reason": "eerste",
            "forecast-version": 1,
        },
    )
    response = client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "2032-01-01",
            "forecast-reason": "tweede",
            "forecast-version": 1,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "1 januari 2030" in page
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2030, 1, 1)


def test_after_an_edit_conflict_the_typed_date_and_reason_stay_in_the_form(client, world):
    client.force_login(world.lead)
    mine = {
        "action": "forecast",
        "forecast-forecast": "01-01-2032",
        "forecast-reason": "Levering transformator vertraagd",
        "forecast-version": 1,
    }
    client.post(
        _update_url(world.milestone),
        {**mine, "forecast-forecast": "01-01-2030", "forecast-reason": "eerste"},
    )
    response = client.post(_update_url(world.milestone), mine)
    assert response.status_code == 409
    form = response.context["forecast_form"]
    assert form["reason"].value() == "Levering transformator vertraagd"
    assert form["version"].value() == 2
    page = response.content.decode()
    assert 'value="2032-01-01"' in page  # what a date input shows
    assert "Levering transformator vertraagd</textarea>" in page
    assert 'name="forecast-version" value="2"' in page
    assert "1 januari 2030" in page  # the newer stored value beside the kept input
    assert "staat nog in het formulier" in page
    resubmit = client.post(_update_url(world.milestone), {**mine, "forecast-version": 2})
    assert resubmit.status_code == 302
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2032, 1, 1)


def test_project_page_shows_delay_history_and_edit_button_for_the_lead(client, world):
    client.force_login(world.lead)
    client.post(
        _update_url(world.milestone),
        {
            "action": "forecast",
            "forecast-forecast": "2030-06-30",
            "forecast-reason": "Netaansluiting later",
            "forecast-version": 1,
        },
    )
    page = client.get(reverse("project-detail", kwargs={"pk": world.project.pk})).content.decode()
    assert "12 maanden later" in page
    assert "Netaansluiting later" in page
    assert _update_url(world.milestone) in page
    assert "<svg" in page


def test_the_milestones_section_is_named_by_its_heading_and_the_chart_by_its_title(client, world):
    client.force_login(world.lead)
    page = client.get(reverse("project-detail", kwargs={"pk": world.project.pk})).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert 'aria-labelledby="milestones-title"' in page
    assert re.search(r'<(\w+)[^>]* id="milestones-title"', page)[1] == "h2"
    chart = re.search(r'<svg[^>]* aria-labelledby="([^"]+)"[^>]*><title id="([^"]+)"', page)
    assert chart[1] == chart[2]


def test_municipal_official_sees_no_edit_button_for_the_operators_milestone(client, world):
    client.force_login(world.municipal_official)
    page = client.get(reverse("project-detail", kwargs={"pk": world.project.pk})).content.decode()
    assert _update_url(world.milestone) not in page
    assert _update_url(world.site_decision) in page  # the municipality owns this one


def test_internal_project_is_absent_for_other_organisations(client, world):
    client.force_login(world.lead)
    overview = client.get(reverse("programme-overview", kwargs={"pk": world.programme.pk}))
    assert "Geheim station" not in overview.content.decode()
    assert len(overview.context["rows"]) == 1
    detail = client.get(reverse("project-detail", kwargs={"pk": world.internal_project.pk}))
    assert detail.status_code == 404


def test_overview_filters_by_municipality_and_sorts_by_delay(client, world):
    late = ProjectFactory(
        name="Station Laat", lead_operator=world.operator, programme=world.programme
    )
    ProjectPartyFactory(project=late, organisation=world.municipality, role=PartyRole.MUNICIPALITY)
    client.force_login(world.coordinator)
    url = reverse("programme-overview", kwargs={"pk": world.programme.pk})
    rows = client.get(url, {"municipality": world.municipality.pk}).context["rows"]
    assert [r.project.name for r in rows] == ["Station Laat"]
    rows = client.get(url, {"order": "-delay", "municipality": "not-a-uuid"}).context["rows"]
    assert len(rows) == 2  # a mangled filter shows everything visible (not the internal one)


def test_my_work_lists_overdue_milestones_of_my_organisation(client, world):
    MilestoneFactory(
        project=world.project,
        name="Start bouw",
        kind=MilestoneKind.CONSTRUCTION_START,
        forecast_date=date(2020, 1, 1),
    )
    client.force_login(world.lead)
    page = client.get(reverse("my-work")).content.decode()
    assert "Start bouw" in page
    client.force_login(world.outsider)
    assert "Start bouw" not in client.get(reverse("my-work")).content.decode()


def test_dependency_cycle_gets_a_message_at_the_field(client, world):
    client.force_login(world.coordinator)
    url = reverse("milestone-dependencies", kwargs={"pk": world.milestone.pk})
    assert (
        client.post(url, {"action": "add", "predecessor": world.site_decision.pk}).status_code
        == 302
    )
    back = reverse("milestone-dependencies", kwargs={"pk": world.site_decision.pk})
    events = AuditEvent.objects.count()
    response = client.post(back, {"action": "add", "predecessor": world.milestone.pk})
    assert response.status_code == 400
    assert "kring" in response.content.decode()
    assert AuditEvent.objects.count() == events


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ["programme-overview", "project-detail", "my-work"])
def test_pages_do_the_same_number_of_queries_for_10_and_200_projects(client, world, route):
    client.force_login(world.coordinator)

    def add_projects(n):
        for _ in range(n):
            project = ProjectFactory(lead_operator=world.operator, programme=world.programme)
            ProjectPartyFactory(
                project=project, organisation=world.municipality, role=PartyRole.MUNICIPALITY
            )
            MilestoneFactory(project=project, forecast_date=date(2020, 1, 1))
            MilestoneFactory(
                project=project, kind=MilestoneKind.SITE_DECISION, owner=world.province
            )

    kwargs = {
        "programme-overview": {"pk": world.programme.pk},
        "project-detail": {"pk": world.project.pk},
        "my-work": None,
    }[route]
    url = reverse(route, kwargs=kwargs)
    add_projects(8)
    small = _count_queries(client, url)
    add_projects(190)
    large = _count_queries(client, url)
    assert small == large
