"""Reads for the meeting pages, the minutes, "Mijn werk" and the programme page.

Always scoped to the user, with a bounded number of queries whatever the number of items.
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.db.models import Prefetch, Q
from django.utils import timezone

from gridpact.core.access import access_for
from gridpact.programmes.models import Participation, ParticipationRole
from gridpact.projects.models import Confidentiality, PartyRole, Project, ProjectKind, ProjectParty

from . import attendance, workflow
from .models import (
    CONFIRMING_RESPONSES,
    AgendaItem,
    Body,
    BodyMember,
    Invitation,
    Meeting,
    MeetingStatus,
    Outcome,
    OutcomeKind,
    Response,
)

BEFORE, DURING, AFTER = "before", "during", "after"


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def ladder_levels_by_body(programme, bodies) -> dict:
    """{body id: escalation level} for bodies whose name is the name of a level of the ladder.

    The ladder keeps a free-text body name per level, so the link is made by name (ignoring case
    and spacing). A level without a matching body, or a body without a level, is simply unlinked.
    """
    levels = {_normal(level.body): level for level in programme.ladder_levels.all()}
    return {body.pk: levels[_normal(body.name)] for body in bodies if _normal(body.name) in levels}


def programme_parties(programme, body) -> list[attendance.Party]:
    """The programme's organisations with the facts the attendance rules look at."""
    concrete = set(
        ProjectParty.objects.filter(
            role=PartyRole.MUNICIPALITY,
            project__kind=ProjectKind.CONCRETE,
            project__programme_links__programme=programme,
        )
        .exclude(project__confidentiality=Confidentiality.INTERNAL)
        .values_list("organisation_id", flat=True)
    )
    seats = set(BodyMember.objects.filter(body=body).values_list("organisation_id", flat=True))
    return [
        attendance.Party(
            id=p.organisation_id,
            name=p.organisation.name,
            is_municipality=p.role == ParticipationRole.MUNICIPALITY,
            is_grid_operator=p.role == ParticipationRole.GRID_OPERATOR,
            is_owner=p.role == ParticipationRole.OWNER,
            has_concrete_project=p.organisation_id in concrete,
            is_body_member=p.organisation_id in seats,
        )
        for p in Participation.objects.filter(programme=programme).select_related("organisation")
    ]


def phase(meeting: Meeting) -> str:
    if meeting.status in (workflow.CONCEPT, workflow.INVITED):
        return BEFORE
    return DURING if meeting.status == workflow.RUNNING else AFTER


def rule_results(meeting: Meeting, invitations, attendances) -> list:
    """Before the meeting: who has not confirmed; during and after it: who did not attend."""
    if not meeting.attendance_rules:
        return []
    if phase(meeting) == BEFORE:
        present = {i.organisation_id for i in invitations if i.response in CONFIRMING_RESPONSES}
    else:
        present = {a.organisation_id for a in attendances}
    results = attendance.evaluate(
        meeting.attendance_rules, programme_parties(meeting.programme, meeting.body), present
    )
    labels = dict(zip(meeting.attendance_rules, meeting.rule_labels(), strict=True))
    return [RuleRow(result, labels[result.rule]) for result in results]


@dataclass
class RuleRow:
    result: attendance.RuleResult
    label: str

    @property
    def met(self) -> bool:
        return self.result.met


def meetings_of(user, programme) -> tuple[list, list]:
    """(upcoming and running meetings, soonest first; past and closed meetings, newest first)."""
    now = timezone.now()
    meetings = list(
        Meeting.objects.visible_to(user).filter(programme=programme).select_related("body")
    )
    upcoming = sorted(
        (m for m in meetings if m.status != MeetingStatus.CLOSED and m.ends_at >= now),
        key=lambda m: m.starts_at,
    )
    past = [m for m in meetings if m not in upcoming]
    return upcoming, past


def _outcomes_prefetch() -> Prefetch:
    return Prefetch(
        "outcomes",
        queryset=Outcome.objects.select_related(
            "owner_organisation", "owner_person", "referred_to", "project", "impediment"
        ).order_by("created_at", "number"),
    )


def _hide_invisible(user, objects) -> None:
    """Drop links to projects and impediments the user may not see: they do not exist for them."""
    ids = {o.project_id for o in objects if o.project_id} | {
        o.impediment.project_id for o in objects if o.impediment_id
    }
    visible = set(Project.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for o in objects:
        if o.project_id not in visible:
            o.project = None
        if o.impediment_id and o.impediment.project_id not in visible:
            o.impediment = None


def agenda(user, meeting: Meeting) -> list[AgendaItem]:
    items = list(
        meeting.agenda_items.select_related(
            "project", "impediment", "agreement_version__agreement"
        ).prefetch_related(_outcomes_prefetch())
    )
    _hide_invisible(user, [*items, *(o for item in items for o in item.outcomes.all())])
    return items


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list
    invitations: list
    attendances: list
    rules: list
    phase: str
    ladder_level: object = None
    answers: dict = field(default_factory=dict)

    @property
    def decisions(self) -> list:
        return [o for i in self.items for o in i.outcomes.all() if o.kind == OutcomeKind.DECISION]

    @property
    def actions(self) -> list:
        return [o for i in self.items for o in i.outcomes.all() if o.kind == OutcomeKind.ACTION]

    @property
    def present_by_organisation(self) -> list:
        """[(organisation, [names])] of those who attended."""
        rows = sorted(self.attendances, key=lambda a: (a.organisation.name, a.name))
        return [
            (org, [a.name for a in group])
            for org, group in groupby(rows, key=lambda a: a.organisation)
        ]

    @property
    def absent_with_notice(self) -> list:
        return [i for i in self.invitations if i.response == "komt_niet"]


def meeting_page(user, meeting: Meeting) -> MeetingPage:
    """Everything the meeting page and the minutes show, in a fixed number of queries."""
    invitations = list(meeting.invitations.select_related("organisation", "person"))
    attendances = list(meeting.attendances.select_related("organisation"))
    items = agenda(user, meeting)
    _mark_overdue(
        [o for item in items for o in item.outcomes.all() if o.is_action], timezone.localdate()
    )
    answers = {}
    for invitation in invitations:
        answers[invitation.response] = answers.get(invitation.response, 0) + 1
    return MeetingPage(
        meeting=meeting,
        items=items,
        invitations=invitations,
        attendances=attendances,
        rules=rule_results(meeting, invitations, attendances),
        phase=phase(meeting),
        ladder_level=ladder_levels_by_body(meeting.programme, [meeting.body]).get(meeting.body_id),
        answers=answers,
    )


def bodies_of(user, programme) -> list[Body]:
    bodies = list(
        Body.objects.visible_to(user)
        .filter(programme=programme)
        .prefetch_related(
            Prefetch("members", queryset=BodyMember.objects.select_related("organisation"))
        )
    )
    levels = ladder_levels_by_body(programme, bodies)
    for body in bodies:
        body.ladder_level = levels.get(body.pk)
    return bodies


def _pending_actions(user):
    return (
        Outcome.objects.visible_to(user)
        .filter(kind=OutcomeKind.ACTION, status__in=workflow.ACTION_PENDING)
        .select_related("meeting", "owner_organisation", "owner_person")
        .order_by("due_date", "meeting__starts_at", "number")
    )


def _mark_overdue(actions, today: date) -> list:
    for action in actions:
        action.overdue = action.is_overdue(today)
    return actions


def my_action_items(user, today: date | None = None) -> list[Outcome]:
    """Open action items owned by the user or by one of their organisations, soonest due first."""
    access = access_for(user)
    if not access.authenticated:
        return []
    mine = Q(owner_organisation_id__in=access.organisation_ids) | Q(owner_person_id=user.pk)
    return _mark_overdue(list(_pending_actions(user).filter(mine)), today or timezone.localdate())


def overdue_action_items(user, programme, today: date | None = None) -> list[Outcome]:
    """Action items of the programme's meetings past their due date and not done."""
    today = today or timezone.localdate()
    return _mark_overdue(
        list(_pending_actions(user).filter(meeting__programme=programme, due_date__lt=today)),
        today,
    )


def invitations_to_answer(user) -> list[Invitation]:
    """For *Mijn werk*: the user's own invitations without an answer, for meetings still to
    come, soonest first."""
    return list(
        Invitation.objects.visible_to(user)
        .filter(
            person=user,
            response=Response.PENDING,
            meeting__status=MeetingStatus.INVITED,
            meeting__starts_at__gt=timezone.now(),
        )
        .select_related("meeting__body", "organisation")
        .order_by("meeting__starts_at")[:50]
    )


def seats_the_rules_name(meeting: Meeting):
    """The body's seat holders of every organisation the meeting's attendance rules require, not
    invited yet; and the required organisations that hold no seat (to invite as a contact)."""
    parties = programme_parties(meeting.programme, meeting.body)
    required = {
        party.id: party
        for rule in meeting.attendance_rules
        for party in attendance.required_parties(rule, parties)
    }
    seats = list(
        meeting.body.members.filter(organisation_id__in=required)
        .exclude(email__in=meeting.invitations.values("email"))
        .select_related("organisation", "person")
    )
    seated = set(
        meeting.body.members.filter(organisation_id__in=required).values_list(
            "organisation_id", flat=True
        )
    )
    return seats, sorted(p.name for pid, p in required.items() if pid not in seated)
