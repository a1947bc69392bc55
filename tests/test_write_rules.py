"""The write rules of projects, procedures and impediments, each in its app's `permissions.py`,
as one table: who may do what, with a second programme and a second organisation in it."""

import pytest

from gridpact.escalations.permissions import can_raise_impediment
from gridpact.parties.models import Role
from gridpact.procedures.permissions import can_add_procedure, can_edit_procedure
from gridpact.projects.models import PartyRole
from gridpact.projects.permissions import can_edit_milestone, can_freeze_baseline
from gridpact.public.permissions import can_publish

from .factories import MembershipFactory, ProjectPartyFactory


def _actor(world, name):
    if name == "second_operator_contributor":  # the other grid operator on the programme
        return MembershipFactory(
            organisation=world.internal_project.lead_operator, role=Role.CONTRIBUTOR
        ).user
    return getattr(world, name)


RULES = {
    "edit milestone": lambda w, u: can_edit_milestone(u, w.milestone),
    "edit site decision (owned by the municipality)": lambda w, u: can_edit_milestone(
        u, w.site_decision
    ),
    "freeze baseline": lambda w, u: can_freeze_baseline(u, w.programme),
    "add procedure": lambda w, u: can_add_procedure(u, w.project),
    "edit procedure": lambda w, u: can_edit_procedure(u, w.procedure),
    "raise impediment": lambda w, u: can_raise_impediment(u, w.programme),
    "publish the public page": lambda w, u: can_publish(u, w.project),
}

# actor → the rules (keys of RULES) it may; every other rule it may not.
MAY = {
    "coordinator": set(RULES),
    "lead": {
        "edit milestone",
        "edit site decision (owned by the municipality)",
        "raise impediment",
    },
    # The competent authority of the procedure, not (yet) registered as the project's
    # competent authority: it edits its procedure but adds none (see the test below).
    "municipal_official": {
        "edit site decision (owned by the municipality)",
        "edit procedure",
        "raise impediment",
    },
    "second_operator_contributor": {"raise impediment"},
    "reader": set(),
    "outsider": set(),  # coordinator of another programme
}


@pytest.mark.parametrize("actor", sorted(MAY))
@pytest.mark.parametrize("rule", sorted(RULES))
def test_who_may_write(world, actor, rule):
    assert RULES[rule](world, _actor(world, actor)) is (rule in MAY[actor])


def test_the_projects_competent_authority_adds_procedures(world):
    assert not can_add_procedure(world.municipal_official, world.project)
    ProjectPartyFactory(
        project=world.project, organisation=world.municipality, role=PartyRole.COMPETENT_AUTHORITY
    )
    assert can_add_procedure(world.municipal_official, world.project)
    assert not can_add_procedure(world.reader, world.project)
