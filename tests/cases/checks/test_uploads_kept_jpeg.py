"""A JPEG whose pixels need no change keeps its compressed data, without its metadata
(cases/checks/jpeg_segments.py); every other photo is decoded and re-encoded as before."""

import io

import pytest
from PIL import Image, ImageChops, ImageCms

from cases.checks import UploadError, clean_photo, clean_stamp_scan
from cases.checks import uploads as uploads_module
from cases.checks.jpeg_segments import read
from tests.cases.checks import images
from tests.cases.checks.memory import added_memory, needs_proc

COMMENT = "拍摄地点：万航渡路485号501室".encode()
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description GPSLatitude="31,14N"/></x:xmpmeta>'
AFTER_THE_END = b"<html><script>alert('appended')</script></html>"


def pixels(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    return a.mode == b.mode and a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def scan_data(data: bytes) -> bytes:
    """From the first scan header to the end marker: the compressed image itself."""
    return data[data.index(b"\xff\xda") : data.index(b"\xff\xd9", data.index(b"\xff\xda")) + 2]


def camera_jpeg(image=None, **options) -> bytes:
    """A photo as a phone leaves it: EXIF with GPS, XMP, a comment, bytes after its end."""
    image = image or images.noise((160, 120))
    out = io.BytesIO()
    image.save(
        out, "JPEG", quality=95, exif=images.exif_with_gps(), xmp=XMP, comment=COMMENT, **options
    )
    return out.getvalue() + AFTER_THE_END


@pytest.mark.parametrize(
    "image",
    [images.noise((160, 120)), images.noise((160, 120)).convert("L")],
    ids=["colour", "grey"],
)
@pytest.mark.parametrize("progressive", [False, True])
def test_a_photo_needing_no_change_keeps_its_pixels_and_loses_its_metadata(image, progressive):
    upload = camera_jpeg(image, progressive=progressive)
    photo = clean_photo(io.BytesIO(upload))
    # The very pixels of the upload: nothing re-encoded, no second loss of quality.
    assert same_pixels(pixels(photo.data), pixels(upload))
    assert scan_data(photo.data) == scan_data(upload)
    assert (photo.format, photo.extension, photo.width, photo.height) == ("JPEG", "jpg", 160, 120)
    for private in (b"Exif", b"GPS", b"PhoneMaker", COMMENT, b"xmpmeta", b"<script"):
        assert private not in photo.data, private
    cleaned = pixels(photo.data)
    assert not cleaned.getexif()
    assert "comment" not in cleaned.info and "xmp" not in cleaned.info
    assert cleaned.info["dpi"] == (300, 300)


def test_a_photo_turned_by_its_exif_is_still_turned():
    # Orientation 3: upside down. The red left half must come out on the right.
    out = io.BytesIO()
    images.halves((60, 40)).save(out, "JPEG", exif=images.exif_with_gps(orientation=3))
    photo = clean_photo(io.BytesIO(out.getvalue()))
    turned = pixels(photo.data)
    assert (photo.width, photo.height) == (60, 40)
    red, _, blue = turned.getpixel((50, 20))
    assert red > 200 and blue < 60
    assert b"GPS" not in photo.data and not turned.getexif()


def test_orientation_one_is_as_stored_and_kept():
    out = io.BytesIO()
    images.noise((60, 40)).save(out, "JPEG", exif=images.exif_with_gps(orientation=1))
    photo = clean_photo(io.BytesIO(out.getvalue()))
    assert same_pixels(pixels(photo.data), pixels(out.getvalue()))
    assert b"Exif" not in photo.data


def test_a_colour_profile_is_still_applied_then_dropped(monkeypatch):
    converted = []
    real = uploads_module.ImageCms.profileToProfile

    def spy(*args, **kwargs):
        converted.append(args[0].size)
        return real(*args, **kwargs)

    monkeypatch.setattr(uploads_module.ImageCms, "profileToProfile", spy)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    images.halves((60, 40)).save(out, "JPEG", icc_profile=icc, exif=images.exif_with_gps())
    photo = clean_photo(io.BytesIO(out.getvalue()))
    assert converted == [(60, 40)]
    assert b"ICC_PROFILE" not in photo.data and b"GPS" not in photo.data


def test_rgb_stored_without_colour_transform_keeps_its_colours():
    # Stored as R, G, B (Adobe's transform 0, no JFIF header): under the JFIF header the
    # kept data would be read as YCbCr, in false colours. It is decoded instead.
    out = io.BytesIO()
    images.halves((60, 40)).save(out, "JPEG", keep_rgb=True, exif=images.exif_with_gps())
    assert read(out.getvalue()) is None
    photo = clean_photo(io.BytesIO(out.getvalue()))
    red, green, blue = pixels(photo.data).getpixel((10, 20))
    assert red > 200 and green < 60 and blue < 60
    assert b"GPS" not in photo.data


def test_cmyk_is_not_kept_as_it_is():
    out = io.BytesIO()
    images.halves((60, 40)).convert("CMYK").save(out, "JPEG")
    assert read(out.getvalue()) is None


def test_a_cut_off_photo_with_camera_metadata_is_refused_in_chinese():
    data = camera_jpeg()
    cut = data[: data.index(b"\xff\xda") + (len(data) - data.index(b"\xff\xda")) // 2]
    with pytest.raises(UploadError, match="照片文件已损坏或不完整，请重新导出后上传。"):
        clean_photo(io.BytesIO(cut))


def test_a_photo_whose_tables_are_broken_is_refused_by_its_reduced_decode():
    # The segments are in order (the layout is kept), but a Huffman table claims more
    # codes than it holds: only decoding finds out, at 1/8 scale as at full size.
    data = bytearray(camera_jpeg())
    table = data.index(b"\xff\xc4")
    data[table + 5 : table + 21] = b"\xff" * 16  # code counts per length: far too many
    assert read(bytes(data)) is not None
    with pytest.raises(UploadError, match="照片文件已损坏或不完整"):
        clean_photo(io.BytesIO(bytes(data)))


def test_too_many_pixels_is_refused_from_the_frame_header():
    with pytest.raises(UploadError, match=r"照片像素过多（160×120"):
        clean_photo(io.BytesIO(camera_jpeg()), max_pixels=10_000)


def test_a_stamp_photo_keeps_its_pixels_and_loses_its_gps():
    upload = camera_jpeg()
    scan = clean_stamp_scan(io.BytesIO(upload))
    assert scan.extension == "jpg" and b"GPS" not in scan.data
    assert same_pixels(pixels(scan.data), pixels(upload))


# In a process of its own, as the decoding path's test beside it (test_uploads.py).
MEMORY_OF_KEEPING = """
from cases.checks.uploads import clean_photo

upload = photo_upload()
measured(lambda: clean_photo(upload), size=upload.getbuffer().nbytes)
"""


@needs_proc
def test_a_kept_photo_never_holds_its_pixels():
    memory = added_memory(MEMORY_OF_KEEPING)
    decoded = 3000 * 2000 * 4 / 2**20  # 22.9 MB, which the decoding path holds
    # Its file twice (read, written) and a 1/8-scale decode: a fraction of the pixels.
    assert memory["added"] < 2 * memory["size"] / 2**20 + 4 < decoded / 2, memory
