"""Action-item reminders: once when due, not before, not when done; through gridpact_tick."""

import io
from datetime import date

from django.core import mail
from django.core.management import call_command

from gridpact.core.models import Notification
from gridpact.meetings import services, tick
from gridpact.meetings.models import Outcome


def _action(mw) -> Outcome:
    return Outcome.objects.select_related("meeting").get(pk=mw.action_item.pk)


def test_a_due_action_item_is_reminded_once(world, mw, django_capture_on_commit_callbacks):
    assert tick.run(date(2026, 1, 31)) == 0  # due 1 February: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert tick.run(date(2026, 2, 1)) == 1
        assert tick.run(date(2026, 2, 1)) == 0
        assert tick.run(date(2026, 3, 1)) == 0
    notification = Notification.objects.get()
    assert notification.recipient == world.lead  # the named owner, not the whole organisation
    assert notification.url == f"/acties/{mw.action_item.pk}/"
    assert mail.outbox == []  # world users have no e-mail address: recorded, not mailed


def test_done_action_items_are_not_reminded(world, mw):
    action = _action(mw)
    services.update_action_item(
        actor=world.lead, action=action, status="gereed", expected_version=action.version
    )
    assert tick.run(date(2026, 2, 2)) == 0


def test_without_a_named_owner_the_organisations_contributors_are_reminded(world, mw):
    Outcome.objects.filter(pk=mw.action_item.pk).update(owner_person=None)
    tick.run(date(2026, 2, 1))
    # The operator's contributor, not its reader, and nobody outside the organisation.
    assert list(Notification.objects.values_list("recipient", flat=True)) == [world.lead.pk]


def test_gridpact_tick_runs_the_job_and_twice_reminds_once(world, mw):
    call_command("gridpact_tick", today=date(2026, 2, 5), stdout=io.StringIO())
    call_command("gridpact_tick", today=date(2026, 2, 5), stdout=io.StringIO())
    assert Notification.objects.filter(key__startswith="meeting-action:").count() == 1
