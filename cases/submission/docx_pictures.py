"""Photos of a Word 申报表, their captions, and the images that are no case photos (no
Django).

A caption is matched to its picture by where it stands: a text box on or under the
picture (read once), the picture's own line or the line after it in the same paragraph,
the paragraph below or above (a caption style, 图1 …, 图为 …, or a short centred line not
in bold), the cell beside it or the cell under it in a table. A picture with nothing
that reads as a caption gets none, and the import lists it. A caption's figure number
(图2 …) stays with its photo: the text cites it (figure_refs.py keeps citations right).

Not every image is a case photo: stamp and signature scans in the 推荐单位 part are kept
as the stamp scan; logos, banners, bars and icons are told by their look (small, very
wide, one colour, or mostly blank paper) and left out.
"""

import io
import re
from dataclasses import dataclass, field

from PIL import Image

from cases.submission.docx_xml import (
    IMAGE_REFS,
    W_P,
    W_R,
    W_TC,
    W_TR,
    W,
    hidden,
    lines_of,
    pictures_of,
    run_text,
    runs_of,
    styles_named,
    textboxes_of,
)
from cases.submission.figure_refs import number_value

MIN_PHOTO_SIDE = 200
MAX_PHOTO_RATIO = 3.0  # wider than 3:1 is a banner or a bar, not a photo
FLAT_RANGE = 12  # of 255 per channel: JPEG noise on one colour stays within it
BLANK_SHARE = 0.5  # half the picture blank paper or transparent: a stamp, signature, logo


@dataclass
class ParsedPhoto:
    data: bytes
    name: str
    content_type: str
    caption: str = ""  # the caption as Word shows it, its figure marker (图1：) removed
    figure: int | None = None  # the number of its marker (图2 … → 2), which the text cites


# A figure marker before a caption: 图1 …, 图 1 …, 图1：…, 照片2、…, 图：…
CAPTION_MARKER = re.compile(
    r"^\s*(?:图片?|照片|相片)\s*(?:[（(]?(?P<number>[0-9０-９一二三四五六七八九十]+)[)）]?\s*"
    r"[：:、.．\-—]?|[：:])\s*"
)
# How a caption opens when it has no number: 图为…, 上图：…
CAPTION_OPENING = re.compile(r"^\s*(?:图为|图片为|照片为|上图|下图|左图|右图)")
CAPTION_MAX = 60
_CLOSING = "。！？!?；;"


def caption_text(text: str) -> str:
    return CAPTION_MARKER.sub("", text, count=1).strip() or text.strip()


def figure_number(text: str) -> int | None:
    """The number of a caption's figure marker: 图2 … → 2, 图三 … → 3; None without one."""
    match = CAPTION_MARKER.match(text)
    return number_value(match.group("number")) if match and match.group("number") else None


def _paragraph_of(element):
    while element is not None and element.tag != W_P:
        element = element.getparent()
    return element


def _text_of(paragraph) -> str:
    return " ".join(line.strip() for line in lines_of(paragraph) if line.strip())


def _has_picture(paragraph) -> bool:
    return bool(pictures_of(paragraph))


def _neighbour(paragraph, step):
    """The next (step=1) or previous (-1) paragraph with text, a text box or a picture."""
    found = paragraph.getnext() if step > 0 else paragraph.getprevious()
    while found is not None and found.tag == W_P and not _text_of(found):
        if _has_picture(found) or textboxes_of(found):
            return found
        found = found.getnext() if step > 0 else found.getprevious()
    return found if found is not None and found.tag == W_P else None


def _looks_like_caption(paragraph, caption_styles, numbered_only=False) -> bool:
    """A caption style; a figure marker (图1 …); a line opening with 图为/上图; or a short
    centred line not in bold (a bold one is a heading) that ends no sentence."""
    text = _text_of(paragraph)
    if not text or len(text) > CAPTION_MAX or _has_picture(paragraph):
        return False
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    if style is not None and style.get(f"{W}val") in caption_styles:
        return True
    if CAPTION_MARKER.match(text) or CAPTION_OPENING.match(text):
        return True
    if numbered_only or text[-1] in _CLOSING:
        return False
    centred = paragraph.find(f"{W}pPr/{W}jc")
    runs = [bold for piece, bold in runs_of(paragraph) if piece.strip()]
    return centred is not None and centred.get(f"{W}val") == "center" and not all(runs)


def _caption_line(text) -> bool:
    text = text.strip()
    return (
        bool(text)
        and len(text) <= CAPTION_MAX
        and bool(CAPTION_MARKER.match(text) or CAPTION_OPENING.match(text))
    )


@dataclass
class Caption:
    text: str
    paragraph: object = None  # a paragraph that holds nothing but the caption
    line: str = ""  # or one line of a paragraph that also holds text
    figure: int | None = None


def _caption(raw: str, **where) -> Caption:
    return Caption(caption_text(raw), figure=figure_number(raw), **where)


def _line_after_picture(paragraph, ref) -> str:
    """A caption line on the picture's own line after it, or on the line after that."""
    lines, index, seen = [""], 0, False
    for run in paragraph.iter(W_R):
        if hidden(run, paragraph):
            continue
        if ref in run.iter(*IMAGE_REFS):
            seen, index = True, len(lines) - 1
        parts = run_text(run).split("\n")
        lines[-1] += parts[0]
        lines.extend(parts[1:])
    if not seen:
        return ""
    for line in lines[index : index + 2]:
        if _caption_line(line):
            return line.strip()
    return ""


def _caption_after(paragraph, ref, own) -> bool:
    """The paragraph's text is the picture's caption: it follows the one picture and
    reads as a caption, not as a form's line ("盖章：…" beside a stamp is no caption)."""
    if len(pictures_of(paragraph)) != 1:
        return False
    before = ""
    for run in paragraph.iter(W_R):
        if ref in run.iter(*IMAGE_REFS):
            break
        if not hidden(run, paragraph):
            before += run_text(run)
    if before.strip():
        return False
    return _caption_line(own) or not re.search(r"[:：（(）)]", own)


def _cell_of(paragraph):
    parent = paragraph.getparent()
    return parent if parent is not None and parent.tag == W_TC else None


def _cell_text(cell) -> str:
    texts = [_text_of(p) for p in cell.iter(W_P)]
    return " ".join(t for t in texts if t)


def _table_caption(cell, taken):
    """The cell beside the picture's cell, or the cell under it, when it reads as a
    caption (short, no picture)."""
    row = cell.getparent()
    if row is None or row.tag != W_TR:
        return None
    cells = [c for c in row if c.tag == W_TC]
    column = cells.index(cell)
    candidates = [c for c in cells if c is not cell]
    below = row.getnext()
    while below is not None and below.tag != W_TR:
        below = below.getnext()
    if below is not None:
        under = [c for c in below if c.tag == W_TC]
        if column < len(under):
            candidates.append(under[column])
    for candidate in candidates:
        text = _cell_text(candidate)
        if (
            text
            and len(text) <= CAPTION_MAX
            and not pictures_of(candidate)
            and candidate not in taken
            and text[-1] not in _CLOSING
        ):
            return candidate, text
    return None


def find_captions(body, document) -> tuple[dict, set, set]:
    """{picture ref: Caption}, the paragraphs that are captions and the caption lines
    inside other paragraphs (neither is case text)."""
    styles = styles_named(document, r"caption|题注")
    refs = pictures_of(body)
    taken: set = set()
    found: dict = {}
    for ref in refs:
        paragraph = _paragraph_of(ref)
        if paragraph is None:
            continue
        caption = _caption_of(ref, paragraph, styles, taken)
        if caption is not None:
            found[ref] = caption
            if caption.paragraph is not None:
                taken.add(caption.paragraph)
    paragraphs = {c.paragraph for c in found.values() if c.paragraph is not None}
    lines = {c.line for c in found.values() if c.line}
    return found, paragraphs, lines


def _caption_of(ref, paragraph, styles, taken):
    boxes = textboxes_of(paragraph)
    if boxes and len(boxes[0]) <= CAPTION_MAX:
        return _caption(boxes[0])
    own = _text_of(paragraph)
    if own and len(own) <= CAPTION_MAX and _caption_after(paragraph, ref, own):
        return _caption(own, paragraph=paragraph)
    if own:  # a picture inside running text: a caption line after it, or none
        line = _line_after_picture(paragraph, ref)
        return _caption(line, line=line) if line else None
    below = _neighbour(paragraph, 1)
    above = _neighbour(paragraph, -1)
    if below is not None and below in taken:
        below = None
    if above is not None and above in taken:
        above = None
    below_ok = below is not None and _caption_paragraph(below, styles)
    above_ok = above is not None and _caption_paragraph(above, styles)
    if below_ok and above_ok:
        # A caption line between two pictures belongs to the one below it when the
        # document puts captions above (the next picture has a caption-like line under
        # it no more).
        after = _neighbour(below, 1)
        if after is not None and _has_picture(after) and not _text_of(after):
            below_ok = False
    for ok, near in ((below_ok, below), (above_ok, above)):
        if ok:
            boxes = textboxes_of(near)
            text = _text_of(near) or (boxes[0] if boxes else "")
            return _caption(text, paragraph=near)
    cell = _cell_of(paragraph)
    if cell is not None and not _cell_text(cell):
        beside = _table_caption(cell, taken)
        if beside is not None:
            candidate, text = beside
            taken.add(candidate)
            paragraphs = [p for p in candidate.iter(W_P) if _text_of(p)]
            return _caption(text, paragraph=paragraphs[0] if paragraphs else None)
    return None


def _caption_paragraph(paragraph, styles) -> bool:
    if not _text_of(paragraph):
        boxes = textboxes_of(paragraph)
        return bool(boxes) and len(boxes[0]) <= CAPTION_MAX and not _has_picture(paragraph)
    return _looks_like_caption(paragraph, styles)


def _look(image) -> str:
    """Why an image is no photo ("" when it may be one): small, banner, flat, blank."""
    width, height = image.size
    if min(width, height) < MIN_PHOTO_SIDE:
        return "small"
    if max(width, height) > MAX_PHOTO_RATIO * min(width, height):
        return "banner"
    image.draft("RGB", (64, 64))  # JPEG: decode at a fraction of its size
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgb = Image.alpha_composite(white, rgba).convert("RGB")
    else:
        rgb = image.convert("RGB")
    small = rgb.resize((32, 32))
    if all(high - low <= FLAT_RANGE for low, high in small.getextrema()):
        return "flat"  # one colour all over: a banner or a bar, not a picture of anything
    pixels = (
        list(small.get_flattened_data())
        if hasattr(small, "get_flattened_data")
        else list(small.getdata())
    )
    blank = sum(1 for pixel in pixels if min(pixel) >= 232)
    if blank >= BLANK_SHARE * len(pixels):
        return "blank"
    return ""


@dataclass
class Pictures:
    photos: list[ParsedPhoto]
    stamps: list[ParsedPhoto]  # scans in the 推荐单位 part (stamp, signature)
    others: list[str]  # names of images left out (logos, banners, icons)
    dropped: dict = field(default_factory=dict)  # figure number → caption, of those


def sort_pictures(document, pictures, captions, problems) -> Pictures:
    """Case photos, stamp scans and other images of a form. ``pictures`` holds each
    picture reference with where it stands: "case", "recommender" or "form"."""
    rels = document.part.rels
    out = Pictures([], [], [])
    seen = set()
    for ref, place in pictures:
        rel = rels.get(ref.get(IMAGE_REFS[ref.tag]))
        if rel is None or rel.is_external:
            continue
        part = rel.target_part
        if part in seen:  # one image shown twice
            continue
        seen.add(part)
        name = part.partname.rsplit("/", 1)[-1]
        try:
            with Image.open(io.BytesIO(part.blob)) as image:
                look = _look(image)
        except Exception:  # EMF drawings, broken files, pixel bombs: not photos
            problems.append(f"图片“{name}”无法识别，已跳过")
            continue
        caption = captions.get(ref)
        photo = ParsedPhoto(
            part.blob,
            name,
            part.content_type,
            caption.text if caption else "",
            caption.figure if caption else None,
        )
        if place == "recommender" and look in ("", "blank"):
            out.stamps.append(photo)
        elif look:
            out.others.append(name)
            if photo.figure is not None:  # the text may cite it: 见图1
                out.dropped[photo.figure] = photo.caption or name
            if look in ("blank", "banner"):  # a bright photo could look so: say it
                what = (
                    "大部分是空白（像印章、签名或标志）"
                    if look == "blank"
                    else "又宽又扁（像横幅）"
                )
                problems.append(f"图片“{name}”{what}，未作为案例照片导入；如是照片请在案例中补上")
        else:
            out.photos.append(photo)
    return out
