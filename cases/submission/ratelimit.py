"""A per-IP limit on submissions, counted in the cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_ip(request):
    # Behind a proxy, configure it to set REMOTE_ADDR: X-Forwarded-For can be forged.
    return request.META.get("REMOTE_ADDR", "")


def allow(request, scope="apply"):
    """Count this attempt; False once the IP has used up its attempts in the window."""
    limit = getattr(settings, "SUBMISSION_RATE_LIMIT_PER_HOUR", 20)
    key = f"ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit
