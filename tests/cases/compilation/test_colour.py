"""colour.py and the photo separation of prepress.py, on small files: no book built."""

import io

import pikepdf
import pytest
from PIL import Image, ImageCms
from weasyprint import HTML

from cases.compilation import colour, prepress
from cases.storage.images import image_storage


def jpeg(colour_rgb=(200, 30, 30), size=(60, 40), mode="RGB", **save):
    out = io.BytesIO()
    Image.new(mode, size, colour_rgb).save(out, format="JPEG", **save)
    return out.getvalue()


def cmyk_of(data):
    with Image.open(io.BytesIO(data)) as image:
        return image.mode, image.getpixel((10, 10))


@pytest.fixture
def profile():
    path = colour.profile_path()
    assert path, "the press profile (libgs-common's default_cmyk.icc) is not installed"
    return path


def test_a_red_photo_separates_into_magenta_and_yellow(profile):
    mode, (c, m, y, k) = cmyk_of(colour.convert(jpeg((200, 30, 30)), profile))
    assert mode == "CMYK"
    assert m > 200 and y > 200 and c < 60 and k < 60, (c, m, y, k)
    # A mid grey keeps the press's grey balance (more cyan than magenta and yellow, which
    # are equal), no colour cast.
    _, (c, m, y, k) = cmyk_of(colour.convert(jpeg((128, 128, 128)), profile))
    assert abs(m - y) < 10 and c >= m and k > 0, (c, m, y, k)


def test_the_photos_own_profile_is_used_and_a_broken_one_read_as_srgb(profile):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = jpeg((200, 30, 30), icc_profile=srgb)
    assert cmyk_of(colour.convert(tagged, profile)) == cmyk_of(
        colour.convert(jpeg((200, 30, 30)), profile)
    )
    broken = jpeg((200, 30, 30), icc_profile=b"not a profile at all" * 10)
    mode, (_, m, y, _) = cmyk_of(colour.convert(broken, profile))
    assert mode == "CMYK" and m > 200 and y > 200


def test_a_separated_photo_is_kept_and_read_again(profile, monkeypatch, settings):
    photo = jpeg((20, 90, 200))
    storage = image_storage()
    before = set(storage.listdir(colour.CACHE)[1]) if storage.exists(colour.CACHE) else set()
    first = colour.separated(photo, profile)
    kept = set(storage.listdir(colour.CACHE)[1]) - before
    # Kept with the private files, never under MEDIA_ROOT, which the front server serves.
    assert len(kept) == 1
    assert storage.path(colour.CACHE + kept.pop()).startswith(str(settings.PRIVATE_MEDIA_ROOT))

    def refuse(*args):
        raise AssertionError("converted again")

    monkeypatch.setattr(colour, "convert", refuse)
    assert colour.separated(photo, profile) == first
    assert colour.inverted(first)  # Pillow writes Adobe's inverted CMYK


def pdf_with_photo(tmp_path):
    (tmp_path / "p.jpg").write_bytes(jpeg((200, 30, 30), size=(300, 200)))
    html = f'<img src="file://{tmp_path}/p.jpg" style="width: 60mm">'
    path = tmp_path / "laid.pdf"
    HTML(string=html).write_pdf(path)
    return path


def images(path):
    with pikepdf.open(path) as pdf:
        return [
            (obj.get("/ColorSpace"), obj.get("/Decode"), obj.read_raw_bytes())
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]


def test_prepress_separates_the_photos_and_labels_the_pages(tmp_path, profile):
    laid, final = pdf_with_photo(tmp_path), tmp_path / "book.pdf"
    [(space, _, _)] = images(laid)
    assert space == "/DeviceRGB"
    assert prepress.finish(laid, final, signature=4, body_index=0) == 4
    [(space, decode, data)] = images(final)
    assert space == "/DeviceCMYK" and list(decode) == [1, 0] * 4
    assert cmyk_of(data)[0] == "CMYK"
    with pikepdf.open(final) as pdf:
        assert pdf.Root.PageLabels.Nums[0] == 0 and "/ID" in pdf.trailer


def test_without_a_profile_the_photos_stay_rgb(tmp_path, settings):
    settings.PRINT_CMYK_PROFILE = str(tmp_path / "missing.icc")
    assert colour.profile_path() is None
    from cases.compilation.pdf import press_options

    assert press_options(colour.default_press()) == {}  # no PDF/X claimed for RGB photos
    laid, final = pdf_with_photo(tmp_path), tmp_path / "book.pdf"
    prepress.finish(laid, final, signature=4, body_index=0)
    [(space, _, _)] = images(final)
    assert space == "/DeviceRGB"
