"""Ways one word is written differently, folded to one form (no Django).

- Traditional characters become simplified (OpenCC's t2s: 社區 → 社区, 業委會 → 业委会).
- Chinese numerals before a unit become digits (三点半 → 3点半, 九成 → 9成), as numbers
  are mostly written in the cases; 一 alone is left (一起, 一个 are not numbers).
- Pinyin, toneless and fuzzy (z/zh, c/ch, s/sh, an/ang, en/eng, in/ing): the key under
  which same-sounding words meet (老娘旧 and 老娘舅, 自愿者 and 志愿者, laonianren).

OpenCC costs about 3 MB; pypinyin is loaded without its phrase dictionary (13 MB instead
of 57 MB), and only when a word needs its sound (a query that found nothing).
"""

import re
from functools import lru_cache

import opencc

from cases.fields.pinyin import lazy_pinyin, letters

_converter = opencc.OpenCC("t2s")

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
DIGITS |= {"七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
# What may follow a number for it to be one: counters and units of the cases' prose.
COUNTERS = "点时分秒岁年月日号楼层室栋幢个位名人户家次元成天周期届批条项间所支队组座台辆张份篇"
# A numeral starts with a digit or 十 (万 alone, as in 9万人, is the digit's unit).
_NUMERAL = re.compile(
    rf"(?<![0-9零〇一二两三四五六七八九十百千万])"
    rf"([零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万]*)(?=[{COUNTERS}]|年代)"
)


def to_simplified(text: str) -> str:
    return _converter.convert(text)


def _value(numeral: str) -> int | None:
    """The value of a Chinese numeral (三百二十 → 320), or None if it is not one."""
    total, section, digit = 0, 0, None
    for char in numeral:
        if char in DIGITS:
            if digit is not None:  # two digits in a row: 二〇一六 read digit by digit
                return None
            digit = DIGITS[char]
        elif char == "万":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            section += (1 if digit is None else digit) * UNITS[char]
            digit = None
    return total + section + (digit or 0)


def _digit_string(numeral: str) -> str | None:
    if all(char in DIGITS for char in numeral) and len(numeral) > 1:
        return "".join(str(DIGITS[char]) for char in numeral)  # 二〇一六 → 2016
    value = _value(numeral)
    return None if value is None else str(value)


def _replace_numeral(match: re.Match) -> str:
    numeral = match.group(1)
    if numeral == "一":  # 一个, 一次, 一起: not counted, and far too common
        return numeral
    digits = _digit_string(numeral)
    return digits if digits is not None else numeral


def arabic_numerals(text: str) -> str:
    """Chinese numerals before a counter or unit as digits: 三点半 → 3点半."""
    return _NUMERAL.sub(_replace_numeral, text)


# --- sound ----------------------------------------------------------------------------

_FUZZY = [(r"zh", "z"), (r"ch", "c"), (r"sh", "s"), (r"ang", "an"), (r"eng", "en")]
_FUZZY += [(r"ing", "in")]


def fuzzy(letters: str) -> str:
    """A toneless pinyin string with the usual confusions folded (zh→z, ang→an …)."""
    key = letters.lower()
    for pattern, replacement in _FUZZY:
        key = re.sub(pattern, replacement, key)
    return key


@lru_cache(maxsize=50_000)
def sound(word: str) -> str:
    """The fuzzy pinyin key of a word: Chinese characters by their sound, Latin letters
    as typed (pinyin typed without tones); "" when it has neither."""
    if word.isascii():
        return fuzzy(re.sub(r"[^a-z]", "", word.lower()))
    if not re.search(r"[\u4e00-\u9fff]", word):
        return ""
    return fuzzy("".join(letters(word)))


_pinyin_readings = None
MAX_READINGS = 8  # alternatives kept of a word with several many-sound characters


def _heteronyms():
    global _pinyin_readings
    if _pinyin_readings is None:
        lazy_pinyin()  # the same environment: no phrase dictionary
        from pypinyin import Style, pinyin

        _pinyin_readings = lambda word: pinyin(word, style=Style.NORMAL, heteronym=True)  # noqa: E731
    return _pinyin_readings


@lru_cache(maxsize=50_000)
def readings(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(fuzzy sounds, initials) of a Chinese word, every reading of its many-sound
    characters (银行: yinxin and yinhan; 业委会: ywh and ywk), the usual one first, at
    most MAX_READINGS each: what pinyin and initials typed for it may be."""
    if not re.fullmatch(r"[\u4e00-\u9fff]+", word or ""):
        return (), ()
    sounds, initials = [""], [""]
    for options in _heteronyms()(word):
        options = list(dict.fromkeys(options))
        sounds = [s + o for s in sounds for o in options][:MAX_READINGS]
        firsts = list(dict.fromkeys(o[:1] for o in options))
        initials = [i + f for i in initials for f in firsts][:MAX_READINGS]
    return tuple(dict.fromkeys(map(fuzzy, sounds))), tuple(dict.fromkeys(initials))
