"""The case text of a 申报表 read from Word: its lines, soft line breaks joined, and its
headings with their levels (no Django).

Headings take their level from Word's heading styles (outline level), else from their
numbering (一、 → （一） → 1. → （1）), else a short line all in bold is a first-level
heading. A soft line break (Shift+Enter) that wraps a sentence is joined. Above the text
proper, an attachment mark (附件1：), the title typed again, a byline and a typed summary
are taken off.
"""

import re
import unicodedata

from cases.submission.docx_fields import join_lines, labels_in
from cases.submission.docx_xml import W, lines_with_bold

# Lines that only announce an attachment ("附件1：", "附页") before the case text.
ATTACHMENT_MARK = re.compile(r"附\s*[件页表]\s*[0-9一二三]*\s*[:：]?")
# A summary the applicant typed above the case (not a field of the notice).
SUMMARY_LEAD = re.compile(r"^(?:案例|内容)?(?:简介|摘要|概要|概述)\s*[:：]\s*")
SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)]*")
LINE_END = "。！？!?；;：:…”’」』）)】"
NUMBER_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+\s*[、.．]"), 1),
    (re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[）)]"), 2),
    (re.compile(r"^\d{1,2}\s*[、.．](?!\d)"), 3),
    (re.compile(r"^[（(]\s*\d{1,2}\s*[）)]"), 4),
)
HEADING_MAX = 30
NUMBERED_MAX = 40


def heading_level(line: str, bold: bool = False, style_level: int | None = None) -> int | None:
    """1–4 for a subheading: Word's heading style, else its numbering (一、 （一） 1.
    （1）), else a short line all in bold; None for body text."""
    text = line.strip()
    if style_level:
        return style_level
    if not text or text[-1] in "。！？!?；;：:，,、…":
        return None
    for pattern, level in NUMBER_LEVELS:
        if pattern.match(text):
            if len(text) > NUMBERED_MAX or SENTENCE_END.search(text[:-1]):
                return None
            return level
    if bold and len(text) <= HEADING_MAX and not SENTENCE_END.search(text[:-2]):
        return 1  # a bold line may be a question: “我还能重新开始吗？”
    return None


def _continues(previous: tuple[str, bool], current: tuple[str, bool]) -> bool:
    """Whether a line after a soft break (Shift+Enter) goes on with the previous one: a
    sentence wrapped by hand, not a new paragraph, heading, label or caption."""
    before, before_bold = previous
    raw, bold = current
    text = raw.strip()
    if before_bold or bold or before[-1] in LINE_END:
        return False
    if raw[:1] in ("\u3000", " ", "\t") or text.startswith(("——", "图", "照片")):
        return False
    if heading_level(before) or heading_level(text):
        return False
    found = labels_in(text)
    return not (found and found[0][1] == 0) and not labels_in(before)


def paragraph_lines(paragraph) -> list[tuple[str, bool]]:
    """A paragraph's lines with their boldness, soft-wrapped sentences joined."""
    out: list[tuple[str, bool]] = []
    for raw, bold in lines_with_bold(paragraph):
        text = raw.strip()
        if not text:
            continue
        if out and _continues(out[-1], (raw, bold)):
            out[-1] = (join_lines([out[-1][0], text]), False)
        else:
            out.append((text, bold))
    return out


def style_level_of(paragraph, styles) -> int | None:
    """A paragraph's heading level by its outline level or its heading style (1–4)."""
    outline = paragraph.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None and (outline.get(f"{W}val") or "").isdigit():
        level = int(outline.get(f"{W}val")) + 1
        return level if level <= 4 else None
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return styles.get(style.get(f"{W}val")) if style is not None else None


def _bare(text: str) -> str:
    """Only letters and digits: a title typed with other spaces or punctuation is the same."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _byline(line: str) -> bool:
    return line.startswith(("——", "—", "--")) and len(line) <= 60


def case_lines(lines: list[str], title: str, meta) -> tuple[list[str], str, str]:
    """The case's paragraphs without what stands above the text proper: an attachment mark
    (附件1：), the title typed again (whole, a part of it, or a longer form of it; or a
    short line over a byline), a byline (——单位), and a typed summary (案例简介：…),
    which is returned apart; and the title as typed."""
    lines = [line for line in lines if line.strip()]
    summary, typed = "", ""
    head = 0
    bare_title = _bare(title)
    while head < min(len(lines), 4):
        line = lines[head].strip()
        bare = _bare(line)
        following = lines[head + 1].strip() if head + 1 < len(lines) else ""
        numbered = any(pattern.match(line) for pattern, _ in NUMBER_LEVELS)
        typed_title = bare and len(line) <= 80 and not numbered
        typed_title = typed_title and (
            bare == bare_title
            or (bare_title and (bare_title.startswith(bare) or bare_title in bare))
            or (not typed and _byline(following))
        )
        if ATTACHMENT_MARK.fullmatch(line) or _byline(line):
            head += 1
        elif typed_title:
            typed = typed or line
            head += 1
        elif not summary and SUMMARY_LEAD.match(line):
            summary = SUMMARY_LEAD.sub("", line, count=1)
            head += 1
        else:
            break
    return lines[head:], summary, typed


def heading_styles(document) -> dict[str, int]:
    """Style id → heading level 1–4: Heading 1–4 or 标题 1–4 as a Chinese Word names
    them (ids differ: Heading1, 1, 2, a1 …), or a style with an outline level."""
    levels = {}
    for style in document.styles.element.iter(f"{W}style"):
        name = style.find(f"{W}name")
        label = (name.get(f"{W}val") if name is not None else "").lower().replace(" ", "")
        match = re.fullmatch(r"(?:heading|标题)([1-9])", label)
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if match:
            level = int(match.group(1))
        elif outline is not None and (outline.get(f"{W}val") or "").isdigit():
            level = int(outline.get(f"{W}val")) + 1
        else:
            continue
        if level <= 4:
            levels[style.get(f"{W}styleId")] = level
    return levels
