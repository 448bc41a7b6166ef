"""Text length the way the notice's "2000字/篇左右" is meant: a Chinese word processor's 字数.

Word's 字数 is "Chinese characters (and full-width punctuation)" plus "non-Chinese words",
where a non-Chinese word is any run of non-Asian, non-space characters. So each Han
character or full-width mark counts 1; "2011", "9.5", "60%", "e-mail", "ngo2007@sina.com"
each count 1; whitespace counts 0. Half-width punctuation therefore counts 0 when it is
attached to a word or number ("1,000", "U.S.") and 1 when it stands alone, typically a
half-width comma typed in Chinese prose ("你好,世界"), where it stands in for "，" anyway.
"""

import re

from .findings import ERROR, WARNING, Finding

# Characters that count one each: CJK ideographs, kana, hangul, CJK and full-width
# punctuation (U+3000 itself is a space, so the CJK block starts at U+3001), plus the
# general-punctuation marks Chinese text sets full width (quotes, dashes, ellipsis, dot).
# "’" is left out: it is also the apostrophe in "it’s"; after Chinese text it still counts
# 1, as a run of its own.
_ASIAN = (
    "\u1100-\u115f\u2e80-\u2fdf\u3001-\u303f\u3040-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
    "\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff01-\uffee"
    "\U00020000-\U0003ffff"
    "\u00b7\u00d7\u2014\u2015\u2018\u201c\u201d\u2025\u2026\u2027\u203b\u2103"
)
# Zero-width characters pasted from web pages or Word separate like spaces.
_SPACE = r"\s\u200b-\u200d\u2060\ufeff"
_TOKEN = re.compile(rf"[{_ASIAN}]|[^{_SPACE}{_ASIAN}]+")


def count_characters(text: str) -> int:
    return len(_TOKEN.findall(text or ""))


def check_length(
    text: str,
    target: int = 2000,
    tolerance_pct: float = 25,
    hard_min: int = 1,
    hard_max: int = 20000,
    field: str | None = "case_text",
) -> list[Finding]:
    count = count_characters(text)
    low = round(target * (100 - tolerance_pct) / 100)
    high = round(target * (100 + tolerance_pct) / 100)
    wanted = f"{low}–{high} 字"
    found = f"{count} 字"
    if count == 0:
        return [Finding(ERROR, "length.empty", "案例正文为空，请填写案例内容。", field)]
    if count < hard_min:
        message = f"案例正文只有 {count} 字，至少需要 {hard_min} 字。"
        return [Finding(ERROR, "length.below_minimum", message, field, found, wanted)]
    if count > hard_max:
        message = f"案例正文共 {count} 字，超过 {hard_max} 字的上限，请检查是否粘贴了多余的内容。"
        return [Finding(ERROR, "length.above_maximum", message, field, found, wanted)]
    if count < low or count > high:
        short = count < low
        code = "length.too_short" if short else "length.too_long"
        advice = "请适当补充。" if short else "请适当精简。"
        message = f"案例正文共 {count} 字，通知要求 {target} 字左右（{wanted}），{advice}"
        return [Finding(WARNING, code, message, field, found, wanted)]
    return []
