"""Parts of public pages kept per content generation: in the shared cache (Redis in
production) and, for the few a process uses most, in its own memory."""

import hashlib
import pickle
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from published.generation import current
from published.memo import MISSING, VersionedMemo
from published.release import release

# Long enough to outlive a quiet day; a change or a release makes new keys, so nothing
# is stale.
PART_SECONDS = 6 * 60 * 60


def remember(request, key, produce, keep=None):
    """produce() once per generation for this key, from the cache after that; with
    `keep`, only a value it accepts is stored.

    Each value comes back as a copy (pickled, in every cache backend): page objects
    detached, as they were when the generation began."""
    full_key = full_key_of(request, key)
    found = near_get(full_key)
    if found is MISSING:
        found = cache.get(full_key, MISSING)
        if found is MISSING:
            found = produce()
            if keep is not None and not keep(found):
                return found
            pending = _pending.get()
            if pending is None:
                cache.set(full_key, found, PART_SECONDS)
            else:
                pending[full_key] = found
        near_set(full_key, found)
    return found


_pending = ContextVar("published_pending_parts", default=None)


@contextmanager
def writing_at_the_end():
    """The parts made during this block go to the shared cache in one round trip at its
    end (set_many: one pipeline in Redis), not one each: a page made afresh makes six to
    eight. Meanwhile this process's own memory has them."""
    if _pending.get() is not None:  # already inside one
        yield
        return
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        if pending:
            cache.set_many(pending, PART_SECONDS)


def full_key_of(request, key):
    # The release too: new templates or code never read parts the old ones rendered.
    return f"published:{current(request)}:{release()}:{key}"


def key_of(*parts):
    """A cache key from readable parts; hashed when long (memcached's 250 bytes)."""
    text = ":".join(str(part) for part in parts)
    if len(text) > 200:
        text = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    return text


def plain_request(request):
    """A request for the page as published (not a preview of a draft, not a form sent)."""
    return request.method in ("GET", "HEAD") and not getattr(request, "is_preview", False)


def lazily(**producers):
    """Context values computed only if a template reads them: a part that comes from the
    cache reads none, and its queries are never made."""
    return {name: SimpleLazyObject(produce) for name, produce in producers.items()}


# The parts this process used last, of the current generation only: a page view reads
# four or five, and Redis took 0.1–0.2 ms for each (a tenth of the page's time).
# Bounded, so a worker's memory does not grow with the library.
NEAR_ITEMS = 200
_near = VersionedMemo(NEAR_ITEMS)
_IMMUTABLE = (str, bytes, int, frozenset, type(None))


def near_get(full_key):
    found = _near.get(generation_of(full_key), full_key)
    if found is MISSING or isinstance(found, _IMMUTABLE):
        return found
    return pickle.loads(found[0])  # noqa: S301 - pickled by this process


def near_set(full_key, value):
    kept = value if isinstance(value, _IMMUTABLE) else (pickle.dumps(value, -1),)
    _near.set(generation_of(full_key), full_key, kept)


def generation_of(full_key):
    return full_key.split(":", 2)[1]


def forget(generation=None):
    """Drop what this process keeps (a new generation; tests, between them)."""
    _near.forget(generation)
