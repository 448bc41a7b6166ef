"""{% image %} for the public pages: Wagtail's tag and output, cheaper per image (a card
grid shows twelve; published/wagtail_internals.py says what differs and why). Load it
after wagtailimages_tags, or instead of it."""

from django import template
from wagtail.images.templatetags import wagtailimages_tags

from published.wagtail_internals import image_node

register = template.Library()


@register.tag("image")
def image(parser, token):
    return image_node(wagtailimages_tags.image(parser, token))
