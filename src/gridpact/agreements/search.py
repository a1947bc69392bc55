"""What the search finds among agreements (registered in `AgreementsConfig.ready()`)."""

from django.utils.translation import gettext_lazy as _

from gridpact.core.search import Kind

from .models import Agreement

KINDS = [
    Kind(
        "agreements",
        _("Collaboration agreements"),
        lambda u: Agreement.objects.visible_to(u).select_related("programme"),
        ("title", "description"),
        lambda a: a.programme.name,
        lambda a: a.get_absolute_url(),
        position=50,
    ),
]
