"""The main navigation: the site's top-level pages marked "show in menus"."""

from django import template
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from cases.models import CampaignPage
from published import parts as published
from published.prepared import Prepared

register = template.Library()


def _site_root_path(context):
    page = context.get("page")
    if page is not None and page.depth >= 2:
        # Every public page sits under the home page at depth 2: no query needed.
        return page.path[: page.steplen * 2]
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page.path if site else None


@register.simple_tag(takes_context=True)
def main_nav(context):
    """The menu, rendered once per content generation and section (published/)."""
    root_path = _site_root_path(context)
    if root_path is None:
        return ""
    # The item marked current is the one the page is under (depth 3: a campaign, the library).
    current_path = getattr(context.get("page"), "path", "")
    section = current_path[: len(root_path) + Page.steplen]
    request = context.get("request")
    html = published.remember(
        request,
        published.key_of("nav", root_path, section),
        lambda: render_to_string(
            "components/main_nav.html", {"items": _nav_items(root_path, section)}, request
        ),
    )
    return mark_safe(html)  # noqa: S308 - rendered by the template engine


def menu_call(page):
    """The menu's query as the page's menu asks it (Prepared.call()), or None: for a
    page made afresh to ask it with its own (published/routing.py, read_ahead())."""
    if page.depth is None or page.depth < 2:
        return None
    return _NAV_ITEMS.call(page.path[: page.steplen * 2])


def _nav_items(root_path, section):
    items = _NAV_ITEMS.list(root_path)
    return [(item, bool(section) and section.startswith(item.path)) for item in items]


def _nav_query(root_path):
    # Campaign titles are whole notice titles: the menu shows their short title.
    short_title = CampaignPage.objects.filter(pk=OuterRef("pk")).exclude(short_title="")
    return (
        Page.objects.live()
        .in_menu()
        .filter(path__startswith=root_path, depth=len(root_path) // Page.steplen + 1)
        .annotate(nav_title=Coalesce(Subquery(short_title.values("short_title")[:1]), "title"))
        .order_by("path")
    )


# Compiled once (published/prepared.py): every page made afresh reads the menu.
_NAV_ITEMS = Prepared(
    _nav_query, lambda root_path: ["", len(root_path) // Page.steplen + 1, f"{root_path}%"]
)


@register.simple_tag
def nav_title(page):
    """A page's short title where it has one (campaigns), else its title."""
    return getattr(page, "nav_title", None) or page.title


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The page's ancestors below the root, from parents cached during routing."""
    page = context["page"]
    trail = []
    parent = page.get_parent()
    while parent is not None and parent.depth >= 2:
        trail.insert(0, parent)
        parent = parent.get_parent() if parent.depth > 2 else None
    # The request too: {% pageurl %} then reads the Site's root paths once per request,
    # not once per link (each a cache round trip).
    return {"page": page, "trail": trail, "request": context.get("request")}


@register.simple_tag
def portal_name():
    """The portal's name (WAGTAIL_SITE_NAME), for titles the CMS would sign "Wagtail"."""
    return settings.WAGTAIL_SITE_NAME
