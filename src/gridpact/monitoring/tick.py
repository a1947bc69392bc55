"""`gridpact_tick` job of monitoring: open the new quarter's period, remind lead parties of
reports due, and store anew the project statuses that are stale or from an earlier day."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gridpact.core.access import access_for
from gridpact.core.calendar import format_date_nl
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.notifications import notify_once
from gridpact.parties.models import Role, User
from gridpact.programmes.models import Programme
from gridpact.projects.models import Project

from . import stored
from .models import PeriodStatus, ProgressReport, ReportingPeriod
from .services import ensure_periods

REMIND_WORKING_DAYS_BEFORE = 5


def run_status(today: date) -> int:
    """Store anew the statuses of programmes whose stored ones are stale, old or missing;
    returns how many programmes. Idempotent."""
    programmes = stored.needing_recompute(today)
    for pk in programmes:
        stored.recompute(pk, today)
    return len(programmes)


def run(today: date) -> int:
    """Create due periods; remind once before a report is due and once when it is late."""
    sent = 0
    for programme in Programme.objects.all():
        ensure_periods(programme, today)
    calendar = atw_calendar()
    periods = ReportingPeriod.objects.filter(
        status=PeriodStatus.OPEN, ends_on__lt=today
    ).select_related("programme")
    for period in periods:
        if today > period.due_on:
            moment, subject = "late", _("Progress report late: %(period)s")
        elif today >= calendar.working_days_before(period.due_on, REMIND_WORKING_DAYS_BEFORE):
            moment, subject = "due", _("Progress report due on %(date)s: %(period)s")
        else:
            continue
        reported = set(
            ProgressReport.objects.filter(period=period).values_list("project_id", flat=True)
        )
        projects = (
            Project.objects.filter(programme_links__programme=period.programme)
            .exclude(pk__in=reported)
            .select_related("lead_operator")
        )
        for project in projects:
            leads = User.objects.filter(
                is_active=True,
                memberships__active=True,
                memberships__organisation=project.lead_operator_id,
                memberships__role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
            )
            # Only people of the period's programme: on a project another programme shares, the
            # lead operator may take part in just the other one and must not hear of this period.
            recipients = [
                u
                for u in leads
                if period.programme_id in access_for(u).programme_ids
                and Project.objects.visible_to(u).filter(pk=project.pk).exists()
            ]
            with transaction.atomic():
                sent += notify_once(
                    key=f"report:{period.pk}:{project.pk}:{moment}",
                    recipients=recipients,
                    subject=subject
                    % {"period": period.name, "date": format_date_nl(period.due_on, weekday=False)},
                    body=_("The progress report on %(project)s for %(period)s is due on %(date)s.")
                    % {
                        "project": project.name,
                        "period": period.name,
                        "date": format_date_nl(period.due_on, weekday=False),
                    },
                    url=project.get_absolute_url(),
                )
    return sent
