from django import forms
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import DutchDateField, StyledForm, VersionField

from .models import Cause, SelfStatus


class ReportForm(StyledForm):
    progress = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe what happened in this period.")},
    )
    next_steps = forms.CharField(
        label=_("What comes next"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    # No judgement is pre-selected: the reporter chooses one every time.
    status = forms.ChoiceField(
        label=_("Own assessment"),
        choices=[("", _("Choose green, amber or red")), *SelfStatus.choices],
        error_messages={"required": _("Give your own assessment: green, amber or red.")},
    )
    explanation = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required for amber or red. Also the reason for any forecast you move below."),
    )
    causes = forms.MultipleChoiceField(
        label=_("Causes of delay"),
        choices=Cause.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["causes"].widget.attrs.pop("class", None)
        self.milestones = list(milestones)
        for m in self.milestones:
            field = DutchDateField(label=m.name, required=False, initial=m.forecast_date)
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input gp-date"
            self.fields[f"forecast_{m.pk}"] = field

    def forecast_fields(self):
        return [(m, self[f"forecast_{m.pk}"]) for m in self.milestones]

    def forecasts(self) -> list[tuple]:
        return [(m, self.cleaned_data.get(f"forecast_{m.pk}")) for m in self.milestones]


class RulesForm(StyledForm):
    amber_max_slip_days = forms.IntegerField(
        label=_("Amber up to a slip of (days)"),
        help_text=_("A longer slip is red. Three months is about 91 days."),
    )
    amber_impediment_level = forms.IntegerField(label=_("Amber from impediment level"))
    red_on_overdue_milestone = forms.BooleanField(
        label=_("Red when a milestone is overdue without a new forecast"), required=False
    )
    red_on_missed_deadline = forms.BooleanField(
        label=_("Red when a statutory deadline is missed"), required=False
    )
    amber_on_schedule_conflict = forms.BooleanField(
        label=_("Amber when a milestone is planned before a milestone it waits for"),
        required=False,
    )
    public_promise_enabled = forms.BooleanField(
        label=_("Compare the forecast with the public date on the capacity map"), required=False
    )
    public_promise_amber_months = forms.IntegerField(
        label=_("Amber when outside the public date range by more than (months)"),
        error_messages={"required": _("Give the number of months before amber.")},
    )
    public_promise_red_months = forms.IntegerField(
        label=_("Red when outside the public date range by more than (months)"),
        error_messages={"required": _("Give the number of months before red.")},
    )
    public_promise_earlier = forms.BooleanField(
        label=_("Also when the forecast is earlier than the public date range"),
        required=False,
        help_text=_(
            "Earlier than public means the public is told a later date than planned; "
            "the province must explain either difference."
        ),
    )
    version = VersionField(required=False)


class CloseForm(StyledForm):
    version = VersionField()
