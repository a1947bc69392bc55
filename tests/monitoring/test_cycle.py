"""The progress cycle: reports, corrections, snapshots, exports and reminders."""

import io
import subprocess
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from gridpact.core.models import AuditEvent
from gridpact.monitoring import services, tick
from gridpact.monitoring.models import PeriodStatus, ProgressReport
from gridpact.projects.models import Milestone, PartyRole

from ..factories import MilestoneFactory, ProjectFactory, ProjectPartyFactory


def test_report_is_immutable_and_a_correction_is_a_new_version(world):
    report = world.report
    report.progress = "vervalst"
    with pytest.raises(ValueError):
        report.save()
    correction = services.submit_report(
        actor=world.lead,
        project=world.project,
        period=world.period,
        progress="Locatieonderzoek afgerond; grond gekocht",
        status="oranje",
        explanation="Netaansluiting later",
        today=date(2026, 4, 3),
    )
    assert correction.number == 2
    assert correction.replaces == report
    assert ProgressReport.objects.get(pk=report.pk).progress == "Locatieonderzoek afgerond"


def test_report_moves_forecasts_through_the_milestone_service(world):
    events = AuditEvent.objects.count()
    services.submit_report(
        actor=world.lead,
        project=world.project,
        period=world.open_period,
        progress="Vergunning vertraagd",
        status="rood",
        explanation="Beroep ingesteld",
        causes=["procedure"],
        forecasts=[(world.milestone, date(2031, 6, 30))],
    )
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    assert milestone.forecast_date == date(2031, 6, 30)
    assert AuditEvent.objects.count() == events + 2  # the forecast and the report
    forecast_event = AuditEvent.objects.filter(action="milestone.forecast").first()
    assert "Beroep ingesteld" in forecast_event.reason


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "oranje", "explanation": ""}, "explanation"),
        ({"status": "rood", "explanation": "  "}, "explanation"),
        ({"status": "groen", "progress": ""}, "progress"),
        ({"status": "groen", "causes": ["weer"]}, "causes"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_saved(world, kwargs, field):
    count = ProgressReport.objects.count()
    values = {"progress": "p", **kwargs}
    with pytest.raises(ValidationError) as error:
        services.submit_report(
            actor=world.lead, project=world.project, period=world.open_period, **values
        )
    assert field in error.value.message_dict
    assert ProgressReport.objects.count() == count


def test_no_report_for_a_closed_or_future_period_or_by_another_party(world):
    services.close_period(
        actor=world.coordinator, period=world.period, expected_version=world.period.version
    )
    with pytest.raises(ValidationError, match=r"gesloten|closed"):
        services.submit_report(
            actor=world.lead,
            project=world.project,
            period=world.period,
            progress="p",
            status="groen",
        )
    with pytest.raises(ValidationError, match=r"begonnen|started"):
        services.submit_report(
            actor=world.lead,
            project=world.project,
            period=world.open_period,
            progress="p",
            status="groen",
            today=date(2026, 3, 1),
        )
    with pytest.raises(PermissionDenied):
        services.submit_report(
            actor=world.municipal_official,
            project=world.project,
            period=world.open_period,
            progress="p",
            status="groen",
        )


def test_negative_threshold_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.update_rules(
            actor=world.coordinator,
            programme=world.programme,
            amber_max_slip_days=-5,
            amber_impediment_level=2,
        )
    assert "amber_max_slip_days" in error.value.message_dict


def test_snapshot_keeps_the_past_exactly_after_later_edits(client, world):
    snapshot = services.close_period(
        actor=world.coordinator, period=world.period, expected_version=world.period.version
    )
    row = next(r for r in snapshot.rows if r["name"] == "Station Noord")
    assert row["delay_days"] == 0
    assert row["self_status"] == "groen"
    m = Milestone.objects.get(pk=world.milestone.pk)
    from gridpact.projects import services as project_services

    project_services.forecast_milestone(
        actor=world.lead,
        milestone=m,
        forecast=date(2031, 6, 30),
        reason="later",
        expected_version=m.version,
    )
    snapshot.refresh_from_db()
    assert next(r for r in snapshot.rows if r["name"] == "Station Noord")["delay_days"] == 0
    client.force_login(world.coordinator)
    trend = client.get(reverse("dashboard", kwargs={"pk": world.programme.pk})).context["trend"]
    assert [(p.label, p.total_delay_days) for p in trend] == [("2026-K1", 0), ("nu", 730)]
    assert world.period.__class__.objects.get(pk=world.period.pk).status == PeriodStatus.CLOSED


def test_snapshot_rows_of_invisible_projects_are_not_shown(client, world):
    services.close_period(
        actor=world.coordinator, period=world.period, expected_version=world.period.version
    )
    client.force_login(world.lead)
    page = client.get(reverse("dashboard", kwargs={"pk": world.programme.pk}))
    assert page.context["trend"][0].projects == 1  # the internal project is not counted
    assert "Geheim station" not in page.content.decode()


def test_pdf_contains_status_and_explanation(client, world):
    services.submit_report(
        actor=world.lead,
        project=world.project,
        period=world.open_period,
        progress="Vergunning vertraagd",
        status="oranje",
        explanation="Wachten op stikstofberekening",
    )
    client.force_login(world.coordinator)
    response = client.get(
        reverse("dashboard-export", kwargs={"pk": world.programme.pk, "fmt": "pdf"})
    )
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Station Noord" in text
    assert "Wachten op stikstofberekening" in text
    assert "Geheim station" not in text


def test_xlsx_has_dutch_headers_dates_as_dates_and_no_formulas(client, world):
    world.project.name = '=HYPERLINK("http://x")'
    world.project.save()
    client.force_login(world.coordinator)
    response = client.get(
        reverse("dashboard-export", kwargs={"pk": world.programme.pk, "fmt": "xlsx"}),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Samenvatting",
        "Projecten",
        "Mijlpalen",
        "Knelpunten",
        "Publieke belofte",
    ]
    sheet = book["Projecten"]
    assert sheet["A1"].value == "Project"
    assert sheet["D1"].value == "In bedrijf (baseline)"
    assert sheet["A2"].value.startswith("'=")
    assert sheet["D2"].value.date() == date(2029, 6, 30)
    assert not any("Geheim" in str(c.value) for row in book["Mijlpalen"].iter_rows() for c in row)


def test_tick_reminds_once_before_due_and_once_when_late(world, django_capture_on_commit_callbacks):
    world.lead.email = "lead@example.org"
    world.lead.save()
    # Period 2026-K2 ends 30 June; reports are due 10 working days later (14 July).
    with django_capture_on_commit_callbacks(execute=True):
        assert tick.run(date(2026, 7, 1)) == 0
        assert tick.run(date(2026, 7, 8)) == 1
        assert tick.run(date(2026, 7, 9)) == 0
        assert tick.run(date(2026, 7, 15)) == 1
        assert tick.run(date(2026, 7, 16)) == 0
    subjects = [m.subject for m in mail.outbox if "lead@example.org" in m.to]
    assert len(subjects) == 2


@pytest.mark.parametrize("route", ["dashboard", "reports"])
def test_monitoring_pages_do_the_same_number_of_queries_for_10_and_200_projects(
    client, world, route
):
    client.force_login(world.coordinator)

    def add(n):
        for _ in range(n):
            project = ProjectFactory(lead_operator=world.operator, programme=world.programme)
            ProjectPartyFactory(
                project=project, organisation=world.municipality, role=PartyRole.MUNICIPALITY
            )
            MilestoneFactory(project=project, forecast_date=date(2020, 1, 1))

    url = reverse(route, kwargs={"pk": world.programme.pk})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    add(8)
    small = count()
    add(190)
    assert count() == small


@freeze_time("2026-07-01")
def test_ensure_periods_creates_quarters_up_to_today(world):
    services.ensure_periods(world.programme, date(2026, 7, 1))
    names = list(
        world.programme.reporting_periods.order_by("starts_on").values_list("name", flat=True)
    )
    assert names == ["2026-K1", "2026-K2", "2026-K3"]


def test_a_background_report_is_for_its_maker_only(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    start = reverse("export-start", kwargs={"pk": world.programme.pk, "fmt": "pdf"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start, {"query": ""})
    assert response.status_code == 302
    status_url = response["Location"]
    page = client.get(status_url)
    assert page.context["export"].status == "klaar"
    download = client.get(reverse("export-download", kwargs={"pk": page.context["export"].pk}))
    assert download["Content-Type"] == "application/pdf"
    client.force_login(world.lead)
    assert client.get(status_url).status_code == 404


def test_closing_a_period_with_missing_reports_asks_first_and_names_how_many(client, world):
    ProjectFactory(name="Station Zuid", lead_operator=world.operator, programme=world.programme)
    client.force_login(world.coordinator)
    url = reverse("period-close", kwargs={"pk": world.period.pk})
    asked = client.post(url, {"version": world.period.version})
    page = asked.content.decode()
    assert asked.status_code == 200
    assert "1 project heeft nog niet gerapporteerd" in page
    world.period.refresh_from_db()
    assert world.period.status == PeriodStatus.OPEN
    closed = client.post(url, {"version": world.period.version, "confirmed": "1"})
    assert closed.status_code == 302
    world.period.refresh_from_db()
    assert world.period.status == PeriodStatus.CLOSED
