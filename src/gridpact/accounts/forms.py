from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services


def _code_field(label):
    return forms.CharField(
        label=label,
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "utrecht-textbox utrecht-textbox--html-input gp-code",
                "size": 12,
            }
        ),
    )


class SecondFactorForm(forms.Form):
    """The code step after the password. Throttled like the password step."""

    code = _code_field(gettext_lazy("Code"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["code"].help_text = _(
            "The 6-digit code from your authenticator app, or one of your recovery codes."
        )

    def _key(self) -> str:
        return f"mfa-fail:user:{self.user.pk}"

    def clean_code(self):
        limit = settings.GRIDPACT_LOGIN_FAILURE_LIMIT
        if (cache.get(self._key()) or 0) >= limit:
            raise ValidationError(
                _("Too many failed attempts. Wait %(minutes)s minutes and try again.")
                % {"minutes": settings.GRIDPACT_LOGIN_LOCK_SECONDS // 60},
                code="throttled",
            )
        code = self.cleaned_data["code"]
        if not services.pass_second_factor(actor=self.user, code=code):
            cache.add(self._key(), 0, settings.GRIDPACT_LOGIN_LOCK_SECONDS)
            cache.incr(self._key())
            raise ValidationError(
                _("That code is not valid (or was used already). Wait for the next code."),
                code="invalid",
            )
        cache.delete(self._key())
        return code


class SetupForm(forms.Form):
    code = _code_field(gettext_lazy("Code from your app"))
