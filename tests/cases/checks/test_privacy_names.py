"""The privacy check's names and numbers: the false alarms and misses editors reported
(issues 21 and 23), each in a sentence of its own."""

import pytest

from cases.checks import find_private_data


def found(text):
    return [f.found for f in find_private_data(text)]


def names(text):
    return [f.found for f in find_private_data(text) if f.code == "privacy.name"]


# Ordinary words that start with a surname character, in the sentences where the check
# once took them for names; the last three came in with Word files.
@pytest.mark.parametrize(
    "text",
    [
        "居民满意度调查显示，九成以上的受访者对助餐点表示满意。",
        "项目完成后，居民满意度从六成提高到九成。",
        "志愿者成长课每月一次，由资深社工讲授。",
        "居委会请了一位律师顾问，每周来值班半天。",
        "居民顾问团由六名退休干部组成。",
        "社区儿童服务站周末也开放。",
        "留守儿童服务是项目的重点之一。",
        "项目志愿者连续三年获评优秀团队。",
        "居民连续两次投票都没有通过方案。",
        "学员家长阳光之家的课程很感兴趣。",
        "志愿者阳光之家里陪学员做手工。",
        "我们每月组织一次家长沙龙，请心理咨询师做团体辅导。",
        "居民沙龙每周四晚上在活动室举行。",
        "志愿者成立了护绿队，每周巡查一次。",
        "居民成立了自管小组，轮流打扫楼道。",
        # Verbs and kinship words before an object, as imported Word files had them.
        "我们把助餐和关爱老人结合起来。",
        "只有多关心老人，才能减少上当受骗。",
        "老伯学会了用手机给孙子发红包。",
        "这次活动增强了居民的向心力和凝聚力。",
        "引导租客向正规的公共租赁住房转移。",
        "师傅上门检测，查明是楼上防水层老化。",
        "一套七十平方米的房子住进了二十多人。",
        "楼栋主动申请加装电梯，楼宇是社区的邻居。",
        "颐乐建立了居民微信群，活动信息当天就能发到。",
    ],
)
def test_ordinary_words_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # What the notice asks for: a surname with 某, a title or a form of address.
        "王某、王某某和张某三位居民参加了议事会。",
        "张阿姨和李大爷每天早上在小区门口值班。",
        "陈老师带着孩子们在社区花园里认识植物。",
        "欧阳老师和司马阿姨一起包了两百个馄饨。",
        "刘师傅、赵先生、钱女士都在同意书上签了字。",
        "老周和小沈把楼道里的杂物清理干净了。",
        "高爷叔和龙爷叔每天在弄堂口下棋。",
        "居民甲和业主B对停车方案各有意见。",
    ],
)
def test_pseudonyms_and_forms_of_address_are_never_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Job titles that start with a surname character.
        "党支部书记带头签了加装电梯的同意书。",
        "常务副主任分管居民区的综合治理。",
        "项目社工每周上门探访一次。",
        "申请人须本人到居委会填写申请表。",
        # Place names.
        "徐家汇、陆家嘴的白领也报名成了志愿者。",
        "活动在曹家渡社区文化中心举行。",
        "欧阳路沿线的三个小区共同发起了这个项目。",
        "老人住院期间，岳阳医院的医生每周来随访。",
    ],
)
def test_job_titles_and_place_names_are_not_names(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name", "code_name"),
    [
        ("社区读书会的召集人司马红英退休前是一名中学老师。", "司马红英", "司马某"),
        ("热心肠的上官国庆总是第一个到场帮忙。", "上官国庆", "上官某"),
        ("楼里的账目一直由诸葛慧敏记着。", "诸葛慧敏", "诸葛某"),
        ("在业主大会上，欧阳建华第一个发言支持方案。", "欧阳建华", "欧阳某"),
    ],
)
def test_compound_surnames(text, name, code_name):
    [finding] = [f for f in find_private_data(text) if f.code == "privacy.name"]
    assert (finding.found, finding.suggestion) == (name, code_name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("王明、李华、张伟都报名参加了护绿队。", ["王明", "李华", "张伟"]),
        ("议事会成员有孙丽萍、吴国强和郑秀兰。", ["孙丽萍", "吴国强", "郑秀兰"]),
        ("李娟与王磊是最年轻的两名志愿者。", ["李娟", "王磊"]),
        ("顾建华和楼下的汪美玲终于握手言和。", ["顾建华", "汪美玲"]),
    ],
)
def test_names_in_plain_lists(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("居委会值班电话：+86 21-5555-1234。", "+86 21-5555-1234"),
        ("外籍业主可拨打+86-21-6255-1250联系居委会。", "+86-21-6255-1250"),
        ("中心电话：0086-21-62551250", "0086-21-62551250"),
        ("电话：86-21-62551190，节假日也有人接听。", "86-21-62551190"),
        ("传真：(021) 6208-7790", "(021) 6208-7790"),
        ("预约电话 +86(21)6289 4471。", "+86(21)6289 4471"),
    ],
)
def test_phone_numbers_with_country_and_area_prefixes(text, number):
    [finding] = find_private_data(text)
    assert (finding.code, finding.found) == ("privacy.phone", number)


@pytest.mark.parametrize(
    "number",
    [
        "310106 19650312 4413",
        "310108-19960212-5979",
        "3101 0919 4707 2105 08",
        "3101-1519-9106-2446-06",
        "310106-1978-0108-0484",
        "310107 19320417 371X",
        "310104 370217 429",  # the first-generation card's fifteen digits
    ],
)
def test_id_numbers_written_with_spaces_or_hyphens(number):
    [finding] = find_private_data(f"身份证号：{number}，已核验。")
    assert (finding.code, finding.found) == ("privacy.id_number", number)


def test_grouped_digits_that_are_no_id_number_are_left_alone():
    # A wrong check digit, or no date of birth where a grouped number should have one.
    assert found("编号 3101 0919 4707 2105 09") == []
    assert found("工单号 3101-0000-9106-2446-06") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("3号楼2单元501室的老人独居多年。", "3号楼2单元501室"),
        ("5幢1门302的住户在楼道里堆了纸板。", "5幢1门302"),
        ("住在7幢2单元301的李大爷第一个签了字。", "7幢2单元301"),
        ("第8幢3单元601的空调支架锈了。", "第8幢3单元601"),
        ("37号楼402的业主装修时打掉了承重墙。", "37号楼402"),
        ("A座1205室的租客按时交了物业费。", "A座1205室"),
        ("15弄8号602室的老人摔倒了。", "15弄8号602室"),
    ],
)
def test_building_unit_room_addresses_without_a_street(text, address):
    [finding] = find_private_data(text)
    assert (finding.code, finding.found) == ("privacy.address", address)


@pytest.mark.parametrize(
    "text",
    [
        "3号楼2016年加装了电梯。",
        "5栋1200户居民都领到了分类垃圾桶。",
        "12号楼3单元的居民一起出钱修了门禁。",
    ],
)
def test_buildings_years_and_counts_are_not_addresses(text):
    assert found(text) == []
