"""font_memory.py: WeasyPrint draws without a copy of each font file, and embeds the same
subset fonts as before."""

import io

import pdfplumber
import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.pdf import fonts

from cases.printing import font_memory

PAGE = (
    "<p style=\"font-family: 'Noto Serif CJK SC'\">静安区社会力量参与社区治理</p>"
    "<h1 style=\"font-family: 'Noto Sans CJK SC'\">优秀案例汇编</h1>"
)


@pytest.fixture
def held(monkeypatch):
    """What each font holds of its file when the pages are drawn and subsetting starts."""
    seen = []
    build = fonts.build_fonts_dictionary

    def watching(pdf, used, *args, **kwargs):
        for font in used.values():
            # Patched, the value sits under _file_content; WeasyPrint's own, file_content.
            kept = font.__dict__.get("_file_content") or font.__dict__.get("file_content")
            seen.append((font.family, kept))
        return build(pdf, used, *args, **kwargs)

    monkeypatch.setattr(fonts, "build_fonts_dictionary", watching)
    # pdf/__init__.py imported the function by name: watch it where it is called.
    import weasyprint.pdf

    monkeypatch.setattr(weasyprint.pdf, "build_fonts_dictionary", watching)
    return seen


def embedded_fonts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return sorted(
        font["/DescendantFonts"][0]["/FontDescriptor"]["/FontFile3"].get_data()
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    )


def test_no_font_file_is_held_while_drawing_and_the_same_subsets_are_embedded(held, monkeypatch):
    assert font_memory.install()
    pdf = HTML(string=PAGE).write_pdf()
    assert {family for family, _ in held} == {"Noto Serif CJK SC", "Noto Sans CJK SC"}
    assert all(content is None for _, content in held)  # read again only if asked
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = document.pages[0].extract_text()
    assert "静安区社会力量参与社区治理" in text and "优秀案例汇编" in text
    # Byte for byte the fonts WeasyPrint embeds on its own: subsets, not the 20 MB files.
    held.clear()
    monkeypatch.delattr(fonts.Font, "file_content")
    unpatched = HTML(string=PAGE).write_pdf()
    assert held and all(len(content) > 10_000_000 for _, content in held)  # whole files
    assert embedded_fonts(pdf) == embedded_fonts(unpatched)
    assert all(len(data) < 2_000_000 for data in embedded_fonts(pdf))


def test_a_font_asked_for_its_file_reads_it_again():
    assert font_memory.install()
    descriptor = fonts.Font.__dict__["file_content"]

    class Face:
        pass

    font = Face()
    font.hb_face = object()
    descriptor.__set__(font, b"the whole file")  # the first value: dropped
    original = fonts.get_hb_object_data
    try:
        fonts.get_hb_object_data = lambda face: b"OTTO read again"
        assert descriptor.__get__(font)[:4] == b"OTTO"
    finally:
        fonts.get_hb_object_data = original
    descriptor.__set__(font, b"subset")  # what WeasyPrint makes of it is kept
    assert descriptor.__get__(font) == b"subset"
