"""The cover as a printer receives it: one sheet holding the back, the spine and the
front, laid out flat, with 3 mm of bleed all round and crop marks outside the bleed
(drawn on the written sheet: marks.py).

The spine is as wide as the book block is thick, half the page count (leaves) times the
paper's thickness chosen on the CompilationPage, plus the allowance set there for the
cover board folded round it and the glue. The title breaks only between words
(rjieba's words, each kept whole), so it never reads 优秀案｜例汇编. A cover photo is
printed at 300 dpi or reported.
"""

import math
from dataclasses import dataclass

from cases.compilation import marks
from cases.compilation.layout import BLEED_MM, PRINT_DPI
from cases.compilation.typeset import title_markup_lines

SLUG_MM = marks.SLUG_MM  # beyond the bleed: room for the crop marks (marks.py)
SPINE_TEXT_MIN_MM = 5  # narrower spines carry no title
# The photo stops this far short of the front's fold: a cover folded a little off would
# otherwise carry a strip of it round the spine.
FOLD_TOLERANCE_MM = 3
FRONT_TITLE_PT = 24
FRONT_TITLE_INSET_MM = 18  # on each side of the front's title
PT_MM = 25.4 / 72
SPINE_TOP_MM = SPINE_FOOT_MM = 20  # the spine's title and year stand clear of its ends
SPINE_LINE = 1.15  # line height of the spine's upright characters


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
    foot = list(str(book.page.campaign.year or ""))
    # As large as the spine's width allows, and small enough that the title stands clear
    # of the year at the foot (5 mm between them).
    room_mm = c.trim_height_mm - SPINE_TOP_MM - SPINE_FOOT_MM - 5
    spine_pt = min(14.0, c.spine_mm * 0.6 / PT_MM)
    chars = sum(1 for char in title if not char.isspace()) + len(foot)
    spine_pt = min(spine_pt, room_mm / (chars * SPINE_LINE) / PT_MM)
    front_chars = (c.trim_width_mm - 2 * FRONT_TITLE_INSET_MM) / (FRONT_TITLE_PT * PT_MM)
    photo_width, photo_height = cover_photo_size(book.geometry)
    return {
        "c": c,
        "art_left": art_left,
        "art_top": art_top,
        "art_width": c.flat_width_mm + 2 * BLEED_MM,
        "art_height": c.trim_height_mm + 2 * BLEED_MM,
        # The photo fills the front's upper half and runs into the bleed above and right.
        "photo": book.cover,
        "photo_left": c.front_left_mm + FOLD_TOLERANCE_MM,
        "photo_width": photo_width,
        "photo_height": photo_height,
        "front_text_top": c.offset_mm + c.trim_height_mm / 2 + 16,
        "back_text_bottom": c.offset_mm + 20,
        "spine_top": c.offset_mm + SPINE_TOP_MM,
        "spine_pt": spine_pt,
        "spine_chars": [char for char in title if not char.isspace()],
        # Below the title, at the spine's foot: the campaign's year, upright digit by digit.
        "spine_foot": foot,
        "spine_bottom": c.offset_mm + SPINE_FOOT_MM,
        "title_markup": title_markup_lines(title, front_chars),
        "title_pt": FRONT_TITLE_PT,
        "title_inset": FRONT_TITLE_INSET_MM,
    }


def cover_photo_size(geometry):
    """(width, height) in mm of the cover photo as printed, bleed included."""
    return geometry.width_mm + BLEED_MM - FOLD_TOLERANCE_MM, geometry.height_mm / 2 + BLEED_MM
