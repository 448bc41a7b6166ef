"""Chinese text handling for search (search/text.py): plain functions, no database."""

import time

import pytest

from search import text

# From the reference case (附件2 of the notice, /work/shared/seed/000_21bc2a91b946cd56.txt).
CASE_INTRO = (
    "老式小区设施陈旧、安全管理隐患多、居民怪物业公司不作为怎么办？物业公司出力赔钱不讨好，"
    "提高收费又困难，陷入恶性循环进退两难，怎么办？业主对业委会不了解、不信任，业委会组建难，"
    "换届选举矛盾重重，怎么办？"
)
CASE_FOUNDED = (
    "“新家园”成立于2011年10月，是经虹口区社团管理局批准的民办非企组织。"
    "“新家园”自成立以来，完成了88个小区的业主大会组建换届工作，受益人数近9万人次；"
    "完成了近183个售后公房物业达标补贴的检查验收和考核评估工作，受益人数近30万人次。"
)
CASE_MEDIATOR = (
    "“新家园”巧解物业纠纷  当好“小区老娘舅”\n"
    "“新家园”就是这样一位“小区老娘舅”：遵循公开公正原则，以符合国家和社会的公共利益为准则，"
    "依托社会工作的专业理念为住宅小区自治管理提供专业化的服务。"
)
CASE = "\n".join([CASE_INTRO, CASE_FOUNDED, CASE_MEDIATOR])


def flat(groups):
    return [term for group in groups for term in group]


@pytest.mark.parametrize("word", ["物业", "业委会", "老娘舅", "新家园", "业主大会", "售后公房"])
def test_reference_case_words_are_tokens(word):
    assert word in text.tokens(CASE)


def test_tokens_include_words_inside_longer_words():
    assert {"业主", "委员会", "业主委员会"} <= set(text.tokens("业主委员会"))
    assert {"社会组织", "社会组织联合会"} <= set(text.tokens("静安区社会组织联合会"))
    assert {"物业", "物业公司"} <= set(text.tokens("物业公司"))


def test_tokens_keep_repeats_in_order():
    assert text.tokens("物业 老娘舅 物业") == ["物业", "老娘", "娘舅", "老娘舅", "物业"]


def test_stop_words_and_single_characters_are_dropped():
    tokens = text.tokens(CASE)
    assert not {"的", "了", "和", "与", "在", "是", "等", "也", "对", "为"} & set(tokens)
    assert not [t for t in tokens if len(t) == 1 and not t.isdigit()]
    assert text.query_terms("物业和业委会的矛盾") == [
        ["物业"],
        ["业委会", "业主委员会"],
        ["矛盾", "纠纷", "争议", "吵架"],
    ]
    assert text.query_terms("以及") == []
    # 没人 (no one) says what is missing, like 没有: devlarge2 d2-098 白天没人照顾老人 listed
    # the visits to old people living alone, whose texts say 没人, before the day care.
    assert [g.word for g in text.parse("白天没人照顾老人").groups] == ["白天", "照顾", "老人"]
    assert "没人" not in text.tokens("独居老人没人照应")
    # One character is searched as written (it is no index term).
    assert text.parse("餐").groups == (text.Group("餐", ("餐",), literal=True),)
    assert text.parse("年").groups == ()  # a counter alone names nothing


def test_numbers_are_split_from_their_units():
    tokens = text.tokens(CASE_FOUNDED)
    assert {"2011", "10", "88", "9", "183", "30"} <= set(tokens)
    assert text.query_terms("9万") == [["9"]]


def test_mixed_chinese_latin_and_digits():
    assert text.query_terms("2011年 88个小区 ABC") == [["2011"], ["88"], ["小区"], ["abc"]]
    assert {"2011", "88", "小区", "abc"} <= set(text.tokens("2011年 88个小区 ABC"))
    assert text.tokens("WeChat群 ngo2007@sina.com") == ["wechat", "ngo2007", "sina", "com"]


def test_full_width_is_normalized():
    assert text.normalize("ＡＢＣ１２３") == "abc123"
    assert text.normalize("业委会　（ＡＢＣ）！") == "业委会 abc"
    assert text.query_terms("ＡＢＣ１２３") == [["abc123"]]
    assert text.tokens("２０１１年") == ["2011"]


def test_control_and_format_characters_are_dropped():
    assert text.normalize("业\u200b委会\x00\x07") == "业委会"
    assert text.normalize("物业\t\r\n业委会\x0b") == "物业 业委会"
    assert text.query_terms("业委\u200d会\x1b物业") == [["业委会", "业主委员会"], ["物业"]]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "！？。，……——",
        "😀👍🏽👨‍👩‍👧‍👦🇨🇳❤️",
        "\x00\x01\x1f\x7f\u200b\ufeff",
        "《》【】<>&\"'",
    ],
)
def test_punctuation_emoji_and_control_only_give_no_terms(query):
    assert text.query_terms(query) == []
    assert text.tokens(query) == []


def test_emoji_separate_words():
    assert text.normalize("物业😀业委会🇨🇳") == "物业 业委会"


def test_synonyms_form_groups_both_ways():
    assert ["业主委员会", "业委会"] in text.query_terms("业主委员会")
    assert ["业委会", "业主委员会"] in text.query_terms("业委会")
    assert text.query_terms("社联会") == [["社联会", "社会组织联合会"]]
    assert set(flat(text.query_terms("民非"))) >= {"民办非企业单位", "民办非企组织"}
    assert "调解员" in flat(text.query_terms("老娘舅"))


def test_everyday_words_carry_the_cases_terms():
    # devlarge2 d2-155 社区里有没有存时间换服务的互助办法: the time-bank cases say 时间银行,
    # and 时间 alone is in every text.
    assert "时间银行" in flat(text.query_terms("存时间换服务"))
    # d2-163 小区里的空地改造居民能参与设计吗: the planners' cases say 参与式设计.
    assert "参与式设计" in flat(text.query_terms("居民能参与设计吗"))
    # d2-131 不知道给父母选哪种养老服务该问谁: the advisers' cases say 咨询.
    assert "咨询" in flat(text.query_terms("养老服务该问谁"))


def test_a_synonym_finds_the_reference_case():
    tokens = set(text.tokens(CASE))
    for query in ["业主委员会", "调解员", "民办非企业单位", "物业服务企业"]:
        assert all(set(group) & tokens for group in text.query_terms(query)), query


def test_terms_are_unique_and_capped():
    assert text.query_terms("物业 物业 物业") == [["物业"]]
    assert len(text.query_terms(CASE * 3)) == text.MAX_GROUPS


@pytest.mark.parametrize(
    "query",
    [
        (CASE * 30)[:10_000],
        "业委会" * 3334,
        "😀" * 10_000,
        "ａ" * 10_000,
        "".join(chr(0x4E00 + i * 7 % 20_000) for i in range(10_000)),
        "，\x00" * 5_000,
    ],
)
def test_a_10000_character_query_is_fast(query):
    text.query_terms("预热")  # the dictionary loads once per process (≈0.2 s)
    started = time.perf_counter()
    groups = text.query_terms(query)
    assert time.perf_counter() - started < 1.0
    assert len(groups) <= text.MAX_GROUPS


def test_a_100000_character_text_is_indexed_quickly():
    body = (CASE * 300)[:100_000]
    text.tokens("预热")
    started = time.perf_counter()
    tokens = text.tokens(body)
    assert time.perf_counter() - started < 2.0
    assert len(tokens) > 10_000


@pytest.mark.parametrize(
    "body",
    ["1" * 200_000, "a" * 200_000, "虹口新家园建设与合作事务所" * 15_000],
    ids=["digits", "latin", "a long name repeated"],
)
def test_a_200000_character_run_is_indexed_in_linear_time(body):
    # One unbroken run is one "word" to the segmenter; looking for every word inside it
    # once took minutes (every saved page is indexed for the admin's search).
    text.tokens("预热")
    started = time.process_time()
    text.tokens(body)
    assert time.process_time() - started < 5.0


def test_highlight_escapes_html_and_marks_terms():
    snippet = text.highlight('<script>alert("x")</script>业委会成立 & 物业', ["业委会", "物业"])
    assert snippet == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
        "<mark>业委会</mark>成立 &amp; <mark>物业</mark>"
    )


def test_highlight_prefers_the_longest_term():
    assert text.highlight("业委会和业委", ["业委", "业委会"]) == (
        "<mark>业委会</mark>和<mark>业委</mark>"
    )


def test_highlight_takes_query_groups_and_ignores_width_and_case():
    groups = text.query_terms("abc 业主委员会")
    assert (
        text.highlight("ＡＢＣ公司与业委会", groups)
        == "<mark>ＡＢＣ</mark>公司与<mark>业委会</mark>"
    )
    assert text.highlight("abc123 2019 9", ["abc", "9"]) == "abc123 2019 <mark>9</mark>"


def test_highlight_snippet_around_the_first_match():
    body = "甲乙丙丁" * 100 + "小区老娘舅" + "戊己庚辛" * 100
    snippet = text.highlight(body, ["老娘舅"], width=40)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>老娘舅</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) == 40 + 2


def test_highlight_never_cuts_a_mark():
    snippet = text.highlight(
        "物业" + "甲" * 10 + "业委会" + "乙" * 10, ["物业", "业委会"], width=13
    )
    assert snippet == "<mark>物业</mark>" + "甲" * 10 + "<mark>业委会</mark>…"


def test_highlight_without_a_match_gives_the_start():
    assert text.highlight(CASE, ["不存在"], width=10) == "老式小区设施陈旧、安…"
    assert text.highlight("<b>短</b>", []) == "&lt;b&gt;短&lt;/b&gt;"
    assert text.highlight("", ["物业"]) == ""


def test_highlight_collapses_whitespace():
    assert text.highlight("物业\n\n  纠纷", ["物业"]) == "<mark>物业</mark> 纠纷"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(text, "DATA", tmp_path)
    yield tmp_path
    monkeypatch.undo()
    text.reload_dictionary()


def test_editors_extend_the_data_files(data_dir):
    (data_dir / "dictionary.txt").write_text("# 小区名\n紫金城小区 5000\n", encoding="utf-8")
    (data_dir / "synonyms.txt").write_text("# 俗称\n紫金城小区 ＺＪＣ  # 旧称\n", encoding="utf-8")
    text.reload_dictionary()
    assert "紫金城小区" in text.tokens("大上海紫金城小区业主大会")
    assert text.query_terms("ZJC") == [["zjc", "紫金城小区"]]
    text.reload_dictionary()  # idempotent
    assert text.query_terms("紫金城小区") == [["紫金城小区", "zjc"]]


def entries(name):
    lines = (text.DATA / name).read_text(encoding="utf-8").splitlines()
    return [fields for line in lines if (fields := line.split("#")[0].split())]


def test_shipped_data_files():
    words = {fields[0] for fields in entries("dictionary.txt")}
    assert len(words) >= 40
    assert {"业委会", "两代表一委员", "老娘舅", "售后公房", "社联会", "民办非企业"} <= words
    assert all(len(fields) >= 2 for fields in entries("synonyms.txt"))
