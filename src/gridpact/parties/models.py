"""Organisations, the people who act for them, and their roles."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel


class OrganisationKind(models.TextChoices):
    PROVINCE = "provincie", _("province")
    TSO = "tso", _("national grid operator (TSO)")
    DSO = "dso", _("regional grid operator (DSO)")
    MUNICIPALITY = "gemeente", _("municipality")
    MINISTRY = "ministerie", _("ministry")
    UMBRELLA = "koepel", _("umbrella body of governments (IPO, VNG, UvW)")
    OTHER = "overig", _("other")


GRID_OPERATOR_KINDS = (OrganisationKind.TSO, OrganisationKind.DSO)


class Organisation(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        blank=True,
        help_text=_("Municipality code of Statistics Netherlands, e.g. GM0344."),
    )
    inhabitants = models.PositiveIntegerField(_("inhabitants"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="unique_cbs_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_grid_operator(self) -> bool:
        return self.kind in GRID_OPERATOR_KINDS


class User(AbstractUser):
    """A person who logs in. What they may do follows from their memberships."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def primary_organisation(self):
        """The organisation this person acts for by default (their first active membership)."""
        membership = (
            self.memberships.filter(active=True).select_related("organisation").first()
            if self.pk
            else None
        )
        return membership.organisation if membership else None


class Role(models.TextChoices):
    READER = "lezer", _("reader")
    CONTRIBUTOR = "bijdrager", _("contributor")
    COORDINATOR = "coordinator", _("coordinator")


class Level(models.TextChoices):
    OFFICIAL = "ambtelijk", _("official (ambtelijk)")
    EXECUTIVE = "bestuurlijk", _("executive (bestuurlijk)")


class Membership(BaseModel):
    """A person acts for an organisation, with a role and at a level."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READER)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.OFFICIAL
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "user__last_name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
