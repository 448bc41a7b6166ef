"""Data built once for many tests, inside a transaction rolled back after them."""

from contextlib import contextmanager

from django.db import transaction


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
