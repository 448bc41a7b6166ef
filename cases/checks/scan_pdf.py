"""A PDF of compressed page images, written object by object: each page one JPEG, drawn
at the resolution it was rendered at.

A stamp scan's pages come from poppler already compressed (pdftoppm -jpeg) and are
embedded as they are (DCTDecode), so the server never holds a page's pixels (11 MB for a
page 2000 px high, twice while Pillow converted and re-encoded it). The file holds the
catalog, the page tree, and per page its dictionary, drawing and image: nothing else.
Written here rather than with pikepdf, which the book uses: importing it adds 16 MB to
the web process (measured), where the submission's whole budget is 200 MB.
"""

from . import jpeg_segments

_COLOUR_SPACES = {1: b"/DeviceGray", 3: b"/DeviceRGB"}


def pdf_of_jpegs(pages: list[bytes], resolution: int) -> bytes | None:
    """The pages as one PDF; None if a page is not a plain grey or YCbCr JPEG."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (3 + 3 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
    ]
    for i, data in enumerate(pages):
        layout = jpeg_segments.read(data)
        if layout is None:
            return None
        image = jpeg_segments.write(layout, resolution)  # only what draws the page
        width, height = (_points(side, resolution) for side in (layout.width, layout.height))
        drawing, picture = 4 + 3 * i, 5 + 3 * i
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R "
            b"/Resources << /XObject << /Page %d 0 R >> >> >>" % (width, height, drawing, picture)
        )
        objects.append(_stream(b"<<", b"q %s 0 0 %s 0 0 cm /Page Do Q" % (width, height)))
        objects.append(
            _stream(
                b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
                b"/BitsPerComponent 8 /Filter /DCTDecode"
                % (layout.width, layout.height, _COLOUR_SPACES[layout.components]),
                image,
            )
        )
    return pdf_of_objects(objects)


def _points(pixels: int, resolution: int) -> bytes:
    return f"{pixels * 72 / resolution:.2f}".encode()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"%s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


def pdf_of_objects(objects: list[bytes]) -> bytes:
    """A PDF of the objects' bodies numbered from 1 (the first the catalog), with their
    cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")  # binary: a comment of high bytes
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return bytes(out)
