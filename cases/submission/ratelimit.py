"""A per-IP limit on submissions, counted in the cache (Redis in production)."""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the header the trusted proxy sets
    (CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP). Never a header anyone could send."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
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
