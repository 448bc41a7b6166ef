"""The 申报表 as .docx: the blank and filled form, and reading filled forms back."""

import contextlib
import datetime
import io
import random
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from cases.submission.blank_form import build_blank_form, build_form
from cases.submission.docx_import import (
    DocxImportError,
    ParsedApplication,
    parse_application,
    parse_date,
)
from tests.cases.submission import docx_files
from tests.cases.submission.docx_files import CASE_TEXT, VALUES

CJK = re.compile(r"[\u4e00-\u9fff]")
REQUIRED_PROBLEMS = [
    "未填写案例名称",
    "未填写申报单位",
    "未填写案例正文",
    "未填写申报单位联系人",
    "未填写联系电话或手机",
    "未填写申报日期",
    "没有可用的照片（每个案例需配2-3幅照片）",
]
# 附件1 from top to bottom, whitespace and nothing else removed.
NOTICE_ORDER = [
    "申报编号",
    "（由主办单位统一填写）",
    "社会力量参与社区治理优秀案例",
    "申报表",
    "案例名称",
    "申报单位",
    "申报日期",
    # Rows the online form asks for, so that a form made from this one lacks nothing.
    "所在街道",
    "单位类型",
    "□社区生活服务类社会组织□社区慈善公益类社会组织□社区文体活动类社会组织□社区专业调处类社会组织"
    "□社会工作者□志愿者□两代表一委员",
    "参与主体",
    "□社会组织□社会工作者□志愿者□两代表一委员",
    "申报单位联系人：",
    "联系地址：",
    "联系电话：",
    "手机：",
    "传真：",
    "电子邮箱：",
    "案例名称",
    "申报单位",
    "案例（2000字左右，可另附）：",
    "推荐单位",
    "推荐单位意见：",
    "盖章：",
    "日期：",
    "推荐单位联系人：",
    "联系地址：",
    "联系电话：",
    "手机：",
    "传真：",
    "电子邮箱：",
]


def parse(data: bytes) -> ParsedApplication:
    return parse_application(io.BytesIO(data))


# The form itself


def test_blank_form_has_the_notices_labels_in_order():
    assert docx_files.document_texts(build_blank_form()) == NOTICE_ORDER


def test_blank_form_names_the_campaign_above_the_title():
    texts = docx_files.document_texts(build_blank_form("静安区2016年案例征集"))
    assert texts[2:4] == ["静安区2016年案例征集", "社会力量参与社区治理优秀案例"]


def test_case_starts_on_a_new_page():
    body = Document(io.BytesIO(build_blank_form())).element.body
    breaks = body.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']")
    assert len(breaks) == 1


def test_every_run_names_a_chinese_font():
    document = Document(io.BytesIO(docx_files.filled_form()))
    runs = [r for r in document.element.body.iter(qn("w:r")) if r.findall(qn("w:t"))]
    fonts = {r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) for r in runs}
    assert fonts <= {"SimSun", "SimHei"}
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "SimSun"


def test_filled_form_puts_values_beside_their_labels():
    texts = docx_files.document_texts(docx_files.filled_form())
    assert texts[texts.index("申报日期") + 1] == "2016年6月15日"
    assert texts[texts.index("手机：") + 1] == VALUES["contact_mobile"]
    assert "盖章：静安区社会组织联合会" in texts
    assert "日期：2016年6月20日" in texts


@pytest.mark.parametrize("written", ["2016-06-15", "2016年6月15日", datetime.date(2016, 6, 15)])
def test_dates_are_written_the_chinese_way(written):
    texts = docx_files.document_texts(build_form({"submitted_on": written}))
    assert texts[texts.index("申报日期") + 1] == "2016年6月15日"


# Reading it back


def test_round_trip_gives_back_every_value():
    parsed = parse(docx_files.filled_form())
    assert parsed.values == VALUES
    assert parsed.case_text == CASE_TEXT
    assert parsed.problems == []


def test_in_the_case_cell_a_line_starting_with_a_label_is_still_the_case():
    case_text = "日期：2012年5月。\n\n联系电话：62551250，这是居委会公开的热线。"
    assert parse(docx_files.filled_form(case_text=case_text)).case_text == case_text


def test_blank_form_lists_every_required_field():
    parsed = parse(build_blank_form())
    assert (parsed.values, parsed.case_text, parsed.photos) == ({}, "", [])
    assert parsed.problems == REQUIRED_PROBLEMS


@pytest.mark.parametrize(
    "build",
    [
        docx_files.spaced_labels_form,
        docx_files.inline_form,
        docx_files.extra_rows_form,
        docx_files.attached_case_form,
    ],
)
def test_labels_are_found_however_the_form_was_filled(build):
    parsed = parse(build())
    # extra_rows_form adds a 所属街道 row: read as the case's street.
    street = {"street": "静安寺街道"} if build is docx_files.extra_rows_form else {}
    assert parsed.values == {**VALUES, **street}
    assert parsed.case_text == CASE_TEXT
    assert parsed.problems == []


def test_missing_fields_are_named():
    values = {"title": VALUES["title"], "contact_mobile": VALUES["contact_mobile"]}
    parsed = parse(docx_files.filled_form(values, case_text="", photos=[]))
    assert parsed.values == values
    assert parsed.problems == [
        "未填写申报单位",
        "未填写案例正文",
        "未填写申报单位联系人",
        "未填写申报日期",  # listed, never the import day
        "没有可用的照片（每个案例需配2-3幅照片）",
    ]


def test_a_mobile_or_a_phone_is_enough():
    values = {k: v for k, v in VALUES.items() if k != "contact_mobile"}
    assert parse(docx_files.filled_form(values)).problems == []


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("submitted_on", "申报日期“2016年13月1日”无法识别"),
        ("recommended_on", "推荐日期“2016年13月1日”无法识别"),
    ],
)
def test_unreadable_dates_are_reported(key, problem):
    parsed = parse(docx_files.filled_form({**VALUES, key: "2016年13月1日"}))
    assert key not in parsed.values
    assert parsed.problems == [problem]


def test_two_different_titles_are_reported_and_the_first_kept():
    document = Document(io.BytesIO(docx_files.filled_form()))
    document.tables[3].rows[0].cells[1].text = "另一个名称"
    out = io.BytesIO()
    document.save(out)
    parsed = parse(out.getvalue())
    assert parsed.values["title"] == VALUES["title"]
    assert parsed.problems == [
        f"案例名称填写了两个不同的值（“{VALUES['title']}”和“另一个名称”），已采用前者"
    ]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2016年6月15日", datetime.date(2016, 6, 15)),
        ("2016-06-15", datetime.date(2016, 6, 15)),
        ("2016.6.15", datetime.date(2016, 6, 15)),
        ("2016/6/15", datetime.date(2016, 6, 15)),
        (" 2016 年 6 月 5 日 ", datetime.date(2016, 6, 5)),
        ("２０１６年６月１５日", datetime.date(2016, 6, 15)),
        ("2016年13月1日", None),
        ("2016年2月30日", None),
        ("六月十五日", None),
        ("", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


# Photos


def test_photos_come_back_in_order_without_logos_and_stamps():
    photos = [docx_files.photo(0), docx_files.photo(90), docx_files.photo(180)]
    small = [docx_files.logo(), docx_files.stamp(), docx_files.flat_banner()]
    mixed = [photos[0], small[0], photos[1], small[1], small[2], photos[2]]
    parsed = parse(docx_files.filled_form(photos=mixed))
    assert [p.data for p in parsed.photos] == photos
    assert {p.content_type for p in parsed.photos} == {"image/jpeg"}
    assert all(p.name.startswith("image") for p in parsed.photos)
    assert parsed.problems == []


def test_photos_below_the_table_follow_those_in_it():
    parsed = parse(docx_files.extra_rows_form())
    assert [p.data for p in parsed.photos] == [docx_files.photo(0), docx_files.photo(200)]


# Files that are not a .docx


@pytest.mark.parametrize("kind", sorted(docx_files.malformed()))
def test_malformed_files_raise_a_chinese_error(kind):
    with pytest.raises(DocxImportError) as error:
        parse(docx_files.malformed()[kind])
    assert CJK.search(str(error.value))


@pytest.mark.parametrize(
    ("kind", "words"),
    [("empty", "空"), ("doc", "另存为"), ("zip_without_document", "压缩包")],
)
def test_malformed_files_say_what_is_wrong(kind, words):
    with pytest.raises(DocxImportError, match=words):
        parse(docx_files.malformed()[kind])


@pytest.mark.parametrize("seed", range(12))
def test_damaged_bytes_never_raise_anything_else(seed):
    data = bytearray(docx_files.filled_form(photos=[docx_files.photo(0)]))
    rng = random.Random(seed)
    for _ in range(8):
        data[rng.randrange(len(data))] = rng.randrange(256)
    with contextlib.suppress(DocxImportError):
        parse(bytes(data))


# Streams


class _Pipe(io.RawIOBase):
    """A non-seekable stream, like a socket or a pipe."""

    def __init__(self, data):
        self._data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_reads_a_stream_that_cannot_seek():
    assert parse_application(_Pipe(docx_files.filled_form())).values == VALUES


def test_reads_from_the_start_of_a_file_already_read():
    stream = io.BytesIO(docx_files.filled_form())
    stream.read()
    assert parse_application(stream).values == VALUES


def test_word_heading_styles_and_subheading_lines_become_heading_blocks():
    from cases.text.content import body_from_text

    document = Document(io.BytesIO(docx_files.filled_form(case_text="")))
    document.add_paragraph("")
    # A heading style marks a line the look alone would not (it ends with a full stop).
    document.add_heading("我们是这样做的。", level=2)
    document.add_paragraph("居委会牵头召开议事会，邀请居民代表共同商量停车难题。")
    document.add_paragraph("（一）错峰停车")  # numbered, Normal style
    document.add_paragraph("周边商场夜间向居民开放停车位，每月收费一百元。")
    parsed = parse(docx_files._save(document))
    # The style's level decides; numbering tells the level of an unstyled line.
    assert parsed.headings == {"我们是这样做的。": 2, "（一）错峰停车": 2}
    blocks = body_from_text(parsed.case_text, parsed.headings)
    assert [(kind, value["text"] if kind == "heading" else None) for kind, value in blocks] == [
        ("heading", "我们是这样做的。"),
        ("paragraph", None),
        ("heading", "（一）错峰停车"),
        ("paragraph", None),
    ]
    assert blocks[2][1]["level"] == "h3"


def test_lines_under_pictures_become_their_captions_not_case_text():
    document = Document(io.BytesIO(docx_files.filled_form(photos=[])))
    document.add_picture(io.BytesIO(docx_files.photo(0)))
    document.add_paragraph("图1 楼组长与居民面对面沟通", style="Caption")
    document.add_picture(io.BytesIO(docx_files.photo(120)))
    document.add_paragraph("")
    document.add_paragraph("照片2：法规政策培训现场")  # no caption style, numbered
    document.add_picture(io.BytesIO(docx_files.photo(240)))
    document.add_paragraph("活动结束后，大家在小区花园里合影留念，气氛十分热烈。")  # text
    parsed = parse(docx_files._save(document))
    assert [p.caption for p in parsed.photos] == [
        "楼组长与居民面对面沟通",
        "法规政策培训现场",
        "",
    ]
    assert "面对面沟通" not in parsed.case_text and "培训现场" not in parsed.case_text


def test_the_portals_own_form_filled_in_imports_with_nothing_missing():
    """The blank form carries every row the online form asks for (街道, 单位类型, 参与主体,
    推荐单位), and captions written under its photos are read back."""
    values = {
        **VALUES,
        "street": "静安寺街道",
        "organization_kind": "mediation",
        "participant_type": "volunteer",
    }
    photos = [(docx_files.photo(0), "居民议事会现场"), (docx_files.photo(120), "签约仪式")]
    parsed = parse(build_form(values, CASE_TEXT, photos))
    assert parsed.problems == []
    assert parsed.values == values
    assert [p.caption for p in parsed.photos] == ["居民议事会现场", "签约仪式"]
    # Left blank, its boxes ticked nowhere, the form asks for nothing more than before.
    blank = parse(build_blank_form())
    assert not any("单位类型" in line or "参与主体" in line for line in blank.problems)
