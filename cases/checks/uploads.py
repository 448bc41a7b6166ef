"""Upload safety: allow-list by content, size and pixel limits, clean re-encoding.

Names and content types come from the browser and prove nothing, so the kind of a file
is read from its first bytes. Photos are decoded completely and re-encoded, which drops
everything but pixels: EXIF (GPS position, camera serial), ICC profiles, PNG text chunks.
A JPEG whose pixels need no change (no EXIF orientation to apply, no colour profile to
convert) keeps its compressed data instead: its metadata is dropped segment by segment
(jpeg_segments.py) and the result is decoded at 1/8 scale to refuse a broken file.
"""

import ctypes
import functools
import io
import re
import shutil
import subprocess
import tempfile
import threading
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import ExifTags, Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from . import jpeg_segments, scan_pdf

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 60_000_000  # 60 MP: well above any camera photo, far below a bomb
JPEG_QUALITY = 90
OUTPUT_DPI = (300, 300)

_MAGIC = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
)
_PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG"}

MSG_PHOTO_TYPE = "文件格式不受支持：请上传 JPEG 或 PNG 照片。"
MSG_STAMP_TYPE = "文件格式不受支持：盖章扫描件请上传 PDF、JPEG 或 PNG 文件。"
MSG_BROKEN = "照片文件已损坏或不完整，请重新导出后上传。"
MSG_BROKEN_PDF = "PDF 文件已损坏或不完整，请重新导出后上传。"


class UploadError(Exception):
    """A rejected upload; str(error) is a Chinese sentence to show beside the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    width: int
    height: int
    format: str  # "JPEG" | "PNG"
    extension: str  # "jpg" | "png"


def _size(fileobj: BinaryIO) -> int:
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def _check_size(fileobj: BinaryIO, max_bytes: int) -> None:
    size = _size(fileobj)
    if size > max_bytes:
        raise UploadError(f"文件超过 {max_bytes / (1024 * 1024):g} MB。")
    if size == 0:
        raise UploadError("文件是空的，请重新选择。")


def sniff(fileobj: BinaryIO) -> str:
    """'jpeg', 'png', 'pdf' or '' from the magic bytes; the read position is kept."""
    position = fileobj.tell()
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(position)
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), "")


def _open_image(fileobj: BinaryIO, kind: str, max_pixels: int) -> Image.Image:
    """Open, refuse too many pixels (from the header, before decoding), verify, decode.

    Use the result in a with block, never .close() it: close() would also close the
    caller's file, while leaving the block only lets go of it.
    """
    formats = [_PIL_FORMATS[kind]]
    try:
        with Image.open(fileobj, formats=formats) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise _too_many_pixels(width, height)
            probe.verify()  # PNG: chunk checksums; a JPEG is checked by decoding it below
        fileobj.seek(0)
        image = Image.open(fileobj, formats=formats)
        with _strict_decoding():
            image.load()  # a truncated file fails here
    except Image.DecompressionBombError as error:
        # Pillow refuses headers past 2 × Image.MAX_IMAGE_PIXELS by itself. That global
        # is left alone (Wagtail's renditions share it); our limit is checked above.
        raise UploadError("照片像素过多，请缩小后上传。") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise UploadError(MSG_BROKEN) from error
    return image


_decoding_lock = threading.Lock()


@contextmanager
def _strict_decoding():
    """Decode with truncated files refused, whatever the process-wide setting says:
    importing WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for everyone."""
    with _decoding_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _too_many_pixels(width: int, height: int) -> UploadError:
    megapixels = width * height / 1_000_000
    return UploadError(
        f"照片像素过多（{width}×{height}，约 {megapixels:.0f} 百万像素），请缩小后上传。"
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded ICC profile (CMYK, Adobe RGB, Display P3) so dropping it keeps
    the colours; without littleCMS or with a broken profile, fall back to the raw values."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        srgb = ImageCms.createProfile("sRGB")
        if image.mode == "RGB":
            # In place: a converted copy would hold the photo's pixels twice (48 MB more
            # for 12 MP; phones write Display P3 profiles into most photos).
            ImageCms.profileToProfile(image, source, srgb, inPlace=True)
            return image
        return ImageCms.profileToProfile(image, source, srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Reduce to what print and browsers handle everywhere: L, RGB, or RGBA when the image
    has real transparency."""
    mode = image.mode
    if mode.startswith("I") or mode == "F":
        # 16-bit greyscale: scale 0–65535 down to 0–255 (a plain convert clips to white).
        scale = 1 / 256 if mode.startswith("I;16") or image.getextrema()[1] > 255 else 1
        return image.convert("I").point(lambda v: v * scale).convert("L")
    if mode == "1":
        return image.convert("L")
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")  # also applies a palette's or tRNS transparency
        if rgba.getextrema()[3][0] < 255:
            return rgba
        return rgba.convert("L" if mode in ("LA", "La") else "RGB")  # alpha all opaque
    if mode in ("L", "RGB"):
        return image
    return image.convert("RGB")  # P, CMYK without a profile, YCbCr, LAB, HSV


def clean_photo(
    fileobj: BinaryIO, *, max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS
) -> CleanImage:
    _check_size(fileobj, max_bytes)
    kind = sniff(fileobj)
    if kind not in _PIL_FORMATS:
        raise UploadError(MSG_PHOTO_TYPE)
    if kind == "jpeg" and (kept := _kept_compressed(fileobj, max_pixels)) is not None:
        return kept
    with _open_image(fileobj, kind, max_pixels) as image:
        ImageOps.exif_transpose(image, in_place=True)  # no second copy of the pixels
        clean = _normalise_mode(_to_srgb(image))
    # A PNG with transparency stays PNG; otherwise the input format is kept.
    fmt = "PNG" if clean.mode == "RGBA" else _PIL_FORMATS[kind]
    clean.info = {}  # nothing of the original's metadata may reach the encoder
    out = io.BytesIO()
    if fmt == "JPEG":
        # Without optimize: libjpeg then writes as it goes instead of holding every DCT
        # coefficient of the photo for a second pass (36 MB for 12 MP, on top of the 48 MB
        # decoded). Only the Huffman tables differ: the same pixels, 3.6 % more bytes.
        clean.save(out, "JPEG", quality=JPEG_QUALITY, dpi=OUTPUT_DPI)
    else:
        clean.save(out, "PNG", optimize=True, dpi=OUTPUT_DPI)
    width, height = clean.size
    del clean, image
    _release_freed_memory()
    extension = "jpg" if fmt == "JPEG" else "png"
    return CleanImage(out.getvalue(), width, height, fmt, extension)


# EXIF orientations that exif_transpose turns or flips (1 and unknown values: as stored).
_TURNED = range(2, 9)


def _kept_compressed(fileobj: BinaryIO, max_pixels: int) -> CleanImage | None:
    """A JPEG as the camera compressed it, without its metadata; None when its pixels need
    a change (a turn, a colour conversion) or its layout is not plain, and it is decoded.

    The pixels are then never held: 48 MB for a 12-megapixel photo, and the re-encoding's
    time and second loss of quality are saved. The 1/8-scale decode still reads every
    bit of the compressed data, so a cut-off or damaged file is refused as before.
    """
    data = fileobj.read()
    fileobj.seek(0)
    layout = jpeg_segments.read(data)
    if layout is None:
        return None
    if layout.width * layout.height > max_pixels:
        raise _too_many_pixels(layout.width, layout.height)
    try:  # what the decoding path would read: the same EXIF and profile, read by Pillow
        with Image.open(io.BytesIO(data), formats=["JPEG"]) as probe:
            turned = probe.getexif().get(ExifTags.Base.Orientation, 1) in _TURNED
            converted = bool(probe.info.get("icc_profile")) and probe.mode != "L"
    except Exception:  # whatever Pillow makes of it: the decoding path decides, as before
        return None
    if turned or converted:
        return None
    clean, width, height = jpeg_segments.write(layout, OUTPUT_DPI[0]), layout.width, layout.height
    del data, layout
    try:
        with Image.open(io.BytesIO(clean), formats=["JPEG"]) as image:
            image.draft(image.mode, (1, 1))  # libjpeg's smallest scale, 1/8
            with _strict_decoding():
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise UploadError(MSG_BROKEN) from error
    return CleanImage(clean, width, height, "JPEG", "jpg")


def _release_freed_memory():
    """Hand the decoded photo's pages back to the system. glibc keeps freed heap for
    reuse; a web worker then stays tens of MB larger after a submission, and later
    allocations land on top of what it kept (measured: runserver's resident size grew
    195 → 241 MB over two submissions, and each peak with it)."""
    with suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        _libc().malloc_trim(0)


@functools.cache
def _libc():
    return ctypes.CDLL("libc.so.6")


MAX_SCAN_PAGES = 10
SCAN_LONG_EDGE = 2000  # pixels a scanned page keeps: a stamp and a signature stay legible
SCAN_RESOLUTION = 150  # dots per inch the rebuilt PDF draws its pages at
MSG_SCAN_PAGES = f"盖章扫描件最多 {MAX_SCAN_PAGES} 页，请只上传推荐单位意见那一页。"
MSG_PDF_UNREADABLE = "无法读取这个 PDF 文件，请重新扫描或导出后上传，也可以上传 JPEG 或 PNG 图片。"


@dataclass(frozen=True)
class CleanScan:
    data: bytes
    extension: str  # "pdf", "jpg" or "png"
    pages: int = 1


def _page_count(source: Path) -> int:
    """The PDF's number of pages, as poppler's pdfinfo reads it."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return 0  # pdftoppm's own limit below still holds
    try:
        info = subprocess.run(  # noqa: S603 - poppler on our own temporary copy
            [pdfinfo, str(source)], capture_output=True, check=True, timeout=30
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError) as error:
        raise UploadError(MSG_PDF_UNREADABLE) from error
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found[1]) if found else 0


def _rasterise(data: bytes) -> list[bytes]:
    """Each page of a PDF drawn and compressed as a JPEG (poppler's pdftoppm, in a folder
    of its own): the pixels stay in poppler's process, which draws them anyway."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise UploadError("服务器暂时无法处理 PDF，请上传 JPEG 或 PNG 格式的扫描件。")
    with tempfile.TemporaryDirectory(prefix="scan-") as folder:
        source = Path(folder) / "scan.pdf"
        source.write_bytes(data)
        # Counted first: a PDF of too many pages is refused before any page is drawn.
        if _page_count(source) > MAX_SCAN_PAGES:
            raise UploadError(MSG_SCAN_PAGES)
        args = ["-scale-to", str(SCAN_LONG_EDGE), "-l", str(MAX_SCAN_PAGES + 1)]  # checked again
        try:
            subprocess.run(  # noqa: S603 - poppler on our own temporary copy
                [pdftoppm, "-jpeg", *args, str(source), str(Path(folder) / "page")],
                capture_output=True,
                check=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise UploadError(MSG_PDF_UNREADABLE) from error
        pages = sorted(Path(folder).glob("page*.jpg"))
        if not pages:
            raise UploadError(MSG_PDF_UNREADABLE)
        if len(pages) > MAX_SCAN_PAGES:
            raise UploadError(MSG_SCAN_PAGES)
        return [page.read_bytes() for page in pages]


def clean_stamp_scan(fileobj: BinaryIO, *, max_bytes: int = MAX_UPLOAD_BYTES) -> CleanScan:
    """A stamped scan of the 推荐单位意见, rebuilt from its pixels.

    Images are cleaned like photos (no EXIF, GPS or other metadata). A PDF is drawn page
    by page and written anew as a PDF of those images (scan_pdf.py): no script, action,
    form, attachment or appended content of the upload can survive.
    """
    _check_size(fileobj, max_bytes)
    kind = sniff(fileobj)
    if kind in _PIL_FORMATS:
        image = clean_photo(fileobj, max_bytes=max_bytes)
        return CleanScan(image.data, image.extension)
    if kind != "pdf":
        raise UploadError(MSG_STAMP_TYPE)
    fileobj.seek(-min(1024, _size(fileobj)), io.SEEK_END)
    tail = fileobj.read()
    fileobj.seek(0)
    if b"%%EOF" not in tail:  # a complete PDF ends with %%EOF (within its last 1024 bytes)
        raise UploadError(MSG_BROKEN_PDF)
    pages = _rasterise(fileobj.read())
    fileobj.seek(0)
    pdf = scan_pdf.pdf_of_jpegs(pages, SCAN_RESOLUTION)
    if pdf is None:  # not what pdftoppm writes: refused rather than guessed at
        raise UploadError(MSG_PDF_UNREADABLE)
    return CleanScan(pdf, "pdf", len(pages))


def generated_name(extension: str) -> str:
    """A fresh, unguessable storage name; the uploaded name is never used."""
    extension = extension.lower().lstrip(".")
    if not extension.isascii() or not extension.isalnum():
        raise ValueError(f"unexpected file extension: {extension!r}")
    return f"{uuid.uuid4().hex}.{extension}"


MAX_DOCX_BYTES = 50 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_docx_upload(fileobj: BinaryIO, *, max_bytes: int = MAX_DOCX_BYTES) -> None:
    """A quick look at an uploaded Word form before it is queued for import."""
    _check_size(fileobj, max_bytes)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(_OLE_MAGIC):
        raise UploadError("这是旧版 Word（.doc）文件，请在 Word 中另存为 .docx 后上传。")
    if not head.startswith(_ZIP_MAGIC):
        raise UploadError("文件格式不受支持：请上传 .docx 格式的申报表。")
