"""The embedded index is shared by every process: a rebuild from a shell (another
process, with the default local-memory cache) is seen by the web process at once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from search.backend import get_backend
from search.documents import published_documents
from search.query import SearchQuery
from tests.factories import CasePageFactory

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    """This test run's database, as DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT")
    return f"postgres://{user}@{host}:{port or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_in_another_process_is_seen_by_this_one(campaign):
    case = CasePageFactory(parent=campaign, title="楼道堆物清理记", live=False)
    case.save_revision().publish()
    backend = get_backend()
    backend.rebuild(published_documents())
    # This process reads the index (and keeps its facet rows in memory).
    assert [h.title for h in backend.search(SearchQuery(text="堆物")).hits] == ["楼道堆物清理记"]
    assert backend.search(SearchQuery()).total == 1

    env = {**os.environ, "DATABASE_URL": database_url()}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    subprocess.run(
        [sys.executable, "manage.py", "search_index", "--rebuild", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    # The rebuild gave every entry a new row: this process must not answer from its copy.
    assert [h.title for h in backend.search(SearchQuery(text="堆物")).hits] == ["楼道堆物清理记"]
    browse = backend.search(SearchQuery())
    assert (browse.total, [h.title for h in browse.hits]) == (1, ["楼道堆物清理记"])
