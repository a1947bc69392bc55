"""Cost items per project, and the programme's allocation rules (adopted and scenarios)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridpact.core.models import BaseModel
from gridpact.core.scoping import Scope, ScopedQuerySet
from gridpact.parties.models import Organisation
from gridpact.projects.models import Phase

from . import allocation


class CostCategoryQuerySet(models.QuerySet):
    def for_programme(self, programme):
        """The built-in categories plus the ones this programme added."""
        return self.filter(models.Q(programme__isnull=True) | models.Q(programme=programme))


class CostCategory(BaseModel):
    """A kind of cost (netinvestering, grondverwerving, ...). Built-in ones have no programme;
    a coordinator can add categories for their own programme."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cost_categories",
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    sequence = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = CostCategoryQuerySet.as_manager()

    class Meta:
        ordering = ["sequence", "name"]
        verbose_name = _("cost category")
        verbose_name_plural = _("cost categories")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(programme__isnull=True),
                name="unique_builtin_cost_category",
            ),
            models.UniqueConstraint(
                fields=["programme", "code"], name="unique_programme_cost_category"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CostKind(models.TextChoices):
    ESTIMATE = "raming", _("estimate")
    ACTUAL = "werkelijk", _("actual")


class QuantityUnit(models.TextChoices):
    KM = "km", _("kilometres")
    HA = "ha", _("hectares")
    PIECES = "stuks", _("pieces")


class CostItem(BaseModel):
    """A cost of a project as the organisation that reported it knows it."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="cost_items",
    )
    category = models.ForeignKey(
        CostCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    description = models.CharField(_("description"), max_length=300)
    amount = models.DecimalField(_("amount (euros)"), max_digits=14, decimal_places=2)
    kind = models.CharField(
        _("estimate or actual"), max_length=20, choices=CostKind.choices, default=CostKind.ESTIMATE
    )
    phase = models.CharField(_("phase"), max_length=30, choices=Phase.choices)
    reported_by = models.ForeignKey(
        Organisation,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="reported_cost_items",
    )
    requested_by = models.ForeignKey(
        Organisation,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requested_cost_items",
        help_text=_(
            "The government that asked for this work, for rules that charge the requester "
            "(Besluit verplaatsen en verkabelen hoogspanningsverbindingen, art. 2)."
        ),
    )
    requested_on = models.DateField(
        _("requested on"),
        null=True,
        blank=True,
        help_text=_(
            "The date of the request: a statutory cost share follows the rule in force that day."
        ),
    )
    located_in = models.ForeignKey(
        Organisation,
        verbose_name=_("segment lies in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_cost_items",
        help_text=_(
            "The municipality where this line segment lies, when the project lies in more than "
            "one; its size decides the lower percentage."
        ),
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    quantity_unit = models.CharField(
        _("unit"), max_length=10, choices=QuantityUnit.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demonstration figure: not a real cost."),
    )

    # Of a project the user may see, in a built-in category or one of the user's programmes' own
    # (a category a programme added is that programme's business).
    scope = Scope(project="project", programme="category__programme", programme_optional=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "category__sequence", "description"]
        verbose_name = _("cost item")
        verbose_name_plural = _("cost items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="cost_item_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
                name="cost_item_quantity_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("cost-item-update", kwargs={"pk": self.pk})


class RuleSetStatus(models.TextChoices):
    ADOPTED = "vastgesteld", _("adopted")
    SCENARIO = "scenario", _("scenario")
    SUPERSEDED = "vervangen", _("superseded")


class RuleSet(BaseModel):
    """The programme's allocation rules: the adopted set, or a scenario to compare with it."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="cost_rule_sets",
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RuleSetStatus.choices, default=RuleSetStatus.SCENARIO
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["status", "name"]
        verbose_name = _("set of allocation rules")
        verbose_name_plural = _("sets of allocation rules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status="vastgesteld"),
                name="one_adopted_rule_set_per_programme",
            ),
            models.UniqueConstraint(fields=["programme", "name"], name="unique_rule_set_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_adopted(self) -> bool:
        return self.status == RuleSetStatus.ADOPTED


class AllocationRule(BaseModel):
    """How one category's costs are shared, as lines; may cite an agreement clause."""

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("rule set"), on_delete=models.CASCADE, related_name="rules"
    )
    category = models.ForeignKey(
        CostCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="rules"
    )
    name = models.CharField(_("name"), max_length=200)
    clause_reference = models.CharField(
        _("agreement clause"),
        max_length=200,
        blank=True,
        help_text=_(
            "The agreement clause this rule carries out, e.g. “Samenwerkingsafspraken §4.2”."
        ),
    )
    note = models.TextField(_("explanation"), blank=True)
    law_code = models.SlugField(
        _("statutory rule"),
        max_length=60,
        blank=True,
        help_text=_(
            "Set for a rule the law prescribes: each item is then shared by the version of that "
            "rule in force on the date of its request (see Wettelijke grondslagen)."
        ),
    )

    class Meta:
        ordering = ["category__sequence", "name"]
        verbose_name = _("allocation rule")
        verbose_name_plural = _("allocation rules")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "category"], name="one_rule_per_category_per_set"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PayerRole(models.TextChoices):
    LEAD_OPERATOR = allocation.Role.LEAD_OPERATOR.value, _("lead grid operator")
    MUNICIPALITY = allocation.Role.MUNICIPALITY.value, _("municipality where it lies")
    PROVINCE = allocation.Role.PROVINCE.value, _("province")
    COMPETENT_AUTHORITY = allocation.Role.COMPETENT_AUTHORITY.value, _("competent authority")
    REQUESTER = allocation.Role.REQUESTER.value, _("requesting government")


class LineMethod(models.TextChoices):
    PERCENTAGE = allocation.Method.PERCENTAGE.value, _("percentage")
    FIXED = allocation.Method.FIXED.value, _("fixed amount")
    REMAINDER = allocation.Method.REMAINDER.value, _("the rest")
    CAP_OVERFLOW = allocation.Method.CAP_OVERFLOW.value, _("what a cap leaves over")


class LineSplit(models.TextChoices):
    EQUAL = allocation.Split.EQUAL.value, _("in equal parts")
    INHABITANTS = allocation.Split.INHABITANTS.value, _("by inhabitants")


class CapUnit(models.TextChoices):
    PER_ITEM = allocation.PER_ITEM, _("per cost item")
    KM = QuantityUnit.KM.value, _("per kilometre")
    HA = QuantityUnit.HA.value, _("per hectare")
    PIECES = QuantityUnit.PIECES.value, _("per piece")


class RuleLine(models.Model):
    """One line of a rule; a rule's lines are replaced together when the rule is saved."""

    rule = models.ForeignKey(AllocationRule, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("order"))
    method = models.CharField(_("how"), max_length=20, choices=LineMethod.choices)
    payer_role = models.CharField(
        _("payer (role)"), max_length=20, choices=PayerRole.choices, blank=True
    )
    payer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("payer (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(
        _("percentage or amount"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    split = models.CharField(
        _("split between several"),
        max_length=20,
        choices=LineSplit.choices,
        default=LineSplit.EQUAL,
    )
    cap = models.DecimalField(_("cap"), max_digits=14, decimal_places=2, null=True, blank=True)
    cap_unit = models.CharField(_("cap per"), max_length=10, choices=CapUnit.choices, blank=True)
    small_municipality_value = models.DecimalField(
        _("percentage for small municipalities"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
    )
    small_municipality_max_inhabitants = models.PositiveIntegerField(
        _("small: at most this many inhabitants"), null=True, blank=True
    )

    class Meta:
        ordering = ["rule", "position"]
        verbose_name = _("rule line")
        verbose_name_plural = _("rule lines")
        constraints = [
            models.UniqueConstraint(fields=["rule", "position"], name="unique_rule_line_position")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.position}"

    def as_line(self) -> allocation.Line:
        """The line as the pure arithmetic sees it."""
        return allocation.Line(
            method=allocation.Method(self.method),
            role=self.payer_role,
            organisation=self.payer_organisation_id,
            value=_normal(self.value),
            cap=self.cap,
            cap_unit=self.cap_unit,
            split=allocation.Split(self.split),
            small_municipality_value=_normal(self.small_municipality_value),
            small_municipality_max_inhabitants=self.small_municipality_max_inhabitants,
        )


def _normal(value):
    """20.0000 from the database reads back as 20, so messages show what the person typed."""
    return None if value is None else value.normalize() + 0
