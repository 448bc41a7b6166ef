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
    # The book's parts laid out by one build, found by the next (another process).
    os.environ["TEST_COMPILATION_PARTS_ROOT"] = str(workdir / "parts")
    import django

    django.setup()
    # The tests' migrated copy when there is one for this code (`migrate` then has
    # nothing to apply); `make test` makes it first.
    from tests.migrated import start_from_copy

    start_from_copy(workdir / "bench.sqlite3")


def demo_sentences():
    """Sentences of the demo cases' paragraphs, to write generated cases with."""
    from home.demo.data import case_data

    texts = [b["text"] for d in case_data() for b in d["body"] if b["type"] == "paragraph"]
    return [s + "。" for t in texts for s in t.split("。") if len(s) > 8]
