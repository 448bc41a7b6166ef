"""Data built once for many tests: inside a transaction rolled back after them, or, for
the demo content, loaded once per run: on SQLite copied in and out of the database, on
PostgreSQL kept in a database of its own beside the test database."""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase

from tests import demo_snapshot, migrated

# A job's heartbeat thread cannot write inside a test's transaction (tests/conftest.py).
NO_HEARTBEAT = 24 * 60 * 60  # seconds


@contextmanager
def rolled_back_after(django_db_blocker):
    """A transaction around a module's tests, rolled back after them: what a module
    fixture writes inside it is built once, and each test's own transaction is a
    savepoint within it. Not for a module with transactional tests. Set-up that needs
    its on-commit callbacks run wraps itself in TestCase.captureOnCommitCallbacks."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class DemoCopy:
    """The demo content loaded once for the whole run (on SQLite taken from the snapshot
    kept between runs, tests/demo_snapshot.py; a load is about 11 s of CPU), its files
    kept as hard links, so that a test which moved or
    deleted a demo photo does not take it from the next module. On SQLite the database
    is copied page by page into memory before and after loading it, with SQLite's backup
    API (milliseconds). On PostgreSQL the demo is loaded into a database of its own, made
    from the migrated test database as a template, and a module's tests run there inside
    its rolled-back transaction, so it stays as loaded (loading it per module took most
    of the PostgreSQL run). Built on first use; where it cannot be used (another
    database, inside a transaction, a transactional test that commits) the caller loads
    the demo itself."""

    def __init__(self, django_db_blocker, folder, migrated_copy=None):
        self.blocker, self.folder = django_db_blocker, Path(folder)
        # On SQLite, the kept migrated database: the demo is loaded onto it and kept
        # between runs (tests/demo_snapshot.py).
        self.migrated_copy = migrated_copy
        self.before = self.demo = None
        self.test_database = self.demo_database = None
        self.roots = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}

    def put_in_place(self, put_back_later=True):
        """The demo content in the database, committed; False where it cannot be. With
        put_back_later, the database as it was is kept for put_back()."""
        if connection.in_atomic_block:
            return False
        if connection.vendor == "postgresql" and put_back_later:
            return self._use_demo_database()
        if connection.vendor != "sqlite":
            return False
        with self.blocker.unblock():
            connection.ensure_connection()  # a test's end may have closed it
            if self.demo is None:
                self._load()
            if put_back_later:
                self.before = _copy_of_database()
            self._put_files_back()
            self.demo.backup(connection.connection)
        return True

    def put_back(self):
        """The database as it was before put_in_place()."""
        with self.blocker.unblock():
            if self.demo_database is not None:
                _connect_to(self.test_database)
                return
            connection.ensure_connection()
            self.before.backup(connection.connection)
            self.before.close()
            self.before = None

    def _load(self):
        """The demo from the snapshot kept for this code, else loaded (and kept, on the
        migrated database, when there is one)."""
        snapshot = demo_snapshot.folder() if self.migrated_copy is not None else None
        if snapshot is not None:
            self.demo = demo_snapshot.take(snapshot, self.folder)
            if self.demo is not None:
                return
        before = _copy_of_database()
        if snapshot is not None:
            migrated.put_back(self.migrated_copy)  # nothing an earlier test left
            files = demo_snapshot.files_now()
        with (
            demo_snapshot.no_template_rendered(),
            TestCase.captureOnCommitCallbacks(execute=True),
        ):
            call_command("load_demo", verbosity=0)
        self.demo = _copy_of_database()
        self._keep_files()
        if snapshot is not None:
            demo_snapshot.keep(snapshot, self.demo, files)
        before.backup(connection.connection)
        before.close()

    def _use_demo_database(self):
        """PostgreSQL: the connection moved to the demo's database (made on first use)."""
        with self.blocker.unblock():
            if self.demo_database is None:
                self.test_database = connection.settings_dict["NAME"]
                name = f"{self.test_database}_demo"
                connection.close()  # a template may have no other session
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.test_database}"')
                self.demo_database = name
                _connect_to(name)
                with TestCase.captureOnCommitCallbacks(execute=True):
                    call_command("load_demo", verbosity=0)
                self._keep_files()
            else:
                _connect_to(self.demo_database)
                self._put_files_back()
        return True

    def _keep_files(self):
        for name, root in self.roots.items():
            _link_files(Path(root), self.folder / name)

    def _put_files_back(self):
        for name, root in self.roots.items():
            _link_files(self.folder / name, Path(root))

    def close(self):
        if self.demo is not None:
            self.demo.close()
        if self.demo_database is not None:
            with self.blocker.unblock():
                _connect_to(self.test_database)
                connection.close()
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{self.demo_database}" WITH (FORCE)')


def _connect_to(name):
    """The default connection reopened on another database of the same server."""
    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def _copy_of_database():
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def _link_files(source, target):
    """Every file under source hard-linked under target where target has none."""
    for path in Path(source).rglob("*"):
        if path.is_file():
            there = target / path.relative_to(source)
            if not there.exists():
                there.parent.mkdir(parents=True, exist_ok=True)
                there.hardlink_to(path)
