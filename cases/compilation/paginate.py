"""Where a case's photo rows go, decided before WeasyPrint lays the page out.

Every block in a case takes whole lines of the text block (layout.py), so pages can be
counted here exactly as WeasyPrint will fill them: paragraphs split between pages with
at least two lines on each side (CSS orphans and widows), a heading stays with the first
two lines after it, a photo row never splits, key figures keep with the paragraph
they follow (two of its lines go over with them). A row that does not fit where it
stands would leave an empty gap at the foot of a page; instead each row is placed at the
paragraph boundary that gives the fewest pages, then a last page that is not photos
alone, then the fewest empty lines, then the latest position (photos follow the text
they illustrate).
"""

from dataclasses import dataclass
from itertools import combinations_with_replacement

ORPHANS = WIDOWS = 2


@dataclass(frozen=True)
class Block:
    kind: str  # "text", "heading", "row" or "keep" (a row kept with the text before it)
    lines: int
    space: int = 0  # blank lines above it (a margin, dropped at the top of a page)


def _fit_text(lines, room):
    """Lines of a paragraph that stay on a page with `room` lines left."""
    if lines <= room:
        return lines
    if room < ORPHANS:
        return 0
    rest = lines - room
    if rest >= WIDOWS:
        return room
    take = lines - WIDOWS
    return take if take >= ORPHANS else 0


def _starts(block, room):
    if block.kind == "text":
        return _fit_text(block.lines, room) > 0
    return block.lines <= room


@dataclass(frozen=True)
class Plan:
    pages: int
    gaps: int  # empty lines left on pages that are followed by more of the case
    bare_last: bool  # the case's last page holds no text, only photos or figures


def simulate(blocks, page_lines, first_page_used=0):
    """(pages, empty lines left on pages that are followed by more of the case)."""
    plan = run(blocks, page_lines, first_page_used)
    return plan.pages, plan.gaps


def run(blocks, page_lines, first_page_used=0):
    """The case laid out as WeasyPrint will: a Plan."""
    pages, used, gaps = 1, first_page_used, 0
    texted = {1: first_page_used > 0}  # the case's title counts as text
    # The last text block on the page: (its index, lines on this page, started here).
    last_text = None

    def new_page(carry=0):
        nonlocal pages, used, gaps
        gaps += page_lines - (used - carry)
        pages += 1
        used = carry
        texted[pages] = carry > 0

    for index, block in enumerate(blocks):
        remaining = block.lines
        if block.kind == "heading" and used:
            # A heading moves on unless what follows it can start on this page too.
            room = page_lines - used - block.space - remaining
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            if room < 0 or (after is not None and not _starts(after, room)):
                new_page()
            else:
                used += block.space
        elif block.kind in ("row", "keep") and used:
            if used + block.space + remaining > page_lines:
                new_page(_carried(block, blocks, index, last_text, page_lines))
                if used:
                    used += block.space
            else:
                used += block.space
        while remaining:
            room = page_lines - used
            take = _fit_text(remaining, room) if block.kind == "text" else remaining
            if take == 0:
                new_page()
                continue
            if block.kind == "text":
                last_text = (index, take, remaining == block.lines)
                texted[pages] = True
            elif block.kind == "heading":
                texted[pages] = True
            used += take
            remaining -= take
            if remaining:
                new_page()
        if block.kind != "text":
            last_text = None
    return Plan(pages, gaps, not texted.get(pages, False))


def _carried(block, blocks, index, last_text, page_lines):
    """Lines of the paragraph before key figures that go over with them: key figures
    keep with the paragraph they follow (CSS break-before: avoid), and WeasyPrint then
    breaks that paragraph two lines (widows) from its end, or moves it whole when it
    started on this page and cannot be split."""
    if block.kind != "keep" or last_text is None or last_text[0] != index - 1:
        return 0
    _, here, started_here = last_text
    if here >= ORPHANS + WIDOWS:
        return WIDOWS
    if started_here and here + block.lines <= page_lines:
        return here
    return 0


def with_rows(text_blocks, rows, positions):
    blocks = list(text_blocks)
    # Positions never decrease: inserting from the last row keeps the rows in order.
    for row, position in reversed(list(zip(rows, positions, strict=True))):
        blocks.insert(position, row)
    return blocks


def place_rows(text_blocks, rows, page_lines, first_page_used=0):
    """Positions (indexes into text_blocks, non-decreasing) at which to insert the rows."""
    if not rows:
        return []
    end = len(text_blocks)
    # A row may follow any paragraph, never a heading (that would part the heading from
    # its text), and may not come before the first paragraph.
    allowed = [i for i in range(1, end + 1) if text_blocks[i - 1].kind == "text"] or [end]
    best, best_score = None, None
    for positions in combinations_with_replacement(allowed, len(rows)):
        blocks = with_rows(text_blocks, rows, positions)
        plan = run(blocks, page_lines, first_page_used)
        # A last page of photos alone only when no placement avoids it (a photo moved
        # back lets text run on to that page).
        score = (plan.pages, plan.bare_last, plan.gaps, -sum(positions))
        if best_score is None or score < best_score:
            best, best_score = list(positions), score
    return best
