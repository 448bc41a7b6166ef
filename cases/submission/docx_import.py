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

Here: opening the file and walking each form. The labels, fields, placeholders and
choices: docx_fields.py; the case text's lines and headings: docx_text.py; photos,
captions and stamp scans: docx_pictures.py; the XML names: docx_xml.py; what a file is
and the conversion of .doc/.wps/.rtf: word_files.py.
"""

import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field

from cases.fields import application_form
from cases.submission import word_files
from cases.submission.docx_fields import (
    BLOCKS,
    RECOMMENDER_STARTS,
    SEAL_KEYS,
    Slot,
    field_name,
    field_texts,
    is_placeholder,
    labels_in,
    parse_date,
    part_key,
    typed_values,
)
from cases.submission.docx_pictures import ParsedPhoto, find_captions, sort_pictures
from cases.submission.docx_text import (
    case_lines,
    heading_level,
    heading_styles,
    paragraph_lines,
    style_level_of,
)
from cases.submission.docx_xml import W_P, W_TBL, W_TC, W_TR, children, lines_of, pictures_of

__all__ = ["DocxImportError", "ParsedApplication", "heading_level", "parse_date"]

MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # a zip bomb is refused before it is unpacked
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
    dropped_figures: dict[int, str] = field(default_factory=dict)  # 图N left out → caption


class _Reader:
    """Walks one form once; `loc` is (table, row, cell), or (None, None, n) in the body."""

    def __init__(self, heading_styles=None, skip=frozenset(), skip_lines=frozenset()):
        self.heading_styles = heading_styles or {}
        self.skip = skip  # paragraphs that are no text of the form (photo captions)
        self.skip_lines = skip_lines  # caption lines inside paragraphs of text
        self.meta: dict[str, tuple[bool, int | None]] = {}  # line → (bold, style level)
        self.section = application_form.APPLICANT
        self.slots: list[Slot] = []
        self.current: Slot | None = None
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
            style_level = style_level_of(paragraph, self.heading_styles)
            for text, bold in paragraph_lines(paragraph):
                if text in self.skip_lines:
                    continue
                self.meta.setdefault(text, (bold, style_level))
                self.line(text, loc)
        for ref in refs:
            self.pictures.append((ref, self.place(loc)))

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

    def accepts(self, slot: Slot, loc) -> bool:
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
            if slot.lines or not is_placeholder(text):  # inside the case cell: case text
                slot.lines.append(text)
            return
        found = labels_in(text)
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
        if value and not (not slot.lines and is_placeholder(value)):
            slot.lines.append(value)
            slot.loc = loc

    def start(self, key, value, loc):
        if key in RECOMMENDER_STARTS:
            self.section = application_form.RECOMMENDER
        if key.startswith("~"):  # 联系电话 … belong to the part of the form they stand in
            key = part_key(key[1:], self.section)
        self.current = Slot(key, loc)
        self.slots.append(self.current)
        self.loose = []
        self.in_text = False
        self.add(self.current, value.lstrip("）) "), loc)


def _collect(reader: _Reader, problems: list[str]) -> tuple[dict, list[str]]:
    texts, case_slots = field_texts(reader.slots, problems)
    lines = [line for slot in case_slots for line in slot.lines]
    lines = lines or reader.orphans or reader.loose
    lines, summary, typed_title = case_lines(lines, texts.get("title", ""), reader.meta)
    if not texts.get("title") and typed_title:
        texts["title"] = typed_title
    if summary:
        texts["summary"] = summary
    return typed_values(texts, problems), lines


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
            keys.update(key for key, _, _ in labels_in(line.strip()))
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
    styles = heading_styles(document)
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
    values, lines = _collect(reader, problems)
    headings = {}
    for line in lines:
        bold, style_level = reader.meta.get(line, (False, None))
        level = heading_level(line, bold, style_level)
        if level:
            headings[line.strip()] = level
    case_text = "\n\n".join(lines)
    pictures = sort_pictures(document, reader.pictures, captions, problems)
    present = {**values, "case": case_text}
    required = ("title", "organization_name", "case", "contact_name")
    missing = [field_name(key) for key in required if not present.get(key)]
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
        pictures.dropped,
    )


def parse_application(fileobj) -> ParsedApplication:
    """The first (usually the only) form of the file."""
    return parse_applications(fileobj)[0]
