"""Chinese line breaking for the printed book: every full line ends flush.

WeasyPrint breaks lines itself and justifies only by stretching spaces, so Chinese lines
end ragged whenever a break is moved (a comma that may not start a line, a number that
may not be split). Here each paragraph is broken into lines in Python, with the rules
of Chinese typesetting (禁则): no closing punctuation at the start of a line, no
opening punctuation at its end, numbers and Latin words and the paired marks —— ……
never split. A full line that comes out short is spread by letter-spacing to the exact
width of the text block. The template prints the lines one per text line (white-space:
pre), so WeasyPrint breaks nowhere else.
"""

import re
from dataclasses import dataclass

from cases.compilation.metrics import SERIF, text_width

# May not start a line (行首禁则).
NO_START = set("，。、；：！？）》」』】〕〉”’…％%‰·,.;:!?)]}")
# May not end a line (行尾禁则).
NO_END = set("（《「『【〔〈“‘([{")
# Runs kept whole: Latin words and numbers (2011年, 12.5%, ABC), and the paired marks.
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:%/+\-_@&#']*|——|……|\s+|.", re.DOTALL)
EPSILON = 1e-6


@dataclass(frozen=True)
class Unit:
    text: str
    width: float

    @property
    def is_space(self):
        return self.text.isspace()

    @property
    def may_start(self):
        return self.text[0] not in NO_START

    @property
    def may_end(self):
        return self.text[-1] not in NO_END


@dataclass(frozen=True)
class Line:
    text: str
    spacing_em: float = 0.0  # letter-spacing that brings a full line to the block's edge
    full: bool = False


def units(text, family=SERIF):
    return [Unit(part, text_width(part, family)) for part in _UNIT.findall(text)]


def _break_at(run, start, end):
    """The latest break in run[start+1 : end+1] allowed by 禁则, else the greedy one."""
    for k in range(end, start, -1):
        if k == len(run) or (run[k].may_start and run[k - 1].may_end):
            return k
    return end


def _strip(run):
    while run and run[0].is_space:
        run = run[1:]
    while run and run[-1].is_space:
        run = run[:-1]
    return run


def _line(run, capacity, full):
    text = "".join(unit.text for unit in run)
    if not full:
        return Line(text)
    gap = capacity - sum(unit.width for unit in run)
    glyphs = len(text)
    # Letter-spacing follows every glyph; the one after the last glyph falls past the
    # edge and is not seen, so the gap is spread over glyphs - 1 spaces.
    spacing = gap / (glyphs - 1) if glyphs > 1 and gap > EPSILON else 0.0
    return Line(text, round(spacing, 5), True)


def break_paragraph(text, chars, indent=2, family=SERIF):
    """Lines of `text` in a block `chars` em wide, the first indented `indent` em."""
    run = units(" ".join(text.split()), family)
    lines = []
    start, capacity = 0, chars - indent
    while start < len(run):
        width, end = 0.0, start
        while end < len(run) and width + run[end].width <= capacity + EPSILON:
            width += run[end].width
            end += 1
        if end == len(run):
            lines.append(_line(_strip(run[start:]), capacity, full=False))
            break
        # A unit wider than the whole line overflows on a line of its own.
        end = start + 1 if end == start else _break_at(run, start, end)
        lines.append(_line(_strip(run[start:end]), capacity, full=True))
        start, capacity = end, chars
    return lines


def line_count(text, chars, family=SERIF):
    """Lines a centred or left-set run of text (a heading, a caption) takes."""
    return max(1, len(break_paragraph(text, chars, indent=0, family=family)))
