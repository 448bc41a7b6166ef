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
# would keep for the life of the build. One child reads every font (its start-up is
# most of the cost).
_READ_WIDTHS = """
import json, sys
from fontTools.ttLib import TTCollection, TTFont
tables = {}
for path, index in zip(sys.argv[1::2], map(int, sys.argv[2::2])):
    collection = path.endswith((".ttc", ".otc"))
    font = TTCollection(path, lazy=True).fonts[index] if collection else TTFont(path, lazy=True)
    units, metrics = font["head"].unitsPerEm, font["hmtx"].metrics
    cmap = font["cmap"].getcmap(3, 10) or font["cmap"].getcmap(3, 1)
    widths = {code: metrics[glyph][0] / units for code, glyph in cmap.cmap.items()}
    tables[f"{path}:{index}"] = {code: w for code, w in widths.items() if w != 1.0}
json.dump(tables, sys.stdout)
"""
FAMILIES = (SERIF, SANS)


def _run(args, timeout):
    """A program's output, or None when it cannot run or fails."""
    try:
        done = subprocess.run(  # noqa: S603 - our programs (fc-match, our interpreter)
            args, capture_output=True, text=True, check=True, timeout=timeout
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def _font_file(family):
    fc_match = shutil.which("fc-match")
    out = _run([fc_match, "-f", "%{file}:%{index}", family], 10) if fc_match else None
    if out is None:
        return None, 0
    path, _, index = out.rpartition(":")
    return path or None, int(index or 0)


@cache
def _tables():
    """{family: {codepoint: width in em}} for the characters that are not 1 em wide;
    a family whose font cannot be read has no table."""
    files = {family: _font_file(family) for family in FAMILIES}
    args = [str(part) for path, index in files.values() if path for part in (path, index)]
    if not args:
        return {}
    out = _run([sys.executable, "-c", _READ_WIDTHS, *args], 60)
    if out is None:
        return {}
    tables = json.loads(out)
    return {
        family: {int(code): width for code, width in tables[f"{path}:{index}"].items()}
        for family, (path, index) in files.items()
        if f"{path}:{index}" in tables
    }


def widths(family=SERIF):
    return _tables().get(family, {})


_MEASURED = {}  # {family: {char: width}}, filled as characters are met


def char_width(char, family=SERIF):
    known = _MEASURED.setdefault(family, {})
    width = known.get(char)
    if width is None:
        if char in LOCL_WIDTHS:
            width = LOCL_WIDTHS[char]
        elif table := widths(family):
            width = table.get(ord(char), 1.0)
        else:  # no font to measure: ASCII is about half an em, the rest full
            width = 0.5 if char.isascii() else 1.0
        known[char] = width
    return width


def text_width(text, family=SERIF):
    return sum(char_width(char, family) for char in text)


def fingerprint():
    """A digest of the widths the line breaker measures with: a font changed on the
    machine breaks lines elsewhere (parts.py keeps a case's part by what it is made from)."""
    import hashlib

    return hashlib.sha256(json.dumps(_tables(), sort_keys=True).encode()).hexdigest()
