"""Open Graph metadata of a case page: a link pasted into a chat app shows a card with
the title, the 摘要 and a photo. Public fields only; every URL absolute.

It reads what the page's view has already: the request's Site and the page's photos with
their gallery renditions (CasePage.get_context), so the card costs no query of its own."""

from django import template
from django.utils.text import Truncator
from wagtail.models import Site

from cases.models.photos import GALLERY_SPEC
from published.wagtail_internals import image_filter

register = template.Library()

SITE_NAME = "社区治理优秀案例征集平台"
DESCRIPTION_CHARS = 120


def _absolute(root, url):
    return url if url.startswith(("http://", "https://")) else root.rstrip("/") + url


@register.inclusion_tag("promotion/components/sharing_meta.html", takes_context=True)
def sharing_meta(context, page):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    root = site.root_url if site else ""
    public = [p for p in context.get("photos") or () if not p.image.is_private]
    image = None
    if public:
        rendition = public[0].image.get_rendition(image_filter(GALLERY_SPEC))
        image = {
            "url": _absolute(root, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": public[0].alt,
        }
    description = page.summary or page.search_description or ""
    return {
        "title": page.seo_title or page.title,
        "description": Truncator(" ".join(description.split())).chars(DESCRIPTION_CHARS),
        "url": _absolute(root, page.get_url(request=request) or "/"),
        "site_name": (site.site_name if site else "") or SITE_NAME,
        "image": image,
    }
