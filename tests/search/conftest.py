import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


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
