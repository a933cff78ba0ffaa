"""One settings module for every environment; each difference is an environment
variable.

The defaults make `make run` work on a fresh machine: SQLite, Celery tasks executed
in-process, mail printed to the console. See README.md, "Configuration".
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-only-for-debug-mode")
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
CSRF_FAILURE_VIEW = "events.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "core",
    "projects",
    "events",
    "workshops",
    "participants",
    "rest_framework",
    "drf_spectacular",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "api.middleware.ApiCorsMiddleware",
    "core.middleware.UndecodableBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "participants.middleware.NoStoreMiddleware",
    # Last, so its process_exception sees a view's database error first.
    "core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: 0 (a new connection per request) cost 8-10 % per request
# under load and 30-45 % of the uncached throughput (bench/README.md); the health
# check replaces a connection the database closed (a restart) before it is used.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
}
# A Redis cache that is down reads as an empty one (core/cache_backend.py):
# pages render uncached, rate limits fail open.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "core.cache_backend.FailSoftRedisCache"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "projects.backends.ProjectRoleBackend",
]
SITE_ID = 1
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# An optional second factor that each person switches on under /accounts/2fa/.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Smart Cities Südwestfalen"
# A URL name, so a page in English sends people to the English sign-in page.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# Organisers and door staff land on their events instead (projects/adapters.py).
ACCOUNT_ADAPTER = "projects.adapters.AccountAdapter"

# --- Staff sign-in (issue 5): email login and brute-force protection ---------
# People sign in with their email address only. allauth's own rate limit on
# failed logins keeps counts per address (IP) and per email in the cache: after
# 5 failures for one email within 15 minutes (or 20 from one address within 5)
# the form refuses even the right password until the window has passed.
# Production needs a shared cache (CACHE_URL=redis://…)
# and, behind a proxy, ALLAUTH_TRUSTED_PROXY_COUNT so the client address is real.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_RATE_LIMITS = {
    "login_failed": env(
        "ACCOUNT_LOGIN_FAILED_RATE_LIMIT", default="20/5m/ip,5/15m/key"
    ),
}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "config.client_ip.client_ip"
# --- end staff sign-in --------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# English pages write dates the British/European way ("12 January 2027, 10:00").
FORMAT_MODULE_PATH = ["config.formats"]

# The publisher named in the imprint and the privacy notice. Each production
# site sets these; until LEGAL_NAME is set, the invented defaults are shown with
# a notice that they are demo values.
LEGAL_IS_DEMO = not env("LEGAL_NAME", default="")
LEGAL = {
    "name": env("LEGAL_NAME", default="Musterverein Smart Cities Südwestfalen e. V."),
    "representative": env("LEGAL_REPRESENTATIVE", default="Max Mustermann"),
    "street": env("LEGAL_STREET", default="Musterstraße 1"),
    "postal_code": env("LEGAL_POSTAL_CODE", default="00000"),
    "city": env("LEGAL_CITY", default="Musterstadt"),
    "email": env("LEGAL_EMAIL", default="kontakt@example.org"),
    "phone": env("LEGAL_PHONE", default="+49 0000 000000"),
    "dpo_name": env("LEGAL_DPO_NAME", default="Erika Musterfrau"),
    "dpo_email": env("LEGAL_DPO_EMAIL", default="datenschutz@example.org"),
    "dpo_address": env(
        "LEGAL_DPO_ADDRESS", default="Musterstraße 1, 00000 Musterstadt"
    ),
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail: EMAIL_URL (smtp://user:pass@host:port) or EMAIL_HOST/EMAIL_PORT;
# printed to the console otherwise.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
elif env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Smart Cities Südwestfalen <konferenzen@example.org>"
)

# Celery: without a broker, tasks run in-process so `make run` needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks a killed worker had taken come back after this many seconds; retries wait
# at most EMAIL_RETRY_MAX, well below it, so no retry is handed out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Autodiscovery finds each app's tasks.py; the outbox's task lives in a package.
CELERY_IMPORTS = ["participants.outbox.tasks"]
CELERY_BEAT_SCHEDULE = {
    # Unconfirmed registrations past their hold free their seats for the waiting list.
    "participants-release-expired-holds": {
        "task": "participants.tasks.release_expired_holds",
        "schedule": 300.0,
    },
    # Emails (participants/outbox/): a scan for reminders and follow-ups that are
    # due, and a sweeper that re-queues outbox rows a lost task left unsent.
    "participants-queue-due-emails": {
        "task": "participants.tasks.queue_due_emails",
        "schedule": env.float("REMINDER_SCAN_INTERVAL", default=300.0),
    },
    "participants-sweep-outbox": {
        "task": "participants.tasks.sweep_outbox",
        "schedule": env.float("EMAIL_SWEEP_INTERVAL", default=120.0),
    },
    # Personal data of events past their retention period is anonymised nightly.
    "participants-anonymise-due-events": {
        "task": "participants.tasks.anonymise_due_events",
        "schedule": crontab(hour=3, minute=30),
    },
    # Needs (health data) are deleted NEEDS_RETENTION_DAYS after the event.
    "participants-delete-due-needs": {
        "task": "participants.tasks.delete_due_needs",
        "schedule": crontab(hour=3, minute=15),
    },
    # Preference slots whose registration has closed get an allocation preview
    # (never committed automatically: organisers review it in the admin).
    "workshops-preview-due-allocations": {
        "task": "workshops.tasks.preview_due_allocations",
        "schedule": env.float("ALLOCATION_SCAN_INTERVAL", default=900.0),
    },
}
# Outbox delivery: attempts per email, exponential backoff (seconds) between them
# for temporary SMTP faults, and how long a pending row may sit past its last
# scheduled retry before the sweeper queues it again.
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)
EMAIL_RETRY_BASE = env.float("EMAIL_RETRY_BASE", default=60.0)
EMAIL_RETRY_MAX = env.float("EMAIL_RETRY_MAX", default=1800.0)
EMAIL_SWEEP_AFTER = env.float("EMAIL_SWEEP_AFTER", default=600.0)
# The follow-up with documentation goes out if it is published within this time.
FOLLOW_UP_WITHIN_DAYS = env.int("FOLLOW_UP_WITHIN_DAYS", default=60)

# Public forms: submissions per client address (django-ratelimit's "count/period").
REGISTRATION_RATE_LIMIT = env("REGISTRATION_RATE_LIMIT", default="10/m")
RESEND_RATE_LIMIT = env("RESEND_RATE_LIMIT", default="5/m")
# Registration: how long an unconfirmed registration holds its place.
REGISTRATION_CONFIRM_HOURS = env.int("REGISTRATION_CONFIRM_HOURS", default=48)
# How long a registration waits for the event's row lock before it is asked to
# try again (PostgreSQL lock_timeout syntax).
REGISTRATION_LOCK_TIMEOUT = env.str("REGISTRATION_LOCK_TIMEOUT", default="10s")
# Days after an event's end until its personal data is anonymised (an event may
# set its own).
RETENTION_DAYS = env.int("RETENTION_DAYS", default=180)
# Days after an event's end until its needs (health data, Art. 9 GDPR) are
# deleted outright; much shorter than RETENTION_DAYS.
NEEDS_RETENTION_DAYS = env.int("NEEDS_RETENTION_DAYS", default=14)
# How many colleagues one person may register together with themselves.
GROUP_MAX = env.int("GROUP_MAX", default=10)
# Seconds a public page (event list, conference page) is served from the cache;
# saves and registrations invalidate it at once, this bounds the rest (0 = off).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=5)
# How long each process reuses the page version and pages it read from a shared
# cache (Redis) before asking again: a change from another process shows within it.
PUBLIC_PAGE_LOCAL_SECONDS = env.float("PUBLIC_PAGE_LOCAL_SECONDS", default=1.0)

# --- API and webhooks (issue 17, api/) ------------------------------------------
# Django REST Framework with drf-spectacular's OpenAPI 3 schema; tokens and
# throttles are the api app's own (api/authentication.py, api/throttling.py).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": None,
    # ?format= chooses an export's format, not a renderer.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Smart Cities Südwestfalen – Konferenzen API",
    "DESCRIPTION": "Öffentliche Veranstaltungsdaten und, mit einem API-Schlüssel, "
    "die Anmeldungen eines Projekts.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EventKindEnum": "events.models.Event.Kind",
        "EventStatusEnum": "events.models.Event.Status",
        "ProgrammeItemKindEnum": "events.models.ProgrammeItem.Kind",
        "MunicipalityKindEnum": "projects.models.Municipality.Kind",
        "ProjectKindEnum": "projects.models.Project.Kind",
        "RegistrationStatusEnum": "participants.models.Registration.Status",
    },
}
# Requests per client address without a token, and per token ("count/period").
API_RATE_LIMITS = {
    "anonymous": env("API_RATE_LIMIT", default="120/min"),
    "token": env("API_TOKEN_RATE_LIMIT", default="600/min"),
}
# Webhook delivery: a request's timeout, backoff between attempts (doubling from
# BASE up to MAX seconds), retries for RETRY_FOR seconds, and the sweeper's grace.
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)
WEBHOOK_RETRY_BASE = env.float("WEBHOOK_RETRY_BASE", default=60.0)
WEBHOOK_RETRY_MAX = env.float("WEBHOOK_RETRY_MAX", default=3600.0)
WEBHOOK_RETRY_FOR = env.float("WEBHOOK_RETRY_FOR", default=86400.0)
WEBHOOK_SWEEP_AFTER = env.float("WEBHOOK_SWEEP_AFTER", default=600.0)
CELERY_IMPORTS.append("api.webhooks.tasks")
CELERY_BEAT_SCHEDULE["api-sweep-webhooks"] = {
    "task": "api.tasks.sweep_webhooks",
    "schedule": env.float("WEBHOOK_SWEEP_INTERVAL", default=120.0),
}
# --- end API ------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tokens of personal links and email addresses never reach the log.
    "filters": {"personal_data": {"()": "participants.log_filters.MaskPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}
    },
    # "Not Found: <path>" and friends: masked before Django's own handlers see them.
    "loggers": {"django.request": {"filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Health probes come over plain HTTP from the machine itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline scripts or styles anywhere, so the policy can stay strict. JSON-LD and
# json_script blocks are data, not scripts, and are not affected.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
