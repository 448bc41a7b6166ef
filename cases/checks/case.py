"""All checks of one case at once, against its campaign's rules: text length, photo
count and print size, private data in the text."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from .findings import Finding
from .length import check_length
from .photos import PhotoRules, check_photo, check_photo_count
from .privacy import check_privacy


@dataclass(frozen=True)
class CaseRules:
    target_length: int = 2000
    length_tolerance: float = 25  # per cent either side
    photos: PhotoRules = field(default_factory=PhotoRules)


def check_case(
    text: str,
    photo_sizes: Sequence[tuple[int, int]],
    rules: CaseRules | None = None,
    photo_field: str = "photos.{}",
    count_photos: bool = True,
) -> list[Finding]:
    """Findings for a case text and its photos' (width, height), in the order shown:
    length, photo count, each photo (field photo_field.format(1-based index)), privacy.
    count_photos=False leaves the count to the caller (a form reports it at a field)."""
    rules = rules or CaseRules()
    findings = check_length(text, target=rules.target_length, tolerance_pct=rules.length_tolerance)
    if count_photos:
        findings += check_photo_count(len(photo_sizes), rules.photos)
    for index, (width, height) in enumerate(photo_sizes, start=1):
        findings += check_photo(width, height, rules.photos, photo_field.format(index))
    return findings + check_privacy(text)
