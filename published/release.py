"""The release: a digest of the code, templates and static manifest this process serves.

Part of every kept part's key (parts.py) and of every page's ETag (portal/
cache_headers.py): a deploy with new templates or styles makes new keys at once, in
every process, instead of serving the old HTML until the parts expire. Content, not
modification times, so several hosts running the same code agree (one front cache
revalidates against any of them). PORTAL_RELEASE overrides it (a build's own label).
"""

import hashlib
import os
from functools import cache
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("portal", "home", "search", "cases", "published", "templates", "locale", "static")
SUFFIXES = {".py", ".html", ".txt", ".xml", ".json", ".mo", ".css", ".js", ".svg"}


@cache
def release():
    """A short digest, computed once per process (about 1,000 files, a few MB)."""
    if label := os.environ.get("PORTAL_RELEASE"):
        return label
    digest = hashlib.sha256()
    files = [
        path
        for folder in FOLDERS
        for path in (ROOT / folder).rglob("*")
        if path.suffix in SUFFIXES and "__pycache__" not in path.parts and path.is_file()
    ]
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        files.append(manifest)  # hashed names of collected static files
    for path in sorted(files):
        digest.update(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
