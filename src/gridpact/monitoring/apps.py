from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "gridpact.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        # local: the app registry must be ready before models are imported
        from gridpact.core import audit
        from gridpact.monitoring import stored

        audit.on_record(stored.mark_stale_for_event)
