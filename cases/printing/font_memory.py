"""WeasyPrint without a spare copy of every font file while it draws.

WeasyPrint 70 copies each font's whole file into a bytes object as soon as a page draws
with it (Font.__init__), and keeps the copy until every page is drawn, although the font it
embeds is the HarfBuzz subset made at the end. Noto CJK files are 19–27 MB each: the
100-case book held 66 MB of copies at its peak (measured: 663 → 615 MB with the title
spans gone, then this). Here the first copy is dropped and read again from the face only
if WeasyPrint asks for it (variable or colour fonts, a failed subset, full_fonts).
"""

import weasyprint
from weasyprint.pdf import fonts

FOR_VERSION = "70."  # the attribute protocol below is WeasyPrint 70's


class _FileContent:
    """Font.file_content: the first assignment (the whole file) is not kept."""

    def __set_name__(self, owner, name):
        self.slot = "_" + name

    def __get__(self, font, owner=None):
        if font is None:
            return self
        content = font.__dict__.get(self.slot)
        return fonts.get_hb_object_data(font.hb_face) if content is None else content

    def __set__(self, font, value):
        # The first value is the face's file, which can be read again at any time.
        font.__dict__[self.slot] = value if self.slot in font.__dict__ else None


def install():
    """Once per process, and only on the WeasyPrint version this was measured on."""
    if not weasyprint.__version__.startswith(FOR_VERSION):
        return False
    if not isinstance(fonts.Font.__dict__.get("file_content"), _FileContent):
        descriptor = _FileContent()
        descriptor.__set_name__(fonts.Font, "file_content")
        fonts.Font.file_content = descriptor
    return True
