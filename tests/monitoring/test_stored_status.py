"""The stored project status (decision 0034, "Stored status"): the dashboard reads each
programme's statuses stored on commit of a change and by the tick, gives the same page as
computing them, and falls back to computing for anyone who sees more or less than the
programme's whole view."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gridpact.core.access import access_for
from gridpact.escalations import services as escalation_services
from gridpact.monitoring import queries, rules, stored, tick
from gridpact.monitoring import services as monitoring_services
from gridpact.monitoring.models import ProjectStatus
from gridpact.parties.models import Role, User
from gridpact.programmes.models import Programme
from gridpact.projects import services as project_services
from gridpact.projects.models import Milestone, Project
from gridpact.workspace import demo
from tests.factories import (
    MembershipFactory,
    MilestoneDependencyFactory,
    MilestoneFactory,
    ParticipationFactory,
    ProjectFactory,
)
from tests.monitoring.test_page_cost import _add_projects


def _view(user, programme, *, use_stored):
    context = queries.dashboard(
        user, programme, QueryDict(""), timezone.localdate(), use_stored=use_stored
    )
    return {
        "rows": [(r.project.pk, r.evaluation, r.delay_days) for r in context["rows"]],
        "counts": context["status_counts"],
        "headline": context["headline"],
        "partial": any(r.partial for r in context["rows"]),
    }


def _assert_stored_equals_computed(user, programme):
    from_store = _view(user, programme, use_stored=True)
    computed = _view(user, programme, use_stored=False)
    assert from_store["partial"], "the dashboard did not read the stored statuses"
    assert not computed["partial"]
    for key in ("rows", "counts", "headline"):
        assert from_store[key] == computed[key]


def _stale(programme) -> set[bool]:
    return set(ProjectStatus.objects.filter(programme=programme).values_list("stale", flat=True))


def _recompute_all():
    return tick.run_status(timezone.localdate())


def test_the_tick_stores_every_visible_project_but_the_internal_one(world):
    assert _recompute_all() >= 1
    stored_ids = set(
        ProjectStatus.objects.filter(programme=world.programme).values_list("project_id", flat=True)
    )
    assert world.project.pk in stored_ids
    assert world.internal_project.pk not in stored_ids
    _assert_stored_equals_computed(world.coordinator, world.programme)
    # Fresh: the next tick has nothing to do (nor for a programme without projects).
    assert stored.needing_recompute(timezone.localdate()) == []


def test_the_tick_recomputes_what_is_stale_or_from_yesterday(world):
    _recompute_all()
    ProjectStatus.objects.filter(programme=world.programme).update(
        computed_on=timezone.localdate() - timedelta(days=1)
    )
    # Yesterday's rows are not served: a milestone may have become overdue overnight.
    assert not _view(world.coordinator, world.programme, use_stored=True)["partial"]
    assert world.programme.pk in stored.needing_recompute(timezone.localdate())
    _recompute_all()
    _assert_stored_equals_computed(world.coordinator, world.programme)


def _move_forecast(world):
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    project_services.update_milestone_dates(
        actor=world.lead,
        milestone=milestone,
        forecast=milestone.forecast_date + timedelta(days=400),
        reason="Vergunning later verleend",
        expected_version=milestone.version,
    )


def _submit_report(world):
    monitoring_services.submit_report(
        actor=world.lead,
        project=world.project,
        period=world.open_period,
        progress="Vergunning aangevraagd",
        status="rood",
        explanation="De vergunning komt later.",
        today=world.open_period.ends_on,
    )


def _raise_impediment(world):
    escalation_services.raise_impediment(
        actor=world.coordinator,
        project=world.project,
        programme=world.programme,
        title="Grond niet beschikbaar",
        category="grond",
        owner=world.operator,
        today=timezone.localdate(),
    )


def _change_rules(world):
    monitoring_services.update_rules(
        actor=world.coordinator, programme=world.programme, amber_max_slip_days=5
    )


@pytest.mark.parametrize(
    "change", [_move_forecast, _submit_report, _raise_impediment, _change_rules]
)
def test_a_change_marks_the_programme_stale_and_its_commit_stores_it_anew(
    world, change, django_capture_on_commit_callbacks
):
    _recompute_all()
    assert _stale(world.programme) == {False}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change(world)
    # Until the commit's recomputation has run, the page computes: never an old status.
    assert _stale(world.programme) == {True}
    assert not _view(world.coordinator, world.programme, use_stored=True)["partial"]
    for callback in callbacks:
        callback()
    assert _stale(world.programme) == {False}
    _assert_stored_equals_computed(world.coordinator, world.programme)


def test_the_stored_status_follows_the_change(world, django_capture_on_commit_callbacks):
    _recompute_all()
    with django_capture_on_commit_callbacks(execute=True):
        _move_forecast(world)
        _change_rules(world)
    row = ProjectStatus.objects.get(programme=world.programme, project=world.project)
    assert row.status == rules.RED
    assert "slip_red" in [r["code"] for r in row.reasons]


def test_a_viewer_who_sees_the_internal_project_gets_it_computed(world):
    _recompute_all()
    insider = MembershipFactory(
        organisation=world.internal_project.lead_operator, role=Role.CONTRIBUTOR
    ).user
    view = _view(insider, world.programme, use_stored=True)
    assert not view["partial"]
    assert world.internal_project.pk in [pk for pk, _e, _d in view["rows"]]
    # The coordinator, who does not see it, is served from the store without it.
    coordinator = _view(world.coordinator, world.programme, use_stored=True)
    assert coordinator["partial"]
    assert world.internal_project.pk not in [pk for pk, _e, _d in coordinator["rows"]]


def test_a_second_organisation_never_reads_another_programmes_statuses(world, client):
    _recompute_all()
    client.force_login(world.outsider)
    url = reverse("dashboard", kwargs={"pk": world.programme.pk})
    assert client.get(url).status_code == 404


def test_a_shared_project_has_a_row_per_programme(shared, django_capture_on_commit_callbacks):
    world = shared.world
    _recompute_all()
    rows = ProjectStatus.objects.filter(project=world.project)
    assert set(rows.values_list("programme_id", flat=True)) == {
        world.programme.pk,
        shared.programme.pk,
    }
    _assert_stored_equals_computed(world.coordinator, world.programme)
    _assert_stored_equals_computed(shared.member, shared.programme)
    # An impediment raised in the other programme marks only that programme's row stale.
    with django_capture_on_commit_callbacks(execute=False):
        escalation_services.raise_impediment(
            actor=shared.member,
            project=Project.objects.get(pk=world.project.pk),
            programme=shared.programme,
            title="Netcongestie buurprovincie",
            category="grond",
            owner=shared.programme.owner,
            today=timezone.localdate(),
        )
    assert _stale(world.programme) == {False}
    assert _stale(shared.programme) == {True}


def test_a_viewer_in_two_programmes_gets_it_computed(shared):
    """Such a viewer may see a dependency into the other programme that the stored view lacks."""
    world = shared.world
    _recompute_all()
    ParticipationFactory(programme=shared.programme, organisation=world.province)
    both = MembershipFactory(organisation=world.province, role=Role.COORDINATOR).user
    assert access_for(both).programme_ids == {world.programme.pk, shared.programme.pk}
    assert not _view(both, world.programme, use_stored=True)["partial"]
    assert not _view(world.coordinator, world.programme, use_stored=True)["partial"]
    assert _view(shared.member, shared.programme, use_stored=True)["partial"]


def _dashboard_queries(client, world) -> int:
    url = reverse("dashboard", kwargs={"pk": world.programme.pk})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["rows"][0].partial or len(response.context["rows"]) == 0
    return len(ctx.captured_queries)


def test_the_stored_dashboard_costs_the_same_queries_at_10_and_at_100_projects(client, world):
    client.force_login(world.coordinator)
    _add_projects(world, 9)
    _recompute_all()
    small = _dashboard_queries(client, world)
    _add_projects(world, 90)
    _recompute_all()
    assert _dashboard_queries(client, world) == small


def _table(page: str) -> str:
    """The page's main part without its per-request tokens."""
    main = page[page.index("<main") :]
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]*"', "", main)


def test_the_stored_dashboard_page_equals_the_computed_page(client, world):
    _add_projects(world, 60)
    client.force_login(world.coordinator)
    url = reverse("dashboard", kwargs={"pk": world.programme.pk})
    computed = [client.get(url, {"page": n}).content.decode() for n in (1, 2)]
    _recompute_all()
    from_store = [client.get(url, {"page": n}).content.decode() for n in (1, 2)]
    for page_from_store, page_computed in zip(from_store, computed, strict=True):
        assert _table(page_from_store) == _table(page_computed)


def test_the_demo_programme_stored_equals_computed_for_every_demo_user(db):
    demo.load()
    _recompute_all()
    served = 0
    for spec in demo.DEMO_USERS:
        user = User.objects.get(username=spec.username)
        for programme in Programme.objects.visible_to(user):
            if _view(user, programme, use_stored=True)["partial"]:
                _assert_stored_equals_computed(user, programme)
                served += 1
    assert served >= 1  # at least the coordinator is served from the store


def test_a_forecast_moved_upstream_marks_the_waiting_programme_stale(
    world, django_capture_on_commit_callbacks
):
    """A milestone in another programme's project that a milestone here waits for: moving it can
    put this programme's milestone in conflict, so this programme's statuses go stale too."""
    upstream = ProjectFactory(
        name="Station Elders", lead_operator=world.operator, programme=world.other_programme
    )
    predecessor = MilestoneFactory(project=upstream, forecast_date=date(2029, 1, 1))
    MilestoneDependencyFactory(predecessor=predecessor, successor=world.milestone)
    _recompute_all()
    assert _stale(world.programme) == {False}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        project_services.update_milestone_dates(
            actor=world.lead,
            milestone=predecessor,
            forecast=date(2031, 1, 1),
            reason="Vertraagd",
            expected_version=predecessor.version,
        )
    assert _stale(world.programme) == {True}
    for callback in callbacks:
        callback()
    # Stored anew on commit, and still what the coordinator would compute.
    assert _stale(world.programme) == {False}
    _assert_stored_equals_computed(world.coordinator, world.programme)
