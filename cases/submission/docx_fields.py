"""The fields of a 申报表 as a filled Word file shows them: labels and their variants,
the slot of lines each label opens, placeholders, ☑/□ choices and dates.

A label is found wherever it stands in reading order: "标签：值" in a cell or paragraph, a
label alone in its cell (its value is the next cell of the row), spaced labels (申 报 单
位), labels printed with （盖章）, and the sub-labels of merged cells (名称, 意见), whose
field depends on the part of the form they stand in. The walk through a form that fills
the slots is docx_import.py's; the case text's lines and headings are docx_text.py's.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from cases.fields import application_form, enums

# Fields that hold paragraphs (the case, the opinion) rather than one line of value.
BLOCKS = {"case", "recommender_opinion"}
# What people write in a cell they leave empty: "/", "——", "无"; the case cell's "见附页"
# (the text follows the form), in brackets or not; the 申报编号 box's own instruction.
PLACEHOLDER = re.compile(
    r"[/／\\\-－—–_＿·.。\s]*|无|暂无|略|(?:详)?见(?:附[件页表]|下页|后附|附后|正文|后页)[0-9一二三]*"
    r"|(?:详见|见)?另附(?:页|件)?|附后|(?:案例)?(?:正文)?(?:详见|见)附件[0-9一二三]*"
    r"|由主办单位(?:统一)?填写"
)
BRACKETS = "（）()【】[] 　"
# The case's own fields, by their printed label and the variants retyped forms use.
CASE_LABELS = {
    "申报编号": "submission_number",
    "案例名称": "title",
    "案例题目": "title",
    "案例标题": "title",
    "申报单位": "organization_name",
    "申报单位名称": "organization_name",
    "申报日期": "submitted_on",
    "填报日期": "submitted_on",
    # Not on the notice's form, but asked by the online form: read where a file has them.
    "所在街道": "street",
    "所属街道": "street",
    "所在街镇": "street",
    "街道（镇）": "street",
    "单位类型": "organization_kind",
    "组织类型": "organization_kind",
    "单位性质": "organization_kind",
    "参与主体": "participant_type",
    "主体类型": "participant_type",
}
# Label → key. A "~kind" label (联系电话, 手机 …) belongs to the part of the form it stands
# in: the applicant's until the recommender's part begins. Sub-labels of a merged cell
# (申报单位 | 名称, 推荐单位 | 意见) are kinds too.
LABELS = {
    **CASE_LABELS,
    **{
        field.label: field.name
        for field in application_form.FIELDS
        if not any(field.label in words for words in application_form.KIND_LABELS.values())
    },
    "盖章": "recommender",
    # A signature line under the opinion: no field, but its picture is a signature scan.
    "签字": "signature",
    "签名": "signature",
    "负责人签字": "signature",
    "负责人签名": "signature",
    "推荐单位名称": "recommender",
    "推荐意见": "recommender_opinion",
    "推荐日期": "recommended_on",
    "日期": "~date",
    "名称": "~organisation",
    "单位名称": "~organisation",
    "意见": "recommender_opinion",
    "e-mail": "~email",
    "email": "~email",
    # Contact labels as retyped forms word them.
    "申报时间": "~date",
    "手机号码": "~mobile",
    "移动电话": "~mobile",
    "联系手机": "~mobile",
    "通讯地址": "~address",
    "通信地址": "~address",
    "办公电话": "~phone",
    "传真号码": "~fax",
    "电子信箱": "~email",
    **{word: f"~{kind}" for kind, words in application_form.KIND_LABELS.items() for word in words},
}
# Keys whose label starts the recommender's part of the form.
RECOMMENDER_STARTS = {"recommender", "recommender_opinion", "recommender_contact_name"}
# Where a picture is a stamp or signature scan, not a case photo.
SEAL_KEYS = {"recommender", "recommender_opinion", "recommended_on", "signature"}
CHOICE_KEYS = {
    "organization_kind": enums.OrganizationKind,
    "participant_type": enums.ParticipantType,
}
TICKS = "☑■☒✓✔√▣◼●"
BOXES = "□☐○◻"


def part_key(kind: str, part: str) -> str:
    """The field a "~kind" label names in the given part of the form."""
    if kind == "date":
        return "submitted_on" if part == application_form.APPLICANT else "recommended_on"
    if kind == "organisation":
        return "organization_name" if part == application_form.APPLICANT else "recommender"
    return application_form.field_of(part, kind).name


def field_name(key: str) -> str:
    """A field's name in the form's own words, for the problems list."""
    field = application_form.BY_NAME.get(key)
    if field is None:
        names = {v: k for k, v in reversed(CASE_LABELS.items())} | {"case": "案例正文"}
        return names.get(key, key)
    if field.label not in LABELS or LABELS[field.label] == key:
        return field.label  # unambiguous as it stands (推荐日期, 申报单位联系人)
    return ("申报单位" if field.part == application_form.APPLICANT else "推荐单位") + field.label


def _spaced(label: str) -> str:
    return r"\s*".join(
        re.escape(ch) if ch not in "（）" else "[（(]" if ch == "（" else "[）)]" for ch in label
    )


# Longest first, so that 申报单位联系人 wins over 申报单位; the case label (案例, 案例正文,
# 案例（2000字左右，可另附）…) last, so that 案例名称 wins over it. A label may carry
# （盖章）/（签字） as retyped forms print it: 申报单位（盖章）.
CASE_LABEL = _spaced("案例") + r"(?:正文|内容|全文|材料)?(?:\s*[（(][^）)]{0,40}[）)])?"
_LABELS = "|".join(_spaced(label) for label in sorted(LABELS, key=len, reverse=True))
SEAL_NOTE = (
    r"\s*[（(]\s*(?:盖\s*章|公\s*章|签\s*章|盖公章|签\s*字|签\s*名|签字盖章|盖章签字)\s*[）)]"
)
LABEL_RE = re.compile(
    rf"(?P<label>{_LABELS}|{CASE_LABEL})(?P<seal>{SEAL_NOTE})?(?P<colon>\s*[:：])?", re.I
)
DATE_RE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> dt.date | None:
    """2016年6月15日, 2016-06-15, 2016.6.15, 2016/6/15 (full-width digits too)."""
    match = DATE_RE.fullmatch(unicodedata.normalize("NFKC", text).strip())
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:  # 2016年13月1日
        return None


def labels_in(text: str) -> list[tuple[str, int, int]]:
    """(key, start, end) of each label in a line: one followed by a colon anywhere, or
    one standing alone between spaces (a label cell, "联系电话 6255…")."""
    found = []
    for match in LABEL_RE.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        alone = (before.isspace() or before in "，,；;。、") and after.isspace()
        bracketed = before in "（(" and after in "）)"  # （盖章）静安区…办事处
        if match.group("colon") or alone or bracketed:
            label = re.sub(r"\s", "", match.group("label")).replace("(", "（").replace(")", "）")
            key = LABELS.get(label) or LABELS.get(label.lower()) or "case"
            found.append((key, start, end))
    return found


def is_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.fullmatch(text.strip().strip(BRACKETS)))


@dataclass
class Slot:
    """The lines read under one label; `loc` is where the last of them stands."""

    key: str
    loc: tuple
    lines: list[str] = field(default_factory=list)


def join_lines(lines: list[str]) -> str:
    """Lines of one value: Chinese joins without a space, Latin words with one."""
    out = ""
    for line in lines:
        out += " " if out and out[-1].isascii() and line[0].isascii() else ""
        out += line
    return out


def choice_of(text: str, choices) -> str:
    """The ticked option of "□社会组织 ☑志愿者", or the option written out; its key."""
    ticked = re.findall(rf"[{TICKS}]\s*([^{TICKS}{BOXES}\s]+)", text)
    candidates = ticked or ([] if re.search(f"[{BOXES}]", text) else [text])
    for candidate in candidates:
        bare = re.sub(r"[\s:：]", "", candidate)
        for value, label in choices.choices:
            if bare == label:
                return value
        for value, label in choices.choices:
            if bare and (bare in label or label in bare):
                return value
    return ""


def field_texts(slots, problems: list[str]) -> tuple[dict[str, str], list[Slot]]:
    """Each field's text from its slots (the first of two different values kept, and
    the second listed), and the case's slots apart."""
    texts: dict[str, str] = {}
    case_slots = []
    for slot in slots:
        if slot.key == "case":
            case_slots.append(slot)
            continue
        if not slot.lines:
            continue
        separator = {"recommender_opinion": "\n"}.get(slot.key)
        text = separator.join(slot.lines) if separator else join_lines(slot.lines)
        if slot.key not in texts:
            texts[slot.key] = text
        elif texts[slot.key] != text:
            problems.append(
                f"{field_name(slot.key)}填写了两个不同的值（“{texts[slot.key]}”和“{text}”），已采用前者"
            )
    return texts, case_slots


def typed_values(texts: dict[str, str], problems: list[str]) -> dict[str, object]:
    """The texts with choices as their keys and dates as dates; what cannot be read is
    left out and listed."""
    values: dict[str, object] = dict(texts)
    for key, choices in CHOICE_KEYS.items():
        if key in texts:
            values[key] = choice_of(texts[key], choices)
            blank = re.search(f"[{BOXES}]", texts[key]) and not re.search(f"[{TICKS}]", texts[key])
            if not values[key] and blank:  # boxes printed, none ticked: left blank
                del values[key]
            elif not values[key]:
                del values[key]
                problems.append(f"{field_name(key)}“{texts[key]}”无法识别，请在案例中选择")
    for key in ("submitted_on", "recommended_on"):
        if key in texts:
            values[key] = parse_date(texts[key])
            if values[key] is None:
                del values[key]
                problems.append(f"{field_name(key)}“{texts[key]}”无法识别")
    return values
