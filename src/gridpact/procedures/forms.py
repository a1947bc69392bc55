from django import forms
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import DutchDateField, StyledForm, VersionField
from gridpact.parties.models import Organisation
from gridpact.projects.models import Milestone

from .models import ProcedureType

OPTIONAL_DATES = {
    "received_on": _("Application received on"),
    "extension_announced_on": _("Extension announced on"),
    "draft_published_on": _("Draft decision open from"),
    "decided_on": _("Decision taken on"),
    "published_on": _("Decision made known on"),
    "laid_open_on": _("Decision laid open for inspection on"),
    "appeal_lodged_on": _("Appeal lodged on"),
    "defence_submitted_on": _("Statement of defence (verweerschrift) submitted on"),
    "final_on": _("Final (onherroepelijk) on"),
}


class ProcedureForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    procedure_type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=ProcedureType.objects.all(),
        error_messages={"required": _("Choose the type of procedure.")},
    )
    competent_authority = forms.ModelChoiceField(
        label=_("Competent authority"), queryset=Organisation.objects.none()
    )
    applicant = forms.ModelChoiceField(label=_("Applicant"), queryset=Organisation.objects.none())
    extension_weeks = forms.IntegerField(
        label=_("Extension (weeks)"), required=False, min_value=1, max_value=52
    )
    gates_milestone = forms.ModelChoiceField(
        label=_("Gates milestone"),
        required=False,
        queryset=Milestone.objects.none(),
        help_text=_("A milestone that cannot happen before this procedure is final."),
    )

    def __init__(self, *args, authorities=None, parties=None, milestones=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in OPTIONAL_DATES.items():
            self.fields[name] = DutchDateField(label=label, required=False)
            self.fields[name].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
        self.fields["competent_authority"].queryset = authorities
        self.fields["applicant"].queryset = parties
        self.fields["gates_milestone"].queryset = milestones


class ProcedureEditForm(ProcedureForm):
    version = VersionField()


class SuspensionForm(StyledForm):
    id_prefix = "suspension"  # on one page with the procedure's own form

    requested_on = DutchDateField(
        label=_("Completion requested on"),
        error_messages={"required": _("Give the date the applicant was asked to complete it.")},
    )
    given_until = DutchDateField(
        label=_("Period given until"),
        error_messages={"required": _("Give the date by which the applicant must complete it.")},
    )
    completed_on = DutchDateField(
        label=_("Completed on"),
        required=False,
        help_text=_("Leave empty while the applicant has not yet completed the application."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    version = VersionField()


class CompleteSuspensionForm(StyledForm):
    completed_on = DutchDateField(
        label=_("Completed on"),
        error_messages={"required": _("Give the date the application was completed.")},
    )
    version = VersionField()
