"""The personal iCalendar feed: deadlines and milestones the user may see."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar, Event

from gridpact.core import audit
from gridpact.core.calendar_db import atw_calendar
from gridpact.projects.models import Milestone

from . import queries
from .models import CalendarFeed, Procedure


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_feed(*, actor) -> str:
    """Replace the user's feed address with a new one; returns the token (shown once)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        revoke_feeds(actor=actor, record=False)
        feed = CalendarFeed.objects.create(user=actor, token_hash=_hash(token))
        audit.record(actor=actor, action="calendar_feed.created", obj=feed)
    return token


def revoke_feeds(*, actor, record: bool = True) -> int:
    """Make every feed address of the user stop working."""
    with transaction.atomic():
        active = list(CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True))
        for feed in active:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            if record:
                audit.record(actor=actor, action="calendar_feed.revoked", obj=feed)
    return len(active)


def user_for_token(token: str):
    feed = (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed and feed.user.is_active else None


def build_calendar(user) -> bytes:
    """All-day events for visible milestones (expected date) and open statutory deadlines.

    A UID is the object's id at the configured `GRIDPACT_ICAL_DOMAIN`, never the address the
    feed was fetched from: the same event keeps one UID under every host name.
    """
    domain = settings.GRIDPACT_ICAL_DOMAIN
    cal = Calendar()
    cal.add("prodid", "-//GridPact//Agenda//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "GridPact")
    stamp = timezone.now()
    milestones = Milestone.objects.visible_to(user).select_related("project")
    for m in milestones:
        day = m.expected_date
        if day is None:
            continue
        cal.add_component(
            _event(f"milestone-{m.pk}@{domain}", f"{m.project.name}: {m.name}", day, stamp)
        )
    procedures = queries.with_related(Procedure.objects.visible_to(user))
    for row in queries.rows_for(procedures, atw_calendar()):
        for deadline in row.deadlines:
            if deadline.done_on is None:
                summary = f"{deadline.label}: {row.procedure.title} ({row.procedure.project.name})"
                event = _event(
                    f"procedure-{row.procedure.pk}-{deadline.kind}@{domain}",
                    summary,
                    deadline.due,
                    stamp,
                )
                event.add(
                    "description", " ".join(filter(None, [deadline.scenario, deadline.explanation]))
                )
                cal.add_component(event)
    return cal.to_ical()


def _event(uid: str, summary: str, day, stamp) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("dtstamp", stamp)
    return event
