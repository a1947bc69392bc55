"""What the search finds among meetings (registered in `MeetingsConfig.ready()`)."""

from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from gridpact.core.search import Kind
from gridpact.core.templatetags.gridpact import nl_date

from .models import Meeting

KINDS = [
    Kind(
        "meetings",
        _("Meetings"),
        lambda u: Meeting.objects.visible_to(u).select_related("body"),
        ("title", "location", "body__name"),
        lambda m: f"{m.body.name} · {nl_date(localtime(m.starts_at).date())}",
        lambda m: m.get_absolute_url(),
        position=60,
    ),
]
