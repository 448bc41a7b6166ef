"""QR codes of case addresses, as inline SVG (vector: sharp at any print size)."""

import segno


def qr_svg(url: str, size_mm: float = 60) -> str:
    """An <svg> element of the URL's QR code, `size_mm` wide with its quiet zone."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True)
    # omitsize: a viewBox only, so CSS sets the printed size.
    return svg.replace("<svg ", f'<svg style="width:{size_mm}mm;height:{size_mm}mm" ', 1)
