"""Words people type that the cases never use (devlarge2 and devlarge3, the development
sets): each reaches the case that says it otherwise, through the synonyms and the
segmenter, over a small library of our own."""

import pytest

from search.text import parse
from tests.search.small_library import FILLER, first_found, found, rebuild

pytestmark = pytest.mark.django_db


EVERYDAY = [  # (what a case says, its title)
    ("文明养犬，清理狗粪，牵绳遛狗。", "文明养犬公约"),
    ("记忆门诊为健忘老人做筛查，防止走失。", "认知障碍友好社区"),
    ("心理咨询师倾听居民倾诉，疏导情绪。", "心理疏导工作室"),
    ("为高龄老人家里加装扶手，防止跌倒。", "居家适老化改造"),
    ("禁毒社工陪伴戒毒康复人员。", "禁毒社工在身边"),
    ("婚姻家庭纠纷调解，化解家庭矛盾。", "婚姻家庭调解室"),
    ("随迁子女融入社区，来沪人员子女课堂。", "来沪人员子女融入"),
    ("白领利用午休时间做志愿者。", "楼宇白领志愿服务"),
]


@pytest.mark.parametrize(
    "typed, case",
    [("狗到处拉屎", 1), ("老人记性越来越差", 2), ("出门找不到家", 2), ("心里憋屈想找人聊聊", 3),
     ("家里装扶手防摔", 4), ("吸毒的人怎么管", 5), ("夫妻吵架", 6), ("外地孩子在上海上学", 7),
     ("上班族下班后做志愿服务", 8)],
)  # fmt: skip
def test_everyday_words_reach_the_cases_terms(typed, case):
    # devlarge2 (dev_queries_2.json) d2-092, 095, 132, 112, 120, 109, 111, 114, 154: the
    # cases never use the words people type.
    _result, ids = first_found([(title, body) for body, title in EVERYDAY], typed)
    assert ids[:1] == [case], ids


EVERYDAY_MORE = [  # (title, what the case says): each query's case, and cases holding the
    # query's other words that it listed first (调解家庭邻里矛盾, 电动车停放充电, 老人助餐 …)
    ("课后托管", "下课后孩子无人看管，到居委会写作业。"),
    ("青少年社工", "闲散青少年辍学在家，社工陪伴。"),
    ("失独家庭关爱", "陪伴失独老人走出伤痛。"),
    ("互助服务社", "志愿时长存进时间银行，需要时兑换。"),
    ("婚姻家庭调解室", "夫妻家庭纠纷，社工调解。"),
    ("调解家庭邻里矛盾", "老娘舅调解邻里矛盾，调解员上门调解。"),
    ("楼道安全守护", "劝导电动车不进楼、不进电梯。"),
    ("电动车停放充电", "电动车充电棚建成，电动车集中充电，电动车停放有序。"),
    ("独居老人探访", "志愿者敲门问候独居老人。"),
    ("老人助餐", "老人在家里吃饭不便，出了事也有人管，助餐点送饭给老人。"),
    ("旧区改造", "二级旧里征收，居民签约。"),
    ("老公房修缮", "老公房修缮，居民签约维修协议。"),
    ("中央厨房连着助餐点", "为高龄老人送餐。"),
    ("社区食堂老少通吃", "居民在社区食堂吃饭。"),
    ("邻里食堂开张了", "平价食堂面向全体居民。"),
    ("服务时间表", "服务时间灵活，服务时间延长。"),
    ("亲子共成长", "家长学校开展家庭教育讲座。"),
    ("社会体育指导员带着练", "健身指导员教居民锻炼。"),
]


@pytest.mark.parametrize(
    "typed, case",
    [("小孩放学没人管", 1), ("小孩不上学在外面晃", 2), ("孩子没了的老人", 3),
     ("社区里有没有存时间换服务的互助办法", 4), ("家庭矛盾调解", 5), ("电瓶车推上楼", 7),
     ("老人一个人住在家里出了事怎么办", 9), ("拆老房子签约", 11), ("长者食堂", 13),
     ("家庭教育指导", 17)],
)  # fmt: skip
def test_more_everyday_words_reach_the_cases_terms(typed, case):
    # devlarge2 d2-090, 110, 119, 155, 026, 100, 127, 104, 022, 002: words people type that
    # the cases never use (没人管, 不上学, 孩子没了, 存时间: test_text, 上楼, 一个人住, 拆老房子),
    # words the segmenter cut apart (家庭矛盾; 家庭教育指导, whose 指导 found the fitness
    # instructors), and 长者食堂, the meal service for the old, not a canteen for everyone.
    _result, ids = first_found(EVERYDAY_MORE, typed)
    assert ids[:1] == [case], ids


def test_a_canteen_for_everyone_is_no_meal_service_for_the_old():
    # devlarge2 d2-002 长者食堂 listed the canteens for all ages before the meal
    # service's cases; d2-003 社区食堂 missed a canteen named 邻里食堂.
    rebuild(*({"title": t, "body": b} for t, b in EVERYDAY_MORE[12:15]), {"body": FILLER})
    assert found("长者食堂")[1] == [1]
    assert set(found("社区食堂")[1]) == {2, 3}


def test_anti_fraud_reaches_the_cases_on_fraud():
    # devlarge2 d2-037 反诈宣传: the street patrol's and the smartphone class's anti-fraud
    # sections say 防诈骗, never 反诈; the other case only says 宣传 throughout.
    rebuild(
        {"title": "红袖章夜巡", "body": "志愿者夜巡，还借机开展防诈骗宣传，提醒老人警惕电信诈骗。"},
        {"title": "社区宣传栏", "tags": ("宣传",), "body": "宣传栏宣传垃圾分类，宣传文明养犬。"},
        *({"title": f"小区议事{n}", "body": FILLER} for n in range(4)),
    )
    _result, ids = found("反诈宣传")
    assert ids[:1] == [1], ids
    # 反诈骗 is a word too, not 诈骗 with a stray 反 to correct (devlarge3 d3-052 反诈骗 was
    # "corrected" to 防诈骗).
    result, ids = found("反诈骗")
    assert not result.typed and ids == [1], (result.typed, ids)


EVERYDAY_THIRD = [  # (title, what the case says)
    ("老人防诈骗", "社工提醒老人警惕电信诈骗。"),
    ("认知障碍友好社区", "为认知障碍老人佩戴防走失手环，防止走失。"),
    ("居家适老化改造", "为高龄老人加装扶手，防止跌倒。"),
    ("外籍居民融入社区", "外籍居民参加睦邻活动。"),
    ("安置帮教", "刑满释放人员回归社会，社工帮教。"),
    ("婚姻家庭调解室", "调解婚姻家庭纠纷。"),
    ("文明养犬", "犬吠扰邻，居民制定养犬公约。"),
    ("智能手机课堂", "志愿者教老人使用智能手机。"),
    ("加装电梯", "高层老人下楼难，居民协商加装电梯。"),
    ("停车管理人员上岗", "小区停车难，车辆停放无序。"),
    ("助浴上门", "助浴员上门为老人洗澡。"),
    ("卧床照护上门", "卧床老人由护理员上门照护。"),
]


@pytest.mark.parametrize(
    "typed, case",
    [("被骗钱", 1), ("老人走丢", 2), ("老人摔跤", 3), ("外国邻居", 4), ("出狱人员", 5),
     ("两口子闹离婚", 6), ("狗叫扰民", 7), ("老人学上网", 8), ("爬楼难", 9), ("车子乱停", 10),
     ("老人洗不了澡", 11), ("家里老人瘫在床上", 12)],
)  # fmt: skip
def test_everyday_words_of_the_third_set_reach_the_cases_terms(typed, case):
    # devlarge3 (dev_queries_3.json) d3-113, 094, 095, 107, 099, 108, 093, 115, 085, 088,
    # 116, 104: the cases never use the words people type (被骗钱, 车子乱停 and 两口子闹离婚
    # found nothing at all; 洗不了澡 was cut 洗/不了/澡 and 瘫在床上 lost its 瘫).
    result, ids = first_found(EVERYDAY_THIRD, typed)
    assert ids[:1] == [case] and not result.typed, (result.typed, ids)


EVERYDAY_FOURTH = [  # (title, what the case says): each query's case, and one that holds
    # the query's other word or the typed word in passing
    ("社区法律援助", "律师为困难居民代理诉讼，提供法律咨询。"),
    ("心理服务站", "心理咨询师开展心理疏导，倾听居民倾诉，帮助居民调节情绪。"),
    ("服务记账本", "志愿者参加服务记下积分。"),
    ("爱心积分超市", "困难家庭凭积分卡领取物资，积分兑换，积分越多领得越多。"),
    ("协商破解加梯难", "老公房居民协商加装电梯，解决加梯难。"),
    ("失能老人长护险", "失能老人在家享受长期护理保险的照护服务。"),
    ("老人活动室", "家里的老人来活动室下棋，老人喝茶，老人聊天。"),
    ("老娘舅聊家常", "老娘舅和居民聊聊家常，说说心里话。"),
]


@pytest.mark.parametrize(
    "typed, case",
    [("打官司", 1), ("心情不好找人聊", 2), ("做好事攒积分", 3), ("爬楼难", 5),
     ("心理健康", 2), ("家里老人瘫在床上", 6), ("心里憋屈想找人聊聊", 2)],
)  # fmt: skip
def test_everyday_words_of_the_third_set_reach_the_cases_other_words(typed, case):
    # devlarge3 d3-110 打官司 (the legal-aid cases say 诉讼), d3-109 心情不好找人聊 (情绪,
    # 倾诉: found nothing holding both), d3-106 做好事攒积分 (志愿者: the points card of the
    # charity shop came first), d3-085 爬楼难 (加梯难), d3-028 心理健康 (心理服务, 心理
    # 疏导: 4 of the 11 counselling cases never say it), d3-104 瘫在床上 (失能); devlarge2
    # d2-112 心里憋屈想找人聊聊 (情绪: the mediator chatting 心里话 came first).
    result, ids = first_found(EVERYDAY_FOURTH, typed)
    assert ids[:1] == [case] and not result.typed, (result.typed, ids)


def test_an_adverb_of_a_question_is_no_search_word():
    # devlarge3 d3-125 小区成立业委会总是凑不齐人怎么办: 总是, in 24 cases' texts, weighed
    # as much as the question's point (业委会), and the cases covering the question were
    # those saying 总是, not the owners' committee cases.
    words = [group.word for group in parse("小区成立业委会总是凑不齐人怎么办").groups]
    assert "业委会" in words and "总是" not in words, words
    for typed in ("老是吵架", "一直漏水", "经常停电", "常常忘事"):
        assert len(parse(typed).groups) == 1, typed
