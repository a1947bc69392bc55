"""A programme is one edition of a priority list (P-MIEK 2.0 Utrecht, MIEK) and its participants."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.parties.models import Organisation


class ProgrammeStatus(models.TextChoices):
    DRAFT = "concept", _("draft")
    ADOPTED = "vastgesteld", _("adopted")
    ARCHIVED = "gearchiveerd", _("archived")


class Programme(BaseModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    edition = models.CharField(_("edition"), max_length=40, blank=True)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    adopted_by = models.CharField(_("adopted by"), max_length=120, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    reference_baseline = models.ForeignKey(
        "projects.Baseline",
        verbose_name=_("reference baseline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The baseline the pages compare against unless another is chosen."),
    )
    organisations = models.ManyToManyField(
        Organisation, through="Participation", related_name="programmes"
    )

    scope = Scope(programme="pk")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def participating_organisations(self):
        """The organisations taking part in this programme, in any role."""
        return participating_organisations(self)

    def takes_part(self, organisation) -> bool:
        """Whether `organisation` takes part in this programme (in any role)."""
        return self.participating_organisations().filter(pk=organisation.pk).exists()


class ParticipationRole(models.TextChoices):
    OWNER = "eigenaar", _("owner")
    GRID_OPERATOR = "netbeheerder", _("grid operator")
    MUNICIPALITY = "gemeente", _("municipality")
    NATIONAL_GOVERNMENT = "rijk", _("national government")
    OBSERVER = "waarnemer", _("observer")


class Participation(BaseModel):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)

    class Meta:
        ordering = ["programme", "role", "organisation__name"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="unique_participation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.programme} ({self.get_role_display()})"


def participating_organisations(programmes):
    """The organisations taking part in `programmes`: one programme, or several (a queryset or
    ids). The one home of this question; each organisation comes back once, in any role, and the
    result can be filtered and ordered further."""
    if isinstance(programmes, Programme):
        participations = Participation.objects.filter(programme=programmes)
    else:
        participations = Participation.objects.filter(programme__in=programmes)
    return Organisation.objects.filter(pk__in=participations.values("organisation_id"))
