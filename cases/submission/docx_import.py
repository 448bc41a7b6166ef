"""Read a filled 申报表 (.docx) back into field values, case text and photos.

Filled forms come from many hands: rows added or merged, "标签：值" typed into one
cell or paragraph, the case pasted below the table. So fields are found by their
labels in reading order, never by cell position. A label's value is the rest of its
line, then the following lines of the same cell; a label left alone in its cell takes
the next cell of the same row. The case text and the recommender's opinion are blocks
of paragraphs; an empty case cell ("可另附") takes the paragraphs after the table.

Photos and their captions: docx_pictures.py; the document's XML names: docx_xml.py.
"""

import datetime as dt
import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field

from cases import application_form
from cases.submission.docx_pictures import ParsedPhoto, captions_of, photos_of
from cases.submission.docx_xml import (
    W_P,
    W_TBL,
    W_TC,
    W_TR,
    W,
    children,
    lines_of,
    styles_named,
)

MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a zip bomb is refused before it is unpacked
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls: the pre-2007 formats

BLOCKS = {"case", "recommender_opinion"}
# What people write in a cell they leave empty: "/", "——", "无"; the case cell's "见附页"
# (the text follows the form); the 申报编号 box's own instruction.
PLACEHOLDER = re.compile(
    r"[/／\\\-－—–_＿·.。\s]*|无|暂无|(?:详)?见(?:附[件页表]|下页|后附|附后)[0-9一二三]*|另附|附后"
    r"|[（(]?由主办单位(?:统一)?填写[）)]?"
)
# Lines that only announce an attachment ("附件1：", "附页") before the case text.
ATTACHMENT_MARK = re.compile(r"附\s*[件页表]\s*[0-9一二三]*\s*[:：]?")
# A summary the applicant typed above the case (not a field of the notice).
SUMMARY_LEAD = re.compile(r"^(?:案例|内容)?(?:简介|摘要|概要|概述)\s*[:：]\s*")
# The public fields of the form, by their printed label.
CASE_LABELS = {
    "申报编号": "submission_number",
    "案例名称": "title",
    "申报单位": "organization_name",
    "申报日期": "submitted_on",
}
# Label → key. A "~kind" label (联系电话, 手机 …) belongs to the part of the form it stands
# in: the applicant's until the recommender's part begins.
LABELS = {
    **CASE_LABELS,
    **{
        field.label: field.name
        for field in application_form.FIELDS
        if not any(field.label in words for words in application_form.KIND_LABELS.values())
    },
    "盖章": "recommender",
    "日期": "~date",
    **{word: f"~{kind}" for kind, words in application_form.KIND_LABELS.items() for word in words},
}
# Keys whose label starts the recommender's part of the form.
RECOMMENDER_STARTS = {"recommender_opinion", "recommender_contact_name"}


def _part_key(kind: str, part: str) -> str:
    """The field a "~kind" label names in the given part of the form."""
    if kind == "date":
        return "submitted_on" if part == application_form.APPLICANT else "recommended_on"
    return application_form.field_of(part, kind).name


def _name(key: str) -> str:
    """A field's name in the form's own words, for the problems list."""
    field = application_form.BY_NAME.get(key)
    if field is None:
        names = {v: k for k, v in CASE_LABELS.items()} | {"case": "案例正文"}
        return names.get(key, key)
    if field.label not in LABELS or LABELS[field.label] == key:
        return field.label  # unambiguous as it stands (推荐日期, 申报单位联系人)
    return ("申报单位" if field.part == application_form.APPLICANT else "推荐单位") + field.label


def _spaced(label: str) -> str:
    return r"\s*".join(map(re.escape, label))


# Longest first, so that 申报单位联系人 wins over 申报单位; the case label (案例, 案例正文,
# 案例（2000字左右，可另附）…) last, so that 案例名称 wins over it.
CASE_LABEL = _spaced("案例") + r"(?:正文|内容|全文)?(?:\s*[（(][^）)]{0,40}[）)])?"
_LABELS = "|".join(_spaced(label) for label in sorted(LABELS, key=len, reverse=True))
LABEL_RE = re.compile(rf"(?P<label>{_LABELS}|e-?mail|{CASE_LABEL})(?P<colon>\s*[:：])?", re.I)
DATE_RE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")


class DocxImportError(ValueError):
    """The file cannot be read as a .docx; the message is meant for staff, as is."""


@dataclass
class ParsedApplication:
    values: dict[str, object]
    case_text: str
    photos: list[ParsedPhoto]
    problems: list[str]
    headings: frozenset[str] = frozenset()  # lines Word's heading styles mark


def parse_date(text: str) -> dt.date | None:
    """2016年6月15日, 2016-06-15, 2016.6.15, 2016/6/15 (full-width digits too)."""
    match = DATE_RE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:  # 2016年13月1日
        return None


def _labels(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each label in a line: one followed by a colon anywhere, or
    one standing alone between spaces (a label cell, "联系电话 6255…")."""
    found = []
    for match in LABEL_RE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        alone = (before.isspace() or before in "，,；;。、") and after.isspace()
        bracketed = before in "（(" and after in "）)"  # （盖章）静安区…办事处
        if match.group("colon") or alone or bracketed:
            label = re.sub(r"\s", "", match.group("label"))
            key = LABELS.get(label) or ("~email" if label[0] in "eE" else "case")
            found.append((key, start, end))
    return found


def _paragraph_lines(paragraph) -> list[str]:
    """A body paragraph's lines. Soft line breaks inside running text are where someone
    pressed Shift+Enter to wrap it (or pasted it from a PDF): one paragraph. A paragraph
    whose later lines start with a label (同意推荐。⏎盖章：…) keeps its lines apart."""
    lines = lines_of(paragraph)
    rest = [line.strip() for line in lines[1:] if line.strip()]
    if rest and not any((found := _labels(line)) and found[0][1] == 0 for line in rest):
        return [_join([line.strip() for line in lines if line.strip()])]
    return lines


def _cell_lines(element, skip=frozenset()) -> list[str]:
    """A cell's lines; a table nested in it reads row by row, cell by cell."""
    if element in skip:
        return []
    if element.tag == W_P:
        return lines_of(element)
    parts = children(element, {W_P, W_TBL, W_TR, W_TC})
    return [line for child in parts for line in _cell_lines(child, skip)]


@dataclass
class _Slot:
    key: str
    loc: tuple
    lines: list[str] = field(default_factory=list)


class _Reader:
    """Walks the body once; `loc` is (table, row, cell), or (None, None, n) in the body."""

    def __init__(self, heading_styles=frozenset(), skip=frozenset()):
        self.heading_styles = heading_styles
        self.skip = skip  # paragraphs that are no text of the form (photo captions)
        self.headings: set[str] = set()
        self.section = application_form.APPLICANT
        self.slots: list[_Slot] = []
        self.current: _Slot | None = None
        self.orphans: list[str] = []  # body paragraphs under no label: maybe the 另附 case
        # Body paragraphs under no label since the last one: the case pasted below a form
        # that has no case row at all.
        self.loose: list[str] = []
        self.count = 0

    def read(self, body):
        for child in children(body, {W_P, W_TBL}):
            self.count += 1
            if child in self.skip:
                continue
            if child.tag == W_P:
                self._note_heading(child)
                for line in _paragraph_lines(child):
                    self.line(line, (None, None, self.count))
                continue
            for r, tr in enumerate(children(child, {W_TR})):
                for c, tc in enumerate(children(tr, {W_TC})):
                    for paragraph in tc.iter(W_P):
                        self._note_heading(paragraph)
                    for line in _cell_lines(tc, self.skip):
                        self.line(line, (self.count, r, c))

    def _note_heading(self, paragraph):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in self.heading_styles:
            self.headings.update(line.strip() for line in lines_of(paragraph) if line.strip())

    def accepts(self, slot: _Slot, loc) -> bool:
        """Whether an unlabelled line at `loc` continues `slot`."""
        if slot.key in BLOCKS:
            if not slot.lines:  # an empty case cell waits even past its table (另附)
                return slot.key == "case" or loc[0] == slot.loc[0]
            return loc == slot.loc or loc[0] is slot.loc[0] is None
        if not slot.lines:  # a label alone in its cell: the next cell of the row
            return loc[0] is not None and loc[:2] == slot.loc[:2]
        return loc == slot.loc

    def line(self, text, loc):
        slot, text = self.current, text.strip()
        if not text:
            return
        if slot and slot.key == "case" and loc == slot.loc and loc[0] is not None:
            slot.lines.append(text)  # inside the case cell, everything is case text
            return
        found = _labels(text)
        if not found and slot and slot.key == "recommender" and parse_date(text):
            self.start("~date", text, loc)  # （盖章）单位⏎2016年6月16日: the date under the stamp
            return
        lead = text[: found[0][1]] if found else text  # before the first label
        if lead.strip(" （("):  # "（" of （盖章） is no text
            # In a block, or a case pasted below the form, a label mid-sentence is text.
            if slot and slot.key in BLOCKS and self.accepts(slot, loc):
                self.add(slot, text, loc)
                return
            if loc[0] is None and self.case_pending():
                self.orphans.append(text)
                return
            if slot and self.accepts(slot, loc):
                self.add(slot, lead, loc)
            elif loc[0] is None and self.slots:
                self.loose.append(text)  # a label inside it is text of a sentence
                return
        ends = [start for _, start, _ in found[1:]] + [len(text)]
        for (key, _, end), value_end in zip(found, ends, strict=False):
            self.start(key, text[end:value_end], loc)

    def case_pending(self) -> bool:
        """A case label seen, with nothing under it so far (可另附)."""
        cases = [slot for slot in self.slots if slot.key == "case"]
        return bool(cases) and not any(slot.lines for slot in cases)

    def add(self, slot, text, loc):
        value = text.strip().strip("_＿").strip()  # people type on underlines
        if value.endswith(("）", ")")) and value.count("）") + value.count(")") > value.count(
            "（"
        ) + value.count("("):
            value = value[:-1].rstrip()  # （盖章：…办事处） closes a bracket opened before
        if value and not (not slot.lines and PLACEHOLDER.fullmatch(value)):
            slot.lines.append(value)
            slot.loc = loc

    def start(self, key, value, loc):
        if key in RECOMMENDER_STARTS:
            self.section = application_form.RECOMMENDER
        if key.startswith("~"):  # 联系电话 … belong to the part of the form they stand in
            key = _part_key(key[1:], self.section)
        self.current = _Slot(key, loc)
        self.slots.append(self.current)
        self.loose = []
        self.add(self.current, value.lstrip("）) "), loc)


def _join(lines: list[str]) -> str:
    """Lines of one value: Chinese joins without a space, Latin words with one."""
    out = ""
    for line in lines:
        out += " " if out and out[-1].isascii() and line[0].isascii() else ""
        out += line
    return out


def _collect(reader: _Reader, problems: list[str]) -> tuple[dict, str]:
    texts: dict[str, str] = {}
    for slot in reader.slots:
        if not slot.lines:
            continue
        separator = {"case": "\n\n", "recommender_opinion": "\n"}.get(slot.key)
        text = separator.join(slot.lines) if separator else _join(slot.lines)
        if slot.key not in texts:
            texts[slot.key] = text
        elif texts[slot.key] != text and slot.key != "case":
            problems.append(
                f"{_name(slot.key)}填写了两个不同的值（“{texts[slot.key]}”和“{text}”），已采用前者"
            )
    case_lines = texts.pop("case", "").split("\n\n") if "case" in texts else []
    case_lines = case_lines or reader.orphans or reader.loose
    case_lines, summary = _case_lines(case_lines, texts.get("title", ""))
    case_text = "\n\n".join(case_lines)
    if summary:
        texts["summary"] = summary
    values: dict[str, object] = dict(texts)
    for key in ("submitted_on", "recommended_on"):
        if key in texts:
            values[key] = parse_date(texts[key])
            if values[key] is None:
                del values[key]
                problems.append(f"{_name(key)}“{texts[key]}”无法识别")
    return values, case_text


def _bare(text: str) -> str:
    """Only letters and digits: a title typed with other spaces or punctuation is the same."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _case_lines(lines: list[str], title: str) -> tuple[list[str], str]:
    """The case's paragraphs without what stands above the text proper: an attachment mark
    (附件1：), the title typed again (whole or its first part), a byline (——单位), and a
    typed summary (案例简介：…), which is returned apart."""
    lines = [line for line in lines if line.strip()]
    summary = ""
    head = 0
    while head < min(len(lines), 4):
        line = lines[head].strip()
        bare = _bare(line)
        typed_title = bare and (bare == _bare(title) or _bare(title).startswith(bare))
        byline = line.startswith(("——", "—", "--")) and len(line) <= 60
        if ATTACHMENT_MARK.fullmatch(line) or typed_title or byline:
            head += 1
        elif not summary and SUMMARY_LEAD.match(line):
            summary = SUMMARY_LEAD.sub("", line, count=1)
            head += 1
        else:
            break
    return lines[head:], summary


def _open(fileobj):
    """Any binary file-like object → a python-docx Document, or DocxImportError."""
    if isinstance(fileobj, bytes | bytearray):
        fileobj = io.BytesIO(fileobj)
    if not (hasattr(fileobj, "seekable") and fileobj.seekable()):
        # zipfile must seek: a pipe or a socket goes to memory, or to disk when large.
        with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spooled:
            shutil.copyfileobj(fileobj, spooled)
            return _open(spooled)  # python-docx holds every part in memory
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if not head:
        raise DocxImportError("文件是空的，没有任何内容。")
    if head == OLE_MAGIC:
        raise DocxImportError("这是旧版 Word 文件（.doc），请在 Word 中“另存为” .docx 后再导入。")
    if not head.startswith(b"PK"):
        raise DocxImportError("文件不是 Word 文档（.docx），无法识别它的格式。")
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # BadZipFile, EOFError, NotImplementedError (odd versions)…
        raise DocxImportError("文件已损坏或不完整，无法作为 Word 文档（.docx）打开。") from exc
    if "word/document.xml" not in names:
        raise DocxImportError("压缩包里没有 Word 正文（word/document.xml），不是 .docx 文件。")
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocxImportError("文件解压后过大，拒绝读取。请删去多余内容或压缩图片后再导入。")
    fileobj.seek(0)
    from docx import Document

    try:
        return Document(fileobj)
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise DocxImportError("Word 文档已损坏，无法读取其中的内容。") from exc


def parse_application(fileobj) -> ParsedApplication:
    """Values, case text and photos of a filled 申报表, with what is missing in Chinese."""
    document = _open(fileobj)
    captions, caption_paragraphs = captions_of(document)
    reader = _Reader(_heading_styles(document), skip=caption_paragraphs)
    reader.read(document.element.body)
    problems: list[str] = []
    values, case_text = _collect(reader, problems)
    photos = photos_of(document, problems, captions)
    present = {**values, "case": case_text}
    required = ("title", "organization_name", "case", "contact_name")
    missing = [_name(key) for key in required if not present.get(key)]
    if not (values.get("contact_phone") or values.get("contact_mobile")):
        missing.append("联系电话或手机")
    problems[:0] = [f"未填写{name}" for name in missing]
    if not photos:
        problems.append("没有可用的照片（每个案例需配2-3幅照片）")
    headings = frozenset(reader.headings & set(case_text.splitlines()))
    return ParsedApplication(values, case_text, photos, problems, headings)


def _heading_styles(document) -> frozenset[str]:
    """Heading 1–3 and Title, or 标题 1–3 as a Chinese Word names them."""
    return styles_named(document, r"(heading|标题)[1-3]?|title")
