"""Local development: the embedded default (SQLite, local media, console e-mail)."""

from .base import *  # noqa: F403
from .env import env_str

DEBUG = True
# Only for a developer's own machine; production reads SECRET_KEY from the environment.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-not-for-production")
SERVE_MEDIA = True
