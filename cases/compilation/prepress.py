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

from cases.compilation import colour
from cases.compilation.layout import BLEED_MM

BOXES = ("/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def padded(pages, signature):
    """The page count rounded up to a whole number of signatures."""
    return math.ceil(pages / signature) * signature


def separate_photos(pdf, profile):
    """Every RGB JPEG photo of the PDF replaced by its CMYK separation for `profile`."""
    count = 0
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != Name.Image:
            continue
        if obj.get("/Filter") != Name.DCTDecode or obj.get("/ColorSpace") != Name.DeviceRGB:
            continue
        cmyk = colour.separated(obj.read_raw_bytes(), profile)
        obj.write(cmyk, filter=Name.DCTDecode)
        obj.ColorSpace = Name.DeviceCMYK
        if colour.inverted(cmyk):
            obj.Decode = Array([1, 0] * 4)
        elif "/Decode" in obj:
            del obj.Decode
        count += 1
    return count


def _blank_like(pdf, page):
    box = page.mediabox
    pdf.add_blank_page(page_size=(float(box[2] - box[0]), float(box[3] - box[1])))
    blank = pdf.pages[-1]
    for name in BOXES:
        if name in page.obj:  # the same bleed and trim boxes as the pages before it
            blank.obj[name] = Array(list(page.obj[name]))
    return blank


def finish(source, target, *, signature, body_index, imprint_index=None, imprint_pdf=None):
    """The book at path `source` written to path `target`: photos in CMYK (when there is a
    press profile), padded, its 版权页 filled in, its pages labelled. The page count."""
    with pikepdf.open(source) as pdf:
        profile = colour.profile_path()
        if profile:
            separate_photos(pdf, profile)
        count = len(pdf.pages)
        last = pdf.pages[-1]
        for _ in range(padded(count, signature) - count):
            _blank_like(pdf, last)
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


def mark_cover(sheet, geometry):
    """The cover sheet with its photo in CMYK, its TrimBox (back, spine and front as
    trimmed) and BleedBox (3 mm more), so that imposition software finds them."""
    with pikepdf.open(io.BytesIO(sheet)) as pdf:
        profile = colour.profile_path()
        if profile:
            separate_photos(pdf, profile)
        pt = 72 / 25.4
        page = pdf.pages[0]
        height = float(page.mediabox[3])
        left = geometry.offset_mm * pt
        bottom = height - (geometry.offset_mm + geometry.trim_height_mm) * pt
        right = left + geometry.flat_width_mm * pt
        top = bottom + geometry.trim_height_mm * pt
        bleed = BLEED_MM * pt
        page.trimbox = Array([left, bottom, right, top])
        page.bleedbox = Array([left - bleed, bottom - bleed, right + bleed, top + bleed])
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()
