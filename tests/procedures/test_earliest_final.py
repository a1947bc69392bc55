"""The earliest date the law allows a decision to be final, worked through with the articles
(procedures/earliest.py), and the flag on the project and procedure pages."""

from datetime import date, timedelta

from django.utils import timezone

from gridpact.core.calendar import AtwCalendar
from gridpact.procedures.earliest import earliest_final
from gridpact.procedures.models import ProcedureType
from gridpact.projects.models import Milestone


def _procedure(world, **values):
    procedure = world.procedure
    for name, value in values.items():
        setattr(procedure, name, value)
    procedure.gates_milestone = world.milestone
    procedure.save()
    return procedure


def test_worked_example_regular_procedure_made_known_before_ascension(world):
    """Made known on Thursday 2 April 2026. Art. 6:8 lid 1 Awb: the six weeks of art. 6:7 Awb
    run from the next day and end on Thursday 14 May 2026, Ascension Day; art. 1 Atw moves the
    end to the next working day, which is not Friday 15 May (put on a par with a feast day by the
    decree of 2026-2028) but Monday 18 May 2026. Without an appeal the decision is final on
    Tuesday 19 May 2026."""
    procedure = _procedure(world, decided_on=date(2026, 4, 1), published_on=date(2026, 4, 2))
    result = earliest_final(procedure, [], AtwCalendar(), today=date(2026, 4, 3))
    assert result.day == date(2026, 5, 19)
    assert "art. 6:7 en 6:8 Awb" in result.explanation
    assert "18 mei 2026" in result.explanation


def test_uniform_procedure_waits_for_the_comment_period_and_the_appeal_term(world):
    """Uniform preparation (afd. 3.4 Awb): the draft lies open from Monday 1 June 2026 for six
    weeks (art. 3:16 Awb), to Sunday 12 July, extended to Monday 13 July (art. 1 Atw). The
    decision can be taken on 14 July at the earliest; laid open that day, the appeal term ends
    on Tuesday 25 August 2026 (art. 6:8 lid 4 Awb), so it is final on 26 August 2026."""
    uniform = ProcedureType.objects.filter(comment_period_weeks=6).first()
    procedure = _procedure(world, procedure_type=uniform, draft_published_on=date(2026, 6, 1))
    result = earliest_final(procedure, [], AtwCalendar(), today=date(2026, 6, 2))
    assert result.day == date(2026, 8, 26)
    assert "art. 3:16 Awb" in result.explanation


def test_after_an_appeal_the_court_can_rule_from_tomorrow(world):
    procedure = _procedure(
        world,
        decided_on=date(2026, 4, 1),
        published_on=date(2026, 4, 2),
        appeal_lodged_on=date(2026, 5, 1),
    )
    result = earliest_final(procedure, [], AtwCalendar(), today=date(2026, 6, 1))
    assert result.day == date(2026, 6, 2)
    assert "8:66 Awb" in result.explanation


def test_a_final_decision_is_final_on_its_day(world):
    procedure = _procedure(world, final_on=date(2026, 7, 1))
    assert earliest_final(procedure, [], AtwCalendar(), today=date(2026, 8, 1)).day == date(
        2026, 7, 1
    )


def test_a_forecast_earlier_than_the_law_allows_is_flagged_on_both_pages(client, world):
    """Not decided yet: the decision can be made known today at the earliest, and then the six
    weeks of objection run; a forecast ten days from now is too early."""
    _procedure(world)
    milestone = Milestone.objects.get(pk=world.milestone.pk)
    milestone.forecast_date = timezone.localdate() + timedelta(days=10)
    milestone.save()
    client.force_login(world.lead)
    flag = "eerder dan de wet toestaat"
    for url in (world.project.get_absolute_url(), world.procedure.get_absolute_url()):
        html = client.get(url).content.decode()
        assert flag in html, url
        assert "art. 6:7 en 6:8 Awb" in html
    milestone.forecast_date = timezone.localdate() + timedelta(days=120)
    milestone.save()
    assert flag not in client.get(world.project.get_absolute_url()).content.decode()
