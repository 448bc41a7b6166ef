"""published/templatetags/published_images.py: the public pages' {% image %} writes what
Wagtail's writes, for any spec and attributes, with its filter made once per spec."""

from unittest import mock

import pytest
from django.template import engines
from wagtail.images.models import Filter

from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db


def render(library, tag, **context):
    source = "{% load " + library + " %}" + tag
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize("spec", ["fill-480x320", "max-960x960", "width-200 format-png"])
def test_the_tag_writes_what_wagtails_writes(spec):
    image = ImageFactory(
        focal_point_x=10, focal_point_y=20, focal_point_width=30, focal_point_height=30
    )
    context = {
        "img": image,
        "alt": '居民"议事"<会> & 它\'s',
        "on": True,
        "off": False,
        "none": None,
    }
    tag = (
        f'{{% image img {spec} alt=alt class="case-card__image" loading="lazy" '
        "data-on=on data-off=off data-none=none %}"
    )
    ours = render("published_images", tag, **context)
    assert ours == render("wagtailimages_tags", tag, **context)
    assert ' alt="居民&quot;议事&quot;&lt;会&gt; &amp; 它&#x27;s"' in ours and " data-on" in ours
    # The rendition as a variable, as Wagtail's tag gives it.
    tag = f"{{% image img {spec} as photo %}}{{{{ photo.url }}}} {{{{ photo.width }}}}"
    assert render("published_images", tag, img=image) == render(
        "wagtailimages_tags", tag, img=image
    )


def test_no_image_writes_nothing():
    assert render("published_images", "{% image img fill-10x10 %}", img=None) == ""


def test_the_filter_is_made_once_per_spec():
    images = [ImageFactory() for _ in range(3)]
    tag = "{% for img in images %}{% image img fill-123x45 %}{% endfor %}"
    render("published_images", tag, images=images)  # renditions made
    with mock.patch.object(Filter, "__init__", autospec=True, side_effect=Filter.__init__) as made:
        html = render("published_images", tag, images=images)
    assert html.count("<img") == 3
    assert made.call_count == 0
