"""The 申报表 (附件1 of the notice) as a .docx: blank for download, or filled.

One layout serves both, so the blank form staff hand out carries exactly the labels
that docx_import looks for, and a form filled here reads back with the same values.
"""

import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from cases.fields import application_form
from cases.fields.enums import OrganizationKind, ParticipantType
from cases.submission.docx_import import parse_date

LATIN_FONT = "Times New Roman"
CJK_FONT = "SimSun"  # 宋体, the body face of Chinese government forms
TITLE_FONT = "SimHei"  # 黑体
FORM_TITLE = "社会力量参与社区治理优秀案例"
FORM_SUBTITLE = "申    报    表"
NUMBER_NOTE = "（由主办单位统一填写）"
CASE_LABEL = "案例（2000字左右，可另附）："
OPINION_LABEL = application_form.BY_NAME["recommender_opinion"].printed + "："
SEAL_LABEL = "盖章："
DATE_LABEL = application_form.BY_NAME["recommended_on"].printed + "："
TEXT_WIDTH_CM = 15.8  # A4 (21 cm) less 2.6 cm margins either side
PHOTO_WIDTH = Cm(12)

# (label as printed in the notice, key in `values`); the spacing is the notice's.
COVER_ROWS = [
    ("案例名称", "title"),
    ("申报单位", "organization_name"),
    ("申报日期", "submitted_on"),
]
# Rows the notice's form lacks and the online form asks for: a form made from this one
# imports with nothing left for the editor. Choices are printed as check boxes.
EXTRA_ROWS = [
    ("所在街道", "street"),
    ("单位类型", "organization_kind"),
    ("参与主体", "participant_type"),
]
CHOICES = {"organization_kind": OrganizationKind, "participant_type": ParticipantType}
RECOMMENDER_ROW = (application_form.BY_NAME["recommender"].printed, "recommender")


def _rows(part):
    """(label, key) pairs of a part's contact block, as 附件1 prints it."""
    return [
        tuple((f"{field.printed}：", field.name) for field in row)
        for row in application_form.contact_rows(part)
    ]


CONTACT_ROWS = _rows(application_form.APPLICANT)
RECOMMENDER_ROWS = _rows(application_form.RECOMMENDER)
DATE_KEYS = {"submitted_on", "recommended_on"}


def format_date(value) -> str:
    """A date the way the notice writes one (2016年6月15日); unreadable text stays as is."""
    if isinstance(value, str):
        value = parse_date(value) or value
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return "" if value is None else str(value)


def _as_text(key, value) -> str:
    if key in DATE_KEYS:
        return format_date(value)
    if key in CHOICES:  # □社会组织  ☑志愿者 …: ticked where the value is the option
        return "  ".join(
            ("☑" if option == value else "□") + label for option, label in CHOICES[key].choices
        )
    return "" if value is None else str(value).strip()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _write(paragraph, text, size=None, bold=False, font=CJK_FONT):
    run = paragraph.add_run(text)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    # Word picks the face for Chinese characters from w:eastAsia only.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _heading(document, text, size, bold=False, center=False, font=CJK_FONT):
    paragraph = document.add_paragraph()
    _write(paragraph, text, size=size, bold=bold, font=font)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _table(document, rows, widths_cm):
    """A bordered table of label/value cells; `rows` hold the text of every cell."""
    table = document.add_table(rows=len(rows), cols=len(widths_cm))
    table.style = "Table Grid"
    table.autofit = False
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text, width in zip(row.cells, texts, widths_cm, strict=True):
            cell.width = Cm(width)
            if text:
                _write(cell.paragraphs[0], text)
    return table


def _contact_table(document, rows, values):
    texts = [[la, values.get(ka, ""), lb, values.get(kb, "")] for (la, ka), (lb, kb) in rows]
    return _table(document, texts, [3.8, 4.2, 2.6, 5.2])


def _merged_row(table, index):
    row = table.rows[index]
    return row.cells[0].merge(row.cells[-1])


def _fill_case(cell, case_text, photos):
    """The case cell: its label, the text, then each photo with its caption under it
    (图1 …), as the import reads them back. A photo is bytes, or (bytes, caption)."""
    _write(cell.paragraphs[0], CASE_LABEL)
    paragraphs = _lines(case_text)
    for text in paragraphs:
        _write(cell.add_paragraph(), text)
    for number, item in enumerate(photos, start=1):
        data, caption = item if isinstance(item, tuple) else (item, "")
        paragraph = cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture = paragraph.add_run().add_picture(io.BytesIO(data))
        if picture.width > PHOTO_WIDTH:  # scale down to the column, never up
            picture.height = int(picture.height * PHOTO_WIDTH / picture.width)
            picture.width = PHOTO_WIDTH
        if caption:
            line = cell.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _write(line, f"图{number} {caption}", size=10.5)
    if not paragraphs and not photos:
        for _ in range(12):  # room to write in when printed
            cell.add_paragraph()


def _fill_opinion(cell, values):
    _write(cell.paragraphs[0], OPINION_LABEL)
    opinion = _lines(values.get("recommender_opinion", ""))
    for text in opinion or ["", "", ""]:  # blank: room for the opinion by hand
        _write(cell.add_paragraph(), text)
    for label, key in ((SEAL_LABEL, "recommender"), (DATE_LABEL, "recommended_on")):
        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(8)  # the signature block sits right
        _write(paragraph, label + values.get(key, ""))


def _setup(document):
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.6)


def build_form(
    values: dict | None = None,
    case_text: str = "",
    photos: list = (),
    campaign_title: str = "",
) -> bytes:
    """The .docx bytes of the 申报表, filled with `values` (keys as in docx_import)."""
    values = {key: _as_text(key, value) for key, value in (values or {}).items()}
    document = Document()
    _setup(document)

    number = _table(document, [["申报编号", values.get("submission_number", "")]], [2.6, 4.4])
    number.alignment = WD_TABLE_ALIGNMENT.RIGHT
    _heading(document, NUMBER_NOTE, size=10).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if campaign_title:
        _heading(document, campaign_title, size=12, center=True)
    _heading(document, FORM_TITLE, size=22, bold=True, center=True, font=TITLE_FONT)
    _heading(document, FORM_SUBTITLE, size=22, bold=True, center=True, font=TITLE_FONT)

    cover = [
        [label, values.get(key) or (_as_text(key, None) if key in CHOICES else "")]
        for label, key in COVER_ROWS + EXTRA_ROWS
    ]
    _table(document, cover, [3.0, TEXT_WIDTH_CM - 3.0])
    document.add_paragraph()
    _contact_table(document, CONTACT_ROWS, values)
    document.add_page_break()

    rows = [*COVER_ROWS[:2], None, RECOMMENDER_ROW, None]
    body_rows = [[row[0], values.get(row[1], "")] if row else ["", ""] for row in rows]
    body = _table(document, body_rows, [3.0, TEXT_WIDTH_CM - 3.0])
    _fill_case(_merged_row(body, 2), case_text, list(photos))
    _fill_opinion(_merged_row(body, 4), values)
    document.add_paragraph()
    _contact_table(document, RECOMMENDER_ROWS, values)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_blank_form(campaign_title: str = "") -> bytes:
    """The .docx bytes of an empty 申报表, as offered for download."""
    return build_form(campaign_title=campaign_title)
