from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawConfig(AppConfig):
    name = "gridpact.law"
    verbose_name = _("Legal bases")
