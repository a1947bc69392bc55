"""Reporting periods, progress reports (immutable once submitted), status rules and snapshots."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet

from . import rules


class StatusRules(BaseModel):
    """A programme's thresholds for green / amber / red (defaults from domain.md §6)."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="status_rules"
    )
    amber_max_slip_days = models.IntegerField(
        _("amber up to a slip of (days)"),
        default=91,
        help_text=_("A longer slip is red; any slip up to this is amber."),
    )
    amber_impediment_level = models.PositiveSmallIntegerField(
        _("amber from impediment level"), default=2
    )
    red_on_overdue_milestone = models.BooleanField(
        _("red when a milestone is overdue without a new forecast"), default=True
    )
    red_on_missed_deadline = models.BooleanField(
        _("red when a statutory deadline is missed"), default=True
    )
    amber_on_schedule_conflict = models.BooleanField(
        _("amber when a milestone is planned before a milestone it waits for"), default=True
    )
    public_promise_enabled = models.BooleanField(
        _("compare the forecast with the public date on the capacity map"), default=True
    )
    public_promise_amber_months = models.PositiveSmallIntegerField(
        _("amber when outside the public date range by more than (months)"), default=6
    )
    public_promise_red_months = models.PositiveSmallIntegerField(
        _("red when outside the public date range by more than (months)"), default=12
    )
    public_promise_earlier = models.BooleanField(
        _("also when the forecast is earlier than the public date range"), default=True
    )

    class Meta:
        verbose_name = _("status rules")
        verbose_name_plural = _("status rules")

    def __str__(self) -> str:
        return f"{self.programme}"

    def thresholds(self) -> rules.Thresholds:
        return rules.Thresholds(
            amber_max_slip_days=self.amber_max_slip_days,
            amber_impediment_level=self.amber_impediment_level,
            red_on_overdue_milestone=self.red_on_overdue_milestone,
            red_on_missed_deadline=self.red_on_missed_deadline,
            amber_on_schedule_conflict=self.amber_on_schedule_conflict,
            public_promise_enabled=self.public_promise_enabled,
            public_promise_amber_months=self.public_promise_amber_months,
            public_promise_red_months=self.public_promise_red_months,
            public_promise_earlier=self.public_promise_earlier,
        )


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "gesloten", _("closed")


class ReportingPeriod(BaseModel):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="reporting_periods"
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    due_on = models.DateField(_("reports due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    scope = Scope(programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "-starts_on"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["programme", "starts_on"], name="unique_period_start")
        ]

    def __str__(self) -> str:
        return self.name


class Cause(models.TextChoices):
    PROCEDURE = "procedure", _("procedure")
    SITE = "locatie", _("site")
    LAND = "grond", _("land")
    TECHNICAL = "techniek", _("technical")
    NITROGEN = "stikstof", _("nitrogen")
    CAPACITY = "capaciteit", _("capacity")
    OTHER = "anders", _("other")


class SelfStatus(models.TextChoices):
    GREEN = rules.GREEN, _("green")
    AMBER = rules.AMBER, _("amber")
    RED = rules.RED, _("red")


class ProgressReport(models.Model):
    """A lead party's report on one project for one period. Never changed after submission:
    a correction is a new report with a higher `number` that points to the one it replaces."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="progress_reports"
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    organisation = models.ForeignKey(
        "parties.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    progress = models.TextField(_("what happened"))
    next_steps = models.TextField(_("what comes next"), blank=True)
    status = models.CharField(_("own assessment"), max_length=10, choices=SelfStatus.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    causes = models.JSONField(_("causes of delay"), default=list, blank=True)
    forecast_changes = models.JSONField(default=list, blank=True)

    # The project is visible *and* the report was filed in a period of one of the user's
    # programmes: a member of one programme does not read what was reported to the other.
    scope = Scope(project="project", programme="period__programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["period", "project", "-number"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "project", "number"], name="unique_report_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.period} (v{self.number})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("a submitted progress report cannot be changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("report-detail", kwargs={"pk": self.pk})

    def cause_labels(self) -> list[str]:
        """The causes as the report form names them ("Stikstof", not the stored "stikstof")."""
        return [capfirst(str(Cause(c).label)) for c in self.causes if c in Cause.values]


class PeriodSnapshot(models.Model):
    """What the programme looked like when a period closed, exactly as reported then."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.PROTECT, related_name="snapshot"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    baseline_name = models.CharField(max_length=120, blank=True)
    rows = models.JSONField(default=list)
    headline = models.JSONField(default=dict)

    scope = Scope(programme="period__programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("period snapshot")
        verbose_name_plural = _("period snapshots")

    def __str__(self) -> str:
        return f"{self.period}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("a snapshot cannot be changed")
        super().save(*args, **kwargs)


class ExportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("queued")
    RUNNING = "bezig", _("being made")
    DONE = "klaar", _("ready")
    FAILED = "mislukt", _("failed")


class ReportExport(models.Model):
    """A report made in the background for one person; only they can fetch it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    fmt = models.CharField(max_length=8)
    query = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    step = models.CharField(_("step"), max_length=120, blank=True)
    content = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")

    def __str__(self) -> str:
        return f"{self.programme} {self.fmt} {self.created_at:%Y-%m-%d %H:%M}"


class ProjectStatus(models.Model):
    """A project's status in one programme as the programme's whole view computes it, stored so
    the dashboard need not evaluate every project per request (decision 0034, "Stored status").

    Written only by `stored.recompute` (on commit of a change it reads, and by the tick); marked
    stale in the transaction of any audited write that touches the programme. Internal projects
    are never stored: only their lead operator's people see them, who get the status computed.
    """

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    # The baseline the delay was measured against (the programme's default choice); None = none.
    baseline_id = models.UUIDField(null=True, blank=True)
    status = models.CharField(max_length=10, blank=True)
    delay_days = models.IntegerField(null=True, blank=True)
    # The reasons as rules.Reason values: [{"status", "code", "values"}].
    reasons = models.JSONField(default=list, blank=True)
    computed_on = models.DateField()
    computed_at = models.DateTimeField()
    stale = models.BooleanField(default=False)

    scope = Scope(programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "project"], name="project_status_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} in {self.programme_id}: {self.status or '–'}"

    def evaluation(self) -> rules.Evaluation:
        return rules.Evaluation(
            self.status or None,
            tuple(rules.Reason(r["status"], r["code"], r["values"]) for r in self.reasons),
        )
