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
- The Site's root page is handed to Wagtail's router in its specific form, fetched by a
  query compiled once (give_specific(): the value of the cached_property Page.specific),
  instead of the query .specific compiles on every new generation.
- A request's Site is found by published/routing.py's site_for() (Wagtail's documented
  rules over every Site, read by a query compiled once) and handed to Wagtail through
  request._wagtail_site before its router asks.
- The Site's root paths (what page URLs are made from), which Wagtail reads from the
  cache on a request's first URL and keeps in request._wagtail_cached_site_root_paths
  (Page._get_site_root_paths), are made by site_root_paths() as
  Site.get_site_root_paths() makes them, from the Sites routing read anyway, kept with
  the route and handed to Wagtail there: a cache round trip less per page view.
- Page.get_view_restrictions() is overridden (ViewRestrictionsShortcut): Wagtail's
  serve hook (check_view_restrictions) calls it on every view and it costs two queries;
  the override answers "none" from a per-generation list of restricted paths.
- Wagtail's API v3 (django-ninja and pydantic: about 40 MB in every process) is not
  loaded: the portal does not install wagtail.api.v3 nor mount its URLs, yet the images,
  documents, snippets and redirects apps register their v3 routers in their ready().
  without_api_v3() answers those imports with empty stand-ins (API_V3_STANDINS), and
  wagtail.api.validators (pydantic, 7 MB, for API v2's site filter alone) with one that
  loads the real module when first called (LAZY_STANDINS).
- {% image %} on the public pages is Wagtail's tag with two costs taken out
  (ImageNode, published/templatetags/published_images.py): its node made a new Filter,
  and parsed its spec again, on every render (wagtail/images/templatetags/
  wagtailimages_tags.py: ImageNode.get_filter), and AbstractRendition.img_tag() joins
  the attributes with Django's flatatt(), a format_html() per attribute. The same
  rendition lookup (get_rendition_or_not_found), the same attributes in the same order
  (attrs_dict, the app's default_attrs, then the tag's), the same escaping.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import sys

import wagtail

ADAPTED_FOR = "8.0.1"

SITE = "_wagtail_site"
ROUTE = "_wagtail_route_for_request"
ROOT_PATHS = "_wagtail_cached_site_root_paths"


def routed(request):
    """Whether Wagtail already knows this request's route."""
    return hasattr(request, ROUTE)


def routed_state(request):
    """The Site, route and Site root paths Wagtail found for this request: what routing
    keeps."""
    return getattr(request, SITE, None), getattr(request, ROUTE), getattr(request, ROOT_PATHS, None)


def has_site(request):
    """Whether Wagtail already knows this request's Site."""
    return hasattr(request, SITE)


def prime_site(request, site):
    """Hand Wagtail the request's Site (or None: no Site answers)."""
    setattr(request, SITE, site)


def prime(request, site, route, root_paths=None):
    """Hand Wagtail a Site, route and Site root paths found earlier, as if it had found
    them itself."""
    setattr(request, SITE, site)
    setattr(request, ROUTE, route)
    if root_paths is not None:
        prime_root_paths(request, root_paths)


def prime_root_paths(request, root_paths):
    setattr(request, ROOT_PATHS, root_paths)


def site_root_paths(sites):
    """Site.get_site_root_paths() (without translations: WAGTAIL_I18N_ENABLED off) from
    these Sites, their root pages and locales selected with them."""
    from wagtail.models.sites import SiteRootPath

    ordered = sorted(sites, key=lambda site: site.hostname)
    ordered.sort(key=lambda site: site.is_default_site, reverse=True)
    ordered.sort(key=lambda site: site.root_page.url_path, reverse=True)
    return [
        SiteRootPath(
            site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
        )
        for site in ordered
    ]


def give_specific(page, specific):
    """Page.specific answered with an object already fetched, as get_specific() makes it
    (the generic page's other attributes copied where the specific one has none): the
    cached_property's value is kept in the instance's __dict__."""
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    page.__dict__["specific"] = specific


class ViewRestrictionsShortcut:
    """A page mixin: get_view_restrictions() without queries when restricted(page) says
    that no restriction can apply (Wagtail's own lookup otherwise)."""

    def restrictions_may_apply(self):  # pragma: no cover - given by the page class
        return True

    def get_view_restrictions(self):
        if not self.restrictions_may_apply():
            from wagtail.models import PageViewRestriction  # apps are loaded by now

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class ImageNode:
    """Made by image_node() from Wagtail's own node: the tag's filter made once per spec
    in the process (a Filter holds nothing of an image; its operations are the hooks'
    registered at start-up), and the <img> written as img_tag() writes it."""

    def get_filter(self):
        return image_filter("|".join(self.filter_specs))

    def render(self, context):
        from wagtail.images.shortcuts import get_rendition_or_not_found

        image = self.validate_image(context)
        if not image:
            return ""
        rendition = get_rendition_or_not_found(image, self.get_filter())
        if self.output_var_name:
            context[self.output_var_name] = rendition
            return ""
        return img_tag(
            rendition, {key: value.resolve(context) for key, value in self.attrs.items()}
        )


_filters = {}


def image_filter(spec):
    """Wagtail's Filter for this spec, made and parsed once per process (image.
    get_rendition(spec) makes one anew each call)."""
    found = _filters.get(spec)
    if found is None:
        from wagtail.images.models import Filter

        found = _filters[spec] = Filter(spec=spec)
        found.operations  # noqa: B018 - parsed now, once
    return found


def image_node(node):
    """Wagtail's {% image %} node as ImageNode (its srcset and picture forms unchanged)."""
    from wagtail.images.templatetags import wagtailimages_tags

    if type(node) is wagtailimages_tags.ImageNode:
        node.__class__ = _image_node_class()
    return node


def _image_node_class():
    from wagtail.images.templatetags import wagtailimages_tags

    if not hasattr(ImageNode, "_class"):
        ImageNode._class = type("ImageNode", (ImageNode, wagtailimages_tags.ImageNode), {})
    return ImageNode._class


def img_tag(rendition, extra_attributes):
    """AbstractRendition.img_tag(extra_attributes): the same attributes and escaping as
    flatatt() (sorted key="value" pairs, then the true booleans by name), joined at once."""
    from django.apps import apps
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    attrs = rendition.attrs_dict.copy()
    attrs.update(apps.get_app_config("wagtailimages").default_attrs)
    attrs.update(extra_attributes)
    pairs, flags = [], []
    for name, value in attrs.items():
        if isinstance(value, bool):
            if value:
                flags.append((name,))
        elif value is not None:
            pairs.append((name, value))
    text = "".join(
        [
            f' {conditional_escape(name)}="{conditional_escape(value)}"'
            for name, value in sorted(pairs)
        ]
        + [f" {conditional_escape(name)}" for (name,) in sorted(flags)]
    )
    return mark_safe(f"<img{text}>")  # noqa: S308 - every part escaped above


class _UnusedAPI:
    """Takes the routers Wagtail's apps register, for an API never served."""

    def add_router(self, prefix, router, **kwargs):
        pass


def _nothing(*args, **kwargs):
    pass


# The modules Wagtail 8.0.1's apps import in ready() for API v3, and what they take from
# each (wagtail/{images,documents,snippets}/apps.py, wagtail/contrib/redirects/apps.py).
API_V3_STANDINS = {
    "wagtail.api.v3.api": {"api": _UnusedAPI()},
    "wagtail.images.api.v3.registry": {"register_content_types": _nothing},
    "wagtail.images.api.v3.router": {"router": None},
    "wagtail.documents.api.v3.registry": {"register_content_types": _nothing},
    "wagtail.documents.api.v3.router": {"router": None},
    "wagtail.snippets.api.v3": {"register_content_types": _nothing},
    "wagtail.snippets.api.v3.router": {"router": None},
    "wagtail.contrib.redirects.api.v3": {"router": None},
}

# wagtail/api/querysets.py (the public pages of API v2, which /api/v2/ and the admin's
# explorer serve) takes SiteFilterValidator from wagtail/api/validators.py, a pydantic
# model: every worker loaded pydantic (7 MB) for it when Wagtail's hooks imported the API
# views. Its stand-in loads the real module, beside it under another name, on first use.
VALIDATORS = "wagtail.api.validators"


def _real_validators():
    loaded = f"{VALIDATORS}_loaded"
    if loaded not in sys.modules:
        import wagtail.api

        found = importlib.machinery.PathFinder.find_spec(VALIDATORS, wagtail.api.__path__)
        spec = importlib.util.spec_from_file_location(loaded, found.origin)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[loaded] = module
    return sys.modules[loaded]


def _site_filter_validator(*args, **kwargs):
    return _real_validators().SiteFilterValidator(*args, **kwargs)


LAZY_STANDINS = {VALIDATORS: {"SiteFilterValidator": _site_filter_validator}}


class _StandIns(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name in API_V3_STANDINS:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        if name in LAZY_STANDINS:
            return importlib.machinery.ModuleSpec(name, self)
        return None

    def create_module(self, spec):
        return None  # the default module

    def exec_module(self, module):
        if module.__name__ in LAZY_STANDINS:
            module.__dict__.update(LAZY_STANDINS[module.__name__])
            return
        module.__path__ = []
        module.__dict__.update(API_V3_STANDINS[module.__name__])


_STANDINS = _StandIns()


def without_api_v3():
    """Before the apps are loaded (settings): Wagtail's API v3 is not imported unless
    installed. Idempotent."""
    from django.conf import settings

    if "wagtail.api.v3" in settings.INSTALLED_APPS or _STANDINS in sys.meta_path:
        return
    loaded = [name for name in [*API_V3_STANDINS, *LAZY_STANDINS] if name in sys.modules]
    if loaded:  # too late to leave it out: nothing is changed
        return
    sys.meta_path.insert(0, _STANDINS)


def installed_version():
    return wagtail.__version__
