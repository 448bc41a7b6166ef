"""The book as a print shop receives it, in every size: read back from the PDF."""

import io
import itertools
import re
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
import rjieba
from pypdf import PdfReader

from tests.cases.compilation.built_book import (
    BODY_PT,
    CLOSING,
    OPENING,
    UNCOATED_PROFILE,
    body_start,
    ends_flush,
)
from tests.cases.compilation.pdf_reading import PT_PER_MM, squeeze

pytestmark = pytest.mark.django_db


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
    flush = [line for line in full if ends_flush(line, right)]
    assert len(flush) / len(full) >= 0.98, [x.text for x in full if x not in flush][:5]


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
    assert "开本880毫米×1230毫米1/16" in imprint and "编者" in imprint


def test_the_cover_sheet_for_the_printer(sized):
    built, pages = sized
    g = built.geometry
    reader = PdfReader(io.BytesIO(built.cover_pdf))
    page = reader.pages[0]
    # 80 g paper, the default 0.1 mm a sheet (0.15 for the bleed builds), and 1 mm for the
    # cover board and glue.
    paper = 0.15 if built.spec.endswith("bleed") else 0.1
    spine = round(len(pages) / 2 * paper + 1.0, 1)
    width = (float(page.mediabox.width) / PT_PER_MM, float(page.mediabox.height) / PT_PER_MM)
    sheet = 2 * (3 + 9)  # the bleed and the slug of the marks, on each side
    assert width == pytest.approx((2 * g.width_mm + spine + sheet, g.height_mm + sheet), abs=0.1)
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


def _word_cuts(text, offset=0):
    cuts, at = set(), offset
    for word in rjieba.cut(text):
        at += len(squeeze(word))
        cuts.add(at)
    return cuts


def test_contents_entries_break_between_words_and_keep_leader_and_page_together(sized):
    """Each contents line read back: the leader and page number end a line that also holds
    the title's last words (never alone on a line), and a title or organisation that wraps
    breaks between rjieba's words (contents in B5 read 联｜盟)."""
    built, pages = sized
    start = body_start(pages, built)
    first = next(i for i, p in enumerate(pages) if squeeze(p["text"]).startswith("目录"))
    lines = [squeeze(line.text) for page in pages[first:start] for line in page["lines"]]
    entries = 0
    for _, cases in built.sections:
        for _, title, organization in cases:
            title, organization = squeeze(title), "——" + squeeze(organization)
            found = None
            for end, line in enumerate(lines):
                last = re.fullmatch(r"(.+?)\.{3,}\d+", line)
                for begin in range(max(0, end - 3), end + 1):
                    if last and "".join([*lines[begin:end], last.group(1)]) == title:
                        found = [*lines[begin:end], last.group(1)], end
            assert found, (built.spec, title, "not an entry whose last line holds leader and page")
            parts, end = found
            breaks = list(itertools.accumulate(len(part) for part in parts))[:-1]
            assert set(breaks) <= _word_cuts(title), (built.spec, parts)  # never inside a word
            # The organisation on the lines after it, broken between words too.
            below = next(
                lines[end + 1 : end + 1 + k]
                for k in (1, 2, 3)
                if "".join(lines[end + 1 : end + 1 + k]) == organization
            )
            breaks = list(itertools.accumulate(len(part) for part in below))[:-1]
            assert set(breaks) <= _word_cuts(organization[2:], 2), (built.spec, below)
            entries += 1
    assert entries == 21


def _description(icc):
    from PIL import ImageCms

    return ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))


def _press_facts(pdf):
    with pikepdf.open(io.BytesIO(pdf)) as document:
        spaces = [
            obj.get("/ColorSpace")
            for obj in document.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        [intent] = document.Root.OutputIntents
        boxed = all("/TrimBox" in page.obj and "/BleedBox" in page.obj for page in document.pages)
        return {
            "spaces": set(spaces),
            "photos": len(spaces),
            "intent": (str(intent.S), int(intent.DestOutputProfile.N)),
            "profile": _description(intent.DestOutputProfile.read_bytes()),
            "pdfx": document.open_metadata().get("pdfxid:GTS_PDFXVersion"),
            "id": "/ID" in document.trailer,
            "version": document.pdf_version,
            "boxed": boxed,
        }


def test_photos_are_separated_for_the_press_and_the_files_are_pdf_x4(sized):
    built, _ = sized
    for name, pdf, photos in (
        ("book", built.pdf, built.photo_count),
        ("cover", built.cover_pdf, 1),
    ):
        facts = _press_facts(pdf)
        assert facts["spaces"] == {"/DeviceCMYK"}, (built.spec, name, facts)  # no RGB photo
        assert facts["photos"] >= photos
        assert facts["intent"] == ("/GTS_PDFX", 4)  # the CMYK press profile
        # The bleed builds are for uncoated 胶版纸: FOGRA29's profile is their intent.
        uncoated = built.spec.endswith("bleed")
        assert (facts["profile"] == _description(Path(UNCOATED_PROFILE).read_bytes())) == uncoated
        assert facts["pdfx"] == "PDF/X-4" and facts["id"] and facts["version"] >= "1.6"
        assert facts["boxed"], (built.spec, name)


def test_separated_photos_print_in_their_own_colours(built, tmp_path):
    """Read with poppler (as a viewer or RIP would) a photo comes out in the colours
    Pillow decodes from its CMYK JPEG: inverted inks would read as the complement."""
    from PIL import Image, ImageStat

    with pdfplumber.open(io.BytesIO(built.pdf)) as document:
        index, image = next(
            (i, page.images[0]) for i, page in enumerate(document.pages) if page.images
        )
        stream = image["stream"].get_rawdata()
        height = float(document.pages[index].height)
    (tmp_path / "book.pdf").write_bytes(built.pdf)
    dpi = 30
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(index + 1),
            "-l",
            str(index + 1),
            "-png",
            str(tmp_path / "book.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    scale = dpi / 72
    box = [image["x0"], image["top"], image["x1"], image["bottom"]]
    inset = [(box[0] + 4) * scale, (box[1] + 4) * scale, (box[2] - 4) * scale, (box[3] - 4) * scale]
    seen = ImageStat.Stat(Image.open(png).convert("RGB").crop([round(v) for v in inset])).mean
    with Image.open(io.BytesIO(stream)) as photo:
        assert photo.mode == "CMYK"
        meant = ImageStat.Stat(photo.convert("RGB")).mean
    assert height and all(abs(a - b) < 30 for a, b in zip(seen, meant, strict=True)), (seen, meant)
