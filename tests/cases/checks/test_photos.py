import pytest

from cases.checks import (
    ERROR,
    WARNING,
    PhotoRules,
    check_photo,
    check_photo_count,
    clean_photo,
    required_pixels,
)
from tests.cases.checks import images

RULES = PhotoRules()


def test_required_pixels_for_150_mm_at_300_dpi():
    # 150 mm / 25.4 × 300 = 1771.65 → 1772; 1772 / 1.5 = 1181.3 → 1181
    assert required_pixels(RULES) == (1772, 1181)


def test_required_pixels_follow_the_rules():
    # 100 mm at 300 dpi = 1181.1 → 1182 px; 1182 / 1.5 = 788
    assert required_pixels(PhotoRules(print_long_edge_mm=100)) == (1182, 788)
    # 150 mm at 600 dpi = 3543.3 → 3544; 3544 / 1.5 = 2362.7 → 2363
    assert required_pixels(PhotoRules(min_dpi=600)) == (3544, 2363)


@pytest.mark.parametrize("n", [2, 3])
def test_two_or_three_photos_pass(n):
    assert check_photo_count(n, RULES) == []


@pytest.mark.parametrize(
    ("n", "code"), [(0, "photo.too_few"), (1, "photo.too_few"), (4, "photo.too_many")]
)
def test_other_photo_counts_are_errors(n, code):
    [finding] = check_photo_count(n, RULES)
    assert (finding.level, finding.code, finding.field) == (ERROR, code, "photos")
    assert f"{n} 张" in finding.message


@pytest.mark.parametrize("size", [(1800, 1200), (1200, 1800), (1772, 1181), (4500, 3000)])
def test_enough_pixels_at_one_to_one_and_a_half_pass_either_way(size):
    assert check_photo(*size, RULES) == []


def test_too_few_pixels_says_what_is_needed():
    [finding] = check_photo(1200, 800, RULES, field="photo_2")
    assert (finding.level, finding.code, finding.field) == (
        WARNING,
        "photo.low_resolution",
        "photo_2",
    )
    assert finding.found == "1200×800"
    assert finding.suggestion == "至少 1772×1181 像素"
    assert "300 dpi" in finding.message


def test_portrait_needs_are_given_upright():
    [finding] = check_photo(800, 1200, RULES)
    assert finding.suggestion == "至少 1181×1772 像素"


def test_one_pixel_short_on_one_edge_is_enough_to_warn():
    assert [f.code for f in check_photo(1771, 1181, RULES)] == ["photo.low_resolution"]
    assert [f.code for f in check_photo(1772, 1180, RULES)] == ["photo.low_resolution"]


def test_wrong_ratio_suggests_the_largest_crop():
    [finding] = check_photo(4000, 3000, RULES)  # 4:3
    assert (finding.level, finding.code) == (WARNING, "photo.aspect_ratio")
    assert finding.suggestion == "裁剪为 4000×2667 像素"
    assert "1:1.5" in finding.message
    [finding] = check_photo(2400, 4800, RULES)  # portrait 1:2 → keep the width
    assert finding.suggestion == "裁剪为 2400×3600 像素"


def test_ratio_tolerance_is_relative():
    assert check_photo(1890, 1200, RULES) == []  # 1.575: 5 % off, accepted
    assert [f.code for f in check_photo(1900, 1200, RULES)] == ["photo.aspect_ratio"]  # 5.6 %


def test_small_and_wrong_ratio_gives_both_warnings():
    codes = [f.code for f in check_photo(640, 480, RULES)]
    assert codes == ["photo.low_resolution", "photo.aspect_ratio"]


def test_unreadable_size_is_an_error():
    [finding] = check_photo(0, 0, RULES)
    assert finding.level == ERROR


def test_dpi_tag_alone_proves_nothing():
    # A 600×400 photo labelled 1200 dpi is still 600×400 pixels after cleaning.
    upload = images.jpeg(size=(600, 400), dpi=(1200, 1200))
    photo = clean_photo(upload)
    assert [f.code for f in check_photo(photo.width, photo.height, RULES)] == [
        "photo.low_resolution"
    ]
