"""Which responses the front cache (deploy/nginx) may keep, said in their headers.

An anonymous GET of a public page may be kept until a publish purges it (cases/
front_cache.py): X-Accel-Expires tells nginx how long (it strips the header), while
browsers get max-age=0 and revalidate, so a purge reaches readers at once. Never kept:
the admin, the apply form and the private status links, search results for a query
(each query is one visitor's: caching them would fill the cache with one-offs and serve
results a publish has made stale), anything for a logged-in user or setting a cookie.
"""

from django.utils.cache import patch_cache_control, patch_vary_headers

FRONT_CACHE_SECONDS = 24 * 60 * 60
# An API query (?type=…&search=…) has no address a publish could purge (Debian's
# cache-purge module purges exact keys, no prefixes): kept a minute only.
API_QUERY_SECONDS = 60
NEVER_CACHED = ("/admin/", "/django-admin/", "/apply/", "/documents/", "/cms-")
SESSION_COOKIES = ("sessionid", "csrftoken")


def cacheable(request, response):
    if request.method not in ("GET", "HEAD") or response.status_code not in (200, 301, 404):
        return False
    if request.path.startswith(NEVER_CACHED) or "/apply/" in request.path:
        return False
    if request.path.startswith("/search/") and request.GET:
        return False
    if any(name in request.COOKIES for name in SESSION_COOKIES) or response.cookies:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    existing = response.get("Cache-Control", "")
    return "private" not in existing and "no-store" not in existing


class FrontCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Encoding"])
        # A page that changes with time alone (the days left to a deadline) says when, in
        # its own X-Accel-Expires: kept no longer than that.
        until_changed = response.get("X-Accel-Expires")
        if until_changed is not None:
            del response["X-Accel-Expires"]
        if cacheable(request, response):
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            api_query = request.path.startswith("/api/") and request.GET
            seconds = API_QUERY_SECONDS if api_query else FRONT_CACHE_SECONDS
            if until_changed is not None:
                seconds = min(seconds, int(until_changed))
            response["X-Accel-Expires"] = str(seconds)
        elif "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response
