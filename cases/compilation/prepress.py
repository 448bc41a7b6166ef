"""What the laid-out book needs before a printer takes it, done on the PDF WeasyPrint wrote
(pikepdf, from file to file): photos separated into CMYK (colour.py), blank pages at the
end up to a whole signature, the 版权页 set with the final page count, and page labels so
that viewers number the pages as the folios do (i, ii … for the front matter, 1, 2 … from
the first 篇).

Measured against laying the book out twice (once to count pages, once with the count on
the 版权页): the overlay costs about a second for a 300-page book, a second layout about
twenty. qpdf (pikepdf) reads the unchanged pages and photos from the file as it writes
them; pypdf held the whole book in memory two to three times, which the separated photos
(three times larger) would have taken over 600 MB.

A book laid out by parts has these steps done by the join (merge.py) on the book it has
joined, before it writes it (finish_pages): the book is written once, not joined to one
file and read back to be finished into another (407 MB each at 500 cases). This module
loads Django only where it separates photos (colour.py) or reads the bleed (layout.py),
so the join imports it without (0.4 s of CPU).
"""

import hashlib
import io
import math

import pikepdf
from pikepdf import Array, Dictionary, Name

from cases.compilation import marks

PT_PER_MM = 72 / 25.4


def padded(pages, signature):
    """The page count rounded up to a whole number of signatures."""
    return math.ceil(pages / signature) * signature


def separate_photos(pdf, profile, ink_limit=None):
    """Every RGB JPEG photo of the PDF replaced by its CMYK separation for `profile`,
    its total ink held to `ink_limit` per cent."""
    from cases.compilation import colour

    count = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != Name.Image:
            continue
        if obj.get("/Filter") != Name.DCTDecode or obj.get("/ColorSpace") != Name.DeviceRGB:
            continue
        cmyk = colour.separated(obj.read_raw_bytes(), profile, ink_limit)
        obj.write(cmyk, filter=Name.DCTDecode)
        obj.ColorSpace = Name.DeviceCMYK
        if colour.inverted(cmyk):
            obj.Decode = Array([1, 0] * 4)
        elif "/Decode" in obj:
            del obj.Decode
        count += 1
    return count


def _trim(page):
    """The trimmed page (left, bottom, right, top) in pt as WeasyPrint wrote it: its
    TrimBox with a bleed, else the whole page."""
    box = page.obj.get("/TrimBox") or page.mediabox
    return tuple(float(value) for value in box)


def finish(
    source,
    target,
    *,
    signature,
    body_index,
    imprint_index=None,
    imprint_pdf=None,
    press=None,
    bleed=False,
    crop_marks=False,
):
    """The book at path `source` written to path `target`: photos in CMYK (when there is a
    press profile), padded, its 版权页 filled in, every page boxed alike (and marked, when
    asked: marks.py), its pages labelled. The page count."""
    from cases.compilation import colour
    from cases.compilation.layout import BLEED_MM

    press = press or colour.default_press()
    # Read as qpdf needs it, not mapped whole (merge.py says why).
    with pikepdf.open(source, access_mode=pikepdf.AccessMode.stream) as pdf:
        if press.path:
            separate_photos(pdf, press.path, press.ink_limit)
        total = finish_pages(
            pdf,
            signature=signature,
            body_index=body_index,
            imprint_index=imprint_index,
            imprint_pdf=imprint_pdf,
            bleed_pt=BLEED_MM * PT_PER_MM if bleed else 0,
            crop_marks=crop_marks,
        )
        pdf.save(target)
    return total


def finish_pages(
    pdf,
    *,
    signature,
    body_index,
    imprint_index=None,
    imprint_pdf=None,
    bleed_pt=0,
    crop_marks=False,
):
    """finish's steps on the open `pdf` but the photos': padded, the 版权页 filled in, every
    page boxed (and marked) with `bleed_pt` of bleed, the pages labelled. The page count."""
    count = len(pdf.pages)
    trim = _trim(pdf.pages[0])
    width, height = trim[2] - trim[0], trim[3] - trim[1]
    for _ in range(padded(count, signature) - count):
        pdf.add_blank_page(page_size=(width, height))
    for page in pdf.pages:
        # Each page's own trim: the blank pages added above start at the origin.
        marks.box_page(pdf, page, _trim(page), bleed_pt, crop_marks)
    if imprint_pdf is not None and imprint_index is not None:
        with pikepdf.open(io.BytesIO(imprint_pdf)) as overlay:
            pdf.pages[imprint_index].add_overlay(overlay.pages[0])
    labels = [body_index, Dictionary(S=Name.D, St=1)]
    if body_index > 0:
        labels = [0, Dictionary(S=Name.r, St=1), *labels]
    pdf.Root.PageLabels = Dictionary(Nums=Array(labels))
    return len(pdf.pages)


class _Digesting(io.RawIOBase):
    """A file being written, hashed as it is (save_digested)."""

    def __init__(self, handle):
        self.handle, self.digest, self.written = handle, hashlib.sha256(), 0

    def writable(self):
        return True

    def seekable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        self.written += len(data)
        return self.handle.write(data)

    def tell(self):
        return self.handle.tell()

    def seek(self, offset, whence=io.SEEK_SET):
        position = self.handle.seek(offset, whence)
        if position != self.written:
            raise OSError("a digested file is written in order")
        return position


def save_digested(pdf, target):
    """`pdf` written to the path `target`; its SHA-256, hashed as qpdf writes it rather
    than read back (407 MB at 500 cases)."""
    with open(target, "wb") as handle:
        digesting = _Digesting(handle)
        pdf.save(digesting)
    return digesting.digest.hexdigest()


def mark_cover(sheet, geometry, press=None):
    """The cover sheet with its photo in CMYK, its TrimBox (back, spine and front as
    trimmed), BleedBox (3 mm more) and MediaBox centred round them, so that imposition
    software finds them, and crop marks at the corners and the spine's folds."""
    from cases.compilation import colour
    from cases.compilation.layout import BLEED_MM

    press = press or colour.default_press()
    with pikepdf.open(io.BytesIO(sheet)) as pdf:
        if press.path:
            separate_photos(pdf, press.path, press.ink_limit)
        pt = PT_PER_MM
        page = pdf.pages[0]
        height = float(page.mediabox[3])
        left = geometry.offset_mm * pt
        bottom = height - (geometry.offset_mm + geometry.trim_height_mm) * pt
        right = left + geometry.flat_width_mm * pt
        top = bottom + geometry.trim_height_mm * pt
        folds = (geometry.spine_left_mm * pt, geometry.front_left_mm * pt)
        marks.box_page(pdf, page, (left, bottom, right, top), BLEED_MM * pt, True, folds)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()
