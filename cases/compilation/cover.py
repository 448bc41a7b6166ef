"""The cover as a printer receives it: one sheet holding the back, the spine and the
front, laid out flat, with 3 mm of bleed all round and crop marks outside the bleed.

The spine is as wide as the book block is thick, half the page count (leaves) times the
paper's thickness chosen on the CompilationPage, plus the allowance set there for the
cover board folded round it and the glue. The title breaks only between words
(rjieba's words, each kept whole), so it never reads 优秀案｜例汇编. A cover photo is
printed at 300 dpi or reported.
"""

import math
from dataclasses import dataclass

from cases.compilation.layout import BLEED_MM, PRINT_DPI
from cases.compilation.typeset import markup

SLUG_MM = 12  # beyond the bleed: room for the crop marks, which never touch the artwork
MARK_MM = 8  # length of a crop mark
SPINE_TEXT_MIN_MM = 6  # narrower spines carry no title


@dataclass(frozen=True)
class CoverGeometry:
    trim_width_mm: float
    trim_height_mm: float
    spine_mm: float

    @property
    def flat_width_mm(self):
        """Back, spine and front side by side, trimmed."""
        return 2 * self.trim_width_mm + self.spine_mm

    @property
    def sheet_width_mm(self):
        return self.flat_width_mm + 2 * (BLEED_MM + SLUG_MM)

    @property
    def sheet_height_mm(self):
        return self.trim_height_mm + 2 * (BLEED_MM + SLUG_MM)

    @property
    def offset_mm(self):
        """Where the trimmed cover starts on the sheet, from its left and top edges."""
        return BLEED_MM + SLUG_MM

    @property
    def front_left_mm(self):
        return self.offset_mm + self.trim_width_mm + self.spine_mm

    @property
    def spine_left_mm(self):
        return self.offset_mm + self.trim_width_mm

    @property
    def spine_has_title(self):
        return self.spine_mm >= SPINE_TEXT_MIN_MM


def spine_mm(pages, paper_mm, allowance_mm=0):
    """The book block's thickness (one sheet of paper per two pages) and the allowance."""
    return round(math.ceil(pages / 2) * float(paper_mm) + float(allowance_mm), 1)


def cover_geometry(book_geometry, pages, paper_mm, allowance_mm=0):
    spine = spine_mm(pages, paper_mm, allowance_mm)
    return CoverGeometry(book_geometry.width_mm, book_geometry.height_mm, spine)


def crop_marks(g):
    """(left, top, width, height) in mm of each crop mark: short lines in the slug, on
    the lines of the trim (the four corners, and the two folds of the spine)."""
    o, w, h = g.offset_mm, g.flat_width_mm, g.trim_height_mm
    gap = BLEED_MM + 1  # the mark starts a millimetre past the bleed
    marks = []
    for x in (o, g.spine_left_mm, g.front_left_mm, o + w):
        marks.append((x, o - gap - MARK_MM, 0, MARK_MM))  # above
        marks.append((x, o + h + gap, 0, MARK_MM))  # below
    for y in (o, o + h):
        marks.append((o - gap - MARK_MM, y, MARK_MM, 0))  # left
        marks.append((o + w + gap, y, MARK_MM, 0))  # right
    return marks


def photo_warning(image, width_mm, height_mm):
    """A message when the cover photo prints under 300 dpi at its size, else ""."""
    needed_w = math.ceil(width_mm / 25.4 * PRINT_DPI)
    needed_h = math.ceil(height_mm / 25.4 * PRINT_DPI)
    scale = max(needed_w / image.width, needed_h / image.height)
    if scale <= 1:
        return ""
    dpi = int(PRINT_DPI / scale)
    return (
        f"封面图片分辨率不足：原图 {image.width}×{image.height} 像素，印在封面上约 {dpi} dpi；"
        f"印刷需要 300 dpi，即至少 {needed_w}×{needed_h} 像素。请换用更大的原图。"
    )


def cover_context(book, pages):
    """What print/cover.html needs, in mm on the sheet."""
    c = cover_geometry(book.geometry, pages, book.page.paper_mm, book.page.cover_allowance_mm)
    art_left = art_top = c.offset_mm - BLEED_MM
    title = str(book.page.title)
    spine_pt = min(14.0, c.spine_mm * 0.6 * 72 / 25.4)
    return {
        "c": c,
        "art_left": art_left,
        "art_top": art_top,
        "art_width": c.flat_width_mm + 2 * BLEED_MM,
        "art_height": c.trim_height_mm + 2 * BLEED_MM,
        # The photo fills the front's upper half and runs into the bleed above and right.
        "photo": book.cover,
        "photo_left": c.front_left_mm,
        "photo_width": c.trim_width_mm + BLEED_MM,
        "photo_height": c.trim_height_mm / 2 + BLEED_MM,
        "front_text_top": c.offset_mm + c.trim_height_mm / 2 + 16,
        "back_text_bottom": c.offset_mm + 20,
        "spine_top": c.offset_mm + 20,
        "spine_pt": spine_pt,
        "spine_chars": [char for char in title if not char.isspace()],
        "title_markup": markup(title),
        "marks": crop_marks(c),
    }


def cover_photo_size(geometry):
    """(width, height) in mm of the cover photo as printed, bleed included."""
    return geometry.width_mm + BLEED_MM, geometry.height_mm / 2 + BLEED_MM
