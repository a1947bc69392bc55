"""The audit events of API tokens, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event

EVENTS = [
    Event("api_token.created", gettext_lazy("API token “%(obj)s” created")),
    Event("api_token.revoked", gettext_lazy("API token “%(obj)s” revoked")),
]
