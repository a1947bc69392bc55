"""The stored project status: each programme's statuses computed once, not per request.

Decision 0034, "Stored status". The rows are what `status.programme_status` gives a viewer who
takes part in this programme only and belongs to no organisation: every project of the
programme but the internal ones, only this programme's impediments and reports, only this
programme's dependencies and capacity links. A real person sees exactly that when they take part
in this programme alone and see none of its internal projects; only then does the dashboard read
the stored rows (`evaluations_for`). Anyone else gets the status computed for them, as before.

Any audited write marks the rows of the programmes it may touch stale in its own transaction
(`mark_stale_for_event`, connected to the audit event's creation: every service records one), and
queues their recomputation on commit; the tick recomputes what is stale or from an earlier day
(the status reads today's date: a milestone becomes overdue overnight).
"""

import logging
import threading
from datetime import date, timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gridpact.core.access import Access, access_for
from gridpact.parties.models import User
from gridpact.programmes.models import Programme
from gridpact.projects import queries as project_queries
from gridpact.projects.models import (
    Confidentiality,
    MilestoneDependency,
    ProgrammeProject,
    Project,
)

from . import status
from .models import ProjectStatus

logger = logging.getLogger(__name__)

# Writes that cannot change any status: logging in, tokens, meetings, agreements, costs, the
# public pages. Everything else marks stale (a needless recomputation costs little; a missed one
# shows an old status until the tick).
IGNORED_PREFIXES = (
    "auth.",
    "mfa.",
    "api_token.",
    "calendar_feed.",
    "invitation.",
    "meeting.",
    "agreement.",
    "outcome.",
    "cost_",
    "public.",
)


def programme_viewer(programme) -> User:
    """A viewer (never saved) who takes part in this programme only, in no organisation."""
    viewer = User(username=f"status:{programme.pk}", is_active=True)
    viewer._gridpact_access = Access(
        authenticated=True,
        is_superuser=False,
        organisation_ids=frozenset(),
        contributor_organisation_ids=frozenset(),
        programme_ids=frozenset({programme.pk}),
        coordinated_programme_ids=frozenset({programme.pk}),
    )
    return viewer


def default_baseline(programme):
    baselines = project_queries.baselines_for(programme)
    return project_queries.pick_baseline(baselines, None, programme.reference_baseline_id)


def recompute(programme_id, today: date) -> int:
    """Store the statuses of one programme anew; returns how many. Idempotent. The programme row
    is locked while it runs, so two recomputations of one programme never interleave."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().filter(pk=programme_id).first()
        if programme is None:
            return 0
        baseline = default_baseline(programme)
        rows = status.programme_status(programme_viewer(programme), programme, baseline, {}, today)
        now = timezone.now()
        ProjectStatus.objects.filter(programme=programme).delete()
        ProjectStatus.objects.bulk_create(
            ProjectStatus(
                programme=programme,
                project_id=row.project.pk,
                baseline_id=baseline.pk if baseline else None,
                status=row.evaluation.status or "",
                delay_days=row.delay_days,
                reasons=[
                    {"status": r.status, "code": r.code, "values": r.values}
                    for r in row.evaluation.reasons
                ],
                computed_on=today,
                computed_at=now,
            )
            for row in rows
        )
    return len(rows)


# A write that records no audit event (a data migration, a shell) is caught up within this time.
MAX_AGE = timedelta(hours=1)


def needing_recompute(today: date) -> list:
    """Programmes with stale rows, rows of an earlier day or older than MAX_AGE, or none."""
    stored = ProjectStatus.objects.values("programme_id")
    old = Q(stale=True) | Q(computed_on__lt=today) | Q(computed_at__lt=timezone.now() - MAX_AGE)
    # A programme of internal projects only (or none) has nothing to store: not every minute.
    with_projects = ProgrammeProject.objects.exclude(
        project__confidentiality=Confidentiality.INTERNAL
    ).values("programme_id")
    return list(
        Programme.objects.filter(
            Q(pk__in=stored.filter(old)) | (~Q(pk__in=stored) & Q(pk__in=with_projects))
        ).values_list("pk", flat=True)
    )


def evaluations_for(user, programme, baseline, base_rows, today: date) -> dict | None:
    """The stored evaluation per project of `base_rows`, or None when the stored rows may not
    serve this user (they see more or less than the programme's whole view) or are not fresh."""
    access = access_for(user)
    if access.programme_ids != frozenset({programme.pk}):
        return None
    baseline_id = baseline.pk if baseline else None
    ids = {row.project.pk for row in base_rows}
    if any(row.project.confidentiality == Confidentiality.INTERNAL for row in base_rows):
        return None
    stored = {
        row.project_id: row
        for row in ProjectStatus.objects.filter(programme=programme, project_id__in=ids)
    }
    if len(stored) != len(ids) or any(
        row.stale or row.computed_on != today or row.baseline_id != baseline_id
        for row in stored.values()
    ):
        return None
    # A filter can hide the internal projects the user sees; they still change what is computed
    # for the others (a dependency on them), so one query asks.
    if (
        Project.objects.visible_to(user)
        .filter(programme_links__programme=programme, confidentiality=Confidentiality.INTERNAL)
        .exists()
    ):
        return None
    return {pid: row.evaluation() for pid, row in stored.items()}


# --- marking stale ---------------------------------------------------------------------------


def downstream_projects(project_ids: set) -> set:
    """The projects and every project whose milestones wait, through any chain of dependencies,
    for theirs: a forecast moved here can put a milestone there in conflict."""
    found, frontier = set(project_ids), set(project_ids)
    while frontier:
        successors = set(
            MilestoneDependency.objects.filter(predecessor__project_id__in=frontier)
            .values_list("successor__project_id", flat=True)
            .distinct()
        )
        frontier = successors - found
        found |= frontier
    return found


def mark_stale_for_event(event) -> None:
    """Mark the stored statuses an audited write may change stale, in the write's transaction,
    and queue their recomputation for when it commits."""
    if event.action.startswith(IGNORED_PREFIXES) or event.object_type == "monitoring.reportexport":
        return
    if event.programme_id is None and event.project_id is None:
        # Law, calendar, capacity map, back-office edits: could touch any programme.
        affected = ProjectStatus.objects.all()
    elif event.programme_id is not None:
        # A programme's own fact (a report, an impediment on its ladder, its rules, a baseline,
        # a project added to it): the other programmes sharing the project do not read it.
        affected = ProjectStatus.objects.filter(programme_id=event.programme_id)
    else:
        # A project's own fact (a milestone, a procedure, a capacity link): every programme of
        # the project, and of the projects that wait for it through a dependency.
        projects = downstream_projects({event.project_id})
        affected = ProjectStatus.objects.filter(
            programme_id__in=Programme.objects.filter(
                project_links__project_id__in=projects
            ).values("pk")
        )
    programme_ids = set(affected.values_list("programme_id", flat=True).distinct())
    if not programme_ids:
        return
    ProjectStatus.objects.filter(programme_id__in=programme_ids, stale=False).update(stale=True)
    # One recomputation per programme per commit, however many events the write recorded.
    _pending.ids = getattr(_pending, "ids", set()) | programme_ids
    transaction.on_commit(_flush)


_pending = threading.local()


def _flush() -> None:
    programme_ids, _pending.ids = getattr(_pending, "ids", set()), set()
    queue_recompute(programme_ids)


@shared_task(acks_late=True)
def recompute_status(programme_id: str) -> int:
    """Store one programme's statuses anew (after a change it reads); idempotent. Registered
    with the workers when the app loads (`MonitoringConfig.ready` imports this module)."""
    return recompute(programme_id, timezone.localdate())


def queue_recompute(programme_ids) -> None:
    """Hand the recomputation to the workers; if the broker is down, the tick does it."""
    for pk in programme_ids:
        try:
            recompute_status.delay(str(pk))
        except Exception:  # kombu raises several kinds; the write must not fail for this
            logger.warning("broker unavailable; status of %s recomputed by the tick", pk)
