import re
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import DutchDateField, StyledForm, VersionField
from gridpact.law.catalogue import UNDERGROUNDING
from gridpact.parties.models import Organisation, OrganisationKind
from gridpact.projects.models import Phase

from . import allocation
from .formatting import number
from .models import CapUnit, CostKind, LineMethod, LineSplit, PayerRole, QuantityUnit

_THOUSANDS_ONLY = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_dutch_decimal(text: str) -> Decimal:
    """Read "1.234.567,89", "1234,5", "1234.5" or "€ 1.250.000" as a Decimal.

    A comma is the decimal separator; dots are thousands separators when a comma follows or when
    they group by three ("1.250.000"), else a decimal point ("12.5").
    """
    text = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    text = text.replace("−", "-")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.match(text.lstrip("-")):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation as error:
        raise ValueError(text) from error


class DutchDecimalField(forms.DecimalField):
    """A number typed the Dutch way (1.250.000,00); also accepts a decimal point."""

    def __init__(self, **kwargs):
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault(
            "invalid", _("This is not a number we can read. Write it like 1.250.000,00.")
        )
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_dutch_decimal(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return number(value)
        return value


class CostItemForm(StyledForm):
    reported_by = forms.ModelChoiceField(
        label=_("Reported by"),
        queryset=None,
        empty_label=None,
        help_text=_("Your organisation: each party enters its own figures."),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=None,
        error_messages={"required": _("Choose the category of the cost.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        error_messages={"required": _("Describe the cost.")},
    )
    amount = DutchDecimalField(
        label=_("Amount (euros)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text=_("In euros, e.g. 1.250.000,00."),
        error_messages={
            "required": _("Enter the amount in euros."),
            "min_value": _("An amount cannot be negative."),
            "max_decimal_places": _("Enter euros and cents: at most two decimals."),
        },
    )
    kind = forms.ChoiceField(label=_("Estimate or actual"), choices=CostKind.choices)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    quantity = DutchDecimalField(
        label=_("Quantity"),
        required=False,
        max_digits=12,
        decimal_places=3,
        min_value=0,
        help_text=_("Only where a rule needs it, e.g. kilometres of cable for a cap per km."),
        error_messages={"min_value": _("A quantity cannot be negative.")},
    )
    quantity_unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=[("", "–"), *QuantityUnit.choices]
    )
    requested_by = forms.ModelChoiceField(
        label=_("Requested by"),
        queryset=None,
        required=False,
        help_text=_(
            "The government that asked for this work, for rules that charge the requester "
            "(Besluit verplaatsen en verkabelen hoogspanningsverbindingen, art. 2)."
        ),
    )
    requested_on = DutchDateField(
        label=_("Requested on"),
        required=False,
        help_text=_(
            "The date of the request: a statutory cost share follows the rule in force that day."
        ),
    )
    located_in = forms.ModelChoiceField(
        label=_("Segment lies in"),
        queryset=None,
        required=False,
        help_text=_(
            "The municipality where this line segment lies, when the project lies in more than "
            "one; its size decides the lower percentage."
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, reporters=None, categories=None, requesters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reporters is None:
            del self.fields["reported_by"]
        else:
            self.fields["reported_by"].queryset = reporters
        self.fields["category"].queryset = categories
        self.fields["requested_by"].queryset = requesters
        self.fields["located_in"].queryset = (
            requesters.filter(kind=OrganisationKind.MUNICIPALITY)
            if requesters is not None
            else Organisation.objects.none()
        )


class CostItemEditForm(CostItemForm):
    version = VersionField()


class RuleForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=None,
        error_messages={"required": _("Choose the category this rule divides.")},
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the rule a name.")}
    )
    clause_reference = forms.CharField(
        label=_("Agreement clause"),
        required=False,
        max_length=200,
        help_text=_(
            "The agreement clause this rule carries out, e.g. “Samenwerkingsafspraken §4.2”."
        ),
    )
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    law_code = forms.ChoiceField(
        label=_("Statutory rule"),
        required=False,
        choices=[
            ("", _("none: the parties agree this rule")),
            (UNDERGROUNDING, _("Besluit verplaatsen en verkabelen hoogspanningsverbindingen")),
        ],
        help_text=_(
            "A rule the law prescribes shares each item by the version in force on the date of "
            "its request (see Wettelijke grondslagen); the lines below are then not used."
        ),
    )

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class RuleEditForm(RuleForm):
    version = VersionField()


def payer_choices(organisations) -> list:
    """A role in the project, or one named organisation, in one list."""
    return [
        ("", "–"),
        (_("Role in the project"), [(f"role:{v}", label) for v, label in PayerRole.choices]),
        (_("Organisation"), [(f"org:{o.pk}", o.name) for o in organisations]),
    ]


class PrefixedStyledForm(StyledForm):
    """Ties help texts and errors to the inputs by their real ids, which carry the form prefix."""

    def _describe(self) -> None:
        errors = self._errors or {}
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            ids = [f"{auto_id}-help"] if field.help_text else []
            if name in errors:
                ids.append(f"{auto_id}-error")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self):
        super().full_clean()
        self._describe()


class RuleLineForm(PrefixedStyledForm):
    method = forms.ChoiceField(
        label=_("How"),
        required=False,
        choices=[("", _("(unused line)")), *LineMethod.choices],
    )
    payer = forms.ChoiceField(label=_("Who pays"), required=False)
    value = DutchDecimalField(
        label=_("Percentage or amount"),
        required=False,
        max_digits=16,
        decimal_places=4,
        help_text=_("A percentage (e.g. 25) or, for a fixed amount, euros."),
    )
    split = forms.ChoiceField(
        label=_("When the role has several organisations"),
        choices=LineSplit.choices,
        initial=LineSplit.EQUAL,
    )
    cap = DutchDecimalField(label=_("Cap (euros)"), required=False, max_digits=14, decimal_places=2)
    cap_unit = forms.ChoiceField(
        label=_("Cap per"), required=False, choices=[("", "–"), *CapUnit.choices]
    )
    small_municipality_value = DutchDecimalField(
        label=_("Percentage for small municipalities"),
        required=False,
        max_digits=7,
        decimal_places=4,
    )
    small_municipality_max_inhabitants = forms.IntegerField(
        label=_("Small: at most this many inhabitants"), required=False, min_value=0
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].choices = payer_choices(organisations)

    def to_line(self) -> allocation.Line:
        data = self.cleaned_data
        kind, _sep, ref = (data.get("payer") or "").partition(":")
        return allocation.Line(
            method=allocation.Method(data["method"]),
            role=ref if kind == "role" else "",
            organisation=uuid.UUID(ref) if kind == "org" else None,
            value=data.get("value"),
            cap=data.get("cap"),
            cap_unit=data.get("cap_unit") or "",
            split=allocation.Split(data.get("split") or LineSplit.EQUAL),
            small_municipality_value=data.get("small_municipality_value"),
            small_municipality_max_inhabitants=data.get("small_municipality_max_inhabitants"),
        )


def line_initial(line: allocation.Line) -> dict:
    payer = f"role:{line.role}" if line.role else f"org:{line.organisation}"
    return {
        "method": line.method.value,
        "payer": payer,
        "value": line.value,
        "split": line.split.value,
        "cap": line.cap,
        "cap_unit": line.cap_unit,
        "small_municipality_value": line.small_municipality_value,
        "small_municipality_max_inhabitants": line.small_municipality_max_inhabitants,
    }


RuleLineFormSet = forms.formset_factory(RuleLineForm, extra=0, max_num=12, absolute_max=12)


def line_formset(data=None, *, organisations, lines=(), blank: int = 2):
    """The rule's lines plus `blank` empty ones (at least four rows in all)."""
    initial = [line_initial(line) for line in lines]
    rows = max(len(initial) + blank, 4)
    initial += [{}] * (rows - len(initial))
    return RuleLineFormSet(
        data,
        initial=None if data is not None else initial,
        prefix="line",
        form_kwargs={"organisations": organisations},
    )


class ScenarioForm(StyledForm):
    id_prefix = "scenario"  # on one page with the category form

    name = forms.CharField(
        label=_("Name of the scenario"),
        max_length=120,
        error_messages={"required": _("Give the scenario a name.")},
        help_text=_(
            "For example “Provincie draagt inpassing”. It starts as a copy of the adopted rules."
        ),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CategoryForm(StyledForm):
    id_prefix = "category"  # on one page with the scenario form

    name = forms.CharField(
        label=_("Name of the category"),
        max_length=120,
        error_messages={"required": _("Give the category a name.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
