"""Test run: fast hashing, tasks run at once, media in a temporary folder."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .env import env_str

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = env_str("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="portal-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-private-")
# Shared by the processes of one benchmark (bench/common.py), else one per run.
COMPILATION_PARTS_ROOT = env_str("TEST_COMPILATION_PARTS_ROOT") or tempfile.mkdtemp(
    prefix="portal-test-parts-"
)
SERVE_MEDIA = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not SQLite's shared in-memory database: other processes (a rebuild from a
    # shell, a server under test) reach it, and it locks as the real default does.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"portal-test-{os.getpid()}.sqlite3")
    }

# Every run of a query prepared once (published/prepared.py) is compiled again and
# compared: a parameter list that no longer matches its query fails the test that ran it.
PREPARED_CHECK = True
