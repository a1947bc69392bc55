from django import forms
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import DutchDateField, StyledForm, VersionField

from .models import DependencyType, LagUnit, Milestone


class ForecastForm(StyledForm):
    forecast = DutchDateField(
        label=_("New forecast"),
        error_messages={"required": _("Enter the new forecast date.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Why the date moves; the other parties read this in the history."),
        # The service requires it (and says so); the browser asks for it too.
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
        max_length=2000,
    )
    version = VersionField()


class ActualForm(StyledForm):
    actual = DutchDateField(
        label=_("Reached on"),
        error_messages={"required": _("Enter the date the milestone was reached.")},
    )
    reason = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    version = VersionField()


class MilestoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Milestone) -> str:
        return f"{obj.project.name} – {obj.name}"


class DependencyForm(StyledForm):
    predecessor = MilestoneChoiceField(
        label=_("Depends on"),
        queryset=Milestone.objects.none(),
        help_text=_("This milestone cannot happen before the chosen one."),
        error_messages={
            "required": _("Choose the milestone this one depends on."),
            "invalid_choice": _("Choose a milestone from the list."),
        },
    )

    type = forms.ChoiceField(
        label=_("Type"),
        choices=DependencyType.choices,
        initial=DependencyType.FINISH_TO_START,
        required=False,
        help_text=_(
            "Finish-to-start: this may start only after the chosen one; without durations the "
            "three types say the same."
        ),
    )
    lag = forms.IntegerField(
        label=_("Lag"),
        min_value=0,
        max_value=3660,
        initial=0,
        required=False,
        help_text=_("Days that must pass after the chosen milestone (0: none)."),
        error_messages={
            "min_value": _("A lag cannot be negative."),
            "max_value": _("A lag of more than ten years looks mistyped."),
            "invalid": _("Enter a whole number of days."),
        },
    )
    lag_unit = forms.ChoiceField(
        label=_("Lag counted in"),
        choices=LagUnit.choices,
        initial=LagUnit.CALENDAR_DAYS,
        required=False,
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if candidates is not None:
            self.fields["predecessor"].queryset = candidates


class BaselineForm(StyledForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example “P-MIEK 2.0 (GS 25-03-2025)”."),
        error_messages={"required": _("Give the baseline a name.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    make_reference = forms.BooleanField(
        label=_("Compare against this baseline from now on"),
        required=False,
        help_text=_(
            "Leave unticked to keep comparing against the current reference (e.g. the baseline "
            "adopted by GS); every delay on every page is measured against the reference."
        ),
    )
