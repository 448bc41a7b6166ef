"""While Redis is away the site goes on without its cache (bench/faults.py: a five-second
Redis stop had turned 108 page views into errors)."""

import socket

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_away(settings):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_a_lost_redis_is_a_cache_miss(redis_away):
    assert cache.get("key", "default") == "default"
    cache.set("key", "value")
    assert cache.add("key", 0) is False
    assert cache.incr("key") == 1  # a counter starts again: rate limits let people through
    assert cache.get_many(["a", "b"]) == {}


def test_pages_are_served_while_redis_is_away(client, redis_away, campaign, library):
    from tests.factories import CasePageFactory

    case = CasePageFactory(parent=campaign, live=False)
    case.save_revision().publish()
    for url in ("/", "/cases/", campaign.url, case.url):
        assert client.get(url).status_code == 200, url
