"""From an address to a page, with its Site and view restrictions, once per generation.

Wagtail is told what was found through published/wagtail_internals.py (its private
request attributes, its view-restriction lookup): nothing else here knows its internals."""

import functools
import pickle

from django.conf import settings
from django.db.models import Aggregate, Q, Subquery, TextField, Value
from django.http.request import split_domain_port
from wagtail.models import Page, Site

from published import prepared
from published import wagtail_internals as wagtail_adapter
from published.parts import (
    key_of,
    plain_request,
    remember,
)
from published.prepared import Prepared, ahead


def route(request, path):
    """Wagtail's route for this request, kept per generation: the Site and the page with
    the parents it was routed through. Addresses that lead nowhere are not kept (a scan of
    random addresses must not fill the cache)."""
    if wagtail_adapter.routed(request):
        return
    key = key_of("route", request._get_raw_host(), request.get_port(), path)

    def produce():
        # Not viewed yet in this generation: the page's parts will be made too. What the
        # last such view of the address asked (the Sites, each level of the route, the
        # parts) is asked again now, in one round trip; a query whose parameters the
        # change altered is asked as usual when it comes (published/prepared.py).
        setattr(request, _ROUTE_MADE, True)
        prepared.ahead_again(prepared.asked_before(address_of(request)) or ())
        sites = _SITES.list()
        if sites:  # the generation's special paths came with them
            remember(None, "special-paths", lambda: _special_paths_of(sites[0]))
        if not wagtail_adapter.has_site(request):
            hostname = split_domain_port(request._get_raw_host())[0]
            wagtail_adapter.prime_site(request, site_for(hostname, request.get_port(), sites))
        site = Site.find_for_request(request)
        if site is not None and not settings.WAGTAIL_I18N_ENABLED:
            root = site.root_page
            model = root.specific_class
            if model is not None and "specific" not in root.__dict__:
                specific = _joined_specific(root, model)
                if specific is None:  # a root of a type the Sites' query does not join
                    specific = _SPECIFIC_PAGE.first(model, root.pk, shape=model._meta.label)
                if specific is not None:
                    wagtail_adapter.give_specific(root, specific)
            # Page URLs are made from these; Wagtail would read them from the cache.
            wagtail_adapter.prime_root_paths(request, wagtail_adapter.site_root_paths(sites))
        result = Page.route_for_request(request, path)
        if result is None:
            return None
        # Pickled here: the page objects are this request's, which may still change them.
        state = wagtail_adapter.routed_state(request)
        return pickle.dumps(state, pickle.HIGHEST_PROTOCOL)

    found = remember(request, key, produce, keep=lambda value: value is not None)
    if found is not None and not wagtail_adapter.routed(request):
        wagtail_adapter.prime(request, *pickle.loads(found))  # noqa: S301 - our cache


_ROUTE_MADE = "_published_route_made"


def address_of(request):
    return request.get_host(), request.get_full_path()


def page_made_afresh(request):
    """Whether this view routed its page anew: the first view of the address in this
    content generation, whose parts are then made now (all of them after a change; the
    page's own when other pages were viewed since)."""
    return getattr(request, _ROUTE_MADE, False)


def ahead_for_page(request, calls):
    """ahead() for a page made afresh. When its address was made afresh before in this
    process, only the queries that view asked (a part it found made, the menu another
    page had made, is not read for nothing), with today's parameters; otherwise all."""
    before = prepared.asked_before(address_of(request))
    if before:
        wanted = {(query, shape) for query, shape, _params in before}
        calls = [call for call in calls if (call.prepared, call.shape) in wanted]
    ahead(*calls)


def site_for(hostname, port, sites=None):
    """The Site that answers for this hostname and port, by the rules Wagtail documents
    for Site.find_for_request (hostname and port, then the hostname's default, then a
    hostname's only Site, then the default Site), from every Site read by one query
    compiled once: Wagtail's own lookup compiled a query with a CASE on every new
    generation (a sixth of a cold case page's CPU)."""
    try:
        port = int(port)  # request.get_port() gives text
    except (TypeError, ValueError):
        port = None
    sites = _SITES.list() if sites is None else sites
    named = [site for site in sites if site.hostname == hostname]
    for site in named:
        if site.port == port:
            return site
    for site in named:
        if site.is_default_site:
            return site
    if len(named) == 1:
        return named[0]
    return next((site for site in sites if site.is_default_site), None)


@functools.cache
def _root_links():
    """Page's one-to-one links to the page types a Site's root can be (those allowed at the
    top of the tree): the Sites' query joins them, so the root page comes in its specific
    form with the Site instead of by a query of its own on every new generation."""
    top_level = Page.allowed_subpage_models()
    return [
        relation
        for relation in Page._meta.related_objects
        if relation.one_to_one
        and relation.parent_link
        and issubclass(relation.related_model, Page)
        and relation.related_model._meta.parents.get(Page) is relation.field
        and relation.related_model in top_level
    ]


def _sites():
    links = [f"root_page__{relation.get_accessor_name()}" for relation in _root_links()]
    # Each Site row also carries the generation's special paths (_special_paths()): routing
    # reads them with the Sites instead of by a query of its own.
    return (
        Site.objects.select_related("root_page__locale", *links)
        .annotate(
            restricted_paths=_paths_of(Q(view_restrictions__isnull=False)),
            alias_paths=_paths_of(Q(alias_of__isnull=False, view_restrictions__isnull=True)),
        )
        .order_by("pk")
    )


class _PathList(Aggregate):
    """Page paths joined by commas in one value (treebeard's alphabet has none)."""

    function = "STRING_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s, ',')"
    allow_distinct = True
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="GROUP_CONCAT",
            template="%(function)s(%(distinct)s%(expressions)s)",
            **extra_context,
        )


def _paths_of(condition):
    """The paths of the pages meeting condition, as one value: an aggregate over all of
    them (a constant grouped by is no GROUP BY at all)."""
    pages = Page.objects.filter(condition).order_by().annotate(every=Value(1)).values("every")
    return Subquery(pages.annotate(paths=_PathList("path", distinct=True)).values("paths"))


def _special_paths_of(site):
    """(restricted, aliases) as _read_special_paths() gives them, from a Site row."""
    return tuple(
        sorted(set(paths.split(","))) if paths else []
        for paths in (site.restricted_paths, site.alias_paths)
    )


def _joined_specific(root, model):
    """The root page's specific form as the Sites' query joined it, or None."""
    for relation in _root_links():
        if relation.related_model is model and relation.is_cached(root):
            return relation.get_cached_value(root)
    return None


_SITES = Prepared(_sites, lambda: [])


# A page in its specific form by id, compiled once per page type (the Site's root page).
_SPECIFIC_PAGE = Prepared(lambda model, pk: model.objects.filter(pk=pk), lambda model, pk: [pk])


def public(queryset, restricted=None):
    """queryset.public(), Wagtail's filter for pages under no view restriction, with the
    restricted sections read once per generation instead of by every call (or given:
    restricted_paths(), for a query prepared per number of them)."""
    private = Q(pk__in=[])
    for path in restricted_paths() if restricted is None else restricted:
        private |= Q(path__startswith=path)
    return queryset.exclude(private)


def restricted_paths():
    """The paths of the sections under a view restriction, once per generation."""
    return _special_paths()[0]


def _special_paths():
    """(paths with a view restriction, paths of aliases), read in one query once per
    generation: both the lists' filter and every page view ask."""
    return remember(None, "special-paths", _read_special_paths)


_SPECIAL_PATHS = Prepared(
    lambda: (
        Page.objects.filter(Q(view_restrictions__isnull=False) | Q(alias_of__isnull=False))
        .values_list("path", "view_restrictions__id")
        .distinct()
    ),
    lambda: [],
)


def _read_special_paths():
    rows = _SPECIAL_PATHS.list()
    restricted = sorted({path for path, restriction in rows if restriction is not None})
    aliases = sorted({path for path, restriction in rows if restriction is None})
    return restricted, aliases


class PublishedPageMixin(wagtail_adapter.ViewRestrictionsShortcut):
    """Pages whose view restrictions are looked up once per generation when none apply
    (the usual case), instead of two queries per request."""

    def restrictions_may_apply(self):
        return self.alias_of_id is not None or _restricted(self.path)

    def serve(self, request, *args, **kwargs):
        self.ask_ahead(request)
        return super().serve(request, *args, **kwargs)

    def ask_ahead(self, request):
        """Made afresh, the page's parts ask their queries together, in one round trip,
        instead of one at a time as the template reaches them (once per request)."""
        if (
            page_made_afresh(request)
            and plain_request(request)
            and not getattr(request, "_published_asked_ahead", False)
        ):
            request._published_asked_ahead = True
            ahead_for_page(request, self.read_ahead(request))

    def read_ahead(self, request):
        """What this page's parts ask when made afresh (Prepared.call()s) and need only
        the page to know: asked together before it is rendered. Here, what the apps
        above registered (read_ahead_also()); a page model adds its own."""
        return [
            call
            for models, calls in _ALSO_AHEAD
            if isinstance(self, models)
            for call in calls(self)
        ]


# What template tags of the apps above ask on pages of some models (the menu on every
# page, the 公示 notices on a campaign's, where the book prints a case on a case's),
# registered by those apps' ready(): published and the page models sit below the apps
# whose tags ask it, and imports run one way (tests/test_layout.py).
_ALSO_AHEAD = []


def read_ahead_also(calls, models=Page):
    """calls(page) -> Prepared.call()s, read ahead for every published page that is an
    instance of `models` (a class or a tuple of classes)."""
    _ALSO_AHEAD.append((models, calls))


def _restricted(path):
    """Whether this page or an ancestor has a restriction or is an alias (then Wagtail's
    own lookup decides)."""
    restricted, aliases = _special_paths()
    paths = {*restricted, *aliases}
    step = Page.steplen
    return any(path[:end] in paths for end in range(step, len(path) + 1, step))
