"""The content generation's read, a public request's first query, is also the health
check of a kept database connection (published/generation.py): no "SELECT 1" round trip
before it, and a connection found dead is replaced as the check would replace it."""

from unittest import mock

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections

from published import generation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a kept PostgreSQL connection's check"
    ),
]


def test_django_still_has_the_health_check_this_read_stands_in_for():
    # Django 5.2's names (django/db/backends/base/base.py); if they change, the read
    # falls back to a plain one and Django's own check runs again: look again.
    connection.ensure_connection()
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert connection.health_check_enabled is True
    assert isinstance(connection.health_check_done, bool)


def test_the_read_is_the_check_no_select_1_before_it():
    connection.ensure_connection()
    connection.health_check_done = False  # as at the start of a request (close_old_connections)
    with mock.patch.object(connections["default"], "is_usable") as is_usable:
        value = generation.current()
        with connection.cursor() as cursor:  # the request's later queries check nothing
            cursor.execute("SELECT 1")
    is_usable.assert_not_called()
    assert connection.health_check_done is True
    assert isinstance(value, int)


def test_a_dead_connection_is_replaced_and_the_read_answers():
    connection.ensure_connection()
    expected = generation.current()
    dead = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [dead])
    connection.health_check_done = False  # the next request
    assert generation.current() == expected
    assert connection.connection.info.backend_pid != dead
