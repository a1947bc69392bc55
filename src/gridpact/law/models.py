"""Statutory rules as dated data: one row per version of a rule, with its citation and source."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel

from . import versions


class RuleStatus(models.TextChoices):
    IN_FORCE = versions.Status.IN_FORCE.value, _("in force")
    ADOPTED = versions.Status.ADOPTED.value, _("adopted, not yet in force")
    DRAFT = versions.Status.DRAFT.value, _("draft rule")


class StatutoryRule(BaseModel):
    """One version of a statutory rule GridPact applies.

    Changed only through `gridpact.law.services.save_rule_version` (the admin calls it), which
    refuses a period that overlaps another version of the same rule and records an audit event.
    """

    code = models.SlugField(
        _("rule"),
        max_length=60,
        help_text=_("The same code for every version of one rule, e.g. kostenaandeel-verkabeling."),
    )
    title = models.CharField(_("title"), max_length=200)
    citation = models.CharField(
        _("citation"),
        max_length=400,
        help_text=_("Instrument and article, as a lawyer looks it up (with Stb./Stcrt.)."),
    )
    status = models.CharField(_("status"), max_length=20, choices=RuleStatus.choices)
    valid_from = models.DateField(
        _("applies from"), null=True, blank=True, help_text=_("Empty while the date is unknown.")
    )
    valid_until = models.DateField(_("applies until (inclusive)"), null=True, blank=True)
    to_confirm = models.BooleanField(
        _("to be confirmed"),
        default=False,
        help_text=_(
            "The legal basis for this period is not confirmed at the source: results are shown "
            "only as a scenario."
        ),
    )
    source = models.CharField(_("source"), max_length=400)
    source_url = models.URLField(_("source address"), max_length=400, blank=True)
    checked_on = models.DateField(_("checked against the source on"))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["code", "valid_from"]
        verbose_name = _("statutory rule")
        verbose_name_plural = _("statutory rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=False, valid_until__gte=models.F("valid_from")),
                name="statutory_rule_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.as_version().label_nl()

    def as_version(self) -> versions.RuleVersion:
        """The pure form the computations use."""
        return versions.RuleVersion(
            code=self.code,
            title=self.title,
            citation=self.citation,
            status=versions.Status(self.status),
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            source=self.source,
            source_url=self.source_url,
            checked_on=self.checked_on,
            to_confirm=self.to_confirm,
            parameters=dict(self.parameters or {}),
            id=self.pk,
        )


def law_book() -> list[versions.RuleVersion]:
    """Every version of every rule, in one query, for the computations of one request."""
    return [rule.as_version() for rule in StatutoryRule.objects.all()]
