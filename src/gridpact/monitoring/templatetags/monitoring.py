"""Template filters for status words in the reader's language."""

from django import template
from django.utils.text import capfirst

from ..models import SelfStatus

register = template.Library()


@register.filter
def status_label(status) -> str:
    """“Groen”, “Oranje”, “Rood” (or “–” when nothing is known to judge by)."""
    labels = dict(SelfStatus.choices)
    return capfirst(labels[status]) if status in labels else "–"
