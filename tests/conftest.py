from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase

from tests.factories import CampaignPageFactory, CaseLibraryPageFactory, site_home

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


@pytest.fixture(scope="module")
def _demo_for_the_module(django_db_setup, django_db_blocker):
    """The demo content, loaded once per test module inside a transaction that is rolled
    back after it: each test's own transaction is a savepoint within it. Loading it for
    every test took most of the suite's time."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_the_module, db):
    """The demo content; what a test changes is rolled back after it."""
