"""The public capacity map (capaciteitskaart) as dated snapshots, and the links of projects to it.

The map data is public: publications, service areas, their figures and the public works are
everyone's and carry no scope. Which project relieves which area, and which public work is which
project, is the programme's own judgement: the links are scoped like their project.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet


class SourceFormat(models.TextChoices):
    PUBLIC_MAP = "kaart", _("public map (service-area answers)")
    INFORMATION_MODEL = "im", _("information model (im-capaciteitskaart)")


class WorkPhase(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    APPROVED = "approved", _("approved")
    IN_PROGRESS = "inProgress", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class Publication(BaseModel):
    """One imported snapshot of the map; kept, never overwritten by a later one."""

    source_format = models.CharField(_("format"), max_length=10, choices=SourceFormat.choices)
    snapshot_date = models.DateField(_("snapshot date"), db_index=True)
    published_as = models.CharField(_("published as"), max_length=300, blank=True)
    filename = models.CharField(_("file"), max_length=300, blank=True)
    # SHA-256 of the file's data in canonical JSON: the same data again is not a new snapshot.
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    # The programme in whose name a coordinator imported it (none: the scheduled fetch).
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area_count = models.PositiveIntegerField(_("areas"), default=0)
    work_count = models.PositiveIntegerField(_("public works"), default=0)

    class Meta:
        ordering = ["-snapshot_date", "-imported_at"]
        verbose_name = _("capacity map publication")
        verbose_name_plural = _("capacity map publications")

    def __str__(self) -> str:
        return f"{self.snapshot_date.isoformat()} ({self.get_source_format_display()})"


class ServiceArea(BaseModel):
    """A service area (voedingsgebied) of one grid operator, by the operator's stable id."""

    operator = models.CharField(_("grid operator"), max_length=60)
    code = models.CharField(_("area id"), max_length=120)
    name = models.CharField(_("name"), max_length=200)
    province = models.CharField(_("province"), max_length=60, blank=True)

    class Meta:
        ordering = ["operator", "name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.UniqueConstraint(fields=["operator", "code"], name="unique_service_area")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.operator})"


class AreaFigures(models.Model):
    """What one publication says about one area. MW as published; None where it shows "-"."""

    id = models.BigAutoField(primary_key=True)
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="figures")
    name = models.CharField(_("name"), max_length=200)
    capacity_now_withdrawal = models.DecimalField(
        _("capacity now, withdrawal (MW)"), max_digits=10, decimal_places=3, null=True
    )
    capacity_needed_withdrawal = models.DecimalField(
        _("capacity needed, withdrawal (MW)"), max_digits=10, decimal_places=3, null=True
    )
    capacity_now_injection = models.DecimalField(
        _("capacity now, injection (MW)"), max_digits=10, decimal_places=3, null=True
    )
    capacity_needed_injection = models.DecimalField(
        _("capacity needed, injection (MW)"), max_digits=10, decimal_places=3, null=True
    )
    queue_withdrawal_mw = models.DecimalField(
        _("waiting list, withdrawal (MW)"), max_digits=10, decimal_places=3, null=True
    )
    queue_withdrawal_requests = models.PositiveIntegerField(
        _("waiting list, withdrawal (requests)"), null=True
    )
    queue_injection_mw = models.DecimalField(
        _("waiting list, injection (MW)"), max_digits=10, decimal_places=3, null=True
    )
    queue_injection_requests = models.PositiveIntegerField(
        _("waiting list, injection (requests)"), null=True
    )
    year_solved_withdrawal = models.PositiveSmallIntegerField(
        _("year solved by the operator, withdrawal"), null=True
    )
    year_solved_injection = models.PositiveSmallIntegerField(
        _("year solved by the operator, injection"), null=True
    )
    tennet_year_solved_withdrawal = models.PositiveSmallIntegerField(
        _("year solved by TenneT, withdrawal"), null=True
    )
    tennet_year_solved_injection = models.PositiveSmallIntegerField(
        _("year solved by TenneT, injection"), null=True
    )

    class Meta:
        ordering = ["area__operator", "name"]
        verbose_name = _("area figures")
        verbose_name_plural = _("area figures")
        constraints = [
            models.UniqueConstraint(fields=["publication", "area"], name="unique_area_figures")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.publication})"


class PublicWork(models.Model):
    """A planned grid work as one publication lists it under one area.

    The same work is listed under many areas and again in every snapshot; `key` (the name,
    normalised) with `operator` is what stays the same, so links survive new snapshots."""

    id = models.BigAutoField(primary_key=True)
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="works")
    area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="works")
    name = models.CharField(_("name"), max_length=300)
    operator = models.CharField(_("grid operator"), max_length=60)
    operator_type = models.CharField(_("operator type"), max_length=20, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=WorkPhase.choices, blank=True)
    date_text = models.CharField(_("public date"), max_length=100, blank=True)
    start_date = models.DateField(_("start"), null=True)
    end_date = models.DateField(_("end"), null=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    key = models.CharField(_("matching key"), max_length=300, db_index=True)

    class Meta:
        ordering = ["operator", "name"]
        verbose_name = _("public work")
        verbose_name_plural = _("public works")
        indexes = [models.Index(fields=["operator", "key"], name="capacity_work_match")]

    def __str__(self) -> str:
        return f"{self.name} ({self.operator})"


class ProjectAreaLink(BaseModel):
    """A project relieves this service area (a person confirmed it)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="capacity_area_links"
    )
    area = models.ForeignKey(
        ServiceArea,
        verbose_name=_("service area"),
        on_delete=models.PROTECT,
        related_name="project_links",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope = Scope(project="project")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["area__operator", "area__name"]
        verbose_name = _("link to a service area")
        verbose_name_plural = _("links to service areas")
        constraints = [
            models.UniqueConstraint(fields=["project", "area"], name="unique_project_area")
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.area}"


class ProjectWorkLink(BaseModel):
    """A public work is (part of) this project: matched by operator and key, not by one
    snapshot's row, so the link holds for every snapshot that lists the work."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="capacity_work_links"
    )
    operator = models.CharField(_("grid operator"), max_length=60)
    work_key = models.CharField(_("matching key"), max_length=300)
    work_name = models.CharField(_("public work"), max_length=300)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope = Scope(project="project")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["operator", "work_name"]
        verbose_name = _("link to a public work")
        verbose_name_plural = _("links to public works")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "operator", "work_key"], name="unique_project_work"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.work_name} ({self.operator})"
