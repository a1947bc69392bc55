"""`gridpact_tick` job of procedures: deadline alerts, once before a statutory deadline and once
when it passes."""

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gridpact.core.calendar import format_date_nl
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.notifications import notify_once
from gridpact.parties.models import Role, User
from gridpact.programmes.models import ParticipationRole

from . import queries
from .models import Procedure, ProcedureStatus


def _recipients(procedure: Procedure) -> list:
    """The competent authority's contributors and the programme coordinators who may see it."""
    authority = User.objects.filter(
        is_active=True,
        memberships__active=True,
        memberships__organisation=procedure.competent_authority_id,
        memberships__role__in=[Role.CONTRIBUTOR, Role.COORDINATOR],
    )
    coordinators = User.objects.filter(
        is_active=True,
        memberships__active=True,
        memberships__role=Role.COORDINATOR,
        memberships__organisation__participations__role=ParticipationRole.OWNER,
        memberships__organisation__participations__programme__project_links__project=procedure.project_id,
    )
    people = {u.pk: u for u in [*authority, *coordinators]}.values()
    return [u for u in people if Procedure.objects.visible_to(u).filter(pk=procedure.pk).exists()]


def run(today: date) -> int:
    """Send the alerts due today. Idempotent: each (deadline, moment, person) is sent once."""
    calendar = atw_calendar()
    lead = settings.GRIDPACT_DEADLINE_ALERT_WORKING_DAYS
    open_procedures = queries.with_related(
        Procedure.objects.exclude(status__in=[ProcedureStatus.FINAL, ProcedureStatus.WITHDRAWN])
    )
    sent = 0
    for row in queries.rows_for(open_procedures, calendar):
        procedure = row.procedure
        for deadline in row.deadlines:
            # A scenario (a rule not in force) obliges nobody: no alert.
            if not deadline.obligation or deadline.done_on is not None or deadline.scenario:
                continue
            if today > deadline.due:
                moment = "passed"
                subject = _("Deadline passed: %(procedure)s") % {"procedure": procedure.title}
            elif today >= calendar.working_days_before(deadline.due, lead):
                moment = "soon"
                subject = _("Deadline on %(date)s: %(procedure)s") % {
                    "date": format_date_nl(deadline.due, weekday=False),
                    "procedure": procedure.title,
                }
            else:
                continue
            body = "\n".join(
                [
                    f"{deadline.label}: {format_date_nl(deadline.due)}",
                    f"{procedure.project.name} – {procedure.title}",
                    deadline.explanation,
                ]
            )
            with transaction.atomic():
                sent += notify_once(
                    key=f"procedure:{procedure.pk}:{deadline.kind}:{deadline.due}:{moment}",
                    recipients=_recipients(procedure),
                    subject=subject,
                    body=body,
                    url=procedure.get_absolute_url(),
                )
    return sent
