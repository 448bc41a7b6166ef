"""The lines the portal generates (running heads, contents, dividers, 版权页, captions,
the QR code's address, the cover) follow the body's space rule: Chinese set tight against
Latin letters and digits ("60岁", "收录案例5篇"); and every case's opening page carries
the running head of its side, as every other body page does."""

import io
import itertools
import re
import statistics

import pdfplumber
import pytest

from tests.cases.compilation.built_book import body_start

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]
HAN = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z0-9]")
HEAD_PT = 8.5
SPACE_EM = (0.15, 0.9)  # a gap read as a space between a Han character and Latin


def _kind(char):
    return "han" if HAN.match(char) else "latin" if LATIN.match(char) else "other"


def loose_pairs(pdf):
    """(page, line, gap in em) where a Han character and a Latin letter or digit stand
    apart by a space (a space glyph, or a gap wider than the line's own spacing)."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            rows = {}
            for char in page.chars:
                rows.setdefault((round(char["top"]), round(char["size"], 1)), []).append(char)
            for (_, size), chars in rows.items():
                chars.sort(key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                if re.search(r"[\u3400-\u9fff] +[A-Za-z0-9]|[A-Za-z0-9] +[\u3400-\u9fff]", text):
                    found.append((index, text, None))
                    continue
                # A justified line spreads every character alike: its own spacing.
                pairs = list(itertools.pairwise(chars))
                spacing = [
                    b["x0"] - a["x1"]
                    for a, b in pairs
                    if _kind(a["text"]) == _kind(b["text"]) == "han"
                ]
                usual = max(statistics.median(spacing), 0) if spacing else 0
                for a, b in pairs:  # side by side: no space glyph (U+3000 sets apart) between
                    if {_kind(a["text"]), _kind(b["text"])} == {"han", "latin"}:
                        gap = (b["x0"] - a["x1"] - usual) / size
                        # A word space is a quarter to half an em; an em or more apart are
                        # cells (key figures, the 版权页's label and value), not a space.
                        if SPACE_EM[0] < gap < SPACE_EM[1]:
                            found.append((index, text, round(gap, 2)))
    return found


def test_generated_lines_set_chinese_tight_against_latin_and_digits(sized):
    built, _ = sized
    for name, pdf in (("book", built.pdf), ("cover", built.cover_pdf)):
        loose = loose_pairs(pdf)
        assert not loose, (built.spec, name, loose[:5])


def running_head(page, top_limit):
    return "".join(
        c["text"]
        for c in sorted(page.chars, key=lambda c: c["x0"])
        if abs(c["size"] - HEAD_PT) < 0.2 and c["top"] < top_limit
    )


def test_every_case_opener_carries_the_running_head_of_its_side(sized):
    built, pages = sized
    start = body_start(pages, built)
    titles = {pk: section for section, cases in built.sections for pk, _, _ in cases}
    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        for pk, folio in built.build.folios.items():
            page = document.pages[start + folio - 1]
            # Above the case's title: the running head, in the top margin.
            title_top = min(c["top"] for c in page.chars if abs(c["size"] - 16) < 0.2)
            head = running_head(page, title_top)
            # Odd folios are right-hand pages (the body starts at 1 on a right-hand page).
            expected = titles[int(pk)] if folio % 2 else built.title
            assert head.replace(" ", "") == expected.replace(" ", ""), (built.spec, folio, head)
