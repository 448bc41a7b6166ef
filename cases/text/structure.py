"""The structure of a case typed as plain text (online form, Word): which lines are
subheadings, and a summary that ends at a sentence boundary. No Django.

The notice's reference case (附件2) has subheadings such as "巧解物业纠纷  当好小区老娘舅":
a short line without closing punctuation. People also number them (一、 （一） 1.).
"""

import re

SUMMARY_LENGTH = 120
HEADING_MAX = 30  # characters: a longer line is a paragraph whatever it ends with
NUMBERED_MAX = 40

_NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))"
)
_SUBNUMBERED = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]")
# A paragraph ends in one of these; a heading does not (a colon leads into a list).
_CLOSING = "。！？；：，、…!?;:,"
_SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)]*")


def heading_level(line: str) -> str | None:
    """ "h2" or "h3" when the line reads as a subheading, else None."""
    line = line.strip()
    if not line or line[-1] in _CLOSING:
        return None
    if _NUMBERED.match(line):
        if len(line) > NUMBERED_MAX or _SENTENCE_END.search(line[:-1]):
            return None
        return "h3" if _SUBNUMBERED.match(line) else "h2"
    if len(line) > HEADING_MAX or _SENTENCE_END.search(line):
        return None
    return "h2"


def summary(paragraphs: list[str], limit: int = SUMMARY_LENGTH) -> str:
    """The first paragraph that is not a heading, whole sentences up to limit characters;
    a first sentence longer than that is cut at its last comma before the limit, with …"""
    first = next((p.strip() for p in paragraphs if p.strip() and not heading_level(p)), "")
    if len(first) <= limit:
        return first
    kept = 0
    for match in _SENTENCE_END.finditer(first):
        if match.end() > limit:
            break
        kept = match.end()
    if kept:
        return first[:kept]
    cut = max(first.rfind(mark, 0, limit) for mark in "，；、,;")
    return (first[:cut] if cut > limit // 3 else first[: limit - 1]) + "…"
