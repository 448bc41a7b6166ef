"""What a published change makes stale in the front cache (deploy/nginx), and purging it.

Wagtail's frontend_cache purges a page's own URL when it is published or unpublished.
A case also appears on other pages: the home page, its campaign, the library, the cases
that show it as related, the web edition of the compilation, the sitemap and the API's
listings. Those are purged with it, on publish, unpublish, move and delete. Purging is
skipped without a front cache configured (WAGTAILFRONTENDCACHE, FRONTEND_CACHE_URL).
"""

import logging

from django.conf import settings
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

logger = logging.getLogger(__name__)

# Listings outside the page tree. The API's listings with a query string cannot be
# purged by prefix (Debian's cache-purge module matches exact keys): the front cache
# keeps those a minute only (portal/cache_headers.py).
LISTING_PATHS = ("/sitemap.xml", "/api/v2/pages/")


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def pages_listing(page):
    """The live pages that show `page` (a case) besides itself."""
    from cases.models import CampaignPage, CaseLibraryPage, CasePage, CompilationPage

    listing = list(Page.objects.live().filter(depth__lte=2).exclude(depth=1))  # home
    listing += list(CaseLibraryPage.objects.live())
    listing += list(CampaignPage.objects.live().ancestor_of(page))
    listing += list(CompilationPage.objects.live().descendant_of(page.get_parent()))
    if isinstance(page.specific, CasePage):
        # Related cases are drawn from the same section: every live case of it may list it.
        case = page.specific
        listing += list(
            CasePage.objects.live().filter(category_id=case.category_id).exclude(pk=case.pk)
        )
    return listing


def purge_for(page):
    """Purge the page and everything that lists it."""
    if not configured():
        return
    batch = PurgeBatch()
    batch.add_page(page)
    batch.add_pages(pages_listing(page))
    site = page.get_site()
    root = site.root_url if site else ""
    batch.add_urls([root + path for path in LISTING_PATHS])
    try:
        batch.purge()
    except Exception:  # a front cache that is down must not stop a publish
        logger.exception("前端缓存清除失败：%s", page)
