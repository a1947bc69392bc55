"""Who may report progress: one rule (monitoring/permissions.py), as a table over roles,
organisations and two programmes that share a project."""

import pytest

from gridpact.monitoring.permissions import can_report
from gridpact.parties.models import Role

from ..factories import MembershipFactory


def _actor(world, shared, name):
    if name == "other_programme_coordinator":
        return shared.member
    if name == "second_operator_contributor":
        return MembershipFactory(
            organisation=world.internal_project.lead_operator, role=Role.CONTRIBUTOR
        ).user
    return getattr(world, name)


# (actor, may report for P's period, may report for B's period) on the project P and B share.
TABLE = [
    ("lead", True, True),  # the lead grid operator's contributor, for every programme
    ("reader", False, False),  # the lead operator's reader
    ("coordinator", True, False),  # P's coordinator, only for P
    ("other_programme_coordinator", False, True),  # B's coordinator, only for B
    ("municipal_official", False, False),  # a party, not the lead
    ("second_operator_contributor", False, False),  # another operator on P
    ("outsider", False, False),  # coordinator of an unrelated programme
]


@pytest.mark.parametrize(("name", "for_p", "for_b"), TABLE)
def test_who_may_report_on_a_shared_project(world, shared, name, for_p, for_b):
    actor = _actor(world, shared, name)
    assert can_report(actor, world.project, world.open_period) is for_p
    assert can_report(actor, world.project, shared.period) is for_b


def test_the_second_operator_reports_on_its_own_project(world):
    contributor = MembershipFactory(
        organisation=world.internal_project.lead_operator, role=Role.CONTRIBUTOR
    ).user
    assert can_report(contributor, world.internal_project, world.open_period)
    assert not can_report(world.lead, world.internal_project, world.open_period)
