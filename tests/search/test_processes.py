"""The search in more than one process: a rebuild from a shell (another process, with
the default local-memory cache) is seen by the web process at once; a long query through
the real server (gunicorn) is answered."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

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


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pasted_paragraph_is_searched_through_the_real_server(campaign):
    """2,000+ characters in the query (18,000 bytes in the request line): an answer, not 414."""
    case = CasePageFactory(parent=campaign, title="化解物业难题", live=False)
    case.save_revision().publish()
    get_backend().rebuild(published_documents())
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url()}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    env.update(GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "portal.wsgi:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/search/?" + urlencode({"q": "物业" + "社区治理" * 600})
        assert len(url) > 18_000
        deadline = time.monotonic() + 30
        while True:
            try:
                with urlopen(url, timeout=30) as response:
                    page = response.read().decode()
                break
            except URLError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert "化解物业难题" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
