"""A project on two programmes: what was reported to one is invisible to members of the other.

Reports and snapshots are read through `visible_to(user)` only; every page, export and the API
answer the same question.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gridpact.monitoring import services
from gridpact.monitoring.models import PeriodSnapshot, ProgressReport

from ..factories import (
    PeriodSnapshotFactory,
    ProgrammeProjectFactory,
    ProgressReportFactory,
    ReportingPeriodFactory,
)

SECRET = "Alleen voor programma Q bestemd"


@pytest.fixture
def shared(world):
    """The project also sits on programme Q, which has a report of its own on it."""
    ProgrammeProjectFactory(programme=world.other_programme, project=world.project)
    period = ReportingPeriodFactory(
        programme=world.other_programme,
        name="Q-periode-vertrouwelijk",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        due_on=date(2026, 4, 15),
    )
    report = ProgressReportFactory(
        period=period,
        project=world.project,
        organisation=world.operator,
        submitted_by=world.outsider,
        progress=SECRET,
        status="rood",
        explanation=SECRET,
    )
    return period, report


def test_visible_to_needs_the_project_and_the_period_programme(world, shared):
    _period, q_report = shared
    for member_of_p in (world.lead, world.municipal_official, world.coordinator, world.reader):
        visible = set(ProgressReport.objects.visible_to(member_of_p))
        assert world.report in visible
        assert q_report not in visible
    assert set(ProgressReport.objects.visible_to(world.outsider)) == {q_report}


def test_report_detail_of_another_programme_is_not_found(client, world, shared):
    _period, q_report = shared
    url = reverse("report-detail", kwargs={"pk": q_report.pk})
    client.force_login(world.lead)
    assert client.get(url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 200


def test_report_form_refuses_a_period_of_another_programme(client, world, shared):
    period, _report = shared
    client.force_login(world.lead)
    url = reverse("report-form", kwargs={"pk": world.project.pk, "period_pk": period.pk})
    assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.submit_report(
            actor=world.lead, project=world.project, period=period, progress="p", status="groen"
        )


@pytest.mark.parametrize("reader", ["lead", "coordinator"])
def test_dashboard_project_page_and_exports_show_only_this_programmes_reports(
    client, world, shared, reader
):
    client.force_login(getattr(world, reader))
    pages = [
        reverse("dashboard", kwargs={"pk": world.programme.pk}),
        reverse("dashboard-export", kwargs={"pk": world.programme.pk, "fmt": "csv"}),
        reverse("project-detail", kwargs={"pk": world.project.pk}),
        reverse("reports", kwargs={"pk": world.programme.pk}) + "?export=csv",
        reverse("api:progress-report-list"),
        reverse("api:reporting-period-list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode()
        assert SECRET not in body, url
        assert "Q-periode-vertrouwelijk" not in body, url


def test_snapshots_are_scoped_to_the_programmes_of_the_reader(world, shared):
    period, _report = shared
    PeriodSnapshotFactory(period=period, rows=[])
    assert not PeriodSnapshot.objects.visible_to(world.lead).exists()
    assert PeriodSnapshot.objects.visible_to(world.outsider).count() == 1


def test_submitting_a_report_says_you_can_no_longer_change_it(client, world):
    client.force_login(world.lead)
    url = reverse("report-form", kwargs={"pk": world.project.pk, "period_pk": world.period.pk})
    response = client.post(
        url,
        {"progress": "Vergunning aangevraagd", "status": "groen"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    page = response.content.decode()
    assert "Je kunt hem niet meer wijzigen; een correctie maak je als nieuwe versie." in page
    assert "Zij kan niet meer" not in page
