"""What the laid-out book needs before a printer takes it, done on the PDF WeasyPrint wrote
(pypdf): blank pages at the end up to a whole signature, the 版权页 set with the final
page count, and page labels so that viewers number the pages as the folios do (i, ii …
for the front matter, 1, 2 … from the first 篇).

Measured against laying the book out twice (once to count pages, once with the count on
the 版权页): the overlay costs about a second for a 300-page book, a second layout about
twenty.
"""

import io
import math

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, RectangleObject

from cases.compilation.layout import BLEED_MM

BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def padded(pages, signature):
    """The page count rounded up to a whole number of signatures."""
    return math.ceil(pages / signature) * signature


def _blank_like(writer, page):
    blank = writer.add_blank_page(float(page.mediabox.width), float(page.mediabox.height))
    for box in BOXES:
        if box in page:  # the same bleed and trim boxes as the pages before it
            blank[NameObject(box)] = RectangleObject(page[box])
    return blank


def finish(pdf, *, signature, body_index, imprint_index=None, imprint_pdf=None):
    """The book's PDF bytes padded, its 版权页 filled in, its pages labelled."""
    # Incremental: the book's objects stay as WeasyPrint wrote them and only what changes
    # is appended, instead of every page and photo being copied and written again.
    writer = PdfWriter(PdfReader(io.BytesIO(pdf)), incremental=True)
    count = len(writer.pages)
    last = writer.pages[-1]
    for _ in range(padded(count, signature) - count):
        _blank_like(writer, last)
    if imprint_pdf is not None and imprint_index is not None:
        overlay = PdfReader(io.BytesIO(imprint_pdf)).pages[0]
        writer.pages[imprint_index].merge_page(overlay)
    total = len(writer.pages)
    if body_index > 0:
        writer.set_page_label(0, body_index - 1, style="/r", start=1)
    writer.set_page_label(body_index, total - 1, style="/D", start=1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def mark_cover(pdf, geometry):
    """The cover sheet with its TrimBox (back, spine and front as trimmed) and BleedBox
    (3 mm more), so that imposition software finds them."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    pt = 72 / 25.4
    page = writer.pages[0]
    height = float(page.mediabox.height)
    left = geometry.offset_mm * pt
    bottom = height - (geometry.offset_mm + geometry.trim_height_mm) * pt
    right = left + geometry.flat_width_mm * pt
    top = bottom + geometry.trim_height_mm * pt
    bleed = BLEED_MM * pt
    page.trimbox = RectangleObject([left, bottom, right, top])
    page.bleedbox = RectangleObject([left - bleed, bottom - bleed, right + bleed, top + bleed])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
