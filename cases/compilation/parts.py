"""The book laid out part by part, each part's PDF kept under a digest of what it prints.

One WeasyPrint document for the whole book held every page's boxes until the last was
drawn (600 MB at 100 cases) and laid everything out again on every build. Here each 篇's
divider, each case, the 后记 and the front matter are documents of their own, laid out
where the book places them: the part's first folio (a CSS counter reset), its first page
left or right (a lead page, dropped, when it starts on a left one), the running heads the
book's strings would carry there. A part's digest covers its HTML (text, photos, geometry,
folio, side, heads), the stylesheet, the PDF options and this code, so a rebuild lays out
only the parts whose digest changed: a case corrected without changing its page count is
that case alone (and the front matter when the contents' folios moved). A case's part is
also recorded under a recipe, a digest of what its HTML is made from (the case's text,
organization, address and photos, where the book places it, the templates, code and
font widths): a rebuild finds it by that without typesetting the case or rendering its
HTML, which were most of a rebuild.

Laying out raises a process's memory for good (WeasyPrint's fonts and boxes; glibc keeps
what was freed), so it is done in forked processes, as the join is (merge.py).

The body comes first, then the front matter with the body's folios in its contents.
merge.py joins the parts' pages into one PDF with one subset of each font, the bookmarks,
the links of the contents and the blank pages before right-hand starts.
"""

import gc
import hashlib
import json
import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from cases.compilation import fontsubset, metrics

STYLESHEET = "css/print-compilation.css"
FONTS = "fonts"
WORKERS = 2  # processes laying parts out at once in a first build (the machine's cores)


@dataclass
class Part:
    kind: str  # "front", "divider", "case" or "back"
    section: object = None
    case: object = None
    counter: int = 1  # the CSS page counter of its first page (the lead's, when led)
    lead: bool = False  # starts on a left page: a first page to drop
    book_head: str = '""'
    section_head: str = '""'
    # Once laid out or found:
    key: str = ""
    recipe: str = ""  # a case's: the digest of what it is made from (Parts.recipe)
    path: Path = None
    pages: int = 0
    anchors: dict = field(default_factory=dict)  # {anchor: page index in the part}
    laid_out: bool = False  # laid out in this build, not found


def css_string(text):
    """`text` as a CSS string inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + escaped.replace("<", "\\3c ") + '"'


def cache_folder(page):
    return Path(settings.COMPILATION_PARTS_ROOT, str(page.pk))


def fonts_folder():
    return Path(settings.COMPILATION_PARTS_ROOT, FONTS)


def _code_digest():
    """What shapes a part besides its HTML: the stylesheet, this code, WeasyPrint."""
    import weasyprint

    digest = hashlib.sha256(weasyprint.__version__.encode())
    for path in (finders.find(STYLESHEET), __file__, fontsubset.__file__):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def _source_digest():
    """What turns a case into its part's HTML: the print templates and the code that
    reads, typesets and lays the case out."""
    from django.template.loader import get_template

    from cases.printing import qr
    from cases.text import content

    templates = Path(get_template("print/book_part.html").origin.name).parent
    code = [*Path(__file__).parent.glob("*.py"), Path(content.__file__), Path(qr.__file__)]
    digest = hashlib.sha256()
    for path in sorted([*templates.glob("*.html"), *code]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def case_inputs(case):
    """What a case's part prints, read from the case without typesetting it: its title,
    body, organization, address and photos (their renditions' files included), so that
    a change the case's revision does not carry (an organization renamed, a photo made
    private or replaced) still lays it out again."""
    page = case.page
    photos = [
        (photo.image.pk, photo.image.width, photo.image.height, photo.caption, photo.url)
        for photo in case.photos
    ]
    body = list(page.body.raw_data)
    return [page.pk, page.title, body, page.organization.name, case.address, photos]


class Parts:
    """Lays the parts of one book out, or finds them laid out by an earlier build."""

    def __init__(self, book, context, options, press, progress=None):
        from cases.compilation.pdf import _html  # the fetcher and font set-up

        self.book, self.context, self.options = book, context, options
        self.press, self.profile, self.progress = press, press.path, progress
        self.html = _html
        self.folder = cache_folder(book.page)
        self.folder.mkdir(parents=True, exist_ok=True)
        profile = hashlib.sha256(Path(press.path).read_bytes()).hexdigest() if press.path else ""
        self.salt = json.dumps(
            [_code_digest(), options, profile, press.ink_limit], sort_keys=True, default=str
        )
        self.done = 0
        # What every part shares besides the salt: the document's head (the book's title,
        # publisher, page geometry, bleed, press profile), the templates and code, and the
        # widths the lines are broken by.
        head = render_to_string("print/book_head.html", context)
        self.recipe_salt = json.dumps([self.salt, _source_digest(), head, metrics.fingerprint()])

    def recipe(self, part):
        """A case's part's digest from what it is made from (case_inputs) and where the
        book places it; a build that finds it recorded needs neither the part's HTML nor
        the case's typesetting."""
        where = [part.counter, part.lead, part.book_head, part.section_head]
        text = json.dumps([self.recipe_salt, where, case_inputs(part.case)], default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def recorded(self, part):
        """Whether the case's part is known by its recipe and still kept: its key, path,
        pages and anchors set."""
        if part.kind != "case":
            return False
        part.recipe = self.recipe(part)
        known = self.folder / f"{part.recipe}.recipe"
        if not known.exists():
            return False
        key = known.read_text()
        path, record = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        if not (path.exists() and record.exists()):
            return False
        found = json.loads(record.read_text())
        part.key, part.path, part.pages, part.anchors = key, path, found["pages"], found["anchors"]
        return True

    def remember(self, part):
        """The case part's recipe recorded with its key (written whole, as the parts)."""
        if part.recipe:
            temporary = Path(tempfile.mkstemp(dir=self.folder, prefix=".recipe-")[1])
            temporary.write_text(part.key)
            os.replace(temporary, self.folder / f"{part.recipe}.recipe")

    def source(self, part):
        return render_to_string("print/book_part.html", {**self.context, "part": part})

    def _separate(self, path):
        """The part's photos in CMYK for the press, kept so: the book's prepress step then
        finds them separated. Done there, qpdf held every separated photo of the book in
        memory until it wrote the file (a quarter of a gigabyte at 100 cases)."""
        from cases.compilation import prepress

        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            if prepress.separate_photos(pdf, self.press.path, self.press.ink_limit):
                pdf.save(path)

    def key(self, html):
        return hashlib.sha256((self.salt + html).encode()).hexdigest()[:32]

    def place(self, part, links=()):
        """Lay the part out, or find it: its key, path, pages and anchors set. `links`:
        anchors of other parts that it links to (the contents')."""
        if self.recorded(part):
            self._placed(part)
            return part
        html = self.source(part)
        part.key = self.key(html)
        part.path = self.folder / f"{part.key}.pdf"
        record = self.folder / f"{part.key}.json"
        if part.path.exists() and record.exists():
            found = json.loads(record.read_text())
            part.pages, part.anchors = found["pages"], found["anchors"]
            self.remember(part)
        else:
            self._lay_out_apart(part, html, links)
        self._placed(part)
        return part

    def _lay_out_apart(self, part, html, links):
        """_lay_out in a forked process: WeasyPrint's fonts and boxes for the front matter
        or a changed case raised this process's peak by 110 MB at 100 cases, which the
        prepress steps and the cover then built on; a child's memory goes when it exits."""
        global _ahead
        _ahead = self, [(part, html, tuple(links))]
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=_FORK) as pool:
                pool.submit(_lay_out_one, 0).result()
        finally:
            _ahead = None
        found = json.loads((self.folder / f"{part.key}.json").read_text())
        part.path = self.folder / f"{part.key}.pdf"
        part.pages, part.anchors, part.laid_out = found["pages"], found["anchors"], True

    def _placed(self, part):
        self.done += 1
        if self.progress:
            self.progress(self.done, part)

    def _lay_out(self, part, html, record, links):
        document = self.html(html, self.profile).render(**self.options)
        pages = document.pages[1:] if part.lead else document.pages
        anchors = {}
        for index, page in enumerate(pages):
            for anchor in page.anchors:
                anchors.setdefault(anchor, index)
        # Links of the contents to pages of other parts: WeasyPrint drops a link to an
        # anchor it has not laid out, so each is given one on the last page here, which
        # merge.py points at the page where the book has it.
        for anchor in links:
            if anchor not in anchors:
                pages[-1].anchors[anchor] = (0, 0, 0, 0)
        if part.lead:
            document = document.copy(pages)
        part.path = self.folder / f"{part.key}.pdf"
        temporary = Path(tempfile.mkstemp(dir=self.folder, prefix=".part-")[1])
        with fontsubset.keeping_originals(fonts_folder()):
            document.write_pdf(temporary, **self.options)
        if self.press.path:
            self._separate(temporary)
        os.replace(temporary, part.path)
        record.write_text(json.dumps({"pages": len(pages), "anchors": anchors}))
        part.pages, part.anchors, part.laid_out = len(pages), anchors, True
        self.remember(part)
        del document, pages
        gc.collect()  # the part's boxes (cycles): only what lay_out did not freeze is walked

    def prune(self, kept):
        """Files of earlier builds that this one did not use go."""
        keys = {part.key for part in kept} | {part.recipe for part in kept if part.recipe}
        for path in self.folder.iterdir():
            if path.stem not in keys:
                path.unlink(missing_ok=True)


def body_parts(book):
    """The body's parts in order: each 篇's divider and cases, then the 后记."""
    parts = []
    book_head = css_string(book.page.title)
    for section in book.sections:
        head = css_string(section.title)
        parts.append(Part("divider", section=section, book_head=book_head, section_head=head))
        for case in section.cases:
            parts.append(Part("case", case=case, book_head=book_head, section_head=head))
    if book.postscript:
        parts.append(Part("back", book_head=book_head))
    return parts


@dataclass
class Laid:
    front: Part
    body: list  # [(blank pages before it, part)]
    body_index: int  # the first body page's index in the book (its folio 1)

    @property
    def pages(self):
        return self.body_index + sum(blanks + part.pages for blanks, part in self.body)


def _start(part, index):
    """Where the part starts when the page before it is the body's `index`-th: its blank
    pages before it and its first page's index."""
    blanks = 0
    if part.kind in ("divider", "back") and index % 2:
        blanks = 1  # a right-hand start: a blank left page before it
    index += blanks
    part.lead = part.kind == "case" and index % 2 == 1
    # The folio is the page's index from the body's first page, plus one.
    part.counter = index + 1 - int(part.lead)
    return blanks, index


def _expected_pages(part):
    """Pages the part will take, as known before it is laid out: a case's as paginate.py
    counted them (book.py), a divider's one."""
    return part.case.pages if part.kind == "case" else 1


_ahead = None  # (Parts, [(part, html, links)]) for the forked workers: nothing is pickled
_FORK = multiprocessing.get_context("fork")


def _lay_out_one(number):
    """In a worker: the wanted part `number` laid out and written, as Parts.place would."""
    parts, wanted = _ahead
    part, html, links = wanted[number]
    parts._lay_out(part, html, parts.folder / f"{part.key}.json", links)
    return number, part.pages


def _lay_out_ahead(parts, specs):
    """The parts not laid out yet, laid out in WORKERS processes at once where the pages
    before them are expected to end (_expected_pages): when the expectation holds, as it
    does unless a case's count was wrong, lay_out then finds each one done; when not, the
    parts after it are laid out again there, one at a time."""
    wanted, index = [], 0
    for spec in specs:
        part = replace(spec)
        _, index = _start(part, index)
        if parts.recorded(part):
            index += part.pages
            continue
        html = parts.source(part)
        part.key = parts.key(html)
        if not (parts.folder / f"{part.key}.json").exists():
            wanted.append((part, html, ()))
        index += _expected_pages(part)
    workers = min(WORKERS, os.cpu_count() or 1, len(wanted))
    if workers < 2:
        return
    # Forked: the workers have the build's settings, fonts and fetcher; they read photos
    # from storage and write the part's files, never the database.
    global _ahead
    _ahead = parts, wanted
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_FORK) as pool:
            futures = [pool.submit(_lay_out_one, number) for number in range(len(wanted))]
            for done, future in enumerate(as_completed(futures), start=1):
                number, pages = future.result()
                part = wanted[number][0]
                part.pages, part.laid_out = pages, True
                if parts.progress:
                    parts.progress(done, part)
    finally:
        _ahead = None


def lay_out(book, context, options, press, progress=None):
    """Every part laid out or found; the sections' and cases' folios set on the book."""
    # What exists now (Django, the book, the fonts) is left out of the collections that
    # free each part's boxes: a full collection of it took 0.7 s a part; freed or not,
    # its memory stays shared with the forked workers.
    gc.freeze()
    try:
        return _lay_out(book, context, options, press, progress)
    finally:
        gc.unfreeze()


def _lay_out(book, context, options, press, progress):
    parts = Parts(book, context, options, press, progress)
    specs = body_parts(book)
    _lay_out_ahead(parts, specs)
    body, index = [], 0  # index: the next page's, from the body's first page
    for part in specs:
        blanks, index = _start(part, index)
        parts.place(part)
        if part.kind == "divider":
            part.section.folio = index + 1
        elif part.kind == "case":
            part.case.folio = index + 1
        else:
            book.postscript_folio = index + 1
        body.append((blanks, part))
        index += part.pages
    anchors = [anchor for _, part in body for anchor in part.anchors]
    front = parts.place(Part("front"), anchors)
    parts.prune([front, *(part for _, part in body)])
    # The body starts on a right page: a blank page after an odd front matter.
    return Laid(front, body, front.pages + front.pages % 2)
