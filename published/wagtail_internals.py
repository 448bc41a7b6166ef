"""Every use of Wagtail's undocumented internals, in one place.

Written for and checked against the Wagtail version below: tests/published/
test_wagtail_internals.py fails as soon as another version is installed, and asks for
each use here to be checked again (its other tests show whether the behaviour held).

- The route of a request, kept per content generation (published/routing.py), is handed
  to Wagtail through the attributes its own per-request memo uses:
  Site.find_for_request() reads request._wagtail_site and Page.route_for_request()
  reads request._wagtail_route_for_request (wagtail/models/sites.py, pages.py). Without
  them Wagtail routes again: the Site and one query per level of the address (4 queries
  on a case page, every request, cached or not).
- Page.get_view_restrictions() is overridden (ViewRestrictionsShortcut): Wagtail's
  serve hook (check_view_restrictions) calls it on every view and it costs two queries;
  the override answers "none" from a per-generation list of restricted paths.
"""

import wagtail
from wagtail.models import PageViewRestriction

ADAPTED_FOR = "8.0.1"
SITE = "_wagtail_site"
ROUTE = "_wagtail_route_for_request"


def routed(request):
    """Whether Wagtail already knows this request's route."""
    return hasattr(request, ROUTE)


def routed_state(request):
    """The Site and route Wagtail found for this request: what routing keeps."""
    return getattr(request, SITE, None), getattr(request, ROUTE)


def prime(request, site, route):
    """Hand Wagtail a Site and route found earlier, as if it had found them itself."""
    setattr(request, SITE, site)
    setattr(request, ROUTE, route)


class ViewRestrictionsShortcut:
    """A page mixin: get_view_restrictions() without queries when restricted(page) says
    that no restriction can apply (Wagtail's own lookup otherwise)."""

    def restrictions_may_apply(self):  # pragma: no cover - given by the page class
        return True

    def get_view_restrictions(self):
        if not self.restrictions_may_apply():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def installed_version():
    return wagtail.__version__
