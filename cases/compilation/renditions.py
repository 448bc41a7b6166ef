"""The book's print renditions: one per photo and page size, made in parallel, kept.

A photo's rendition is made for its full column at 300 dpi (book.Photo.spec); a case
ending that sets its photos smaller prints the same rendition at more than 300 dpi, so a
rebuild, a smaller row or another book with the same photo never makes another.

Making one is decoding a phone photo (12 megapixels), which took nearly all of a first
build (124.7 s of 151 s for 300 photos). Two savings, neither in print quality:
- the JPEG is decoded at the smallest of 1/2, 1/4, 1/8 of its size that is still twice
  the rendition's (libjpeg scales in the DCT, as Pillow's thumbnail() does with its
  default reducing_gap): Lanczos then takes it the rest of the way, as before;
- photos are made in worker processes, one per core. The workers are forked, so they have
  the build's settings and storage; they only read the original and return the file, and
  this process records each rendition as Wagtail does (its rendition table, its name).
A new rendition is also separated into CMYK for the build's press there and then
(colour.separated keeps each separation by its content), so that the prepress step, one
process, finds it made: 0.1–0.3 s a photo that every first build otherwise spent in series.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from functools import cache

from django.core.files.base import ContentFile
from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError

from cases.compilation import colour
from cases.compilation.book import BookError

DRAFT_GAP = 2  # decoded at least twice the rendition's size
MAX_WORKERS = 4
# Below this many photos to make, the pool's start costs more than it saves.
POOL_FROM = 4


class DraftFilter(Filter):
    """Wagtail's filter, the JPEG decoded at a reduced scale when the rendition is far
    smaller than the original (Pillow's draft mode)."""

    def __init__(self, spec, draft_size=None):
        super().__init__(spec=spec)
        self.draft_size = draft_size

    @contextmanager
    def get_willow_image(self, image, source=None):
        from PIL import Image
        from willow.plugins.pillow import PillowImage

        with super().get_willow_image(image, source) as willow:
            if self.draft_size and willow.format_name == "jpeg":
                # Opened here: Willow's own conversion decodes the whole image at once.
                willow.f.seek(0)
                pillow = Image.open(willow.f)
                pillow.draft(None, self.draft_size)
                pillow.load()
                willow = PillowImage(pillow)
                willow.format_name = "jpeg"  # what the filter reads of the opened file
            yield willow


def _draft_size(image, spec):
    """The size to decode at: DRAFT_GAP times the rendition's, never under it."""
    width, height = Filter(spec=spec).get_transform(image).size
    return (width * DRAFT_GAP, height * DRAFT_GAP)


def _make(image, spec, draft_size, press):
    """In a worker: (file name, bytes) of the rendition, its separation for `press` made."""
    made = image.generate_rendition_file(DraftFilter(spec, draft_size))
    made.seek(0)
    data = made.read()
    if press.path and data[:2] == b"\xff\xd8":  # a JPEG, as prepress separates
        colour.separated(data, press.path, press.ink_limit)
    return made.name, data


def _record(image, spec, name, data):
    """The rendition row and file, as Wagtail's create_rendition saves them."""
    rendition, _ = image.renditions.get_or_create(
        filter_spec=spec,
        focal_point_key=Filter(spec=spec).get_cache_key(image),
        defaults={"file": ContentFile(data, name=name)},
    )
    image.prefetched_renditions = [*image.prefetched_renditions, rendition]
    return rendition


def _missing_error(photo):
    name = photo.caption or photo.image.title
    return BookError(f"照片原图文件缺失：{name}（{photo.owner}）。请重新上传后再生成。")


def _wanted(photos):
    """One photo for each (image, spec) that has no rendition yet."""
    wanted = {}
    for photo in photos:
        key = (photo.image.pk, photo.spec)
        if key not in wanted and not _existing(photo.image, photo.spec):
            wanted[key] = photo
    return list(wanted.values())


def _made(wanted, press):
    """Make the wanted renditions; yields each as it is recorded."""
    jobs = [(p.image, p.spec, _draft_size(p.image, p.spec), press) for p in wanted]
    workers = min(len(wanted), os.cpu_count() or 1, MAX_WORKERS)
    if workers < 2 or len(wanted) < POOL_FROM:
        for photo, job in zip(wanted, jobs, strict=True):
            yield _finish(photo, _call(_make, job))
        return
    # Forked: the workers share the settings and storage the build runs with.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_make, *job): photo for photo, job in zip(wanted, jobs, strict=True)}
        for future in as_completed(futures):
            yield _finish(futures[future], _call(future.result))


def _call(function, args=()):
    try:
        return function(*args), None
    except SourceImageIOError as error:
        return None, error


def _finish(photo, outcome):
    made, error = outcome
    if error is not None:
        raise _missing_error(photo) from error
    return _record(photo.image, photo.spec, *made)


@cache
def _filter(spec):
    """One Filter a spec: each new one parses its spec again (4,500 parses, most of a
    500-case rebuild's look-up of its renditions)."""
    return Filter(spec=spec)


def _existing(image, spec):
    key = _filter(spec).get_cache_key(image)
    return any(
        r.filter_spec == spec and r.focal_point_key == key for r in image.prefetched_renditions
    )


def make_renditions(book, progress=None, separate=True):
    """Every photo of the book with its print rendition's URL; missing ones are made (and
    separated for the book's press, unless `separate` is false: a proof prints RGB)."""
    photos = book.photos
    _prefetch([p.image for p in photos], [p.spec for p in photos])
    wanted = _wanted(photos)
    press = book.press if separate else colour.Press(None)
    for done, _ in enumerate(_made(wanted, press), start=1):
        if progress:
            progress(done, len(wanted))
    for photo in photos:
        try:
            photo.url = photo.image.get_rendition(_filter(photo.spec)).url
        except SourceImageIOError as error:
            raise _missing_error(photo) from error
    if progress and not wanted:
        progress(len(photos), len(photos))


def _prefetch(images, specs):
    """Existing renditions in one query. Wagtail trusts a prefetched list, so each image
    gets its own (possibly empty) list: an image left without one is looked up alone."""
    model = get_image_model().get_rendition_model()
    found = {}
    for rendition in model.objects.filter(image__in=images, filter_spec__in=set(specs)):
        found.setdefault(rendition.image_id, []).append(rendition)
    for image in images:
        image.prefetched_renditions = found.get(image.pk, [])
