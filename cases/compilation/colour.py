"""Colour for the press: photos separated into CMYK through the press profile, and that
profile named as the book's output intent (PDF/X-4), so that the print shop prints what
was meant instead of guessing how RGB photos separate on its paper.

The profile is a file chosen in the settings (PRINT_CMYK_PROFILE: the print shop's own,
e.g. Japan Color 2001 Coated; by default Ghostscript's coated CMYK profile from Debian's
libgs-common). A separated photo is kept under private/print-cmyk/, named by the photo's
bytes and the profile, so a rebuild reads it instead of converting again (about 25 ms a
photo). Without the profile the photos stay RGB and the build log says so.

Photos are separated in the written PDF (prepress.py), not handed to WeasyPrint in CMYK:
WeasyPrint keeps every photo's bytes through the layout, and CMYK JPEGs (not chroma-
subsampled) are three times larger: measured on the 100-case bench, 577 → 756 MB peak.
"""

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from cases.storage.images import PRIVATE_PREFIX, image_storage

CACHE = PRIVATE_PREFIX + "print-cmyk/"
# CMYK JPEGs are not chroma-subsampled: at the renditions' quality (90) the bench's photos
# grew 3.8 times, at 85 2.9 times (100-case book: 30 → about 80 MB; the target is 120).
QUALITY = 85
NO_PROFILE = (
    "未找到印刷用 CMYK 色彩配置文件（PRINT_CMYK_PROFILE）：照片按 RGB 输出，"
    "请与印刷厂确认分色方式。"
)


def profile_path():
    """The CMYK press profile, or None when the configured file is missing."""
    path = Path(settings.PRINT_CMYK_PROFILE) if settings.PRINT_CMYK_PROFILE else None
    return path if path and path.is_file() else None


@lru_cache(maxsize=4)
def _profile(path, mtime):
    from PIL import ImageCms

    return ImageCms.getOpenProfile(str(path)), hashlib.sha256(path.read_bytes()).hexdigest()


def convert(data, path):
    """JPEG bytes as a CMYK JPEG for the profile at `path` (perceptual rendering, from the
    photo's own embedded profile, else sRGB)."""
    from PIL import Image, ImageCms

    cmyk, _ = _profile(path, path.stat().st_mtime)
    with Image.open(io.BytesIO(data)) as image:
        embedded = image.info.get("icc_profile")
        rgb = image.convert("RGB")
    srgb = ImageCms.createProfile("sRGB")
    intent = ImageCms.Intent.PERCEPTUAL
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded else srgb
        converted = ImageCms.profileToProfile(
            rgb, source, cmyk, renderingIntent=intent, outputMode="CMYK"
        )
    except (ImageCms.PyCMSError, OSError):  # a broken embedded profile: read it as sRGB
        converted = ImageCms.profileToProfile(
            rgb, srgb, cmyk, renderingIntent=intent, outputMode="CMYK"
        )
    out = io.BytesIO()
    converted.save(out, format="JPEG", quality=QUALITY)
    return out.getvalue()


def separated(data, path):
    """The CMYK copy of an RGB JPEG, made once and kept (CACHE)."""
    _, profile_hash = _profile(path, path.stat().st_mtime)
    name = f"{CACHE}{hashlib.sha256(data).hexdigest()[:40]}-{profile_hash[:12]}.jpg"
    storage = image_storage()
    if storage.exists(name):
        with storage.open(name, "rb") as handle:
            return handle.read()
    converted = convert(data, path)
    storage.save(name, ContentFile(converted))
    return converted


def inverted(jpeg):
    """Whether a CMYK JPEG stores its inks inverted, as Adobe's APP14 marker says (Pillow
    writes it so): its PDF image then needs a Decode array to read them back."""
    return b"\xff\xee" in jpeg[:4096] and b"Adobe" in jpeg[:4096]
