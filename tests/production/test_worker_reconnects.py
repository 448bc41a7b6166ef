"""The task worker outlives a database restart: it waits and reconnects instead of
exiting (bench/faults.py restarts PostgreSQL under the production stack for real)."""

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.management.commands import db_worker

from cases.management.commands import worker

pytestmark = pytest.mark.django_db


def test_the_worker_reconnects_after_the_database_goes_away(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    runs, delays = [], []

    def run(self):
        runs.append(self.worker_id)
        if len(runs) <= 3:  # the restart: the server closes every connection, then refuses
            raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(db_worker.Worker, "run", run)
    monkeypatch.setattr(worker.time, "sleep", delays.append)
    # The test's own connection holds its transaction: not closed here.
    dropped = []
    monkeypatch.setattr(worker, "_drop_connections", lambda: dropped.append(1))
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(runs) == 4  # ran again after each failure, and ended normally
    assert delays == list(worker.RECONNECT_DELAYS[:3]) and len(dropped) == 3


def test_anything_else_still_stops_the_worker(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def run(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(db_worker.Worker, "run", run)
    with pytest.raises(RuntimeError):
        call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
