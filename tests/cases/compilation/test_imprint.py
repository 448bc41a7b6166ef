"""The 版权页 in the Chinese form and the spine's width, read back from the built books."""

import pytest

from cases.compilation.cover import spine_mm
from cases.compilation.layout import GEOMETRIES, SHEETS, format_line
from cases.fields.enums import PageSize
from tests.cases.compilation.built_book import IMPRINT
from tests.cases.compilation.pdf_reading import squeeze

SHEET_LINES = {
    "a4": "880毫米×1230毫米1/16",
    "b5": "787毫米×1092毫米1/16",
    "16k": "787毫米×1092毫米1/16",
}


@pytest.mark.parametrize("size", list(PageSize))
def test_each_trimmed_size_is_cut_from_its_full_sheet(size):
    width, height, fraction = SHEETS[size]
    g = GEOMETRIES[size]
    # 1/16: four by four pages a side, each at least the trimmed page.
    assert fraction == 16
    assert width / 4 >= g.width_mm and height / 4 >= g.height_mm
    assert squeeze(format_line(size)) == SHEET_LINES[size]


def test_the_spine_adds_the_cover_allowance_to_the_book_block():
    assert spine_mm(200, "0.100") == 10.0
    assert spine_mm(200, "0.100", "1.0") == 11.0
    assert spine_mm(201, "0.080", "0.5") == 8.6  # 101 leaves


def _imprint(pages):
    return next(squeeze(p["text"]) for p in pages[:4] if "开本" in squeeze(p["text"]))


@pytest.mark.pdf
@pytest.mark.django_db
def test_the_imprint_states_sheet_and_fraction_and_only_the_fields_filled_in(sized):
    built, pages = sized
    imprint = _imprint(pages)
    size, _, bleed = built.spec.partition("-")
    g = built.geometry
    assert f"开本{SHEET_LINES[size]}" in imprint
    assert f"成品尺寸{g.width_mm:g}毫米×{g.height_mm:g}毫米" in imprint
    assert f"印张{len(pages) / 16:g}" in imprint
    filled = {
        "印制单位": IMPRINT["printer"],
        "印次": IMPRINT["impression"],
        "印数": f"{IMPRINT['print_run']}册",
        "准印证号": IMPRINT["permit_number"],
    }
    for label, value in filled.items():
        if bleed:  # the bleed builds have the fields filled in
            assert squeeze(label) in imprint.replace("　", "")
            assert squeeze(value) in imprint, (built.spec, label)
        else:  # left empty: no label printed with nothing after it
            assert squeeze(label) not in imprint.replace("　", ""), (built.spec, label)
