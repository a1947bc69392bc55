"""Settings for the test suite: DATABASE_URL picks SQLite (default) or PostgreSQL."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
# Tests that check two-step verification turn it on themselves.
GRIDPACT_MFA_REQUIRED = False
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files through the finders; no collectstatic needed for the embedded server or tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# No map tiles in tests: nothing may leave this machine, and pages must work without tiles.
GRIDPACT_MAP_TILE_URL = ""

# One test database per checkout, so two checkouts on one machine (a CI clone beside a working
# copy) never drop each other's test database.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    import hashlib

    _checkout = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_gridpact_{_checkout}"}  # noqa: F405
