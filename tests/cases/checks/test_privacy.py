import pytest

from cases.checks import WARNING, check_privacy, find_private_data, id_number_valid

# From the notice's reference case (附件2), the paragraphs that name people and places.
REFERENCE_CASE = """\
老式小区设施陈旧、安全管理隐患多、居民怪物业公司不作为怎么办？物业公司出力赔钱不讨好，\
提高收费又困难，陷入恶性循环进退两难，怎么办？业主对业委会不了解、不信任，业委会组建难，\
换届选举矛盾重重，怎么办？这些小区纠纷与矛盾在当前社区相信很多人会经常听到和遇到，\
虹口区凉城新村街道的“新家园建设与合作事务所”（下文简称“新家园”）便是在物业管理矛盾\
日益突出的背景下应运而生的。

“新家园”自成立以来，完成了88个小区的业主大会组建换届工作，受益人数近9万人次；\
为9个物业服务企业空缺的“老大难”小区重新引入物业服务企业；同比各类物业矛盾减少60%以上。

“新家园”就是这样一位“小区老娘舅”：遵循公开公正原则，以符合国家和社会的公共利益为准则。

多年难题一朝解决。2012年5月，搁置两年之久的大上海紫金城小区组建业主大会难题，终于爆发了。\
原大上海紫金城业主大会筹备组于2010年成立，二年多时间业主大会组建不起来。

善于指导找到症结。2013年初复旦小区业委会和小区物业公司因小区停车费等公共收益的分配使用\
及小区的保安、保洁等服务质量和标准产生了矛盾。双方各执一词，争得不可开交。为此，居委会\
刘书记征得双方同意，请新家园帮助主持公道化解矛盾，新家园所长周励力和老师郁伯孝等在详细\
倾听了解了双方的情况和诉求后，提出了解决方法。事后，双方都说：“这样的调解很公平！”
"""

# The notice's own contact block: a name, two Shanghai numbers, an e-mail, a room.
CONTACTS = """\
联系电话：62551250
联 系 人：叶娟
联系电话：52133533
电子邮件：ngo2007@sina.com
邮寄地址：静安区万航渡路485号501室（200042）
"""

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def with_check_digit(first17: str) -> str:
    """GB 11643: weighted sum mod 11 indexes the check characters 1 0 X 9 8 7 6 5 4 3 2."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def found(text):
    return [f.found for f in find_private_data(text)]


def test_reference_case_names_become_surname_plus_mou():
    findings = find_private_data(REFERENCE_CASE)
    assert [(f.found, f.suggestion) for f in findings] == [("周励力", "周某"), ("郁伯孝", "郁某")]
    finding = findings[0]
    assert (finding.level, finding.code, finding.field) == (WARNING, "privacy.name", "case_text")
    assert "周某" in finding.message


@pytest.mark.parametrize(
    "word",
    [
        "刘书记",
        "新家园",
        "业委会",
        "物业公司",
        "居委会",
        "凉城新村街道",
        "大上海紫金城",
        "陈旧",
        "公正",
    ],
)
def test_reference_case_words_are_not_names(word):
    assert word in REFERENCE_CASE
    assert not any(word in text for text in found(REFERENCE_CASE))


def test_nicknames_titles_and_code_names_are_not_reported():
    text = "张阿姨、李老伯、老周、小沈、王某、王某某、李老师、赵师傅和刘书记一起商量。"
    assert found(text) == []


def test_full_names_are_reported_once_in_order():
    text = "社工张伟和志愿者马丽丽走访了居民王芳。张伟说，欧阳娜娜也来了。"
    findings = find_private_data(text)
    assert [(f.found, f.suggestion) for f in findings] == [
        ("张伟", "张某"),
        ("马丽丽", "马某"),  # jieba splits 马 | 丽丽; the surname is joined back
        ("王芳", "王某"),
        ("欧阳娜娜", "欧阳某"),  # compound surname
    ]


def test_notice_contacts_are_all_found():
    findings = find_private_data(CONTACTS)
    assert [(f.code, f.found) for f in findings] == [
        ("privacy.phone", "62551250"),
        ("privacy.name", "叶娟"),
        ("privacy.phone", "52133533"),
        ("privacy.email", "ngo2007@sina.com"),
    ]
    assert all(f.suggestion == "（已隐去）" for f in findings if f.code != "privacy.name")


@pytest.mark.parametrize(
    "text",
    [
        "邮寄地址：静安区万航渡路485号501室（200042）",
        "区社联会办公地址为万航渡路485号501室，欢迎来访。",
    ],
)
def test_an_organisations_office_is_no_ones_home(text):
    # Both labelled corpora leave the 区社联会's office address unlabelled: it is printed
    # in the notice itself. A home address in the same form is still found.
    assert found(text) == []
    assert found("住址：万航渡路485号501室") == ["485号501室"]


@pytest.mark.parametrize(
    "number",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 139 1234 5678", "8613912345678"],
)
def test_mobile_numbers(number):
    [finding] = find_private_data(f"请拨打{number}联系。")
    assert (finding.code, finding.found) == ("privacy.mobile", number)


@pytest.mark.parametrize(
    "number", ["021-62551250", "(021)5213 3533", "（021）52133533", "5213-3533", "0571 8765 4321"]
)
def test_landline_numbers(number):
    [finding] = find_private_data(f"电话：{number}。")
    assert (finding.code, finding.found) == ("privacy.phone", number)


@pytest.mark.parametrize(
    "text",
    [
        "2016年6月3日",
        "20160603",
        "2015-2016年度",
        "投入30000000元",
        "邮编200042",
        "12345678",  # starts with 1: neither a mobile nor a Shanghai landline
        "受益人数近30万人次",
        "1+6文件",
    ],
)
def test_dates_amounts_and_codes_are_not_phone_numbers(text):
    assert found(text) == []


def test_id_numbers_need_a_valid_check_digit():
    valid = with_check_digit("31010619800101123")
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    assert id_number_valid(valid) and not id_number_valid(wrong)
    assert id_number_valid("11010519491231002X")  # the standard's own example, check X
    text = f"身份证号{valid}，另一个号码{wrong}，还有11010519491231002x。"
    findings = find_private_data(text)
    assert [(f.code, f.found) for f in findings] == [
        ("privacy.id_number", valid),
        ("privacy.id_number", "11010519491231002x"),
    ]
    assert findings[0].suggestion == "（已隐去）"


def test_email_addresses():
    text = "请发送至 zhou.lili-2016@jingan.gov.cn 或 ngo2007@sina.com。"
    assert found(text) == ["zhou.lili-2016@jingan.gov.cn", "ngo2007@sina.com"]


@pytest.mark.parametrize(
    "address",
    [
        "汶水东路100弄5号301室",
        "万航渡路485号501室",
        "3号楼2单元501室",
        "12栋3单元502室",
    ],
)
def test_room_level_addresses(address):
    [finding] = find_private_data(address)
    assert finding.code == "privacy.address"
    assert address.endswith(finding.found)
    assert finding.found[0].isdigit()


def test_rooms_without_numbers_and_flat_layouts_are_not_addresses():
    assert found("在居委会办公室和会议室开会，房型为3室2厅。") == []


@pytest.mark.parametrize("text", ["住在501室", "楼上502室的住户", "12号楼", "12号楼3单元的住户"])
def test_a_room_or_a_building_alone_is_not_an_address(text):
    # A room number with no building, or a building or stairwell with no room, points to
    # no one home (the extended corpus's convention).
    assert found(text) == []


def test_each_distinct_finding_once():
    text = "电话13812345678。再说一遍：13812345678。周励力和周励力。"
    assert found(text) == ["13812345678", "周励力"]


def test_empty_text():
    assert find_private_data("") == []
    assert find_private_data("  \n") == []


def test_check_privacy_is_the_same_list_for_its_field():
    text = "联系人周励力，手机13812345678。"
    assert check_privacy(text) == find_private_data(text)
    assert {f.field for f in check_privacy(text, field="summary")} == {"summary"}


def test_the_words_that_cried_wolf_are_quiet_and_the_officer_is_named():
    # The examples editors reported: ordinary words taken for names, a name missed.
    text = (
        "每一笔钱花得明明白白。楼栋门口的宣传栏上写着本月完成了三项小修。"
        "彭浦镇的社区民警李卫东每天都来。"
    )
    assert found(text) == ["李卫东"]
