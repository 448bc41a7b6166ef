"""Advance widths of the book's fonts, in em, read once from the font files.

The line breaker needs the width of every character as WeasyPrint will set it: CJK
characters and full-width punctuation are 1 em; digits and Latin letters are
proportional. Kerning and ligatures are switched off in the print CSS so that widths
simply add up.
"""

import shutil
import subprocess
from functools import cache

from fontTools.ttLib import TTCollection, TTFont

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
# Glyphs that the Chinese locale form (locl) sets wider than the font's default.
LOCL_WIDTHS = {"\u2014": 1.0, "\u2015": 1.0}


def _font_file(family):
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None, 0
    try:
        out = subprocess.run(  # noqa: S603 - a fixed program with our own font name
            [fc_match, "-f", "%{file}:%{index}", family],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None, 0
    path, _, index = out.rpartition(":")
    return path or None, int(index or 0)


@cache
def widths(family=SERIF):
    """{codepoint: width in em} for the family, or {} when the font cannot be read."""
    path, index = _font_file(family)
    if not path:
        return {}
    font = (
        TTCollection(path, lazy=True).fonts[index]
        if path.endswith((".ttc", ".otc"))
        else TTFont(path, lazy=True)
    )
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    return {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}


def char_width(char, family=SERIF):
    if char in LOCL_WIDTHS:
        return LOCL_WIDTHS[char]
    table = widths(family)
    width = table.get(ord(char))
    if width is None:
        # Unknown font or a character it lacks: ASCII is about half an em, the rest full.
        return 0.5 if char.isascii() else 1.0
    return width


def text_width(text, family=SERIF):
    return sum(char_width(char, family) for char in text)
