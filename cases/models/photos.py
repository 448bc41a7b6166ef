"""A case's photos (案例照片) and how pages read them with their renditions: one query
for a page's gallery, one for the cards' first photos, however many photos and pages."""

from django.db import models
from django.db.models import F, FilteredRelation, OuterRef, Prefetch, Q, Subquery
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable

from published.prepared import Prepared

# Rendition specs used by the public templates; prefetched together so that a page's
# query count does not grow with its photos.
GALLERY_SPEC = "max-960x960"
THUMBNAIL_SPEC = "fill-480x320"


def photos_with_renditions(*specs):
    """Photos with their images (one query, joined) and the given renditions (one more),
    however many photos and pages."""
    return CasePhoto.objects.select_related("image").prefetch_related(
        _renditions("image__renditions", specs)
    )


def page_photos(page, *specs):
    """One page's photos with their images and their renditions for these specs, in one
    query compiled once per number of specs."""
    return with_joined_renditions(page_photos_call(page, *specs).list())


def page_photos_call(page, *specs):
    """page_photos()'s query, to be asked with others (published/prepared.py)."""
    specs = list(specs)
    return _PAGE_PHOTOS.call(specs, page.pk, shape=len(specs))


_PAGE_PHOTOS = Prepared(
    lambda specs, pk: joining_renditions(
        CasePhoto.objects.filter(page_id=pk).select_related("image"), specs
    ).order_by("sort_order", "pk"),
    lambda specs, pk: [*specs, pk],
)

# A rendition's columns, read beside its photo and image (joining_renditions()).
_RENDITION_COLUMNS = ("id", "filter_spec", "file", "width", "height", "focal_point_key")


def joining_renditions(photos, specs):
    """Photos (their images selected) with the renditions of these specs joined: a photo
    comes once per rendition it has (once, with none, if it has none yet), and
    with_joined_renditions() puts them back together."""
    joined = FilteredRelation(
        "image__renditions", condition=Q(image__renditions__filter_spec__in=specs)
    )
    return photos.annotate(joined_rendition=joined).annotate(
        **{f"rendition_{name}": F(f"joined_rendition__{name}") for name in _RENDITION_COLUMNS}
    )


def with_joined_renditions(rows):
    """The photos of joining_renditions() once each, in their order, each image's
    renditions where {% image %} looks first (image.prefetched_renditions, as Wagtail's
    prefetch_renditions() puts them; those not made yet are made on use)."""
    rendition_model = get_image_model().get_rendition_model()
    photos = {}
    for row in rows:
        photo = photos.setdefault(row.pk, row)
        image = photo.image
        if photo is row:
            image.prefetched_renditions = []
        values = [getattr(row, f"rendition_{name}") for name in _RENDITION_COLUMNS]
        if values[0] is None:  # no rendition of these specs yet
            continue
        rendition = rendition_model.from_db(
            row._state.db, [*_RENDITION_COLUMNS, "image_id"], [*values, image.pk]
        )
        rendition.image = image  # its tag reads the image's fields
        image.prefetched_renditions.append(rendition)
    for photo in photos.values():
        for name in _RENDITION_COLUMNS:
            delattr(photo, f"rendition_{name}")
    return list(photos.values())


def _renditions(lookup, specs):
    # Where Wagtail's {% image %} looks first (image.prefetched_renditions), as its own
    # prefetch_renditions() puts them.
    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup,
        queryset=rendition_model.objects.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def _first_photos(pks):
    # A case's first photo as its gallery orders them (sort_order; the id breaks ties).
    first = (
        CasePhoto.objects.filter(page_id=OuterRef("page_id"))
        .order_by("sort_order", "pk")
        .values("pk")[:1]
    )
    photos = CasePhoto.objects.filter(page_id__in=pks, pk=Subquery(first)).select_related("image")
    return joining_renditions(photos, [THUMBNAIL_SPEC]).order_by("pk")


FIRST_PHOTOS = Prepared(_first_photos, lambda pks: [THUMBNAIL_SPEC, *pks])


class CasePhoto(Orderable):
    page = ParentalKey("cases.CasePage", on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "cases.CaseImage", on_delete=models.CASCADE, related_name="+", verbose_name="照片"
    )
    caption = models.CharField("图注", max_length=120)
    alt_text = models.CharField("替代文字", max_length=200, blank=True, help_text="留空时使用图注")

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("alt_text")]
    api_fields = [
        APIField("image", serializer=ImageRenditionField(GALLERY_SPEC)),
        APIField("caption"),
        APIField("alt"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "案例照片"

    @property
    def alt(self):
        return self.alt_text or self.caption

    def __str__(self):
        return self.caption
