"""One settings module. Defaults let a fresh clone run; production sets the environment.

Production needs at least: DEBUG=false, HTTPS=true, SECRET_KEY (or SECRET_KEY_FILE),
ALLOWED_HOSTS and DATABASE_URL. `make check-deploy` shows such a set passing
`manage.py check --deploy`.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Accept only true/false so a typo fails loudly instead of meaning False."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    # Exactly what the README says: true or false, in any case; "1" or "yes" is a mistake.
    if value.lower() == "true":
        return True
    if value.lower() == "false":
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str) -> str:
    """A secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


# The default key is for a developer's machine only; check --deploy rejects it.
SECRET_KEY = env_secret("SECRET_KEY", "django-insecure-development-only-never-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "IMR Program Manager")
# The address people open the site at: links in e-mails sent with no request to read it from.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "imr_site",
    "consumers",
    "curriculum",
    "sessions_log",
    "fidelity",
]

MIDDLEWARE = [
    "imr_site.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language, until a staff member chooses theirs (UserLanguageMiddleware).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a long form sent after the sign-in ended is kept, not refused.
    "imr_site.pending_forms.PendingFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "imr_site.middleware.UserLanguageMiddleware",
    "imr_site.middleware.TwoStepMiddleware",
    # Before hand-over's: it tells of typing it kept from another tab.
    "django.contrib.messages.middleware.MessageMiddleware",
    # While a person answers on a staff member's screen, only the hand-over's pages open.
    "imr_site.middleware.HandOverMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "imr_site.middleware.AgencyTimezoneMiddleware",
    "imr_site.middleware.NoStoreForSignedInMiddleware",
    # Axes must come last: it turns a lockout raised during sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "imr_site.urls"
WSGI_APPLICATION = "imr_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "imr_site.context_processors.site",
            ],
        },
    },
]

# SQLite is the embedded default for `make run`; DATABASE_URL names PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spends seconds compiling the dashboards' aggregate
    # queries, which then run in a fraction of that (measured in bench/pages.py).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s demo is used by several people at once. WAL: reading never waits
    # for a write. IMMEDIATE: a transaction takes the write lock as it begins, so one
    # that reads then writes waits its turn (up to `timeout` seconds) instead of
    # failing at once with "database is locked", as SQLite must when two transactions
    # that began by reading both want to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20, init_command="PRAGMA journal_mode=WAL"
    )
    # The covering indexes' extra columns serve PostgreSQL's plans; SQLite keeps the
    # index without them, as it should: no need to say so at every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache for every app server, so none keeps state of its own: a table in the
# database by default (made by a migration), or Redis when CACHE_URL names it.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    # Parts of pages kept by their content (imr_site/fragments.py): each process's own
    # memory, never shared, since a part may be about a person.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "imr_cache",
            # Past 300 entries (the default) it would drop a third of them on every write.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    ),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle time-out: the cookie's age is renewed on every request, so it runs out
# only after SESSION_IDLE_MINUTES without one.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
# Hand-over (imr_site/hand_over.py): the person's screen locks after this many idle
# minutes, and this many wrong staff passwords in a row end the whole sign-in.
HAND_OVER_IDLE_MINUTES = env_int("HAND_OVER_IDLE_MINUTES", 3)
HAND_OVER_PASSWORD_TRIES = env_int("HAND_OVER_PASSWORD_TRIES", 5)
# Leaders, coordinators, reviewers and site admins must add a code from an authenticator
# app after their password (imr_site/two_step.py); anyone else may choose to.
TWO_STEP_REQUIRED = env_bool("TWO_STEP_REQUIRED", True)
# Each answer carries its query count and database time (Server-Timing): for the
# benchmark. Off in production, where it would tell a little about what a page reads.
SERVER_TIMING = env_bool("SERVER_TIMING", False)
OTP_TOTP_ISSUER = SITE_NAME

# A progress note still unsigned this many days after its session shows as overdue.
NOTE_OVERDUE_DAYS = env_int("NOTE_OVERDUE_DAYS", 3)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Database sessions that answer a database outage with the 503 page, not a bare 400.
SESSION_ENGINE = "imr_site.session_store"
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lock an account after repeated failures, and lock one device (address and
# browser together) that tries many accounts. Not the address alone: a whole
# clinic often shares one. Both open again by themselves after the cool-off.
AXES_FAILURE_LIMIT = env_int("LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "user_agent"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 403
# Our own audit trail records every sign-in; axes keeps only what lockout needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
# A refused post from a page open since before the user signed in again keeps its typing.
CSRF_FAILURE_VIEW = "imr_site.pending_forms.csrf_failure"

# Everything the pages load comes from this server; inline scripts need the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# English is the default; a staff member may work in Spanish (their account page), and
# what a person reads follows their own language (curriculum/printing.py language_of).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "imr_site" / "locale"]
# Agencies keep their own zone (Agency.time_zone); this is the site's default.
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names after collectstatic, so WhiteNoise can let browsers keep them a year.
    "staticfiles": {"BACKEND": "imr_site.static_storage.HashedStaticFiles"},
}
# Files a browser asks for at the site's root (favicon.ico), served as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

# Uploaded and generated files (print jobs' output). Several app servers share one
# MEDIA_ROOT (a shared volume), so any of them can hand over a finished job.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"  # never served as such: downloads go through views that check access
# Rendered handout PDFs, by content and options. A cache: safe to delete, per server.
PDF_CACHE_DIR = Path(os.environ.get("PDF_CACHE_DIR", BASE_DIR / "var" / "pdf-cache"))

# The task queue for large print jobs. With no broker (the embedded default of
# `make run`), jobs run inline in the request that starts them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_IGNORE_RESULT = True  # a job's state lives in its PrintJob row
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job is acknowledged when it is done, so a worker killed mid-job gives it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# The scheduled tasks, sent by `celery -A imr_site beat` (README, "Notices and the digest").
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "due-notices": {
        "task": "imr_site.tasks.create_due_notices",
        "schedule": crontab(hour=5, minute=30),
    },
    "review-due-notices": {
        "task": "fidelity.tasks.create_review_due_notices",
        "schedule": crontab(hour=5, minute=40),
    },
    # After the due notices, so the digest counts today's.
    "notice-digests": {
        "task": "imr_site.tasks.send_digests",
        "schedule": crontab(hour=6, minute=30),
    },
    "forget-old-pdfs": {
        "task": "curriculum.tasks.forget_old_pdfs",
        "schedule": crontab(hour=3, minute=15),
    },
    # Twice in each kept figure's 10 minutes (fidelity/warm_up.py RUN_EVERY_SECONDS), so a
    # late or lost run leaves nothing to expire. A run still queued when the next is sent
    # is dropped: the next does the same work, so a stopped worker finds no backlog.
    "warm-up-figures": {
        "task": "fidelity.tasks.warm_up_figures",
        "schedule": 5 * 60,
        "options": {"expires": 5 * 60},
    },
}
# A print job with no progress for this long is marked failed on its page (never stuck).
PRINT_JOB_STALE_MINUTES = env_int("PRINT_JOB_STALE_MINUTES", 10)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "imr@localhost")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 2) * 3600

# Logs carry no request bodies or query strings: no clinical text, no names.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"one_line": {"()": "imr_site.log_filters.OneLineWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger would print the full URL of failing requests.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
        # A request for a host we do not serve (scanners send thousands): one line each.
        "django.security.DisallowedHost": {"filters": ["one_line"]},
        # WeasyPrint reports every layout step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Shown to staff on the home page when a signed-in user has no role yet.
SUPPORT_CONTACT = os.environ.get("SUPPORT_CONTACT", "your IMR coordinator")
