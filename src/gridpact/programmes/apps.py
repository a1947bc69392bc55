from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "gridpact.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        # Imported here, once the models are loaded; registered, not imported by core, so core
        # stays a leaf (decision 0024).
        from gridpact.core import access

        from .access import compute_access  # local: once the models are loaded

        access.register_source(compute_access)
