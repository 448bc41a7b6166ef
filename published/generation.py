"""The content generation: read once per request, drawn anew by every public change."""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import InterfaceError, OperationalError, connection

from published.models import ContentGeneration

_generation = ContextVar("published_content_generation", default=None)


def current(request=None):
    """The content generation for this request (read once per request)."""
    if request is not None and hasattr(request, "_content_generation"):
        return request._content_generation
    value = _generation.get()
    if value is None:
        row = _read_checking_the_connection()
        value = row[0] if row else 0
    if request is not None:
        request._content_generation = value
    return value


def _read():
    table = ContentGeneration._meta.db_table
    # A plain query: the ORM's compiler costs more than the query itself here.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 - our table
        return cursor.fetchone()


def _read_checking_the_connection():
    """The generation's row, the read doubling as Django's health check of a kept
    connection (CONN_HEALTH_CHECKS): Django asks "SELECT 1" before a request's first
    query, a round trip of its own on every page view; this read is a request's first
    query, idempotent, so a connection it finds dead is replaced and the read asked
    again, which is all the check would have done. Inside a transaction (or with
    nothing kept, or the check off or done) it is a plain read. Uses Django's
    undocumented health_check_enabled / health_check_done (django/db/backends/base/
    base.py, Django 5.2; tests/published/test_generation_read.py fails if they go)."""
    due = (
        connection.connection is not None
        and getattr(connection, "health_check_enabled", False)
        and getattr(connection, "health_check_done", True) is False
        and not connection.in_atomic_block
    )
    if not due:
        return _read()
    connection.health_check_done = True  # this read is the check
    try:
        return _read()
    except (OperationalError, InterfaceError):
        connection.close()  # as a failed check does: the next cursor connects anew
        return _read()


@contextmanager
def reading(request):
    """The generation read once for everything this request does, request or not at hand
    (Wagtail's hooks call page methods without it)."""
    token = _generation.set(current(request))
    try:
        yield
    finally:
        _generation.reset(token)


def new_value():
    """Random rather than counted: a restored backup or a rolled-back change could bring
    an old count back, and with it cached parts of pages that no longer exist."""
    return secrets.randbits(62)


def draw():
    """A new generation, inside the change's transaction (a reader sees the new number
    only with the new content). Changes call changes.announce(), which calls this."""
    value = new_value()
    if not ContentGeneration.objects.filter(pk=1).update(value=value):
        ContentGeneration.objects.update_or_create(pk=1, defaults={"value": value})
