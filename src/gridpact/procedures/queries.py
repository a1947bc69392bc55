"""Reads of procedures and their deadlines, scoped to the user."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.utils import timezone

from gridpact.core.access import access_for
from gridpact.core.calendar import AtwCalendar
from gridpact.law.models import law_book
from gridpact.projects.models import PartyRole, ProjectParty

from .deadlines import Deadline, expected_final, procedure_deadlines
from .earliest import EarliestFinal, earliest_final
from .earliest import floors as earliest_floors
from .models import Procedure, ProcedureStatus


@dataclass
class ProcedureRow:
    procedure: Procedure
    deadlines: list[Deadline]
    expected_final: date | None
    gate_conflict: bool
    # The earliest date the law allows the decision to be final (procedures/earliest.py).
    earliest_final: EarliestFinal | None = None

    @property
    def legal_conflict(self) -> bool:
        """The gated milestone is forecast (not reached) before the law allows."""
        gate = self.procedure.gates_milestone
        return bool(
            gate
            and self.earliest_final
            and gate.actual_date is None
            and gate.forecast_date
            and gate.forecast_date < self.earliest_final.day
        )

    def next_open(self, today: date) -> Deadline | None:
        open_ones = [d for d in self.deadlines if d.state(today) in ("open", "overdue")]
        return min(open_ones, key=lambda d: d.due) if open_ones else None


def with_related(queryset, *, gates: bool = True):
    """What a procedure row reads; `gates=False` for lists of deadlines, which do not show the
    gated milestone (and need not join the milestone table for it)."""
    related = ["procedure_type", "competent_authority", "applicant", "project"]
    return queryset.select_related(
        *related, *(["gates_milestone"] if gates else [])
    ).prefetch_related("suspensions")


def rows_for(procedures, calendar: AtwCalendar, *, with_gates: bool = True) -> list[ProcedureRow]:
    """Each procedure with its deadlines; `with_gates=False` leaves out the gated milestone (no
    conflict, no earliest final date) for callers that read only the deadlines."""
    rows = []
    law = law_book()
    today = timezone.localdate()
    for procedure in procedures:
        suspensions = procedure.suspensions.all()
        deadlines = procedure_deadlines(procedure, suspensions, calendar, law=law)
        final = expected_final(procedure, deadlines)
        gate = procedure.gates_milestone if with_gates else None
        conflict = bool(gate and gate.expected_date and final and gate.expected_date < final)
        earliest = (
            earliest_final(procedure, list(suspensions), calendar, today=today, law=law)
            if gate
            else None
        )
        rows.append(ProcedureRow(procedure, deadlines, final, conflict, earliest))
    return rows


def legal_floors(user, project_ids, calendar: AtwCalendar, *, today: date) -> dict:
    """Per milestone gated by a visible procedure of these projects, the earliest date the law
    allows (a `planning.Floor` with the computation)."""
    procedures = with_related(
        Procedure.objects.visible_to(user).filter(
            project_id__in=list(project_ids), gates_milestone__isnull=False
        )
    )
    return earliest_floors(procedures, calendar, today=today, law=law_book())


def project_procedures(user, project, calendar) -> list[ProcedureRow]:
    return rows_for(
        with_related(Procedure.objects.visible_to(user).filter(project=project)), calendar
    )


def my_deadlines(user, calendar, *, today: date, weeks: int = 8) -> list:
    """Open statutory deadlines of procedures where the user's organisation decides."""

    procedures = with_related(
        Procedure.objects.visible_to(user)
        .filter(competent_authority_id__in=access_for(user).organisation_ids)
        .exclude(status__in=[ProcedureStatus.FINAL, ProcedureStatus.WITHDRAWN]),
        gates=False,
    )
    horizon = today + timedelta(weeks=weeks)
    items = []
    for row in rows_for(procedures, calendar, with_gates=False):
        for deadline in row.deadlines:
            state = deadline.state(today)
            if state in ("overdue", "open") and deadline.due <= horizon:
                items.append(DeadlineItem(row, deadline, state, []))
    items.sort(key=lambda i: (i.state != "overdue", i.deadline.due))
    return items


@dataclass
class DeadlineItem:
    row: ProcedureRow
    deadline: Deadline
    state: str
    municipalities: list


def upcoming_deadlines(user, programme, calendar, *, today: date, weeks: int, filters: dict):
    """Open deadlines within `weeks`, overdue ones first, for the programme's visible projects."""
    procedures = (
        Procedure.objects.visible_to(user)
        .filter(project__programme_links__programme=programme)
        .exclude(status__in=[ProcedureStatus.FINAL, ProcedureStatus.WITHDRAWN])
    )
    if filters.get("authority"):
        procedures = procedures.filter(competent_authority_id=filters["authority"])
    if filters.get("municipality"):
        procedures = procedures.filter(
            project__party_links__role=PartyRole.MUNICIPALITY,
            project__party_links__organisation_id=filters["municipality"],
        )
    procedures = with_related(procedures, gates=False).prefetch_related(
        Prefetch(
            "project__party_links",
            queryset=ProjectParty.objects.filter(role=PartyRole.MUNICIPALITY).select_related(
                "organisation"
            ),
            to_attr="municipality_links",
        )
    )
    horizon = today + timedelta(weeks=weeks)
    items = []
    for row in rows_for(procedures, calendar, with_gates=False):
        for deadline in row.deadlines:
            state = deadline.state(today)
            if state in ("overdue", "open") and deadline.due <= horizon:
                items.append(
                    DeadlineItem(
                        row,
                        deadline,
                        state,
                        [link.organisation for link in row.procedure.project.municipality_links],
                    )
                )
    items.sort(key=lambda i: (i.state != "overdue", i.deadline.due))
    return items
