"""Local development: the embedded default (SQLite, local media, console e-mail)."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR
from .env import env_bool, env_str
from .secret_key import installation_key

# Off unless asked for (DEBUG=1): a wrong address or a bad status link shows the portal's
# Chinese 404 and 500 pages, as visitors will see them, not Django's English debug page.
# `make run` serves static files with runserver --insecure.
DEBUG = env_bool("DEBUG", False)
# SECRET_KEY from the environment, else this installation's own random key.
SECRET_KEY = env_str("SECRET_KEY") or installation_key(
    Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key")))
)
SERVE_MEDIA = True
