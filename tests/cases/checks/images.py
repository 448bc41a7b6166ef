"""Images the upload tests make on the fly with Pillow: no binary fixtures in the repo."""

import io
import struct
import zlib

from PIL import Image

EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825


def encode(image: Image.Image, fmt: str, name: str = "", **options) -> io.BytesIO:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    buffer.seek(0)
    buffer.name = name or f"upload.{fmt.lower()}"  # what a browser would send; ignored
    return buffer


def halves(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new(mode, size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    return image


def noise(size: tuple[int, int]) -> Image.Image:
    """Incompressible pixels, so a cut-off file really misses image data."""
    return Image.effect_noise(size, 64).convert("RGB")


def jpeg(size=(60, 40), mode="RGB", **options) -> io.BytesIO:
    return encode(halves(size).convert(mode), "JPEG", **options)


def png(image: Image.Image, **options) -> io.BytesIO:
    return encode(image, "PNG", **options)


def exif_with_gps(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    gps = exif.get_ifd(EXIF_GPS_IFD)
    gps[1], gps[2] = "N", (31.0, 14.0, 5.5)  # latitude: 31°14'5.5" N (Jing'an)
    gps[3], gps[4] = "E", (121.0, 26.0, 50.0)
    return exif


def with_png_size(data: bytes, width: int, height: int) -> io.BytesIO:
    """Rewrite the IHDR of a small PNG so its header claims width × height (a pixel bomb
    costs a few bytes: the decoder would only find out while inflating)."""
    assert data[12:16] == b"IHDR"
    ihdr = struct.pack(">II", width, height) + data[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return io.BytesIO(data[:16] + ihdr + crc + data[33:])


def pdf() -> io.BytesIO:
    return encode(Image.new("RGB", (100, 150), "white"), "PDF", name="stamp.pdf")
