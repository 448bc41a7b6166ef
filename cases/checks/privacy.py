"""Private data in case text: "为保护信息的隐私性，文中涉及的人物可用昵称或代号替代".

Every finding is a warning (an editor decides), once per distinct text, in order of
appearance, each with a suggested replacement: a name becomes its surname + 某
(周励力 → 周某), a number or address is marked as removed.
"""

import re
import threading
from pathlib import Path
from typing import NamedTuple

from .findings import WARNING, Finding

FIELD = "case_text"

# Surname + one of these (张阿姨, 李老师, 赵师傅, 刘书记, 王总) is already a code name.
_TITLE_WORDS = (
    "阿姨 叔叔 伯伯 老伯 阿伯 大爷 大妈 大娘 大叔 大姐 大哥 阿婆 阿公 奶奶 爷爷 婆婆 老太 "
    "老师 师傅 书记 主任 经理 医生 先生 女士 小姐 同志 老板 校长 所长 站长 社长 会长 部长 "
    "科长 处长 局长 区长 镇长 村长 组长 队长 律师 警官 家 氏 总 工 姐 哥 叔 婶 伯 嫂 婆 爷 老"
)
_TITLES = frozenset(_TITLE_WORDS.split())
_NICKNAME_PREFIXES = ("老", "小", "阿")
_NAME_TAGS = {"nr", "nrfg", "nrt"}

_PRIVATE = "（已隐去）"
# Earlier patterns claim their text first: an ID number is not a phone. Each pattern may
# start only where a run of its characters starts (the lookbehinds), so a long run of
# digits or letters is tried once, not once per character: time linear in the text.
_PATTERNS = (
    (
        "privacy.email",
        "电子邮箱",
        re.compile(
            r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
        ),
    ),
    ("privacy.id_number", "身份证号", re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")),
    # The first-generation card's 15 digits: area, yymmdd of birth, sequence.
    (
        "privacy.id_number",
        "身份证号",
        re.compile(
            r"(?<![0-9A-Za-z])\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"
        ),
    ),
    (
        "privacy.mobile",
        "手机号码",
        re.compile(r"(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"),
    ),
    (
        "privacy.phone",
        "电话号码",
        re.compile(
            r"(?<![\d\-A-Za-z])(?:[(（]0\d{2,3}[)）]\s?\d{3,4}|0\d{2,3}[-\s]?\d{3,4}|[2-9]\d{3})"
            r"[-\s]?\d{4}(?![\d\-A-Za-z]|\s*[年元万亿人个次件户名])"
        ),
    ),
    (
        "privacy.address",
        "详细门牌地址",
        # A room (…号502室), or a house in a lane (433弄21号): where someone lives.
        re.compile(
            r"(?<!\d)(?:(?:\d+弄)?(?:\d+(?:号楼|栋|幢|号)(?:\d+单元)?[-－]?)?\d+室(?!\d*厅)"
            r"|\d+弄\d+号(?!楼))"
        ),
    ),
)
# Eight digits that read as a date (20160603) or a span of years (2015-2016) are not a
# phone number; neither are amounts, caught by the unit lookahead above.
_DATE = re.compile(r"(?:19|20)\d\d(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d\d)")
# Full-width digits, letters and signs (１３９…) read as their ASCII forms, one for one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_lock = threading.Lock()
_posseg = None
_surnames: frozenset[str] = frozenset()


def id_number_valid(number: str) -> bool:
    """GB 11643-1999 check digit (ISO 7064 MOD 11-2) of an 18-digit resident ID number."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


class _Token(NamedTuple):
    word: str
    flag: str


class _Tagger:
    """rjieba (jieba's dictionary and tags, in Rust): a fraction of jieba's memory, which
    holds its dictionary as Python objects (≈170 MB in every web process)."""

    def __init__(self, rjieba):
        self._rjieba = rjieba

    def cut(self, text):
        return [_Token(word, flag) for word, flag in self._rjieba.tag(text)]

    def knows(self, word):
        return self._rjieba.has_word(word)

    def is_name(self, word, surname=""):
        """jieba's model reads the word as a name, or its surname then a given name."""
        tags = self._rjieba.tag(word)
        if len(tags) == 2 and tags[0][0] == surname:
            tags = tags[1:]  # 欧阳/ns 娜娜/nrt
        return len(tags) == 1 and tags[0][1] in _NAME_TAGS


def _load():
    """The tagger and the surname list, loaded on first use: only when text is checked."""
    global _posseg, _surnames
    with _lock:
        if _posseg is None:
            import rjieba

            path = Path(__file__).with_name("data") / "surnames.txt"
            lines = path.read_text(encoding="utf-8").splitlines()
            names = [w for line in lines if not line.startswith("#") for w in line.split()]
            _surnames = frozenset(names)
            _posseg = _Tagger(rjieba)
    return _posseg


def _surname(word: str) -> str:
    """The word's surname, two characters (欧阳) before one (欧); a set lookup per try."""
    return next((word[:n] for n in (2, 1) if word[:n] in _surnames), "")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Where a personal name stands in case text: after a role (社区民警李卫东, 楼组长…), before
# what people do or are called (…说, …律师, …夫妇), in a list of names, or alone in
# brackets after a nickname (俞老伯（俞德昌）). Measured on a labelled corpus written
# before these rules (tests/cases/checks/data/privacy_corpus.json): jieba's "nr" tag
# alone found 71 % of the names and 20 % of its findings were words (宣传栏, 彭浦镇).
_ROLES_BEFORE = _words(
    "民警 警官 书记 主任 经理 律师 志愿者 居民 社工 党员 楼组长 楼栋长 楼长 调解员 教授 "
    "委员 队长 领队 组长 会计 业主 代表 老娘舅 负责人 督导 撰稿 联系人 签字 申请人 受访者 "
    "秘书长 成员 妈妈 护士 医生 工作人员 队员 老人 本名 姓名 名叫 叫做 就是 记者 主席 站长 "
    "所长 校长 院长 馆长 会长 社长 部长 科长 处长 局长 区长 镇长 老板 店主 师傅 阿姨 大爷 "
    "奶奶 爷爷 老伯 阿婆 老太 儿子 女儿 丈夫 妻子 老伴 邻居 保安 保洁员 网格员 专家 同志 "
    "名单 获奖者 主持人 讲师 老师 学生 家长 户主 租客 房东 甲方 乙方 投诉人 当事人 班长 "
    "骨干 达人 能人 老党员 退休教师 伙伴 审核 百事通"
)
_AFTER = _words(
    "说 表示 介绍 回忆 告诉 提出 反映 认为 常说 承诺 强调 指出 坦言 感慨 笑着 同志 警官 "
    "律师 教授 老师 医生 经理 书记 主任 阿姨 老人 夫妇 一家 家住 家的 家里 家厨 今年 等人 "
    "带头 主动 是一名 是一位 是小区 是社区 老伯 大爷 师傅 住在 住 被评 发起 负责 担任 "
    "连续 当场 急得 已经 眼眶 主持 作为 等老 等志 等居 和女儿 和儿子 和老伴 夫妻"
)
# A name's second given character is none of these: they begin what follows a name
# (李强是…, 高明主动…, 方正反复…), so the name has one given character.
_AFTER_NAME_CHARS = frozenset(
    "说是在和与跟同及等的了家也都就又还把被对从为给带主一二三四五六七八九十两今每当常所这"
    "那提表介回告反认看负承连担先夫老警律教经书医阿师女作做来去到上下于让请将曾已正却便则"
    "很最更再才只亲自不没早晚拿找发出组参加成走坐站住开打刚半年岁热有要会能可得着过帮领率"
    "代因虽但而或即现们她他它我你您某"
)
# Forms of address and speech after a name (白云阿姨, 常青是…).
_ADDRESSED = _words("阿姨 老伯 大爷 师傅 老师 律师 警官 教授 医生 夫妇 书记 主任 说 是")
# 高明、向前两位志愿者: a count of people, then who they are.
_COUNTED = re.compile(r"[两二三四五六七八九几]位|[二三四五六七八九]人")
# Never a given name's first character: function words and pronouns.
_NOT_GIVEN = frozenset("的了和与及是在等说也都着过就把被她他它我你您某")
# Where a "name" is a place, a shop or a word inside one (彭浦镇, 康定路, 王家沙点心店),
# or a role word (楼道长).
_PLACE_END = tuple("路街镇渡村桥浜泾巷港湾区里坊弄园沙宅员长")
_PLACE_AFTER = _words(
    "路 街 镇 新村 村 区 地区 渡 弄 小区 公园 广场 大楼 中学 小学 大学 医院 点心 店 公司 "
    "酒店 饭店 宅 沙 浜 桥 里 坊 社区"
)
_NICKNAME_BEFORE = ("小", "老", "阿")
# The last character of a role word (调度员, 楼组长, 志愿者, 小朋友, 学生).
_ROLE_SUFFIXES = "员长者友生"
_OF_PERSON = _words(
    "的女儿 的儿子 的老伴 的丈夫 的妻子 的家 的父亲 的母亲 的孙子 的孙女 的牵头 的组织 "
    "的带领 的指导 的协调 的帮助 的推动 的倡议 家门口 家中"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LIST_MARKS = "、和与及"


def _candidates(text: str):
    """(start, name) for a surname + one or two given characters at every position;
    overlaps are resolved later, by context (主任赵德明: 任赵德 is no name)."""
    n = len(text)
    for i in range(n):
        surname = _surname(text[i : i + 2])
        if not surname:
            continue
        if i and text[i - 1] in _NICKNAME_BEFORE and not _role_before(text, i):
            continue
        g = i + len(surname)
        if g >= n or not _CJK.match(text[g]) or text[g] in _NOT_GIVEN:
            continue
        two = g + 1 < n and _CJK.match(text[g + 1]) and text[g + 1] not in _AFTER_NAME_CHARS
        yield i, text[i : g + (2 if two else 1)]


def _role_before(text: str, start: int) -> bool:
    before = text[max(0, start - 8) : start].rstrip('：:（( “”"0123456789.．、')
    return before.endswith(tuple(_ROLES_BEFORE))


def _context(text: str, start: int, name: str) -> bool:
    """Whether what stands around the name says it is a person's name."""
    end = start + len(name)
    after = text[end : end + 4]
    if _role_before(text, start) or after.startswith(tuple(_AFTER)):
        return True
    if _COUNTED.match(after) and text[end + 2 : end + 8].startswith(tuple(_ROLES_BEFORE)):
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
    # 楼上的严冬梅, 91岁的孔祥林: a three-character name no dictionary knows, after 的.
    if (
        before == "的"
        and len(name) == 3
        and after[:1] in "，。；、对在和与是"
        and not _load().knows(name)
    ):
        return True
    # A speaker or a label's value at the start of a line: 王芳：“…” / 贾晓峰：80后.
    line_start = start == 0 or text[start - 1] in "\n“"
    if line_start and after[:1] in "：:":
        return True
    # A label's value: 家属签字：周国华 / 督导：华立新。
    return before in "：:" and (not after or after[0] in "，。；、（(\n ")


def _inside_word(text: str, start: int) -> bool:
    tagger = _load()
    return any(
        tagger.knows(text[start - k : start + m])
        for k in (1, 2)
        for m in (1, 2)
        if start - k >= 0 and _CJK_RUN.fullmatch(text[start - k : start + m])
    )


def _model_name(name: str) -> bool:
    """Three characters or more that jieba's model reads as a name, with no word of the
    dictionary in its first two (楼栋门 is a door)."""
    tagger, surname = _load(), _surname(name)
    if len(name) < 3 or tagger.knows(name) or tagger.knows(name[: len(surname) + 1]):
        return False
    return tagger.is_name(name, surname)


def _is_place(name: str, after: str) -> bool:
    return name.endswith(_PLACE_END) or after.startswith(tuple(_PLACE_AFTER))


def _names(text: str):
    """(start, name) for each personal name (see the rules above)."""
    _load()
    found = []
    for start, name in _candidates(text):
        end = start + len(name)
        after = text[end : end + 3]
        if _is_place(name, after) or after.startswith(("（化名", "(化名", "某")):
            continue
        if name[len(_surname(name)) :] in _TITLES:
            continue
        # With no context: a name jieba's model gives as one (欧阳娜娜也来了), ending
        # where a word ends (楼栋门口: no).
        next_char = text[end : end + 1]
        ends = not next_char or not _CJK.match(next_char) or next_char in _AFTER_NAME_CHARS
        known = _context(text, start, name) or (ends and _model_name(name))
        # Inside a word (调解员, 收费标准, 联系方式): the surname is its last part, unless a
        # role stands right before (楼组长高明: 长高 is a word too).
        if known and not _role_before(text, start) and _inside_word(text, start):
            known = False
        # A word of the dictionary (党工委, 项目, 周末) is a name only after a role or
        # before a form of address (白云阿姨); a three-character one also if jieba tags
        # it as a name (王建国).
        if known and _load().knows(name) and not _role_before(text, start):
            addressed = text[start + len(name) :].startswith(_ADDRESSED)
            known = addressed or (len(name) >= 3 and _load().is_name(name))
        # The surname closes a title before it (老师傅每月: 师傅 is no name's start).
        if text[max(0, start - 1) : start + 1] in _TITLES:
            known = False
        found.append([start, name, known])
    # A name in a list with a known name is a name (马骏、石磊、于洋 / 金钱、高明、方正).
    for _ in range(2):
        for k, (_, _, known) in enumerate(found):
            if known:
                continue
            for j in (k - 1, k + 1):
                if 0 <= j < len(found) and found[j][2]:
                    a, b = sorted([found[k], found[j]])
                    between = text[a[0] + len(a[1]) : b[0]].strip()
                    if (
                        between
                        and len(between) <= 2
                        and all(c in _LIST_MARKS + "，, " for c in between)
                    ):
                        found[k][2] = True
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
    for start, name, known in sorted(found, key=lambda f: (not f[2], f[0])):
        if known and not any(taken[start : start + len(name)]):
            taken[start : start + len(name)] = b"\x01" * len(name)
            yield start, name


def _numbers_and_addresses(text: str):
    """(start, code, label, found) for each pattern match, longest claim first."""
    claimed = bytearray(len(text))  # 1 where a pattern already claimed the character
    folded = text.translate(_HALF_WIDTH)  # same length: spans point into text
    for code, label, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            start, end = match.span()
            if any(claimed[start:end]):
                continue
            found = text[start:end]
            plain = match.group()
            if code == "privacy.id_number" and len(plain) == 18 and not id_number_valid(plain):
                continue
            if code == "privacy.phone" and _DATE.fullmatch(re.sub(r"\D", "", plain)):
                continue
            claimed[start:end] = b"\x01" * (end - start)
            yield start, code, label, found


def find_private_data(text: str) -> list[Finding]:
    if not text or not text.strip():
        return []
    hits = []
    for start, code, label, found in _numbers_and_addresses(text):
        message = f"文中出现{label}“{found}”，为保护隐私，请删除或改写。"
        hits.append((start, Finding(WARNING, code, message, FIELD, found, _PRIVATE)))
    for start, name in _names(text):
        code_name = _surname(name) + "某"
        message = f"文中出现人名“{name}”，通知要求人物用昵称或代号替代，例如“{code_name}”。"
        hits.append((start, Finding(WARNING, "privacy.name", message, FIELD, name, code_name)))
    seen: set[str] = set()
    findings = []
    for _, finding in sorted(hits, key=lambda hit: hit[0]):
        if finding.found not in seen:
            seen.add(finding.found)
            findings.append(finding)
    return findings


def check_privacy(text: str, field: str | None = FIELD) -> list[Finding]:
    findings = find_private_data(text)
    if field == FIELD:
        return findings
    return [Finding(f.level, f.code, f.message, field, f.found, f.suggestion) for f in findings]
