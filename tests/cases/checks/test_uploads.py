import io
import re
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from PIL import Image

from cases.checks import (
    MAX_UPLOAD_BYTES,
    CleanImage,
    UploadError,
    clean_photo,
    clean_stamp_scan,
    generated_name,
    sniff,
)
from cases.checks.scan_pdf import pdf_of_objects
from tests.cases.checks import images
from tests.cases.checks.memory import added_memory, needs_proc

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'


def reopen(photo: CleanImage) -> Image.Image:
    return Image.open(io.BytesIO(photo.data))


def assert_no_metadata(photo: CleanImage):
    image = reopen(photo)
    assert not image.getexif()
    assert set(image.info) <= {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density"}
    for marker in (b"Exif", b"GPS", b"PhoneMaker", b"ICC_PROFILE", b"iCCP", b"tEXt", b"iTXt"):
        assert marker not in photo.data


def test_sniff_reads_content_not_names():
    assert sniff(images.jpeg(name="photo.png")) == "jpeg"
    assert sniff(images.png(Image.new("RGB", (2, 2)), name="photo.jpg")) == "png"
    assert sniff(images.pdf()) == "pdf"
    assert sniff(io.BytesIO(SVG)) == ""
    assert sniff(io.BytesIO(b"")) == ""


def test_sniff_keeps_the_read_position():
    upload = images.jpeg()
    upload.seek(5)
    sniff(upload)
    assert upload.tell() == 5


def test_clean_jpeg_keeps_format_and_size_and_sets_300_dpi():
    photo = clean_photo(images.jpeg(size=(1800, 1200)))
    assert (photo.format, photo.extension, photo.width, photo.height) == ("JPEG", "jpg", 1800, 1200)
    image = reopen(photo)
    assert (image.format, image.size, image.mode) == ("JPEG", (1800, 1200), "RGB")
    assert image.info["dpi"] == (300, 300)


@pytest.mark.parametrize("make", [images.jpeg, lambda: images.png(Image.new("RGB", (9, 6)))])
def test_cleaning_leaves_the_callers_file_open(make):
    upload = make()
    clean_photo(upload)
    assert not upload.closed
    upload.seek(0)


def test_portrait_photo_is_accepted_as_is():
    photo = clean_photo(images.jpeg(size=(1200, 1800)))
    assert (photo.width, photo.height) == (1200, 1800)


def test_exif_orientation_is_applied():
    # Orientation 6: the camera held upright; turn 90° clockwise to show it.
    upload = images.jpeg(size=(60, 40), exif=images.exif_with_gps(orientation=6))
    photo = clean_photo(upload)
    assert (photo.width, photo.height) == (40, 60)
    red, _, blue = reopen(photo).getpixel((20, 5))
    assert red > 200 and blue < 60  # the left (red) half is now on top
    assert_no_metadata(photo)


def test_gps_and_camera_data_are_removed():
    upload = images.jpeg(exif=images.exif_with_gps())
    assert b"PhoneMaker" in upload.getvalue()
    assert Image.open(upload).getexif().get_ifd(images.EXIF_GPS_IFD)
    assert_no_metadata(clean_photo(upload))


def test_png_text_chunks_and_icc_profile_are_removed():
    from PIL import ImageCms, PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "住址：万航渡路485号501室")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upload = images.png(images.halves((30, 20)), pnginfo=text, icc_profile=icc)
    photo = clean_photo(upload)
    assert (photo.format, photo.extension) == ("PNG", "png")
    assert_no_metadata(photo)
    assert reopen(photo).info["dpi"] == pytest.approx((300, 300), abs=0.1)


def test_cmyk_jpeg_becomes_rgb():
    photo = clean_photo(images.jpeg(mode="CMYK"))
    image = reopen(photo)
    assert (photo.format, image.mode) == ("JPEG", "RGB")
    red, _, blue = image.getpixel((5, 5))
    assert red > 200 and blue < 60


def test_sixteen_bit_png_is_scaled_not_clipped():
    image = Image.new("I;16", (4, 1))
    for x, value in enumerate([0, 256, 32768, 65535]):
        image.putpixel((x, 0), value)
    cleaned = reopen(clean_photo(images.png(image)))
    assert cleaned.mode == "L"
    assert [cleaned.getpixel((x, 0)) for x in range(4)] == [0, 1, 128, 255]


def test_palette_png_with_transparency_stays_png_with_alpha():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 255, 255, 200, 0, 0])
    image.paste(1, (0, 0, 10, 20))
    photo = clean_photo(images.png(image, transparency=0))
    cleaned = reopen(photo)
    assert (photo.format, cleaned.mode) == ("PNG", "RGBA")
    assert cleaned.getpixel((15, 5))[3] == 0
    assert cleaned.getpixel((5, 5)) == (200, 0, 0, 255)


def test_grey_with_alpha_becomes_rgba_and_opaque_alpha_is_dropped():
    la = Image.new("LA", (8, 8), (128, 0))
    assert reopen(clean_photo(images.png(la))).mode == "RGBA"
    opaque = Image.new("RGBA", (8, 8), (10, 20, 30, 255))
    assert reopen(clean_photo(images.png(opaque))).mode == "RGB"


def test_palette_png_without_transparency_becomes_rgb():
    image = images.halves((10, 10)).convert("P")
    assert reopen(clean_photo(images.png(image))).mode == "RGB"


@pytest.mark.parametrize("process_wide_setting", [False, True])
def test_truncated_jpeg_is_refused(monkeypatch, process_wide_setting):
    # Importing WeasyPrint sets LOAD_TRUNCATED_IMAGES for the whole process.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", process_wide_setting)
    data = images.encode(images.noise((200, 150)), "JPEG").getvalue()
    with pytest.raises(UploadError, match="照片文件已损坏或不完整"):
        clean_photo(io.BytesIO(data[: len(data) // 2]))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is process_wide_setting


def test_corrupt_png_is_refused():
    data = bytearray(images.png(images.noise((50, 50))).getvalue())
    data[200] ^= 0xFF  # inside IDAT: the chunk checksum no longer matches
    with pytest.raises(UploadError, match="损坏"):
        clean_photo(io.BytesIO(bytes(data)))


@pytest.mark.parametrize(
    "content",
    [b"just some text, honestly a photo", SVG, b"GIF89a" + b"\0" * 20, b"%PDF-1.4\n%%EOF\n"],
)
def test_other_content_is_refused_whatever_its_name(content):
    upload = io.BytesIO(content)
    upload.name = "photo.jpg"
    with pytest.raises(UploadError, match="请上传 JPEG 或 PNG 照片"):
        clean_photo(upload)


def test_pixel_bomb_is_refused_from_the_header():
    small = images.png(Image.new("1", (8, 8))).getvalue()
    bomb = images.with_png_size(small, 30_000, 30_000)  # 900 megapixels in ~100 bytes
    assert len(bomb.getvalue()) < 200
    with pytest.raises(UploadError, match="照片像素过多"):
        clean_photo(bomb)


def test_pixel_limit_is_ours_not_only_pillows():
    # 8000 × 8000 = 64 MP: below Pillow's own bomb limit (≈179 MP), above ours.
    small = images.png(Image.new("1", (8, 8))).getvalue()
    with pytest.raises(UploadError, match=r"照片像素过多（8000×8000"):
        clean_photo(images.with_png_size(small, 8000, 8000))
    with pytest.raises(UploadError, match="照片像素过多"):
        clean_photo(images.jpeg(size=(300, 200)), max_pixels=50_000)


def test_file_over_20_mb_is_refused_before_reading_it():
    upload = io.BytesIO(b"\xff\xd8\xff" + b"\0" * MAX_UPLOAD_BYTES)
    with pytest.raises(UploadError, match="文件超过 20 MB"):
        clean_photo(upload)
    with pytest.raises(UploadError, match="文件超过 20 MB"):
        clean_stamp_scan(upload)


def test_size_limit_is_configurable_and_empty_files_are_refused():
    with pytest.raises(UploadError, match="文件超过"):
        clean_photo(images.jpeg(size=(600, 400)), max_bytes=1000)
    with pytest.raises(UploadError, match="空"):
        clean_photo(io.BytesIO(b""))


def test_stamp_scan_accepts_pdf_jpeg_and_png():
    assert clean_stamp_scan(images.pdf()).extension == "pdf"
    assert clean_stamp_scan(images.jpeg()).extension == "jpg"
    upload = images.png(Image.new("L", (20, 20)))
    assert clean_stamp_scan(upload).extension == "png"
    assert not upload.closed


@pytest.mark.parametrize("content", [SVG, b"<html><body>stamp</body></html>", b"PK\x03\x04docx"])
def test_stamp_scan_refuses_other_files(content):
    upload = io.BytesIO(content)
    upload.name = "stamp.pdf"
    with pytest.raises(UploadError, match="PDF、JPEG 或 PNG"):
        clean_stamp_scan(upload)


def test_stamp_scan_refuses_truncated_pdf_and_image():
    data = images.pdf().getvalue()
    with pytest.raises(UploadError, match="PDF 文件已损坏"):
        clean_stamp_scan(io.BytesIO(data[: len(data) // 2]))
    data = images.encode(images.noise((200, 150)), "JPEG").getvalue()
    with pytest.raises(UploadError, match="损坏"):
        clean_stamp_scan(io.BytesIO(data[: len(data) // 2]))


def test_upload_error_carries_its_message():
    error = UploadError("文件超过 20 MB。")
    assert error.message == str(error) == "文件超过 20 MB。"


def test_generated_names_are_fresh_and_ignore_the_upload_name():
    first, second = generated_name("jpg"), generated_name(".PNG")
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", first)
    assert re.fullmatch(r"[0-9a-f]{32}\.png", second)
    assert first[:32] != second[:32]
    with pytest.raises(ValueError):
        generated_name("../../etc/passwd")


def _pdf(*objects, tail=b""):
    """A small PDF with a correct cross-reference table, from its objects' bodies."""
    return io.BytesIO(pdf_of_objects(list(objects)) + tail)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] >>"


def test_a_stamp_photo_loses_its_gps_position():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 27.0, 0.0)}  # GPSInfo
    upload = io.BytesIO()
    images.noise((400, 300)).save(upload, "JPEG", exif=exif)
    assert b"Exif" in upload.getvalue()
    upload.seek(0)
    scan = clean_stamp_scan(upload)
    assert b"Exif" not in scan.data
    assert not Image.open(io.BytesIO(scan.data)).getexif()


def test_a_pdf_with_a_script_comes_back_as_pixels_only():
    upload = _pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /AA << /WC 4 0 R >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /S /JavaScript /JS (app.alert\\('stamp'\\);) >>",
        tail=b"<html><script>alert('appended')</script></html>",
    )
    scan = clean_stamp_scan(upload)
    assert scan.extension == "pdf" and scan.pages == 1
    for marker in (b"/JavaScript", b"/OpenAction", b"/JS", b"/AA", b"<script", b"<html"):
        assert marker not in scan.data, marker
    from pypdf import PdfReader

    [page] = PdfReader(io.BytesIO(scan.data)).pages
    assert list(page["/Resources"]["/XObject"].values())  # the page, drawn as an image
    assert "/OpenAction" not in PdfReader(io.BytesIO(scan.data)).trailer["/Root"]


def test_an_html_pdf_polyglot_keeps_nothing_of_the_html():
    html = b"<html><body><script>fetch('/admin/')</script></body></html>"
    upload = _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(html), html),
    )
    scan = clean_stamp_scan(upload)
    assert b"<script" not in scan.data and b"fetch(" not in scan.data


def test_a_scan_of_too_many_pages_is_refused():
    kids = b" ".join(b"%d 0 R" % n for n in range(3, 15))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 50 50] >>"] * 12
    upload = _pdf(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count 12 >>" % kids,
        *pages,
    )
    drawn = []
    real_run = subprocess.run

    def run(args, **kwargs):
        drawn.append(Path(args[0]).name)
        return real_run(args, **kwargs)

    with mock.patch.object(subprocess, "run", run), pytest.raises(UploadError, match="最多 10 页"):
        clean_stamp_scan(upload)
    assert drawn == ["pdfinfo"]  # refused before a page was drawn


# Run in a process of its own: its peak resident size (VmHWM, reset just before) is the
# cleaning's alone. 3000×2000 pixels decode to 24 MB (Pillow keeps RGB as 4 bytes). Stored
# as RGB (keep_rgb) or with a colour profile to apply, the photo is decoded: a plain YCbCr
# one would keep its compressed data (test_uploads_kept_jpeg.py).
MEMORY_OF_CLEANING = """
from cases.checks.uploads import clean_photo

if sys.argv[1] == "profile":
    options = {"icc_profile": ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()}
else:
    options = {"keep_rgb": True}
upload = photo_upload(**options)
measured(lambda: clean_photo(upload))
"""


@needs_proc
@pytest.mark.parametrize("stored", ["rgb", "profile"])
def test_a_photo_is_cleaned_holding_its_pixels_once_and_gives_them_back(stored):
    memory = added_memory(MEMORY_OF_CLEANING, stored)
    decoded = 3000 * 2000 * 4 / 2**20  # 22.9 MB
    # The decoded pixels and little else: an optimised encoding would hold every DCT
    # coefficient besides (+17 MB here), as would a second copy of the pixels (a colour
    # profile applied to a copy instead of in place).
    assert memory["added"] < decoded * 1.25, memory
    # And once cleaned, the pixels' pages are handed back, not kept by the allocator.
    assert memory["kept"] < 6, memory
