import pytest

from cases.checks import ERROR, WARNING, Finding, check_length, count_characters, has_errors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2011 年 ， 88 个小区 ， 受益 9 万人次 ， 同比减少 60% 以上 。
        # 1 +  1 + 1 + 1 + 3 + 1 + 2 + 1 + 3 + 1 + 4 + 1 + 2 + 1 = 23
        ("2011年，88个小区，受益9万人次，同比减少60%以上。", 23),
        # “ 新家园 ” 成立于 2011 年 10 月 ， + 19 characters + 。
        # 1 + 3 + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 19 + 1 = 33
        ("“新家园”成立于2011年10月，是经虹口区社团管理局批准的民办非企组织。", 33),
        # 受益人数近 9.5 万人次 ， 平均每户 1,200 元: 5 + 1 + 3 + 1 + 4 + 1 + 1 = 16
        ("受益人数近9.5万人次，平均每户1,200元", 16),
        # 电子邮件 ： one address, 或, then four Latin words: 4 + 1 + 1 + 1 + 4 = 11
        ("电子邮件：ngo2007@sina.com 或 e-mail to the office.", 11),
        # Two runs of six characters and "1+6" as one token: 6 + 6 + 1 = 13
        ("创新社会治理 加强基层建设1+6", 13),
        # A lone half-width comma stands in for "，" and counts 1, spaced or not.
        ("你好,世界", 5),
        ("你好, 世界", 5),
        # Half-width punctuation inside a number or word belongs to it.
        ("1,000", 1),
        ("it’s U.S. policy", 3),
        # Whitespace of every kind, the ideographic space and zero-width space count 0.
        (" \t\n\u3000\u200b", 0),
        ("", 0),
    ],
)
def test_count_characters(text, expected):
    assert count_characters(text) == expected


def test_full_width_punctuation_counts_like_characters():
    # 10 marks (（）“”—— 《》……) + 4 characters (一好汇编)
    assert count_characters("（一）“好”——《汇编》……") == 14


def test_length_near_target_passes():
    assert check_length("字" * 2000) == []
    assert check_length("字" * 1500) == []  # both ends of 2000 ± 25 % are inside
    assert check_length("字" * 2500) == []


def test_length_short_is_a_warning_with_count_and_target():
    findings = check_length("字" * 1020)
    assert findings == [
        Finding(
            WARNING,
            "length.too_short",
            "案例正文共 1020 字，通知要求 2000 字左右（1500–2500 字），请适当补充。",
            "case_text",
            "1020 字",
            "1500–2500 字",
        )
    ]
    assert not has_errors(findings)


def test_length_long_is_a_warning():
    [finding] = check_length("字" * 2501)
    assert (finding.level, finding.code) == (WARNING, "length.too_long")
    assert "2501 字" in finding.message


def test_length_uses_campaign_target_and_field():
    [finding] = check_length("字" * 1000, target=3000, tolerance_pct=10, field="body")
    assert finding.field == "body"
    assert finding.suggestion == "2700–3300 字"
    assert check_length("字" * 2800, target=3000, tolerance_pct=10) == []


@pytest.mark.parametrize("text", ["", "   \n\u3000 "])
def test_empty_text_is_an_error(text):
    [finding] = check_length(text)
    assert (finding.level, finding.code) == (ERROR, "length.empty")
    assert has_errors([finding])


def test_absurd_length_is_an_error():
    [finding] = check_length("字" * 20001)
    assert (finding.level, finding.code) == (ERROR, "length.above_maximum")
    assert "20001" in finding.message


def test_hard_minimum_is_an_error():
    [finding] = check_length("字" * 10, hard_min=50)
    assert (finding.level, finding.code) == (ERROR, "length.below_minimum")
