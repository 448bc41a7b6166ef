"""The content generation: read once per request, drawn anew by every public change."""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connection

from published.models import ContentGeneration

_generation = ContextVar("published_content_generation", default=None)


def current(request=None):
    """The content generation for this request (read once per request)."""
    if request is not None and hasattr(request, "_content_generation"):
        return request._content_generation
    value = _generation.get()
    if value is None:
        table = ContentGeneration._meta.db_table
        # A plain query: the ORM's compiler costs more than the query itself here.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {table} WHERE id = 1")  # noqa: S608 - our table
            row = cursor.fetchone()
        value = row[0] if row else 0
    if request is not None:
        request._content_generation = value
    return value


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
