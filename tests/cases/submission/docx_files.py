"""申报表 .docx files the import tests build on the fly: the 附件1 layout filled by
build_form, the shapes people really send (spaced labels, "标签：值" typed inline,
extra and merged rows, the case pasted below the form) and files that are no .docx."""

import copy
import datetime
import io
import random
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from cases.submission.blank_form import build_form

VALUES = {
    "submission_number": "JA2016-007",
    "title": "依托社会组织  化解物业难题",
    "organization_name": "虹口新家园建设与合作事务所",
    "submitted_on": datetime.date(2016, 6, 15),
    "contact_name": "陈某",
    "contact_address": "静安区万航渡路485号501室",
    "contact_phone": "021-52133533",
    "contact_mobile": "13800138000",
    "contact_fax": "021-52133534",
    "contact_email": "ngo2007@sina.com",
    "recommender": "静安区社会组织联合会",
    "recommender_opinion": "同意推荐。\n该案例真实有效，经验典型。",
    "recommended_on": datetime.date(2016, 6, 20),
    "recommender_contact_name": "沈某",
    "recommender_address": "静安区常德路1号",
    "recommender_phone": "62551250",
    "recommender_mobile": "13900139000",
    "recommender_fax": "62551251",
    "recommender_email": "shjw@example.cn",
}
# Label words inside the story must stay story: 日期：, 联系电话, 推荐单位意见 …
CASE_TEXT = "\n\n".join(
    [
        "老式小区设施陈旧、安全管理隐患多，居民怪物业公司不作为怎么办？",
        "“新家园”成立于2011年10月。日期：2012年5月，联系电话打爆了居委会。",
        "居委会刘书记的推荐单位意见：大家都说“这样的调解很公平！”",
        "新家园模式走出了一条化解居住小区物业矛盾的新路子。",
    ]
)


def photo(hue: int, size=(1800, 1200)) -> bytes:
    """A 1:1.5 gradient JPEG (~65 kB); the hue keeps photos apart (python-docx
    stores identical images once)."""
    ramp = Image.linear_gradient("L").resize(size)
    image = Image.merge(
        "RGB", (ramp, ramp.transpose(Image.Transpose.ROTATE_180), Image.new("L", size, hue))
    )
    return _jpeg(image)


def logo() -> bytes:
    """A letterhead logo: small in bytes and in pixels."""
    return _jpeg(Image.new("RGB", (120, 60), "red"))


def stamp() -> bytes:
    """A scanned seal: over 10 kB but under 200 px a side."""
    return _jpeg(Image.effect_noise((190, 190), 64).convert("RGB"))


def flat_banner() -> bytes:
    """Large in pixels, under 10 kB: a flat colour bar, not a photo."""
    return _jpeg(Image.new("RGB", (600, 400), "gray"))


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def filled_form(values=None, case_text=CASE_TEXT, photos=None) -> bytes:
    photos = [photo(0), photo(120)] if photos is None else photos
    return build_form(VALUES if values is None else values, case_text, photos)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fill(cell, *lines):
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _table(document, rows):
    table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=False):
            _fill(cell, *([text] if isinstance(text, str) else text))
    return table


def spaced_labels_form() -> bytes:
    """Labels with spaces, full-width spaces and either colon; values sometimes in the
    label's own cell; the date written with dots and slashes."""
    v = VALUES
    document = Document()
    _table(
        document,
        [
            ["申 报 编 号", v["submission_number"]],
            ["案 例 名 称：", v["title"]],
            ["申报单位 :", v["organization_name"]],
            ["申报日期 ：", "2016.6.15"],
        ],
    )
    _table(
        document,
        [
            [f"申报单位联系人：{v['contact_name']}", "", f"联系地址: {v['contact_address']}", ""],
            [
                "联\u3000系\u3000电\u3000话：",
                v["contact_phone"],
                "手\u3000\u3000机：",
                v["contact_mobile"],
            ],
            ["传    真：", v["contact_fax"], "电子邮箱：", v["contact_email"]],
        ],
    )
    body = _table(
        document,
        [["案例名称", v["title"]], ["申报单位", v["organization_name"]], ["", ""], ["", ""]],
    )
    case = body.rows[2].cells[0].merge(body.rows[2].cells[1])
    _fill(case, "案\u3000例（2000字左右，可另附） :", *CASE_TEXT.split("\n\n"))
    case.add_paragraph().add_run().add_picture(io.BytesIO(photo(30)))
    opinion = body.rows[3].cells[0].merge(body.rows[3].cells[1])
    _fill(opinion, "推 荐 单 位 意 见：", *v["recommender_opinion"].split("\n"))
    opinion.add_paragraph(f"盖\u3000\u3000章： {v['recommender']}")
    opinion.add_paragraph("日\u3000\u3000期：2016/6/20")
    _recommender_paragraphs(document)
    return _save(document)


def _recommender_paragraphs(document):
    v = VALUES
    document.add_paragraph(
        f"推荐单位联系人：{v['recommender_contact_name']}\u3000\u3000联系地址：{v['recommender_address']}"
    )
    document.add_paragraph(
        f"联系电话：{v['recommender_phone']}    手 机：{v['recommender_mobile']}"
    )
    document.add_paragraph(f"传真:{v['recommender_fax']}  电子邮箱:{v['recommender_email']}")


def inline_form() -> bytes:
    """No label cells: "标签：值" typed line by line, as in a plain Word file, with the
    cover in a one-column table and several labels sharing a paragraph."""
    v = VALUES
    document = Document()
    document.add_paragraph(f"申报编号：{v['submission_number']}")
    _table(
        document,
        [
            [f"案例名称：{v['title']}"],
            [f"申报单位：{v['organization_name']}"],
            ["申报日期：2016-06-15"],
        ],
    )
    document.add_paragraph(
        f"申报单位联系人：{v['contact_name']}    联系地址：{v['contact_address']}"
    )
    document.add_paragraph(f"联系电话：{v['contact_phone']}  手机：{v['contact_mobile']}")
    document.add_paragraph(f"传真：{v['contact_fax']}  电子邮箱：{v['contact_email']}")
    document.add_paragraph("案例（2000字左右，可另附）：")
    for paragraph in CASE_TEXT.split("\n\n"):
        document.add_paragraph(paragraph)
    document.add_paragraph().add_run().add_picture(io.BytesIO(photo(60)))
    document.add_paragraph(f"推荐单位意见：{v['recommender_opinion'].splitlines()[0]}")
    document.add_paragraph(v["recommender_opinion"].splitlines()[1])
    document.add_paragraph(f"盖章：{v['recommender']}\u3000日期：2016年6月20日")
    _recommender_paragraphs(document)
    return _save(document)


def _insert_row(table, after: int, texts):
    """A copy of row `after` placed below it, holding `texts`: a row someone added."""
    tr = copy.deepcopy(table.rows[after]._tr)
    table.rows[after]._tr.addnext(tr)
    for cell, text in zip(table.rows[after + 1].cells, texts, strict=False):
        cell.text = text


def extra_rows_form() -> bytes:
    """The 附件1 layout after a few hands: rows added with labels the form does not
    know, the phone row merged into one cell, the case text in the cell beside its
    label instead of under it, and one more photo below the tables."""
    document = Document(io.BytesIO(filled_form(case_text="", photos=[])))
    _number, cover, contacts, body, _recommender = document.tables
    _insert_row(cover, 1, ["所属街道", "静安寺街道"])
    _insert_row(contacts, 2, ["邮政编码：", "200042", "备注：", "手机号码见上"])
    phone = contacts.rows[1]
    phone.cells[1].merge(phone.cells[3])  # 021-…, 手    机：, 138… in one cell
    _insert_row(body, 1, ["篇目", "社区自治篇"])
    case_row = body.rows[3]  # 案例（…）： is merged over two columns: split it again
    case_row._tr.remove(case_row._tr.tc_lst[0])
    case_row._tr.append(copy.deepcopy(body.rows[0]._tr.tc_lst[0]))
    case_row._tr.append(copy.deepcopy(body.rows[0]._tr.tc_lst[1]))
    _fill(case_row.cells[0], "案例（2000字左右，可另附）：")
    _fill(case_row.cells[1], *CASE_TEXT.split("\n\n"))
    case_row.cells[1].add_paragraph().add_run().add_picture(io.BytesIO(photo(0)))
    document.add_paragraph().add_run().add_picture(io.BytesIO(photo(200)))
    return _save(document)


def attached_case_form() -> bytes:
    """The case cell left empty (可另附) and the story pasted after the whole form."""
    document = Document(io.BytesIO(filled_form(case_text="")))
    document.add_paragraph("")
    for paragraph in CASE_TEXT.split("\n\n"):
        document.add_paragraph(paragraph)
    return _save(document)


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def malformed() -> dict[str, bytes]:
    """Files that must be refused with DocxImportError, by what is wrong with them."""
    good = filled_form(photos=[])
    noise = random.Random(3).randbytes(4096)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return {
        "empty": b"",
        "random": noise,
        "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + noise,  # a .doc renamed .docx
        "pdf": b"%PDF-1.4\n" + noise,
        "zip_without_document": _zip({"hello.txt": b"hello"}),
        "truncated": good[: len(good) // 2],
        "broken_xml": _zip({**parts, "word/document.xml": b"<w:document><w:body>"}),
        "no_content_types": _zip({k: v for k, v in parts.items() if k != "[Content_Types].xml"}),
    }


def document_texts(data: bytes) -> list[str]:
    """Every non-empty paragraph in reading order (table cells row by row), with
    whitespace removed: what a reader of the printed form sees, in order."""
    body = Document(io.BytesIO(data)).element.body
    paragraphs = []
    for block in body.iterchildren(qn("w:p"), qn("w:tbl")):
        paragraphs += [block] if block.tag == qn("w:p") else list(block.iter(qn("w:p")))
    texts = ["".join(t.text for t in p.iter(qn("w:t"))) for p in paragraphs]
    return [re.sub(r"\s", "", text) for text in texts if text.strip()]
