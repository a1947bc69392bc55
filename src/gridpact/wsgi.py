"""WSGI entry point (gunicorn gridpact.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridpact.settings.production")
application = get_wsgi_application()
