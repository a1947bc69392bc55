from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import events


class CoreConfig(AppConfig):
    name = "gridpact.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Every app's events.py, found through the app registry: core imports no domain app.
        events.autodiscover()
