"""Settings shared by every environment; each value can come from the environment."""

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "published",
    "home",
    "cases",
    "publicity",
    "promotion",
    "search",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "portal.apps.WagtailAdminConfig",  # wagtail.admin, see portal/apps.py
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    # Its catalog translates Wagtail's "18 seconds ago" (humanize.naturaltime).
    "django.contrib.humanize",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but security: it sees the cookies every other middleware set.
    "portal.cache_headers.FrontCacheHeadersMiddleware",
    "portal.middleware.RejectNulMiddleware",
    "portal.middleware.AdminChineseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Admin URLs naming a case the user may not see answer 404 (cases/admin/visibility.py).
    "cases.admin.visibility.HiddenCaseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before reuse: after a database restart the next
        # request reconnects instead of failing.
        conn_health_checks=True,
    )
}
# On PostgreSQL, a query run more than DB_PREPARE_THRESHOLD times on a connection is
# prepared on the server (psycopg 3 with server-side binding): later runs are not parsed
# and planned again. A cold public page is 8 to 12 queries its code compiles once
# (published/prepared.py), which PostgreSQL planned anew on every page view (0.1-0.45 ms
# each). Prepared statements live as long as the connection (DB_CONN_MAX_AGE); behind a
# pooler in transaction mode (PgBouncer) they would not: set DB_PREPARE_THRESHOLD=-1
# there (no server-side preparing; Django's default).
DB_PREPARE_THRESHOLD = env_int("DB_PREPARE_THRESHOLD", 2)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_PREPARE_THRESHOLD >= 0:
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": True,
        "prepare_threshold": DB_PREPARE_THRESHOLD,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A deadline-day crowd on the default set-up: in WAL mode readers never wait for the
    # writer; IMMEDIATE takes the write lock when a transaction begins, so writers queue
    # for it (up to timeout seconds) instead of failing with "database is locked" when a
    # read lock cannot be upgraded. Submissions hold it for milliseconds and queue for it
    # in turn within a process (cases/submission/intake.py); the timeout is for the other
    # processes (the worker, a second server) when a crowd keeps the lock busy on a slow
    # machine: a wait of a minute is an answer, a 500 is a lost applicant.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,
        "init_command": "PRAGMA journal_mode=WAL",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
# locale/: what Wagtail's own zh_Hans catalogs leave in English (tests/admin walk).
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# A case's tags kept in the order typed (taggit sorts them): the first is its main topic,
# which the search weighs (cases/fields/tags.py, search/plan.py).
TAGGIT_TAGS_FROM_STRING = "cases.fields.tags.parse_tags"
TAGGIT_STRING_FROM_TAGS = "cases.fields.tags.edit_string"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
SERVE_MEDIA = False
# Stamped scans and other private uploads: outside MEDIA_ROOT, never served.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private")))
# The book's parts as laid out by earlier builds (cases/compilation/parts.py): a cache,
# rebuilt when lost, so not with the private files that backups keep.
COMPILATION_PARTS_ROOT = Path(
    env_str("COMPILATION_PARTS_ROOT", str(BASE_DIR / "var" / "cache" / "compilation-parts"))
)
# The press's CMYK profile: the book's photos are separated for it and it is the PDF's
# output intent (cases/compilation/colour.py). The print shop's own file if it gives one.
PRINT_CMYK_PROFILE = env_str(
    "PRINT_CMYK_PROFILE", "/usr/share/color/icc/ghostscript/default_cmyk.icc"
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Images and renditions: MEDIA_ROOT, except unpublished submissions' (private).
    "images": {"BACKEND": "cases.storage.images.ImageStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form fields (not files) up to 10 MB reach the form, which answers an overlong paste
# beside its field with everything else kept; beyond that, the Chinese 400 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: the console by default; SMTP when EMAIL_HOST is set; nothing at all when
# EMAIL_ENABLED=0 (production must say one or the other: portal/checks.py).
EMAIL_ENABLED = env_bool("EMAIL_ENABLED", True)
EMAIL_HOST_CONFIGURED = bool(env_str("EMAIL_HOST"))
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST_CONFIGURED
    else "django.core.mail.backends.console.EmailBackend",
)
if not EMAIL_ENABLED:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_str("EMAIL_USE_TLS", "") in {"1", "true", "True"}
# Seconds before an unresponsive mail server gives up (sending runs in the task worker).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "案例征集平台 <noreply@localhost>")

# Cache: Redis when REDIS_URL is set, process memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, going on without the cache while Redis is away.
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Give up on an unreachable Redis quickly rather than hold the request.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Wagtail writes every rendition a template shows to this cache, even one it found among
# the renditions prefetched with its image (cases/models/photos.py): a Redis round trip per
# photo per page made afresh (12 on the library). Every public list prefetches them; a
# lookup that does not goes to the database, as it would after a cache miss.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

# The front cache (deploy/nginx) is told nothing: it revalidates every page against the
# ETag the portal computes from the content generation (portal/cache_headers.py).

# Background work through django_tasks, as Wagtail itself does.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A running job's heartbeat, and the silence after which its worker is taken for dead and
# the job marked failed, free to retry (cases/models/job_runner.py). The fault drill's
# tiny run in the suite shortens both (bench/faults.py --stale-after).
JOBS_HEARTBEAT_SECONDS = env_int("JOBS_HEARTBEAT_SECONDS", 10)
JOBS_STALE_AFTER_SECONDS = env_int("JOBS_STALE_AFTER_SECONDS", 45)

# Wagtail
WAGTAIL_SITE_NAME = "社区治理优秀案例征集平台"
BASE_URL_CONFIGURED = bool(env_str("WAGTAILADMIN_BASE_URL"))
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Wagtail's sign-in form with its password field labelled in Chinese (portal/admin_chinese.py).
WAGTAILADMIN_USER_LOGIN_FORM = "portal.admin_chinese.LoginForm"
# An office in one time zone: no list of 600 English zone names on the account page.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
# Avatars from Wagtail's own default image: no hash of each user's e-mail sent to
# gravatar.com (nor a broken image on an office network without it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No calls home for upgrade notices, no English "what's new" banner.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Wagtail's own search (admin page search, choosers) through the portal's segmentation.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
WAGTAILDOCS_EXTENSIONS = ["doc", "docx", "pdf", "xls", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_IMAGE_MODEL = "cases.CaseImage"
WAGTAILIMAGES_RENDITION_STORAGE = "images"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 50

# Failed logins (admin and staff): after AXES_FAILURE_LIMIT failures an account, and
# separately an address, is locked for AXES_COOLOFF_TIME hours; a successful login resets
# the count. Administrators unlock under 设置 → 登录锁定 (or manage.py axes_reset).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "login_locked.html"
AXES_CLIENT_IP_CALLABLE = "cases.submission.ratelimit.client_ip"
AXES_VERBOSE = False

# Online submissions per clock hour: per client address, per contact e-mail, per
# address for a logged-in account (a 社联会 office submitting for many organisations);
# and form posts of any outcome per address, which only a script reaches.
SUBMISSION_RATE_LIMIT_PER_HOUR = env_int("SUBMISSION_RATE_LIMIT_PER_HOUR", 20)
# Objections to a 公示 (publicity/) per clock hour per client address.
PUBLICITY_OBJECTIONS_PER_HOUR = env_int("PUBLICITY_OBJECTIONS_PER_HOUR", 10)
SUBMISSION_RATE_LIMIT_PER_EMAIL = env_int("SUBMISSION_RATE_LIMIT_PER_EMAIL", 10)
SUBMISSION_RATE_LIMIT_AGENT_PER_HOUR = env_int("SUBMISSION_RATE_LIMIT_AGENT_PER_HOUR", 200)
SUBMISSION_ATTEMPTS_PER_HOUR = env_int("SUBMISSION_ATTEMPTS_PER_HOUR", 200)
# Behind a reverse proxy, the META key of the header it sets (e.g. HTTP_X_REAL_IP).
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # WeasyPrint's steps belong in a compilation build's own log, not on the console.
    "loggers": {"weasyprint.progress": {"handlers": [], "propagate": False}},
}
