"""A project on two programmes' lists: what one programme writes stays inside that programme.

Programme P (the world) and programme B (`shared`) both list "Station Noord". B raises and
escalates an impediment and files a report; P's members must not read it anywhere, and P's
figures must not move. The other way round as well. The matrix in test_permission_matrix.py walks
every route; these tests name the failures the security test found.
"""

import csv
import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from gridpact.core.models import AuditEvent, Notification
from gridpact.costs import services as cost_services
from gridpact.escalations import services as escalation_services
from gridpact.monitoring import status
from gridpact.projects.queries import pick_baseline

from .conftest import (
    SHARED_EXPLANATION,
    SHARED_IMPEDIMENT,
    SHARED_REPORT,
    build_shared,
)
from .readable import readable_text as _text

B_TEXTS = (SHARED_IMPEDIMENT, SHARED_REPORT, SHARED_EXPLANATION)
P_TEXTS = ("Grond niet beschikbaar", "Locatieonderzoek afgerond")


def _p_users(w):
    return (w.coordinator, w.lead, w.municipal_official, w.reader)


@pytest.mark.parametrize("who", ["coordinator", "lead", "municipal_official", "reader"])
def test_programme_p_never_reads_what_b_wrote_on_the_shared_project(client, shared, who):
    w = shared.world
    client.force_login(getattr(w, who))
    project = {"pk": w.project.pk}
    urls = [
        reverse("project-detail", kwargs=project),
        reverse("project-detail", kwargs=project) + "?export=csv&table=history",
        reverse("project-detail", kwargs=project) + "?export=xlsx&table=history",
        reverse("my-work"),
        reverse("my-work") + "?export=csv",
        reverse("dashboard", kwargs={"pk": w.programme.pk}),
        reverse("impediment-register", kwargs={"pk": w.programme.pk}),
        reverse("dashboard-export", kwargs={"pk": w.programme.pk, "fmt": "csv"}),
        reverse("dashboard-export", kwargs={"pk": w.programme.pk, "fmt": "xlsx"}),
        reverse("api:impediment-list"),
        reverse("api:impediment-list") + f"?project={w.project.pk}",
        reverse("api:progress-report-list"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        for secret in B_TEXTS:
            assert secret not in text, (url, secret)
    for url in (
        reverse("impediment-detail", kwargs={"pk": shared.impediment.pk}),
        reverse("api:impediment-detail", kwargs={"pk": shared.impediment.pk}),
        reverse("report-detail", kwargs={"pk": shared.report.pk}),
        reverse("api:progress-report-detail", kwargs={"pk": shared.report.pk}),
    ):
        assert client.get(url).status_code == 404, url


def test_filtering_the_api_on_a_hidden_programme_counts_nothing(client, shared):
    client.force_login(shared.world.coordinator)
    url = reverse("api:impediment-list") + f"?programme={shared.programme.pk}"
    body = client.get(url).json()
    assert body["count"] == 0 and body["results"] == []
    detail = reverse("api:programme-detail", kwargs={"pk": shared.programme.pk})
    assert client.get(detail).status_code == 404


def test_programme_b_never_reads_what_p_wrote_on_the_shared_project(client, shared):
    w = shared.world
    client.force_login(shared.member)
    project = {"pk": w.project.pk}
    for url in (
        reverse("project-detail", kwargs=project),
        reverse("project-detail", kwargs=project) + "?export=csv&table=history",
        reverse("my-work"),
        reverse("dashboard", kwargs={"pk": shared.programme.pk}),
        reverse("dashboard-export", kwargs={"pk": shared.programme.pk, "fmt": "xlsx"}),
        reverse("api:impediment-list") + f"?programme={w.programme.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text(response)
        for secret in P_TEXTS:
            assert secret not in text, (url, secret)
    for url in (
        reverse("impediment-detail", kwargs={"pk": w.impediment.pk}),
        reverse("api:impediment-detail", kwargs={"pk": w.impediment.pk}),
    ):
        assert client.get(url).status_code == 404, url


def test_each_programme_still_reads_its_own_on_the_shared_project(client, shared):
    """The scoping hides the other programme's data, not one's own."""
    w = shared.world
    client.force_login(shared.member)
    page = client.get(reverse("project-detail", kwargs={"pk": w.project.pk})).content.decode()
    assert SHARED_IMPEDIMENT in page
    history = _text(
        client.get(
            reverse("project-detail", kwargs={"pk": w.project.pk}) + "?export=csv&table=history"
        )
    )
    assert SHARED_EXPLANATION in history or SHARED_REPORT in history
    client.force_login(w.coordinator)
    page = client.get(reverse("project-detail", kwargs={"pk": w.project.pk})).content.decode()
    assert "Grond niet beschikbaar" in page


def test_history_events_carry_their_programme(shared):
    """The audit events of B's report and impediment say they are B's: that is what the history
    filters on."""
    events = AuditEvent.objects.filter(project_id=shared.world.project.pk)
    for obj in (shared.report, shared.impediment):
        found = events.filter(object_id=str(obj.pk))
        assert found.exists()
        assert set(found.values_list("programme_id", flat=True)) == {shared.programme.pk}


def test_api_lists_only_the_callers_programmes_of_a_shared_project(client, shared):
    w = shared.world
    url = reverse("api:project-detail", kwargs={"pk": w.project.pk})
    client.force_login(w.lead)
    assert client.get(url).json()["programmes"] == [str(w.programme.pk)]
    client.force_login(shared.member)
    assert client.get(url).json()["programmes"] == [str(shared.programme.pk)]


def test_no_notification_of_b_reaches_p(shared):
    w = shared.world
    leaked = Notification.objects.filter(recipient__in=_p_users(w)).filter(
        subject__contains=SHARED_IMPEDIMENT
    )
    assert not leaked.exists()


def _figures(client, w):
    """Programme P's status rows and its report as CSV and XLSX cells."""
    baselines = [w.baseline] if w.baseline else []
    baseline = pick_baseline(baselines, None, w.programme.reference_baseline_id)
    rows = status.programme_status(w.coordinator, w.programme, baseline, {}, date(2026, 12, 1))
    client.force_login(w.coordinator)
    exports = {
        fmt: _text(
            client.get(reverse("dashboard-export", kwargs={"pk": w.programme.pk, "fmt": fmt}))
        )
        for fmt in ("csv", "xlsx")
    }
    return (
        [
            (
                r.project.pk,
                r.evaluation.status,
                r.reasons_text,
                r.open_impediments,
                r.highest_level,
                r.latest_report.pk if r.latest_report else None,
            )
            for r in rows
        ],
        list(csv.reader(io.StringIO(exports["csv"]), delimiter=";")),
        exports["xlsx"],
    )


def test_programme_figures_are_the_same_with_and_without_the_other_programme(client, world):
    """B's escalation to level 2 and its red report on the shared project change nothing in P's
    status, dashboard report or GS workbook; and P's data changes nothing in B's."""
    before = _figures(client, world)
    shared = build_shared(world)
    assert _figures(client, world) == before
    assert before[0], "the programme has rows to compare"

    # The other direction: B's figures with and without P's open impediment.
    b_world = replace(world, programme=shared.programme, coordinator=shared.member, baseline=None)
    with_p = _figures(client, b_world)
    escalation_services.resolve(
        actor=world.coordinator,
        impediment=world.impediment,
        decision="Opgelost",
        decided_by="Projectteam",
        expected_version=world.impediment.version,
    )
    assert _figures(client, b_world) == with_p


def test_a_member_of_both_programmes_gets_each_report_with_only_its_own_impediments(
    client, shared, django_user_model
):
    """Someone who sees both programmes (here an administrator) still reads P's GS workbook
    with P's impediments only: the report is the programme's, not the reader's."""
    w = shared.world
    client.force_login(django_user_model.objects.create_superuser("beheer", "b@test.invalid", "x"))
    p_report = _text(
        client.get(reverse("dashboard-export", kwargs={"pk": w.programme.pk, "fmt": "xlsx"}))
    )
    assert "Grond niet beschikbaar" in p_report
    assert SHARED_IMPEDIMENT not in p_report
    b_report = _text(
        client.get(reverse("dashboard-export", kwargs={"pk": shared.programme.pk, "fmt": "xlsx"}))
    )
    assert SHARED_IMPEDIMENT in b_report
    assert "Grond niet beschikbaar" not in b_report


def _fresh(project):
    from gridpact.projects.models import Project

    return Project.objects.get(pk=project.pk)


def test_costs_in_a_category_of_programme_b_stay_in_b(client, shared):
    """B adds its own cost category and reports a cost on the shared project in it: P's project
    costs, programme costs and API do not show or count it; P's cost form offers neither B's
    category nor B's province as requester."""
    w = shared.world
    category = cost_services.add_category(
        actor=shared.member, programme=shared.programme, name="Compensatie Buur"
    )
    cost_services.report_cost_item(
        actor=shared.member,
        project=_fresh(w.project),
        reported_by=shared.province,
        category=category,
        description="Kosten alleen voor B",
        amount=Decimal("1000.00"),
        kind="raming",
    )
    client.force_login(w.coordinator)
    for url in (
        reverse("project-costs", kwargs={"pk": w.project.pk}),
        reverse("project-costs", kwargs={"pk": w.project.pk}) + "?export=csv",
        reverse("programme-costs", kwargs={"pk": w.programme.pk}),
        reverse("api:cost-item-list"),
        reverse("cost-item-create", kwargs={"pk": w.project.pk}),
    ):
        text = _text(client.get(url))
        for secret in ("Kosten alleen voor B", "Compensatie Buur", "Provincie Buur"):
            assert secret not in text, (url, secret)
    client.force_login(shared.member)
    page = client.get(
        reverse("project-costs", kwargs={"pk": w.project.pk}) + f"?programme={shared.programme.pk}"
    )
    assert "Kosten alleen voor B" in page.content.decode()


def test_procedure_form_offers_only_the_users_programmes_participants(client, shared):
    w = shared.world
    client.force_login(w.coordinator)
    form = client.get(reverse("procedure-create", kwargs={"pk": w.project.pk})).content.decode()
    assert "Gemeente Test" in form and "Provincie Buur" not in form
    client.force_login(shared.member)
    form = client.get(reverse("procedure-create", kwargs={"pk": w.project.pk})).content.decode()
    assert "Provincie Buur" in form
    assert "Netbeheer Test" in form  # the project's own lead operator applies
    assert "Gemeente Test" not in form and "Ander Netbedrijf" not in form


def test_the_project_import_says_nothing_of_a_project_the_coordinator_cannot_see(shared):
    """B's coordinator imports a list with the code of P's internal project: refused (codes are
    unique) with the neutral message, word for word the one for any taken code."""
    from gridpact.projects import services as project_services
    from gridpact.projects.imports import read_project_list

    w = shared.world
    header = "projectcode;naam;soort;netbeheerder\n"
    content = (header + f"{w.internal_project.code};Geheim;concreet;Provincie Buur\n").encode()
    _changes, problems = project_services.import_project_list(
        actor=shared.member,
        programme=shared.programme,
        table=read_project_list(content, "p.csv"),
        dry_run=True,
    )
    code_problems = [p for p in problems if p["column"] == "projectcode"]
    assert [p["message"] for p in code_problems] == [
        "Deze code kan niet voor een nieuw project worden gebruikt; kies een andere code."
    ]


def test_report_reminders_of_b_do_not_reach_the_lead_operator_who_is_only_in_p(shared):
    """B's second period is late for the shared project; its lead operator takes part in P only,
    so it is neither asked nor told about B's period. P's own late period still reminds it."""
    from gridpact.monitoring import tick
    from gridpact.monitoring.models import ReportingPeriod

    w = shared.world
    tick.run(date(2026, 12, 1))
    b_periods = ReportingPeriod.objects.filter(programme=shared.programme)
    p_periods = ReportingPeriod.objects.filter(programme=w.programme)
    mine = Notification.objects.filter(recipient=w.lead)
    assert not [n for n in mine if any(str(p.pk) in n.key for p in b_periods)]
    assert [n for n in mine if any(str(p.pk) in n.key for p in p_periods)]
