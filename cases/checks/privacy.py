"""Private data in case text: "为保护信息的隐私性，文中涉及的人物可用昵称或代号替代".

Every finding is a warning (an editor decides), once per distinct text, in order of
appearance, each with a suggested replacement: a name becomes its surname + 某
(周励力 → 周某), a number or address is marked as removed.
"""

import re

from .findings import WARNING, Finding
from .names import find_names, surname

FIELD = "case_text"

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
    # Eighteen characters, grouped or not (310106 19650312 4413, 3101-0919-4707-2105-08):
    # the check digit and, when grouped, the date of birth decide.
    (
        "privacy.id_number",
        "身份证号",
        re.compile(r"(?<![0-9A-Za-z])\d(?:[- ]?\d){16}[- ]?[\dXx](?![0-9A-Za-z])"),
    ),
    # The first-generation card's 15 digits: area, yymmdd of birth, sequence.
    (
        "privacy.id_number",
        "身份证号",
        re.compile(r"(?<![0-9A-Za-z])\d(?:[- ]?\d){14}(?![0-9A-Za-z])"),
    ),
    (
        "privacy.mobile",
        "手机号码",
        re.compile(
            r"(?<!\d)(?:(?:[(（]\+?86[)）]|(?:\+|00)?86)[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"
        ),
    ),
    (
        "privacy.phone",
        "电话号码",
        re.compile(
            # With the country code (+86 21-6289 4471, 0086-21-62551250, +86(21)…), with
            # the area code (021-62551250, (021)5213 3533), or a local number.
            r"(?<![\d\-A-Za-z+])(?:(?:[(（]\+?86[)）]|(?:\+|00)?86)[-\s]?"
            r"(?:[(（]0?\d{2,3}[)）]|0?\d{2,3})[-\s]?[2-9]\d{2,3}"
            r"|[(（]0\d{2,3}[)）]\s?\d{3,4}|0\d{2,3}[-\s]?\d{3,4}|[2-9]\d{3})"
            r"[-\s]?\d{4}(?![\d\-A-Za-z]|\s*[年元万亿人个次件户名]|[-\s]\d{1,4}(?!\d))"
        ),
    ),
    (
        "privacy.address",
        "详细门牌地址",
        # A room in a building (…号502室, 12号楼3单元502室, 7幢2单元301, A座1205室, 5号楼
        # 东单元201室, 9号楼底楼101室), or a
        # house in a lane (433弄21号): where someone lives. A room number alone (502室) or
        # a building or stairwell alone (12号楼3单元) points to no one home.
        re.compile(
            r"(?<![\dA-Za-z])(?:(?:\d+弄)?第?[\dA-Za-z]+(?:号楼|栋|幢|座|号)"
            r"(?:第?\d+(?:单元|门|号|楼|层)|[东西南北中甲乙丙丁一二三四五六七八九十]+单元|底楼)?"
            r"[-－]?(?:\d+室(?!\d*厅)|\d{3,4}"
            r"(?![\d.%]|\s*[年月日元万亿人个次件户名岁天米平层楼届期号栋幢]))"
            r"|\d+弄\d+号(?!楼))"
        ),
    ),
)
_GROUP_BEFORE = re.compile(r"(?<!\d)\d{1,4}[- ]$")
# An organisation's office or mailing address is no one's home (区社联会办公地址为…).
_OFFICE = ("办公", "邮寄地址", "通讯地址", "单位地址", "会址")
# Eight digits that read as a date (20160603) or a span of years (2015-2016) are not a
# phone number; neither are amounts, caught by the unit lookahead above.
_DATE = re.compile(r"(?:19|20)\d\d(?:(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])|(?:19|20)\d\d)")
# Full-width digits, letters and signs (１３９…) read as their ASCII forms, one for one.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MONTH_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_BIRTH_15 = re.compile(rf"\d{{8}}{_MONTH_DAY}\d{{3}}")
_BIRTH_18 = re.compile(rf"\d{{6}}(?:18|19|20)\d\d{_MONTH_DAY}\d{{3}}[\dXx]")


def id_number_valid(number: str) -> bool:
    """GB 11643-1999 check digit (ISO 7064 MOD 11-2) of an 18-digit resident ID number."""
    if not re.fullmatch(r"\d{17}[\dXx]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def _id_number(plain: str) -> bool:
    """Eighteen digits with a valid check digit, or fifteen with a date of birth; when
    grouped, the eighteen also need a date of birth (a phone and more run as long)."""
    digits = re.sub(r"[- ]", "", plain)
    if len(digits) == 15:
        return bool(_BIRTH_15.fullmatch(digits))
    return id_number_valid(digits) and (digits == plain or bool(_BIRTH_18.fullmatch(digits)))


def _office(text: str, start: int) -> bool:
    line = text[max(0, start - 20) : start].rsplit("\n", 1)[-1]
    return any(word in line for word in _OFFICE)


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
            if code == "privacy.id_number" and not _id_number(plain):
                continue
            if code == "privacy.address" and _office(text, start):
                continue
            if code == "privacy.phone" and _DATE.fullmatch(re.sub(r"\D", "", plain)):
                continue
            # Part of a longer run of digit groups (3101 0919 4707 2105 09): no phone.
            if code == "privacy.phone" and _GROUP_BEFORE.search(folded, max(0, start - 6), start):
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
    for start, name in find_names(text):
        code_name = surname(name) + "某"
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
