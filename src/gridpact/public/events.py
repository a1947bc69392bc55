"""The audit events of the public project pages."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, fields

EVENTS = [
    Event(
        "public.draft_saved",
        gettext_lazy("Public texts of “%(obj)s” changed: %(fields)s"),
        render=fields,
    ),
    Event("public.published", gettext_lazy("“%(obj)s” published on the public pages")),
    Event("public.withdrawn", gettext_lazy("“%(obj)s” withdrawn from the public pages")),
]
