"""Dependency types and lags (issue 20): stored through the service, permission-checked,
audited, and a loop refused with its path named."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gridpact.core.models import AuditEvent
from gridpact.projects import services
from gridpact.projects.models import Milestone, MilestoneDependency

from ..factories import (
    MembershipFactory,
    MilestoneDependencyFactory,
    MilestoneFactory,
    OrganisationFactory,
    ProjectFactory,
)


def _fresh(milestone) -> Milestone:
    return Milestone.objects.select_related("project").get(pk=milestone.pk)


@pytest.fixture
def other_project(world):
    """A second project of the same programme, led by the same operator."""
    return _fresh(
        MilestoneFactory(
            project=ProjectFactory(
                name="Station Zuid", lead_operator=world.operator, programme=world.programme
            ),
            name="Zuid in bedrijf",
            forecast_date=date(2031, 1, 1),
        )
    )


def test_a_dependency_stores_type_and_lag_with_one_audit_event(world, other_project):
    before = AuditEvent.objects.count()
    link = services.add_dependency(
        actor=world.lead,
        successor=_fresh(world.milestone),
        predecessor=other_project,
        type="SS",
        lag=10,
        lag_unit="working_days",
    )
    link.refresh_from_db()
    assert (link.type, link.lag, link.lag_unit) == ("SS", 10, "working_days")
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.first()
    assert event.action == "milestone.dependency_added"
    assert event.changes["type"] == [None, "SS"]


def test_a_dependency_without_type_is_finish_to_start_without_lag(world, other_project):
    link = services.add_dependency(
        actor=world.lead, successor=_fresh(world.milestone), predecessor=other_project
    )
    assert (link.type, link.lag, link.lag_unit) == ("FS", 0, "calendar_days")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"lag": -1}, "lag"),
        ({"lag": 99999}, "lag"),
        ({"type": "XX"}, "type"),
        ({"lag_unit": "weeks"}, "lag_unit"),
    ],
)
def test_bad_type_or_lag_is_refused_and_nothing_is_stored(world, other_project, values, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.add_dependency(
            actor=world.lead, successor=_fresh(world.milestone), predecessor=other_project, **values
        )
    assert field in error.value.message_dict
    assert not MilestoneDependency.objects.exists()
    assert AuditEvent.objects.count() == before


def test_who_may_add_a_dependency(world, other_project):
    """The lead operator and the coordinator may; a reader, the municipality that does not own
    the milestone, the other programme's coordinator and another operator may not."""
    successor = _fresh(world.milestone)
    other_operator = MembershipFactory(
        organisation=OrganisationFactory(name="Derde Netbedrijf")
    ).user
    for refused in (world.reader, world.outsider, other_operator, world.municipal_official):
        with pytest.raises(PermissionDenied):
            services.add_dependency(actor=refused, successor=successor, predecessor=other_project)
    assert not MilestoneDependency.objects.exists()
    services.add_dependency(actor=world.coordinator, successor=successor, predecessor=other_project)
    services.remove_dependency(actor=world.lead, successor=successor, predecessor=other_project)
    services.add_dependency(actor=world.lead, successor=successor, predecessor=other_project)
    assert MilestoneDependency.objects.count() == 1


def test_a_loop_is_refused_with_its_path_named(world, other_project):
    a, b = _fresh(world.site_decision), _fresh(world.milestone)
    services.add_dependency(actor=world.coordinator, successor=b, predecessor=a)
    services.add_dependency(actor=world.coordinator, successor=other_project, predecessor=b)
    with pytest.raises(ValidationError) as error:
        services.add_dependency(actor=world.coordinator, successor=a, predecessor=other_project)
    message = error.value.message_dict["predecessor"][0]
    assert (
        "Station Zuid: Zuid in bedrijf → Station Noord: Locatiebesluit → "
        f"Station Noord: {b.name} → Station Zuid: Zuid in bedrijf"
    ) in message
    assert MilestoneDependency.objects.count() == 2


def test_a_loop_through_a_project_the_person_cannot_see_does_not_name_it(world):
    internal = _fresh(world.internal_project.milestones.get())
    a, b = _fresh(world.site_decision), _fresh(world.milestone)
    MilestoneDependencyFactory(successor=internal, predecessor=b)
    MilestoneDependencyFactory(successor=a, predecessor=internal)
    with pytest.raises(ValidationError) as error:
        services.add_dependency(actor=world.lead, successor=b, predecessor=a)
    message = error.value.message_dict["predecessor"][0]
    assert "Geheim" not in message
    assert "een mijlpaal van een project dat je niet kunt zien" in message


def test_the_dependency_form_stores_type_and_lag(client, world, other_project):
    client.force_login(world.lead)
    url = reverse("milestone-dependencies", kwargs={"pk": world.milestone.pk})
    page = client.get(url)
    assert "Wachttijd geteld in" in page.content.decode()
    response = client.post(
        url,
        {
            "action": "add",
            "predecessor": other_project.pk,
            "type": "FF",
            "lag": "5",
            "lag_unit": "working_days",
        },
    )
    assert response.status_code == 302
    link = MilestoneDependency.objects.get()
    assert (link.type, link.lag, link.lag_unit) == ("FF", 5, "working_days")
    response = client.post(
        url, {"action": "add", "predecessor": world.site_decision.pk, "lag": "-3"}
    )
    assert response.status_code == 400
    assert MilestoneDependency.objects.count() == 1
