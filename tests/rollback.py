"""Data built once for many tests: inside a transaction rolled back after them, or, for
the demo content on SQLite, loaded once per run and copied in and out of the database."""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase

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
    """On SQLite, the demo content loaded once for the whole run (7.5 s of CPU each time):
    the database copied page by page into memory before and after loading it, with
    SQLite's backup API (milliseconds), and its files kept as hard links, so that a test
    which moved or deleted a demo photo does not take it from the next module. Built on
    first use; where it cannot be used (another database, inside a transaction) the
    caller loads the demo itself."""

    def __init__(self, django_db_blocker, folder):
        self.blocker, self.folder = django_db_blocker, Path(folder)
        self.before = self.demo = None
        self.roots = {"media": settings.MEDIA_ROOT, "private": settings.PRIVATE_MEDIA_ROOT}

    def put_in_place(self, put_back_later=True):
        """The demo content in the database, committed; False where it cannot be. With
        put_back_later, the database as it was is kept for put_back()."""
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return False
        with self.blocker.unblock():
            connection.ensure_connection()  # a test's end may have closed it
            if self.demo is None:
                self._load()
            if put_back_later:
                self.before = _copy_of_database()
            for name, root in self.roots.items():
                _link_files(self.folder / name, Path(root))
            self.demo.backup(connection.connection)
        return True

    def put_back(self):
        """The database as it was before put_in_place()."""
        with self.blocker.unblock():
            connection.ensure_connection()
            self.before.backup(connection.connection)
            self.before.close()
            self.before = None

    def _load(self):
        before = _copy_of_database()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", verbosity=0)
        self.demo = _copy_of_database()
        for name, root in self.roots.items():
            _link_files(Path(root), self.folder / name)
        before.backup(connection.connection)
        before.close()

    def close(self):
        if self.demo is not None:
            self.demo.close()


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
