"""Limits on the public form, counted in the cache (Redis in production), per clock hour.

Submissions count, per contact e-mail and per client address; a form sent back for a
correction does not. The notice routes whole batches through the district 社联会 (one
office, one address): a logged-in account has a far higher ceiling. Every POST also
counts towards a generous ceiling of attempts that only a script reaches."""

import contextlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

WINDOW_SECONDS = 60 * 60


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the header the trusted proxy sets
    (CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP). Never a header anyone could send."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _window(now=None):
    """The current clock hour's number and the moment the next one starts."""
    now = time.time() if now is None else now
    number = int(now // WINDOW_SECONDS)
    return number, datetime.fromtimestamp((number + 1) * WINDOW_SECONDS, tz=UTC)


def _key(scope, ident, window):
    return f"ratelimit:{scope}:{window}:{ident}"


def _hit(scope, ident, window):
    key = _key(scope, ident, window)
    cache.add(key, 0, WINDOW_SECONDS + 60)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS + 60)
        return 1


def allow_attempt(request):
    """Count this POST; False once the address has used up its attempts this hour."""
    limit = getattr(settings, "SUBMISSION_ATTEMPTS_PER_HOUR", 200)
    window, _ = _window()
    return _hit("attempt", client_ip(request), window) <= limit


def _limits(request):
    agent = request.user.is_authenticated
    per_address = getattr(settings, "SUBMISSION_RATE_LIMIT_PER_HOUR", 20)
    if agent:
        per_address = getattr(settings, "SUBMISSION_RATE_LIMIT_AGENT_PER_HOUR", 200)
    per_email = getattr(settings, "SUBMISSION_RATE_LIMIT_PER_EMAIL", 10)
    return per_address, per_email if not agent else per_address


def reserve_submission(request, email):
    """Count one more submission from this address and e-mail before it is created, or
    say why it must wait and until when ("" when it may go). Counting first (the cache's
    increment is atomic) holds the limit when twenty forms arrive at once."""
    window, retry_at = _window()
    per_address, per_email = _limits(request)
    at = timezone.localtime(retry_at).strftime("%H:%M")
    email = (email or "").strip().lower()
    if _hit("submit-ip", client_ip(request), window) > per_address:
        _unhit("submit-ip", client_ip(request), window)
        return f"同一网络在这一小时内已提交 {per_address} 份申报，请于 {at} 以后再点“提交申报”。"
    if email and _hit("submit-email", email, window) > per_email:
        _unhit("submit-email", email, window)
        _unhit("submit-ip", client_ip(request), window)
        return f"邮箱 {email} 在这一小时内已提交 {per_email} 份申报，请于 {at} 以后再点“提交申报”。"
    return ""


def release_submission(request, email):
    """Give back a reservation whose submission was not created (a retry of one that was)."""
    window, _ = _window()
    _unhit("submit-ip", client_ip(request), window)
    if email := (email or "").strip().lower():
        _unhit("submit-email", email, window)


def _unhit(scope, ident, window):
    with contextlib.suppress(ValueError):  # already expired
        cache.decr(_key(scope, ident, window))
