"""Production's start-up check: the public address may not be this machine, however it
is written, and Redis must answer, not merely be named."""

import pytest

from portal.checks import base_url_problems, is_local_host, problems, redis_problems

LOCAL = [
    "http://127.0.0.1:8000",
    "http://127.0.0.2",
    "http://127.1",
    "http://0x7f000001",
    "http://2130706433",
    "http://0177.0.0.1",
    "http://localhost",
    "http://localhost.",
    "http://LOCALHOST",
    "http://portal.localhost:8090",
    "http://[::1]:8000",
    "http://[::ffff:127.0.0.1]",
    "http://0.0.0.0",
    "http://[::]",
    "http://169.254.1.1",
    "http://",
]
PUBLIC = ["https://cases.example.org", "http://10.2.3.4", "https://社区案例.cn", "http://8.8.8.8"]


@pytest.fixture
def production(settings):
    settings.PRODUCTION = True
    settings.EMAIL_ENABLED = False
    settings.BASE_URL_CONFIGURED = True
    settings.ALLOW_LOCAL_BASE_URL = False
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    return settings


@pytest.mark.parametrize("url", LOCAL)
def test_a_local_base_url_is_refused_however_written(production, url):
    production.WAGTAILADMIN_BASE_URL = url
    assert [found[0] for found in base_url_problems()] == ["portal.E003"], url


@pytest.mark.parametrize("url", PUBLIC)
def test_a_public_base_url_passes(production, url):
    production.WAGTAILADMIN_BASE_URL = url
    assert base_url_problems() == [], url


def test_the_local_try_out_allows_its_own_address_explicitly(production):
    production.WAGTAILADMIN_BASE_URL = "http://portal.localhost:8090"
    production.ALLOW_LOCAL_BASE_URL = True
    assert base_url_problems() == []


def test_loopback_forms():
    assert is_local_host("127.255.0.9") and is_local_host("fe80::1")
    assert not is_local_host("example.org") and not is_local_host("127.example.org")


def test_a_redis_that_does_not_answer_is_refused(production):
    production.WAGTAILADMIN_BASE_URL = "https://cases.example.org"
    production.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    found = problems()
    assert [check_id for check_id, _ in found] == ["portal.E004"]
    assert "无法连接" in found[0][1]
    production.REDIS_URL = "not-a-url"
    assert [check_id for check_id, _ in redis_problems()] == ["portal.E004"]


def test_a_redis_that_answers_passes(production):
    import redis

    try:
        redis.Redis(socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    production.WAGTAILADMIN_BASE_URL = "https://cases.example.org"
    assert problems() == []
