"""A JPEG's metadata removed without decoding its pixels, segment by segment.

A JPEG is a run of marked segments: tables, the frame header, scans of compressed image
data, and application segments (APP0–APP15) and comments beside them. Everything personal
a camera or an editor writes lives in the latter: EXIF with GPS and the camera's serial
(APP1), XMP (APP1), ICC profiles and MPF's extra images (APP2), Photoshop's IPTC (APP13),
comments (COM), and whatever follows the end marker (a phone's depth map, a second
picture). Dropping those and keeping the rest byte for byte leaves the photo as the camera
compressed it: no re-encoding, no second loss of quality, and no decoded pixels held.

`strip` refuses (returns None) whatever it does not fully understand, so that the caller
decodes and re-encodes it instead: arithmetic coding, lossless and hierarchical frames,
12-bit samples, CMYK, RGB stored without colour transform, a frame whose height comes
later (DNL), bytes between segments, no end marker (a cut-off file).

Not a library: piexif drops only EXIF (XMP, ICC, comments and trailing data stay), and
jpegtran -copy none (libjpeg-turbo-progs) would be a process per photo holding its DCT
coefficients (36 MB for 12 MP), the memory this module exists to save.
"""

import re
from dataclasses import dataclass

_EOI, _SOS, _COM = 0xD9, 0xDA, 0xFE
_APP0, _APP14, _APP15 = 0xE0, 0xEE, 0xEF
# Huffman-coded frames libjpeg decodes as they are: baseline, extended, progressive.
_FRAMES = {0xC0, 0xC1, 0xC2}
# Tables and the restart interval: kept as they are.
_TABLES = {0xC4, 0xDB, 0xDD}
# The next marker after a scan's data: 0xFF not followed by 0x00 (a stuffed byte), a
# restart marker (inside the scan) or another 0xFF (fill).
_END_OF_SCAN = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
# JFIF 1.01, density in dots per inch, no thumbnail; the DPI is set by the caller.
_JFIF = b"JFIF\x00\x01\x01\x01"


@dataclass(frozen=True)
class Layout:
    """What the caller decides on before keeping the compressed data as it is."""

    width: int
    height: int
    components: int  # 1: grey, 3: YCbCr
    parts: tuple  # the segments kept, as memoryviews of the original


def read(data: bytes) -> Layout | None:
    """The layout of a JPEG whose data can be kept as it is, or None."""
    if not data.startswith(b"\xff\xd8"):
        return None
    view = memoryview(data)
    parts, frame = [], None
    jfif = adobe_transform = None
    position = 2
    while True:
        if position >= len(data) or data[position] != 0xFF:
            return None  # cut off, or bytes between segments
        while position < len(data) and data[position] == 0xFF:
            position += 1  # fill bytes before a marker
        if position >= len(data):
            return None
        start, marker = position - 1, data[position]
        position += 1
        if marker == _EOI:
            break
        if position + 2 > len(data):
            return None
        length = int.from_bytes(data[position : position + 2], "big")
        end = position + length
        if length < 2 or end > len(data):
            return None
        payload = view[position + 2 : end]
        if marker == _SOS:
            if frame is None:
                return None
            found = _END_OF_SCAN.search(data, end)
            if found is None:
                return None  # cut off inside the image data
            parts.append(view[start : found.start()])
            position = found.start()
            continue
        if marker in _FRAMES:
            if frame is not None:
                return None
            frame = _frame(payload)
            if frame is None:
                return None
            parts.append(view[start:end])
        elif marker in _TABLES:
            parts.append(view[start:end])
        elif marker == _APP0 and bytes(payload[:5]) == b"JFIF\x00":
            jfif = True
        elif marker == _APP14 and bytes(payload[:5]) == b"Adobe" and len(payload) >= 12:
            adobe_transform = payload[11]  # libjpeg goes by the last one
        elif not (_APP0 <= marker <= _APP15 or marker == _COM):
            return None  # DNL, arithmetic tables, reserved markers: not ours to judge
        position = end
    if frame is None or not any(bytes(part[:2]) == b"\xff\xda" for part in parts):
        return None
    width, height, ids = frame
    if len(ids) == 3 and not _is_ycbcr(ids, jfif, adobe_transform):
        return None
    return Layout(width, height, len(ids), tuple(parts))


def _frame(payload) -> tuple[int, int, tuple[int, ...]] | None:
    """Width, height and component ids of an 8-bit grey or three-component frame."""
    if len(payload) < 6:
        return None
    precision = payload[0]
    height = int.from_bytes(payload[1:3], "big")
    width = int.from_bytes(payload[3:5], "big")
    count = payload[5]
    if precision != 8 or not width or not height or count not in (1, 3):
        return None
    if len(payload) != 6 + 3 * count:
        return None
    return width, height, tuple(payload[6 + 3 * i] for i in range(count))


def _is_ycbcr(ids, jfif, adobe_transform) -> bool:
    """Three components are YCbCr as libjpeg reads them, before and after our JFIF header
    is written: JFIF says so; else Adobe's transform flag (0: RGB as stored); else the
    ids 1, 2, 3. RGB stored as RGB would turn into false colours under a JFIF header."""
    if jfif:
        return True
    if adobe_transform is not None:
        return adobe_transform == 1
    return ids == (1, 2, 3)


def write(layout: Layout, dpi: int) -> bytes:
    """The kept segments under a JFIF header of our own (its density `dpi`), then the end
    marker: nothing of the original's metadata, nothing after its end."""
    density = dpi.to_bytes(2, "big") * 2
    jfif = _JFIF + density + b"\x00\x00"
    header = b"\xff\xd8\xff\xe0" + (len(jfif) + 2).to_bytes(2, "big") + jfif
    return b"".join((header, *layout.parts, b"\xff\xd9"))
