"""Production: every secret and host from the environment; refuses to start without them."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, SECRET_KEY, STORAGES
from .env import env_bool, env_int, env_str

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

DEBUG = False
PRODUCTION = True  # portal/checks.py: the settings production may not start without
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Cookies only over HTTPS; SECURE_COOKIES=0 only for a try-out over plain HTTP on the
# server itself (make production, bench/faults.py).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# Wagtail's live preview shows the page in a same-origin iframe: DENY would break it.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Static files under names that carry their content's hash: the front server keeps them
# a year (deploy/nginx/portal.conf), and a new release can never serve an old file.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
# One database connection per worker, kept between requests (a new one each request
# made the case page half as fast on PostgreSQL).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
# The visitor's address as the front server sets it (deploy/nginx/portal.conf sends
# X-Real-IP): without it every visitor is nginx's 127.0.0.1, and one address's limits
# (submissions, failed logins) would be everyone's. CLIENT_IP_HEADER= (empty) only for a
# server reached directly, with no proxy in front.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
# A base URL on this machine (portal.localhost, 127.0.0.1 …) is refused by portal/checks.py;
# the local try-out of the whole stack (make production, bench/) allows it explicitly.
ALLOW_LOCAL_BASE_URL = env_bool("ALLOW_LOCAL_BASE_URL", False)
