"""QR codes for print: a case's web address as vector SVG in black ink only, for the
book to point back to the portal (segno makes the code; WeasyPrint draws the SVG)."""

import segno

QR_MM = 13  # 29 modules (version 3) at about 0.45 mm: scanned from 25 cm by phones
# Black ink only, as the text (the press prints K): WeasyPrint reads CSS colours in SVG.
# segno draws each run of dark modules as a stroked line; no fill, or the path's
# default black fill would print in RGB.
_DARK, _INK = 'stroke="#000"', 'stroke="device-cmyk(0 0 0 1)" fill="none"'


def svg(address):
    """The QR code of `address` as inline SVG, sized by its container (viewBox only)."""
    code = segno.make(address, error="m")
    markup = code.svg_inline(border=0, omitsize=True, dark="#000")
    if _DARK not in markup:  # a segno that draws otherwise must not print in RGB
        raise ValueError("segno drew the QR code without the stroke expected")
    return markup.replace(_DARK, _INK)


def short(address):
    """The address as printed under the code: no scheme, no trailing slash."""
    return address.split("://", 1)[-1].rstrip("/")
