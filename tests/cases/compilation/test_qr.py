"""Each case in the book points back to its web page: a QR code (with the address under
it) under its first page's text block, decoded from the rendered page; the web page
names the page the current edition prints it on."""

import io
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader
from pyzbar.pyzbar import decode

from cases.compilation.builds import build_now
from cases.printing import qr
from tests.cases.compilation.built_book import body_start
from tests.cases.compilation.pdf_reading import squeeze
from tests.pages import visible_text

DPI = 300


def _codes(pdf_file, index, folder, from_mm=0.0):
    """(address, top mm, bottom mm from the page's top edge) of the codes on a page, read
    from `from_mm` down: only that strip is rasterised (a whole page at 300 dpi took most
    of the test's time, six sizes × 21 cases), and a code above it is not found at all."""
    stem = folder / f"p{index}"
    top_px = int(from_mm / 25.4 * DPI)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-gray",  # a PGM: the same pixels as a PNG, without a second of compression
            "-singlefile",
            "-f",
            str(index + 1),
            "-l",
            str(index + 1),
            "-y",
            str(top_px),
            "-H",
            "100000",  # to the page's foot (pdftoppm stops at the page's edge)
            "-W",
            "100000",
            str(pdf_file),
            str(stem),
        ],
        check=True,
    )
    with Image.open(f"{stem}.pgm") as image:
        found = decode(image)
    mm = 25.4 / DPI
    return [
        (c.data.decode(), (top_px + c.rect.top) * mm, (top_px + c.rect.top + c.rect.height) * mm)
        for c in found
    ]


@pytest.mark.pdf
@pytest.mark.django_db
def test_every_case_carries_its_qr_code_under_the_text_block(sized, tmp_path):
    built, pages = sized
    g = built.geometry
    start = body_start(pages, built)
    folios = built.build.folios
    reader = PdfReader(io.BytesIO(built.pdf))
    pdf_file = tmp_path / "book.pdf"
    pdf_file.write_bytes(built.pdf)  # read by each pdftoppm from disk, not piped whole
    assert len(folios) == sum(len(c) for _, c in built.sections)
    for pk, folio in folios.items():
        index = start + folio - 1
        address = built.addresses[int(pk)]
        assert qr.short(address) in squeeze(pages[index]["text"]), (built.spec, pk)
        page = reader.pages[index]
        top_of_trim = (float(page.mediabox.top) - float(page.trimbox.top)) * 25.4 / 72
        # In the bottom margin: below the last line of the block, 3 mm clear of the trim.
        # Read from 30 mm above the block's foot, so a code overlapping the block is seen.
        block_bottom = top_of_trim + g.margin_top_mm + g.block_height_mm
        [(decoded, top, bottom)] = _codes(pdf_file, index, tmp_path, max(block_bottom - 30, 0))
        assert decoded == address, (built.spec, index)
        trim_bottom = top_of_trim + g.height_mm
        assert block_bottom < top and bottom < trim_bottom - 3, (built.spec, index, top, bottom)
    print(built.spec, f"{len(folios)} QR codes decoded")


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_case_page_names_its_page_in_the_current_edition(client, book):
    case = book.cases[1]
    assert "收录于" not in visible_text(client.get(case.url))  # no edition yet
    build = build_now(book)
    assert build.status == "succeeded", build.log
    folio = build.folios[str(case.pk)]
    text = visible_text(client.get(case.url))
    assert f"收录于《{book.title}》第{folio}页" in text
    # A book taken off the site no longer gives the case a page.
    book.unpublish()
    assert "收录于" not in visible_text(client.get(case.url))


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_address_stays_under_its_code_on_the_cases_first_page(book, tmp_path):
    build = build_now(book)
    assert build.status == "succeeded", build.log
    with build.file.open("rb") as handle:
        pdf = handle.read()
    pages = [squeeze(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]
    start = next(i for i, text in enumerate(pages) if text.startswith("生活服务"))
    pdf_file = tmp_path / "book.pdf"
    pdf_file.write_bytes(pdf)
    for case in book.cases:
        index = start + build.folios[str(case.pk)] - 1
        address = case.get_full_url()
        [(decoded, _, _)] = _codes(pdf_file, index, tmp_path)
        assert decoded == address
        # The address printed once, on the code's page only (not carried to the next).
        assert sum(qr.short(address) in text for text in pages) == 1
        assert qr.short(address) in pages[index]
