"""Which responses the front cache (deploy/nginx) may keep, and for how long: not at all
without asking the portal again.

An anonymous GET of a public page is sent with an ETag made of what it depends on (the
content generation, the release, the address without tracking parameters, and for a page
that changes with time alone the moment it does) and `X-Accel-Expires: @<now>`: nginx
keeps it but asks again from the next second on (proxy_cache_revalidate), and the portal
answers 304 when nothing it shows changed, before any view runs (one small query). So a
withdrawal, a restriction, a rename or a new release reaches every address form within a
second, with no list of pages to purge; a 304 costs a fraction of a page (bench/load.py).

Never kept: the admin, the apply form and the private status links, search results for a
query (each query is one visitor's: caching them would fill the cache with one-offs),
anything for a logged-in user or setting a cookie. Browsers get max-age=0 and revalidate.
"""

import hashlib
import re
import time
from urllib.parse import parse_qsl, urlencode

from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

from published.generation import current
from published.release import release

NEVER_CACHED = ("/admin/", "/django-admin/", "/apply/", "/documents/", "/cms-")
SESSION_COOKIES = ("sessionid", "csrftoken")
# Parameters shared links carry and no page reads: the same page (deploy/nginx/portal.conf
# leaves them out of its cache key too).
TRACKING = re.compile(
    r"(utm_[a-z_]+|from|isappinstalled|scene|clicktime|enterid|spm|fbclid|gclid|share_token)"
)


def revalidatable(request):
    """A request whose answer may be kept: judged before the view, from the request."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NEVER_CACHED) or "/apply/" in request.path:
        return False
    if request.path.startswith("/search/") and request.GET:
        return False
    return not any(name in request.COOKIES for name in SESSION_COOKIES)


def cacheable(request, response):
    if not revalidatable(request) or response.status_code not in (200, 301, 404):
        return False
    if response.cookies:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    existing = response.get("Cache-Control", "")
    return "private" not in existing and "no-store" not in existing


def page_query(request):
    """The query string without tracking parameters, as the page reads it."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode([(key, value) for key, value in pairs if not TRACKING.fullmatch(key)])


def etag(request, generation, until=0):
    """Weak: nginx compresses after the cache. `until`: when a page that changes with
    time alone changes (0: never), readable from the tag itself."""
    text = "\n".join(
        [str(generation), release(), request.get_host(), request.path, page_query(request)]
    )
    digest = hashlib.sha256(f"{text}\n{until}".encode()).hexdigest()[:20]
    return f'W/"{digest}-{until}"'


def _until(tag):
    try:
        return int(tag.strip().removeprefix("W/").strip('"').rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None


def not_modified(request, generation):
    """The If-None-Match tag still names what this address shows now, or None."""
    now = time.time()
    for tag in request.META.get("HTTP_IF_NONE_MATCH", "").split(","):
        until = _until(tag)
        if until is None or (until and until <= now):
            continue
        if tag.strip() == etag(request, generation, until):
            return tag.strip()
    return None


def _kept_headers(response, tag):
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = tag
    # For nginx only (it strips the header): stale from the next second on, revalidated.
    response["X-Accel-Expires"] = f"@{int(time.time())}"


class FrontCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        generation = None
        if revalidatable(request):
            # Read before the page is made: its tag names the generation it was made of
            # (a change committed meanwhile makes the next request render again).
            generation = current(request)
            if tag := not_modified(request, generation):
                response = HttpResponseNotModified()
                _kept_headers(response, tag)
                return response
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Encoding"])
        # A page that changes with time alone (the days left to a deadline) says in how
        # many seconds, in its own X-Accel-Expires: the tag changes then.
        seconds = response.get("X-Accel-Expires")
        if seconds is not None:
            del response["X-Accel-Expires"]
        if generation is not None and cacheable(request, response):
            until = int(time.time()) + int(seconds) if seconds is not None else 0
            _kept_headers(response, etag(request, generation, until))
        elif "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response
