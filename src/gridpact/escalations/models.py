"""Impediments (knelpunten), the programme's escalation ladder, and each impediment's path."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.parties.models import Organisation


class LadderLevel(BaseModel):
    """One rung of a programme's escalation ladder. Steps copy what they need, so editing a
    level later does not rewrite any impediment's history."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="ladder_levels"
    )
    number = models.PositiveSmallIntegerField(_("level"))
    body = models.CharField(_("body"), max_length=200)
    response_days = models.PositiveSmallIntegerField(
        _("response time (working days)"),
        null=True,
        blank=True,
        help_text=_("Empty for the top level: it has no higher level to go to."),
    )
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible people"),
        blank=True,
        related_name="ladder_levels",
    )

    class Meta:
        ordering = ["programme", "number"]
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_ladder_level")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.body}"


class Category(models.TextChoices):
    SITE = "ruimte", _("space / site")
    LAND = "grond", _("land")
    PERMIT = "vergunning", _("permit / procedure")
    NITROGEN = "stikstof", _("nitrogen")
    CAPACITY = "capaciteit", _("capacity / staff")
    FINANCE = "financien", _("finance")
    TECHNICAL = "techniek", _("technical")
    OTHER = "anders", _("other")


class Severity(models.TextChoices):
    LOW = "laag", _("low")
    MEDIUM = "middel", _("medium")
    HIGH = "hoog", _("high")
    CRITICAL = "kritiek", _("critical")


class ImpedimentStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "opgelost", _("resolved")


class Impediment(BaseModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="impediments"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="impediments",
        help_text=_("Whose escalation ladder the impediment climbs."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("stuck procedure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="impediments",
    )
    threatened_milestones = models.ManyToManyField(
        "projects.Milestone",
        verbose_name=_("threatened milestones"),
        blank=True,
        related_name="impediments",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImpedimentStatus.choices,
        default=ImpedimentStatus.OPEN,
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    level_body = models.CharField(_("body"), max_length=200)
    level_since = models.DateField(_("at this level since"))
    level_due = models.DateField(
        _("answer due"), null=True, blank=True, help_text=_("Empty at the top level.")
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)

    # Of a project the user may see, on one of the user's programmes' ladders: on a project that
    # two programmes share, members of the one do not see what was raised in the other.
    scope = Scope(project="project", programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-level", "level_due", "title"]
        verbose_name = _("impediment")
        verbose_name_plural = _("impediments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("impediment-detail", kwargs={"pk": self.pk})


class StepKind(models.TextChoices):
    RAISED = "raised", _("raised")
    ESCALATED = "escalated", _("escalated")
    AUTO_ESCALATED = "auto", _("escalated automatically (time passed)")
    SENT_BACK = "sent_back", _("sent back down")
    RESOLVED = "resolved", _("resolved")


class ImpedimentStep(models.Model):
    """One step on an impediment's path, as it was at the time (append-only)."""

    impediment = models.ForeignKey(Impediment, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_level = models.PositiveSmallIntegerField(null=True, blank=True)
    to_level = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.CharField(_("body"), max_length=200, blank=True)
    due = models.DateField(_("answer due"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("impediment step")
        verbose_name_plural = _("impediment steps")

    def __str__(self) -> str:
        return f"{self.impediment}: {self.kind}"
