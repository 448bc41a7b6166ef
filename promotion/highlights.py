"""What an exhibition sheet quotes from a case (no Django): its key figures and one
quotation, taken from the designed blocks when the editors made them, else from the text."""

import re

# A number with the unit the notice's cases count in: 300余户, 1.2万人次, 45%, 12场.
_FIGURE = re.compile(
    r"(\d+(?:\.\d+)?(?:余|多)?万?(?:余|多)?)\s*"
    r"(人次|户|名|人|个|场|次|位|支|项|元|小时|天|年|%|％)"
)
_CLAUSE_END = re.compile(r"[，。；！？、,;!?：:]")
_QUOTED = re.compile(r"[“「]([^”」]{8,60})[”」]")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]")
MAX_FIGURES = 4


def figures_from_text(text: str) -> list[tuple[str, str]]:
    """(value, label) of the first distinct numbers with units, the label the words of
    the clause before the number (“服务居民” 300余户)."""
    found, seen = [], set()
    for match in _FIGURE.finditer(text):
        value = match.group(1) + match.group(2)
        before = _CLAUSE_END.split(text[: match.start()])[-1].strip()
        label = before[-10:] or "累计"
        if value in seen or re.search(r"\d{4}年$", value) or match.group(2) == "年":
            continue  # a year is a date, not a result
        seen.add(value)
        found.append((value, label))
        if len(found) == MAX_FIGURES:
            break
    return found


def quotation_from_text(text: str, summary: str = "") -> tuple[str, str]:
    """(quotation, attribution): words in quotation marks, else the summary's or the
    text's first sentence."""
    match = _QUOTED.search(text)
    if match:
        return match.group(1), ""
    for source in (summary, text):
        sentence = _SENTENCE.search(source or "")
        if sentence:
            return sentence.group(0).strip()[:80], ""
    return (summary or text)[:80], ""
