"""Parts of public pages kept per content generation: in the shared cache (Redis in
production) and, for the few a process uses most, in its own memory."""

import hashlib
import pickle
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from published import prepared
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
        if not _none_shared_yet(full_key):
            found = cache.get(full_key, MISSING)
        if found is MISSING:
            found = produce()
            if keep is not None and not keep(found):
                return found
            written = {full_key: found, mark_of(full_key): True}
            pending = _pending.get()
            if pending is None:
                cache.set_many(written, PART_SECONDS)
            else:
                pending.update(written)
        near_set(full_key, found)
    return found


_pending = ContextVar("published_pending_parts", default=None)
# Per page view: {mark: whether the shared cache had no part of its generation}.
_unshared = ContextVar("published_unshared_generations", default=None)


def mark_of(full_key):
    """The key written with every part of a generation and release: while it is absent,
    no part of them is in the shared cache, and a page view made just after a change
    asks once for it instead of once for each of its six to eight parts (each a miss,
    a quarter of a cold page's time in Redis round trips)."""
    return ":".join([*full_key.split(":", 3)[:3], "~parts"])


def _none_shared_yet(full_key):
    unshared = _unshared.get()
    if unshared is None:  # not inside a page view: each part is asked for
        return False
    mark = mark_of(full_key)
    if mark not in unshared:
        unshared[mark] = near_get(mark) is MISSING and cache.get(mark) is None
        if not unshared[mark]:
            near_set(mark, True)  # later views in this process need not ask
    return unshared[mark]


@contextmanager
def writing_at_the_end():
    """The parts made during this block go to the shared cache in one round trip at its
    end (set_many: one pipeline in Redis), not one each: a page made afresh makes six to
    eight. Meanwhile this process's own memory has them. Inside it, a generation whose
    mark (mark_of) is not in the shared cache has its parts made without asking for
    each."""
    if _pending.get() is not None:  # already inside one
        yield
        return
    pending = {}
    token, unshared = _pending.set(pending), _unshared.set({})
    try:
        yield
    finally:
        _pending.reset(token)
        _unshared.reset(unshared)
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
    if generation is None:
        prepared.forget_asked()  # what views asked, read ahead on their next cold view
