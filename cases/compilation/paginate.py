"""Where a case's photo rows go, decided before WeasyPrint lays the page out.

Every block in a case takes whole lines of the text block (layout.py), so pages can be
counted here exactly as WeasyPrint will fill them: paragraphs split between pages with
at least two lines on each side (CSS orphans and widows), a heading stays with the first
two lines after it, a photo row never splits. A row that does not fit where it stands
would leave an empty gap at the foot of a page; instead each row is placed at the
paragraph boundary that gives the fewest pages, then the fewest empty lines, then the
latest position (photos follow the text they illustrate).
"""

from dataclasses import dataclass
from itertools import combinations_with_replacement

ORPHANS = WIDOWS = 2


@dataclass(frozen=True)
class Block:
    kind: str  # "text", "heading" or "row"
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


def simulate(blocks, page_lines, first_page_used=0):
    """(pages, empty lines left on pages that are followed by more of the case)."""
    pages, used, gaps = 1, first_page_used, 0

    def new_page():
        nonlocal pages, used, gaps
        gaps += page_lines - used
        pages += 1
        used = 0

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
        elif block.kind == "row" and used:
            if used + block.space + remaining > page_lines:
                new_page()
            else:
                used += block.space
        while remaining:
            room = page_lines - used
            take = _fit_text(remaining, room) if block.kind == "text" else remaining
            if take == 0:
                new_page()
                continue
            used += take
            remaining -= take
            if remaining:
                new_page()
    return pages, gaps


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
        pages, gaps = simulate(blocks, page_lines, first_page_used)
        score = (pages, gaps, -sum(positions))
        if best_score is None or score < best_score:
            best, best_score = list(positions), score
    return best
