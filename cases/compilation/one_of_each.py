"""One copy of each font and colour profile in a book joined from parts (merge.py): each
part names its own copy of a font, subset to its glyphs with its widths and text map, and
its own copy of each ICC profile; the joined book names one of each."""

import hashlib
import re
from decimal import Decimal

import pikepdf
from pikepdf import Array, Name

from cases.compilation import fontsubset

BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
W_RUN = re.compile(rb"(\d+)\s*\[([^\]]*)\]")


def _resources(book):
    """Each resource dictionary of the book once (a part's pages share theirs)."""
    seen = {}
    for page in book.pages:
        resources = page.obj.get("/Resources")
        if resources is not None:
            seen.setdefault(resources.objgen if resources.is_indirect else id(resources), resources)
    return list(seen.values())


def font_widths(array):
    """{glyph: width} of a CIDFont's W array as WeasyPrint writes it: start [w w …]. Read
    from its text: item by item through pikepdf took 10 ms an array, 3 s of a 250-case
    book's join."""
    found = {}
    for start, run in W_RUN.findall(array.unparse()):
        number = _decimal if b"." in run else int
        for offset, width in enumerate(run.split(), start=int(start)):
            found[offset] = number(width)
    return found


def _decimal(token):
    return Decimal(token.decode()) if b"." in token else int(token)


def width_array(widths):
    """The W array of {glyph: width}, made whole at once: appending to a pikepdf Array
    held in another took a second a font."""
    runs = []
    for glyph in sorted(widths):
        if glyph - 1 not in widths:
            runs.append((glyph, []))
        runs[-1][1].append(widths[glyph])
    return Array([item for start, run in runs for item in (start, Array(run))])


def _text_map(stream):
    return dict(BFCHAR.findall(stream.read_bytes()))


def _text_map_stream(book, mapping):
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(mapping.items(), key=lambda item: int(item[0], 16))
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [b"<" + glyph + b"> <" + text + b">" for glyph, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return pikepdf.Stream(book, b"\n".join(lines))


def one_font_each(book, fonts_folder):
    """Every part's copy of a font replaced by one, subset for all of them (a batch's,
    without `fonts_folder`: its widths and text map only, the program still the parts'
    placeholder)."""
    by_name = {}  # BaseFont: [(resources, key, Type0 font)]
    for resources in _resources(book):
        fonts = resources.get("/Font")
        for key, font in fonts.items() if fonts is not None else ():
            by_name.setdefault(str(font.BaseFont), []).append((fonts, key, font))
    for name, uses in by_name.items():
        first = uses[0][2]
        cid = first.DescendantFonts[0]
        descriptor = cid.FontDescriptor
        program = descriptor.get("/FontFile3")
        if program is None or program.read_bytes() != fontsubset.PLACEHOLDER:
            continue  # embedded whole by WeasyPrint (fontsubset.keeping_originals)
        widths, text = {}, {}
        for font in _distinct(font for _, _, font in uses):
            widths |= font_widths(font.DescendantFonts[0].W)
            text |= _text_map(font.ToUnicode)
        cid.W = width_array(widths)
        first.ToUnicode = book.make_indirect(_text_map_stream(book, text))
        for fonts, key, _ in uses:
            fonts[key] = first
        if fonts_folder is None:
            continue  # a batch's: subset once, for the book
        stream = pikepdf.Stream(book, fontsubset.book_subset(fonts_folder, name, set(widths)))
        stream.Subtype = Name.OpenType
        descriptor.FontFile3 = book.make_indirect(stream)
        bbox = list(descriptor.FontBBox)
        bbox[2] = max(widths.values(), default=0)
        descriptor.FontBBox = Array(bbox)
        if "/CIDSet" in descriptor:
            del descriptor.CIDSet  # PDF 1.4 and before only; a stale one would mislead


def _distinct(fonts):
    """Each font object once, where it was named last: the union of their maps is then
    the one of every use in order (a batch's parts all name its one font; reading it once
    a part took most of the book's join)."""
    last = {}
    for font in fonts:
        key = font.objgen if font.is_indirect else id(font)
        last.pop(key, None)
        last[key] = font
    return list(last.values())


def one_profile_each(book):
    """Colour spaces naming the same ICC profile share one copy of it."""
    seen = {}
    for resources in _resources(book):
        spaces = resources.get("/ColorSpace")
        for key, space in spaces.items() if spaces is not None else ():
            if not isinstance(space, Array) or len(space) < 2 or space[0] != Name.ICCBased:
                continue
            digest = hashlib.sha256(space[1].read_raw_bytes()).hexdigest()
            spaces[key] = seen.setdefault(digest, space)
