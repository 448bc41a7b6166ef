"""The book's fonts subset once for the whole book, from the font files WeasyPrint drew with.

Each part of the book (parts.py) is written by WeasyPrint with its own subset of each font.
WeasyPrint keeps every glyph at its place in the font (HarfBuzz's retain-GIDs) and writes
text as glyph ids, so the parts' pages can all use one subset holding the union of their
glyphs: merge.py makes it here, as WeasyPrint makes its own (the same HarfBuzz calls and
tables dropped), from a copy of each font file kept when a part is written.
"""

import hashlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import cffi

_ffi = cffi.FFI()
_ffi.cdef("""
    typedef struct hb_blob_t hb_blob_t;
    typedef struct hb_face_t hb_face_t;
    typedef struct hb_set_t hb_set_t;
    typedef struct hb_subset_input_t hb_subset_input_t;
    typedef uint32_t hb_codepoint_t;
    typedef uint32_t hb_tag_t;
    hb_blob_t *hb_blob_create(const char *data, unsigned int length, int mode,
                              void *user_data, void *destroy);
    void hb_blob_destroy(hb_blob_t *blob);
    hb_face_t *hb_face_create(hb_blob_t *blob, unsigned int index);
    void hb_face_destroy(hb_face_t *face);
    hb_blob_t *hb_face_reference_blob(hb_face_t *face);
    const char *hb_blob_get_data(hb_blob_t *blob, unsigned int *length);
    void hb_set_add(hb_set_t *set, hb_codepoint_t codepoint);
    void hb_set_add_range(hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
    hb_tag_t hb_tag_from_string(const char *str, int len);
    hb_subset_input_t *hb_subset_input_create_or_fail(void);
    void hb_subset_input_destroy(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_glyph_set(hb_subset_input_t *input);
    hb_set_t *hb_subset_input_set(hb_subset_input_t *input, int set_type);
    void hb_subset_input_set_flags(hb_subset_input_t *input, unsigned int value);
    hb_face_t *hb_subset_or_fail(hb_face_t *source, const hb_subset_input_t *input);
""")
_libs = {}

NO_HINTING, RETAIN_GIDS, DESUBROUTINIZE, PASSTHROUGH = 0x1, 0x2, 0x4, 0x20
DROP_TABLE_TAG = 3
READONLY = 1
# The tables WeasyPrint drops from the fonts it embeds.
DROPPED = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH")
DROPPED += (b"PCLT", b"SVG ")


def _lib(name):
    if name not in _libs:
        _libs[name] = _ffi.dlopen(f"lib{name}.so.0")
    return _libs[name]


def _subset(hb, sub, face, glyphs, flags):
    plan = sub.hb_subset_input_create_or_fail()
    try:
        glyph_set = sub.hb_subset_input_glyph_set(plan)
        for glyph in glyphs:
            hb.hb_set_add(glyph_set, glyph)
        sub.hb_subset_input_set_flags(plan, flags)
        drop = sub.hb_subset_input_set(plan, DROP_TABLE_TAG)
        for tag in DROPPED:
            hb.hb_set_add(drop, hb.hb_tag_from_string(tag, -1))
        made = sub.hb_subset_or_fail(face, plan)
    finally:
        sub.hb_subset_input_destroy(plan)
    if made == _ffi.NULL:
        raise ValueError("HarfBuzz could not subset the font")
    return made


def subset(data, index, glyphs):
    """The font file `data` (face `index` of a collection) with only `glyphs` (ids), each
    at its own id; what follows the last is dropped."""
    hb, sub = _lib("harfbuzz"), _lib("harfbuzz-subset")
    keep = _ffi.from_buffer(data)  # alive while HarfBuzz reads it
    blob = hb.hb_blob_create(keep, len(data), READONLY, _ffi.NULL, _ffi.NULL)
    face = hb.hb_face_create(blob, index)
    faces = [face]
    try:
        flags = RETAIN_GIDS | PASSTHROUGH | DESUBROUTINIZE
        faces.append(_subset(hb, sub, face, sorted(glyphs), flags))
        # Glyph ids are kept by keeping every id up to the last, the unused ones empty.
        last = max(glyphs)
        flags = PASSTHROUGH | DESUBROUTINIZE | NO_HINTING
        faces.append(_subset(hb, sub, faces[-1], range(last + 1), flags))
        out = hb.hb_face_reference_blob(faces[-1])
        length = _ffi.new("unsigned int *")
        pointer = hb.hb_blob_get_data(out, length)
        result = bytes(_ffi.buffer(pointer, length[0]))
        hb.hb_blob_destroy(out)
        return result
    finally:
        for made in reversed(faces):
            hb.hb_face_destroy(made)
        hb.hb_blob_destroy(blob)
        del keep


def _stored(folder, name):
    return Path(folder, name.lstrip("/").replace("/", "_") + ".font")


def original(folder, name):
    """(font file bytes, face index) kept for the font named `name` (its PDF BaseFont)."""
    path = _stored(folder, name)
    index = int(Path(f"{path}.index").read_text())
    return path.read_bytes(), index


KEPT_SUBSETS = 8  # a font's subsets kept for the next builds (each under 2 MB)


def book_subset(folder, name, glyphs):
    """The subset of the kept font `name` holding `glyphs`, kept in `folder` by its glyphs:
    a rebuild printing the same glyphs finds it (subsetting each CJK font took half a
    second of every rebuild). Only the font's KEPT_SUBSETS last used stay."""
    digest = hashlib.sha256(repr(sorted(glyphs)).encode()).hexdigest()[:16]
    stored = _stored(folder, name)
    path = stored.with_name(f"{stored.name}.{digest}.subset")
    try:
        made = path.read_bytes()
        os.utime(path)  # used: kept longer than the others
        return made
    except FileNotFoundError:
        pass
    data, index = original(folder, name)
    made = subset(data, index, glyphs)
    _write(path, made)
    kept = sorted(stored.parent.glob(f"{stored.name}.*.subset"), key=_used, reverse=True)
    for old in kept[KEPT_SUBSETS:]:
        old.unlink(missing_ok=True)
    return made


def _used(path):
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0


# What a part's PDF holds in place of a font program: merge.py always puts the book's
# subset there (the first bytes say an OpenType font, as the original's do).
PLACEHOLDER = b"OTTO"


@contextmanager
def keeping_originals(folder):
    """While WeasyPrint writes a part, a copy of each font file it would subset is kept in
    `folder` under the font's PDF name (once: the name carries a digest of the font's
    description, and the file is only read when it is not there), and the part gets a
    placeholder instead of a subset: subsetting a CJK font took a fifth of a second, three
    times a part, for a program merge.py replaces."""
    from weasyprint.pdf import fonts

    clean = fonts.Font.clean

    def keep_instead_of_clean(font, to_unicode, *args, **kwargs):
        if not to_unicode or font.used_in_forms or "CFF " not in font.tables or font.variations:
            return clean(font, to_unicode, *args, **kwargs)  # not one merge.py subsets
        name = font.name.decode()
        path = _stored(folder, name)
        if not path.exists():
            Path(folder).mkdir(parents=True, exist_ok=True)
            _write(Path(f"{path}.index"), str(font.index).encode())
            _write(path, font.file_content)
        font.file_content = PLACEHOLDER
        return None

    fonts.Font.clean = keep_instead_of_clean
    try:
        yield
    finally:
        fonts.Font.clean = clean


def _write(path, data):
    """Written whole or not at all: another build may read it at the same time."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".font-")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
