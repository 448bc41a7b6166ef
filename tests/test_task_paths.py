"""Tasks queued before a module moved still run: the queue keeps each task's import path
(django_tasks_db) and imports it when the worker takes it."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

moved = importlib.import_module("cases.migrations.0024_queued_mail_task_path")


@pytest.mark.django_db
def test_mail_queued_under_the_old_path_is_sent_from_the_new_one():
    queued = DBTaskResult.objects.create(
        task_path=moved.OLD,
        args_kwargs={"args": ["主题", "正文", ["a@example.org"]], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )
    moved.forwards(apps, None)
    queued.refresh_from_db()
    assert queued.task_path == moved.NEW
    assert isinstance(import_string(queued.task_path), Task)
