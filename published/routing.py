"""From an address to a page, with its Site and view restrictions, once per generation."""

import pickle

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction

from published.parts import (
    key_of,
    remember,
)


def route(request, path):
    """Wagtail's route for this request, kept per generation: the Site and the page with
    the parents it was routed through. Primes Wagtail's own per-request caches
    (request._wagtail_site, request._wagtail_route_for_request) so its serve view, tags
    and hooks find them. Addresses that lead nowhere are not kept (a scan of random
    addresses must not fill the cache)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return
    key = key_of("route", request._get_raw_host(), request.get_port(), path)

    def produce():
        result = Page.route_for_request(request, path)
        if result is None:
            return None
        # Pickled here: the page objects are this request's, which may still change them.
        return pickle.dumps((request._wagtail_site, result), pickle.HIGHEST_PROTOCOL)

    found = remember(request, key, produce, keep=lambda value: value is not None)
    if found is not None and not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_site, request._wagtail_route_for_request = pickle.loads(found)  # noqa: S301 - our cache


def public(queryset):
    """queryset.public(), Wagtail's filter for pages under no view restriction, with the
    restricted sections read once per generation instead of by every call."""
    private = Q(pk__in=[])
    for path in remember(None, "restriction-paths", _restriction_paths):
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def _restriction_paths():
    return sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))


class PublishedPageMixin:
    """Pages whose view restrictions are looked up once per generation when none apply
    (the usual case), instead of two queries per request."""

    def get_view_restrictions(self):
        if self.alias_of_id is None and not _restricted(self.path):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def _restricted(path):
    """Whether this page or an ancestor has a restriction or is an alias (then Wagtail's
    own lookup decides)."""
    paths = remember(None, "restricted-paths", _restricted_paths)
    step = Page.steplen
    return any(path[:end] in paths for end in range(step, len(path) + 1, step))


def _restricted_paths():
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    aliases = Page.objects.exclude(alias_of=None).values_list("path", flat=True)
    return frozenset([*restricted, *aliases])
