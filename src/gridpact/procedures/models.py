"""Spatial and permit procedures, their catalogue of types, and suspensions of the term."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.parties.models import Organisation


class TermUnit(models.TextChoices):
    DAYS = "dagen", _("days")
    WEEKS = "weken", _("weeks")
    MONTHS = "maanden", _("months")


class ProcedureType(BaseModel):
    """A kind of procedure and its statutory terms, maintained as data by an administrator."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, help_text=_("The article that sets the terms.")
    )
    description = models.TextField(_("description"), blank=True)
    decision_term_amount = models.PositiveSmallIntegerField(
        _("decision term"), null=True, blank=True
    )
    decision_term_unit = models.CharField(
        _("unit"), max_length=10, choices=TermUnit.choices, blank=True
    )
    max_extension_weeks = models.PositiveSmallIntegerField(
        _("maximum extension (weeks)"), null=True, blank=True
    )
    comment_period_weeks = models.PositiveSmallIntegerField(
        _("comment period (weeks)"),
        null=True,
        blank=True,
        help_text=_("How long the draft decision lies open for zienswijzen."),
    )
    appeal_term_weeks = models.PositiveSmallIntegerField(
        _("objection/appeal term (weeks)"), default=6
    )
    appeal_body = models.CharField(_("objection or appeal to"), max_length=120, blank=True)
    ruling_term_months = models.PositiveSmallIntegerField(
        _("ruling term of the court (months)"),
        null=True,
        blank=True,
        help_text=_(
            "Counted from the statement of defence (verweerschrift), as in the draft rule for "
            "grid projects of 21 kV and more."
        ),
    )
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    if_missed = models.TextField(_("if the decision term is missed"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("procedure type")
        verbose_name_plural = _("procedure types")

    def __str__(self) -> str:
        return self.name

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class ProcedureStatus(models.TextChoices):
    PREPARATION = "voorbereiding", _("in preparation")
    RECEIVED = "aangevraagd", _("application received")
    DRAFT = "ontwerp", _("draft decision open for comments")
    DECIDED = "besluit", _("decision taken")
    APPEAL = "beroep", _("objection or appeal pending")
    FINAL = "onherroepelijk", _("final (onherroepelijk)")
    WITHDRAWN = "ingetrokken", _("withdrawn")


class Procedure(BaseModel):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="procedures"
    )
    procedure_type = models.ForeignKey(
        ProcedureType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    competent_authority = models.ForeignKey(
        Organisation,
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        related_name="procedures_as_authority",
    )
    applicant = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="procedures_as_applicant",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.RECEIVED,
    )
    received_on = models.DateField(_("application received on"), null=True, blank=True)
    extension_announced_on = models.DateField(_("extension announced on"), null=True, blank=True)
    extension_weeks = models.PositiveSmallIntegerField(
        _("extension (weeks)"), null=True, blank=True
    )
    draft_published_on = models.DateField(_("draft decision open from"), null=True, blank=True)
    decided_on = models.DateField(_("decision taken on"), null=True, blank=True)
    published_on = models.DateField(_("decision made known on"), null=True, blank=True)
    laid_open_on = models.DateField(
        _("decision laid open for inspection on"),
        null=True,
        blank=True,
        help_text=_(
            "Uniform procedure (afdeling 3.4 Awb): the appeal term starts the day after this "
            "date (art. 6:8 lid 4 Awb), not after the announcement."
        ),
    )
    appeal_lodged_on = models.DateField(_("appeal lodged on"), null=True, blank=True)
    defence_submitted_on = models.DateField(
        _("statement of defence (verweerschrift) submitted on"),
        null=True,
        blank=True,
        help_text=_("The court's ruling term counts from this date where a rule says so."),
    )
    final_on = models.DateField(_("final (onherroepelijk) on"), null=True, blank=True)
    gates_milestone = models.ForeignKey(
        "projects.Milestone",
        verbose_name=_("gates milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="gating_procedures",
        help_text=_("A milestone that cannot happen before this procedure is final."),
    )

    scope = Scope(project="project")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "received_on"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("procedure-detail", kwargs={"pk": self.pk})


class Suspension(models.Model):
    """The applicant was asked to complete the application (art. 4:15 Awb)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="suspensions")
    requested_on = models.DateField(_("completion requested on"))
    completed_on = models.DateField(
        _("completed on"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the applicant has not yet completed the application."),
    )
    given_until = models.DateField(
        _("period given until"), help_text=_("The date by which the applicant must complete it.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["requested_on"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")

    def __str__(self) -> str:
        return f"{self.procedure}: {self.requested_on}"

    @property
    def ends_on(self):
        """The suspension lasts until completion, or until the period given expires unused."""
        return self.completed_on or self.given_until


class CalendarFeed(models.Model):
    """A person's secret iCalendar address. Only a hash of the token is stored."""

    user = models.ForeignKey(
        "parties.User", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
