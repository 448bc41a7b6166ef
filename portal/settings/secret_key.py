"""The development server's secret key: one random key per installation, kept in a file
outside git (var/ is ignored). A key written in the repository would let anyone who has
read it sign status and revise links of every `make run` installation."""

import os
import secrets
from pathlib import Path


def installation_key(path: Path) -> str:
    """The key stored at path, created (readable by its owner only) on first use."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        # O_EXCL: two processes starting at once (runserver and the worker) keep one key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(descriptor, "w") as file:
        file.write(key)
    return key
