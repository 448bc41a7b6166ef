"""Limits on the public form, counted in the cache (Redis in production), per clock hour.

Submissions count, per contact e-mail and per client address; a form sent back for a
correction does not. Drafts count on counters of their own with the same limits: a new
draft, or a draft's link e-mailed to an address, is one (a draft saved again is not).
The notice routes whole batches through the district 社联会 (one office, one address): a
logged-in account has a far higher ceiling. Every POST also counts towards a generous
ceiling of attempts that only a script reaches."""

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


# What each kind of reservation counts, and how its refusal reads.
_KINDS = {
    "submit": (
        "同一网络在这一小时内已提交 {limit} 份申报，请于 {at} 以后再点“提交申报”。",
        "邮箱 {email} 在这一小时内已提交 {limit} 份申报，请于 {at} 以后再点“提交申报”。",
    ),
    "draft": (
        "同一网络在这一小时内已新建或发送了 {limit} 份申报草稿，请于 {at} 以后再点“保存草稿”。",
        "邮箱 {email} 在这一小时内已收到 {limit} 封草稿邮件，请于 {at} 以后再点“保存草稿”。",
    ),
}


def _reserve(kind, request, email):
    window, retry_at = _window()
    per_address, per_email = _limits(request)
    at = timezone.localtime(retry_at).strftime("%H:%M")
    email = (email or "").strip().lower()
    address, mailbox = _KINDS[kind]
    ip = client_ip(request)
    if _hit(f"{kind}-ip", ip, window) > per_address:
        _unhit(f"{kind}-ip", ip, window)
        return address.format(limit=per_address, at=at)
    if email and _hit(f"{kind}-email", email, window) > per_email:
        _unhit(f"{kind}-email", email, window)
        _unhit(f"{kind}-ip", ip, window)
        return mailbox.format(limit=per_email, email=email, at=at)
    return ""


def _release(kind, request, email):
    window, _ = _window()
    _unhit(f"{kind}-ip", client_ip(request), window)
    if email := (email or "").strip().lower():
        _unhit(f"{kind}-email", email, window)


def reserve_submission(request, email):
    """Count one more submission from this address and e-mail before it is created, or
    say why it must wait and until when ("" when it may go). Counting first (the cache's
    increment is atomic) holds the limit when twenty forms arrive at once."""
    return _reserve("submit", request, email)


def release_submission(request, email):
    """Give back a reservation whose submission was not created (a retry of one that was)."""
    _release("submit", request, email)


def reserve_draft(request, email):
    """Count a new draft, or a draft's link about to be e-mailed to `email`, as a
    submission is counted: the same limits, counters of their own ("" when it may go)."""
    return _reserve("draft", request, email)


def release_draft(request, email):
    """Give back a draft reservation that created nothing and sent nothing."""
    _release("draft", request, email)


def _mail_key(draft_id, email):
    return f"ratelimit:draft-mail:{draft_id}:{email.strip().lower()}"


def mailed_this_hour(draft_id, email):
    """Whether this draft's link went to this address within the hour: a draft saved
    again, or its address changed back and forth, does not send its link again."""
    return cache.get(_mail_key(draft_id, email)) is not None


def note_mail(draft_id, email):
    cache.set(_mail_key(draft_id, email), 1, WINDOW_SECONDS)


def _unhit(scope, ident, window):
    with contextlib.suppress(ValueError):  # already expired
        cache.decr(_key(scope, ident, window))


def hit(scope, ident):
    """Count one more under `scope` for `ident` this clock hour (the public forms of other
    apps): (the count so far, when the next hour starts)."""
    window, retry_at = _window()
    return _hit(scope, ident, window), retry_at
