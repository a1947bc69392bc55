from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import override


class Command(BaseCommand):
    help = "Run the periodic jobs (deadline alerts, escalation timers, reminders). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Pretend it is this date.")

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        with override(settings.LANGUAGE_CODE):
            for path in settings.GRIDPACT_TICK_JOBS:
                sent = import_string(path)(today)
                self.stdout.write(f"{path}: {sent}")
