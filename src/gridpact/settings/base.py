"""Settings shared by every mode. Each environment variable is documented in docs/configuration.md."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]
SRC_DIR = BASE_DIR / "src" / "gridpact"
VAR_DIR = Path(os.environ.get("GRIDPACT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: core's `runserver` (with the embedded ticker) must win over its own.
    "gridpact.core",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "gridpact.accounts",
    "gridpact.parties",
    "gridpact.programmes",
    "gridpact.projects",
    "gridpact.procedures",
    "gridpact.law",
    "gridpact.escalations",
    "gridpact.monitoring",
    "gridpact.api",
    "gridpact.costs",
    "gridpact.meetings",
    "gridpact.agreements",
    "gridpact.capacity",
    "gridpact.public",
    "gridpact.national",
    "gridpact.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gridpact.core.middleware.RequestIdMiddleware",
    "gridpact.core.middleware.ContentSecurityPolicyMiddleware",
    "gridpact.api.middleware.ApiVersionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gridpact.core.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gridpact.core.middleware.NoStoreForPersonalResponsesMiddleware",
    "gridpact.core.auth.SessionTimeoutMiddleware",
    "gridpact.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gridpact.urls"
WSGI_APPLICATION = "gridpact.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gridpact.core.context_processors.gridpact",
                "gridpact.accounts.context_processors.second_factor",
                "gridpact.accounts.context_processors.account_menu",
                "gridpact.programmes.context_processors.navigation",
                "gridpact.national.context_processors.navigation",
            ],
            # `{% form_token %}` in every create form without a `{% load %}` line.
            "builtins": ["gridpact.core.templatetags.form_tokens"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gridpact.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; embedded mode has a few concurrent users.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

# A read replica for dashboards and report exports (see docs/operations.md, "Scaling out").
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
DATABASE_ROUTERS = ["gridpact.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "parties.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my-work"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Does nothing until GRIDPACT_OIDC_ISSUER and GRIDPACT_OIDC_CLIENT_ID are set.
    "gridpact.accounts.oidc.ExternalIdentityBackend",
]

# Two-step verification (TOTP) for password logins. When on, staff, administrators and programme
# coordinators must set up an authenticator app; for everyone else it is optional. The embedded
# mode and the tests turn it off by default (dev.py, test.py) so the demo accounts log in at once.
GRIDPACT_MFA_REQUIRED = env_bool("GRIDPACT_MFA_REQUIRED", True)

# Login with an organisation's OpenID Connect provider; off while issuer or client id is empty.
# The endpoints come from the issuer's /.well-known/openid-configuration unless set one by one.
GRIDPACT_OIDC_ISSUER = os.environ.get("GRIDPACT_OIDC_ISSUER", "").rstrip("/")
GRIDPACT_OIDC_CLIENT_ID = os.environ.get("GRIDPACT_OIDC_CLIENT_ID", "")
GRIDPACT_OIDC_CLIENT_SECRET = os.environ.get("GRIDPACT_OIDC_CLIENT_SECRET", "")
GRIDPACT_OIDC_PROVIDER_NAME = os.environ.get("GRIDPACT_OIDC_PROVIDER_NAME", "")
GRIDPACT_OIDC_SCOPES = os.environ.get("GRIDPACT_OIDC_SCOPES", "openid email profile")
GRIDPACT_OIDC_SIGN_ALGO = os.environ.get("GRIDPACT_OIDC_SIGN_ALGO", "RS256")
GRIDPACT_OIDC_AUTHORIZATION_ENDPOINT = os.environ.get("GRIDPACT_OIDC_AUTHORIZATION_ENDPOINT", "")
GRIDPACT_OIDC_TOKEN_ENDPOINT = os.environ.get("GRIDPACT_OIDC_TOKEN_ENDPOINT", "")
GRIDPACT_OIDC_JWKS_ENDPOINT = os.environ.get("GRIDPACT_OIDC_JWKS_ENDPOINT", "")
# An unknown subject is refused, unless this is on: then it is linked to the one active person
# with the e-mail address the provider vouches for (email_verified). Accounts are never created.
GRIDPACT_OIDC_LINK_BY_EMAIL = env_bool("GRIDPACT_OIDC_LINK_BY_EMAIL", False)
# What mozilla-django-oidc reads itself.
OIDC_RP_SCOPES = GRIDPACT_OIDC_SCOPES
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
OIDC_TIMEOUT = int(os.environ.get("GRIDPACT_OIDC_TIMEOUT", "10"))

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]

SESSION_COOKIE_HTTPONLY = True
# A session ends after 30 minutes without requests, and after 10 hours in any case.
GRIDPACT_SESSION_IDLE_SECONDS = int(os.environ.get("GRIDPACT_SESSION_IDLE_SECONDS", "1800"))
SESSION_COOKIE_AGE = int(os.environ.get("GRIDPACT_SESSION_MAX_SECONDS", str(10 * 3600)))
# Five failed logins for one name or one address lock both for 15 minutes.
GRIDPACT_LOGIN_FAILURE_LIMIT = int(os.environ.get("GRIDPACT_LOGIN_FAILURE_LIMIT", "5"))
GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT = int(
    os.environ.get("GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT", "50")
)
GRIDPACT_LOGIN_LOCK_SECONDS = int(os.environ.get("GRIDPACT_LOGIN_LOCK_SECONDS", "900"))
# How many proxies of our own (the TLS proxy, a load balancer) stand before gunicorn: the client's
# address is that many entries from the right of X-Forwarded-For. 0: the header is ignored.
GRIDPACT_TRUSTED_PROXIES = int(os.environ.get("GRIDPACT_TRUSTED_PROXIES", "0"))
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "GridPact <noreply@gridpact.invalid>")
# Seconds before a mail server that does not answer is given up (Django's default waits forever).
# SMTP (with EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "60"))
# An e-mail attempt that has not finished after this many seconds is taken to have died (its worker
# was killed) and another attempt sends the notification. Must be well above EMAIL_TIMEOUT.
GRIDPACT_EMAIL_CLAIM_SECONDS = int(os.environ.get("GRIDPACT_EMAIL_CLAIM_SECONDS", "600"))

# Who publishes the open data of the public project pages (dct:publisher, decision 0032).
GRIDPACT_OPEN_DATA_PUBLISHER = os.environ.get("GRIDPACT_OPEN_DATA_PUBLISHER", "GridPact")

# The map background. PDOK's BRT-Achtergrondkaart in production; pages work without tiles.
GRIDPACT_MAP_TILE_URL = os.environ.get(
    "GRIDPACT_MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
GRIDPACT_MAP_ATTRIBUTION = os.environ.get(
    "GRIDPACT_MAP_ATTRIBUTION", "Kaartgegevens &copy; Kadaster (BRT-Achtergrondkaart)"
)
# Milestones due within this many days appear on "Mijn werk".
GRIDPACT_DUE_SOON_DAYS = int(os.environ.get("GRIDPACT_DUE_SOON_DAYS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gridpact.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("GRIDPACT_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO: one line per PDF page.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}
# Absolute address of this site, for links in e-mails and calendar files (`make run` passes the
# address it serves on).
GRIDPACT_BASE_URL = os.environ.get("GRIDPACT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The domain part of calendar event UIDs. It must stay the same whatever name the site is reached
# under and after a move, or subscribed calendars show every event twice.
GRIDPACT_ICAL_DOMAIN = (
    os.environ.get("GRIDPACT_ICAL_DOMAIN")
    or urlsplit(GRIDPACT_BASE_URL).hostname
    or "gridpact.invalid"
)
# ORGANIZER of every meeting invitation (e.g. a shared secretariat address); empty: the
# coordinator who sends it, or the address of DEFAULT_FROM_EMAIL when they have none.
GRIDPACT_MEETING_ORGANIZER_EMAIL = os.environ.get("GRIDPACT_MEETING_ORGANIZER_EMAIL", "")
# Working days before a statutory deadline at which the competent authority is alerted.
GRIDPACT_DEADLINE_ALERT_WORKING_DAYS = int(
    os.environ.get("GRIDPACT_DEADLINE_ALERT_WORKING_DAYS", "10")
)
# What `manage.py gridpact_tick` runs, in order: every app's periodic work is `<app>/tick.py`,
# `run(today) -> int` (how many things it did). Each is idempotent.
GRIDPACT_TICK_JOBS = [
    "gridpact.procedures.tick.run",
    "gridpact.escalations.tick.run",
    "gridpact.monitoring.tick.run",
    "gridpact.projects.tick.run",
    "gridpact.meetings.tick.run",
    "gridpact.core.tick.run",
    # After the others: the stored statuses read what they changed (decision 0034).
    "gridpact.monitoring.tick.run_status",
]

# Celery: Redis in production; without a broker the tasks run eagerly, in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "socket_connect_timeout": 2,
    # A task whose worker died is handed out again after this many seconds (acks_late).
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}
CELERY_BEAT_SCHEDULE = {"gridpact-tick": {"task": "gridpact.core.tasks.tick", "schedule": 60.0}}
# The capacity map (docs/configuration.md): fetched on a schedule only when a URL is set.
GRIDPACT_CAPACITY_MAP_URL = os.environ.get("GRIDPACT_CAPACITY_MAP_URL", "")
GRIDPACT_CAPACITY_MAP_FETCH_SECONDS = int(
    os.environ.get("GRIDPACT_CAPACITY_MAP_FETCH_SECONDS", str(24 * 3600))
)
GRIDPACT_CAPACITY_MAP_TIMEOUT = int(os.environ.get("GRIDPACT_CAPACITY_MAP_TIMEOUT", "60"))
if GRIDPACT_CAPACITY_MAP_URL:
    CELERY_BEAT_SCHEDULE["capacity-map-fetch"] = {
        "task": "gridpact.capacity.tasks.fetch_publication",
        "schedule": float(GRIDPACT_CAPACITY_MAP_FETCH_SECONDS),
    }
CELERY_TIMEZONE = "Europe/Amsterdam"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gridpact.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "gridpact.core.api.schema.GridPactAutoSchema",
    "EXCEPTION_HANDLER": "gridpact.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# The API's version (NL API Design Rules /core/version-header, /core/uri-version): every answer
# under /api/ carries it in `API-Version`; the major number is the one in the URI.
API_VERSION = "2.0.0"
API_MAJOR = API_VERSION.split(".")[0]
SPECTACULAR_SETTINGS = {
    "TITLE": "GridPact API",
    "DESCRIPTION": "Projects, milestones, procedures, impediments, progress reports, agreements, "
    "costs and meetings of priority grid programmes. "
    "Reads are scoped to the caller; writes go through the same rules as the pages.\n\n"
    "Every error is `application/problem+json` (RFC 9457) with `detail`; a 400 lists every "
    "invalid value in `errors`. A method a path does not offer answers 405 with `Allow` (the "
    "only answer not listed per operation, as it belongs to none). Unknown query parameters are "
    "refused (400). Changes are listed in docs/api/CHANGELOG.md.",
    "VERSION": API_VERSION,
    # Relative to where this description is served (`/api/v<major>/openapi.json`), so one file
    # describes every installation; TLS is the deployment's (HSTS, see docs/operations.md).
    "SERVERS": [{"url": f"/api/v{API_MAJOR}", "description": "This GridPact installation"}],
    "SCHEMA_PATH_PREFIX": f"/api/v{API_MAJOR}",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "CONTACT": {
        "name": os.environ.get("GRIDPACT_API_CONTACT_NAME", "GridPact application management"),
        "url": os.environ.get("GRIDPACT_API_CONTACT_URL", "https://gridpact.invalid/"),
        "email": os.environ.get("GRIDPACT_API_CONTACT_EMAIL", "api@gridpact.invalid"),
    },
    "TAGS": [
        {"name": "organisations", "description": "Organisations in the caller's programmes."},
        {"name": "programmes", "description": "Programmes the caller takes part in."},
        {"name": "projects", "description": "Grid projects visible to the caller."},
        {"name": "milestones", "description": "Project milestones; forecasts move here."},
        {
            "name": "milestone-dependencies",
            "description": "What a milestone waits for (type, lag), between visible milestones.",
        },
        {"name": "procedures", "description": "Permit procedures and their statutory deadlines."},
        {"name": "impediments", "description": "Impediments and their escalation ladder."},
        {"name": "reporting-periods", "description": "Quarterly reporting periods."},
        {"name": "progress-reports", "description": "Projects' progress reports per period."},
        {"name": "agreements", "description": "Agreements of a programme."},
        {"name": "agreement-versions", "description": "Versions of an agreement."},
        {"name": "clauses", "description": "Clauses of an agreement version."},
        {"name": "endorsements", "description": "Organisations' positions on a version."},
        {"name": "cost-items", "description": "Reported costs (estimates and actuals)."},
        {"name": "cost-allocations", "description": "Who pays what, under the adopted rules."},
        {"name": "meetings", "description": "Meetings of a programme's bodies."},
        {"name": "action-items", "description": "Action items from meetings."},
        {"name": "service-areas", "description": "Public capacity map: areas, latest figures."},
        {"name": "project-area-links", "description": "Service areas a project relieves."},
        {"name": "project-work-links", "description": "Public works that are a project."},
        {
            "name": "programme-promises",
            "description": "Public promise, waiting lists and MW-months per project.",
        },
        {
            "name": "national-rollup",
            "description": "Every programme of a national role, per province, operator and phase.",
        },
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "gridpact.meetings.models.ActionStatus",
        "CostItemKindEnum": "gridpact.costs.models.CostKind",
        "ProgressReportStatusEnum": "gridpact.monitoring.models.SelfStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "gridpact.core.api.schema.drop_database_bounds",
        "gridpact.core.api.schema.describe_protocol",
    ],
}
# CORS for the API only (NL API Design Rules /core/transport/cors): browsers on these origins
# may call it with a token. Cookies never cross origins (no credentials), and a preflight is
# answered before authentication. Default: no origin (only server-to-server calls).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("GRIDPACT_API_CORS_ORIGINS", "")
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-match"]
CORS_EXPOSE_HEADERS = ["API-Version", "ETag", "Content-Language", "Allow"]
