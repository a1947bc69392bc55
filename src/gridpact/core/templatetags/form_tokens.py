"""`{% form_token %}`, built into every template (settings.TEMPLATES builtins)."""

from django import template
from django.utils.html import format_html

from gridpact.core.form_tokens import FIELD, new_token

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """The hidden one-time token of a create form (see gridpact.core.form_tokens)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
