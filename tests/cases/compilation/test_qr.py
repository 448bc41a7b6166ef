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


def _codes(pdf, index, folder):
    """(address, top mm, bottom mm from the page's top edge) of the codes on a page."""
    stem = folder / f"p{index}"
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
            "-",
            str(stem),
        ],
        input=pdf,
        check=True,
    )
    with Image.open(f"{stem}.pgm") as image:
        found = decode(image)
    mm = 25.4 / DPI
    return [(c.data.decode(), c.rect.top * mm, (c.rect.top + c.rect.height) * mm) for c in found]


@pytest.mark.pdf
@pytest.mark.django_db
def test_every_case_carries_its_qr_code_under_the_text_block(sized, tmp_path):
    built, pages = sized
    g = built.geometry
    start = body_start(pages, built)
    folios = built.build.folios
    reader = PdfReader(io.BytesIO(built.pdf))
    assert len(folios) == sum(len(c) for _, c in built.sections)
    for pk, folio in folios.items():
        index = start + folio - 1
        address = built.addresses[int(pk)]
        assert qr.short(address) in squeeze(pages[index]["text"]), (built.spec, pk)
        page = reader.pages[index]
        top_of_trim = (float(page.mediabox.top) - float(page.trimbox.top)) * 25.4 / 72
        [(decoded, top, bottom)] = _codes(built.pdf, index, tmp_path)
        assert decoded == address, (built.spec, index)
        # In the bottom margin: below the last line of the block, 3 mm clear of the trim.
        block_bottom = top_of_trim + g.margin_top_mm + g.block_height_mm
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
    for case in book.cases:
        index = start + build.folios[str(case.pk)] - 1
        address = case.get_full_url()
        [(decoded, _, _)] = _codes(pdf, index, tmp_path)
        assert decoded == address
        # The address printed once, on the code's page only (not carried to the next).
        assert sum(qr.short(address) in text for text in pages) == 1
        assert qr.short(address) in pages[index]
