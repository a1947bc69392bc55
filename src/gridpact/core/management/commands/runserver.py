"""The development server, plus the embedded mode's in-process ticker (every minute)."""

import logging
import os
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.runserver import Command as RunserverCommand

logger = logging.getLogger(__name__)


def _tick_forever(stop: threading.Event, interval: int) -> None:
    while not stop.wait(interval):
        try:
            call_command("gridpact_tick", verbosity=0)
        except Exception:  # the server must keep running; the next tick tries again
            logger.exception("gridpact_tick failed")


class Command(RunserverCommand):
    def inner_run(self, *args, **options):
        interval = getattr(settings, "GRIDPACT_INPROCESS_TICK_SECONDS", 0)
        # With the autoreloader, only the child process (RUN_MAIN) serves requests.
        if interval and (os.environ.get("RUN_MAIN") == "true" or not options.get("use_reloader")):
            threading.Thread(
                target=_tick_forever, args=(threading.Event(), interval), daemon=True
            ).start()
        return super().inner_run(*args, **options)
