"""Personal names in case text: a surname, then one or two characters that occur in given
names (data/given_chars.txt), read as a name only where what stands around it says so.

What the notice asks for is never a name: a surname with 某, a title or a form of address
(王某, 张阿姨, 李大爷, 陈老师, 欧阳老师) or a nickname (老周, 小沈, 阿明). Ordinary words
that start with a surname character (满意度, 顾问, 儿童服务, 连续, 成长课, 沙龙, 成立,
阳光之家) fail the given-name test or, being words of jieba's dictionary, need strong
context: speech or a title after them (常青说, 白云阿姨), one person's role before them
and a verb after them (调解员江山把…), a count of people or a label (撰稿人：向阳).
A full name no dictionary knows (顾国华, 端木国平) needs none.
"""

import re
import threading
from pathlib import Path
from typing import NamedTuple

_DATA = Path(__file__).with_name("data")

# Surname + one of these (张阿姨, 李老师, 赵师傅, 刘书记, 王总) is already a code name.
_TITLE_WORDS = (
    "阿姨 叔叔 伯伯 老伯 阿伯 大爷 大妈 大娘 大叔 大姐 大哥 阿婆 阿公 奶奶 爷爷 婆婆 老太 "
    "老师 师傅 书记 主任 经理 医生 先生 女士 小姐 同志 老板 校长 所长 站长 社长 会长 部长 "
    "科长 处长 局长 区长 镇长 村长 组长 队长 律师 警官 家 氏 总 工 姐 哥 叔 婶 伯 嫂 婆 爷 老"
)
_TITLES = frozenset(_TITLE_WORDS.split())
_NAME_TAGS = {"nr", "nrfg", "nrt"}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Where a personal name stands in case text: after a role (社区民警李卫东, 楼组长…), before
# what people do or are called (…说, …律师, …夫妇), in a list of names, or alone in
# brackets after a nickname (俞老伯（俞德昌）).
_ROLES_BEFORE = _words(
    "民警 警官 书记 主任 经理 律师 志愿者 居民 社工 党员 楼组长 楼栋长 楼长 调解员 教授 "
    "委员 队长 领队 组长 会计 业主 代表 老娘舅 负责人 督导 撰稿 联系人 签字 申请人 受访者 "
    "秘书长 成员 妈妈 护士 医生 工作人员 队员 老人 本名 姓名 名叫 叫做 就是 记者 主席 站长 "
    "所长 校长 院长 馆长 会长 社长 部长 科长 处长 局长 区长 镇长 老板 店主 师傅 阿姨 大爷 "
    "奶奶 爷爷 老伯 阿婆 老太 儿子 女儿 丈夫 妻子 老伴 邻居 保安 保洁员 网格员 专家 同志 "
    "名单 获奖者 主持人 讲师 老师 学生 家长 户主 租客 房东 甲方 乙方 投诉人 当事人 班长 "
    "骨干 达人 能人 老党员 退休教师 伙伴 审核 百事通 咨询师 工程师 法人 母亲 父亲"
)
# Roles that name a group as often as a person: before a word they make a compound
# (居民沙龙, 志愿者服务, 老人关爱), not a name.
_GROUPS = _words(
    "居民 志愿者 党员 业主 代表 成员 老人 学生 家长 队员 骨干 伙伴 邻居 工作人员 "
    "老党员 达人 能人 专家 妈妈 租客"
)
_AFTER = _words(
    "说 表示 介绍 回忆 告诉 提出 反映 认为 常说 承诺 强调 指出 坦言 感慨 笑着 同志 警官 "
    "律师 教授 老师 医生 经理 书记 主任 阿姨 老人 夫妇 一家 家住 家的 家里 家厨 今年 等人 "
    "带头 主动 是一名 是一位 是小区 是社区 老伯 大爷 师傅 住在 住 被评 发起 负责 担任 "
    "连续 当场 急得 已经 眼眶 主持 作为 等老 等志 等居 和女儿 和儿子 和老伴 夫妻 及其 "
    "和他的 和她的 与他的 与她的 退休 掰着 站出来"
)
# A name's second given character is none of these: they begin what follows a name
# (李强是…, 高明主动…, 方正反复…), so the name has one given character.
_AFTER_NAME_CHARS = frozenset(
    "说是在和与跟同及等的了家也都就又还把被对从为给带主一二三四五六七八九十两今每当常所这"
    "那提表介回告反认看负承连担先夫老警律教经书医阿师女作做来去到上下于让请将曾已正却便则"
    "很最更再才只亲自不没早晚拿找发出组参加成走坐站住开打刚半年岁热有要会能可得着过帮领率"
    "代因虽但而或即现们她他它我你您某"
)
# Forms of address and speech after a full name (王建国书记, 王芳是…): the name ends there.
_ADDRESSED = _words("阿姨 老伯 大爷 师傅 老师 律师 警官 教授 医生 夫妇 书记 主任 说 是")
# 高明、向前两位志愿者: a count of people, then who they are.
_COUNTED = re.compile(r"[两二三四五六七八九几]位|[二三四五六七八九]人")
# Where a "name" is a place, a shop or a word inside one (彭浦镇, 康定路, 王家沙点心店),
# or a role word (楼道长).
_PLACE_END = tuple("路街镇渡村桥浜泾巷港湾区里坊弄园沙宅员长")
_PLACE_AFTER = _words(
    "路 街 镇 新村 村 区 地区 渡 弄 小区 公园 广场 大楼 中学 小学 大学 医院 点心 店 公司 "
    "酒店 饭店 宅 沙 浜 桥 里 坊 社区 嘴 汇 园 苑 城 寺 庙 山庄 花园 大厦 中心 县 市 省"
)
_NICKNAME_BEFORE = ("小", "老", "阿")
# The last character of a role word (调度员, 楼组长, 志愿者, 小朋友, 学生, 咨询师).
_ROLE_SUFFIXES = "员长者友生师"
_OF_PERSON = _words(
    "的女儿 的儿子 的老伴 的丈夫 的妻子 的家 的父亲 的母亲 的孙子 的孙女 的牵头 的组织 "
    "的带领 的指导 的协调 的帮助 的推动 的倡议 家门口 家中"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LIST_MARKS = "、和与及"
# After a word of the dictionary, only speech (常青说) or a title (白云阿姨) makes it a name.
_SAYS = _words("说 表示 介绍 回忆 告诉 坦言 感慨 笑着 常说 强调 指出 承诺")
_ADDRESS_FORMS = tuple(_TITLES - {"家", "氏", "总", "工", "老"}) + _words("老人 夫妇 同志")
_FOLLOWS_NAME = tuple(_TITLES) + _ROLES_BEFORE + _AFTER + _ADDRESSED

# Surnames that, with one given character, make the words of case texts (楼栋, 楼宇):
# read only before two (楼栋长楼建平).
_FULL_NAMES_ONLY = frozenset("楼")

# Given characters only before a second one (陈小红; 王小区 is no name).
_FIRST_ONLY = "小"

_lock = threading.Lock()
_tagger = None
_surnames: frozenset[str] = frozenset()
_given: frozenset[str] = frozenset()


class _Token(NamedTuple):
    word: str
    flag: str


class _Tagger:
    """rjieba (jieba's dictionary and tags, in Rust): a fraction of jieba's memory, which
    holds its dictionary as Python objects (≈170 MB in every web process). `source`
    gives the instance to ask, each time: rjieba's own, or one shared (share_segmenter)."""

    def __init__(self, source):
        self._source = source

    def cut(self, text):
        return [_Token(word, flag) for word, flag in self._source().tag(text)]

    def knows(self, word):
        return self._source().has_word(word)

    def is_name(self, word, surname=""):
        """jieba's model reads the word as a name, or its surname then a given name."""
        tags = self._source().tag(word)
        if len(tags) == 2 and tags[0][0] == surname:
            tags = tags[1:]  # 欧阳/ns 娜娜/nrt
        return len(tags) == 1 and tags[0][1] in _NAME_TAGS


_shared = None


def share_segmenter(source) -> None:
    """Tag with the rjieba instance `source()` gives (the search's segmenter: jieba's
    dictionary and the portal's words) instead of building rjieba's own: one copy of
    jieba's dictionary in a process, not two (24–34 MB). Measured on both labelled corpora
    (824 texts, 726 findings): 173 texts are cut differently (社会治理, 自治金 whole), the
    findings are the same. Set once at start-up (CasesConfig.ready); without it, as
    outside Django, rjieba's own instance is used."""
    global _shared, _tagger
    with _lock:
        _shared, _tagger = source, None


def _rjieba():
    import rjieba  # builds its instance on import (~30 MB): only when text is checked

    return rjieba


def _read_words(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split())


def _load():
    """The tagger and the word lists, loaded on first use: only when text is checked."""
    global _tagger, _surnames, _given
    with _lock:
        if _tagger is None:
            _surnames = _read_words("surnames.txt")
            _given = _read_words("given_chars.txt")
            _tagger = _Tagger(_shared or _rjieba)
    return _tagger


def surname(word: str) -> str:
    """The word's surname, two characters (欧阳) before one (欧); a set lookup per try."""
    _load()
    return next((word[:n] for n in (2, 1) if word[:n] in _surnames), "")


def _given_length(text: str, g: int) -> int:
    """How many characters from g read as a given name: 0, 1 or 2."""
    n = len(text)
    if g >= n or text[g] not in _given:
        return 0
    if g + 1 >= n or text[g + 1] not in _given:
        return 0 if text[g] in _FIRST_ONLY else 1
    following = text[g + 2 : g + 3]
    # A title, a role or what people do follows a full name (王建国书记, 华立新教授).
    if text[g + 2 :].startswith(_FOLLOWS_NAME):
        return 2
    # A full name jieba's dictionary holds (王建国共同…: 国共 is a word too).
    full = text[g - 1 : g + 2] if text[g - 1] in _surnames else ""
    if full and _load().knows(full) and _load().is_name(full, full[0]):
        return 2
    # The second character starts a word with what follows, as jieba cuts the phrase
    # (李强|成为, 张伟|明白; but 毛丽华|联名, 吴励平|和); a home stays with its family
    # (吴建国家中).
    glued = following and following != "家" and _load().knows(text[g + 1 : g + 3])
    if glued and _crosses(text, g + 2):
        return 1
    # 李强正…, 王芳发…: a character that begins what follows a name, unless the name
    # ends there (王志刚、王志强).
    ends_here = following in _AFTER_NAME_CHARS or following in _LIST_MARKS
    if text[g + 1] in _AFTER_NAME_CHARS and following and _CJK.match(following):
        return 2 if ends_here else 1
    return 2


def _candidates(text: str):
    """(start, name) for a surname + one or two given characters at every position;
    overlaps are resolved later, by context (主任赵德明: 任赵德 is no name)."""
    for i in range(len(text)):
        family = surname(text[i : i + 2])
        if not family:
            continue
        if i and text[i - 1] in _NICKNAME_BEFORE and not _role_before(text, i):
            continue
        g = i + len(family)
        given = _given_length(text, g)
        if given == 1 and family in _FULL_NAMES_ONLY:
            continue
        if given:
            yield i, text[i : g + given]


def _role_before(text: str, start: int, roles=_ROLES_BEFORE) -> bool:
    before = text[max(0, start - 8) : start].rstrip('：:（( “”"0123456789.．、')
    return before.endswith(roles)


def _knows(word: str) -> bool:
    return _load().knows(word)


def _context(text: str, start: int, name: str) -> bool:
    """Whether what stands around the name says it is a person's name."""
    end = start + len(name)
    after = text[end : end + 4]
    if _role_before(text, start) or after.startswith(_AFTER):
        return True
    if _counted(text[end:]):
        return True
    before = text[max(0, start - 1) : start]
    if before in "（(" and after[:1] in "）)":  # 郭师傅（郭永福）
        return True
    if before and before in _ROLE_SUFFIXES:  # 调度员倪志成, 小朋友殷子轩
        return True
    if after.startswith(_OF_PERSON) and (before == "在" or len(name) >= 3):
        return True  # 在潘志勇的组织下, 孙桂芳的女儿
    if text[max(0, start - 2) : start].endswith(("叫", "找", "感谢", "多亏了", "联系")):
        return True
    # 楼上的严冬梅, 91岁的孔祥林: a full name after 的, at the end of a phrase.
    if before == "的" and _full(name) and after[:1] in "，。；、对在和与是" and not _knows(name):
        return True
    # A speaker or a label's value at the start of a line: 王芳：“…” / 贾晓峰：80后.
    line_start = start == 0 or text[start - 1] in "\n“"
    if line_start and after[:1] in "：:":
        return True
    # A label's value: 家属签字：周国华 / 督导：华立新。
    return before in "：:" and (not after or after[0] in "，。；、（(\n ")


def _proper(word: str) -> bool:
    """jieba tags the word alone as a proper name (白云/nr, 李强/nrfg, 江山/ns): not a
    verb's object (关心/n 老人)."""
    flag = _load().cut(word)[0].flag
    return flag in _NAME_TAGS or flag in ("ns", "nz")


def _counted(rest: str) -> bool:
    """A count of people, then who they are (两位志愿者, 三位业委会委员)."""
    if not _COUNTED.match(rest):
        return False
    who = rest[2:10]
    return any(who[: k + len(role)].endswith(role) for role in _ROLES_BEFORE for k in range(4))


def _strong_context(text: str, start: int, name: str) -> bool:
    """Context enough for a word of the dictionary (江山, 高明, 向阳) to be a name: a
    role right before it and a verb after it (调解员江山把…), a form of address or
    speech after it (白云阿姨, 常青说; not 房子住进…, 楼宇是…, 查明是…), a count of people
    (高明、向前两位志愿者) or a label's value (撰稿人：向阳)."""
    end = start + len(name)
    rest = text[end:]
    if rest.startswith(_SAYS):
        return True
    # A title or a form of address after a verb is its object (关心老人, 关爱老人): a
    # name's only after a word jieba takes for a proper name (白云阿姨, 常青老师).
    if rest.startswith(_ADDRESS_FORMS):
        return _proper(name)
    if _counted(rest):
        return True
    next_char = rest[:1]
    # One person's role, not a group's: 居民沙龙, 志愿者成立了 and 家长沙龙 are a
    # group's salon and a group's act; and a noun, not a verb or an adjective.
    if (
        _role_before(text, start)
        and not _role_before(text, start, _GROUPS)
        and next_char
        and next_char in _AFTER_NAME_CHARS
        and _load().cut(name)[0].flag.startswith("n")
    ):
        return True
    before = text[max(0, start - 1) : start]
    return before in "：:" and (not next_char or next_char in "，。；、（(\n ")


def _inside_word(text: str, start: int) -> bool:
    """The surname character ends a word that starts before it (调解员, 担任, 包括)."""
    tagger = _load()
    return any(
        tagger.knows(text[start - k : start + m])
        for k in (1, 2)
        for m in (1, 2)
        if start - k >= 0 and _CJK_RUN.fullmatch(text[start - k : start + m])
    )


def _full(name: str) -> bool:
    """Surname and two given characters, or a compound surname and one or two (令狐伟)."""
    family = surname(name)
    return len(name) >= 3 and (len(family) == 2 or len(name) - len(family) >= 2)


def _is_word(text: str, start: int, name: str) -> bool:
    """The name is a word of the dictionary (高明, 白玉兰) or the start of a longer one
    (东方明珠塔, 阳光之家 → 阳光); a full name in jieba's dictionary is tagged as a name
    (王建国/nr)."""
    tagger = _load()
    end = start + len(name)
    if tagger.knows(name) and not (_full(name) and tagger.is_name(name, surname(name))):
        return True
    return any(tagger.knows(text[start : end + k]) for k in (1, 2) if end + k <= len(text))


def _word_prefix(name: str) -> bool:
    """A full name whose surname and first given character make a word (唐国华: 唐国,
    孙子发了: 孙子): a name only in context."""
    tagger, family = _load(), surname(name)
    if len(family) == 2:  # a compound surname starts no word (欧阳建/ns is a place)
        return False
    return tagger.knows(name[: len(family) + 1])


def _crosses(text: str, pos: int) -> bool:
    """jieba, cutting the phrase around pos, puts a word across it (颐乐建立: 颐乐 across
    乐's start; 向正规: 正规 across 正's end)."""
    left = max(0, pos - 6)
    offset = left
    for token in _load().cut(text[left : pos + 6]):
        if offset < pos < offset + len(token.word):
            return True
        offset += len(token.word)
        if offset >= pos:
            return False
    return False


def _is_place(name: str, after: str) -> bool:
    return name.endswith(_PLACE_END) or after.startswith(_PLACE_AFTER)


def _glued(text: str, end: int) -> bool:
    """The name's last character makes a word with the next one (金秋季节: 秋季)."""
    return end < len(text) and _load().knows(text[end - 1 : end + 1])


def _judge(text: str, start: int, name: str) -> bool:
    end = start + len(name)
    if _is_word(text, start, name):
        known = _strong_context(text, start, name)
    elif _context(text, start, name):
        known = True
    elif _full(name) and not _word_prefix(name):
        # A full name no dictionary knows: a name by itself, unless it runs into the
        # next word.
        known = not _glued(text, end)
    else:
        known = False
    # One given character that jieba joins to what follows (租客向正规…: 正规).
    if known and len(name) == 2 and _crosses(text, end) and _glued(text, end):
        known = _strong_context(text, start, name)
    # A full name with no context must start where jieba's words start (颐乐建立了: 颐乐).
    if known and _full(name) and not _context(text, start, name) and _crosses(text, start):
        known = False
    # Inside a word (调解员, 担任, 收费标准): the surname is its last part, unless a role
    # stands right before (楼组长高明: 长高 is a word too). A compound surname ends no
    # word (要数端木国平: 数端 is a word, 端木 a surname).
    compound = len(surname(name)) == 2
    if known and not compound and not _role_before(text, start) and _inside_word(text, start):
        known = False
    # The surname closes a title before it (老师傅每月: 师傅 is no name's start).
    if text[max(0, start - 1) : start + 1] in _TITLES:
        known = False
    return known


def _plausible_pair(text: str, a, b) -> bool:
    """Two names joined by one list mark (李娟与王磊), neither a word of the dictionary
    unless jieba tags it as a name (张伟和李强)."""
    between = text[a[0] + len(a[1]) : b[0]]
    return (
        len(between) == 1
        and between in _LIST_MARKS
        and (not _is_word(text, a[0], a[1]) or _proper(a[1]))
        and (not _is_word(text, b[0], b[1]) or _proper(b[1]))
        and not _glued(text, b[0] + len(b[1]))
    )


def find_names(text: str):
    """(start, name) for each personal name, in order of the text (rules above)."""
    _load()
    found = []
    for start, name in _candidates(text):
        end = start + len(name)
        after = text[end : end + 3]
        if _is_place(name, after) or after.startswith(("（化名", "(化名", "某")):
            continue
        if name[len(surname(name)) :] in _TITLES:
            continue
        found.append([start, name, _judge(text, start, name)])
    # A name in a list with a known name is a name (马骏、石磊、于洋 / 金钱、高明、方正).
    for _ in range(2):
        for k, (_, _, known) in enumerate(found):
            if known:
                continue
            for j in (k - 1, k + 1):
                if not 0 <= j < len(found):
                    continue
                a, b = sorted([found[k], found[j]])
                between = text[a[0] + len(a[1]) : b[0]].strip()
                listed = (
                    between
                    and len(between) <= 2
                    and all(c in _LIST_MARKS + "，, " for c in between)
                )
                if (found[j][2] and listed) or _plausible_pair(text, a, b):
                    found[k][2] = found[j][2] = True
    # Three or more candidates in a row separated only by 、 or spaces: a list of names.
    run = []
    for k, (start, _, _) in enumerate(found):
        previous = found[run[-1]] if run else None
        gap = text[previous[0] + len(previous[1]) : start] if previous else ""
        if previous and gap and all(c in "、 " for c in gap):
            run.append(k)
        else:
            run = [k]
        if len(run) >= 3:
            for m in run:
                found[m][2] = True
    # Overlapping candidates: a name with its context wins, then the earlier one.
    taken = bytearray(len(text))
    names = []
    for start, name, known in sorted(found, key=lambda f: (not f[2], f[0])):
        if known and not any(taken[start : start + len(name)]):
            taken[start : start + len(name)] = b"\x01" * len(name)
            names.append((start, name))
    return sorted(names)
