"""A forecast says when a milestone is still expected: a date gone by is refused on every write
path (the page, the API, the import, a progress report), with a Dutch message that says to enter
the actual date instead, and nothing changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from gridpact.core.models import AuditEvent
from gridpact.monitoring import services as monitoring_services
from gridpact.monitoring.models import ProgressReport, ReportingPeriod
from gridpact.projects import services
from gridpact.projects.imports import read_plan
from gridpact.projects.models import Milestone

from ..factories import MilestoneFactory
from .files import csv_bytes

TOLD = "ligt in het verleden; is de mijlpaal al bereikt, vul dan de werkelijke datum in"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _yesterday():
    return timezone.localdate() - timedelta(days=1)


def _state():
    return (
        AuditEvent.objects.count(),
        ProgressReport.objects.count(),
        sorted(Milestone.objects.values_list("pk", "forecast_date", "actual_date", "version")),
    )


def test_the_service_refuses_a_past_forecast_of_an_open_milestone(world):
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.forecast_milestone(
            actor=world.lead,
            milestone=world.milestone,
            forecast=_yesterday(),
            reason="al gebeurd",
            expected_version=world.milestone.version,
        )
    assert TOLD in error.value.message_dict["forecast"][0]
    assert _state() == before


def test_today_is_still_a_forecast_and_a_reached_milestone_may_keep_any(world):
    today = timezone.localdate()
    services.forecast_milestone(
        actor=world.lead,
        milestone=world.milestone,
        forecast=today,
        reason="vandaag",
        expected_version=world.milestone.version,
    )
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == today
    # Recording the actual date in the same step makes the old forecast history, not a promise.
    services.update_milestone_dates(
        actor=world.lead,
        milestone=world.milestone,
        forecast=today - timedelta(days=30),
        actual=today - timedelta(days=2),
        reason="gehaald",
        expected_version=world.milestone.version,
    )
    assert Milestone.objects.get(pk=world.milestone.pk).actual_date == today - timedelta(days=2)


def test_a_new_milestone_is_not_planned_in_the_past(world):
    with pytest.raises(ValidationError) as error:
        services.create_milestone(
            actor=None,
            project=world.project,
            kind="overig",
            name="Te laat gepland",
            owner=world.operator,
            forecast_date=_yesterday(),
        )
    assert TOLD in error.value.message_dict["forecast_date"][0]
    assert not Milestone.objects.filter(name="Te laat gepland").exists()


def test_the_milestone_page_shows_the_message_and_saves_nothing(client, world):
    client.force_login(world.lead)
    before = _state()
    response = client.post(
        reverse("milestone-update", kwargs={"pk": world.milestone.pk}),
        {
            "action": "forecast",
            "forecast-forecast": _yesterday().strftime("%d-%m-%Y"),
            "forecast-reason": "al gebeurd",
            "forecast-version": world.milestone.version,
        },
    )
    assert response.status_code == 400
    assert TOLD in response.content.decode()
    assert _state() == before


def test_the_import_names_the_row_and_column(world):
    MilestoneFactory(project=world.project, name="Inkoop", forecast_date=None)
    code = world.project.code
    day = _yesterday().strftime("%d-%m-%Y")
    table = read_plan(
        csv_bytes(
            "project;mijlpaal;prognose;reden\n"
            f"{code};Inkoop;{day};vergeten\n"
            f"{code};Nieuw;{day};nieuw\n"
        ),
        "plan.csv",
    )
    before = _state()
    _changes, problems = services.import_milestone_plan(
        actor=world.coordinator,
        programme=world.programme,
        table=table,
        dry_run=False,
        create_new=True,
    )
    assert [(p["row"], p["column"]) for p in problems] == [(2, "prognose"), (3, "prognose")]
    assert all(TOLD in p["message"] for p in problems)
    assert _state() == before


def test_a_progress_report_names_each_milestone_it_refuses(world, client):
    period = world.open_period
    ReportingPeriod.objects.filter(pk=period.pk).update(
        starts_on=timezone.localdate() - timedelta(days=60)
    )
    period.refresh_from_db()
    before = _state()
    with pytest.raises(ValidationError) as error:
        monitoring_services.submit_report(
            actor=world.lead,
            project=world.project,
            period=period,
            progress="Voortgang",
            status="groen",
            forecasts=[(world.milestone, _yesterday())],
        )
    [message] = error.value.message_dict["forecasts"]
    assert world.milestone.name in message and TOLD in message
    assert _state() == before

    client.force_login(world.lead)
    response = client.post(
        reverse("report-form", kwargs={"pk": world.project.pk, "period_pk": period.pk}),
        {
            "progress": "Voortgang",
            "status": "groen",
            f"forecast_{world.milestone.pk}": _yesterday().strftime("%d-%m-%Y"),
            f"forecast_{world.site_decision.pk}": world.site_decision.forecast_date.strftime(
                "%d-%m-%Y"
            ),
        },
    )
    assert response.status_code == 400
    assert TOLD in response.content.decode()
    assert _state() == before


def test_a_new_milestone_in_an_import_is_not_reached_in_the_future(world):
    code = world.project.code
    future = (timezone.localdate() + timedelta(days=10)).strftime("%d-%m-%Y")
    past = (timezone.localdate() - timedelta(days=40)).strftime("%d-%m-%Y")
    table = read_plan(
        csv_bytes(
            "project;mijlpaal;prognose;realisatie;reden\n"
            f"{code};Te vroeg;{past};{future};x\n"
            f"{code};Gehaald;{past};{past};x\n"
        ),
        "plan.csv",
    )
    _changes, problems = services.import_milestone_plan(
        actor=world.coordinator,
        programme=world.programme,
        table=table,
        dry_run=True,
        create_new=True,
    )
    # A reached milestone may keep its past forecast; an actual date is never in the future.
    assert [(p["row"], p["column"]) for p in problems] == [(2, "realisatie")]
