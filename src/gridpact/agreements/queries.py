"""Reads of agreements, always scoped to the user, each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Min, Prefetch
from django.utils import timezone

from gridpact.core.access import access_for
from gridpact.core.calendar_db import atw_calendar
from gridpact.core.models import Notification
from gridpact.escalations.models import Impediment, StepKind
from gridpact.monitoring.models import ProgressReport, ReportingPeriod
from gridpact.procedures.models import Procedure
from gridpact.procedures.queries import rows_for, with_related
from gridpact.programmes.models import Participation
from gridpact.projects.models import Project

from . import commitments as measure
from . import diff, permissions, workflow
from .models import (
    Agreement,
    AgreementVersion,
    Clause,
    Comment,
    Commitment,
    CommitmentKind,
    Endorsement,
    VersionStep,
)
from .services import reminder_key


def agreements_for(user, programme) -> list[Agreement]:
    return list(
        Agreement.objects.visible_to(user)
        .filter(programme=programme)
        .prefetch_related(
            Prefetch("versions", queryset=AgreementVersion.objects.order_by("-number"))
        )
    )


def current_version(versions) -> AgreementVersion | None:
    """The version being worked on, else the newest one."""
    versions = sorted(versions, key=lambda v: v.number, reverse=True)
    working = next((v for v in versions if v.status in workflow.WORKING), None)
    return working or (versions[0] if versions else None)


def in_force(versions) -> AgreementVersion | None:
    return next((v for v in versions if v.status == workflow.ADOPTED), None)


def measured_since(versions) -> date | None:
    """Commitments count from the day the agreement was first adopted; before that, all data."""
    dates = [v.adopted_on for v in versions if v.adopted_on]
    return min(dates) if dates else None


# --- the text of a version ----------------------------------------------------------------


@dataclass
class CommentNode:
    comment: Comment
    replies: list = field(default_factory=list)


@dataclass
class ClauseView:
    clause: Clause
    commitments: list  # of CommitmentRow
    threads: list  # of CommentNode
    comment_count: int
    form: object = None


@dataclass
class ThemeGroup:
    theme: object
    clauses: list


def _threads(comments) -> list[CommentNode]:
    nodes = {c.pk: CommentNode(c) for c in comments}
    roots = []
    for comment in comments:
        node = nodes[comment.pk]
        parent = nodes.get(comment.parent_id)
        (parent.replies if parent else roots).append(node)
    return roots


def clauses_of(version: AgreementVersion, *, with_comments: bool = True) -> list[Clause]:
    queryset = version.clauses.select_related("theme").prefetch_related("commitments")
    if with_comments:
        queryset = queryset.prefetch_related(
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("author", "organisation").order_by(
                    "created_at", "id"
                ),
            )
        )
    return list(queryset.order_by("number"))


@dataclass
class VersionText:
    groups: list  # of ThemeGroup
    commitments: list  # of CommitmentRow
    clauses: list  # of Clause


def version_text(
    user, version: AgreementVersion, *, today: date, versions=None, with_comments: bool = True
) -> VersionText:
    """The clauses under their themes (in the themes' order), each with its commitments measured
    and its comment threads. Themes without clauses show in a draft, not in an adopted text."""
    clauses = clauses_of(version, with_comments=with_comments)
    versions = versions if versions is not None else list(version.agreement.versions.all())
    rows = commitment_rows(user, version, clauses, today=today, since=measured_since(versions))
    rows_by_clause = defaultdict(list)
    for row in rows:
        rows_by_clause[row.clause.pk].append(row)
    by_theme = defaultdict(list)
    for clause in clauses:
        comments = list(clause.comments.all()) if with_comments else []
        by_theme[clause.theme_id].append(
            ClauseView(clause, rows_by_clause[clause.pk], _threads(comments), len(comments))
        )
    groups = [
        ThemeGroup(theme, by_theme.get(theme.pk, []))
        for theme in version.agreement.themes.all()
        if by_theme.get(theme.pk) or not version.is_frozen
    ]
    return VersionText(groups, rows, clauses)


# --- commitments ---------------------------------------------------------------------------


def _decision_outcomes(user, programme, today, since):

    procedures = with_related(
        Procedure.objects.visible_to(user).filter(project__programme_links__programme=programme)
    ).distinct()
    deadlines = [
        (row.procedure.title, deadline.state(today), deadline.due, deadline.done_on)
        for row in rows_for(procedures, atw_calendar())
        for deadline in row.deadlines
        # A commitment is measured against law in force, not against a scenario.
        if deadline.kind == "decision" and not deadline.scenario
    ]
    return measure.decision_outcomes(deadlines, since)


def _reporting_outcomes(user, programme, today, since):

    projects = list(
        Project.objects.visible_to(user)
        .filter(programme_links__programme=programme)
        .only("pk", "name")
        .order_by("name")
    )
    periods = list(
        ReportingPeriod.objects.visible_to(user)
        .filter(programme=programme, starts_on__lte=today)
        .order_by("starts_on")
    )
    first = {
        (r["period_id"], r["project_id"]): timezone.localtime(r["submitted_at"]).date()
        for r in ProgressReport.objects.visible_to(user)
        .filter(period__programme=programme, project__in=[p.pk for p in projects], number=1)
        .values("period_id", "project_id", "submitted_at")
    }
    cases = [
        (f"{project.name} – {period.name}", period.due_on, first.get((period.pk, project.pk)))
        for period in periods
        for project in projects
    ]
    return measure.reporting_outcomes(cases, today, since)


def _escalation_outcomes(user, programme, today, since):

    outcomes = []
    impediments = (
        Impediment.objects.visible_to(user).filter(programme=programme).prefetch_related("steps")
    )
    for impediment in impediments.order_by("title"):
        path = [(s.kind, s.on, s.due) for s in impediment.steps.all()]
        outcomes += measure.escalation_outcomes(
            impediment.title, path, today, since, timer_kind=StepKind.AUTO_ESCALATED
        )
    return outcomes


# Attendance of a body needs meetings, which the system does not hold yet: no outcomes source.
OUTCOME_SOURCES = {
    CommitmentKind.DECISION_TERM: _decision_outcomes,
    CommitmentKind.REPORTING: _reporting_outcomes,
    CommitmentKind.ESCALATION: _escalation_outcomes,
}


def commitment_measurements(
    user, programme, commitments, *, today: date, since: date | None
) -> dict:
    """{commitment pk: Measurement}, from the data the user may see; each kind is read once."""
    outcomes = {}
    result = {}
    for commitment in commitments:
        source = OUTCOME_SOURCES.get(commitment.kind)
        if source is None:
            result[commitment.pk] = measure.not_available(commitment.target_percent)
            continue
        if commitment.kind not in outcomes:
            outcomes[commitment.kind] = source(user, programme, today, since)
        result[commitment.pk] = measure.measure(
            outcomes[commitment.kind], commitment.target_percent
        )
    return result


@dataclass
class CommitmentRow:
    commitment: Commitment
    clause: Clause
    measurement: measure.Measurement


def commitment_rows(user, version, clauses, *, today: date, since: date | None):
    commitments = [(c, m) for c in clauses for m in c.commitments.all()]
    measurements = commitment_measurements(
        user,
        version.agreement.programme,
        [m for _c, m in commitments],
        today=today,
        since=since,
    )
    return [CommitmentRow(m, c, measurements[m.pk]) for c, m in commitments]


# --- endorsements --------------------------------------------------------------------------


@dataclass
class EndorsementRow:
    organisation: object
    role: str
    ambtelijk: Endorsement | None = None
    bestuurlijk: Endorsement | None = None
    reminded_at: object = None

    @property
    def responded(self) -> bool:
        return bool(self.ambtelijk or self.bestuurlijk)

    @property
    def positions_by_level(self) -> tuple:
        """(bestuurlijk, ambtelijk): the order of the columns in the overview and the annex."""
        return (self.bestuurlijk, self.ambtelijk)


def endorsement_rows(version: AgreementVersion) -> list[EndorsementRow]:
    """Every organisation asked for its position, with what it said at each level (if anything)
    and when it was reminded; grid operators first, then municipalities, then the Rijk."""

    order = {role: index for index, role in enumerate(permissions.ENDORSING_ROLES)}
    participations = Participation.objects.filter(
        programme_id=version.agreement.programme_id, role__in=permissions.ENDORSING_ROLES
    ).select_related("organisation")
    rows = {
        p.organisation_id: EndorsementRow(p.organisation, p.get_role_display())
        for p in sorted(participations, key=lambda p: (order[p.role], p.organisation.name))
    }
    for endorsement in version.endorsements.select_related("organisation", "given_by"):
        row = rows.setdefault(
            endorsement.organisation_id, EndorsementRow(endorsement.organisation, "")
        )
        setattr(row, endorsement.level, endorsement)
    keys = {reminder_key(version, row.organisation): row for row in rows.values()}
    for reminder in (
        Notification.objects.filter(key__in=keys).values("key").annotate(first=Min("created_at"))
    ):
        keys[reminder["key"]].reminded_at = reminder["first"]
    return list(rows.values())


# --- comparing -----------------------------------------------------------------------------


def clause_texts(clauses) -> list[diff.ClauseText]:
    return [
        diff.ClauseText(
            key=str(c.key),
            number=c.number,
            theme=c.theme.name,
            title=c.title,
            html=c.text,
            commitments=tuple(sorted(m.summary() for m in c.commitments.all())),
        )
        for c in clauses
    ]


def compare(old: AgreementVersion, new: AgreementVersion) -> list[diff.ClauseDiff]:
    return diff.compare(
        clause_texts(clauses_of(old, with_comments=False)),
        clause_texts(clauses_of(new, with_comments=False)),
    )


# --- duties --------------------------------------------------------------------------------


@dataclass
class PositionDuty:
    """A version on which one of the user's organisations has not yet given its position."""

    version: AgreementVersion
    organisation: object
    asked_since: date | None


def positions_to_give(user) -> list[PositionDuty]:
    """For *Mijn werk*: every working version the user's organisations are asked to take a
    position on and have not answered yet, oldest request first. Four queries, whatever the size."""
    mine = access_for(user).contributor_organisation_ids
    if not mine:
        return []
    versions = list(
        AgreementVersion.objects.visible_to(user)
        .filter(status__in=workflow.ENDORSABLE)
        .select_related("agreement", "agreement__programme")
    )
    asked = defaultdict(list)
    for participation in Participation.objects.filter(
        programme_id__in={v.agreement.programme_id for v in versions},
        role__in=permissions.ENDORSING_ROLES,
        organisation_id__in=mine,
    ).select_related("organisation"):
        asked[participation.programme_id].append(participation.organisation)
    given = set(
        Endorsement.objects.filter(
            agreement_version__in=versions, organisation_id__in=mine
        ).values_list("agreement_version_id", "organisation_id")
    )
    # Asked since the version reached its current status (its latest step).
    since = dict(
        VersionStep.objects.filter(version__in=versions)
        .values("version")
        .annotate(latest=Max("on"))
        .values_list("version", "latest")
    )
    duties = [
        PositionDuty(
            version=version,
            organisation=organisation,
            asked_since=since.get(version.pk),
        )
        for version in versions
        for organisation in asked[version.agreement.programme_id]
        if (version.pk, organisation.pk) not in given
    ]
    return sorted(duties, key=lambda d: (d.asked_since or date.max, str(d.version)))
