"""Read a filled 申报表 (.docx) back into field values, case text and photos.

Filled forms come from many hands: rows added or merged, "标签：值" typed into one
cell or paragraph, the case pasted below the table. So fields are found by their
labels in reading order, never by cell position. A label's value is the rest of its
line, then the following lines of the same cell; a label left alone in its cell takes
the next cell of the same row. The case text and the recommender's opinion are blocks
of paragraphs; an empty case cell ("可另附") takes the paragraphs after the table.

A file may hold several filled forms one after another: the body is cut where a new
form's 案例名称 follows a form that already has its case or its 推荐单位 part, and each
form becomes a case of its own, with its own photos and contacts.

Headings take their level from Word's heading styles (outline level), else from their
numbering (一、 → （一） → 1. → （1）), else a short line all in bold is a first-level
heading. A soft line break (Shift+Enter) that wraps a sentence is joined.

Photos, captions and stamp scans: docx_pictures.py; the XML names: docx_xml.py; what a
file is and the conversion of .doc/.wps/.rtf: word_files.py.
"""

import datetime as dt
import io
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field

from cases import application_form, enums
from cases.submission import word_files
from cases.submission.docx_pictures import ParsedPhoto, find_captions, sort_pictures
from cases.submission.docx_xml import (
    W_P,
    W_TBL,
    W_TC,
    W_TR,
    W,
    children,
    lines_of,
    lines_with_bold,
    pictures_of,
)

MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a zip bomb is refused before it is unpacked

BLOCKS = {"case", "recommender_opinion"}
# What people write in a cell they leave empty: "/", "——", "无"; the case cell's "见附页"
# (the text follows the form), in brackets or not; the 申报编号 box's own instruction.
PLACEHOLDER = re.compile(
    r"[/／\\\-－—–_＿·.。\s]*|无|暂无|略|(?:详)?见(?:附[件页表]|下页|后附|附后|正文|后页)[0-9一二三]*"
    r"|(?:详见|见)?另附(?:页|件)?|附后|(?:案例)?(?:正文)?(?:详见|见)附件[0-9一二三]*"
    r"|由主办单位(?:统一)?填写"
)
BRACKETS = "（）()【】[] 　"
# Lines that only announce an attachment ("附件1：", "附页") before the case text.
ATTACHMENT_MARK = re.compile(r"附\s*[件页表]\s*[0-9一二三]*\s*[:：]?")
# A summary the applicant typed above the case (not a field of the notice).
SUMMARY_LEAD = re.compile(r"^(?:案例|内容)?(?:简介|摘要|概要|概述)\s*[:：]\s*")
# The case's own fields, by their printed label and the variants retyped forms use.
CASE_LABELS = {
    "申报编号": "submission_number",
    "案例名称": "title",
    "案例题目": "title",
    "案例标题": "title",
    "申报单位": "organization_name",
    "申报单位名称": "organization_name",
    "申报日期": "submitted_on",
    "填报日期": "submitted_on",
    # Not on the notice's form, but asked by the online form: read where a file has them.
    "所在街道": "street",
    "所属街道": "street",
    "所在街镇": "street",
    "街道（镇）": "street",
    "单位类型": "organization_kind",
    "组织类型": "organization_kind",
    "单位性质": "organization_kind",
    "参与主体": "participant_type",
    "主体类型": "participant_type",
}
# Label → key. A "~kind" label (联系电话, 手机 …) belongs to the part of the form it stands
# in: the applicant's until the recommender's part begins. Sub-labels of a merged cell
# (申报单位 | 名称, 推荐单位 | 意见) are kinds too.
LABELS = {
    **CASE_LABELS,
    **{
        field.label: field.name
        for field in application_form.FIELDS
        if not any(field.label in words for words in application_form.KIND_LABELS.values())
    },
    "盖章": "recommender",
    # A signature line under the opinion: no field, but its picture is a signature scan.
    "签字": "signature",
    "签名": "signature",
    "负责人签字": "signature",
    "负责人签名": "signature",
    "推荐单位名称": "recommender",
    "推荐意见": "recommender_opinion",
    "推荐日期": "recommended_on",
    "日期": "~date",
    "名称": "~organisation",
    "单位名称": "~organisation",
    "意见": "recommender_opinion",
    "e-mail": "~email",
    "email": "~email",
    # Contact labels as retyped forms word them.
    "申报时间": "~date",
    "手机号码": "~mobile",
    "移动电话": "~mobile",
    "联系手机": "~mobile",
    "通讯地址": "~address",
    "通信地址": "~address",
    "办公电话": "~phone",
    "传真号码": "~fax",
    "电子信箱": "~email",
    **{word: f"~{kind}" for kind, words in application_form.KIND_LABELS.items() for word in words},
}
# Keys whose label starts the recommender's part of the form.
RECOMMENDER_STARTS = {"recommender", "recommender_opinion", "recommender_contact_name"}
# Where a picture is a stamp or signature scan, not a case photo.
SEAL_KEYS = {"recommender", "recommender_opinion", "recommended_on", "signature"}
CHOICE_KEYS = {
    "organization_kind": enums.OrganizationKind,
    "participant_type": enums.ParticipantType,
}
TICKS = "☑■☒✓✔√▣◼●"
BOXES = "□☐○◻"


def _part_key(kind: str, part: str) -> str:
    """The field a "~kind" label names in the given part of the form."""
    if kind == "date":
        return "submitted_on" if part == application_form.APPLICANT else "recommended_on"
    if kind == "organisation":
        return "organization_name" if part == application_form.APPLICANT else "recommender"
    return application_form.field_of(part, kind).name


def _name(key: str) -> str:
    """A field's name in the form's own words, for the problems list."""
    field = application_form.BY_NAME.get(key)
    if field is None:
        names = {v: k for k, v in reversed(CASE_LABELS.items())} | {"case": "案例正文"}
        return names.get(key, key)
    if field.label not in LABELS or LABELS[field.label] == key:
        return field.label  # unambiguous as it stands (推荐日期, 申报单位联系人)
    return ("申报单位" if field.part == application_form.APPLICANT else "推荐单位") + field.label


def _spaced(label: str) -> str:
    return r"\s*".join(
        re.escape(ch) if ch not in "（）" else "[（(]" if ch == "（" else "[）)]" for ch in label
    )


# Longest first, so that 申报单位联系人 wins over 申报单位; the case label (案例, 案例正文,
# 案例（2000字左右，可另附）…) last, so that 案例名称 wins over it. A label may carry
# （盖章）/（签字） as retyped forms print it: 申报单位（盖章）.
CASE_LABEL = _spaced("案例") + r"(?:正文|内容|全文|材料)?(?:\s*[（(][^）)]{0,40}[）)])?"
_LABELS = "|".join(_spaced(label) for label in sorted(LABELS, key=len, reverse=True))
SEAL_NOTE = (
    r"\s*[（(]\s*(?:盖\s*章|公\s*章|签\s*章|盖公章|签\s*字|签\s*名|签字盖章|盖章签字)\s*[）)]"
)
LABEL_RE = re.compile(
    rf"(?P<label>{_LABELS}|{CASE_LABEL})(?P<seal>{SEAL_NOTE})?(?P<colon>\s*[:：])?", re.I
)
DATE_RE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
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
FORM_TITLE = re.compile(r"^.{0,30}申\s*报\s*表$")


class DocxImportError(ValueError):
    """The file cannot be read as a 申报表; the message is meant for staff, as is."""


@dataclass
class ParsedApplication:
    values: dict[str, object]
    case_text: str
    photos: list[ParsedPhoto]
    problems: list[str]
    headings: dict[str, int] = field(default_factory=dict)  # case line → level 1–4
    stamps: list[ParsedPhoto] = field(default_factory=list)  # stamp or signature scans
    uncaptioned: list[int] = field(default_factory=list)  # photo numbers with no caption


def parse_date(text: str) -> dt.date | None:
    """2016年6月15日, 2016-06-15, 2016.6.15, 2016/6/15 (full-width digits too)."""
    match = DATE_RE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:  # 2016年13月1日
        return None


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
            label = re.sub(r"\s", "", match.group("label")).replace("(", "（").replace(")", "）")
            key = LABELS.get(label) or LABELS.get(label.lower()) or "case"
            found.append((key, start, end))
    return found


def _is_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.fullmatch(text.strip().strip(BRACKETS)))


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
    found = _labels(text)
    return not (found and found[0][1] == 0) and not _labels(before)


def _lines(paragraph) -> list[tuple[str, bool]]:
    """A paragraph's lines with their boldness, soft-wrapped sentences joined."""
    out: list[tuple[str, bool]] = []
    for raw, bold in lines_with_bold(paragraph):
        text = raw.strip()
        if not text:
            continue
        if out and _continues(out[-1], (raw, bold)):
            out[-1] = (_join([out[-1][0], text]), False)
        else:
            out.append((text, bold))
    return out


@dataclass
class _Slot:
    key: str
    loc: tuple
    lines: list[str] = field(default_factory=list)


class _Reader:
    """Walks one form once; `loc` is (table, row, cell), or (None, None, n) in the body."""

    def __init__(self, heading_styles=None, skip=frozenset(), skip_lines=frozenset()):
        self.heading_styles = heading_styles or {}
        self.skip = skip  # paragraphs that are no text of the form (photo captions)
        self.skip_lines = skip_lines  # caption lines inside paragraphs of text
        self.meta: dict[str, tuple[bool, int | None]] = {}  # line → (bold, style level)
        self.section = application_form.APPLICANT
        self.slots: list[_Slot] = []
        self.current: _Slot | None = None
        self.orphans: list[str] = []  # body paragraphs under no label: maybe the 另附 case
        # Body paragraphs under no label since the last one: the case pasted below a form
        # that has no case row at all.
        self.loose: list[str] = []
        self.in_text = False  # reading the case text that follows the form
        self.pictures: list[tuple[object, str]] = []  # (picture, "case"|"recommender"|"form")
        self.count = 0

    def read(self, elements):
        for child in elements:
            self.count += 1
            if child.tag == W_P:
                self.paragraph(child, (None, None, self.count))
            elif child.tag == W_TBL:
                for r, tr in enumerate(children(child, {W_TR})):
                    for c, tc in enumerate(children(tr, {W_TC})):
                        self.cell(tc, (self.count, r, c))

    def cell(self, tc, loc):
        """A cell's paragraphs; a table nested in it reads row by row, cell by cell."""
        for child in children(tc, {W_P, W_TBL}):
            if child.tag == W_P:
                self.paragraph(child, loc)
                continue
            for tr in children(child, {W_TR}):
                for inner in children(tr, {W_TC}):
                    self.cell(inner, loc)

    def paragraph(self, paragraph, loc):
        refs = pictures_of(paragraph)
        if paragraph not in self.skip:
            style_level = self._style_level(paragraph)
            for text, bold in _lines(paragraph):
                if text in self.skip_lines:
                    continue
                self.meta.setdefault(text, (bold, style_level))
                self.line(text, loc)
        for ref in refs:
            self.pictures.append((ref, self.place(loc)))

    def _style_level(self, paragraph) -> int | None:
        outline = paragraph.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None and (outline.get(f"{W}val") or "").isdigit():
            level = int(outline.get(f"{W}val")) + 1
            return level if level <= 4 else None
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        return self.heading_styles.get(style.get(f"{W}val")) if style is not None else None

    def place(self, loc) -> str:
        """Where a picture at `loc` stands: in the case, in the 推荐单位 part (a stamp
        or signature scan), or elsewhere on the form (a logo, a banner)."""
        slot = self.current
        if slot and slot.key == "case" and (loc == slot.loc or slot.loc[0] is None):
            return "case"
        if self.in_text:
            return "case"
        if slot and slot.key in SEAL_KEYS:
            return "recommender"
        return "form"

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
            if slot.lines or not _is_placeholder(text):  # inside the case cell: case text
                slot.lines.append(text)
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
                self.in_text = self.in_text or (slot.key == "case" and loc[0] is None)
                return
            if loc[0] is None and self.case_pending():
                self.orphans.append(text)
                self.in_text = True
                return
            if slot and self.accepts(slot, loc):
                self.add(slot, lead, loc)
            elif loc[0] is None and self.slots:
                self.loose.append(text)  # a label inside it is text of a sentence
                self.in_text = True
                return
        ends = [start for _, start, _ in found[1:]] + [len(text)]
        for (key, _, end), value_end in zip(found, ends, strict=False):
            self.start(key, text[end:value_end], loc)

    def case_pending(self) -> bool:
        """A case label seen, with nothing under it so far (可另附, 见附页)."""
        cases = [slot for slot in self.slots if slot.key == "case"]
        return bool(cases) and not any(slot.lines for slot in cases)

    def add(self, slot, text, loc):
        value = text.strip().strip("_＿").strip()  # people type on underlines
        if value.endswith(("）", ")")) and value.count("）") + value.count(")") > value.count(
            "（"
        ) + value.count("("):
            value = value[:-1].rstrip()  # （盖章：…办事处） closes a bracket opened before
        if value and not (not slot.lines and _is_placeholder(value)):
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
        self.in_text = False
        self.add(self.current, value.lstrip("）) "), loc)


def _join(lines: list[str]) -> str:
    """Lines of one value: Chinese joins without a space, Latin words with one."""
    out = ""
    for line in lines:
        out += " " if out and out[-1].isascii() and line[0].isascii() else ""
        out += line
    return out


def _choice(text: str, choices) -> str:
    """The ticked option of "□社会组织 ☑志愿者", or the option written out; its key."""
    ticked = re.findall(rf"[{TICKS}]\s*([^{TICKS}{BOXES}\s]+)", text)
    candidates = ticked or ([] if re.search(f"[{BOXES}]", text) else [text])
    for candidate in candidates:
        bare = re.sub(r"[\s:：]", "", candidate)
        for value, label in choices.choices:
            if bare == label:
                return value
        for value, label in choices.choices:
            if bare and (bare in label or label in bare):
                return value
    return ""


def _collect(reader: _Reader, problems: list[str]) -> tuple[dict, list[str]]:
    texts: dict[str, str] = {}
    case_slots = []
    for slot in reader.slots:
        if slot.key == "case":
            case_slots.append(slot)
            continue
        if not slot.lines:
            continue
        separator = {"recommender_opinion": "\n"}.get(slot.key)
        text = separator.join(slot.lines) if separator else _join(slot.lines)
        if slot.key not in texts:
            texts[slot.key] = text
        elif texts[slot.key] != text:
            problems.append(
                f"{_name(slot.key)}填写了两个不同的值（“{texts[slot.key]}”和“{text}”），已采用前者"
            )
    case_lines = [line for slot in case_slots for line in slot.lines]
    case_lines = case_lines or reader.orphans or reader.loose
    case_lines, summary, typed_title = _case_lines(case_lines, texts.get("title", ""), reader.meta)
    if not texts.get("title") and typed_title:
        texts["title"] = typed_title
    if summary:
        texts["summary"] = summary
    values: dict[str, object] = dict(texts)
    for key, choices in CHOICE_KEYS.items():
        if key in texts:
            values[key] = _choice(texts[key], choices)
            blank = re.search(f"[{BOXES}]", texts[key]) and not re.search(f"[{TICKS}]", texts[key])
            if not values[key] and blank:  # boxes printed, none ticked: left blank
                del values[key]
            elif not values[key]:
                del values[key]
                problems.append(f"{_name(key)}“{texts[key]}”无法识别，请在案例中选择")
    for key in ("submitted_on", "recommended_on"):
        if key in texts:
            values[key] = parse_date(texts[key])
            if values[key] is None:
                del values[key]
                problems.append(f"{_name(key)}“{texts[key]}”无法识别")
    return values, case_lines


def _bare(text: str) -> str:
    """Only letters and digits: a title typed with other spaces or punctuation is the same."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _byline(line: str) -> bool:
    return line.startswith(("——", "—", "--")) and len(line) <= 60


def _case_lines(lines: list[str], title: str, meta) -> tuple[list[str], str, str]:
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


def _open(fileobj):
    """Any binary file-like object → a python-docx Document, or DocxImportError. A .doc,
    .wps, .rtf or .odt is converted first; a PDF or a picture is named and refused."""
    if isinstance(fileobj, bytes | bytearray):
        fileobj = io.BytesIO(fileobj)
    if not (hasattr(fileobj, "seekable") and fileobj.seekable()):
        # zipfile must seek: a pipe or a socket goes to memory, or to disk when large.
        with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spooled:
            shutil.copyfileobj(fileobj, spooled)
            return _open(spooled)  # python-docx holds every part in memory
    kind = word_files.sniff(fileobj)
    if word_files.refusal(kind):
        raise DocxImportError(word_files.refusal(kind))
    try:
        if kind != "docx":
            fileobj = io.BytesIO(word_files.to_docx(fileobj, kind))
        intact = _check_archive(fileobj)
        try:
            return _document(fileobj)
        except DocxImportError:
            if kind != "docx" or not intact:  # damaged bytes: nothing to convert
                raise
        # A .docx python-docx cannot read (some WPS and online editors' files):
        # LibreOffice often can, and writes it again as Word does.
        try:
            converted = io.BytesIO(word_files.to_docx(fileobj, "docx"))
            _check_archive(converted)
            return _document(converted)
        except (word_files.ConversionError, DocxImportError):
            raise DocxImportError("Word 文档已损坏，无法读取其中的内容。") from None
    except word_files.ConversionError as error:
        raise DocxImportError(str(error)) from error


def _check_archive(fileobj) -> bool:
    """Refuses what is no .docx archive; True when every member reads back whole."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            intact = unpacked <= MAX_UNPACKED_BYTES and archive.testzip() is None
    except Exception as exc:  # BadZipFile, EOFError, NotImplementedError (odd versions)…
        raise DocxImportError("文件已损坏或不完整，无法作为 Word 文档（.docx）打开。") from exc
    if "word/document.xml" not in names:
        raise DocxImportError("压缩包里没有 Word 正文（word/document.xml），不是 .docx 文件。")
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocxImportError("文件解压后过大，拒绝读取。请删去多余内容或压缩图片后再导入。")
    return intact


def _document(fileobj):
    fileobj.seek(0)
    from docx import Document

    try:
        return Document(fileobj)
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        raise DocxImportError("Word 文档已损坏，无法读取其中的内容。") from exc


def _keys_in(element) -> set[str]:
    keys = set()
    paragraphs = [element] if element.tag == W_P else element.iter(W_P)
    for paragraph in paragraphs:
        for line in lines_of(paragraph):
            keys.update(key for key, _, _ in _labels(line.strip()))
    return keys


def split_forms(elements) -> list[list]:
    """The body cut into forms: a new form starts where a 案例名称 (or a form title,
    申报表) follows a form that already has its case or its 推荐单位 part."""
    forms: list[list] = [[]]
    titled = content = False
    for element in elements:
        keys = _keys_in(element)
        text = " ".join(lines_of(element)).strip() if element.tag == W_P else ""
        starts = "title" in keys or bool(FORM_TITLE.match(text))
        if starts and titled and content:
            forms.append([])
            titled = content = False
        forms[-1].append(element)
        if "title" in keys:
            titled = True
        if titled and (keys & ({"case"} | RECOMMENDER_STARTS) or (len(text) >= 60 and not keys)):
            content = True
    return forms


def parse_applications(fileobj) -> list[ParsedApplication]:
    """Each filled 申报表 in the file: values, case text, photos and stamp scans, with
    what is missing in Chinese."""
    document = _open(fileobj)
    body = document.element.body
    elements = list(children(body, {W_P, W_TBL}))
    if not any(lines_of(p) != [""] for p in body.iter(W_P)) and not pictures_of(body):
        raise DocxImportError("文件是空的：Word 文档里没有任何文字或图片。请发送填写好的申报表。")
    captions, caption_paragraphs, caption_lines = find_captions(body, document)
    styles = _heading_styles(document)
    parsed = []
    for form in split_forms(elements):
        reader = _Reader(styles, skip=caption_paragraphs, skip_lines=caption_lines)
        reader.read(form)
        if not reader.slots:
            continue
        parsed.append(reader)
    form_keys = {"title", "organization_name", "submitted_on", "case", "recommender_opinion"}
    if not any(len({s.key for s in p.slots} & form_keys) >= 2 for p in parsed):
        raise DocxImportError(
            "这份文件不是申报表：没有找到“案例名称”“申报单位”等申报表的栏目。"
            "请确认导入的是填写好的申报表（附件1）。"
        )
    forms = [_parse_form(document, reader, captions) for reader in parsed]
    filled = [f for f in forms if f.values.get("title") or f.case_text or f.photos]
    return filled or forms[:1]  # a blank form: one, with everything missing


def _parse_form(document, reader, captions) -> ParsedApplication:
    problems: list[str] = []
    values, case_lines = _collect(reader, problems)
    headings = {}
    for line in case_lines:
        bold, style_level = reader.meta.get(line, (False, None))
        level = heading_level(line, bold, style_level)
        if level:
            headings[line.strip()] = level
    case_text = "\n\n".join(case_lines)
    pictures = sort_pictures(document, reader.pictures, captions, problems)
    present = {**values, "case": case_text}
    required = ("title", "organization_name", "case", "contact_name")
    missing = [_name(key) for key in required if not present.get(key)]
    if not (values.get("contact_phone") or values.get("contact_mobile")):
        missing.append("联系电话或手机")
    if "submitted_on" not in values and not any(
        s.key == "submitted_on" and s.lines for s in reader.slots
    ):
        missing.append("申报日期")  # listed, never the import day
    problems[:0] = [f"未填写{name}" for name in missing]
    if not pictures.photos:
        problems.append("没有可用的照片（每个案例需配2-3幅照片）")
    uncaptioned = [i for i, photo in enumerate(pictures.photos, start=1) if not photo.caption]
    return ParsedApplication(
        values,
        case_text,
        pictures.photos,
        problems,
        headings,
        pictures.stamps,
        uncaptioned,
    )


def parse_application(fileobj) -> ParsedApplication:
    """The first (usually the only) form of the file."""
    return parse_applications(fileobj)[0]


def _heading_styles(document) -> dict[str, int]:
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
