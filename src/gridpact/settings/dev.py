"""Embedded mode: SQLite under var/, console e-mail. `make run` uses this."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

# Debug pages off: a person trying the demo meets the app's own 404 and 500 pages, not Django's
# (which list every URL pattern). DJANGO_DEBUG=true turns them on for development.
DEBUG = env_bool("DJANGO_DEBUG", False)
# Demo and test accounts log in with a password only; set GRIDPACT_MFA_REQUIRED=true to try it.
GRIDPACT_MFA_REQUIRED = env_bool("GRIDPACT_MFA_REQUIRED", False)


def _local_secret_key() -> str:
    """A secret key kept in var/ so sessions survive a restart of the embedded server."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()

# Serve static files through the finders; no collectstatic needed for the embedded server or tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The embedded server runs `gridpact_tick` itself this often (0 = never).
GRIDPACT_INPROCESS_TICK_SECONDS = int(os.environ.get("GRIDPACT_INPROCESS_TICK_SECONDS", "60"))
