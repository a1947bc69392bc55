from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from .models import StatutoryRule
from .services import FIELDS, check_period, save_rule_version


class StatutoryRuleForm(forms.ModelForm):
    source_url = forms.URLField(
        label=StatutoryRule._meta.get_field("source_url").verbose_name,
        max_length=400,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = StatutoryRule
        fields = FIELDS

    def clean(self):
        cleaned = super().clean()
        candidate = StatutoryRule(
            pk=self.instance.pk, **{f: cleaned.get(f) for f in FIELDS if f in cleaned}
        )
        try:
            check_period(candidate)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(StatutoryRule)
class StatutoryRuleAdmin(admin.ModelAdmin):
    """Law changes are data changes: each save goes through the audited service.

    Versions are never deleted: a rule that no longer applies gets an end date, so the deadlines
    and cost shares computed under it stay explainable.
    """

    form = StatutoryRuleForm
    list_display = ("code", "citation", "status", "valid_from", "valid_until", "to_confirm")
    list_filter = ("status", "to_confirm", "code")
    search_fields = ("code", "title", "citation")

    def save_model(self, request, obj, form, change):
        values = {f: form.cleaned_data[f] for f in FIELDS if f in form.cleaned_data}
        if change:
            saved = save_rule_version(
                actor=request.user, rule=obj, expected_version=obj.version, **values
            )
        else:
            saved = save_rule_version(actor=request.user, **values)
        obj.pk, obj.version = saved.pk, saved.version

    def has_delete_permission(self, request, obj=None):
        return False
