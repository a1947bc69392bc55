from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gridpact.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        # Imported here, once the models are loaded; core's search knows no domain model, each
        # app registers what it finds (decision 0024).
        from gridpact.core import search

        from . import search as own_search  # local: once the models are loaded

        search.register(*own_search.KINDS)
