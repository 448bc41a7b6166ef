from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import TestCase

from tests.factories import CampaignPageFactory, CaseLibraryPageFactory, site_home
from tests.rollback import rolled_back_after

TESTS = Path(__file__).resolve().parent
# The slow tiers by where a test lives, so a new test in these places is marked without
# anyone remembering to; `make test-fast` deselects them (pyproject.toml lists the markers).
TIERS = {
    "browser": ("browser",),
    "production": ("production",),
    "pdf": ("cases/compilation/test_pdf.py", "cases/compilation/test_prepress.py"),
    "processes": ("search/test_processes.py", "test_backups.py"),
}


def pytest_collection_modifyitems(items):
    for item in items:
        where = Path(str(item.fspath)).resolve().relative_to(TESTS).as_posix()
        for marker, places in TIERS.items():
            if any(where == place or where.startswith(place + "/") for place in places):
                item.add_marker(marker)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rendition and site caches live in process memory: ids repeat across tests.
    from django.core.cache import caches

    from published.parts import forget

    for cache in caches.all():
        cache.clear()
    forget()


@pytest.fixture
def home(db):
    return site_home()


@pytest.fixture
def library(home):
    return CaseLibraryPageFactory(parent=home)


@pytest.fixture
def campaign(home):
    return CampaignPageFactory(parent=home)


@pytest.fixture(scope="session")
def _demo_copy(django_db_setup, django_db_blocker, tmp_path_factory):
    """On SQLite, the demo content loaded once for the whole run: the database copied page
    by page into memory before and after loading it (SQLite's backup API, milliseconds),
    and its files kept as hard links. None on other databases."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "sqlite":
        yield None
        return
    with django_db_blocker.unblock():
        clean = database_copy()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", verbosity=0)
        demo = database_copy()
        files = tmp_path_factory.mktemp("demo-files")
        roots = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}
        for name, root in roots.items():
            link_files(Path(root), files / name)
        restore_database(clean)
    yield {"clean": clean, "demo": demo, "files": files, "roots": roots}
    clean.close()
    demo.close()


def database_copy():
    import sqlite3

    from django.db import connection

    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def restore_database(copy):
    from django.db import connection

    connection.ensure_connection()
    assert not connection.in_atomic_block
    copy.backup(connection.connection)


def link_files(source, target):
    """Every file under source hard-linked under target where target has none (a test
    that moved or deleted a demo photo does not take it from the next module)."""
    for path in source.rglob("*"):
        if path.is_file():
            there = target / path.relative_to(source)
            if not there.exists():
                there.parent.mkdir(parents=True, exist_ok=True)
                there.hardlink_to(path)


@pytest.fixture(scope="module")
def _demo_for_the_module(_demo_copy, django_db_setup, django_db_blocker):
    """The demo content for a test module, inside a transaction that is rolled back after
    it. On SQLite it is the copy loaded once per run, put in place in milliseconds (and
    the clean database put back after the module); elsewhere it is loaded for the module.
    Loading it for every test took most of the suite's time."""
    if _demo_copy is None:
        with rolled_back_after(django_db_blocker):
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", verbosity=0)
            yield
        return
    with django_db_blocker.unblock():
        for name, root in _demo_copy["roots"].items():
            link_files(_demo_copy["files"] / name, Path(root))
        restore_database(_demo_copy["demo"])
    try:
        with rolled_back_after(django_db_blocker):
            yield
    finally:
        with django_db_blocker.unblock():
            restore_database(_demo_copy["clean"])


@pytest.fixture
def committed_demo(_demo_copy, transactional_db, django_db_blocker):
    """The demo content committed, for transactional tests whose servers read the database
    from other threads or processes: on SQLite the copy loaded once per run, put in place
    in milliseconds; elsewhere loaded for the test. The test's flush removes it after."""
    if _demo_copy is None:
        call_command("load_demo", verbosity=0)
        return
    for name, root in _demo_copy["roots"].items():
        link_files(_demo_copy["files"] / name, Path(root))
    restore_database(_demo_copy["demo"])


@pytest.fixture
def demo(_demo_for_the_module, db):
    """The demo content; what a test changes is rolled back after it."""
