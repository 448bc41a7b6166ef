"""The book as the print template reads it: every paragraph already broken into lines,
every photo with its rendition and printed size, every block measured in lines."""

import math
from dataclasses import dataclass, field
from functools import cached_property

from wagtail.images import get_image_model

from cases.compilation import colour, paginate
from cases.compilation.cover import cover_photo_size
from cases.compilation.layout import GEOMETRIES, MM_PER_PT, format_line, pixels_for
from cases.compilation.metrics import SANS, SERIF
from cases.compilation.typeset import (
    Line,
    break_paragraph,
    markup,
    title_line_count,
    title_markup_lines,
)
from cases.models import CasePhoto
from cases.text.content import body_blocks, body_parts

TITLE_PT = 16
TITLEPAGE_PT = 20  # the 扉页's title (print-compilation.css)
TITLE_LINE_GRID = 1.5  # a title line takes one and a half body lines
CAPTION_PT = 9
CAPTION_LINE_PT = CAPTION_PT * 1.5
CAPTION_GAP_MM = 1.5
JPEG = "format-jpeg|jpegquality-90"


class BookError(ValueError):
    """A problem with the book's content, told to the editors as it is."""


def photo_spec(width_mm, height_mm):
    """A rendition for 300 dpi at the printed size; `max` never enlarges the original.
    Two pixels spare: the resize rounds down, and a pixel less is under 300 dpi."""
    return f"max-{pixels_for(width_mm) + 2}x{pixels_for(height_mm) + 2}|{JPEG}"


@dataclass
class Photo:
    image: object
    caption: str
    owner: str = ""  # the case it illustrates, for messages
    width_mm: float = 0
    height_mm: float = 0
    column_mm: float = 0  # the full column of the page size: what the rendition is made for
    url: str = ""
    cover: bool = False
    caption_lines: list = field(default_factory=list)

    @property
    def spec(self):
        if self.cover:  # the cover is cropped to its frame
            return f"fill-{pixels_for(self.width_mm)}x{pixels_for(self.height_mm)}|{JPEG}"
        # One rendition a photo and page size, whatever the row's scale (renditions.py): a
        # landscape photo as wide as the column, a portrait one as high.
        column = self.column_mm or max(self.width_mm, self.height_mm)
        return photo_spec(column, column)

    @property
    def caption_text(self):
        return "\n".join(line.text for line in self.caption_lines)

    @property
    def caption_markup(self):
        return "\n".join(line.markup for line in self.caption_lines)


@dataclass
class Row:
    photos: list
    lines: int
    kind: str = "row"
    height_pt: float = 0
    pulled: bool = False  # set without the blank line above it (paginate.py's remedy)


@dataclass
class Text:
    kind: str  # "text", "heading" or "quote"
    lines: list

    @property
    def line_total(self):
        return len(self.lines)


@dataclass
class Case:
    page: object
    anchor: str
    head_lines: int
    blocks: list = field(default_factory=list)
    head_pt: float = 0
    address: str = ""  # the case's web page, printed as a QR code on its first page
    folio: int = 0  # its first page's number, once laid out (parts.py: the contents print it)
    pages: int = 0  # as paginate.py counts them: where parts.py expects the next case to start
    photos: list = field(default_factory=list)  # its photos, in the rows of `blocks`

    @property
    def title_markup(self):
        return markup(self.page.title)

    @property
    def qr_svg(self):
        from cases.printing import qr

        return qr.svg(self.address) if self.address else ""

    @property
    def short_address(self):
        from cases.printing import qr

        return qr.short(self.address)


@dataclass
class PrintedSection:
    """A 篇 as printed: its anchor, title, intro lines and laid-out cases."""

    anchor: str
    title: str
    intro: list
    cases: list
    folio: int = 0  # the divider's page number, once laid out (parts.py)


@dataclass
class Book:
    page: object
    geometry: object
    sections: list
    preface: list
    postscript: list
    board: list
    cover: Photo | None = None
    skipped: list = field(default_factory=list)  # what was left out, and why

    imprint: dict = field(default_factory=dict)  # filled for the page count (prepress.py)
    press: object = None  # the profile and ink limit separated for (colour.Press)
    postscript_folio: int = 0  # the 后记's first page number, once laid out (parts.py)

    def __post_init__(self):
        if self.press is None:
            self.press = colour.default_press()

    @property
    def cases(self):
        return [case for section in self.sections for case in section.cases]

    @property
    def title_markup(self):
        return markup(self.page.title)

    @property
    def titlepage_markup(self):
        """The 扉页's title, broken like the cover's (typeset.title_lines)."""
        chars = self.geometry.block_width_mm / (TITLEPAGE_PT * MM_PER_PT)
        return title_markup_lines(self.page.title, chars)

    def imprint_for(self, pages):
        """The 版权页's computed lines for a book of `pages` pages: 开本 (the full sheet
        and the fraction of it a page is), 成品尺寸 (the trimmed size), 印张 (pages ÷ 16),
        字数 (版面字数: characters a line × lines a page × pages, in thousands, as Chinese
        publishers count it)."""
        g = self.geometry
        words = g.chars * g.lines * pages
        return {
            "editor": self.page.editor_credit
            or self.page.publisher
            or self.page.campaign.organizer,
            "format": format_line(self.page.page_size),
            "trim": f"{g.width_mm:g}毫米×{g.height_mm:g}毫米",
            "sheets": f"{pages / 16:g}",
            "words": f"{max(1, round(words / 1000))}千字",
        }

    @property
    def photos(self):
        """The cover and every case's photos: their renditions do not wait for the layout
        (a photo's rendition is for its full column, Photo.spec)."""
        photos = [photo for case in self.cases for photo in case.photos]
        return [self.cover, *photos] if self.cover else photos


def paragraphs(text, chars, family=SERIF):
    """Plain text, one paragraph a line, broken into print lines."""
    return [
        break_paragraph(line, chars, family=family) for line in text.splitlines() if line.strip()
    ]


def board_rows(text):
    """Editorial board lines as (role, names): "主编：张三" → ("主编", "张三")."""
    rows = []
    for line in text.splitlines():
        if line.strip():
            role, _, names = line.replace(":", "：").partition("：")
            rows.append((role.strip(), names.strip()) if names else ("", role.strip()))
    return rows


def _galleries(cases):
    """{case id: [CasePhoto]} of the cases' galleries in order, read in one query (one a
    case took 0.5 s of a 500-case book's assembly)."""
    found = {case.pk: [] for case in cases}
    rows = CasePhoto.objects.filter(page__in=list(found)).select_related("image")
    for photo in rows.order_by("page_id", "sort_order"):
        found[photo.page_id].append(photo)
    return found


def _case_photos(case, skipped, gallery=None):
    """The gallery (`gallery`: as _galleries read it), or else the photos placed in the
    body; private images never go in (the printed book is public)."""
    if gallery is None:
        gallery = CasePhoto.objects.filter(page=case).select_related("image").order_by("sort_order")
    photos = [Photo(p.image, p.caption, case.title) for p in gallery]
    if not photos:
        values = [value for kind, value in body_parts(case) if kind == "image"]
        images = get_image_model().objects.in_bulk([v.get("image") for v in values])
        photos = [
            Photo(images[v["image"]], v.get("caption") or "", case.title)
            for v in values
            if v.get("image") in images
        ]
    for photo in photos:
        if photo.image.is_private:
            skipped.append(
                f"照片未公开，不收入：{photo.caption or photo.image.title}（{case.title}）"
            )
    return [photo for photo in photos if not photo.image.is_private]


def _size_photo(photo, geometry, scale=1.0):
    """Printed size in a column of the two-column photo row, keeping the aspect ratio;
    `scale` below 1 when the case ending asks for a smaller row."""
    photo.column_mm = geometry.photo_columns_em * geometry.em_mm
    column_mm = photo.column_mm * scale
    ratio = photo.image.width / photo.image.height if photo.image.height else 1.5
    width, height = column_mm, column_mm / ratio
    if height > column_mm:  # portrait: as tall as a landscape photo is wide
        width, height = column_mm * ratio, column_mm
    # The template prints two decimals: rounded down here, a printed row can only be
    # narrower than its column (68.527 rounded up to 68.53 pushed the second photo of a
    # 16开 row onto a new line, over the text below).
    photo.width_mm, photo.height_mm = _floor_mm(width), _floor_mm(height)


def _floor_mm(value):
    return math.floor(value * 100 + 1e-9) / 100


def _rows(photos, geometry, scale=1.0):
    rows = []
    for start in range(0, len(photos), 2):
        pair = photos[start : start + 2]
        for photo in pair:
            _size_photo(photo, geometry, scale)
            # Captions are broken here too, so that the row's height is exact.
            chars = int(photo.width_mm / (CAPTION_PT * MM_PER_PT))
            photo.caption_lines = break_paragraph(photo.caption, chars, indent=0, family=SANS)
        height_mm = max(
            p.height_mm + CAPTION_GAP_MM + len(p.caption_lines) * CAPTION_LINE_PT * MM_PER_PT
            for p in pair
        )
        # Whole lines high; the line of space above it is a margin (paginate.py).
        lines = geometry.lines_for_mm(height_mm)
        rows.append(Row(pair, lines, height_pt=lines * geometry.line_pt))
    return rows


@dataclass
class Quote:
    """A quotation set in from both sides, its attribution on a line of its own, right."""

    lines: list
    attribution: list  # lines of "——…": one, unless longer than the block is wide
    kind: str = "quote"

    @property
    def line_total(self):
        return len(self.lines) + len(self.attribution)


@dataclass
class Figures:
    """Key figures in cells of up to FIGURES_PER_ROW a row: the number large, its label
    below; whole lines high, never split."""

    rows: list  # [[(value, label lines)]]
    lines: int
    height_pt: float
    cell_em: float
    kind: str = "figures"

    @property
    def line_total(self):
        return self.lines


QUOTE_INSET = 2  # em on each side
FIGURES_PER_ROW = 3
FIGURE_PT = 16
FIGURE_LABEL_PT = 9
FIGURE_LABEL_LINE_PT = FIGURE_LABEL_PT * 1.5
FIGURE_PAD_PT = 4


def _quote(value, chars):
    width = chars - 2 * QUOTE_INSET
    lines = break_paragraph(value["text"], width, family=SANS)
    by = value["attribution"]
    # The attribution is one line whenever it fits the block: never broken in a name.
    if not by:
        attribution = []
    elif len("——" + by) <= chars:
        attribution = [Line("——" + by)]
    else:
        attribution = break_paragraph("——" + by, chars, indent=0, family=SANS)
    return Quote(lines, attribution)


def _figures(items, geometry):
    per_row = min(FIGURES_PER_ROW, len(items))
    cell_em = (geometry.chars - (per_row - 1)) / per_row  # one em between cells
    label_chars = int(cell_em * geometry.font_pt / FIGURE_LABEL_PT)
    rows, height_pt = [], 0.0
    for start in range(0, len(items), per_row):
        row = [
            (value, break_paragraph(label, label_chars, indent=0, family=SANS) if label else [])
            for value, label in items[start : start + per_row]
        ]
        labels = max(len(lines) for _, lines in row)
        height_pt += geometry.line_pt + labels * FIGURE_LABEL_LINE_PT + FIGURE_PAD_PT
        rows.append(row)
    lines = geometry.lines_for_mm(height_pt * MM_PER_PT)
    return Figures(rows, lines, lines * geometry.line_pt, cell_em)


def _text_blocks(case, geometry):
    chars = geometry.chars
    blocks = []
    for kind, value in body_blocks(case):
        if kind == "heading":
            blocks.append(Text("heading", break_paragraph(value, chars, indent=0, family=SANS)))
        elif kind == "paragraph":
            blocks.append(Text("text", break_paragraph(value, chars)))
        elif kind == "quote":
            blocks.append(_quote(value, chars))
        elif kind == "figures":
            blocks.append(_figures(value, geometry))
    return blocks


# How paginate.py counts each kind of block: a quote splits like text, key figures stay
# whole like a photo row and keep with the paragraph before them.
MEASURED_AS = {"text": "text", "quote": "text", "heading": "heading", "figures": "keep"}


def head_lines(title, geometry):
    title_chars = int(geometry.chars * geometry.font_pt / TITLE_PT)
    title_lines = title_line_count(title, title_chars, SANS)
    # The title, the byline below it, a blank line before the text.
    return math.ceil(title_lines * TITLE_LINE_GRID) + 2


# A case's last page holding its photos alone is avoided, when moving a row back cannot,
# by setting its photos smaller (never under SHRINK_STEPS[-1] of the column: a smaller
# photo prints its full-column rendition at more than 300 dpi, at most 300/0.7 ≈ 430), else by
# pulling the blank line above each photo row (at most two rows: two lines).
SHRINK_STEPS = (1.0, 0.9, 0.8, 0.7)
PULLED_ROWS = 2


def layout_case(case, geometry, skipped=None, photos=None):
    """The case's blocks with its photo rows placed where they fit (paginate.py);
    `photos`: the case's, when already read (_case_photos)."""
    text = _text_blocks(case, geometry)
    if photos is None:
        photos = _case_photos(case, [] if skipped is None else skipped)
    head = head_lines(case.title, geometry)
    # A heading has a blank line above it, except at the start of the text.
    measured = [
        paginate.Block(
            MEASURED_AS[b.kind],
            b.line_total,
            space=int(b.kind in ("heading", "figures") and i > 0),
        )
        for i, b in enumerate(text)
    ]
    rows, positions = _ending(photos, measured, geometry, head)
    measured_rows = [paginate.Block("row", r.lines, space=int(not r.pulled)) for r in rows]
    placed = paginate.with_rows(measured, measured_rows, positions)
    blocks = paginate.with_rows(text, rows, positions)
    address = case.get_full_url() or ""
    laid = Case(case, f"case-{case.pk}", head, blocks, head * geometry.line_pt, address)
    laid.pages = paginate.run(placed, geometry.lines, head).pages
    laid.photos = photos
    return laid


class PendingCase:
    """A case of the book whose lines, rows and pages (layout_case) are worked out when
    first read: a rebuild finds most cases' parts laid out by what they are made from
    (parts.py), and typesetting the book's every paragraph was most of a rebuild."""

    def __init__(self, page, geometry, photos):
        self.page, self.geometry, self.photos = page, geometry, photos
        self.anchor = f"case-{page.pk}"
        self.folio = 0
        for photo in photos:  # the column their renditions are made for (Photo.spec)
            photo.column_mm = geometry.photo_columns_em * geometry.em_mm

    @cached_property
    def laid(self):
        return layout_case(self.page, self.geometry, photos=self.photos)

    @cached_property
    def address(self):
        return self.page.get_full_url() or ""

    title_markup = Case.title_markup
    qr_svg = Case.qr_svg
    short_address = Case.short_address

    def __getattr__(self, name):
        # What layout_case works out: blocks, head_lines, head_pt, pages.
        if name in ("blocks", "head_lines", "head_pt", "pages"):
            return getattr(self.laid, name)
        raise AttributeError(name)


def _ending(photos, measured, geometry, head):
    """(rows, positions): the photo rows at full size where no page ends up holding
    photos alone, else the largest of SHRINK_STEPS that avoids it without adding a page,
    else the rows pulled up a line each; failing all, as placed at full size."""

    def place(scale, pulled=0):
        rows = _rows(photos, geometry, scale)
        for row in rows[len(rows) - pulled :] if pulled else []:
            row.pulled = True
        measured_rows = [paginate.Block("row", r.lines, space=int(not r.pulled)) for r in rows]
        positions = paginate.place_rows(measured, measured_rows, geometry.lines, head)
        plan = paginate.run(
            paginate.with_rows(measured, measured_rows, positions), geometry.lines, head
        )
        return rows, positions, plan

    full = place(1.0)
    if not full[2].bare_last:
        return full[:2]
    for scale in SHRINK_STEPS[1:]:
        rows, positions, plan = place(scale)
        if not plan.bare_last and plan.pages <= full[2].pages:
            return rows, positions
    for pulled in range(1, PULLED_ROWS + 1):
        rows, positions, plan = place(1.0, pulled)
        if not plan.bare_last and plan.pages <= full[2].pages:
            return rows, positions
    return _rows(photos, geometry), full[1]


def assemble(page, geometry=None, press=None):
    geometry = geometry or GEOMETRIES[page.page_size]
    sections, skipped = [], []
    listed = page.sections()
    galleries = _galleries([case for section in listed for case in section.cases])
    for number, section in enumerate(listed, start=1):
        cases = [
            PendingCase(case, geometry, _case_photos(case, skipped, galleries[case.pk]))
            for case in section.cases
        ]
        intro = paragraphs(section.intro, geometry.chars)
        sections.append(PrintedSection(f"section-{number}", section.title, intro, cases))
    cover = None
    if page.cover_image_id and page.cover_image.is_private:
        skipped.append("封面图片未公开，不使用")
    elif page.cover_image_id:
        # The front's upper half, into the bleed (cover.py).
        width, height = cover_photo_size(geometry)
        cover = Photo(page.cover_image, "", "封面", width, height)
        cover.cover = True
    return Book(
        page=page,
        geometry=geometry,
        sections=sections,
        preface=paragraphs(page.preface, geometry.chars),
        postscript=paragraphs(page.postscript, geometry.chars),
        board=board_rows(page.editorial_board),
        cover=cover,
        skipped=skipped,
        press=press,
    )
