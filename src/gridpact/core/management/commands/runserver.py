"""The development server, plus the embedded mode's in-process ticker.

`django.contrib.staticfiles` ships a `runserver` of its own; this one extends it, and
`gridpact.core` is listed before `staticfiles` in INSTALLED_APPS so that Django picks this one
(the first app that defines a command wins).
"""

import logging
import os
import threading

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunserverCommand
from django.core.management import call_command

logger = logging.getLogger(__name__)


def _tick_forever(stop: threading.Event, interval: int) -> None:
    """Run the periodic jobs now, then every `interval` seconds until `stop` is set."""
    while True:
        try:
            call_command("gridpact_tick", verbosity=0)
        except Exception:  # the server must keep running; the next tick tries again
            logger.exception("gridpact_tick failed")
        if stop.wait(interval):
            return


class Command(RunserverCommand):
    help = "Serve GridPact for development and run gridpact_tick in-process (embedded mode)."

    def inner_run(self, *args, **options):
        interval = getattr(settings, "GRIDPACT_INPROCESS_TICK_SECONDS", 0)
        # With the autoreloader, only the child process (RUN_MAIN) serves requests.
        if interval and (os.environ.get("RUN_MAIN") == "true" or not options.get("use_reloader")):
            logger.info("In-process ticker runs gridpact_tick every %s seconds", interval)
            threading.Thread(
                target=_tick_forever, args=(threading.Event(), interval), daemon=True
            ).start()
        return super().inner_run(*args, **options)
