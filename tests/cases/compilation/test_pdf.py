"""The demo book, built once for the module and read back with pypdf and pdfplumber."""

import io
import itertools
import re
import subprocess
from dataclasses import dataclass

import pytest
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


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo compilation (21 cases in four sections), built once; data rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert (
            "test" in connection.settings_dict["NAME"]
            or "memory" in connection.settings_dict["NAME"]
        )
        load_demo()
        page = CompilationPage.objects.get(slug="compilation")
        build = build_now(page)
        assert build.status == "succeeded", build.log
        with build.file.open("rb") as handle:
            pdf = handle.read()
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
        built = Built(
            pdf,
            build,
            page.title,
            sections,
            contacts,
            (cover.width, cover.height),
            CasePhoto.objects.filter(page_id__in=case_ids).count(),
        )
        transaction.set_rollback(True)
    return built


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
    # Cover, title page, preface, contents, 4 dividers, cases at two pages or more each.
    assert len(pages) >= 4 + 4 + 2 * sum(len(cases) for _, cases in built.sections)


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
    assert titles == ["前　言", "目　录", *section_titles, "后　记", "编委会"]
    for (title, page, children), (_, cases) in zip(outline[2:-2], built.sections, strict=True):
        assert squeeze(pages[page]["text"]).startswith(squeeze(title))
        assert [squeeze(child) for child, _, _ in children] == [
            squeeze(case_title) for _, case_title, _ in cases
        ]
        for child, child_page, _ in children:
            assert squeeze(child) in squeeze(pages[child_page]["text"])[:80]


def test_contents_page_numbers_point_at_the_cases(pages, built):
    start = body_start(pages, built)
    toc = "".join(squeeze(p["text"]) for p in pages[:start] if "目录" in squeeze(p["text"])[:4])
    toc = toc or "".join(squeeze(p["text"]) for p in pages[2:start])
    checked = 0
    for _, cases in built.sections:
        for case_id, title, organization in cases:
            entry = re.search(
                re.escape(squeeze(title)) + "——" + re.escape(organization) + r"\.{3,}(\d+)", toc
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


def test_front_matter_is_numbered_in_roman_numerals(pages, built):
    start = body_start(pages, built)
    folios = [p["lines"][-1].text for p in pages[2:start]]
    assert folios == ["i", "ii", "iii", "iv"][: len(folios)]
    assert pages[start]["lines"][-1].text == "1"
    assert "前言" in squeeze(pages[2]["text"])


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
        for image in page["images"]:
            width_in = (image["x1"] - image["x0"]) / 72
            dpi = image["srcsize"][0] / width_in
            if index == 0:  # the cover: as sharp as its 1800×1200 original allows
                allowed = min(300, built.cover_size[1] / ((image["bottom"] - image["top"]) / 72))
                assert allowed - 2 <= dpi <= 450
                continue
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
            and "Bold" not in line.font
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
    flush = [line for line in full if abs(line.x1 - right) <= 0.5 * PT_PER_MM]
    assert len(flush) / len(full) >= 0.95, [line.text for line in full if line not in flush][:5]


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
        images = sorted(image["top"] for image in page["images"])
        if images and images[0] < body[0].top:
            photo_tops.append(images[0])
        else:
            tops.setdefault(round(body[0].top), []).append(body[0].text[:12])
    assert len(tops) == 1, tops
    assert all(abs(top - block_top) < 0.5 for top in photo_tops), photo_tops
