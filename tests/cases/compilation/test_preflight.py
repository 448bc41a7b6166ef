"""The six built variants as a print shop's preflight and an editor read them, page by
page: boxes and crop marks, colour and ink, case endings, the cover, the openers."""

import io
import os
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from cases.compilation import marks, preflight
from cases.compilation.cover import FOLD_TOLERANCE_MM, SPINE_TEXT_MIN_MM
from cases.compilation.typeset import title_lines
from tests.cases.compilation.built_book import BODY_PT, body_start
from tests.cases.compilation.pdf_reading import PT_PER_MM, squeeze
from tests.cases.compilation.test_press import photo_inks

pytestmark = [pytest.mark.pdf, pytest.mark.django_db]
BLEED_PT = 3 * PT_PER_MM
SLUG_PT = marks.SLUG_MM * PT_PER_MM
# Set to a folder to keep the six books and covers there (for pdftoppm and a reader).
ARTIFACTS = os.environ.get("BOOK_ARTIFACTS")


def _boxes(page):
    def box(name):
        value = page.get(name)
        return [float(v) for v in value] if value is not None else None

    return box("/MediaBox"), box("/BleedBox"), box("/TrimBox")


def test_every_page_has_centred_nested_boxes_and_the_bleed_asked_for(sized):
    """Read back with pypdf: every page, the padded blank ones included, has MediaBox ⊇
    BleedBox ⊇ TrimBox round one centre; with bleed, 3 mm of it and a slug for the marks
    beyond; without, the three boxes are the trimmed page."""
    built, _ = sized
    bleed = built.spec.endswith("bleed")
    g = built.geometry
    reader = PdfReader(io.BytesIO(built.pdf))
    for index, page in enumerate(reader.pages):
        media, box_bleed, trim = _boxes(page)
        assert trim[2] - trim[0] == pytest.approx(g.width_mm * PT_PER_MM, abs=0.05)
        assert trim[3] - trim[1] == pytest.approx(g.height_mm * PT_PER_MM, abs=0.05)
        extra = BLEED_PT if bleed else 0
        slug = SLUG_PT if bleed else 0  # crop marks go with the bleed builds
        for side in range(4):
            sign = -1 if side < 2 else 1
            assert box_bleed[side] == pytest.approx(trim[side] + sign * extra, abs=0.01), (
                built.spec,
                index,
            )
            assert media[side] == pytest.approx(box_bleed[side] + sign * slug, abs=0.01), (
                built.spec,
                index,
            )
    # The padded blank pages at the end are boxed like the rest.
    assert _boxes(reader.pages[-1]) == _boxes(reader.pages[0])


def _registration_marks(pdf, page):
    """Stroked segments drawn in the registration colour on a page (pikepdf)."""
    spaces = page.obj.Resources.get("/ColorSpace") or {}
    names = {
        name
        for name, space in spaces.items()
        if isinstance(space, pikepdf.Array)
        and str(space[0]) == "/Separation"
        and str(space[1]) == "/All"
    }
    segments, current, point = [], None, None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "CS":
            current = str(operands[0])
        elif op == "m":
            point = tuple(float(v) for v in operands)
        elif op == "l" and current in names:
            segments.append((point, tuple(float(v) for v in operands)))
    return segments


def test_crop_marks_stand_outside_the_bleed_in_registration_colour(sized):
    built, _ = sized
    bleed = built.spec.endswith("bleed")
    report = preflight.check(io.BytesIO(built.pdf))
    assert report.rgb_operators == 0, (built.spec, report.summary())
    with pikepdf.open(io.BytesIO(built.pdf)) as pdf:
        for index, page in enumerate(pdf.pages):
            segments = _registration_marks(pdf, page)
            if not bleed:  # no bleed, no marks (many shops impose their own)
                assert not segments, (built.spec, index)
                continue
            assert len(segments) == 8, (built.spec, index)
            left, bottom, right, top = (float(v) for v in page.obj.BleedBox)
            for (x0, y0), (x1, y1) in segments:
                outside = (
                    max(x0, x1) <= left
                    or min(x0, x1) >= right
                    or max(y0, y1) <= bottom
                    or min(y0, y1) >= top
                )
                assert outside, (built.spec, index, (x0, y0, x1, y1))


def _dark_in_band(png, band):
    image = Image.open(png).convert("L")
    dark = 0
    for box in band:
        dark += sum(1 for value in image.crop(box).getdata() if value < 128)
    return dark


def test_no_dark_pixel_in_the_bleed_of_the_first_and_last_pages(sized, tmp_path):
    """Rendered as a RIP would (pdftoppm): nothing dark between the trim and the bleed's
    edge, where WeasyPrint's marks were."""
    built, pages = sized
    if not built.spec.endswith("bleed"):
        return
    path = tmp_path / "book.pdf"
    path.write_bytes(built.pdf)
    dpi = 60
    for number in (1, len(pages)):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-f",
                str(number),
                "-l",
                str(number),
                "-png",
                str(path),
                str(tmp_path / f"p{number}"),
            ],
            check=True,
        )
        [png] = tmp_path.glob(f"p{number}*.png")
        scale = dpi / 72
        slug, bleed = SLUG_PT * scale, BLEED_PT * scale
        width, height = Image.open(png).size
        inner = [slug + bleed, slug + bleed, width - slug - bleed, height - slug - bleed]
        outer = [slug, slug, width - slug, height - slug]
        band = [
            (round(outer[0]), round(outer[1]), round(outer[2]), round(inner[1]) - 1),
            (round(outer[0]), round(inner[3]) + 1, round(outer[2]), round(outer[3])),
            (round(outer[0]), round(outer[1]), round(inner[0]) - 1, round(outer[3])),
            (round(inner[2]) + 1, round(outer[1]), round(outer[2]), round(outer[3])),
        ]
        assert _dark_in_band(png, band) == 0, (built.spec, number)


def test_book_and_cover_pass_the_preflight(sized):
    built, _ = sized
    for name, pdf in (("book", built.pdf), ("cover", built.cover_pdf)):
        report = preflight.check(io.BytesIO(pdf))
        print(built.spec, name, report.summary())
        if ARTIFACTS:
            Path(ARTIFACTS, built.spec).mkdir(parents=True, exist_ok=True)
            Path(ARTIFACTS, built.spec, f"{name}.pdf").write_bytes(pdf)
        assert report.passed, (built.spec, name, report.problems[:5])
        assert report.pdfx == "PDF/X-4" and report.boxes_centred == report.pages


def test_every_photo_keeps_to_the_builds_ink_limit(sized):
    built, _ = sized
    limit = built.build.ink_limit
    inks = photo_inks(built.pdf) + photo_inks(built.cover_pdf)
    print(built.spec, f"photos {len(inks)}, max total ink {max(inks):.1f} % (limit {limit} %)")
    assert len(inks) >= built.photo_count
    assert max(inks) <= limit, (built.spec, max(inks))
    # The build names the profile and the limit in its record and its log.
    assert f"总墨量不超过{limit}%" in built.build.profile_name
    assert any(built.build.profile_name in line for line in built.build.log.splitlines())


def _case_titles(built):
    return {squeeze(title) for _, cases in built.sections for _, title, _ in cases}


def test_no_page_holds_only_key_figures_and_photo_pages_alone_are_unavoidable(sized):
    built, pages = sized
    start = body_start(pages, built)
    titles = _case_titles(built)
    g = built.geometry
    line_pt = g.line_pt
    alone = []
    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        for index in range(start, len(pages)):
            page = document.pages[index]
            body = [c for c in page.chars if abs(c["size"] - BODY_PT) < 0.2]
            figures = [c for c in page.chars if abs(c["size"] - 16) < 0.2]
            text = squeeze(pages[index]["text"])
            opens_case = any(title[:8] in text for title in titles)
            # Key figures (16 pt numbers) never stand on a page without body text.
            assert body or not figures or opens_case, (built.spec, index, text[:40])
            if page.images and not body and not opens_case:
                # Photos alone: only when the page before had no room for their row.
                previous = document.pages[index - 1]
                lowest = max(
                    [c["bottom"] for c in previous.chars if abs(c["size"] - BODY_PT) < 0.2]
                    + [i["bottom"] for i in previous.images]
                )
                block_bottom = float(previous.height) - (
                    float(PdfReader(io.BytesIO(built.pdf)).pages[index - 1].trimbox[1])
                    + g.margin_bottom_mm * PT_PER_MM
                )
                free = block_bottom - lowest
                row = max(i["bottom"] for i in page.images) - min(i["top"] for i in page.images)
                alone.append(index)
                assert free < row + line_pt, (built.spec, index, free, row)
    print(built.spec, "photo-only pages", alone)


def test_openers_carry_no_running_head_and_dividers_are_set_tight(sized):
    built, pages = sized
    start = body_start(pages, built)
    openers = 0
    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        for index, page in enumerate(document.pages):
            # The front-matter headings and the 后记's (16 pt, first on the page), and
            # the 篇 dividers' titles (26 pt).
            heading = "".join(c["text"] for c in page.chars if abs(c["size"] - 16) < 0.2)
            opener = squeeze(heading).startswith(("编委会", "前言", "目录", "后记")) or any(
                abs(c["size"] - 26) < 0.2 for c in page.chars
            )
            if opener:
                openers += 1
                heads = [c["text"] for c in page.chars if abs(c["size"] - 8.5) < 0.2]
                assert not heads, (built.spec, index, "".join(heads))
    # 编委会, 前言, 目录, 后记 and the dividers.
    assert openers == 4 + len(built.sections), (built.spec, openers)
    dividers = [
        line.text
        for page in pages[start:]
        for line in page["lines"]
        if line.text.replace(" ", "").startswith("收录案例")
    ]
    expected = [f"收录案例{len(cases)}篇" for _, cases in built.sections]
    assert dividers == expected, (built.spec, dividers)


def test_the_cover_title_spine_and_photo(sized):
    built, _ = sized
    reader = PdfReader(io.BytesIO(built.cover_pdf))
    trim = reader.pages[0].trimbox
    g = built.geometry
    with pdfplumber.open(io.BytesIO(built.cover_pdf)) as document:
        sheet = document.pages[0]
        height = float(sheet.height)
        left = float(trim.left)
        spine_left = left + g.width_mm * PT_PER_MM
        spine_mm = float(trim.width) / PT_PER_MM - 2 * g.width_mm
        front_left = spine_left + spine_mm * PT_PER_MM
        # The title, broken like the contents: its lines as title_lines() gives them,
        # none of one or two characters.
        rows = {}
        for char in sheet.chars:
            if char["size"] > 20 and char["x0"] > front_left:
                rows.setdefault(round(char["top"]), []).append(char)
        printed = [
            "".join(c["text"] for c in sorted(r, key=lambda c: c["x0"]))
            for _, r in sorted(rows.items())
        ]
        front_chars = (g.width_mm - 36) / (24 * 25.4 / 72)
        assert printed == title_lines(built.title, front_chars), printed
        assert min(len(line) for line in printed) >= 3
        # The photo stops short of the front's fold.
        (photo,) = sheet.images
        assert photo["x0"] >= front_left + FOLD_TOLERANCE_MM * PT_PER_MM - 0.5
        # The spine: the title and the year when it is 5 mm or wider.
        spine = "".join(
            c["text"] for c in sheet.chars if spine_left < (c["x0"] + c["x1"]) / 2 < front_left
        )
        if spine_mm >= SPINE_TEXT_MIN_MM:
            assert squeeze(built.title) in spine and "2016" in spine, (built.spec, spine)
        else:
            assert not spine
        print(built.spec, f"spine {spine_mm:.1f} mm:", spine or "—")
        # Crop marks on the cover too: registration colour, outside the bleed.
        assert height
    with pikepdf.open(io.BytesIO(built.cover_pdf)) as pdf:
        segments = _registration_marks(pdf, pdf.pages[0])
        assert len(segments) == 12  # four corners, two folds


def test_rgb_colour_operators_are_counted_in_every_page_s_content():
    """The check reads a page's operators only when its bytes could hold one: an RGB fill
    and stroke are counted, a name or text holding the letters is not an operator."""
    with pikepdf.new() as pdf:
        contents = [
            b"0 0 0 1 k BT /F1 12 Tf <0041> Tj ET",  # black text: nothing to parse
            b"1 0 0 rg 0 0 10 10 re f 0 1 0 RG 0 0 m 5 5 l S",  # two operators
            b"/Margin gs (org) Tj",  # the letters, no operator
        ]
        for content in contents:
            page = pdf.add_blank_page()
            page.Contents = pdf.make_stream(content)
        pdf.pages[1].obj.Contents = pikepdf.Array([pdf.make_stream(contents[1])])
        assert [preflight._rgb_operators(page) for page in pdf.pages] == [0, 2, 0]
