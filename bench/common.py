"""Shared by the benchmarks: a throw-away SQLite database and media folder."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure(workdir):
    """Django with the test settings on a fresh SQLite file inside workdir."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["TEST_MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
