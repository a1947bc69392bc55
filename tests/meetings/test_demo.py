"""The demo: the werksessie of 29 January 2025, GS of 25 March 2025, an upcoming steering group."""

from datetime import date

import pytest
from django.db.models import Q

from gridpact.meetings import queries
from gridpact.meetings.models import Meeting
from gridpact.parties.models import User
from gridpact.workspace import demo as programme_demo

from ..factories import load_meetings_demo


@pytest.fixture
def demo(db):
    programme_demo.load()
    assert load_meetings_demo() is False  # the programme demo loads the meetings itself


def _page(title_start: str):
    meeting = Meeting.objects.select_related("programme", "body").get(title__startswith=title_start)
    return queries.meeting_page(User.objects.get(username="coordinator"), meeting)


def test_the_work_session_of_29_january_2025(demo):
    page = _page("Ambtelijke werksessie")
    meeting = page.meeting
    assert (meeting.day, meeting.status) == (date(2025, 1, 29), "afgerond")
    invited = {i.organisation.short_name for i in page.invitations}
    assert invited == {
        "Provincie",
        "TenneT",
        "Stedin",
        "Amersfoort",
        "Baarn",
        "Bunschoten",
        "Soest",
        "Stichtse Vecht",
        "Utrecht",
        "Utrechtse Heuvelrug",
        "Veenendaal",
    }
    (rule,) = page.rules
    assert rule.result.rule == "gemeenten_concreet_project"
    assert len(rule.result.required) == 8 and rule.met
    assert any("Bunschoten" in names[0] for _org, names in page.present_by_organisation)
    assert [d.reference for d in page.decisions] == ["B1", "B2"]
    assert page.decisions[1].referred_to.name == "Gedeputeerde Staten"
    assert len(page.actions) == 11


def test_gs_adopted_the_p_miek_and_the_agreements_on_25_march_2025(demo):
    page = _page("Vergadering GS")
    assert page.meeting.day == date(2025, 3, 25)
    assert [d.text.split(" vast")[0] for d in page.decisions] == [
        "GS stellen het P-MIEK 2.0",
        "GS stellen de eerste, lichte versie van de samenwerkingsafspraken",
    ]
    assert page.rules[0].met


def test_an_upcoming_steering_group_waits_for_two_grid_operators(demo):
    page = _page("Ambtelijk opdrachtgeversoverleg")
    assert page.phase == "before" and page.ladder_level.number == 2
    operators, owner = page.rules  # in the order of the rule list
    assert owner.met
    assert {p.name for p in operators.result.missing} == {"Stedin Netbeheer", "TenneT TSO"}
    assert page.items[0].impediment.title == "Grondverwerving zoekgebied Haarrijn loopt vast"


def test_the_open_cost_action_is_overdue_for_the_coordinator_and_the_programme(demo):
    coordinator = User.objects.get(username="coordinator")
    mine = queries.my_action_items(coordinator, date(2026, 11, 26))
    assert [a.text.split()[0] for a in mine] == ["Kostenverdeling"]
    assert mine[0].overdue
    programme = Meeting.objects.first().programme
    assert len(queries.overdue_action_items(coordinator, programme, date(2026, 11, 26))) == 1
    assert queries.bodies_of(coordinator, programme)  # five bodies, three on the ladder
    levels = {
        b.name: b.ladder_level.number
        for b in queries.bodies_of(coordinator, programme)
        if b.ladder_level
    }
    assert levels == {
        "Projectteam (werkniveau)": 1,
        "Ambtelijk opdrachtgeversoverleg": 2,
        "Bestuurlijk overleg": 3,
    }


def test_loading_twice_adds_nothing(demo):
    count = Meeting.objects.count()
    assert load_meetings_demo() is False
    assert Meeting.objects.count() == count == 3


def test_an_impediment_on_an_agenda_sits_at_the_level_of_that_meeting_s_body(demo):
    from gridpact.escalations import services as escalation_services
    from gridpact.meetings.models import AgendaItem

    items = AgendaItem.objects.filter(impediment__isnull=False).select_related(
        "meeting__body", "impediment"
    )
    assert items
    for item in items:
        # Whatever the tick has done by the day of the meeting.
        escalation_services.escalate_overdue(item.meeting.day)
        item.impediment.refresh_from_db()
        level = item.impediment.programme.ladder_levels.get(number=item.impediment.level)
        assert level.body == item.meeting.body.name, item.title


def test_every_grid_operator_of_the_demo_programme_has_a_project_in_it(demo):
    from gridpact.programmes.models import Participation, ParticipationRole
    from gridpact.projects.models import Project

    operators = Participation.objects.filter(role=ParticipationRole.GRID_OPERATOR)
    assert operators
    for participation in operators:
        projects = Project.objects.filter(
            programme_links__programme=participation.programme
        ).filter(
            Q(lead_operator=participation.organisation)
            | Q(party_links__organisation=participation.organisation)
        )
        assert projects.exists(), participation.organisation.name
