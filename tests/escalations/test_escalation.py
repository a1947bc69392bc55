"""The escalation ladder: state machine, timers over weekends and feast days, tick idempotency."""

from datetime import date
from itertools import product

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from gridpact.core.calendar_db import atw_calendar
from gridpact.core.errors import StaleEditError
from gridpact.core.models import AuditEvent
from gridpact.escalations import services, workflow
from gridpact.escalations.models import Impediment, ImpedimentStep, StepKind
from gridpact.escalations.queries import lead_time_per_level, register, waiting_for


@pytest.mark.parametrize(
    ("status", "action", "level", "expected"),
    [
        (status, action, level, expected)
        for (status, action, level) in product(
            [workflow.OPEN, workflow.RESOLVED],
            [workflow.ESCALATE, workflow.SEND_BACK, workflow.RESOLVE, "delete"],
            [1, 2, 4],
        )
        for expected in [
            "unknown_action"
            if action == "delete"
            else "closed"
            if status == workflow.RESOLVED
            else "at_top"
            if action == workflow.ESCALATE and level == 4
            else "at_bottom"
            if action == workflow.SEND_BACK and level == 1
            else None
        ]
    ],
)
def test_state_machine_table(status, action, level, expected):
    assert workflow.refusal(status, action, level, top_level=4) == expected


def _fresh(world) -> Impediment:
    return Impediment.objects.select_related("programme", "project", "owner").get(
        pk=world.impediment.pk
    )


def test_level_one_answer_is_due_ten_working_days_later(world):
    # Raised Mon 2 March 2026: ten working days later is Mon 16 March.
    assert world.impediment.level_due == date(2026, 3, 16)


def test_timer_skips_kings_day_liberation_day_and_ascension(world):
    imp = services.raise_impediment(
        actor=world.lead,
        project=world.project,
        programme=world.programme,
        title="Stikstof",
        category="stikstof",
        owner=world.operator,
        today=date(2026, 4, 24),
    )
    # Fri 24 April 2026 + 10 working days, skipping Koningsdag (Mon 27 April) and
    # Bevrijdingsdag (Tue 5 May): Tue 12 May.
    assert imp.level_due == date(2026, 5, 12)
    imp2 = services.raise_impediment(
        actor=world.lead,
        project=world.project,
        programme=world.programme,
        title="Capaciteit",
        category="capaciteit",
        owner=world.operator,
        today=date(2026, 5, 11),
    )
    # Ascension Thu 14 May, the decreed Fri 15 May 2026 and Whit Monday 25 May are skipped:
    # Thu 28 May.
    assert imp2.level_due == date(2026, 5, 28)


def test_tick_escalates_once_when_time_has_passed_and_emails_once(
    world, django_capture_on_commit_callbacks
):
    world.lead.email = "lead@example.org"
    world.lead.save()
    assert services.escalate_overdue(date(2026, 3, 16)) == 0  # due today: not yet overdue
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue(date(2026, 3, 17)) == 1
        assert services.escalate_overdue(date(2026, 3, 17)) == 0
    imp = _fresh(world)
    assert imp.level == 2
    assert imp.level_since == date(2026, 3, 17)
    assert imp.level_due == date(
        2026, 4, 9
    )  # 15 working days, Good Friday and Easter Monday skipped
    assert imp.steps.filter(kind=StepKind.AUTO_ESCALATED).count() == 1
    assert len([m for m in mail.outbox if "lead@example.org" in m.to]) == 1


def test_no_email_and_no_escalation_when_the_tick_rolls_back(
    world, django_capture_on_commit_callbacks
):
    world.lead.email = "lead@example.org"
    world.lead.save()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.escalate_overdue(date(2026, 3, 17))
        raise RuntimeError("crash after the escalation")
    assert mail.outbox == []
    assert _fresh(world).level == 1


def test_escalating_beyond_the_top_is_refused(world):
    imp = _fresh(world)
    for _ in range(3):
        services.escalate(
            actor=world.coordinator, impediment=imp, reason="hoger", expected_version=imp.version
        )
    assert imp.level == 4
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"hoogste|top"):
        services.escalate(
            actor=world.coordinator,
            impediment=imp,
            reason="nog hoger",
            expected_version=imp.version,
        )
    assert AuditEvent.objects.count() == events
    assert _fresh(world).level == 4


def test_a_programme_without_a_ladder_refuses_to_escalate_with_a_message(world):
    imp = _fresh(world)
    imp.programme.ladder_levels.all().delete()
    with pytest.raises(ValidationError, match=r"ladder"):
        services.escalate(
            actor=world.coordinator, impediment=imp, reason="hoger", expected_version=imp.version
        )
    assert _fresh(world).level == imp.level


def test_resolving_needs_a_decision_and_a_resolved_impediment_does_not_move(world):
    imp = _fresh(world)
    with pytest.raises(ValidationError) as error:
        services.resolve(
            actor=world.lead,
            impediment=imp,
            decision=" ",
            decided_by="",
            expected_version=imp.version,
        )
    assert {"decision", "decided_by"} <= set(error.value.message_dict)
    services.resolve(
        actor=world.lead,
        impediment=imp,
        decision="Grond gekocht",
        decided_by="Projectteam",
        expected_version=imp.version,
        today=date(2026, 3, 9),
    )
    with pytest.raises(ValidationError):
        services.escalate(
            actor=world.lead, impediment=imp, reason="toch", expected_version=imp.version
        )
    assert _fresh(world).status == "opgelost"


def test_two_people_escalating_at_once_move_it_one_step(world):
    first, second = _fresh(world), _fresh(world)
    services.escalate(actor=world.lead, impediment=first, reason="a", expected_version=1)
    steps = ImpedimentStep.objects.count()
    with pytest.raises(StaleEditError) as error:
        services.escalate(
            actor=world.coordinator, impediment=second, reason="b", expected_version=1
        )
    assert error.value.current.level == 2
    assert ImpedimentStep.objects.count() == steps
    assert _fresh(world).level == 2


def test_only_responsible_people_move_an_impediment(world):
    imp = _fresh(world)
    with pytest.raises(PermissionDenied):
        services.escalate(
            actor=world.municipal_official, impediment=imp, reason="x", expected_version=imp.version
        )
    level_two = world.programme.ladder_levels.get(number=2)
    level_two.responsible.add(world.municipal_official)
    services.escalate(
        actor=world.municipal_official, impediment=imp, reason="x", expected_version=imp.version
    )
    assert _fresh(world).level == 2


def test_changing_the_ladder_does_not_rewrite_history(world):
    level = world.programme.ladder_levels.get(number=1)
    services.update_level(
        actor=world.coordinator,
        level=level,
        body="Werkoverleg",
        response_days=3,
        responsible=[],
        expected_version=level.version,
    )
    imp = _fresh(world)
    assert imp.level_due == date(2026, 3, 16)
    assert imp.level_body.startswith("Projectteam")
    assert imp.steps.first().body.startswith("Projectteam")


def test_register_lists_overdue_first_and_lead_time_per_level(world):
    later = services.raise_impediment(
        actor=world.lead,
        project=world.project,
        programme=world.programme,
        title="Later",
        category="anders",
        owner=world.operator,
        today=date(2026, 3, 12),
    )
    open_rows, _closed = register(
        world.coordinator, world.programme, atw_calendar(), date(2026, 3, 20)
    )
    assert [r.impediment.title for r in open_rows] == ["Grond niet beschikbaar", "Later"]
    assert open_rows[0].overdue and not open_rows[1].overdue
    imp = _fresh(world)
    services.escalate(
        actor=world.lead,
        impediment=imp,
        reason="a",
        expected_version=imp.version,
        today=date(2026, 3, 5),
    )
    services.resolve(
        actor=world.coordinator,
        impediment=imp,
        decision="d",
        decided_by="b",
        expected_version=imp.version,
        today=date(2026, 3, 12),
    )
    assert lead_time_per_level(imp.steps.all(), date(2026, 3, 12)) == {1: 3, 2: 7}
    assert later.level == 1


def test_waiting_for_shows_the_level_contact_and_the_owner(world):
    level_two = world.programme.ladder_levels.get(number=2)
    level_two.responsible.add(world.municipal_official)
    assert waiting_for(world.municipal_official) == []
    imp = _fresh(world)
    services.escalate(actor=world.lead, impediment=imp, reason="a", expected_version=imp.version)
    assert [i.pk for i in waiting_for(world.municipal_official)] == [imp.pk]
    assert [i.pk for i in waiting_for(world.lead)] == [imp.pk]
    assert waiting_for(world.outsider) == []


def test_a_reader_here_who_contributes_elsewhere_cannot_raise(world):
    from gridpact.parties.models import Role

    from ..factories import MembershipFactory

    reader = MembershipFactory(organisation=world.operator, role=Role.READER).user
    MembershipFactory(user=reader, organisation=world.other_programme.owner, role=Role.CONTRIBUTOR)
    with pytest.raises(PermissionDenied):
        services.raise_impediment(
            actor=reader,
            project=world.project,
            programme=world.programme,
            title="t",
            category="anders",
            owner=world.operator,
        )


def test_a_read_only_observer_named_on_the_ladder_cannot_act(world):
    from gridpact.parties.models import Role

    from ..factories import MembershipFactory

    observer = MembershipFactory(organisation=world.municipality, role=Role.READER).user
    world.programme.ladder_levels.get(number=2).responsible.add(observer)
    imp = _fresh(world)
    assert not services.may_act_on(observer, imp)
    with pytest.raises(PermissionDenied):
        services.escalate(actor=observer, impediment=imp, reason="x", expected_version=imp.version)


def test_reading_a_programme_without_a_ladder_writes_nothing(client, world):
    from django.urls import reverse

    from gridpact.core.models import AuditEvent
    from gridpact.escalations.models import LadderLevel

    client.force_login(world.outsider)
    other = world.other_programme
    levels, events = LadderLevel.objects.count(), AuditEvent.objects.count()
    assert client.get(reverse("impediment-register", kwargs={"pk": other.pk})).status_code == 200
    assert client.get(reverse("ladder", kwargs={"pk": other.pk})).status_code == 200
    assert (LadderLevel.objects.count(), AuditEvent.objects.count()) == (levels, events)


def test_after_a_simultaneous_click_the_page_offers_a_working_retry(client, world):
    from django.urls import reverse

    imp = _fresh(world)
    services.escalate(
        actor=world.coordinator, impediment=imp, reason="eerst", expected_version=imp.version
    )
    client.force_login(world.lead)
    url = reverse("impediment-detail", kwargs={"pk": imp.pk})
    stale = client.post(
        url, {"action": "escalate", "escalate-reason": "ook", "escalate-version": 1}
    )
    assert stale.status_code == 409
    retry_version = stale.context["forms"]["escalate"].initial["version"]
    again = client.post(
        url, {"action": "escalate", "escalate-reason": "toch", "escalate-version": retry_version}
    )
    assert again.status_code == 302
    assert _fresh(world).level == 3


def test_sending_back_without_a_reason_says_the_level_below_reads_it(client, world):
    from django.urls import reverse

    imp = _fresh(world)
    services.escalate(
        actor=world.coordinator, impediment=imp, reason="eerst", expected_version=imp.version
    )
    client.force_login(world.coordinator)
    response = client.post(
        reverse("impediment-detail", kwargs={"pk": imp.pk}),
        {"action": "send_back", "send_back-reason": "", "send_back-version": imp.version},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    page = response.content.decode()
    assert "het niveau eronder leest die" in page
    assert "het volgende niveau" not in page
    with pytest.raises(ValidationError, match="eronder"):
        services.send_back(
            actor=world.coordinator, impediment=_fresh(world), reason=" ", expected_version=2
        )


def test_a_pasted_document_as_description_is_refused_with_the_limit_and_nothing_is_saved(
    client, world
):
    client.force_login(world.municipal_official)
    before = Impediment.objects.count()
    response = client.post(
        reverse("impediment-create", kwargs={"pk": world.project.pk}),
        {
            "title": "Stikstof",
            "description": "x" * 20_001,
            "category": "stikstof",
            "severity": "middel",
            "owner": world.municipality.pk,
            "programme": world.programme.pk,
        },
    )
    assert response.status_code in (200, 400)
    page = response.content.decode().replace(".", "")
    assert "20000 tekens" in page or "20000 teken" in page
    assert Impediment.objects.count() == before
