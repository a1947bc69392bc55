"""Collaboration agreements: versions, themes, clauses, commitments, comments and endorsements.

An adopted version never changes: its clauses and commitments refuse to be saved or deleted, and
the services refuse every edit. A newer version starts as a copy; clauses keep their `key` so two
versions can be compared clause by clause.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.parties.models import Level, Organisation

from . import sanitise, workflow

DEFAULT_THEMES = [
    "Governance",
    "Monitoring",
    "Projectmatig werken",
    "Kostenverdeling",
    "Ruimtelijke procedures",
    "Escalatiemechanisme",
]


class FrozenVersionError(RuntimeError):
    """Raised when code tries to change what belongs to an adopted (or replaced) version."""


class Agreement(BaseModel):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    scope = Scope(programme="programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreement-detail", kwargs={"pk": self.pk})


class Theme(BaseModel):
    """A theme of an agreement. Themes are added, never renamed or removed, so adopted versions
    keep the headings they were adopted with."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["agreement", "position"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "name"], name="unique_theme_name"),
            models.UniqueConstraint(fields=["agreement", "position"], name="unique_theme_position"),
        ]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    CONCEPT = workflow.CONCEPT, _("draft")
    DISCUSSION = workflow.DISCUSSION, _("for discussion")
    FOR_ADOPTION = workflow.FOR_ADOPTION, _("for adoption")
    ADOPTED = workflow.ADOPTED, _("adopted")
    REPLACED = workflow.REPLACED, _("replaced")


class AgreementVersion(BaseModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.CONCEPT
    )
    summary = models.TextField(_("what this version changes"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_by = models.CharField(_("adopted by"), max_length=120, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    decision_reference = models.CharField(_("decision reference"), max_length=120, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope = Scope(programme="agreement__programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["agreement", "-number"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("version-detail", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        return self.status in workflow.FROZEN

    @property
    def is_editable(self) -> bool:
        return self.status in workflow.EDITABLE

    @property
    def is_commentable(self) -> bool:
        return self.status in workflow.COMMENTABLE

    @property
    def is_endorsable(self) -> bool:
        return self.status in workflow.ENDORSABLE


class VersionStep(models.Model):
    """One move of a version through the cycle, as it happened (append-only)."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(
        _("from"), max_length=20, choices=VersionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=VersionStatus.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["on", "at", "id"]
        verbose_name = _("version step")
        verbose_name_plural = _("version steps")

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenVersionError("a version step cannot be changed")
        super().save(*args, **kwargs)


class _PartOfVersion(BaseModel):
    """Refuses to be saved or deleted once its version is adopted or replaced."""

    class Meta:
        abstract = True

    def _version_id(self):
        raise NotImplementedError

    def _guard(self) -> None:
        if AgreementVersion.objects.filter(
            pk=self._version_id(), status__in=workflow.FROZEN
        ).exists():
            raise FrozenVersionError("an adopted agreement version cannot be changed")

    def save(self, *args, **kwargs):
        self._guard()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._guard()
        return super().delete(*args, **kwargs)


class Clause(_PartOfVersion):
    # Not `version`: that is the optimistic-locking number every editable record carries.
    agreement_version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="clauses"
    )
    # The same clause across versions: a copy keeps it, so versions can be compared.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="clauses"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)

    scope = Scope(programme="agreement_version__agreement__programme")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["agreement_version", "number"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement_version", "number"], name="unique_clause_number"
            ),
            models.UniqueConstraint(fields=["agreement_version", "key"], name="unique_clause_key"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def _version_id(self):
        return self.agreement_version_id

    def get_absolute_url(self) -> str:
        return f"{self.agreement_version.get_absolute_url()}#clause-{self.number}"

    @cached_property
    def text_html(self) -> str:
        """The text, cleaned again on the way out: nothing unsafe renders, whoever stored it."""
        return mark_safe(sanitise.clean(self.text))  # noqa: S308 - cleaned by nh3 just now


class CommitmentKind(models.TextChoices):
    DECISION_TERM = "beslistermijn", _("decision term of procedures")
    REPORTING = "rapportage", _("reporting cadence")
    ESCALATION = "escalatie", _("escalation response time")
    ATTENDANCE = "aanwezigheid", _("attendance of a body")


class Commitment(_PartOfVersion):
    """A measurable promise in a clause: the share of cases that must be kept."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    target_percent = models.DecimalField(
        _("target (percentage of cases)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    body = models.CharField(
        _("body"), max_length=120, blank=True, help_text=_("For attendance: which body meets.")
    )
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["clause", "kind", "created_at"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ≥ {self.target_percent} %"

    def _version_id(self):
        return self.clause.agreement_version_id

    def summary(self) -> str:
        """A plain line for comparing versions: kind, target, body."""
        return f"{self.kind}:{self.target_percent}:{self.body}"


class Comment(models.Model):
    """A participant's remark on a clause, or a reply to one (append-only)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise FrozenVersionError("a comment cannot be changed")
        super().save(*args, **kwargs)


class Position(models.TextChoices):
    POSITIVE = "positief", _("positive")
    RESERVED = "positief_met_voorbehoud", _("positive with reservations")
    NEGATIVE = "niet_positief", _("not positive")


class Endorsement(_PartOfVersion):
    """An organisation's position on a version, at one level. Recording it again replaces it
    (the audit trail keeps the earlier position) until the version is adopted."""

    agreement_version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    comment = models.TextField(_("comment"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    given_by_name = models.CharField(_("given by"), max_length=200)
    given_on = models.DateField(_("date"))

    class Meta:
        ordering = ["agreement_version", "organisation__name", "level"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement_version", "organisation", "level"], name="unique_endorsement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_level_display()}): {self.get_position_display()}"

    def _version_id(self):
        return self.agreement_version_id
