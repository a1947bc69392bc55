"""Projects, their milestones (baseline / forecast / actual), dependencies and baselines."""

from datetime import date
from functools import cached_property

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Restricted, Scope, ScopedQuerySet
from gridpact.parties.models import Organisation


class ProjectKind(models.TextChoices):
    CONCRETE = "concreet", _("concrete")
    EXPLORATION = "verkenning", _("exploration")


class Modality(models.TextChoices):
    ELECTRICITY = "elektriciteit", _("electricity")
    HEAT = "warmte", _("heat")
    GASES = "duurzame_gassen", _("sustainable gases")


class Phase(models.TextChoices):
    INITIATION = "initiatie", _("initiation / exploration")
    SITE_SELECTION = "locatiekeuze", _("site selection")
    SPATIAL_PROCEDURE = "ruimtelijke_procedure", _("spatial procedure")
    PERMITS = "vergunningen", _("permits")
    LAND = "grondverwerving", _("land acquisition")
    CONSTRUCTION = "realisatie", _("construction")
    IN_SERVICE = "in_bedrijf", _("in service")


class Confidentiality(models.TextChoices):
    INTERNAL = "intern", _("internal (own organisation only)")
    PROGRAMME = "programma", _("programme (all participants)")
    PUBLIC = "openbaar", _("public")


class Project(BaseModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    modality = models.CharField(
        _("modality"), max_length=20, choices=Modality.choices, default=Modality.ELECTRICITY
    )
    lead_operator = models.ForeignKey(
        Organisation,
        verbose_name=_("lead grid operator"),
        on_delete=models.PROTECT,
        related_name="led_projects",
    )
    description = models.TextField(_("description"), blank=True)
    voltage_levels = models.CharField(
        _("voltage levels"), max_length=60, blank=True, help_text=_("For example 380/150 kV.")
    )
    capacity_mva = models.DecimalField(
        _("capacity (MVA)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_description = models.CharField(_("location"), max_length=200, blank=True)
    phase = models.CharField(
        _("phase"), max_length=30, choices=Phase.choices, default=Phase.INITIATION
    )
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=20,
        choices=Confidentiality.choices,
        default=Confidentiality.PROGRAMME,
    )
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demonstration entry: no public source names this project."),
    )
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    parties = models.ManyToManyField(
        Organisation, through="ProjectParty", related_name="involved_projects"
    )

    # Visible on the user's programmes; an *internal* project only to its lead operator's people.
    scope = Scope(
        programme="programme_links__programme",
        restricted=Restricted(
            when=models.Q(confidentiality=Confidentiality.INTERNAL), organisation="lead_operator"
        ),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("project-detail", kwargs={"pk": self.pk})

    @cached_property
    def programme_ids(self) -> frozenset:
        return frozenset(self.programme_links.values_list("programme_id", flat=True))


class ProgrammeProject(models.Model):
    """A project on a programme's list (a project can be on more than one)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="project_links"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="programme_links")
    added_on = models.DateField(_("added on"), default=date.today)

    class Meta:
        verbose_name = _("project in programme")
        verbose_name_plural = _("projects in programme")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "project"], name="unique_programme_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} ∈ {self.programme}"


class PartyRole(models.TextChoices):
    GRID_OPERATOR = "netbeheerder", _("grid operator")
    MUNICIPALITY = "gemeente", _("municipality where it lies")
    COMPETENT_AUTHORITY = "bevoegd_gezag", _("competent authority")
    PROVINCE = "provincie", _("province")
    OTHER = "overig", _("other")


class ProjectParty(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="party_links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_links"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartyRole.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = _("party in project")
        verbose_name_plural = _("parties in project")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"], name="unique_project_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class MilestoneKind(models.TextChoices):
    SITE_DECISION = "locatiebesluit", _("site decision")
    INVESTMENT_DECISION = "investeringsbesluit", _("investment decision")
    DRAFT_DECISION = "ontwerpbesluit", _("draft decision open for comments")
    DECISION = "besluit_vastgesteld", _("decision adopted")
    DECISION_FINAL = "besluit_onherroepelijk", _("decision final (onherroepelijk)")
    CONSTRUCTION_START = "start_bouw", _("start of construction")
    IN_SERVICE = "in_bedrijf", _("in service")
    OTHER = "anders", _("other")


class Milestone(BaseModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    name = models.CharField(_("name"), max_length=200)
    sequence = models.PositiveSmallIntegerField(_("order"), default=0)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="owned_milestones",
    )
    forecast_date = models.DateField(_("forecast"), null=True, blank=True)
    actual_date = models.DateField(_("actual"), null=True, blank=True)
    depends_on = models.ManyToManyField(
        "self",
        through="MilestoneDependency",
        symmetrical=False,
        related_name="dependents",
        blank=True,
    )

    scope = Scope(project="project")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "sequence", "forecast_date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.project.name}: {self.name}"

    @property
    def expected_date(self) -> date | None:
        """When it happened, or else when it is now expected."""
        return self.actual_date or self.forecast_date


class DependencyType(models.TextChoices):
    """The types of `gridpact.projects.network.DependencyType` (docs/decisions/0029)."""

    FINISH_TO_START = "FS", _("finish-to-start")
    START_TO_START = "SS", _("start-to-start")
    FINISH_TO_FINISH = "FF", _("finish-to-finish")


class LagUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")


class MilestoneDependency(models.Model):
    """`successor` cannot happen before `predecessor` plus the lag (finish-to-start by default;
    the types bind a milestone's date and start as `gridpact.projects.network` says)."""

    predecessor = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    type = models.CharField(
        _("type"),
        max_length=2,
        choices=DependencyType.choices,
        default=DependencyType.FINISH_TO_START,
    )
    lag = models.PositiveIntegerField(
        _("lag"), default=0, help_text=_("Days that must pass after the milestone it waits for.")
    )
    lag_unit = models.CharField(
        _("lag unit"), max_length=20, choices=LagUnit.choices, default=LagUnit.CALENDAR_DAYS
    )

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_dependency"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="no_self_dependency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"

    @property
    def is_conflict(self) -> bool:
        """The successor is planned (or happened) before the milestone it waits for."""
        before, after = self.predecessor.expected_date, self.successor.expected_date
        return bool(before and after and after < before)


class Baseline(BaseModel):
    """A named, immutable snapshot of a programme's plan."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="baselines"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    frozen_on = models.DateField(_("date"), default=date.today)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-frozen_on", "-created_at"]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_baseline_name")
        ]

    def __str__(self) -> str:
        return self.name


class BaselineEntry(models.Model):
    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="entries")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="baseline_entries"
    )
    planned_date = models.DateField(_("baseline date"), null=True, blank=True)

    class Meta:
        verbose_name = _("baseline entry")
        verbose_name_plural = _("baseline entries")
        constraints = [
            models.UniqueConstraint(fields=["baseline", "milestone"], name="unique_baseline_entry")
        ]

    def __str__(self) -> str:
        return f"{self.baseline}: {self.milestone_id} {self.planned_date}"


class ScheduleRun(models.Model):
    """The last stored schedule of a programme's network (decision 0031): when it was computed,
    with how many runs, the programme's P50/P80, and whether a change has made it stale.

    Computed over the milestones every participant of the programme may see: its projects that
    are not internal, and the dependencies between them (`projects/stored.py`)."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="schedule_run"
    )
    computed_at = models.DateTimeField(_("computed at"))
    computed_on = models.DateField(_("computed for"))
    runs = models.PositiveIntegerField(_("runs"))
    p50 = models.DateField(_("P50"), null=True, blank=True)
    p80 = models.DateField(_("P80"), null=True, blank=True)
    default_kinds = models.JSONField(_("kinds with the default spread"), default=list)
    stale = models.BooleanField(_("stale"), default=False)

    scope = Scope(programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored schedule")
        verbose_name_plural = _("stored schedules")

    def __str__(self) -> str:
        return f"{self.programme_id} {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def default_kind_labels(self) -> list[str]:
        """The kinds of milestone whose spread fell back to the default, by their names."""
        labels = dict(MilestoneKind.choices)
        return [str(labels.get(kind, kind)) for kind in self.default_kinds]


class ScheduleResult(models.Model):
    """One milestone's figures in its programme's stored schedule (`ScheduleRun`)."""

    run = models.ForeignKey(ScheduleRun, on_delete=models.CASCADE, related_name="results")
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="schedule_results"
    )
    p50 = models.DateField(_("P50"), null=True, blank=True)
    p80 = models.DateField(_("P80"), null=True, blank=True)
    earliest = models.DateField(_("earliest"), null=True, blank=True)
    latest = models.DateField(_("latest"), null=True, blank=True)
    total_float_days = models.IntegerField(_("float (days)"), null=True, blank=True)
    on_critical_path = models.BooleanField(_("on the critical path"), default=False)
    finishes_project = models.BooleanField(_("the project's in-service milestone"), default=False)
    spread_defaulted = models.BooleanField(_("default spread"), default=False)

    # Visible to the programme's participants, and only while the milestone's project is.
    scope = Scope(programme="programme", project="milestone__project")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored schedule figure")
        verbose_name_plural = _("stored schedule figures")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "milestone"], name="unique_schedule_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.milestone_id}: {self.p50} {self.p80}"
