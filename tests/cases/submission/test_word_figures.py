"""Numbered figures in Word files: a caption "图1 …" on its picture, and the text's
citations (见图1, 如图2所示, （图3）) pointing at the same photos once imported.

data/word_dev/ is a development set (make.py builds it, labels.json says what each
imported case must read); the evaluation set stays apart and untouched.
"""

import io
import json
import re
from pathlib import Path

import pytest

from cases.models import CasePage
from cases.submission.docx_import import parse_application
from cases.submission.figure_refs import (
    citation_problems,
    cited_numbers,
    figure_places,
    number_value,
    renumber,
)
from cases.submission.word_intake import import_docx
from tests.factories import section

DEV = Path(__file__).parent / "data" / "word_dev"
LABELS = json.loads((DEV / "labels.json").read_text(encoding="utf-8"))


def _paragraphs(case) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", str(block["value"]))
        for block in case.body.raw_data
        if block["type"] == "paragraph"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LABELS))
def test_the_text_cites_the_photos_it_showed_in_the_file(campaign, name):
    labelled = LABELS[name]
    report = import_docx(campaign, io.BytesIO((DEV / name).read_bytes()), name, section())
    assert report["error"] == ""
    case = CasePage.objects.get(pk=report["case_id"])
    assert case.title == labelled["fields"]["案例名称"]
    assert [photo.caption for photo in case.photos.all()] == labelled["captions"]
    assert _paragraphs(case) == labelled["text"]
    for problem in labelled["problems"]:
        assert problem in report["problems"]
    assert not [p for p in report["problems"] if "图" in p and p not in labelled["problems"]]


def test_a_caption_above_its_picture_gives_the_picture_its_number():
    parsed = parse_application(
        io.BytesIO((DEV / "d02_captions_above_out_of_order.docx").read_bytes())
    )
    assert [(photo.caption, photo.figure) for photo in parsed.photos] == [
        ("退休党员签下认领承诺书", 2),
        ("楼组长会议上画出花坛分区", 1),
        ("四十户认领户合影", 3),
    ]


def test_a_logo_the_text_cites_is_left_out_and_remembered():
    parsed = parse_application(
        io.BytesIO((DEV / "d03_logo_cited_table_captions.docx").read_bytes())
    )
    assert [photo.figure for photo in parsed.photos] == [2, 3, 4]  # 图二 … 图四
    assert parsed.dropped_figures == {1: "绿手指标志"}


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("见图1；如图2所示；（图3）", [1, 2, 3]),
        ("如图二所示（图三、图１）", [2, 3, 1]),
        ("图一时之快，蓝图2025，试图一下", []),  # words, not citations
        ("照片2中的居民（照片1）", [2, 1]),
    ],
)
def test_citations_are_found_and_words_are_not(text, numbers):
    assert cited_numbers(text) == numbers


def test_citations_follow_their_photos_written_as_they_were():
    places = figure_places([2, 1, 3])  # captions numbered 图2, 图1, 图3 down the page
    assert places == {2: 1, 1: 2, 3: 3}
    text = "如图2所示（见图1）；见图二；（图２）；图3不动；图9无此图。"
    assert renumber(text, places) == "如图1所示（见图2）；见图一；（图１）；图3不动；图9无此图。"


def test_a_numbered_line_after_a_paragraph_ending_in_tu_is_no_citation():
    text = "活动现场如下图\n\n1. 组织居民\n\n见图 1"
    assert renumber(text, {1: 2, 2: 1}) == "活动现场如下图\n\n1. 组织居民\n\n见图 2"


def test_numbers_in_order_leave_the_text_as_it_is():
    text = "见图1，如图2所示（图3）。"
    assert renumber(text, figure_places([1, 2, 3])) is text


def test_a_figure_two_photos_share_moves_nothing():
    assert figure_places([1, 1, 2]) == {2: 3}


def test_a_citation_of_a_figure_not_imported_is_marked_and_listed():
    places, dropped = {2: 1}, {1: "机构标志"}
    assert (
        renumber("标志见图1，活动见图2。", places, dropped) == "标志见〔未导入的图1〕，活动见图1。"
    )
    assert citation_problems("标志见图1，活动见图2，名单见图7。", places, dropped) == [
        "正文提到的图1（机构标志）没有作为案例照片导入，已标为“〔未导入的图1〕”，请修改正文中的这处引用",
        "正文提到图7，但文件中没有编号为7的照片，请核对",
    ]


@pytest.mark.parametrize(
    ("written", "value"),
    [("1", 1), ("１２", 12), ("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("图", None)],
)
def test_figure_numbers_are_read_as_people_write_them(written, value):
    assert number_value(written) == value


@pytest.mark.django_db
def test_a_photo_that_cannot_be_read_moves_the_later_citations(campaign, monkeypatch):
    """The photo captioned 图2 is refused (damaged): the text's 图3 is now 图2, and its
    图2 is marked, not left to point at the third photo."""
    from cases.checks import UploadError
    from cases.submission import word_intake

    real = word_intake.clean_photo
    calls = []

    def refuse_second(fileobj, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise UploadError("照片已损坏")
        return real(fileobj, **kwargs)

    monkeypatch.setattr(word_intake, "clean_photo", refuse_second)
    document = (DEV / "d01_figures_in_order.docx").read_bytes()
    report = import_docx(campaign, io.BytesIO(document), "d01.docx", section())
    case = CasePage.objects.get(pk=report["case_id"])
    assert [photo.caption for photo in case.photos.all()] == ["居民认领花坛", "花园里的露天议事会"]
    text = "\n".join(_paragraphs(case))
    assert "（见图1）" in text and "〔未导入的图2〕" in text and "（图2）" in text
    assert any("图2（老人和孩子一起浇水）" in line for line in report["problems"])
