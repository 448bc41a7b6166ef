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
"""

import io
import math

import pikepdf
from pikepdf import Array, Dictionary, Name

from cases.compilation import colour, marks
from cases.compilation.layout import BLEED_MM

PT_PER_MM = 72 / 25.4


def padded(pages, signature):
    """The page count rounded up to a whole number of signatures."""
    return math.ceil(pages / signature) * signature


def separate_photos(pdf, profile, ink_limit=None):
    """Every RGB JPEG photo of the PDF replaced by its CMYK separation for `profile`,
    its total ink held to `ink_limit` per cent."""
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
    press = press or colour.default_press()
    # Read as qpdf needs it, not mapped whole (merge.py says why).
    with pikepdf.open(source, access_mode=pikepdf.AccessMode.stream) as pdf:
        if press.path:
            separate_photos(pdf, press.path, press.ink_limit)
        count = len(pdf.pages)
        trim = _trim(pdf.pages[0])
        width, height = trim[2] - trim[0], trim[3] - trim[1]
        for _ in range(padded(count, signature) - count):
            pdf.add_blank_page(page_size=(width, height))
        bleed_pt = BLEED_MM * PT_PER_MM if bleed else 0
        for page in pdf.pages:
            # Each page's own trim: the blank pages added above start at the origin.
            marks.box_page(pdf, page, _trim(page), bleed_pt, crop_marks)
        if imprint_pdf is not None and imprint_index is not None:
            with pikepdf.open(io.BytesIO(imprint_pdf)) as overlay:
                pdf.pages[imprint_index].add_overlay(overlay.pages[0])
        total = len(pdf.pages)
        labels = [body_index, Dictionary(S=Name.D, St=1)]
        if body_index > 0:
            labels = [0, Dictionary(S=Name.r, St=1), *labels]
        pdf.Root.PageLabels = Dictionary(Nums=Array(labels))
        pdf.save(target)
    return total


def mark_cover(sheet, geometry, press=None):
    """The cover sheet with its photo in CMYK, its TrimBox (back, spine and front as
    trimmed), BleedBox (3 mm more) and MediaBox centred round them, so that imposition
    software finds them, and crop marks at the corners and the spine's folds."""
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
