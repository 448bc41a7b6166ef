"""Page geometry of the printed book.

Chinese books set the text block (版心) as a whole number of characters by a whole number
of lines: every full line then ends exactly at the block's right edge, and every block
on a page (paragraph, heading, photo row) takes whole lines, so the page layout can be
computed before WeasyPrint runs (see paginate.py).
"""

import math
from dataclasses import dataclass

from cases.fields.enums import PageSize

MM_PER_PT = 25.4 / 72
PRINT_DPI = 300
LINE_RATIO = 1.75
SLACK_MM = 0.2


@dataclass(frozen=True)
class Geometry:
    width_mm: float
    height_mm: float
    font_pt: float
    chars: int  # characters per line (字数)
    lines: int  # lines per page (行数)

    @property
    def line_pt(self):
        return self.font_pt * LINE_RATIO

    @property
    def em_mm(self):
        return self.font_pt * MM_PER_PT

    @property
    def block_width_mm(self):
        return self.chars * self.em_mm

    @property
    def block_height_mm(self):
        return self.lines * self.line_pt * MM_PER_PT

    @property
    def margin_side_mm(self):
        return (self.width_mm - self.block_width_mm) / 2

    @property
    def margin_top_mm(self):
        # A little more room above than below: the running header sits there.
        return (self.height_mm - self.block_height_mm) * 0.55

    @property
    def margin_bottom_mm(self):
        # A hair of slack, so that rounding never leaves the last line without room.
        return self.height_mm - self.block_height_mm - self.margin_top_mm - SLACK_MM

    @property
    def photo_columns_em(self):
        """Width of one of the two photo columns, with one character between them."""
        return (self.chars - 1) / 2

    def lines_for_mm(self, height_mm):
        return math.ceil(height_mm / (self.line_pt * MM_PER_PT) - 1e-6)


GEOMETRIES = {
    PageSize.A4: Geometry(210, 297, 10.5, 40, 38),
    PageSize.B5: Geometry(176, 250, 10.5, 36, 30),
    PageSize.K16: Geometry(185, 260, 10.5, 38, 32),
}
BLEED_MM = 3

# The full sheet each trimmed size is cut from, and how many pages of it a side holds,
# as a Chinese 版权页 states the 开本 (GB/T 788: 正度 787×1092, 大度 880×1230 for A4);
# B5 is cut from 正度 sheets too, with more trimmed away.
SHEETS = {
    PageSize.A4: (880, 1230, 16),
    PageSize.B5: (787, 1092, 16),
    PageSize.K16: (787, 1092, 16),
}


def format_line(page_size):
    """开本 as printed on the 版权页: "787毫米×1092毫米　1/16"."""
    width, height, fraction = SHEETS[page_size]
    return f"{width}毫米×{height}毫米　1/{fraction}"


def pixels_for(mm, dpi=PRINT_DPI):
    """Pixels needed to print `mm` at `dpi`."""
    return math.ceil(mm / 25.4 * dpi - 1e-6)
