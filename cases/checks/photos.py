"""Photo count and print quality: "2-3幅照片，图片分辨率在300dpi以上，尺寸为1:1.5".

Only pixels count. A dpi tag is a number any editor writes into the file; what decides
whether a photo prints sharply is how many pixels cover the printed size.
"""

import math
from dataclasses import dataclass

from .findings import ERROR, WARNING, Finding

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class PhotoRules:
    min_count: int = 2
    max_count: int = 3
    min_dpi: int = 300
    print_long_edge_mm: float = 150
    aspect_ratio: float = 1.5  # long edge / short edge
    aspect_tolerance: float = 0.05  # relative: 1.5 ± 5 % accepts 1.425 … 1.575


DEFAULT_RULES = PhotoRules()


def required_pixels(rules: PhotoRules = DEFAULT_RULES) -> tuple[int, int]:
    """(long, short) edge in pixels for the print size at min_dpi: 150 mm → 1772 × 1181.

    The long edge is rounded up. The short edge is derived from that pixel count so the
    pair keeps the ratio exactly (1772 / 1.5 = 1181.3 → 1181); 1181 px at 300 dpi is
    99.99 mm, a hundredth of a millimetre short of 100 mm, far below one printer dot.
    """
    long_px = math.ceil(rules.print_long_edge_mm / MM_PER_INCH * rules.min_dpi - 1e-9)
    return long_px, round(long_px / rules.aspect_ratio)


def check_photo_count(
    n: int, rules: PhotoRules = DEFAULT_RULES, field: str | None = "photos"
) -> list[Finding]:
    wanted = f"{rules.min_count}–{rules.max_count} 张"
    if n < rules.min_count:
        message = f"每个案例需要配 {wanted}照片，目前只有 {n} 张。"
        return [Finding(ERROR, "photo.too_few", message, field, f"{n} 张", wanted)]
    if n > rules.max_count:
        message = f"每个案例最多配 {rules.max_count} 张照片，目前有 {n} 张。"
        return [Finding(ERROR, "photo.too_many", message, field, f"{n} 张", wanted)]
    return []


def _size(width: int, height: int) -> str:
    return f"{width}×{height}"


def _ratio_crop(width: int, height: int, ratio: float) -> tuple[int, int]:
    """The largest crop of width × height with the wanted ratio, same orientation."""
    long_px, short_px = max(width, height), min(width, height)
    if long_px / short_px > ratio:
        long_px = round(short_px * ratio)
    else:
        short_px = round(long_px / ratio)
    return (long_px, short_px) if width >= height else (short_px, long_px)


def check_photo(
    width: int, height: int, rules: PhotoRules = DEFAULT_RULES, field: str | None = None
) -> list[Finding]:
    found = _size(width, height)
    if width <= 0 or height <= 0:
        return [Finding(ERROR, "photo.unreadable", "无法读取照片尺寸。", field, found)]
    need_long, need_short = required_pixels(rules)
    long_px, short_px = max(width, height), min(width, height)
    portrait = height > width
    findings = []
    if long_px < need_long or short_px < need_short:
        need = _size(need_short, need_long) if portrait else _size(need_long, need_short)
        short_mm = round(rules.print_long_edge_mm / rules.aspect_ratio)
        print_size = f"{rules.print_long_edge_mm:g}×{short_mm} 毫米"
        message = (
            f"照片像素不足（{found}）：按 {rules.min_dpi} dpi 印刷 {print_size}，"
            f"至少需要 {need} 像素，请上传原图。"
        )
        findings.append(
            Finding(WARNING, "photo.low_resolution", message, field, found, f"至少 {need} 像素")
        )
    ratio = long_px / short_px
    if abs(ratio - rules.aspect_ratio) / rules.aspect_ratio > rules.aspect_tolerance:
        crop = _size(*_ratio_crop(width, height, rules.aspect_ratio))
        message = (
            f"照片比例为 1:{ratio:.2f}（{found}），通知要求 1:{rules.aspect_ratio:g}"
            f"（横竖均可），可裁剪为 {crop} 像素。"
        )
        findings.append(
            Finding(WARNING, "photo.aspect_ratio", message, field, found, f"裁剪为 {crop} 像素")
        )
    return findings
