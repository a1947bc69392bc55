from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gridpact.accounts"
    label = "accounts"
    verbose_name = _("Login")

    def ready(self):
        from . import signals  # noqa: F401 - sets the second-factor state at every login
