"""The planning page carries the earliest date the law allows as a floor (decision 0031): a
milestone gated by a procedure cannot be before the day its decision can be final, and the
conflict's chain ends in the law's reason, worked through with the Atw."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from gridpact.core.formatting import nl_date

from ..factories import MilestoneDependencyFactory, MilestoneFactory, ProjectFactory


def _worked_example(world):
    """Decision 0030's worked example: made known on Thursday 2 April 2026, the appeal term ends
    on Ascension Day 14 May 2026, moved past Friday 15 May (put on a par by decree) to Monday
    18 May (art. 1 Atw); final on 19 May 2026 at the earliest, and never before tomorrow."""
    procedure = world.procedure
    procedure.decided_on = date(2026, 4, 1)
    procedure.published_on = date(2026, 4, 2)
    procedure.gates_milestone = world.site_decision  # forecast 1 March 2026
    procedure.save()
    return max(date(2026, 5, 19), timezone.localdate() + timedelta(days=1))


def _conflicts(client, world, user) -> str:
    client.force_login(user)
    html = client.get(
        reverse("programme-planning", kwargs={"pk": world.programme.pk}),
        HTTP_ACCEPT_LANGUAGE="nl",
    ).content.decode()
    if 'id="schedule-conflicts"' not in html:
        return ""
    return html.split('id="schedule-conflicts"', 1)[1].split("</ul>", 1)[0]


def test_a_gated_milestone_before_the_laws_earliest_date_is_a_conflict_with_the_reason(
    client, world
):
    floor = _worked_example(world)
    # A milestone of another project waits for the gated one: its chain ends in the law.
    later = MilestoneFactory(
        project=ProjectFactory(
            name="Net Oost", lead_operator=world.operator, programme=world.programme
        ),
        name="Aansluiting",
        forecast_date=floor - timedelta(days=1),
    )
    MilestoneDependencyFactory(predecessor=world.site_decision, successor=later)
    conflicts = _conflicts(client, world, world.coordinator)
    assert f"Locatiebesluit (Station Noord) kan niet vóór {nl_date(floor)}" in conflicts
    assert "18 mei 2026" in conflicts  # the Atw step of the computation
    assert "art. 6:7 en 6:8 Awb" in conflicts
    chained = conflicts.split("Aansluiting (Net Oost) kan niet vóór", 1)[1].split("</li>", 1)[0]
    assert "wacht op Locatiebesluit (Station Noord)" in chained
    assert "Omgevingsvergunning Station Noord" in chained  # the chain ends in the procedure


def test_without_a_gating_procedure_there_is_no_floor(client, world):
    conflicts = _conflicts(client, world, world.coordinator)
    assert "Locatiebesluit (Station Noord) kan niet vóór" not in conflicts


def test_a_procedure_out_of_sight_sets_no_floor(client, world):
    """The outsider (another programme) sees neither the programme nor the procedure."""
    _worked_example(world)
    client.force_login(world.outsider)
    url = reverse("programme-planning", kwargs={"pk": world.programme.pk})
    assert client.get(url).status_code == 404
