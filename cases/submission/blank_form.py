"""The blank application form (附件1 申报表) as a .docx, laid out like the notice's."""

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FORM_TITLE = "社会力量参与社区治理优秀案例"
FORM_SUBTITLE = "申    报    表"
CONTACT_ROWS = [
    ("申报单位联系人", "联系地址"),
    ("联系电话", "手    机"),
    ("传    真", "电子邮箱"),
]
RECOMMENDER_ROWS = [
    ("推荐单位联系人", "联系地址"),
    ("联系电话", "手    机"),
    ("传    真", "电子邮箱"),
]


def _set_font(document, name="SimSun", size=12):
    style = document.styles["Normal"]
    style.font.name = name
    style.font.size = Pt(size)
    # East Asian text takes its font from w:eastAsia, not from font.name.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text, size=12, bold=False, center=False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def _pairs_table(document, rows):
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for row, (left, right) in zip(table.rows, rows, strict=True):
        row.cells[0].text = left
        row.cells[2].text = right
    return table


def build_blank_form(campaign_title=""):
    """The .docx bytes of an empty 申报表."""
    document = Document()
    _set_font(document)
    for section in document.sections:
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.6)

    number = document.add_table(rows=1, cols=2)
    number.style = "Table Grid"
    number.rows[0].cells[0].text = "申报编号"
    _paragraph(document, "（由主办单位统一填写）", size=10)
    if campaign_title:
        _paragraph(document, campaign_title, size=10, center=True)
    _paragraph(document, FORM_TITLE, size=22, bold=True, center=True)
    _paragraph(document, FORM_SUBTITLE, size=22, bold=True, center=True)

    cover = document.add_table(rows=3, cols=2)
    cover.style = "Table Grid"
    for row, label in zip(cover.rows, ["案例名称", "申报单位", "申报日期"], strict=True):
        row.cells[0].text = label
    _paragraph(document, "")
    _pairs_table(document, CONTACT_ROWS)
    document.add_page_break()

    body = document.add_table(rows=4, cols=2)
    body.style = "Table Grid"
    body.rows[0].cells[0].text = "案例名称"
    body.rows[1].cells[0].text = "申报单位"
    case_cell = body.rows[2].cells[0].merge(body.rows[2].cells[1])
    case_cell.text = "案例（2000字左右，可另附）："
    opinion_cell = body.rows[3].cells[0].merge(body.rows[3].cells[1])
    opinion_cell.text = "推荐单位意见：\n\n\n\n盖章：\n日期："
    _paragraph(document, "")
    _pairs_table(document, RECOMMENDER_ROWS)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
