"""From a book to PDF bytes: renditions, the print template, WeasyPrint."""

import ctypes
import gc
import hashlib
import io
import os
import tempfile
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from cases.compilation import colour, cover
from cases.compilation.layout import BLEED_MM

# The press profile as the print templates' @color-profile rule names it (the fetcher maps
# it to the file). PDF/X-4: transparency kept, nothing to flatten.
PRESS_PROFILE_URL = "/print/press-cmyk.icc"
PDF_X = "pdf/x-4"


@dataclass
class Rendered:
    """The book written to `path`, a temporary file: read from there, never held whole
    (400 MB at 500 cases), and removed by the caller (discard)."""

    path: Path
    pages: int
    folios: dict  # {"<case id>": printed page number}
    cover: bytes = b""  # the cover sheet (back, spine, front), for the printer
    notes: tuple = ()  # what the printer should know (a cover photo under 300 dpi)
    preflight: tuple = ()  # (name, preflight.Report) of the book and of its cover
    digest: str = ""  # the file's SHA-256 when it was hashed as it was written

    @property
    def pdf(self):
        return self.path.read_bytes()

    @property
    def size(self):
        return self.path.stat().st_size

    def sha256(self):
        if self.digest:
            return self.digest
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()

    def discard(self):
        self.path.unlink(missing_ok=True)


def book_context(book, press=False):
    from cases.printing.qr import QR_MM

    page = book.page
    campaign = page.campaign
    return {
        "book": book,
        "g": book.geometry,
        "campaign": campaign,
        "publisher": page.publisher or campaign.organizer,
        "subject": page.subtitle or f"{campaign.title}——优秀案例汇编",
        "bleed_mm": BLEED_MM,
        # The QR code's top, in the bottom margin: 2 mm under the text block.
        "qr_top_mm": book.geometry.block_height_mm + 2,
        "qr_mm": QR_MM,
        "proof": False,
        # A layout for the press names the press profile (_html(press=True) serves it).
        "press_profile_url": PRESS_PROFILE_URL if press and book.press.path else "",
    }


def book_html(book, press=False):
    return render_to_string("print/compilation.html", book_context(book, press))


def _html(string, profile=None):
    """The HTML for WeasyPrint; for the press (the book and its cover), with the press
    profile readable where the @color-profile rule names it."""
    # Imported here: a web worker that never builds a book does not carry WeasyPrint.
    from weasyprint import HTML

    from cases.printing import font_memory
    from cases.printing.fetcher import PORTAL_ORIGIN, PortalURLFetcher

    font_memory.install()
    fetcher = PortalURLFetcher(files={PRESS_PROFILE_URL: profile} if profile else None)
    return HTML(string=string, base_url=PORTAL_ORIGIN + "/", url_fetcher=fetcher)


def press_options(press):
    """PDF/X-4, the press profile its output intent, when there is a profile. The file
    identifier PDF/X asks for is written by pikepdf (prepress.py): WeasyPrint's joins every
    object of the book into one string to hash it (47 MB more at the 100-case peak)."""
    return {"pdf_variant": PDF_X, "pdf_identifier": False} if press.path else {}


@contextmanager
def _fewer_collections():
    """Layout makes millions of short-lived objects; Python's default collector then
    rescans the whole growing box tree every few hundred allocations. A larger first
    generation made a 315-page layout 5 s faster (23 → 18 s) at the same peak memory."""
    saved = gc.get_threshold()
    gc.set_threshold(5000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _release_freed_memory():
    """Hand the freed layout back to the system: glibc keeps freed heap pages for reuse,
    and the cover's font subsetting then lands on top of them (measured: the process stayed
    at 570 MB after the 100-case layout was freed, and the cover took it to 673 MB)."""
    with suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def render_pdf(book, progress=None):
    """Lay the book out part by part (parts.py) and write it; the printed page of each case
    comes from the layout. `progress(done, part)` after each part is laid out or found."""
    with _fewer_collections():
        return _render_parts(book, progress)


def _render_parts(book, progress=None):
    """The parts laid out or found, joined and finished by the join (merge.py): the book
    is written once, its SHA-256 taken as it is written."""
    from cases.compilation import merge, parts, prepress

    options = press_options(book.press)
    laid = parts.lay_out(book, book_context(book, press=True), options, book.press, progress)
    folios = {str(case.page.pk): case.folio for case in book.cases}
    total = prepress.padded(laid.pages, book.page.signature)
    final = _temporary_pdf()
    try:
        with tempfile.TemporaryDirectory(prefix="book-") as folder:
            imprint = Path(folder, "imprint.pdf")
            imprint.write_bytes(_imprint(book, total))
            finishing = {
                "signature": book.page.signature,
                "body_index": laid.body_index,
                "imprint_index": laid.front.anchors["imprint"],
                "imprint_path": str(imprint),
                "bleed_pt": BLEED_MM * prepress.PT_PER_MM if book.page.bleed else 0,
                "crop_marks": book.page.crop_marks,
            }
            kept = Path(settings.COMPILATION_PARTS_ROOT, merge.BATCHES, str(book.page.pk))
            joined = merge.merge(laid, final, parts.fonts_folder(), finishing, kept)
        return _with_cover(book, final, total, folios, joined.sha256)
    except BaseException:
        final.unlink(missing_ok=True)
        raise


def _temporary_pdf():
    handle, path = tempfile.mkstemp(prefix="book-", suffix=".pdf")
    os.close(handle)
    return Path(path)


def _imprint(book, total):
    """The 版权页 for a book of `total` pages (as bound: padded to whole signatures), as
    a page to lay over the one the layout left for it."""
    book.imprint = book.imprint_for(total)
    context = {**book_context(book), "imprint_final": True}
    return _html(render_to_string("print/imprint_page.html", context)).write_pdf()


def render_whole(book):
    """The book as one WeasyPrint document, as it was made before parts: what the tests
    hold the parts' book to."""
    options = press_options(book.press)
    document = _html(book_html(book, True), book.press.path).render(**options)
    first_page = {}  # an element running over pages is an anchor on each: keep the first
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, index)
    body = first_page.get("section-1", 0)
    folios = {
        anchor.removeprefix("case-"): index - body + 1
        for anchor, index in first_page.items()
        if anchor.startswith("case-")
    }
    pages = len(document.pages)
    with tempfile.TemporaryDirectory(prefix="book-") as folder:
        laid = Path(folder, "laid.pdf")
        document.write_pdf(laid, **options)
        del document
        gc.collect()
        _release_freed_memory()
        return _finish(book, laid, pages, folios, body, first_page)


def _finish(book, laid, pages, folios, body, first_page):
    """The prepress steps on the laid-out book at path `laid`, the cover, the preflight."""
    from cases.compilation import prepress  # pikepdf: only where books are built

    final = _temporary_pdf()
    # The 版权页 names the page count of the book as bound: padded to whole signatures.
    imprint = _imprint(book, prepress.padded(pages, book.page.signature))
    total = prepress.finish(
        laid,
        final,
        signature=book.page.signature,
        body_index=body,
        imprint_index=first_page["imprint"],
        imprint_pdf=imprint,
        press=book.press,
        bleed=book.page.bleed,
        crop_marks=book.page.crop_marks,
    )
    laid.unlink()
    return _with_cover(book, final, total, folios)


def _with_cover(book, final, total, folios, digest=""):
    """The finished book at path `final` with its cover sheet and both preflights."""
    from cases.compilation import preflight

    _release_freed_memory()  # what qpdf held: the cover is set before the book is read
    cover_pdf, notes = render_cover(book, total)
    checks = (
        ("内文", preflight.check(final)),
        ("封面", preflight.check(io.BytesIO(cover_pdf))),
    )
    if not book.press.path:
        notes = (colour.NO_PROFILE, *notes)
    return Rendered(final, total, folios, cover_pdf, notes, checks, digest)


def render_cover(book, pages):
    """(cover sheet PDF, notes): its spine as thick as `pages` pages of the chosen paper."""
    context = {**book_context(book, press=True), **cover.cover_context(book, pages)}
    sheet = _html(render_to_string("print/cover.html", context), book.press.path).write_pdf(
        **press_options(book.press)
    )
    notes = []
    if book.cover is not None:
        warning = cover.photo_warning(book.cover.image, *cover.cover_photo_size(book.geometry))
        notes += [warning] if warning else []
    else:
        notes.append("未选封面图片：封面只印底色和文字。")
    from cases.compilation import prepress

    return prepress.mark_cover(sheet, context["c"], book.press), tuple(notes)
