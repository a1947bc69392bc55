"""Writes of the public pages: the coordinator's texts, publishing and withdrawing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit
from gridpact.core.errors import save_versioned
from gridpact.projects.models import Confidentiality, Project

from . import permissions, queries
from .models import DELAY_REASON_MAX, SUMMARY_MAX, ProjectPublication, PublicationChange


def _may(actor, project: Project) -> None:
    if actor is not None and not permissions.can_publish(actor, project):
        raise PermissionDenied(_("Only the programme coordinator publishes a project."))


def _publication(project: Project) -> ProjectPublication:
    publication, _created = ProjectPublication.objects.select_for_update().get_or_create(
        project=project
    )
    return publication


@transaction.atomic
def save_public_texts(
    *,
    actor,
    project: Project,
    summary: str,
    delay_reason: str,
    milestone_ids,
    expected_version: int | None = None,
) -> ProjectPublication:
    """Change the texts and the public milestones of the next publication (not yet public)."""
    _may(actor, project)
    summary, delay_reason = summary.strip(), delay_reason.strip()
    errors = {}
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = _("Keep the public summary to %(max)d characters.") % {
            "max": SUMMARY_MAX
        }
    if len(delay_reason) > DELAY_REASON_MAX:
        errors["delay_reason"] = _("Keep the reason for a delay to %(max)d characters.") % {
            "max": DELAY_REASON_MAX
        }
    requested = {str(i) for i in milestone_ids}
    own = {str(pk) for pk in project.milestones.values_list("pk", flat=True)}
    chosen = requested & own
    if requested - own:
        errors["milestones"] = _("Choose only milestones of this project.")
    if errors:
        raise ValidationError(errors)
    publication = _publication(project)
    before = {
        "summary": publication.summary,
        "delay_reason": publication.delay_reason,
        "milestones": sorted(str(m.pk) for m in publication.milestones.all()),
    }
    after = {
        "summary": summary,
        "delay_reason": delay_reason,
        "milestones": sorted(chosen),
    }
    save_versioned(
        publication,
        publication.version if expected_version is None else expected_version,
        summary=summary,
        delay_reason=delay_reason,
    )
    publication.milestones.set(chosen)
    publication.refresh_from_db()
    audit.record(
        actor=actor,
        action="public.draft_saved",
        obj=publication,
        changes=audit.diff(before, after),
        project_id=project.pk,
    )
    return publication


@transaction.atomic
def publish(*, actor, project: Project) -> ProjectPublication:
    """Put the preview on the public pages: the allow-listed values as they are now."""
    _may(actor, project)
    if project.confidentiality != Confidentiality.PUBLIC:
        raise ValidationError(
            _("Only a project marked public can be published. Change its confidentiality first.")
        )
    publication = _publication(project)
    now = timezone.now()
    state = queries.draft_state(
        project,
        summary=publication.summary,
        delay_reason=publication.delay_reason,
        milestone_ids=[m.pk for m in publication.milestones.all()],
        published_at=now,
    )
    change = PublicationChange.objects.create(project=project, published=True)
    ProjectPublication.objects.filter(pk=publication.pk).update(
        published=state.to_json(),
        published_at=now,
        published_by=actor if actor is not None and actor.is_authenticated else None,
        change_number=change.pk,
    )
    publication.refresh_from_db()
    audit.record(
        actor=actor,
        action="public.published",
        obj=publication,
        changes={"published_at": [None, now.isoformat()]},
        project_id=project.pk,
    )
    return publication


@transaction.atomic
def withdraw(*, actor, project: Project) -> ProjectPublication:
    """Take the project off the public pages (its texts stay for a later publication)."""
    _may(actor, project)
    publication = _publication(project)
    if publication.published is None:
        raise ValidationError(_("This project is not published."))
    was_published_at = publication.published_at
    change = PublicationChange.objects.create(project=project, published=False)
    ProjectPublication.objects.filter(pk=publication.pk).update(
        published=None, published_at=None, published_by=None, change_number=change.pk
    )
    publication.refresh_from_db()
    audit.record(
        actor=actor,
        action="public.withdrawn",
        obj=publication,
        changes={"published_at": [was_published_at.isoformat(), None]},
        project_id=project.pk,
    )
    return publication
