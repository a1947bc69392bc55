"""Knock-on before saving (issue 20): the forecast form shows which milestones of other projects
move and by how much, saves only when confirmed, and the owners then see it on Mijn werk."""

from datetime import date

from django.urls import reverse

from gridpact.projects.models import Milestone

from ..factories import (
    MembershipFactory,
    MilestoneDependencyFactory,
    MilestoneFactory,
    ProjectFactory,
)


def _waiting_project(world):
    """Another operator's project whose in-service date waits on the world's milestone."""
    other = MembershipFactory(organisation=world.municipality).user  # any organisation
    waiting = MilestoneFactory(
        project=ProjectFactory(
            name="Station West", lead_operator=world.municipality, programme=world.programme
        ),
        owner=world.municipality,
        name="West in bedrijf",
        forecast_date=date(2029, 9, 1),
    )
    MilestoneDependencyFactory(predecessor=world.milestone, successor=waiting)
    return waiting, other


def _post(client, world, **extra):
    return client.post(
        reverse("milestone-update", kwargs={"pk": world.milestone.pk}),
        {
            "action": "forecast",
            "forecast-forecast": "2029-12-31",
            "forecast-reason": "Levertijd transformator",
            "forecast-version": Milestone.objects.get(pk=world.milestone.pk).version,
            **extra,
        },
    )


def test_the_form_shows_the_knock_on_before_saving_and_saves_once_confirmed(client, world):
    _waiting, _other = _waiting_project(world)
    client.force_login(world.lead)
    preview = _post(client, world)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Nog niet opgeslagen" in html
    assert "West in bedrijf (Station West): 121 dagen later" in html  # 1-9 → 31-12-2029
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2029, 6, 30)
    saved = _post(client, world, confirm_knock_on="1")
    assert saved.status_code == 302
    assert Milestone.objects.get(pk=world.milestone.pk).forecast_date == date(2029, 12, 31)


def test_without_knock_on_the_forecast_saves_at_once(client, world):
    client.force_login(world.lead)
    assert _post(client, world).status_code == 302


def test_after_saving_the_owner_sees_it_on_mijn_werk(client, world):
    _waiting, owner = _waiting_project(world)
    client.force_login(world.lead)
    _post(client, world, confirm_knock_on="1")
    client.force_login(owner)
    html = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    section = html.split('id="held-back"', 1)[1].split("</section>", 1)[0]
    assert (
        "West in bedrijf (Station West) kan niet vóór 31 december 2029: wacht op "
        "In bedrijf (Station Noord)"
    ) in section
    # The person who moved it is not the owner: nothing held back on their Mijn werk.
    client.force_login(world.lead)
    assert 'id="held-back"' not in client.get(reverse("my-work")).content.decode()
