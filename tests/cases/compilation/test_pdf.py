"""The demo book, built once in every size (built_book.py), read back with pypdf and pdfplumber."""

import itertools
import re
import subprocess

import pytest

from cases.compilation.layout import GEOMETRIES
from cases.compilation.typeset import NO_END, NO_START
from home.demo.data import case_data
from tests.cases.compilation.built_book import (
    BODY_PT,
    body_start,
    ends_flush,
)
from tests.cases.compilation.pdf_reading import PT_PER_MM, squeeze

pytestmark = pytest.mark.django_db


def test_page_count_matches_the_edition_and_the_size_is_a4(built, reader, pages):
    assert len(reader.pages) == built.build.pages == len(pages)
    assert built.build.size == len(built.pdf)
    width, height = pages[0]["size"]
    assert (round(width / PT_PER_MM), round(height / PT_PER_MM)) == (210, 297)
    # Title page, 版权页, 编委会, preface, contents, 4 dividers, cases at two pages or more.
    assert len(pages) >= 5 + 4 + 2 * sum(len(cases) for _, cases in built.sections)


def test_document_metadata(reader, built):
    meta = reader.metadata
    assert meta.title == built.title
    assert meta.author == "静安区社会组织联合会"
    assert meta.subject == "（2016年）"


def _outline(reader, items=None, level=1):
    flat = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            flat[-1][2].extend(_outline(reader, item, level + 1))
        else:
            flat.append((item.title, reader.get_destination_page_number(item), []))
    return flat


def test_outline_lists_sections_and_cases_in_order_at_their_pages(reader, built, pages):
    outline = _outline(reader)
    titles = [title for title, _, _ in outline]
    section_titles = [title for title, _ in built.sections]
    assert titles == ["编委会", "前　言", "目　录", *section_titles, "后　记"]
    for (title, page, children), (_, cases) in zip(outline[3:-1], built.sections, strict=True):
        assert squeeze(pages[page]["text"]).startswith(squeeze(title))
        assert [squeeze(child) for child, _, _ in children] == [
            squeeze(case_title) for _, case_title, _ in cases
        ]
        for child, child_page, _ in children:
            assert squeeze(child) in squeeze(pages[child_page]["text"])[:80]


def test_contents_page_numbers_point_at_the_cases(pages, built):
    start = body_start(pages, built)
    first = next(i for i, p in enumerate(pages) if squeeze(p["text"]).startswith("目录"))
    toc = "".join(squeeze(p["text"]) for p in pages[first:start])
    checked = 0
    for _, cases in built.sections:
        for case_id, title, organization in cases:
            # The title, its leader and page; the organisation on the line below.
            entry = re.search(
                re.escape(squeeze(title)) + r"\.{3,}(\d+)——" + re.escape(organization), toc
            )
            assert entry, f"no contents entry for {title}"
            folio = int(entry.group(1))
            page = pages[start + folio - 1]
            assert squeeze(title) in squeeze(page["text"])[:80]
            assert built.build.folios[str(case_id)] == folio
            # The printed folio at the foot of that page is the same number.
            # (The last 9 pt line: the QR code's address is set lower, in 6 pt.)
            assert [ln for ln in page["lines"] if ln.size == 9][-1].text == str(folio)
            checked += 1
    assert checked == 21


def test_front_matter_is_numbered_in_roman_numerals(pages, built, reader):
    start = body_start(pages, built)
    labels = reader.page_labels
    assert labels[:3] == ["i", "ii", "iii"] and labels[start] == "1"
    # The 前言 and 目录 print their folio; the 扉页, 版权页, 编委会 and blank pages none.
    printed = {i: p["lines"][-1].text for i, p in enumerate(pages[:start]) if p["lines"]}
    preface = next(i for i, p in enumerate(pages) if squeeze(p["text"]).startswith("前言"))
    assert printed[preface] == labels[preface] and preface % 2 == 0
    for index in (0, 1, 2):
        assert printed.get(index, "") not in labels, index


def test_chinese_text_extracts_as_written(pages):
    text = "".join(squeeze(p["text"]) for p in pages)
    reference = case_data()[0]  # 附件2 of the notice
    for sentence in [b["text"] for b in reference["body"] if b["type"] == "paragraph"][:2]:
        assert squeeze(sentence) in text
    assert "依托社会组织化解物业难题" in text
    assert "——虹口新家园建设与合作事务所" in text


def test_fonts_are_the_named_cjk_fonts_embedded(built):
    out = subprocess.run(
        ["pdffonts", "-"], input=built.pdf, capture_output=True, check=True
    ).stdout.decode()
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    names = {row[0].split("+")[-1] for row in rows}
    assert "Noto-Serif-CJK-SC" in names  # the body font
    assert names <= {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"}
    # pdffonts' "emb" column: every font is embedded (and subset).
    assert all(row[-5] == "yes" and row[-4] == "yes" for row in rows), out


def test_photos_print_between_300_and_450_dpi(pages, built):
    photos = 0
    for index, page in enumerate(pages):
        for image in page["images"]:  # the cover is a PDF of its own
            width_in = (image["x1"] - image["x0"]) / 72
            dpi = image["srcsize"][0] / width_in
            assert 300 <= dpi <= 450, (index, image["srcsize"], dpi)
            photos += 1
    assert photos == built.photo_count


def test_no_contact_data_anywhere(pages, built, reader):
    assert len(built.contacts) > 50
    text = "".join(p["text"] for p in pages)
    squeezed = squeeze(text)
    metadata = " ".join(str(v) for v in reader.metadata.values())
    for value in built.contacts:
        assert value not in text and squeeze(value) not in squeezed, value
        assert value not in metadata


def _body_lines(pages, built):
    """Lines of running text (serif or sans at body size) on the case pages."""
    geometry = GEOMETRIES["a4"]
    left = geometry.margin_side_mm * PT_PER_MM
    start = body_start(pages, built)
    lines = []
    for page in pages[start:]:
        text = squeeze(page["text"])
        if text.startswith(("后记", "后　记")):
            break
        lines += [
            line
            for line in page["lines"]
            if abs(line.size - BODY_PT) < 0.2
            and line.x0 >= left - 1
            and "Serif" in line.font  # running text, not a quotation (sans, set in)
            and not line.text.startswith("——")  # the centred byline
        ]
    return lines, left, left + geometry.chars * BODY_PT


def test_full_lines_end_flush_with_the_text_block(pages, built):
    lines, left, right = _body_lines(pages, built)
    # A line is full when the paragraph goes on: the next line starts at the left edge
    # (not indented 2 characters) in the same font.
    full = [
        line
        for line, after in itertools.pairwise(lines)
        if abs(after.x0 - left) < 1
        and after.font == line.font
        and abs(line.x0 - left) < 2 * BODY_PT + 1
    ]
    assert len(full) > 300
    flush = [line for line in full if ends_flush(line, right)]
    assert len(flush) / len(full) >= 0.98, [line.text for line in full if line not in flush][:5]


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(pages, built):
    lines, _, _ = _body_lines(pages, built)
    assert not [line.text for line in lines if line.text[0] in NO_START]
    assert not [line.text for line in lines if line.text[-1] in NO_END]


def test_body_text_is_indented_two_characters_with_line_height_175(pages, built):
    lines, left, _ = _body_lines(pages, built)
    indents = {round((line.x0 - left) / BODY_PT, 1) for line in lines}
    assert indents <= {0.0, 2.0}
    steps = {
        round(after.top - line.top, 1)
        for line, after in itertools.pairwise(lines)
        if after.page == line.page and after.top - line.top < 1.5 * BODY_PT * 1.75
    }
    assert round(BODY_PT * 1.75, 1) in steps
    assert max(steps) <= round(BODY_PT * 1.75, 1) + 0.2


def test_running_heads_name_the_book_and_the_section(pages, built):
    start = body_start(pages, built)
    section, checked = None, 0
    for index, page in enumerate(pages[start:], start=start):
        text = squeeze(page["text"])
        titles = [squeeze(title) for title, _ in built.sections]
        if text in titles or any(text.startswith(t + "收录") for t in titles):
            section = next(t for t in titles if text.startswith(t))
            continue
        if text.startswith(("后记", "后　记")):
            break
        if not page["lines"]:  # a blank left page before a divider
            continue
        head = page["lines"][0]
        assert head.size < 9
        folio = index - start + 1
        expected = section if folio % 2 else squeeze(built.title)
        assert squeeze(head.text) == expected
        checked += 1
    assert checked > 40


def test_no_large_gaps_inside_a_case(pages, built):
    """A page followed by more of the same case is filled to within three lines: the
    most that keeping a heading with two lines of its text can leave (a photo row that
    did not fit would leave ten or more)."""
    geometry = GEOMETRIES["a4"]
    bottom = (geometry.margin_top_mm + geometry.block_height_mm) * PT_PER_MM
    line = geometry.line_pt
    start = body_start(pages, built)
    case_titles = {squeeze(title) for _, cases in built.sections for _, title, _ in cases}
    checked = 0
    for page, following in zip(pages[start:], pages[start + 1 :], strict=False):
        next_text = squeeze(following["text"])
        if "后记" in next_text[:40]:
            break
        body = [
            x
            for x in page["lines"]
            if x.size >= 9 and x.top > 60 and x.text != page["lines"][-1].text
        ]
        if not body or any(t in next_text[:80] for t in case_titles) or len(next_text) < 40:
            continue  # the last page of a case, or a divider
        used = max([x.bottom for x in body] + [i["bottom"] for i in page["images"]])
        assert bottom - used <= 3 * line + 4, (page["lines"][1].text, bottom - used)
        checked += 1
    assert checked > 15


def test_text_starts_on_the_same_line_of_the_grid_on_every_continued_page(pages, built):
    """No blank line at the top of a page: a heading or a photo row that moves to a new
    page drops the space above it."""
    block_top = GEOMETRIES["a4"].margin_top_mm * PT_PER_MM
    start = body_start(pages, built)
    case_titles = {squeeze(title) for _, cases in built.sections for _, title, _ in cases}
    tops, photo_tops = {}, []
    for page in pages[start:]:
        text = squeeze(page["text"])
        if "后记" in text[:40]:
            break
        body = [x for x in page["lines"][1:] if abs(x.size - BODY_PT) < 0.2]
        if not body or any(t in text[:80] for t in case_titles):
            continue  # a divider, or a case's first page (its title comes first)
        if len(page["lines"]) > 1 and page["lines"][1].size > 12:
            continue  # key figures open the page: their own box, checked by its top

        images = sorted(image["top"] for image in page["images"])
        if images and images[0] < body[0].top:
            photo_tops.append(images[0])
        else:
            tops.setdefault(round(body[0].top), []).append(body[0].text[:12])
    assert len(tops) == 1, tops
    assert all(abs(top - block_top) < 0.5 for top in photo_tops), photo_tops
