from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase

from cases.models import job_runner as jobs
from tests import migrated, scheduling
from tests.factories import CampaignPageFactory, CaseLibraryPageFactory, site_home
from tests.rollback import NO_HEARTBEAT, DemoCopy, rolled_back_after

TESTS = Path(__file__).resolve().parent
# The slow tiers by where a test lives, so a new test in these places is marked without
# anyone remembering to; `make test-fast` deselects them (pyproject.toml lists the markers).
TIERS = {
    "browser": ("browser",),
    "production": ("production",),
    "pdf": ("cases/compilation/test_pdf.py", "cases/compilation/test_prepress.py"),
    "processes": ("search/test_processes.py", "test_backups.py"),
}


def _where(item):
    return Path(str(item.fspath)).resolve().relative_to(TESTS).as_posix()


def _tiers(item):
    return [m.name for m in item.iter_markers() if m.name in scheduling.FIRST]


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """The tiers by folder; after the other hooks (pytest-django's database order
    included), the heaviest units first (tests/scheduling.py)."""
    for item in items:
        where = _where(item)
        for marker, places in TIERS.items():
            if any(where == place or where.startswith(place + "/") for place in places):
                item.add_marker(marker)
        if scheduling.BOOK_FIXTURE in item.fixturenames and where not in scheduling.BOOK_FILES:
            raise pytest.UsageError(
                f"{where} reads the six-size book: list it in tests/scheduling.py BOOK_FILES"
            )
    result = yield
    items[:] = scheduling.ordered(
        items, lambda item: scheduling.rank(_tiers(item), scheduling.where(item.nodeid))
    )
    return result


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: unknown without it
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup`: pytest-xdist's scope scheduler over tests/scheduling.py's units
    (its own loadgroup no longer groups on pytest 9.2)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return scheduling.unit(nodeid)

    return Units(config, log)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """pytest-django's test database set-up (its private helper finds which databases
    the collected tests need serialised), on SQLite from the migrated copy kept between
    runs (tests/migrated.py); the test database is removed after the run, so
    --reuse-db has no effect here."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        copy = migrated.cached_copy()
        reused = copy is not None and migrated.put_in_place(copy)
        made = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=reused,
        )
        if copy is not None and not reused:
            migrated.keep(copy)
        if connection.vendor == "postgresql":
            _MIGRATED["postgres"] = migrated.keep_postgres()
    _MIGRATED["copy"] = copy
    yield
    with django_db_blocker.unblock():
        if "postgres" in _MIGRATED:
            migrated.drop_postgres(_MIGRATED.pop("postgres"))
        teardown_databases(made, verbosity=request.config.option.verbose)


_MIGRATED = {}  # the migrated copy in use, for putting the database back after a flush


def _transactional(item):
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush (its fixtures torn down), the test database as
    migrated again: on SQLite the copy put back with SQLite's backup API (milliseconds),
    on PostgreSQL the database made again from its migrated template. The flush empties
    every table, the rows the migrations wrote too (the root page, the groups):
    pytest-django runs transactional tests last in one process, but a pytest-xdist worker
    runs other units after them, and tests/scheduling.py queues the slow tiers' first."""
    try:
        return (yield)
    finally:
        copy, kept = _MIGRATED.get("copy"), _MIGRATED.get("postgres")
        if (copy is not None or kept is not None) and _transactional(item):
            from pytest_django.plugin import blocking_manager_key

            with item.config.stash[blocking_manager_key].unblock():
                if copy is not None:
                    migrated.put_back(copy)
                else:
                    migrated.put_back_postgres(kept)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rendition and site caches live in process memory: ids repeat across tests.
    from django.core.cache import caches

    from published.parts import forget

    for cache in caches.all():
        cache.clear()
    forget()


@pytest.fixture(autouse=True)
def _no_futile_heartbeat(request, monkeypatch):
    """Inside a test's transaction a job's heartbeat thread cannot write its beat (on
    SQLite the test holds the write lock from BEGIN IMMEDIATE on): each beat waited the
    lock's 60 s timeout, and the build's end waited for it (a minute per build on a busy
    machine). Transactional tests keep the real heartbeat."""
    if _transactional(request.node):
        return
    monkeypatch.setattr(jobs, "HEARTBEAT", NO_HEARTBEAT)


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
    """The demo content loaded once per run where the database allows (tests/rollback.py)."""
    copy = DemoCopy(django_db_blocker, tmp_path_factory.mktemp("demo-files"), _MIGRATED.get("copy"))
    yield copy
    copy.close()


@pytest.fixture(scope="module")
def _demo_for_the_module(_demo_copy, django_db_setup, django_db_blocker):
    """The demo content for a test module, inside a transaction that is rolled back after
    it. On SQLite it is the copy loaded once per run, put in place in milliseconds, and
    the database as it was is put back after the module; elsewhere it is loaded for the
    module. Loading it for every test took most of the suite's time."""
    if not _demo_copy.put_in_place():
        with rolled_back_after(django_db_blocker):
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("load_demo", verbosity=0)
            yield
        return
    try:
        with rolled_back_after(django_db_blocker):
            yield
    finally:
        _demo_copy.put_back()


@pytest.fixture
def committed_demo(transactional_db, _demo_copy):
    """The demo content committed, for transactional tests whose servers read the database
    from other threads or processes; the test's flush removes it after. On SQLite it is
    the copy loaded once per run (nothing to put back: the flush empties every table)."""
    if not _demo_copy.put_in_place(put_back_later=False):
        call_command("load_demo", verbosity=0)


@pytest.fixture(scope="module")
def _demo_files(_demo_for_the_module, tmp_path_factory):
    """The module's media files as the demo left them, hard-linked aside: a test that
    unpublishes a case (its photos moved to private storage after commit) or deletes one
    has its database rolled back, but not its files."""
    from django.conf import settings

    from tests.rollback import _link_files

    aside = tmp_path_factory.mktemp("demo-media")
    roots = {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}
    for name, root in roots.items():
        _link_files(root, aside / name)

    def put_back():
        for name, root in roots.items():
            _link_files(aside / name, root)

    return put_back


@pytest.fixture
def demo(_demo_for_the_module, _demo_files, db):
    """The demo content; what a test changes is rolled back after it (its files too)."""
    yield
    _demo_files()
