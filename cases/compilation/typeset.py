"""Chinese line breaking for the printed book: every full line ends flush.

WeasyPrint breaks lines itself and justifies only by stretching spaces, so Chinese lines
end ragged whenever a break is moved (a comma that may not start a line, a number that
may not be split). Here each paragraph is broken into lines in Python, with the rules
of Chinese typesetting (禁则): no closing punctuation at the start of a line, no
opening punctuation at its end, numbers and Latin words and the paired marks —— ……
never split. A full line that comes out short is spread by letter-spacing to the exact
width of the text block. The template prints the lines one per text line (white-space:
pre), so WeasyPrint breaks nowhere else.

Punctuation is set as a Chinese press sets it (CLREQ): of two adjacent full-width marks
(”， 。” ：“ ”（) one is set at half width, so that no 1–1.5 em hole opens between them;
a closing mark that would not fit at the end of a line is taken in at half width rather
than pushing a character down and spreading the line. The half width is the font's own
(OpenType halt, applied per mark; measured: WeasyPrint honours it through HarfBuzz,
while chws, which would do this by itself, changes nothing with Debian's Noto CJK).
A paragraph never ends on a line of one character: its last break moves one earlier.
"""

import html
import re
from dataclasses import dataclass
from itertools import combinations, pairwise

from cases.compilation.metrics import SANS, SERIF, text_width

# May not start a line (行首禁则).
NO_START = set("，。、；：！？）》」』】〕〉”’…％%‰·,.;:!?)]}")
# May not end a line (行尾禁则).
NO_END = set("（《「『【〔〈“‘([{")
# Full-width marks whose glyph fills half the em box (Simplified Chinese forms): these
# may be set at half width. Opening marks sit on the right half, the rest on the left.
OPENING = set("（《「『【〔〈“‘")
CLOSING = set("，。、；：！？）》」』】〕〉”’")
# Runs kept whole: Latin words and numbers (2011年, 12.5%, ABC), and the paired marks.
_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,:%/+\-_@&#']*|——|……|\s+|.", re.DOTALL)
EPSILON = 1e-6


@dataclass(frozen=True)
class Unit:
    text: str
    width: float
    half: bool = False  # a mark set at half width

    def halved(self):
        return Unit(self.text, self.width / 2, True)

    @property
    def compressible(self):
        return self.text in OPENING or self.text in CLOSING

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
    halves: tuple = ()  # indexes in text of the marks set at half width

    @property
    def markup(self):
        """The line as HTML: escaped, each half-width mark in <span class="h">."""
        if not self.halves:
            return html.escape(self.text)
        return "".join(self.markup_chars())

    def markup_chars(self):
        return [
            f'<span class="h">{html.escape(char)}</span>' if i in self.halves else html.escape(char)
            for i, char in enumerate(self.text)
        ]


def tidy(text):
    """One space at most between words, none beside a full-width mark (a space before
    an opening quote opened a 1.5 em hole: 助餐点 “家门口”)."""
    text = " ".join(str(text or "").split())
    return re.sub(r" (?=[（《「『【〔〈“‘])|(?<=[，。、；：！？）》」』】〕〉”’]) ", "", text)


def units(text, family=SERIF):
    run = [Unit(part, text_width(part, family)) for part in _UNIT.findall(text)]
    # Of two adjacent marks one goes to half width: the first, unless both open (then
    # the second, whose blank half is the one between them).
    for i in range(len(run) - 1):
        first, second = run[i], run[i + 1]
        if first.compressible and second.compressible and not (first.half or second.half):
            if first.text in OPENING and second.text in OPENING:
                run[i + 1] = second.halved()
            else:
                run[i] = first.halved()
    return run


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
    halves, at = [], 0
    for unit in run:
        if unit.half:
            halves.append(at)
        at += len(unit.text)
    if not full:
        return Line(text, halves=tuple(halves))
    gap = capacity - sum(unit.width for unit in run)
    glyphs = len(text)
    # Letter-spacing follows every glyph; the one after the last glyph falls past the
    # edge and is not seen, so the gap is spread over glyphs - 1 spaces.
    spacing = gap / (glyphs - 1) if glyphs > 1 and gap > EPSILON else 0.0
    return Line(text, round(spacing, 5), True, tuple(halves))


def _ends(run, capacity):
    """[(start, end)] of each line, greedy with 禁则, a closing mark taken in at half
    width where it would otherwise start the next line."""
    spans = []
    start, room = 0, capacity[0]
    while start < len(run):
        width, end = 0.0, start
        while end < len(run) and width + run[end].width <= room + EPSILON:
            width += run[end].width
            end += 1
        if end < len(run) and end > start and not run[end].may_start:
            mark = run[end]
            if mark.compressible and not mark.half and width + mark.width / 2 <= room + EPSILON:
                run[end] = mark.halved()
                end += 1
        if end == len(run):
            spans.append((start, end))
            break
        # A unit wider than the whole line overflows on a line of its own.
        end = start + 1 if end == start else _break_at(run, start, end)
        spans.append((start, end))
        start, room = end, capacity[1]
    return spans


def _lone(run):
    """Whether a last line holds a single character, marks aside (孤字)."""
    return sum(1 for unit in run if not unit.is_space and unit.text not in NO_START) <= 1


def break_paragraph(text, chars, indent=2, family=SERIF):
    """Lines of `text` in a block `chars` em wide, the first indented `indent` em."""
    run = units(tidy(text), family)
    capacity = (chars - indent, chars)
    spans = _ends(run, capacity)
    if len(spans) > 1 and _lone(run[spans[-1][0] :]):
        # Pull a character down: the last break one unit earlier, where 禁则 allow it.
        start, end = spans[-2]
        for k in range(end - 1, start, -1):
            if run[k].may_start and run[k - 1].may_end and not _lone(run[k:]):
                spans[-2:] = [(start, k), (k, len(run))]
                break
    lines = []
    for number, (start, end) in enumerate(spans):
        room = capacity[0] if number == 0 else capacity[1]
        lines.append(_line(_strip(run[start:end]), room, full=number < len(spans) - 1))
    return lines


def title_line_count(text, chars, family=SANS):
    """Lines a title set by markup() takes: broken between words only, as WeasyPrint
    will break it (a word longer than the line takes a line of its own)."""
    lines, width = 1, 0.0
    for word in _words(tidy(text)):
        advance = text_width(word, family)
        if width and width + advance > chars + EPSILON:
            lines, width = lines + 1, advance
        else:
            width += advance
    return lines


def _words(text):
    # Imported here: rjieba's package builds its dictionary on import (~30 MB), and this
    # module is imported with the admin's URLs in every web worker.
    import rjieba

    return rjieba.cut(text)


# WORD JOINER: no line break on either side, and no glyph (Pango draws nothing for it, a
# PDF's text has none of it).
JOIN = "\u2060"


def markup(text, family=SANS):
    """A title as HTML for WeasyPrint to break (titles are centred, not justified):
    tidied, its adjacent marks compressed, and the characters of each word (rjieba's)
    joined by word joiners, so that a line ends between words only (WeasyPrint has no
    word-break: keep-all; a title read 优秀案｜例汇编). A nowrap span around each word did
    the same at the cost of two boxes a word: 50 MB more at the peak of a 100-case book."""
    line = _line(units(tidy(text), family), 0, full=False)
    chars = Line(line.text, halves=line.halves).markup_chars()
    out, at = [], 0
    for word in _words(line.text):
        if word:
            out.append(JOIN.join(chars[at : at + len(word)]))
            at += len(word)
    return "".join(out) + "".join(chars[at:])


def _significant(text):
    """Characters that count for a line's length: marks and spaces aside."""
    return sum(1 for char in text if not char.isspace() and char not in NO_START | NO_END)


SHORT_LAST = 2  # a last line of one or two characters reads as left over (…优秀案例 / 汇编)


def title_lines(text, chars, family=SANS):
    """A centred title broken between words only, as few lines as greedy breaking takes,
    the lines as even as the words allow: never a last line of one or two characters
    when a longer one is possible (the rule the contents and the cover share)."""
    words = _kept_words(text)
    widths = [text_width(word, family) for word in words]
    count = title_line_count(text, chars, family)
    if count == 1 or len(words) < 2:
        return ["".join(words)]
    best = None
    # Every way of cutting the words into `count` lines that fit; at most a few dozen
    # words, so the search stays small.
    for cuts in combinations(range(1, len(words)), count - 1):
        bounds = [0, *cuts, len(words)]
        lines = ["".join(words[a:b]) for a, b in pairwise(bounds)]
        line_widths = [sum(widths[a:b]) for a, b in pairwise(bounds)]
        if max(line_widths) > chars + EPSILON:
            continue
        short = _significant(lines[-1]) <= SHORT_LAST
        score = (short, max(line_widths) - min(line_widths), -line_widths[0])
        if best is None or score < best[0]:
            best = (score, lines)
    if best is None:  # a word longer than the line: as greedy breaking sets it
        return ["".join(words)]
    return best[1]


def _kept_words(text):
    """rjieba's words, an opening mark kept with the word after it and a closing mark
    with the word before it (禁则)."""
    words = []
    for word in (w for w in _words(tidy(text)) if w):
        if words and (word[0] in NO_START or words[-1][-1] in NO_END):
            words[-1] += word
        else:
            words.append(word)
    return words


def title_markup_lines(text, chars, family=SANS):
    """title_lines() as HTML: lines joined by <br>, each line's words kept together."""
    return "<br>".join(markup(line, family) for line in title_lines(text, chars, family))
