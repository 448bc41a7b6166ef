"""Subheadings and the summary of a case typed as plain text (no database)."""

import pytest

from cases.text.structure import SUMMARY_LENGTH, heading_level, summary


@pytest.mark.parametrize(
    "line, level",
    [
        ("“新家园”巧解物业纠纷  当好“小区老娘舅”", "h2"),  # 附件2's own subheading
        ("一、工作背景", "h2"),
        ("二．主要做法", "h2"),
        ("（一）建立楼组议事会", "h3"),
        ("(2)引入专业社工", "h3"),
        ("1、成效与体会", "h2"),
        ("多方联动 破解停车难", "h2"),
        ("新家园模式走出了一条化解居住小区物业矛盾的新路子。", None),
        ("具体做法如下：", None),
        ("聚焦民生需求，打造服务品牌", "h2"),
        ("居民们说，这下好了，", None),  # ends with a comma: a sentence cut by a line break
        (
            "2013年初复旦小区业委会和小区物业公司之间因为物业费调整问题产生矛盾冲突双方僵持不下",
            None,
        ),
        ("一、居委会先后三次上门，听取居民意见。随后召开了听证会", None),
        ("", None),
    ],
)
def test_subheadings_are_told_from_paragraphs(line, level):
    assert heading_level(line) == level


def test_the_summary_skips_headings_and_ends_at_a_sentence():
    first = "老式小区设施陈旧、安全管理隐患多。居民怪物业公司不作为，物业公司怪居民不交费。"
    text = ["一、项目背景", first * 3, "第二段。"]
    result = summary(text)
    assert len(result) <= SUMMARY_LENGTH
    assert result.endswith("。") and result.startswith("老式小区")
    assert first * 2 in result


def test_a_long_first_sentence_is_cut_at_a_comma_with_an_ellipsis():
    sentence = "八十多岁的张阿婆在楼道里被杂物绊倒，" * 10 + "邻居们这才意识到楼道堆物的隐患。"
    result = summary([sentence])
    assert len(result) <= SUMMARY_LENGTH
    assert result.endswith("绊倒…")  # never mid-word: …阿婆在楼道里被杂


def test_a_short_first_paragraph_is_the_summary():
    assert summary(["", "楼组长带头，居民自治。"]) == "楼组长带头，居民自治。"
    assert summary([]) == ""


@pytest.mark.django_db
def test_a_line_turned_into_a_subheading_in_place_is_read_as_one(client, campaign):
    from wagtail.rich_text import RichText

    from cases.fields.blocks import BodyBlock
    from cases.text.content import body_parts
    from tests.factories import CasePageFactory

    # The editor's paragraph block offers the block type menu with subheadings.
    assert {"h2", "h3"} <= set(BodyBlock().child_blocks["paragraph"].features)
    html = "<p>老式小区设施陈旧。</p><h2>巧解物业纠纷</h2><p>新家园当好老娘舅。</p>"
    case = CasePageFactory(parent=campaign, body=[("paragraph", RichText(html))])
    assert body_parts(case) == [
        ("paragraph", "老式小区设施陈旧。"),
        ("heading", "巧解物业纠纷"),
        ("paragraph", "新家园当好老娘舅。"),
    ]
    assert "<h2>巧解物业纠纷</h2>" in client.get(case.url).content.decode()
