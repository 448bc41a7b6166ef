"""deploy/gunicorn.conf.py: the application loaded before the fork, and nothing the master
opened handed to a worker."""

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection

CONFIG = runpy.run_path(str(Path(__file__).resolve().parent.parent / "deploy/gunicorn.conf.py"))


def master(preload=True):
    return SimpleNamespace(cfg=SimpleNamespace(preload_app=preload))


def test_the_application_is_loaded_once_before_the_workers_fork():
    assert CONFIG["preload_app"] is True


@pytest.mark.django_db(transaction=True)  # outside a transaction: one can be closed
def test_no_database_connection_crosses_the_fork():
    connection.ensure_connection()
    assert connection.connection is not None
    CONFIG["pre_fork"](master(), worker=None)
    assert connection.connection is None


def test_the_segmenter_is_built_in_the_master():
    from search import text

    try:
        CONFIG["when_ready"](master())
        assert gc.get_freeze_count() > 0
        assert text.tokens("社区治理") == text.tokens("社区治理")  # built, and answering
    finally:
        gc.unfreeze()
