"""What the search finds among procedures (registered in `ProceduresConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from gridpact.core.search import Kind

from .models import Procedure

KINDS = [
    Kind(
        "procedures",
        _("Procedures"),
        lambda u: Procedure.objects.visible_to(u).select_related("project", "procedure_type"),
        ("title", "procedure_type__name", "project__name"),
        lambda p: f"{p.procedure_type.name} · {p.project.name}",
        lambda p: p.get_absolute_url(),
        position=30,
    ),
]
