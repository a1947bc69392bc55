from django import forms
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import StyledForm, VersionField
from gridpact.parties.models import Organisation, User
from gridpact.procedures.models import Procedure
from gridpact.programmes.models import Programme
from gridpact.projects.models import Milestone

from .models import Category, Severity


class ImpedimentForm(StyledForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the impediment a short title.")},
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial="middel")
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "The organisation that works on the solution and answers at each level of the ladder."
        ),
        error_messages={
            "required": _("Choose the owner: the organisation that works on the solution.")
        },
    )
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    procedure = forms.ModelChoiceField(
        label=_("Stuck procedure"),
        queryset=Procedure.objects.none(),
        required=False,
        help_text=_("If the impediment is a permit or spatial procedure that does not move."),
    )
    milestones = forms.ModelMultipleChoiceField(
        label=_("Threatened milestones"),
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, owners, programmes, milestones, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = procedures
        self.fields["owner"].queryset = owners
        self.fields["programme"].queryset = programmes
        self.fields["milestones"].queryset = milestones
        self.fields["milestones"].widget.attrs.pop("class", None)
        if len(programmes) == 1:
            self.fields["programme"].initial = programmes.first().pk
            self.fields["programme"].widget = forms.HiddenInput()


class StepForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason; the next level reads it.")},
    )
    version = VersionField()


class SendBackForm(StepForm):
    """Sending back: the reason is read one level down, not up."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Give the reason; the level below reads it."
        )


class ResolveForm(StyledForm):
    decision = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Record the decision that resolves the impediment.")},
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_("Who took the decision, e.g. “Bestuurlijk overleg”."),
        error_messages={"required": _("Record who took the decision.")},
    )
    version = VersionField()


class LevelForm(StyledForm):
    body = forms.CharField(label=_("Body"), max_length=200)
    response_days = forms.IntegerField(
        label=_("Response time (working days)"), required=False, min_value=1, max_value=250
    )
    responsible = forms.ModelMultipleChoiceField(
        label=_("Responsible people"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = VersionField()

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = people
        self.fields["responsible"].widget.attrs.pop("class", None)
