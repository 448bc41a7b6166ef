"""Numbered figure references in a case text (见图1, 如图2所示, （图3）, 照片2) kept
pointing at the right photo once the photos are imported (no Django).

A case's photos are numbered by their order in the case. A Word file numbers its figures
in their captions (图1 …), and the two can part: captions numbered out of document order,
an image the text cites left out (a logo, a photo that cannot be read). The text's
numbers are then rewritten to the photos' places; a citation of a figure that was not
imported is marked in the text and listed for the editor (left as it was, it would
point at another photo).
"""

import re
import unicodedata

CHINESE_DIGITS = "一二三四五六七八九"
# One space at most between the word and its number, never a line break: a paragraph
# ending in 下图 is not cited by the "1." that opens the next.
_GAP = "[ \u3000]?"
_WORD = rf"(?P<word>图片?|照片|相片){_GAP}"
_ARABIC = r"(?P<digits>[0-9０-９]{1,2})(?![0-9０-９])"
_CHINESE = r"(?P<chinese>十?[一二三四五六七八九]|十)"
# 图1 anywhere (图2025 is no figure: at most two digits); 图一 only where it is cited
# (见图一, 如图一所示, （图一）): 图一 is also the start of 图一时之快, 图一个方便.
REFERENCE = re.compile(
    rf"{_WORD}{_ARABIC}"
    rf"|(?<=[见如])(?P<cue_word>图片?|照片){_GAP}{_CHINESE}"
    rf"|(?<=[（(])(?P<bracket_word>图片?|照片){_GAP}(?P<bracketed>十?[一二三四五六七八九]|十)(?=[）)、，,])"
)


def number_value(text: str) -> int | None:
    """1, １, 一, 十二 → their value; None for what is no number."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CHINESE_DIGITS + "十" for ch in text):
        return None
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return CHINESE_DIGITS.index(text) + 1 if len(text) == 1 else None
    value = (CHINESE_DIGITS.index(tens) + 1 if tens else 1) * 10
    return value + (CHINESE_DIGITS.index(ones) + 1 if ones else 0)


def _chinese(number: int) -> str:
    tens, ones = divmod(number, 10)
    text = ("" if tens == 1 else CHINESE_DIGITS[tens - 1]) + "十" if tens else ""
    return text + (CHINESE_DIGITS[ones - 1] if ones else "")


def _cited(match) -> tuple[int | None, str]:
    """The number a reference cites and how it is written ("arabic", "wide", "chinese")."""
    if match.group("digits"):
        digits = match.group("digits")
        return number_value(digits), "arabic" if digits.isascii() else "wide"
    return number_value(match.group("chinese") or match.group("bracketed")), "chinese"


def _written(number: int, style: str) -> str:
    if style == "chinese" and number < 100:
        return _chinese(number)
    if style == "wide":
        return "".join(chr(ord(ch) + 0xFEE0) for ch in str(number))
    return str(number)


def cited_numbers(text: str) -> list[int]:
    """The figure numbers a text cites, in their order, each once."""
    found = []
    for match in REFERENCE.finditer(text):
        number, _ = _cited(match)
        if number is not None and number not in found:
            found.append(number)
    return found


def figure_places(figures: list[int | None]) -> dict[int, int]:
    """Figure number → the photo's place (1, 2, …) for the imported photos, given each
    one's number as its caption has it. Without any numbered caption, figures are taken
    to be numbered in document order, so ``figures`` then holds those positions. A
    number two photos share says nothing and is left out."""
    places: dict[int, int] = {}
    shared = set()
    for place, figure in enumerate(figures, start=1):
        if figure is None:
            continue
        if figure in places:
            shared.add(figure)
        places[figure] = place
    return {figure: place for figure, place in places.items() if figure not in shared}


def renumber(text: str, places: dict[int, int], dropped=()) -> str:
    """The text with each cited figure number replaced by its photo's place, written as
    it was (图2 → 图1, 图二 → 图一, 图２ → 图１). A figure that was not imported is
    marked (〔未导入的图1〕) rather than left to point at another photo; numbers the file
    has no figure for are kept."""
    if all(figure == place for figure, place in places.items()) and not dropped:
        return text

    def replace(match):
        number, style = _cited(match)
        whole = match.group(0)
        if number in dropped and number not in places:
            return f"〔未导入的{whole}〕"
        if number not in places:
            return whole
        key = next(k for k in ("digits", "chinese", "bracketed") if match.group(k))
        start, end = (i - match.start() for i in match.span(key))
        return whole[:start] + _written(places[number], style) + whole[end:]

    return REFERENCE.sub(replace, text)


def citation_problems(text: str, places: dict[int, int], dropped: dict[int, str]) -> list[str]:
    """Lines for the editor: the text cites a figure that was not imported, or one the
    file does not have."""
    problems = []
    for number in cited_numbers(text):
        if number in places:
            continue
        if number in dropped:
            problems.append(
                f"正文提到的图{number}（{dropped[number]}）没有作为案例照片导入，"
                f"已标为“〔未导入的图{number}〕”，请修改正文中的这处引用"
            )
        elif places:
            problems.append(f"正文提到图{number}，但文件中没有编号为{number}的照片，请核对")
    return problems
