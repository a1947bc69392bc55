"""What the search finds among impediments (registered in `EscalationsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from gridpact.core.search import Kind

from .models import Impediment

KINDS = [
    Kind(
        "impediments",
        _("Impediments"),
        lambda u: Impediment.objects.visible_to(u).select_related("project"),
        # By its project too: "Soest" finds the impediments of Soest–Baarn.
        ("title", "description", "project__name"),
        lambda i: i.project.name if i.project_id else "",
        lambda i: i.get_absolute_url(),
        position=40,
    ),
]
