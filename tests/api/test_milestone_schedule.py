"""The milestone API reads the schedule: earliest and latest date, float and the critical path,
as the caller may see the network (decision 0030)."""

from datetime import date

from gridpact.projects.models import Milestone
from tests.api import api_url

from ..factories import MembershipFactory, MilestoneDependencyFactory


def test_milestone_read_fields_carry_the_network_as_the_caller_sees_it(world, token_client):
    hidden = Milestone.objects.get(project=world.internal_project)
    hidden.forecast_date = date(2035, 1, 1)
    hidden.save()
    MilestoneDependencyFactory(predecessor=hidden, successor=world.milestone)

    def read(user):
        rows = token_client(user).get(api_url("milestone-list", project=world.project.pk)).json()
        return {row["name"]: row for row in rows["results"]}

    mine = read(world.lead)["In bedrijf"]
    assert mine["earliest_date"] == "2029-06-30"
    assert mine["total_float_days"] == 0
    assert mine["on_critical_path"] is True
    assert read(world.lead)["Locatiebesluit"]["latest_date"] == "2029-06-30"
    insider = MembershipFactory(organisation=world.internal_project.lead_operator).user
    assert read(insider)["In bedrijf"]["earliest_date"] == "2035-01-01"
