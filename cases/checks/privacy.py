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
    (
        "privacy.mobile",
        "手机号码",
        re.compile(r"(?<!\d)(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"),
    ),
    (
        "privacy.phone",
        "电话号码",
        re.compile(
            r"(?<![\d-])(?:[(（]0\d{2,3}[)）]\s?\d{3,4}|0\d{2,3}[-\s]?\d{3,4}|[2-9]\d{3})"
            r"[-\s]?\d{4}(?![\d-]|\s*[年元万亿人个次件户名])"
        ),
    ),
    (
        "privacy.address",
        "详细门牌地址",
        re.compile(r"(?<!\d)(?:\d+弄)?(?:\d+(?:号楼|栋|幢|号)(?:\d+单元)?[-－]?)?\d+室(?!\d*厅)"),
    ),
)
# Eight digits that read as a date (20160603) or a span of years (2015-2016) are not a
# phone number; neither are amounts, caught by the unit lookahead above.
_DATE = re.compile(r"(?:19|20)\d\d(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d\d)")
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


# Tags of a single character that can end a name the tagger cut short (not 和, 的, 等 …).
_NAME_TAIL_TAGS = {"n", "ng", "nr", "nz", "g", "zg", "vg", "ag"}


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


def _is_personal_name(word: str) -> bool:
    surname = _surname(word)
    if not surname or not 2 <= len(word) <= 4 or len(word) == len(surname):
        return False
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word) or "某" in word:
        return False
    if word[len(surname) :] in _TITLES:
        return False
    # Two-character words jieba knows (陈旧, 公正, 盖章, 静安 …) are ordinary words
    # tagged "nr"; unknown ones (叶娟) come from its name model.
    return not (len(word) == 2 and _load().knows(word))


def _names(text: str):
    """(start, name) for each personal name, merging a surname jieba split off (马 + 丽丽)."""
    words = list(_load().cut(text))
    pos = 0
    for i, token in enumerate(words):
        start, word = pos, token.word
        pos += len(word)
        if token.flag not in _NAME_TAGS:
            continue
        before = words[i - 1].word if i else ""
        if len(word) <= 2 and before in _surnames and not _surname(word):
            start, word = start - len(before), before + word
        after = words[i + 1] if i + 1 < len(words) else None
        # rjieba sometimes cuts a three-character name after two (周励 + 力).
        if len(word) == 2 and after and len(after.word) == 1 and after.flag in _NAME_TAIL_TAGS:
            word += after.word
        if word.startswith(_NICKNAME_PREFIXES) and len(word) == 2:
            continue
        if _is_personal_name(word):
            yield start, word


def _numbers_and_addresses(text: str):
    """(start, code, label, found) for each pattern match, longest claim first."""
    claimed = bytearray(len(text))  # 1 where a pattern already claimed the character
    for code, label, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(claimed[start:end]):
                continue
            found = match.group()
            if code == "privacy.id_number" and not id_number_valid(found):
                continue
            if code == "privacy.phone" and _DATE.fullmatch(re.sub(r"\D", "", found)):
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
