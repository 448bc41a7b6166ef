"""Photos of a Word 申报表 and their captions (no Django).

Photos are the embedded images in document order. Images with a side under
MIN_PHOTO_SIDE px are taken for logos, stamps and icons, and images of one colour for
banners and bars; both are skipped. A caption is the text in the picture's own
paragraph, the line under it (a caption style, 图1 …, 图为 …, or a short centred line not
in bold), or a numbered line above it.
"""

import io
import re
from dataclasses import dataclass

from PIL import Image

from cases.submission.docx_xml import IMAGE_REFS, W_P, W, lines_of, qn, styles_named

MIN_PHOTO_SIDE = 200
FLAT_RANGE = 12  # of 255 per channel: JPEG noise on one colour stays within it


@dataclass
class ParsedPhoto:
    data: bytes
    name: str
    content_type: str
    caption: str = ""  # the line under the picture in Word (题注), numbering removed


# A caption as people type one under a picture: 图1 …, 照片2：…, (3) …
CAPTION_NUMBER = re.compile(
    r"^\s*(?:图片?|照片|相片)?\s*[（(]?[0-9一二三四五六七八九十]+[)）]?\s*[：:、.．]?\s*"
)
CAPTION_NUMBERED = re.compile(r"^\s*(?:图片?|照片|相片)\s*[（(]?[0-9一二三四五六七八九十]+")
# How a caption under a picture opens when it has no number: 图为…, 上图：…
CAPTION_OPENING = re.compile(r"^\s*(?:图为|图片为|照片为|上图|下图|图[:：]|图片[:：]|照片[:：])")
CAPTION_MAX = 60
A_BLIP = qn("a:blip")


def _paragraph_of(element):
    while element is not None and element.tag != W_P:
        element = element.getparent()
    return element


def _text_of(paragraph) -> str:
    return " ".join(line.strip() for line in lines_of(paragraph) if line.strip())


def _neighbour(paragraph, step):
    """The next (step=1) or previous (-1) paragraph with text or a picture, or None."""
    found = paragraph.getnext() if step > 0 else paragraph.getprevious()
    while found is not None and found.tag == W_P and not _text_of(found):
        if found.find(f".//{A_BLIP}") is not None:
            return found
        found = found.getnext() if step > 0 else found.getprevious()
    return found if found is not None and found.tag == W_P else None


def _looks_like_caption(paragraph, caption_styles, below) -> bool:
    """A caption style; a numbered line (图1 …); under a picture also a line opening with
    图为/上图, or a short centred line not in bold (a bold one is a heading)."""
    text = _text_of(paragraph)
    if not text or len(text) > CAPTION_MAX or paragraph.find(f".//{A_BLIP}") is not None:
        return False
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    if style is not None and style.get(f"{W}val") in caption_styles:
        return True
    if CAPTION_NUMBERED.match(text):
        return True
    if not below:
        return False
    if CAPTION_OPENING.match(text):
        return True
    centred = paragraph.find(f"{W}pPr/{W}jc")
    runs = [r for r in paragraph.iter(qn("w:r")) if "".join(r.itertext()).strip()]
    bold = runs and all(r.find(f"{W}rPr/{W}b") is not None for r in runs)
    return centred is not None and centred.get(f"{W}val") == "center" and not bold


def _caption_of(paragraph, caption_styles, taken) -> tuple[object, str]:
    """The caption of the picture in `paragraph` and the paragraph holding it: text in
    the picture's own paragraph (after a line break), the line under it, or a numbered
    line above it; its numbering (图1) removed. (None, "") when it has none."""
    own = _text_of(paragraph)
    if own and len(own) <= CAPTION_MAX:
        return paragraph, own
    if own:  # a picture inside running text: no caption of its own
        return None, ""
    for step in (1, -1):
        near = _neighbour(paragraph, step)
        if (
            near is not None
            and near not in taken
            and _looks_like_caption(near, caption_styles, below=step > 0)
        ):
            text = _text_of(near)
            return near, CAPTION_NUMBER.sub("", text, count=1).strip() or text
    return None, ""


def _flat(image) -> bool:
    """One colour all over (a banner, a separator bar): no picture of anything. Judged by
    content, not file size: a drawing at 900×600 can be an 8 kB PNG and still a picture."""
    image.draft("RGB", (64, 64))  # JPEG: decode at a fraction of its size
    small = image.convert("RGB").resize((32, 32))
    return all(high - low <= FLAT_RANGE for low, high in small.getextrema())


def photos_of(document, problems: list[str], captions: dict) -> list[ParsedPhoto]:
    """Image parts in the order the body shows them, then any others (headers…).
    ``captions`` maps a part to the caption found under its picture."""
    rels = document.part.rels
    parts = []
    for element in document.element.body.iter(*IMAGE_REFS):
        rel = rels.get(element.get(IMAGE_REFS[element.tag]))
        if rel is not None and not rel.is_external:
            parts.append(rel.target_part)
    parts += sorted(
        (p for p in document.part.package.iter_parts() if p.partname.startswith("/word/media/")),
        key=lambda p: p.partname,
    )
    photos = []
    for part in dict.fromkeys(parts):  # one part may be shown twice
        name = part.partname.rsplit("/", 1)[-1]
        try:
            with Image.open(io.BytesIO(part.blob)) as image:
                size, flat = image.size, _flat(image)
        except Exception:  # EMF drawings, broken files, pixel bombs: not photos
            problems.append(f"图片“{name}”无法识别，已跳过")
            continue
        if min(size) >= MIN_PHOTO_SIDE and not flat:
            photos.append(ParsedPhoto(part.blob, name, part.content_type, captions.get(part, "")))
    return photos


def captions_of(document) -> tuple[dict, set]:
    """{image part: caption} and the caption paragraphs (not case text)."""
    styles = styles_named(document, r"caption|题注")
    rels = document.part.rels
    captions, paragraphs = {}, set()
    for element in document.element.body.iter(*IMAGE_REFS):
        rel = rels.get(element.get(IMAGE_REFS[element.tag]))
        paragraph = _paragraph_of(element)
        if rel is None or rel.is_external or paragraph is None:
            continue
        caption_paragraph, text = _caption_of(paragraph, styles, paragraphs)
        if caption_paragraph is not None:
            captions.setdefault(rel.target_part, text)
            paragraphs.add(caption_paragraph)
    return captions, paragraphs
