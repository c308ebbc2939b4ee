"""Settings shared by every environment. Environment-specific modules import from here."""

from __future__ import annotations

from pathlib import Path

import fontpkg_sarabun
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env, replica_database, replica_pin_seconds

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

VAR_DIR = Path(env.str("NOKRABOB_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "huey.contrib.djhuey",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    # Our apps, in dependency order (the demo loader runs them in this order).
    "nokrabob.core",
    "nokrabob.accounts",
    "nokrabob.audit",
    "nokrabob.registry",
    "nokrabob.collection",
    "nokrabob.imports",
    "nokrabob.onemap",
    "nokrabob.performance",
    "nokrabob.projects",
    "nokrabob.reports",
    "nokrabob.privacy",
    "nokrabob.reminders",
    "nokrabob.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "nokrabob.core.middleware.NoStoreMiddleware",
    # The database away for a moment: a Thai 503 with Retry-After, never a stack trace (core/outage.py).
    "nokrabob.core.outage.DatabaseOutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nokrabob.core.db_routing.PrimaryPinMiddleware",
    "nokrabob.core.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nokrabob.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nokrabob.core.middleware.NulByteGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp), on every page in every environment so the browser suite runs
# under it: scripts and style sheets from this site only, no inline script or event handler anywhere
# (tests/test_csp_templates.py reads every template). Style *attributes* are allowed: progress bars and
# Gantt bars set their width that way, and a style attribute cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Form widgets render through the project's templates, so ``templates/django/forms/`` can say Django's
# blank choice ("---------") in Thai once for every select.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
                "nokrabob.core.context_processors.navigation",
                "nokrabob.accounts.context_processors.area",
            ],
            "builtins": ["nokrabob.core.templatetags.thai"],
        },
    },
]


def database_from_env(default_sqlite_path: Path) -> dict:
    """PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file in WAL mode."""
    if env.str("DATABASE_URL", default=""):
        db = env.db_url("DATABASE_URL")
        db.setdefault("CONN_MAX_AGE", 60)
        db.setdefault("CONN_HEALTH_CHECKS", True)
        test_name = env.str("TEST_DATABASE_NAME", default="")
        if test_name:
            db["TEST"] = {"NAME": test_name}
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(default_sqlite_path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
            ),
        },
    }


def with_replica(databases: dict[str, dict]) -> dict[str, dict]:
    """The primary plus, when DATABASE_REPLICA_URL is set, the read replica (nokrabob/core/db_routing.py)."""
    replica = replica_database(databases["default"])
    return databases | {"replica": replica} if replica else databases


DATABASES = with_replica({"default": database_from_env(VAR_DIR / "nokrabob.sqlite3")})
# Marked reads (lists, searches, dashboards, exports) go to the replica when there is one; a browser that
# wrote reads the primary for REPLICA_PIN_SECONDS after (docs/scale.md).
DATABASE_ROUTERS = ["nokrabob.core.db_routing.ReplicaRouter"]
REPLICA_PIN_SECONDS = replica_pin_seconds()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "nokrabob.accounts.backends.ModelBackend",  # the user with their unit and area in one query
]

# Where a request comes from (nokrabob.core.client.client_address): REMOTE_ADDR, or behind the reverse
# proxy the header it writes with the client's address, e.g. "X-Real-IP" (docs/deploy.md). Every rate
# limit, lockout and audit row reads the address through that one function.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")

# django-axes: five failed logins for one username from one address lock that pair for 30 minutes, so
# someone elsewhere cannot lock "admin" or "dpo" out (docs/security.md "Login").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "nokrabob.core.client.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The public QR form (nokrabob/collection/ratelimit.py): posts of one address to one form's token, and of one
# address over every form, per window; a flood blocks only its own address.
COLLECTION_RATE_LIMIT = env.int("COLLECTION_RATE_LIMIT", default=20)
COLLECTION_RATE_LIMIT_ADDRESS = env.int("COLLECTION_RATE_LIMIT_ADDRESS", default=100)
COLLECTION_RATE_WINDOW = 600  # seconds

# Two-factor login (nokrabob/accounts/twofactor.py): required for these roles and every superuser, open to
# everyone. The issuer is the name an authenticator app shows next to the code.
TWO_FACTOR_REQUIRED_ROLES = ["admin", "dpo"]
OTP_TOTP_ISSUER = "Nokrabob"
# Password spraying: one address whose failed logins name this many different usernames within the
# window is refused any login for the rest of it (nokrabob.accounts.lockout).
LOGIN_ADDRESS_USERNAME_LIMIT = env.int("LOGIN_ADDRESS_USERNAME_LIMIT", default=10)
LOGIN_ADDRESS_WINDOW = 30 * 60  # seconds
# ``manage.py flush`` may empty the audit trail past its append-only triggers only where this is on (tests).
AUDIT_FLUSH_EMPTIES_TRAIL = False

# Counts that include people outside the reader's scope are shown from this number up; below it they
# read "fewer than 5" (accounts.scope.shown_count, docs/security.md "Scope sweep").
COUNT_SUPPRESSION_LIMIT = env.int("COUNT_SUPPRESSION_LIMIT", default=5)
# A follow-up opened from a registration (someone who wants to join a scheme) is due this many days after
# the approval (registry.services_outreach.follow_up_open, ADR 0209).
FOLLOW_UP_DUE_DAYS = env.int("FOLLOW_UP_DUE_DAYS", default=14)
# Seed 000, stage 2: the share (per cent) of each target group's stated size (``Occupation.target_size``)
# that must be surveyed and entered before the stage counts as done.
DATABASE_ENTRY_SHARE = env.int("DATABASE_ENTRY_SHARE", default=50)

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ไทย")), ("en", _("อังกฤษ"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "nokrabob_language"
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# The Sarabun typeface is served straight from its pip package: nothing is copied or fetched.
STATICFILES_DIRS = [BASE_DIR / "static", ("fonts/sarabun", fontpkg_sarabun.ROOT / "files")]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Where the open-data files are published (manage.py publish_open_data, the nightly task, the button);
# the public statistics page reads and serves them from here.
OPEN_DATA_DIR = Path(env.str("NOKRABOB_OPEN_DATA_DIR", default=str(VAR_DIR / "open-data")))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = False

# The database away for a moment (nokrabob/core/outage.py): pages, the API and /health/ answer 503 with this
# Retry-After; background tasks that meet it retry TASK_DB_RETRIES times, TASK_DB_RETRY_DELAY seconds apart
# (nokrabob/core/tasks.py).
DATABASE_RETRY_AFTER_SECONDS = env.int("DATABASE_RETRY_AFTER_SECONDS", default=30)
TASK_DB_RETRIES = env.int("TASK_DB_RETRIES", default=5)
TASK_DB_RETRY_DELAY = env.int("TASK_DB_RETRY_DELAY", default=60)

# Backups (manage.py backup / restore / verify_backup, nokrabob/core/backup.py, docs/operations.md): the
# database dump, the uploaded files and their manifest go to this folder, or to STORAGES["dbbackup"] when a
# deployment names another Django storage; the last BACKUP_KEEP are kept by `backup --clean`.
BACKUP_DIR = Path(env.str("NOKRABOB_BACKUP_DIR", default=str(VAR_DIR / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
DBBACKUP_CONNECTOR_MAPPING = {"django.db.backends.sqlite3": "nokrabob.core.backup.OnlineSqliteConnector"}

# The task queue: SQLite storage on the embedded default, Redis in production.
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "nokrabob",
    "filename": str(VAR_DIR / "huey.sqlite3"),
    "immediate": False,
    "consumer": {"workers": 2, "worker_type": "thread"},
}

# ── E-mail (deadline reminders) ─────────────────────────────────────────────────────────────────────
# The embedded default writes each message to a file under var/mail (read them there); production sends
# through the SMTP server named in the environment (docs/deploy.md).
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="nokrabob@localhost")
# The address people open the system at, for the links in e-mails (e.g. https://nokrabob.bangkok.go.th).
SITE_URL = env.str("SITE_URL", default="")

# ── Upload limits (docs/deploy.md) ────────────────────────────────────────────────────────────────────
# What a worker list (imports) and an XLSForm (collection) may be. A file over a limit is refused with a
# message naming the limit; the proxy in front should refuse bodies over the largest of them too.
_MB = 1024 * 1024
IMPORTS_MAX_UPLOAD_BYTES = env.int("IMPORTS_MAX_UPLOAD_MB", default=300) * _MB
IMPORTS_MAX_COLUMNS = env.int("IMPORTS_MAX_COLUMNS", default=500)
# Excel's own limit for one cell: any list saved by Excel fits.
IMPORTS_MAX_CELL_CHARS = env.int("IMPORTS_MAX_CELL_CHARS", default=32_767)
IMPORTS_MAX_ROWS = env.int("IMPORTS_MAX_ROWS", default=2_000_000)
# An XLSX is a zip of XML: what it may expand to (all parts / the shared-strings table), and by how much
# one part may grow over its packed size (real workbooks: under 20×; a "zip bomb": hundreds or thousands).
# The shared strings are held in memory while a list is read (about 3× their XML size: 64 MB → ~190 MB);
# a bigger list is asked for as CSV, which is streamed.
IMPORTS_XLSX_MAX_UNCOMPRESSED_BYTES = env.int("IMPORTS_XLSX_MAX_UNCOMPRESSED_MB", default=2048) * _MB
IMPORTS_XLSX_MAX_SHARED_STRINGS_BYTES = env.int("IMPORTS_XLSX_MAX_SHARED_STRINGS_MB", default=64) * _MB
IMPORTS_XLSX_MAX_RATIO = env.int("IMPORTS_XLSX_MAX_RATIO", default=100)
COLLECTION_XLSFORM_MAX_BYTES = env.int("COLLECTION_XLSFORM_MAX_KB", default=2048) * 1024
COLLECTION_XLSFORM_MAX_UNCOMPRESSED_BYTES = (
    env.int("COLLECTION_XLSFORM_MAX_UNCOMPRESSED_MB", default=20) * _MB
)
# Rows read from each sheet of an XLSForm, empty ones included (a form has at most 200 questions and
# 2,000 choices).
COLLECTION_XLSFORM_MAX_ROWS = env.int("COLLECTION_XLSFORM_MAX_ROWS", default=5_000)

# ── One Map (indicator 1.3-1): the share of a community's households that makes it "entered" ──
ONEMAP_ENTERED_SHARE_PERCENT = env.int("ONEMAP_ENTERED_SHARE_PERCENT", default=100)

# ── Leftover uploads (nokrabob.imports.cleanup, hourly on the task queue, or `manage.py purge_uploads`) ──
# An uploaded list whose mapping was never finished is deleted after this many hours (the batch is
# cancelled); the file of a finished batch after this many days (the batch, its counts and its error report
# stay). A file no batch points to (a refused upload whose clean-up was interrupted) goes after an hour.
IMPORTS_ABANDONED_HOURS = env.int("IMPORTS_ABANDONED_HOURS", default=48)
IMPORTS_UPLOAD_RETENTION_DAYS = env.int("IMPORTS_UPLOAD_RETENTION_DAYS", default=7)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "nokrabob.api.schema.ApiAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "nokrabob.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "nokrabob.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "nokrabob.api.errors.api_exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# The agency API (nokrabob/api): requests per minute of a session or a user's token (a client has its
# own), and the largest JSON body (10,000 national IDs fit in a quarter of it).
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=600)
API_MAX_BODY_BYTES = 1_000_000
SPECTACULAR_SETTINGS = {
    "TITLE": "Nokrabob API",
    "DESCRIPTION": "ระบบฐานข้อมูลแรงงานนอกระบบ / Informal-worker database",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# One process on the embedded default; production shares Redis (rate limits, progress counters).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "nokrabob"}}
