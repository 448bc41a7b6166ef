"""The demo book, built once for the module and read back with pypdf and pdfplumber."""

import io
import itertools
import re
import subprocess
from dataclasses import dataclass

import pdfplumber
import pytest
import rjieba
from django.db import connection, transaction
from pypdf import PdfReader

from cases.compilation.builds import build_now
from cases.compilation.layout import GEOMETRIES
from cases.compilation.typeset import NO_END, NO_START
from cases.models import Application, CasePhoto, CompilationPage
from home.demo.data import case_data
from home.demo.loader import load_demo
from tests.cases.compilation.pdf_reading import PT_PER_MM, read_pages, squeeze

BODY_PT = 10.5
# Marking the tests makes pytest-django create the test database before `built` runs;
# without any database test in the session the module fixture would reach the real one.
pytestmark = pytest.mark.django_db


@dataclass
class Built:
    pdf: bytes
    build: object
    title: str
    sections: list  # [(title, [(case id, title, organisation)])]
    contacts: list
    cover_size: tuple
    photo_count: int
    spec: str = "a4"
    cover_pdf: bytes = b""

    @property
    def geometry(self):
        return GEOMETRIES[self.spec.split("-")[0]]


# Every page size the CompilationPage offers, and one with bleed and crop marks.
SPECS = ["a4", "b5", "16k", "16k-bleed"]


@pytest.fixture(scope="module")
def variants(django_db_setup, django_db_blocker):
    """The demo compilation (21 cases in four sections) built in every size; data rolled
    back."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert (
            "test" in connection.settings_dict["NAME"]
            or "memory" in connection.settings_dict["NAME"]
        )
        load_demo()
        page = CompilationPage.objects.get(slug="compilation")
        sections = [
            (
                block.value["title"],
                [(c.pk, c.title, c.organization.name) for c in block.value["cases"]],
            )
            for block in page.contents
        ]
        contacts = [
            value
            for application in Application.objects.all()
            for name, value in vars(application).items()
            if ("contact" in name or name.startswith("recommender_"))
            and value
            and name != "recommender_opinion"
            and isinstance(value, str)
        ]
        cover = page.cover_image
        case_ids = [case_id for _, cases in sections for case_id, _, _ in cases]
        photos = CasePhoto.objects.filter(page_id__in=case_ids).count()
        found = {}
        for spec in SPECS:
            size, _, bleed = spec.partition("-")
            page.page_size, page.bleed, page.crop_marks = size, bool(bleed), bool(bleed)
            page.save_revision().publish()
            build = build_now(page)
            assert build.status == "succeeded", build.log
            with build.file.open("rb") as handle, build.cover_file.open("rb") as cover_file:
                pdf, cover_pdf = handle.read(), cover_file.read()
            found[spec] = Built(
                pdf,
                build,
                page.title,
                sections,
                contacts,
                (cover.width, cover.height),
                photos,
                spec,
                cover_pdf,
            )
        transaction.set_rollback(True)
    return found


@pytest.fixture(scope="module")
def built(variants):
    return variants["a4"]


@pytest.fixture(scope="module", params=SPECS)
def sized(request, variants):
    """(built, pages read back) for each size."""
    one = variants[request.param]
    return one, read_pages(one.pdf)


@pytest.fixture(scope="module")
def pages(built):
    return read_pages(built.pdf)


@pytest.fixture(scope="module")
def reader(built):
    return PdfReader(io.BytesIO(built.pdf))


def body_start(pages, built):
    first_section = built.sections[0][0]
    return next(
        i for i, p in enumerate(pages) if squeeze(p["text"]).startswith(squeeze(first_section))
    )


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
            assert page["lines"][-1].text == str(folio)
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
    flush = [line for line in full if _ends_flush(line, right)]
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


# --- every size: prepress ------------------------------------------------------------

OPENING = set("（《「『【〔〈“‘")
CLOSING = set("，。、；：！？）》」』】〕〉”’")


def _rows(page, size=BODY_PT):
    """The body-size characters of a pdfplumber page, by line, left to right."""
    rows = {}
    for char in page.chars:
        if abs(char["size"] - size) < 0.2:
            rows.setdefault(round(char["top"]), []).append(char)
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(rows.items())]


def test_photos_never_overlap_text_nor_fill_a_page_alone(sized):
    built, pages = sized
    start = body_start(pages, built)
    case_starts = {squeeze(title) for _, cases in built.sections for _, title, _ in cases}
    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        for index, page in enumerate(document.pages):
            for image in page.images:
                over = [
                    c["text"]
                    for c in page.chars
                    if c["x0"] < image["x1"] - 0.5
                    and c["x1"] > image["x0"] + 0.5
                    and c["top"] < image["bottom"] - 0.5
                    and c["bottom"] > image["top"] + 0.5
                ]
                assert not over, (built.spec, index, "".join(over)[:20])
            # A page of photos only is the last page of its case (the next one opens a
            # case, a section or the 后记), never a page inside one.
            text = sum(len(row) for row in _rows(page))
            if page.images and text < 10 and index + 1 < len(pages) and index > start:
                following = squeeze(pages[index + 1]["text"])[:80]
                sections = [squeeze(t) for t, _ in built.sections]
                ends = any(t in following for t in case_starts | set(sections)) or not following
                assert ends or following.startswith("后记"), (built.spec, index)


def test_punctuation_is_set_like_a_chinese_press(sized):
    built, _ = sized
    pairs = uncompressed = lone = wrong_ends = 0
    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        for page in document.pages:
            for row in _rows(page):
                for first, second in itertools.pairwise(row):
                    if first["text"] in OPENING | CLOSING and second["text"] in OPENING | CLOSING:
                        pairs += 1
                        # Adjacent marks: one of them at half width, so the advance from
                        # the first to the second is half an em, not a whole one.
                        uncompressed += second["x0"] - first["x0"] > 0.75 * first["size"]
                text = "".join(c["text"] for c in row)
                wrong_ends += text[0] in CLOSING or text[-1] in OPENING
                letters = [c for c in text if c not in CLOSING and c not in "…—"]
                lone += len(letters) == 1 and len(text) <= 3  # 孤字: one character alone
    assert pairs > 100, pairs  # the demo text has many (”， ：“ ”。 …)
    assert (uncompressed, lone, wrong_ends) == (0, 0, 0), built.spec


def test_full_lines_end_flush_in_every_size(sized):
    built, pages = sized
    g = built.geometry
    left = g.margin_side_mm * PT_PER_MM  # pdfplumber measures from the trim, bleed or not
    right = left + g.chars * BODY_PT
    start = body_start(pages, built)
    lines = [
        line
        for page in pages[start:]
        for line in page["lines"]
        if abs(line.size - BODY_PT) < 0.2 and line.x0 >= left - 1 and "Bold" not in line.font
    ]
    full = [
        line
        for line, after in itertools.pairwise(lines)
        if abs(after.x0 - left) < 1 and after.font == line.font and line.page == after.page
        and abs(line.x0 - left) < 2 * BODY_PT + 1 and not line.text.startswith("——")
    ]  # fmt: skip
    assert len(full) > 300
    flush = [line for line in full if _ends_flush(line, right)]
    assert len(flush) / len(full) >= 0.98, [x.text for x in full if x not in flush][:5]


def _ends_flush(line, right):
    """Within half a millimetre of the block's edge. A closing mark ending the line may be
    set at half width (OpenType halt): its box then ends half an em before the advance
    pdfplumber reads from the font."""
    tolerance = 0.5 * PT_PER_MM
    halved = line.text[-1] in CLOSING and abs(line.x1 - line.size / 2 - right) <= tolerance
    return abs(line.x1 - right) <= tolerance or halved


def test_right_hand_starts_blank_pages_and_page_labels(sized):
    built, pages = sized
    reader = PdfReader(io.BytesIO(built.pdf))
    labels = reader.page_labels
    assert len(pages) % 4 == 0 and len(labels) == len(pages)
    starts = ["编委会", "前言", "目录", "后记", *(squeeze(t) for t, _ in built.sections)]
    for heading in starts:
        index = next(i for i, p in enumerate(pages) if squeeze(p["text"]).startswith(heading))
        assert index % 2 == 0, (built.spec, heading, index)  # a right-hand (odd) page
    start = body_start(pages, built)
    assert labels[start - 1] != "1" and labels[start] == "1"
    for index, page in enumerate(pages):
        folios = [x.text for x in page["lines"] if x.text == labels[index]]
        if not squeeze(page["text"]):
            continue  # a blank page: nothing at all on it, no folio, no running head
        text = squeeze(page["text"])
        if index >= start and not any(text.startswith(s) for s in starts):
            # Every text page of the body prints its folio, the page label viewers show.
            assert folios, (built.spec, index, labels[index], page["lines"][-1].text)
    # Dividers carry no folio.
    divider = next(i for i, p in enumerate(pages) if squeeze(p["text"]).startswith(starts[4]))
    assert pages[divider]["lines"][-1].text != labels[divider]


def test_text_prints_in_black_ink_only(sized):
    built, _ = sized
    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        colours = {
            tuple(round(v, 2) for v in char["non_stroking_color"] or ())
            for page in document.pages[:30]
            for char in page.chars
        }
    # device-cmyk: cyan, magenta and yellow at zero, black at 1 (or a tint of it).
    assert colours and all(len(c) == 4 and c[:3] == (0, 0, 0) for c in colours), colours


def test_the_imprint_counts_pages_sheets_and_words(built, pages):
    imprint = squeeze(pages[1]["text"])
    g = built.geometry
    total = len(pages)
    assert f"印张{total / 16:g}" in imprint
    assert f"字数{round(g.chars * g.lines * total / 1000)}千字" in imprint
    assert "开本210毫米×297毫米" in imprint and "编者" in imprint


def test_the_cover_sheet_for_the_printer(sized):
    built, pages = sized
    g = built.geometry
    reader = PdfReader(io.BytesIO(built.cover_pdf))
    page = reader.pages[0]
    spine = round(len(pages) / 2 * 0.1, 1)  # 80 g paper, the default 0.1 mm a sheet
    width = (float(page.mediabox.width) / PT_PER_MM, float(page.mediabox.height) / PT_PER_MM)
    assert width == pytest.approx((2 * g.width_mm + spine + 30, g.height_mm + 30), abs=0.1)
    trim, bleed = page.trimbox, page.bleedbox
    assert float(trim.width) / PT_PER_MM == pytest.approx(2 * g.width_mm + spine, abs=0.1)
    assert float(bleed.width) - float(trim.width) == pytest.approx(6 * PT_PER_MM, abs=0.1)
    with pdfplumber.open(io.BytesIO(built.cover_pdf)) as document:
        sheet = document.pages[0]
        height = float(sheet.height)
        b_left, b_right = float(bleed.left), float(bleed.right)
        b_top = height - float(bleed.top)  # pdfplumber measures from the top
        # Crop marks stand outside the bleed, never over the artwork.
        marks = sheet.lines + sheet.rects
        assert marks
        for mark in marks:
            outside = (
                mark["x1"] <= b_left + 0.5
                or mark["x0"] >= b_right - 0.5
                or mark["bottom"] <= b_top + 0.5
                or mark["top"] >= height - float(bleed.bottom) - 0.5
            )
            assert outside or mark["width"] > 100, mark  # the background fills the bleed
        # The photo runs into the bleed at the top and on the right of the front.
        (photo,) = sheet.images
        assert photo["top"] == pytest.approx(b_top, abs=0.5)
        assert photo["x1"] == pytest.approx(b_right, abs=0.5)
        # The title breaks between words only.
        lines = {}
        for char in sheet.chars:
            if char["size"] > 20:
                lines.setdefault(round(char["top"]), []).append(char["text"])
        words = list(rjieba.cut(built.title))
        boundaries = {sum(len(w) for w in words[:i]) for i in range(len(words) + 1)}
        ends = itertools.accumulate(len(chars) for _, chars in sorted(lines.items()))
        assert set(ends) <= boundaries, lines
