"""Production: everything from the environment, nothing guessed. See docs/deploy.md."""

from __future__ import annotations

from config.env import env, required
from config.settings.base import *  # noqa: F403
from config.settings.base import HUEY, MIDDLEWARE, with_replica

if env.bool("DEBUG", default=False):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ห้ามเปิด DEBUG ในระบบจริง / DEBUG must not be on in production: unset DEBUG.")
DEBUG = False
SECRET_KEY = required(
    "SECRET_KEY", "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or [required("ALLOWED_HOSTS")]
required("DATABASE_URL", "PostgreSQL, e.g. postgres://nokrabob@db-host:5432/nokrabob")
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES = with_replica(DATABASES)

REDIS_URL = required("REDIS_URL", "e.g. redis://redis-host:6379/0")
HUEY = {key: value for key, value in HUEY.items() if key != "filename"} | {
    "huey_class": "huey.RedisHuey",
    "url": REDIS_URL,
}

# Reminders go out by SMTP; set EMAIL_HOST (and the others in docs/deploy.md) in the environment.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS only (docs/deploy.md "HTTPS"). Browsers remember for a year to use nothing else (HSTS).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# The app sends plain-HTTP requests to HTTPS, unless the proxy is declared to do it (then the check that
# asks for the app's own redirect is silenced, and only then). The load balancer's health probe may
# stay on plain HTTP.
SSL_REDIRECT_BY_PROXY = env.bool("SSL_REDIRECT_BY_PROXY", default=False)
SECURE_SSL_REDIRECT = not SSL_REDIRECT_BY_PROXY
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SILENCED_SYSTEM_CHECKS = ["security.W008"] if SSL_REDIRECT_BY_PROXY else []

# WhiteNoise serves the collected static files (fonts, CSS, htmx) from the app itself.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
