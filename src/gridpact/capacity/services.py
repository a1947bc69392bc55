"""Every write of the capacity map: importing a publication, and linking projects to the map.

Each checks its permission (`permissions.py`) and records one audit event in its transaction.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gridpact.core import audit

from . import parsing, permissions
from .models import (
    AreaFigures,
    ProjectAreaLink,
    ProjectWorkLink,
    Publication,
    PublicWork,
    ServiceArea,
)

# A national publication in the map's own shape is a few MB; this leaves room and no more.
MAX_BYTES = 50 * 1024 * 1024
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class OperatorTotals:
    """One operator's share of a publication: its areas and their waiting lists."""

    operator: str
    areas: int
    withdrawal_mw: Decimal
    withdrawal_requests: int
    injection_mw: Decimal
    injection_requests: int


@dataclass(frozen=True)
class ImportResult:
    """What an import (or its dry run) found and did.

    `publication` is the new snapshot, or the one already imported with the same content
    (`already`); `problems` are dicts with path, value, code and a Dutch `message`."""

    snapshot_date: date | None = None
    source_format: str = ""
    areas: int = 0
    works: int = 0
    distinct_works: int = 0
    operators: tuple[OperatorTotals, ...] = ()
    problems: list[dict] = field(default_factory=list)
    publication: Publication | None = None
    already: bool = False
    imported: bool = False


def problem_message(problem: parsing.Problem) -> str:
    """A parser problem in a sentence (the parser is pure and gives only a code)."""
    value = problem.value
    messages = {
        "invalid_json": _("The file is not valid JSON (%(value)s).") % {"value": value},
        "unknown_format": _(
            "This is neither the public map's service-area answers nor the information model "
            "im-capaciteitskaart."
        ),
        "too_large": _("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20},
        "no_snapshot_date": _("The file names no snapshot date."),
        "no_areas": _("The file lists no service areas."),
        "missing": _("This field is required and missing."),
        "not_mw": _("'%(value)s' is not a number with the unit MW.") % {"value": value},
        "not_count": _("'%(value)s' is not a whole number.") % {"value": value},
        "not_year": _("'%(value)s' is not a year.") % {"value": value},
        "not_date": _("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": value},
        "not_text": _("'%(value)s' is not text.") % {"value": value},
        "not_list": _("A list was expected here."),
        "not_object": _("An object was expected here."),
        "unknown_operator": _("'%(value)s' is not a grid operator GridPact knows.")
        % {"value": value},
        "unknown_phase": _("'%(value)s' is not a phase of a work.") % {"value": value},
        "unreadable_date": _("'%(value)s' is not a date range GridPact can read.")
        % {"value": value},
        "end_before_start": _("The end date lies before the start date."),
        "duplicate_area": _("The service area '%(value)s' appears twice.") % {"value": value},
        "unknown_field": _("The information model has no such field: %(value)s.")
        % {"value": value},
        "no_date": _("The work has no time schedule."),
    }
    if problem.code in messages:
        return messages[problem.code]
    return _("'%(value)s' does not match the information model (%(rule)s).") % {
        "value": value,
        "rule": problem.code.removeprefix("schema_"),
    }


def _problems(problems) -> list[dict]:
    return [
        {"path": p.path, "value": p.value, "code": p.code, "message": problem_message(p)}
        for p in problems
    ]


def _totals(parsed: parsing.Publication) -> tuple[OperatorTotals, ...]:
    by_operator: dict[str, list] = {}
    for area in parsed.areas:
        by_operator.setdefault(area.operator, []).append(area)
    return tuple(
        OperatorTotals(
            operator=operator,
            areas=len(areas),
            withdrawal_mw=sum((a.queue_withdrawal_mw or Decimal(0) for a in areas), Decimal(0)),
            withdrawal_requests=sum(a.queue_withdrawal_requests or 0 for a in areas),
            injection_mw=sum((a.queue_injection_mw or Decimal(0) for a in areas), Decimal(0)),
            injection_requests=sum(a.queue_injection_requests or 0 for a in areas),
        )
        for operator, areas in sorted(by_operator.items())
    )


def _summary(parsed: parsing.Publication, **extra) -> ImportResult:
    return ImportResult(
        snapshot_date=parsed.snapshot_date,
        source_format=parsed.source_format,
        areas=len(parsed.areas),
        works=parsed.work_count,
        distinct_works=len({(w.operator, w.key) for a in parsed.areas for w in a.works}),
        operators=_totals(parsed),
        **extra,
    )


def _date_in_filename(filename: str) -> date | None:
    match = _DATE_IN_NAME.search(filename or "")
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def import_publication(
    *,
    actor,
    programme=None,
    content: bytes,
    filename: str,
    dry_run: bool,
    snapshot_date: date | None = None,
) -> ImportResult:
    """Import a capacity-map publication (either format) as a new dated snapshot, all or nothing.

    A dry run reads and checks the file and writes nothing. A file with problems writes nothing
    either. The same data again (by content hash) is no new snapshot: the result names the one
    already there (`already`) and nothing changes. A file without a date of its own takes
    `snapshot_date`, else a date in its file name ("utrecht-2026-08-08.json").
    `actor=None` is the system (the scheduled fetch)."""
    if actor is not None and not permissions.can_import_publication(actor, programme):
        raise PermissionDenied(_("You may not import the capacity map."))
    if len(content) > MAX_BYTES:
        return ImportResult(problems=_problems([parsing.Problem("$", "too_large")]))
    parsed = parsing.parse(
        content, default_snapshot_date=snapshot_date or _date_in_filename(filename)
    )
    if parsed.problems:
        return _summary(parsed, problems=_problems(parsed.problems))
    existing = Publication.objects.filter(content_hash=parsed.content_hash).first()
    if existing is not None:
        return _summary(parsed, publication=existing, already=True)
    if dry_run:
        return _summary(parsed)
    try:
        publication = _store(actor, programme, parsed, filename)
    except IntegrityError:
        # The same content imported at this very moment by someone else: theirs stands.
        existing = Publication.objects.filter(content_hash=parsed.content_hash).first()
        if existing is None:
            raise
        return _summary(parsed, publication=existing, already=True)
    return _summary(parsed, publication=publication, imported=True)


@transaction.atomic
def _store(actor, programme, parsed: parsing.Publication, filename: str) -> Publication:
    newest = Publication.objects.aggregate(newest=Max("snapshot_date"))["newest"]
    publication = Publication.objects.create(
        source_format=parsed.source_format,
        snapshot_date=parsed.snapshot_date,
        published_as=parsed.published_as,
        filename=(filename or "")[:300],
        content_hash=parsed.content_hash,
        imported_by=actor if actor is not None and actor.is_authenticated else None,
        programme=programme,
        area_count=len(parsed.areas),
        work_count=parsed.work_count,
    )
    areas = _service_areas(parsed, is_newest=newest is None or parsed.snapshot_date >= newest)
    AreaFigures.objects.bulk_create(
        [
            AreaFigures(
                publication=publication,
                area=areas[a.operator, a.code],
                name=a.name[:200],
                capacity_now_withdrawal=a.capacity_now_withdrawal,
                capacity_needed_withdrawal=a.capacity_needed_withdrawal,
                capacity_now_injection=a.capacity_now_injection,
                capacity_needed_injection=a.capacity_needed_injection,
                queue_withdrawal_mw=a.queue_withdrawal_mw,
                queue_withdrawal_requests=a.queue_withdrawal_requests,
                queue_injection_mw=a.queue_injection_mw,
                queue_injection_requests=a.queue_injection_requests,
                year_solved_withdrawal=a.year_solved_withdrawal,
                year_solved_injection=a.year_solved_injection,
                tennet_year_solved_withdrawal=a.tennet_year_solved_withdrawal,
                tennet_year_solved_injection=a.tennet_year_solved_injection,
            )
            for a in parsed.areas
        ],
        batch_size=500,
    )
    PublicWork.objects.bulk_create(
        [
            PublicWork(
                publication=publication,
                area=areas[a.operator, a.code],
                name=w.name,
                operator=w.operator,
                operator_type=w.operator_type,
                phase=w.phase,
                date_text=w.date_text,
                start_date=w.start_date,
                end_date=w.end_date,
                source=w.source,
                description=w.description,
                key=w.key,
            )
            for a in parsed.areas
            for w in a.works
        ],
        batch_size=1000,
    )
    audit.record(
        actor=actor,
        action="capacity.publication_imported",
        obj=publication,
        changes=audit.created(
            {
                "snapshot_date": publication.snapshot_date,
                "source_format": publication.source_format,
                "filename": publication.filename,
                "content_hash": publication.content_hash,
                "area_count": publication.area_count,
                "work_count": publication.work_count,
            }
        ),
        programme_id=programme.pk if programme is not None else None,
    )
    return publication


def _service_areas(parsed: parsing.Publication, *, is_newest: bool) -> dict:
    """The publication's areas by (operator, code): found, or added. The newest snapshot also
    renames an area the operator renamed."""
    wanted = {(a.operator, a.code): a for a in parsed.areas}
    codes = {code for _operator, code in wanted}
    known = {
        (area.operator, area.code): area
        for area in ServiceArea.objects.filter(code__in=codes)
        if (area.operator, area.code) in wanted
    }
    renamed = []
    for key, area in known.items():
        published = wanted[key]
        if is_newest and (area.name, area.province) != (published.name, published.province):
            area.name, area.province = published.name[:200], published.province[:60]
            renamed.append(area)
    if renamed:
        ServiceArea.objects.bulk_update(renamed, ["name", "province"])
    new = [
        ServiceArea(operator=a.operator, code=a.code, name=a.name[:200], province=a.province[:60])
        for key, a in wanted.items()
        if key not in known
    ]
    ServiceArea.objects.bulk_create(new)
    known.update({(area.operator, area.code): area for area in new})
    return known


# --- links ------------------------------------------------------------------------------------


def _may_link(actor, project) -> None:
    if actor is not None and not permissions.can_edit_links(actor, project):
        raise PermissionDenied(_("You may not change this project's links to the capacity map."))


def _project_scope(project) -> dict:
    return {"project_id": project.pk}


@transaction.atomic
def link_area(*, actor, project, area: ServiceArea) -> ProjectAreaLink:
    """Confirm that the project relieves this service area (linking twice changes nothing)."""
    _may_link(actor, project)
    link = ProjectAreaLink.objects.filter(project=project, area=area).first()
    if link is not None:
        return link
    link = ProjectAreaLink.objects.create(
        project=project,
        area=area,
        confirmed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(
        actor=actor,
        action="capacity.area_linked",
        obj=project,
        changes={"area": [None, str(area)]},
        **_project_scope(project),
    )
    return link


@transaction.atomic
def unlink_area(*, actor, link: ProjectAreaLink) -> None:
    """Remove a project's link to a service area."""
    _may_link(actor, link.project)
    area = str(link.area)
    # Through the queryset: the caller's object keeps its id if the transaction is rolled back.
    ProjectAreaLink.objects.filter(pk=link.pk).delete()
    audit.record(
        actor=actor,
        action="capacity.area_unlinked",
        obj=link.project,
        changes={"area": [area, None]},
        **_project_scope(link.project),
    )


@transaction.atomic
def link_work(*, actor, project, work: PublicWork) -> ProjectWorkLink:
    """Confirm that a public work is (part of) the project. The link is by the work's operator
    and key, so it holds for every snapshot that lists the work, under any area."""
    _may_link(actor, project)
    link = ProjectWorkLink.objects.filter(
        project=project, operator=work.operator, work_key=work.key
    ).first()
    if link is not None:
        return link
    link = ProjectWorkLink.objects.create(
        project=project,
        operator=work.operator,
        work_key=work.key,
        work_name=work.name,
        confirmed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.record(
        actor=actor,
        action="capacity.work_linked",
        obj=project,
        changes={"work_name": [None, work.name], "operator": [None, work.operator]},
        **_project_scope(project),
    )
    return link


@transaction.atomic
def unlink_work(*, actor, link: ProjectWorkLink) -> None:
    """Remove a project's link to a public work."""
    _may_link(actor, link.project)
    name, operator = link.work_name, link.operator
    ProjectWorkLink.objects.filter(pk=link.pk).delete()
    audit.record(
        actor=actor,
        action="capacity.work_unlinked",
        obj=link.project,
        changes={"work_name": [name, None], "operator": [operator, None]},
        **_project_scope(link.project),
    )
