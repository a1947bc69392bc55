from django import forms
from django.utils.translation import gettext_lazy as _

from gridpact.core.forms import DutchDateField, StyledForm, VersionField

from . import workflow
from .models import CommitmentKind, Position, VersionStatus


class AgreementForm(StyledForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the agreement a title.")},
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ThemeForm(StyledForm):
    name = forms.CharField(
        label=_("New theme"), max_length=120, error_messages={"required": _("Name the theme.")}
    )


class VersionForm(StyledForm):
    summary = forms.CharField(
        label=_("What this version changes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ClauseForm(StyledForm):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None)
    number = forms.IntegerField(
        label=_("Number"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Leave empty to number it after the last clause."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the clause a title.")}
    )
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the text of the clause.")},
        help_text=_(
            "Plain text, with a blank line between paragraphs; or HTML with <p>, <ul>, <ol>, "
            "<li>, <strong>, <em> and links (<a href>) to http, https or mailto addresses."
        ),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


class ClauseEditForm(ClauseForm):
    version = VersionField()


class CommitmentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitmentKind.choices)
    target_percent = forms.DecimalField(
        label=_("Target (percentage of cases)"),
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=100,
        localize=True,
        help_text=_("E.g. 90 for “at least 90 percent of cases”."),
        error_messages={
            "required": _("Give the target as a percentage of cases, e.g. 90."),
            "min_value": _("The target must be a percentage from 0 to 100."),
            "max_value": _("The target must be a percentage from 0 to 100."),
            "invalid": _("The target must be a number, e.g. 90."),
        },
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=120,
        required=False,
        help_text=_("For attendance: which body meets, e.g. Bestuurlijk overleg."),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class PositionRadios(forms.RadioSelect):
    """Radio buttons whose field label (and error link) points at the first option."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, 0 if index is None else index)


class _OnBehalfOf:
    """An organisation choice built from a list the view already holds (no query per form),
    hidden when the person acts for one organisation only."""

    def _organisation_choices(self, organisations) -> None:
        self._organisations = {str(o.pk): o for o in organisations}
        field = self.fields["organisation"]
        field.choices = [(key, o.name) for key, o in self._organisations.items()]
        if len(organisations) == 1:
            field.initial = str(organisations[0].pk)
            field.widget = forms.HiddenInput()

    def clean_organisation(self):
        chosen = self.cleaned_data.get("organisation")
        if not chosen and len(self._organisations) == 1:
            return next(iter(self._organisations.values()))
        if not chosen:
            raise forms.ValidationError(_("Choose the organisation you act for."))
        return self._organisations[chosen]


class CommentForm(_OnBehalfOf, StyledForm):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("Write your comment.")},
    )
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)
    organisation = forms.ChoiceField(label=_("On behalf of"), choices=(), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation_choices(organisations)


class EndorsementForm(_OnBehalfOf, StyledForm):
    organisation = forms.ChoiceField(label=_("Organisation"), choices=(), required=False)
    position = forms.ChoiceField(
        label=_("Position"),
        choices=Position.choices,
        widget=PositionRadios,
        error_messages={"required": _("Choose a position.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Required with reservations or when not positive."),
    )
    known_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation_choices(organisations)
        self.fields["position"].widget.attrs.pop("class", None)


class MoveForm(StyledForm):
    to = forms.ChoiceField(label=_("New state"), choices=())
    on = DutchDateField(label=_("Date"), required=False, help_text=_("Empty: today."))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=500,
        help_text=_("E.g. “Besproken in de ambtelijke werksessie”."),
    )
    version = VersionField()

    def __init__(self, *args, status, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (s, VersionStatus(s).label) for s in workflow.next_states(status)
        ]


class AdoptForm(StyledForm):
    adopted_by = forms.CharField(
        label=_("Adopted by"),
        max_length=120,
        help_text=_("The body, e.g. Gedeputeerde Staten."),
        error_messages={
            "required": _("Name the body that adopted the version, e.g. Gedeputeerde Staten.")
        },
    )
    adopted_on = DutchDateField(
        label=_("Adopted on"), error_messages={"required": _("Give the date of the adoption.")}
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"), max_length=120, required=False
    )
    version = VersionField()
