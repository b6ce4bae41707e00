"""Settings for Community Ledger, read from the environment.

One module for every environment. The defaults are a zero-configuration
development setup (DEBUG on, SQLite file under var/); production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'"
        )
    # Development only: never used with DEBUG off (see the check above).
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "transfer",
    "core",
    "accounts",
    "communities",
    "volunteers",
    "regional",
    "activities",
    "volunteering",
    "demo",
    "history",
    "reports",
    "workspace",
    "jobs",
    "django_tasks",
    "django_tasks_db",
    "notifications",
    "signin",
    # django-axes, named in Chinese in the admin.
    "accounts.lockout.LoginLockoutConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # History written by an admin page says 管理后台 (its source), not 表单.
    "history.middleware.AdminSourceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreForSignedInMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.notifications",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL names another database.
_default_sqlite = f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
try:
    DATABASES = {
        "default": dj_database_url.parse(
            os.environ.get("DATABASE_URL") or _default_sqlite,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # WAL lets the development server read while an import writes. SQLite has one writer at a time:
    # while an import job writes (in one transaction), other writes wait for it up to the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(init_command="PRAGMA journal_mode=WAL;", timeout=20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username/address pair before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is locked for LOGIN_LOCKOUT_MINUTES.
# Locking the pair, not the address, keeps an office behind one shared address
# working while someone guesses a colleague's password. A superuser unlocks early
# by deleting the attempt in the admin (the lockout pages list every district's
# users, so no role sees them), or `manage.py axes_reset_username`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 403
AXES_VERBOSE = False
# Behind BEHIND_PROXY=1, the lockout counts the client's address that the proxies
# (PROXY_COUNT of them, each appending to X-Forwarded-For) report, not the proxy's own.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
LEDGER_PROXY_COUNT = env_int("PROXY_COUNT", 1) if BEHIND_PROXY else 0
if BEHIND_PROXY and LEDGER_PROXY_COUNT < 1:
    raise ImproperlyConfigured("PROXY_COUNT must be 1 or more: the number of proxies in front of the app.")
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"

# Four eyes: nobody approves an activity they created or submitted (activities/four_eyes.py).
# A one-person office turns it off.
LEDGER_FOUR_EYES = env_bool("LEDGER_FOUR_EYES", True)

# Notifications by e-mail too (besides the header's list), through Django's mail settings (EMAIL_HOST, ...);
# NOTIFY_BASE_URL (e.g. https://ledger.example.org) puts a link to the record in each message.
NOTIFY_EMAIL = env_bool("NOTIFY_EMAIL", False)

# QR sign-in (signin/): how long an activity's code works, the most hours one scan-in/scan-out gives,
# and how many tries one address may make per window (counted in the default cache).
SIGNIN_LINK_HOURS = env_int("SIGNIN_LINK_HOURS", 12)
SIGNIN_MAX_HOURS = env_int("SIGNIN_MAX_HOURS", 8)
SIGNIN_RATE_LIMIT = env_int("SIGNIN_RATE_LIMIT", 10)
SIGNIN_RATE_WINDOW = env_int("SIGNIN_RATE_WINDOW", 600)
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploads between an import's preview and its confirm: private, deleted after the import or a day.
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("IMPORT_UPLOAD_ROOT") or str(BASE_DIR / "var" / "uploads"),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    # Files a job wrote for its owner (a large export): private like the uploads, deleted after a day.
    "job_files": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("JOB_FILE_ROOT") or str(BASE_DIR / "var" / "job-files"),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The job queue (django-tasks; README "Jobs"): long work — imports, large exports, rebuilds — runs
# in a worker (`manage.py db_worker`), never in a request. The database backend needs no new service:
# it queues in this database, SQLite or PostgreSQL. TASKS_BACKEND names another backend class
# (e.g. django-tasks-rq's on Redis); the tests run tasks at once (ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND") or "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A job's live progress and its cancel flag travel through this cache, not the database: an import
# holds its transaction open to the end (a preview is rolled back, and on SQLite nobody else may write
# meanwhile), so counters written to its tables would be invisible until then. A folder is shared by the
# web server and a worker on one machine; several machines point JOBS_CACHE_URL at Redis.
_jobs_cache = os.environ.get("JOBS_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "jobs": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _jobs_cache}
        if _jobs_cache.startswith(("redis://", "rediss://"))
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _jobs_cache or str(BASE_DIR / "var" / "jobs-progress"),
        }
    ),
}
# Files a job wrote (a large export) wait here for their owner, private, for JOB_FILE_MAX_AGE seconds.
JOB_FILE_MAX_AGE = env_int("JOB_FILE_MAX_AGE", 24 * 3600)
# An admin export of more rows than this runs as a job; smaller ones answer at once.
EXPORT_INLINE_MAX_ROWS = env_int("EXPORT_INLINE_MAX_ROWS", 5000)

# Imports of large sheets come through the admin; keep uploads bounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_UPLOAD_MAX_AGE = env_int("IMPORT_UPLOAD_MAX_AGE", 24 * 3600)
# Caps on what an uploaded file may hold (transfer/reading.py): refused with a message, before reading.
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_MB", 200) * 1024 * 1024
IMPORT_MAX_ZIP_MEMBERS = env_int("IMPORT_MAX_ZIP_MEMBERS", 1000)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32767)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 1000)
IMPORT_MAX_WEB_ROWS = env_int("IMPORT_MAX_WEB_ROWS", 100_000)

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age above is an idle timeout, not a fixed one
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from the
# site itself, no inline script or event handler (templates use core/static/core/site.js),
# no plugins, no framing, forms posting only here. Django's admin needs nothing more: its
# scripts are files, with their data in data- attributes. Images also from data: URIs
# (select2's and the admin's stylesheets draw small icons that way).
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
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # Behind a TLS-terminating load balancer that sets X-Forwarded-Proto.
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-axes logs every login at INFO; lockouts and failures stay visible.
        "axes": {"level": "WARNING"},
    },
}

# The activity changelist counts at most this many rows; beyond it the admin
# shows "more than N" rather than scanning a million-row table on every page.
ADMIN_COUNT_LIMIT = env_int("ADMIN_COUNT_LIMIT", 10000)
