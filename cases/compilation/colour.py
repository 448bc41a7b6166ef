"""Colour for the press: photos separated into CMYK through the press profile, and that
profile named as the book's output intent (PDF/X-4), so that the print shop prints what
was meant instead of guessing how RGB photos separate on its paper.

The profile is chosen per build on the build page (a Press): one of the CMYK printer
profiles installed on the machine (installed_profiles(): Debian's libgs-common has
Ghostscript's coated SWOP and PS CMYK profiles), or one the staff uploaded, e.g. the print
shop's own for uncoated 胶版纸; by default the file named in the settings
(PRINT_CMYK_PROFILE). The separation holds the total ink (C+M+Y+K) to the build's limit:
uncoated paper takes about 260–280 %, coated about 300–330 %. A separated photo is kept
under private/print-cmyk/, named by the photo's bytes, the profile and the limit, so a
rebuild reads it instead of converting again (about 25 ms a photo). Without a profile the
photos stay RGB and the build log says so.

Photos are separated in the written PDF (prepress.py), not handed to WeasyPrint in CMYK:
WeasyPrint keeps every photo's bytes through the layout, and CMYK JPEGs (not chroma-
subsampled) are three times larger: measured on the 100-case bench, 577 → 756 MB peak.
"""

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from cases.storage.images import PRIVATE_PREFIX, image_storage
from cases.storage.private import private_storage

CACHE = PRIVATE_PREFIX + "print-cmyk/"
# CMYK JPEGs are not chroma-subsampled: at the renditions' quality (90) the bench's photos
# grew 3.8 times, at 85 2.9 times (100-case book: 30 → about 80 MB; the target is 120).
QUALITY = 85
NO_PROFILE = (
    "未找到印刷用 CMYK 色彩配置文件（PRINT_CMYK_PROFILE）：照片按 RGB 输出，"
    "请与印刷厂确认分色方式。"
)


DEFAULT_INK_LIMIT = 300
# Where Debian's packages put ICC profiles (libgs-common, colord-data, icc-profiles-free,
# scribus-data), and var/icc where `make setup` builds the uncoated one from FOGRA29's
# measurements (no uncoated profile is packaged): every CMYK printer profile is offered.
PROFILE_FOLDERS = ("/usr/share/color/icc", "/usr/share/scribus/profiles", "var/icc")
UPLOADS = "print-profiles/"  # the staff's own, in private storage
CUSTOM = "custom:"
UNCOATED_WORDS = ("uncoated", "胶版", "pt4", "pt5", "fogra29", "fogra47", "fogra52", "newsprint")


# Chinese names of the profiles Debian installs: the admin speaks Chinese, and a
# profile's own description is English ("Artifex CMYK SWOP Profile").
KNOWN_NAMES = {
    "default_cmyk.icc": "美国卷筒纸胶印标准（系统自带）",
    "ISOcoated_v2_300_bas.icc": "欧洲胶印标准，总墨量300%（系统自带）",
    "FOGRA29_uncoated_argyll.icc": "国际胶印标准 ISO 12647-2 第4类纸（FOGRA29，安装时生成）",
}
UNCOATED, COATED = "胶版纸（非涂布）", "铜版纸（涂布）"


@dataclass(frozen=True)
class Profile:
    key: str  # what a build records: a path installed, or CUSTOM + a name uploaded
    path: Path
    name: str  # the profile's own description
    title: str = ""  # in Chinese, for the build page and the log

    @property
    def paper(self):
        low = f"{self.name} {self.path.name}".lower()
        return UNCOATED if any(w in low for w in UNCOATED_WORDS) else COATED

    @property
    def label(self):
        return f"{self.title or self.name}，{self.paper}"


@dataclass(frozen=True)
class Press:
    """What a build separates for: a profile (None: photos stay RGB) and an ink limit."""

    path: Path | None
    name: str = ""
    key: str = ""
    ink_limit: int | None = DEFAULT_INK_LIMIT

    @property
    def description(self):
        if self.path is None:
            return "无（照片保持RGB）"
        limit = f"，总墨量不超过{self.ink_limit}%" if self.ink_limit else ""
        return f"{self.name}{limit}"


def _is_cmyk_printer(path):
    """A CMYK output profile, read from its header (class prtr, colour space CMYK)."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(24)
    except OSError:
        return False
    return len(header) == 24 and header[12:16] == b"prtr" and header[16:20] == b"CMYK"


@lru_cache(maxsize=64)
def _separates(path, mtime):
    """Whether littleCMS can separate sRGB for the profile (Ghostscript's PS CMYK
    profile, for one, cannot be an output profile: "Could not determine profile size")."""
    return _separates_bytes(path.read_bytes())


def _separates_bytes(data):
    from PIL import Image, ImageCms

    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
        ImageCms.profileToProfile(
            Image.new("RGB", (2, 2)),
            ImageCms.createProfile("sRGB"),
            profile,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="CMYK",
        )
    except (ImageCms.PyCMSError, OSError):
        return False
    return True


def _usable(path):
    return _is_cmyk_printer(path) and _separates(path, path.stat().st_mtime)


def _describe(path):
    from PIL import ImageCms

    try:
        return ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(path))).strip()
    except (ImageCms.PyCMSError, OSError):
        return path.stem


def installed_profiles():
    """[Profile] of the CMYK printer profiles on the machine and uploaded by staff."""
    found = []
    for folder in PROFILE_FOLDERS:
        folder = Path(settings.BASE_DIR, folder)  # var/icc in the checkout
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            # gray_to_k: Ghostscript's own for grey to black ink, not a press's profile.
            if path.stem == "gray_to_k" or path.suffix.lower() not in (".icc", ".icm"):
                continue
            if _usable(path):
                title = KNOWN_NAMES.get(path.name) or f"系统配置文件{len(found) + 1}"
                found.append(Profile(str(path), path, _describe(path), title))
    storage = private_storage()
    if storage.exists(UPLOADS):
        for name in sorted(storage.listdir(UPLOADS)[1]):
            path = Path(storage.path(UPLOADS + name))
            if _usable(path):
                stem = name.rsplit("-", 1)[0]
                plain = stem if not any(c.isascii() and c.isalpha() for c in stem) else ""
                title = f"上传的配置文件：{plain}" if plain else f"上传的配置文件{len(found) + 1}"
                found.append(Profile(CUSTOM + name, path, _describe(path), title))
    return found


def save_upload(upload):
    """A profile uploaded by staff, kept in private storage; its key, or ValueError when
    it is no CMYK printer profile."""
    data = upload.read()
    if not (len(data) > 128 and data[12:16] == b"prtr" and data[16:20] == b"CMYK"):
        raise ValueError("上传的文件不是CMYK印刷色彩配置文件（ICC，设备类别为打印机）。")
    if not _separates_bytes(data):
        raise ValueError("上传的色彩配置文件无法用于分色，请向印刷厂索取可用的ICC文件。")
    stem = "".join(c for c in Path(upload.name).stem if c.isalnum() or c in "-_.")[:60]
    name = f"{stem or 'profile'}-{hashlib.sha256(data).hexdigest()[:8]}.icc"
    storage = private_storage()
    if not storage.exists(UPLOADS + name):
        storage.save(UPLOADS + name, ContentFile(data))
    return CUSTOM + name


def default_profile_key():
    path = Path(settings.PRINT_CMYK_PROFILE) if settings.PRINT_CMYK_PROFILE else None
    return str(path) if path and path.is_file() else ""


def press_for(key="", ink_limit=DEFAULT_INK_LIMIT):
    """The Press for a profile key (one of installed_profiles(), else the settings'
    default) and an ink limit."""
    key = key or default_profile_key()
    profile = next((p for p in installed_profiles() if p.key == key), None)
    if profile is None and key and key == default_profile_key():
        path = Path(key)
        title = KNOWN_NAMES.get(path.name, "系统设置的配置文件")
        profile = Profile(key, path, _describe(path), title)
    if profile is None:
        return Press(None, ink_limit=ink_limit)
    return Press(profile.path, profile.label, profile.key, ink_limit)


def default_press():
    return press_for()


def profile_path():
    """The default CMYK press profile, or None when the configured file is missing."""
    return default_press().path


@lru_cache(maxsize=4)
def _profile(path, mtime):
    # Read from memory: a profile opened by name keeps its file open and reads its tags
    # lazily, and the renditions' forked workers inherit it with the file's offset
    # shared; two of them reading at once built no transform (a failed build).
    from PIL import ImageCms

    data = path.read_bytes()
    return ImageCms.ImageCmsProfile(io.BytesIO(data)), hashlib.sha256(data).hexdigest()


def total_ink(image):
    """The largest C+M+Y+K of a CMYK image, in per cent."""
    from PIL import ImageMath

    c, m, y, k = image.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] * 100 / 255


def limit_ink(image, limit):
    """A CMYK image whose C+M+Y+K stays within `limit` per cent: where it is over, cyan,
    magenta and yellow are scaled down alike (hue kept) and black left as it is (the
    shadows' detail is in the black)."""
    from PIL import Image, ImageMath

    budget = limit * 255 / 100
    c, m, y, k = image.split()
    scale = ImageMath.lambda_eval(
        lambda a: a["min"](
            a["float"](budget - a["k"]) / a["max"](a["float"](a["c"] + a["m"] + a["y"]), 1.0),
            1.0,
        ),
        c=c,
        m=m,
        y=y,
        k=k,
    )
    scaled = lambda a: a["convert"](a["float"](a["x"]) * a["s"], "L")  # noqa: E731
    inks = [ImageMath.lambda_eval(scaled, x=x, s=scale) for x in (c, m, y)]
    return Image.merge("CMYK", [*inks, k])


def _jpeg(image):
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=QUALITY)
    return out.getvalue()


def _within(image, limit):
    """The JPEG of a CMYK image whose decoded pixels keep to `limit`: JPEG's rounding
    adds a few per cent at sharp edges, so the limit is tightened until they do."""
    from PIL import Image

    target = limit
    for _ in range(6):
        data = _jpeg(limit_ink(image, target))
        with Image.open(io.BytesIO(data)) as decoded:
            over = total_ink(decoded) - limit
        if over <= 0:
            break
        target -= max(1, over + 1)
    return data


def convert(data, path, ink_limit=None):
    """JPEG bytes as a CMYK JPEG for the profile at `path` (perceptual rendering, from the
    photo's own embedded profile, else sRGB), its total ink held to `ink_limit` %."""
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
    if ink_limit:
        return _within(converted, ink_limit)
    return _jpeg(converted)


def separated(data, path, ink_limit=None):
    """The CMYK copy of an RGB JPEG, made once and kept (CACHE)."""
    _, profile_hash = _profile(path, path.stat().st_mtime)
    limit = f"-{ink_limit}" if ink_limit else ""
    name = f"{CACHE}{hashlib.sha256(data).hexdigest()[:40]}-{profile_hash[:12]}{limit}.jpg"
    storage = image_storage()
    if storage.exists(name):
        with storage.open(name, "rb") as handle:
            return handle.read()
    converted = convert(data, path, ink_limit)
    storage.save(name, ContentFile(converted))
    return converted


def inverted(jpeg):
    """Whether a CMYK JPEG stores its inks inverted, as Adobe's APP14 marker says (Pillow
    writes it so): its PDF image then needs a Decode array to read them back."""
    return b"\xff\xee" in jpeg[:4096] and b"Adobe" in jpeg[:4096]
