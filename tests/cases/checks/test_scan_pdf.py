"""A stamp scan sent as a PDF is rebuilt from poppler's JPEG pages (cases/checks/
scan_pdf.py): the scan's drawing at 150 dpi, nothing else of the upload, and no page's
pixels held by the server."""

import io
import subprocess

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from cases.checks import clean_stamp_scan
from cases.checks.scan_pdf import pdf_of_jpegs
from tests.cases.checks.memory import added_memory, needs_proc


def scanned_stamp(pages=1) -> io.BytesIO:
    """An A4 page at 150 dpi with a red ring (the stamp), as a scanner's PDF; page n has
    n rings, so the order of the pages shows."""
    drawn = []
    for number in range(1, pages + 1):
        page = Image.new("RGB", (1240, 1754), "white")
        for ring in range(number):
            top = 300 + 420 * ring
            box = [420, top, 820, top + 400]
            ImageDraw.Draw(page).ellipse(box, outline=(200, 30, 30), width=24)
        drawn.append(page)
    out = io.BytesIO()
    drawn[0].save(out, "PDF", resolution=150, save_all=True, append_images=drawn[1:])
    out.seek(0)
    return out


def rendered(pdf: bytes) -> list[Image.Image]:
    """The image each page draws, decoded."""
    reader = PdfReader(io.BytesIO(pdf))
    images = []
    for page in reader.pages:
        [image] = page.images
        images.append(Image.open(io.BytesIO(image.data)).convert("RGB"))
    return images


def rings(image: Image.Image) -> int:
    """Red rings crossed going down the page's middle column, ring edges counted once."""
    column = [image.getpixel((image.width // 2, y)) for y in range(image.height)]
    red = [r > 150 and g < 100 and b < 100 for r, g, b in column]
    starts = sum(1 for above, here in zip([False, *red], red, strict=False) if here and not above)
    return starts // 2  # a ring crosses the column at its top and at its bottom


def test_a_scanned_stamp_is_drawn_again_at_150_dpi():
    scan = clean_stamp_scan(scanned_stamp())
    assert (scan.extension, scan.pages) == ("pdf", 1)
    [page] = PdfReader(io.BytesIO(scan.data)).pages
    [image] = rendered(scan.data)
    assert image.height == 2000  # the long edge the scan keeps
    # Its size on paper: the pixels at 150 dpi, the A4 page it came from.
    assert [float(v) for v in page.mediabox] == pytest.approx(
        [0, 0, image.width * 72 / 150, image.height * 72 / 150], abs=0.01
    )
    assert rings(image) == 1


def test_every_page_is_kept_in_order():
    scan = clean_stamp_scan(scanned_stamp(pages=3))
    assert scan.pages == 3
    assert [rings(image) for image in rendered(scan.data)] == [1, 2, 3]


def test_the_rebuilt_file_holds_pages_and_nothing_else():
    scan = clean_stamp_scan(scanned_stamp())
    reader = PdfReader(io.BytesIO(scan.data))
    assert set(reader.trailer["/Root"]) == {"/Type", "/Pages"}
    assert set(reader.trailer) == {"/Size", "/Root"}  # no document information
    [page] = reader.pages
    assert set(page) == {"/Type", "/Parent", "/MediaBox", "/Contents", "/Resources"}
    # poppler reads it back as it reads any PDF.
    info = subprocess.run(["pdfinfo", "-"], input=scan.data, capture_output=True, check=True)
    assert b"Pages:           1" in info.stdout


def test_a_page_that_is_not_a_plain_jpeg_is_not_embedded():
    cmyk = io.BytesIO()
    Image.new("CMYK", (20, 30)).save(cmyk, "JPEG")
    assert pdf_of_jpegs([cmyk.getvalue()], 150) is None
    assert pdf_of_jpegs([b"\xff\xd8 not a jpeg"], 150) is None


# In a process of its own (tests/cases/checks/memory.py). The page, 1414 × 2000 pixels,
# would be 11 MB decoded.
MEMORY_OF_A_SCAN = """
from cases.checks.uploads import clean_stamp_scan

page = Image.new("RGB", (1240, 1754), "white")
ImageDraw.Draw(page).ellipse([420, 600, 820, 1000], outline=(200, 30, 30), width=12)
upload = io.BytesIO()
page.save(upload, "PDF", resolution=150)
del page
clean_stamp_scan(io.BytesIO(upload.getvalue()))  # modules loaded, heap warmed
measured(lambda: clean_stamp_scan(upload))
"""


@needs_proc
def test_the_server_never_holds_a_scanned_page_pixels():
    memory = added_memory(MEMORY_OF_A_SCAN)
    page = 1414 * 2000 * 4 / 2**20  # 10.8 MB
    assert memory["added"] < page / 4, memory
