"""Open Graph metadata of a case page: a link pasted into a chat app shows a card with
the title, the 摘要 and a photo. Public fields only; every URL absolute."""

from django import template
from django.utils.text import Truncator

from cases.models import CasePhoto

register = template.Library()

SITE_NAME = "社区治理优秀案例征集平台"
IMAGE_SPEC = "fill-1200x630"  # the card's shape in the common chat apps
DESCRIPTION_CHARS = 120


def _absolute(root, url):
    return url if url.startswith(("http://", "https://")) else root.rstrip("/") + url


@register.inclusion_tag("promotion/components/sharing_meta.html")
def sharing_meta(page):
    site = page.get_site()
    root = site.root_url if site else ""
    photo = page.pk and (
        CasePhoto.objects.filter(page=page, image__is_private=False)
        .select_related("image")
        .order_by("sort_order")
        .first()
    )
    image = None
    if photo:  # a page being previewed before its first save has none
        rendition = photo.image.get_rendition(IMAGE_SPEC)
        image = {
            "url": _absolute(root, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": photo.alt,
        }
    description = page.summary or page.search_description or ""
    return {
        "title": page.seo_title or page.title,
        "description": Truncator(" ".join(description.split())).chars(DESCRIPTION_CHARS),
        "url": page.full_url,
        "site_name": (site.site_name if site else "") or SITE_NAME,
        "image": image,
    }
