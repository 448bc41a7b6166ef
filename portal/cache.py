"""Django's Redis cache that lets the site go on while Redis is away.

Every process shares Redis for the cache and the rate limits. A Redis restart must not
take the site down with it: measured with bench/faults.py, stopping Redis for five
seconds turned 108 page views into errors. Here a lost connection is a cache miss: reads
return their default, writes are skipped, a counter starts again from its step (so rate
limits let people through rather than lock them out), and each is logged once a minute.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_last_warning = [0.0]


def _warn(error):
    now = time.monotonic()
    if now - _last_warning[0] > 60:
        _last_warning[0] = now
        logger.warning("Redis unavailable, serving without the cache: %s", error)


def _missing(fallback):
    """Run the cache method; when Redis cannot be reached, return fallback(*args)."""

    def wrap(method):
        @functools.wraps(method)
        def run(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                _warn(error)
                return fallback(*args, **kwargs)

        return run

    return wrap


def _default(key, default=None, version=None):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _step(key, delta=1, version=None):
    return delta


def _no_values(*args, **kwargs):
    return {}


def _no_failures(*args, **kwargs):
    return []


class ReusedClientRedisCacheClient(RedisCacheClient):
    """One redis.Redis client per connection pool, kept: Django makes a new one for every
    cache call, and redis-py 7 fills a table of ~170 response callbacks in each (0.3 ms,
    a tenth of a cached page's time; measured with cProfile). A client is only a handle
    on its pool, safe to share between threads."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    get = _missing(_default)(RedisCache.get)
    set = _missing(_nothing)(RedisCache.set)
    add = _missing(_false)(RedisCache.add)
    touch = _missing(_false)(RedisCache.touch)
    delete = _missing(_false)(RedisCache.delete)
    has_key = _missing(_false)(RedisCache.has_key)
    incr = _missing(_step)(RedisCache.incr)
    get_many = _missing(_no_values)(RedisCache.get_many)
    set_many = _missing(_no_failures)(RedisCache.set_many)
    delete_many = _missing(_nothing)(RedisCache.delete_many)
    clear = _missing(_false)(RedisCache.clear)
