"""Print renditions: one per photo and page size, made in worker processes from a JPEG
decoded at a reduced scale, reused by every rebuild and every photo row's scale."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageChops, ImageDraw, ImageStat
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from cases.compilation import book as book_module
from cases.compilation import renditions
from cases.compilation.book import assemble
from cases.compilation.layout import GEOMETRIES, PRINT_DPI


def rendition_count():
    return get_image_model().get_rendition_model().objects.count()


def test_each_photo_gets_one_rendition_printing_at_300_dpi_or_more(book):
    built = assemble(book)
    assert len(built.photos) == 6 >= renditions.POOL_FROM  # made by the worker pool
    renditions.make_renditions(built)
    assert rendition_count() == 6
    for case in built.cases:
        assert case.blocks  # laid out: the photos' printed sizes set
    for photo in built.photos:
        rendition = photo.image.get_rendition(photo.spec)
        assert photo.url == rendition.url
        # As large as Wagtail's own filter makes it: the reduced decoding changes no size.
        assert (rendition.width, rendition.height) == Filter(photo.spec).get_transform(
            photo.image
        ).size
        dpi = rendition.width / (photo.width_mm / 25.4)
        assert dpi >= PRINT_DPI, (photo.caption, dpi)


def test_a_rebuild_and_a_smaller_photo_row_make_no_new_rendition(book):
    renditions.make_renditions(assemble(book))
    files = sorted(r.file.name for r in get_image_model().get_rendition_model().objects.all())
    again = assemble(book)
    renditions.make_renditions(again)
    assert (
        sorted(r.file.name for r in get_image_model().get_rendition_model().objects.all()) == files
    )
    # A case ending that sets its photos at 70 % prints the same rendition.
    photos = list(again.photos)
    full = [photo.spec for photo in photos]
    book_module._rows(photos, GEOMETRIES["a4"], scale=0.7)
    assert [photo.spec for photo in photos] == full
    assert all(photo.width_mm < photo.column_mm for photo in photos)


def large_photo():
    """A 3600×2700 JPEG of detail: decoded at half its size for a 856-pixel rendition."""
    image = Image.radial_gradient("L").resize((3600, 2700)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for x in range(0, 3600, 37):
        draw.line([(x, 0), (3600 - x, 2700)], fill=(200, 40, 90), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    photo = get_image_model()(title="大照片")
    photo.file = ImageFile(ContentFile(buffer.getvalue()), name="large.jpg")
    photo.save()
    return photo


def test_the_reduced_decoding_looks_like_wagtails_own_rendition(db):
    image = large_photo()
    spec = book_module.photo_spec(72.22, 72.22)
    size = renditions._draft_size(image, spec)
    width, height = Filter(spec).get_transform(image).size
    assert size == (2 * width, 2 * height)  # twice the rendition's
    draft_filter = renditions.DraftFilter(spec, size)
    with draft_filter.get_willow_image(image) as willow:
        assert willow.get_size() == (1800, 1350)  # decoded at half size
    drafted = image.generate_rendition_file(draft_filter)
    plain = image.generate_rendition_file(Filter(spec))
    with Image.open(drafted) as a, Image.open(plain) as b:
        assert a.size == b.size
        difference = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB")))
    # Under 1 % of the range on average: the same picture, as sharp.
    assert max(difference.mean) < 2.5, difference.mean
