"""Deadline alerts from the tick (once each, after commit) and the personal calendar feed."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from gridpact.core.models import Notification
from gridpact.procedures import feeds, tick
from gridpact.projects.models import Confidentiality

from ..factories import MembershipFactory


def _emails_to(user):
    """Deadline e-mails to `user` (the tick also sends escalation e-mails)."""
    return [m for m in mail.outbox if user.email in m.to and "Termijn" in m.subject]


@pytest.fixture
def people(world):
    for user in (world.municipal_official, world.coordinator, world.lead, world.outsider):
        user.email = f"{user.username}@example.org"
        user.save()
    return world


def test_tick_alerts_authority_and_coordinator_once_before_the_deadline(
    people, django_capture_on_commit_callbacks
):
    world = people
    # The decision term ends on Thu 7 May 2026; 10 working days before is Tue 21 April
    # (Koningsdag 27 April and Bevrijdingsdag 5 May do not count).
    with django_capture_on_commit_callbacks(execute=True):
        call_command("gridpact_tick", today=date(2026, 4, 20), stdout=io.StringIO())
    assert not any("Termijn" in m.subject for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("gridpact_tick", today=date(2026, 4, 21), stdout=io.StringIO())
        call_command("gridpact_tick", today=date(2026, 4, 22), stdout=io.StringIO())
    assert len(_emails_to(world.municipal_official)) == 1
    assert len(_emails_to(world.coordinator)) == 1
    assert _emails_to(world.lead) == []  # the applicant is not the competent authority
    assert _emails_to(world.outsider) == []
    assert "7 mei 2026" in _emails_to(world.municipal_official)[0].subject


def test_tick_alerts_again_once_when_the_deadline_passes(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for day in (date(2026, 5, 8), date(2026, 5, 8), date(2026, 5, 11)):
            tick.run(day)
    subjects = [m.subject for m in _emails_to(people.municipal_official)]
    assert len(subjects) == 1
    assert subjects[0].startswith("Termijn verstreken")


def test_no_email_when_the_tick_transaction_rolls_back(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                tick.run(date(2026, 5, 8))
                raise RuntimeError("database trouble")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_no_alert_for_a_decided_procedure(people, django_capture_on_commit_callbacks):
    people.procedure.decided_on = date(2026, 4, 1)
    people.procedure.save()
    with django_capture_on_commit_callbacks(execute=True):
        tick.run(date(2026, 5, 8))
    assert mail.outbox == []


def test_no_alert_to_someone_who_may_not_see_an_internal_project(
    people, django_capture_on_commit_callbacks
):
    world = people
    world.project.confidentiality = Confidentiality.INTERNAL
    world.project.save()
    with django_capture_on_commit_callbacks(execute=True):
        tick.run(date(2026, 5, 8))
    assert (
        _emails_to(world.municipal_official) == []
    )  # not the lead operator of an internal project
    assert _emails_to(world.coordinator) == []


def test_calendar_feed_contains_what_the_user_may_see_and_stops_when_revoked(client, world):
    token = feeds.create_feed(actor=world.municipal_official)
    url = reverse("calendar-feed-ics", kwargs={"token": token})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert any("Omgevingsvergunning Station Noord" in s for s in summaries)
    assert any("Station Noord: In bedrijf" in s for s in summaries)
    assert not any("Geheim station" in s for s in summaries)
    decision = next(e for e in cal.walk("VEVENT") if "Beslistermijn" in str(e["summary"]))
    assert decision.decoded("dtstart") == date(2026, 5, 7)

    feeds.revoke_feeds(actor=world.municipal_official)
    assert client.get(url).status_code == 404


def test_a_feed_read_under_two_host_names_has_the_same_uids(client, world, settings):
    """A subscriber who reaches the server under another name must not get every event twice."""
    settings.ALLOWED_HOSTS = ["gridpact.provincie-utrecht.nl", "10.1.2.3"]
    settings.GRIDPACT_ICAL_DOMAIN = "gridpact.example.nl"
    url = reverse("calendar-feed-ics", kwargs={"token": feeds.create_feed(actor=world.lead)})

    def uids(host):
        response = client.get(url, HTTP_HOST=host)
        return [str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]

    public, internal = uids("gridpact.provincie-utrecht.nl"), uids("10.1.2.3:8000")
    assert public and public == internal
    assert f"milestone-{world.milestone.pk}@gridpact.example.nl" in public
    assert all(uid.endswith("@gridpact.example.nl") for uid in public)


def test_feed_page_shows_the_address_once(client, world):
    client.force_login(world.lead)
    page = client.post(reverse("calendar-feed"), {"action": "create"}).content.decode()
    assert "/agenda/" in page and ".ics" in page
    again = client.get(reverse("calendar-feed")).content.decode()
    assert ".ics" not in again


def test_deadline_view_lists_overdue_first_and_filters_by_authority(client, world):
    from freezegun import freeze_time

    other = MembershipFactory(organisation=world.municipality).organisation
    client.force_login(world.coordinator)
    url = reverse("deadlines", kwargs={"pk": world.programme.pk})
    with freeze_time("2026-04-20"):
        items = client.get(url, {"weeks": 4}).context["items"]
        assert [i.deadline.due for i in items] == [date(2026, 5, 7)]
        assert client.get(url, {"weeks": 1}).context["items"] == []
    with freeze_time("2026-05-20"):
        items = client.get(url, {"weeks": 8}).context["items"]
        assert items[0].state == "overdue"
        assert client.get(url, {"authority": world.province.pk}).context["items"] == []
        assert len(client.get(url, {"authority": other.pk}).context["items"]) == 1


def test_a_scenario_deadline_sends_no_alert(people, django_capture_on_commit_callbacks):
    from gridpact.procedures.models import Procedure, ProcedureType, Suspension

    # The 21 kV rule is not in force: its ruling term is shown as a scenario, never alerted.
    Suspension.objects.all().delete()
    Procedure.objects.filter(pk=people.procedure.pk).update(
        procedure_type=ProcedureType.objects.get(code="elektriciteitsproject-21kv"),
        received_on=None,
        decided_on=date(2026, 5, 1),
        published_on=date(2026, 5, 4),
        appeal_lodged_on=date(2026, 7, 1),
        defence_submitted_on=date(2026, 9, 15),
    )
    with django_capture_on_commit_callbacks(execute=True):
        tick.run(date(2027, 3, 16))  # the day after the scenario's ruling term
    assert not any("Termijn" in m.subject for m in mail.outbox)
