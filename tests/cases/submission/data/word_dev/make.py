"""A small development set for the Word import (not the evaluation set: tuned on).

Figure numbers: captions "图1 …" on their pictures, and the text citing them (见图1,
如图2所示, （图3）). Rebuild with `.venv/bin/python tests/cases/submission/data/word_dev/make.py`;
labels.json says what each file holds and what the imported case must read.

d01  captions below their photos, numbered in order; the text's citations stay.
d02  captions above their photos, numbered 图2, 图1, 图3 down the page: the photos keep
     the page's order, the citations follow them (图2 → 图1, 图1 → 图2).
d03  a logo captioned 图1 (left out: not a photo), then photos 图二 … 图四 in a table
     with their captions in the row below: the citations move down by one, the one of
     the logo is marked, and 图5 (no such figure) is kept and listed.
"""

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
FIXED = (2016, 6, 15, 0, 0, 0)  # zip entry dates: the same bytes on every build

FIELDS = {
    "案例名称": "小区花园认领计划",
    "申报单位": "静安区绿手指社区营造中心",
    "申报单位联系人": "陈晓燕",
    "手机": "13912345678",
    "申报日期": "2016年6月15日",
    "推荐单位": "静安区彭浦镇社区自治办公室",
}


def photo(seed: int, size=(640, 420)) -> bytes:
    """A picture with something in it (stripes and discs), not a flat or blank one."""
    image = Image.new("RGB", size, (60 + 40 * seed, 110, 90))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 60):
        draw.line([(x, 0), (x + 300, size[1])], fill=(200, 160 - 20 * seed, 60), width=14)
    for i in range(6):
        draw.ellipse([40 + 90 * i, 120, 110 + 90 * i, 190], fill=(30, 30 + 30 * i, 150))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def logo() -> bytes:
    """A small mark: under 200 pixels, never taken for a case photo."""
    image = Image.new("RGB", (160, 160), "white")
    ImageDraw.Draw(image).ellipse([10, 10, 150, 150], fill=(20, 120, 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def form(document: Document) -> None:
    document.add_paragraph(
        "社会力量参与社区治理优秀案例申报表"
    ).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for label, value in FIELDS.items():
        if label != "推荐单位":
            document.add_paragraph(f"{label}：{value}")
    document.add_paragraph("案例正文：")


def recommender(document: Document) -> None:
    document.add_paragraph(f"推荐单位：{FIELDS['推荐单位']}")
    document.add_paragraph("推荐单位意见：同意推荐。")


def picture(document: Document, data: bytes, width=12) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(width))


def caption(document_or_cell, text: str) -> None:
    paragraph = document_or_cell.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def d01() -> tuple[Document, dict]:
    document = Document()
    form(document)
    text = [
        "小区中心花园荒了三年，居民自发组织认领，每户认领一块花坛（见图1）。",
        "认领户每月轮值浇水除草，如图2所示，老人和孩子一起劳动。",
        "一年后花园焕然一新，成了居民议事的露天客厅（图3）。",
    ]
    captions = ["居民认领花坛", "老人和孩子一起浇水", "花园里的露天议事会"]
    for index, (line, words) in enumerate(zip(text, captions, strict=True), start=1):
        document.add_paragraph(line)
        picture(document, photo(index))
        caption(document, f"图{index} {words}")
    recommender(document)
    return document, {"text": text, "captions": captions, "problems": []}


def d02() -> tuple[Document, dict]:
    document = Document()
    form(document)
    written = [
        "花园认领从一次楼组长会议开始，如图2所示，大家在会上画出了花坛分区。",
        "第一批认领的是退休党员（见图1），他们带头签下了认领承诺书。",
        "如今认领户已有四十户（图3）。",
    ]
    for line in written:
        document.add_paragraph(line)
    # Captions above their pictures, numbered as the author thought of them.
    for number, words, seed in (
        (2, "退休党员签下认领承诺书", 1),
        (1, "楼组长会议上画出花坛分区", 2),
        (3, "四十户认领户合影", 3),
    ):
        caption(document, f"图{number}：{words}")
        picture(document, photo(seed))
    recommender(document)
    expected = [
        "花园认领从一次楼组长会议开始，如图1所示，大家在会上画出了花坛分区。",
        "第一批认领的是退休党员（见图2），他们带头签下了认领承诺书。",
        "如今认领户已有四十户（图3）。",
    ]
    captions = ["退休党员签下认领承诺书", "楼组长会议上画出花坛分区", "四十户认领户合影"]
    return document, {"text": expected, "captions": captions, "problems": []}


def d03() -> tuple[Document, dict]:
    document = Document()
    picture(document, logo(), width=2)
    caption(document, "图1 绿手指标志")
    form(document)
    written = [
        "绿手指的标志（见图1）由居民投票选出。",
        "花坛认领后，居民自制了雨水收集桶（图二）。",
        "孩子们在自然课上观察昆虫，见图三；暑期还办了种子图书馆，如图四所示。",
        "详细的认领名单见图5。",
    ]
    for line in written:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    captions = ["居民自制的雨水收集桶", "自然课上观察昆虫", "暑期种子图书馆"]
    for column, (number, words) in enumerate(zip("二三四", captions, strict=True)):
        run = table.cell(0, column).paragraphs[0].add_run()
        run.add_picture(io.BytesIO(photo(column + 1)), width=Cm(5))
        table.cell(1, column).paragraphs[0].text = f"图{number} {words}"
    recommender(document)
    expected = [
        "绿手指的标志（见〔未导入的图1〕）由居民投票选出。",
        "花坛认领后，居民自制了雨水收集桶（图一）。",
        "孩子们在自然课上观察昆虫，见图二；暑期还办了种子图书馆，如图三所示。",
        "详细的认领名单见图5。",
    ]
    problems = [
        "正文提到的图1（绿手指标志）没有作为案例照片导入，已标为“〔未导入的图1〕”，"
        "请修改正文中的这处引用",
        "正文提到图5，但文件中没有编号为5的照片，请核对",
    ]
    return document, {"text": expected, "captions": captions, "problems": problems}


def fixed_bytes(document: Document) -> bytes:
    """The .docx with fixed zip dates and core properties: rebuilt, it does not change."""
    document.core_properties.author = "word_dev"
    document.core_properties.created = document.core_properties.modified = dt.datetime(*FIXED)
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(entry, source.read(info.filename))
    return out.getvalue()


def main() -> None:
    labels = {}
    for name, build in (
        ("d01_figures_in_order.docx", d01),
        ("d02_captions_above_out_of_order.docx", d02),
        ("d03_logo_cited_table_captions.docx", d03),
    ):
        document, expected = build()
        (HERE / name).write_bytes(fixed_bytes(document))
        labels[name] = {"fields": FIELDS, **expected}
    (HERE / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
