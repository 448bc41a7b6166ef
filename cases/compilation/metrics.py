"""Advance widths of the book's fonts, in em, as WeasyPrint will set the body text.

The line breaker needs the width of every character: CJK characters and full-width
punctuation are 1 em; digits, Latin letters and a few symbols are proportional and are
read from the font file. (The font's half-width forms, OpenType hwid, would make ASCII
exactly half an em, but the feature also halves the Chinese punctuation of a run.)
Kerning and ligatures are off in the print CSS, so widths simply add up.
"""

import json
import shutil
import subprocess
import sys
from functools import cache

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
# Glyphs that the Chinese locale form (locl) sets wider than the font's default.
LOCL_WIDTHS = {"\u2014": 1.0, "\u2015": 1.0}

# Run in a child process: reading a CJK font's tables takes about 100 MB that Python
# would keep for the life of the build.
_READ_WIDTHS = """
import json, sys
from fontTools.ttLib import TTCollection, TTFont
path, index = sys.argv[1], int(sys.argv[2])
collection = path.endswith((".ttc", ".otc"))
font = TTCollection(path, lazy=True).fonts[index] if collection else TTFont(path, lazy=True)
units, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
widths = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
json.dump({code: width for code, width in widths.items() if width != 1.0}, sys.stdout)
"""


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
    """{codepoint: width in em} of the family's characters that are not 1 em wide,
    or {} when the font cannot be read."""
    path, index = _font_file(family)
    if not path:
        return {}
    try:
        out = subprocess.run(  # noqa: S603 - our interpreter, our script, a font path
            [sys.executable, "-c", _READ_WIDTHS, path, str(index)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    return {int(code): width for code, width in json.loads(out).items()}


def char_width(char, family=SERIF):
    if char in LOCL_WIDTHS:
        return LOCL_WIDTHS[char]
    table = widths(family)
    if not table:
        # No font to measure: ASCII is about half an em, the rest full.
        return 0.5 if char.isascii() else 1.0
    return table.get(ord(char), 1.0)


def text_width(text, family=SERIF):
    return sum(char_width(char, family) for char in text)
