"""Form pieces shared by every app."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"]


class DutchDateField(forms.DateField):
    """A date field that accepts the browser's date picker and typed Dutch dates (25-03-2025)."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        messages = kwargs.setdefault("error_messages", {})
        messages.setdefault(
            "invalid", _("This is not a date we can read. Use day-month-year, e.g. 25-03-2025.")
        )
        super().__init__(**kwargs)


class VersionField(forms.IntegerField):
    """The version the user loaded, for optimistic locking."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
}
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"
# A long text (description, explanation, clause) without a limit of its own: enough for pages of
# prose, not for a pasted document that would make every page and report that shows it unreadable.
LONG_TEXT_MAX = 20_000


BLANK_CHOICE = "---------"  # Django's empty label of a choice field


class StyledForm(forms.Form):
    """Gives widgets the NL Design System classes and ties help and errors to the input; text
    fields without a limit of their own get `LONG_TEXT_MAX`. A form shown beside another with
    the same field names sets `id_prefix`, so the page's ids stay unique."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            css = next(
                (c for kind, c in WIDGET_CLASSES.items() if isinstance(widget, kind)), TEXTBOX_CLASS
            )
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = LONG_TEXT_MAX
                field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
                widget.attrs["maxlength"] = str(LONG_TEXT_MAX)
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"
            # An open choice says what it means instead of Django's "---------".
            if isinstance(field, forms.ModelChoiceField) and field.empty_label == BLANK_CHOICE:
                field.empty_label = _("Choose…") if field.required else _("None")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                error_id = f"{self[name].auto_id}-error"
                ids = widget.attrs.get("aria-describedby", "").split()
                if error_id not in ids:
                    widget.attrs["aria-describedby"] = " ".join([*ids, error_id])
